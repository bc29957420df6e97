import type { Rule } from '../../engine/types';
import { VMX_SETTINGS, type VmxSettings } from '../../formats/vmx/settings';
import { scg, stig } from '../refs';

export const isoTpsSalt: Rule<VmxSettings> = {
  input: VMX_SETTINGS,
  meta: {
    id: 'VMX-ISO-TPS-SALT',
    title: 'Page-sharing salt set on the VM',
    family: 'guest-isolation',
    severity: 'low',
    fixSafety: 'safe',
    formats: ['vmx', 'ansible', 'terraform', 'packer', 'vsphere-snapshot'],
    risk: 'sched.mem.pshare.salt lets VMs that share the same salt share memory pages with each other (inter-VM transparent page sharing). Shared pages are a known side channel: one VM can infer memory contents, such as key material, of another.',
    remedy: 'Remove sched.mem.pshare.salt so the host salts each VM on its own.',
    live: {
      client: 'VM > Edit Settings > Advanced Parameters (vSphere 7: VM Options > Advanced > Edit Configuration): delete `sched.mem.pshare.salt` (with the VM powered off)',
      powercli: '`Get-AdvancedSetting -Entity $vm -Name sched.mem.pshare.salt | Remove-AdvancedSetting`',
    },
    references: [stig('VMCH-80-000199'), scg('vm-9.transparentpagesharing-inter-vm-enabled')],
  },
  check(s) {
    const e = s.get('sched.mem.pshare.salt');
    if (!e) return [];
    return [{
      start: e.start,
      end: e.end,
      locator: e.locator,
      message: `sched.mem.pshare.salt = "${e.value}" allows memory page sharing with every VM that uses the same salt.`,
      fixes: [{ title: 'Remove sched.mem.pshare.salt', safety: 'safe', edits: s.remove(e) }],
    }];
  },
};
