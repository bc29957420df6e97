import type { Rule } from '../../engine/types';
import { VMX_SETTINGS, type VmxSettings } from '../../formats/vmx/settings';
import { scg, stig } from '../refs';
import { flagBoolean } from './flag';
import { vmOptions } from '../live';

const ACTION: Record<string, string> = {
  'isolation.tools.copy.disable': 'copy from the guest to the console client',
  'isolation.tools.paste.disable': 'paste from the console client into the guest',
  'isolation.tools.dnd.disable': 'drag and drop between the console client and the guest',
};

export const isoClipboard: Rule<VmxSettings> = {
  input: VMX_SETTINGS,
  meta: {
    id: 'VMX-ISO-CLIPBOARD',
    title: 'Console clipboard or drag-and-drop enabled',
    family: 'guest-isolation',
    severity: 'low',
    fixSafety: 'safe',
    formats: ['vmx', 'ansible', 'terraform', 'packer', 'vsphere-snapshot'],
    risk: 'Copy, paste and drag-and-drop through the remote console move data between the guest and whatever machine runs the console client, past network controls and DLP. A compromised guest can push data to, or pull data from, the administrator\'s workstation.',
    remedy: 'Set isolation.tools.copy.disable, isolation.tools.paste.disable and isolation.tools.dnd.disable to "TRUE", or remove them (the default disables all three).',
    live: vmOptions(['isolation.tools.copy.disable', 'TRUE'], ['isolation.tools.paste.disable', 'TRUE'], ['isolation.tools.dnd.disable', 'TRUE']),
    references: [
      stig('VMCH-80-000189'),
      stig('VMCH-80-000191'),
      stig('VMCH-80-000192'),
      scg('vm-9.deactivate-console-copy'),
      scg('vm-9.deactivate-console-paste'),
      scg('vm-9.isolation-tools-dnd-deactivate'),
    ],
  },
  check: (s) =>
    flagBoolean(s, Object.keys(ACTION), false, 'TRUE', (key) => `${key} = "FALSE" enables ${ACTION[key.toLowerCase()] ?? 'console data transfer'}.`),
};
