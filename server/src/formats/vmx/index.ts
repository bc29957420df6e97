import type { Format } from '../../engine/types';
import { vmxContext } from './context';
import { vmxFabric } from './fabric';
import { parseVmx, type VmxModel } from './parser';
import { VMX_SETTINGS } from './settings';
import { PRODUCT_VERSIONS } from '../vsphere/carriers';
import { VERSIONS_IN_TEXT } from '../vsphere/versions';
import { GUEST_OS } from '../common/guest-os';
import { vmxGuestOs } from './guest';

// `[^\S\r\n\u2028\u2029]` (a blank, not a line break): `^\s*` with the m flag reads on across every following
// blank line from each line start, quadratic on a run of empty lines
const MARKERS = /^[^\S\r\n\u2028\u2029]*(config\.version|virtualhw\.version|displayname|\.encoding)[^\S\r\n\u2028\u2029]*=/im;

export const vmxFormat: Format<VmxModel> = {
  id: 'vmx',
  name: 'VMware .vmx',
  languageId: 'vmx',
  comment: { line: '#' },
  matchesPath: (path) => /\.(vmx|vmtx)$/i.test(path),
  // `key = "value"` lines and a VMware key; never `[section]` lines (Windows .inf and .ini files)
  matchesContent: (text) => {
    const head = text.slice(0, 8192);
    if (!MARKERS.test(head) || /^[ \t]*\[[^\]\r\n]*\][ \t]*\r?$/m.test(head)) return false;
    let n = 0;
    for (const line of head.split(/\r?\n/)) if (/^[A-Za-z0-9_.:]+ *= *".*"\s*$/.test(line) && ++n >= 3) return true;
    return false;
  },
  declaredEncoding: (text) => {
    const label = /^[ \t]*\.encoding[ \t]*=[ \t]*"([^"\r\n]{1,40})"/m.exec(text.slice(0, 65536))?.[1]?.trim();
    return label && !/^utf-?8$/i.test(label) ? label : undefined;
  },
  parse: (text) => parseVmx(text),
  provides: [VMX_SETTINGS, PRODUCT_VERSIONS, GUEST_OS],
  carriers: (model) => ({ [VMX_SETTINGS]: [model], [PRODUCT_VERSIONS]: [VERSIONS_IN_TEXT], [GUEST_OS]: vmxGuestOs(model) }),
  fabric: (model) => vmxFabric(model),
  context: (model) => vmxContext(model.evidence),
};
