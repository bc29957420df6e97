import type { FindingDraft, Rule } from '../../engine/types';
import { VMX_SETTINGS, type VmxSettings, vmxBool } from '../../formats/vmx/settings';
import { doc } from '../refs';
import { vmOptions } from '../live';

export const debugStubRemote: Rule<VmxSettings> = {
  input: VMX_SETTINGS,
  meta: {
    id: 'VMX-DEBUGSTUB-REMOTE',
    title: 'GDB debug stub reachable from the network',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'safe',
    formats: ['vmx', 'ansible', 'terraform', 'packer', 'vsphere-snapshot'],
    risk: 'debugStub.listen.guest32.remote / guest64.remote make the hypervisor listen for GDB connections from other machines. A debugger attached to the VM can read and write guest memory and registers: full control of the guest, with no authentication.',
    remedy: 'Remove the key or set it to "FALSE". Debug from the host itself (the non-remote stub) and only while debugging.',
    live: vmOptions(['debugStub.listen.guest32.remote', 'FALSE'], ['debugStub.listen.guest64.remote', 'FALSE']),
    references: [doc('VMware debug stub (Workstation/Fusion documentation)', 'debugStub.listen.*.remote')],
  },
  check(s) {
    const out: FindingDraft[] = [];
    for (const e of s.matching(/^debugstub\.listen\.guest(32|64)\.remote$/)) {
      if (vmxBool(e.value) !== true) continue;
      out.push({
        start: e.start,
        end: e.end,
        locator: e.locator,
        message: `${e.key} = "${e.value}" lets any machine that reaches the host attach a debugger to this VM and read or change its memory.`,
        fixes: [{ title: `Set ${e.key} to "FALSE"`, safety: 'safe', edits: s.setValue(e, 'FALSE') }],
      });
    }
    return out;
  },
};
