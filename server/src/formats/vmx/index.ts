import type { Format } from '../../engine/types';
import { vmxContext } from './context';
import { vmxFabric } from './fabric';
import { parseVmx, type VmxModel } from './parser';
import { VMX_SETTINGS } from './settings';

const MARKERS = /^\s*(config\.version|virtualhw\.version|displayname|\.encoding)\s*=/im;

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
  context: (model) => vmxContext(model.evidence),
};
