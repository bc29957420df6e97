import type { Rule } from '../../engine/types';
import { VMX_SETTINGS, type VmxSettings } from '../../formats/vmx/settings';
import { stig } from '../refs';
import { flagBoolean } from './flag';
import { vmOptions } from '../live';

export const isoDeviceConnect: Rule<VmxSettings> = {
  input: VMX_SETTINGS,
  meta: {
    id: 'VMX-ISO-DEVICE-CONNECT',
    title: 'Guest may connect and disconnect devices',
    family: 'guest-isolation',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['vmx', 'ansible', 'terraform', 'packer', 'vsphere-snapshot'],
    risk: 'With isolation.device.connectable.disable = "FALSE", a user or process inside the guest can connect and disconnect the VM\'s devices (NICs, CD-ROMs, floppies) through VMware Tools, for example detaching a network adapter to evade monitoring or attaching media.',
    remedy: 'Set isolation.device.connectable.disable = "TRUE" or remove the line (the default prevents it).',
    live: vmOptions(['isolation.device.connectable.disable', 'TRUE']),
    references: [stig('VMCH-80-000197')],
  },
  check: (s) =>
    flagBoolean(s, ['isolation.device.connectable.disable'], false, 'TRUE', () =>
      'isolation.device.connectable.disable = "FALSE" lets the guest connect and disconnect its own devices.'),
};
