import { describeContext, isMultiTenant } from '../../engine/context';
import type { FindingDraft, Rule } from '../../engine/types';
import { HYPERV_GUESTS, type HyperVModel } from '../../formats/powershell/hyperv';
import { replaceLiteral, vmsLabel } from './edit';
import { HV_SECURITY, HYPERVDSC, NESTED_VIRTUALIZATION, SET_VMPROCESSOR } from './refs';

export const hvVmNested: Rule<HyperVModel> = {
  input: HYPERV_GUESTS,
  meta: {
    id: 'HV-VM-NESTED',
    title: 'Nested virtualization exposed to a guest of a Hyper-V server',
    family: 'guest-isolation',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['hyperv-ps', 'hyperv-snapshot', 'packer'],
    risk: 'With the virtualization extensions exposed, the guest runs its own hypervisor and guests of its own. Those nested guests are invisible to the host\'s inventory, switch port settings, mirroring and backups, they reach the network through the VM\'s adapter (which needs MAC address spoofing or NAT for them), and the host\'s hypervisor emulates the processor\'s virtualization instructions for the guest, code that untrusted guests should not reach on a shared host.',
    remedy: 'Turn nested virtualization off (`Set-VMProcessor -VMName … -ExposeVirtualizationExtensions $false`, DSC `ExposeVirtualizationExtensions = $false`, Packer `enable_virtualization_extensions = false`) except on VMs that must run a hypervisor (Hyper-V containers, WSL 2 or build agents in a guest), and keep those on a host or switch of their own.',
    notes: 'Reads `Set-VMProcessor -ExposeVirtualizationExtensions $true`, DSC `VMProcessor`/`xVMProcessor` `ExposeVirtualizationExtensions = $true` and Packer `hyperv-iso`/`hyperv-vmcx` `enable_virtualization_extensions = true`. Judged by the system context: reported only on a server (profile `server`, medium, or evidence in the file that the host is Windows Server, low: `Install-WindowsFeature Hyper-V`, live migration settings); a desktop or lab, or a file that shows neither, is not reported, since nested virtualization is what a lab is for. In a host\'s snapshot (hyperv-snapshot) it reads `processor.exposeVirtualizationExtensions` (the host\'s Windows edition is its context) and reports without a fix. The guarded fix writes `$false` (or `false`); the guest\'s own hypervisor stops starting.',
    references: [SET_VMPROCESSOR, NESTED_VIRTUALIZATION, HV_SECURITY, HYPERVDSC],
  },
  check(hv, ctx) {
    if (ctx.system.kind !== 'server') return [];
    const shared = isMultiTenant(ctx.system);
    const out: FindingDraft[] = [];
    for (const p of hv.processors ?? []) {
      const s = p.exposeVirtualizationExtensions;
      if (s.value !== 'true' && s.value !== '1') continue;
      const edit = replaceLiteral(ctx.text, s, false);
      out.push({
        start: s.start,
        end: s.end,
        severity: shared ? 'medium' : 'low',
        locator: `vm:${(p.vms ?? ['?']).join(',')}#ExposeVirtualizationExtensions`,
        message: `Nested virtualization is on for ${vmsLabel(p.vms)} (${describeContext(ctx.system)}): the guest can run a hypervisor and guests the host does not see.`,
        fixes: edit ? [{ title: 'Turn nested virtualization off (guarded: a hypervisor inside this guest stops starting)', safety: 'guarded', edits: [edit] }] : undefined,
      });
    }
    return out;
  },
};
