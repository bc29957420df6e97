import type { Rule } from '../../engine/types';
import { VMX_SETTINGS, type VmxSettings } from '../../formats/vmx/settings';
import { scg, stig } from '../refs';
import { vmOptions } from '../live';

export const consoleMaxConn: Rule<VmxSettings> = {
  input: VMX_SETTINGS,
  meta: {
    id: 'VMX-CONSOLE-MAXCONN',
    title: 'Console connections not limited to one',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['vmx', 'ansible', 'terraform', 'packer', 'vsphere-snapshot'],
    risk: 'Without RemoteDisplay.maxConnections = "1", ESXi allows unlimited simultaneous remote consoles (installation default -1). A second user can silently watch or take over an administrator\'s console session.',
    remedy: 'Set RemoteDisplay.maxConnections = "1".',
    notes: 'The setting applies to VMs on ESXi. vharden reports it only when the file shows the VM runs on ESXi (paths under /vmfs/volumes/, port-group names in ethernetN.networkName) and not for Workstation, Fusion, Player or Packer files, where 123 of 124 public .vmx files lack the key.',
    live: vmOptions(['RemoteDisplay.maxConnections', '1']),
    references: [stig('VMCH-80-000195', 'V-258708'), scg('vm-9.limit-console-connections')],
  },
  check(s) {
    if (s.target !== 'esxi') return [];
    const e = s.get('RemoteDisplay.maxConnections');
    if (!e) {
      if (s.partial) return [];
      return [{
        ...s.anchor,
        locator: 'remotedisplay.maxconnections',
        message: 'RemoteDisplay.maxConnections is not set, so any number of remote consoles can attach to this VM at once (default -1).',
        fixes: [{ title: 'Add RemoteDisplay.maxConnections = "1"', safety: 'safe', edits: s.add('RemoteDisplay.maxConnections', '1') }],
      }];
    }
    const n = Number.parseInt(e.value.trim(), 10);
    if (Number.isFinite(n) && n >= 0 && n <= 1 && String(n) === e.value.trim()) return [];
    return [{
      start: e.start,
      end: e.end,
      locator: e.locator,
      message: `RemoteDisplay.maxConnections = "${e.value}" allows ${n === -1 ? 'unlimited' : Number.isFinite(n) ? n : 'an unclear number of'} concurrent remote consoles; set it to 1.`,
      fixes: [{ title: 'Set RemoteDisplay.maxConnections to "1"', safety: 'safe', edits: s.setValue(e, '1') }],
    }];
  },
};
