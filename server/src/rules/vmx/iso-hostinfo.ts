import type { Rule } from '../../engine/types';
import { VMX_SETTINGS, type VmxSettings } from '../../formats/vmx/settings';
import { scg, stig } from '../refs';
import { flagBoolean } from './flag';
import { vmOptions } from '../live';

export const isoHostInfo: Rule<VmxSettings> = {
  input: VMX_SETTINGS,
  meta: {
    id: 'VMX-ISO-HOSTINFO',
    title: 'Guest can read host performance information',
    family: 'guest-isolation',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['vmx', 'ansible', 'terraform', 'packer', 'vsphere-snapshot'],
    risk: 'tools.guestlib.enableHostInfo = "TRUE" lets the guest query the physical host\'s resource and performance data through VMware Tools. An attacker in the guest learns about the host and its load, which helps plan attacks on the host or on neighbouring VMs.',
    remedy: 'Set tools.guestlib.enableHostInfo = "FALSE" or remove the line (the default is off).',
    live: vmOptions(['tools.guestlib.enableHostInfo', 'FALSE']),
    references: [stig('VMCH-80-000198'), scg('vm-9.restrict-host-info')],
  },
  check: (s) =>
    flagBoolean(s, ['tools.guestlib.enableHostInfo'], true, 'FALSE', () =>
      'tools.guestlib.enableHostInfo = "TRUE" exposes host performance data to the guest.'),
};
