import type { Format } from '../../engine/types';
import { vmxFabric } from './fabric';
import { parseVmx, type VmxModel } from './parser';
import { VMX_SETTINGS } from './settings';

// `[^\S\r\n\u2028\u2029]` (a blank, not a line break): `^\s*` with the m flag reads on across every following
// blank line from each line start, quadratic on a run of empty lines
const MARKERS = /^[^\S\r\n\u2028\u2029]*(config\.version|virtualhw\.version|displayname|\.encoding)[^\S\r\n\u2028\u2029]*=/im;

export const vmxFormat: Format<VmxModel> = {
  id: 'vmx',
  name: 'VMware .vmx',
  languageId: 'vmx',
  comment: { line: '#' },
  matchesPath: (path) => /\.(vmx|vmtx)$/i.test(path),
  matchesContent: (text) => {
    if (!MARKERS.test(text.slice(0, 8192))) return false;
    let n = 0;
    for (const line of text.slice(0, 8192).split(/\r?\n/)) if (/^[A-Za-z0-9_.:]+ *= *".*"\s*$/.test(line) && ++n >= 3) return true;
    return false;
  },
  parse: (text) => parseVmx(text),
  carriers: (model) => ({ [VMX_SETTINGS]: [model] }),
  fabric: (model) => vmxFabric(model),
};
