import { matchesAny } from '../../engine/config';
import { detectEol, LineIndex } from '../../engine/text';
import type { FindingDraft, Rule } from '../../engine/types';
import { lineAfter } from '../../formats/powershell';
import { HYPERV_CONFIG, type HyperVModel } from '../../formats/powershell/hyperv';
import { quote } from './edit';
import { ENABLE_VMTPM, HV_SECURITY, SHIELDED_VMS } from './refs';

/** a DSC Script resource (or any text) may enable the TPM where the model cannot see it */
const TPM_ANYWHERE = /\bEnable-VMTPM\b/i;

export const hvVmVtpm: Rule<HyperVModel> = {
  input: HYPERV_CONFIG,
  meta: {
    id: 'HV-VM-VTPM',
    title: 'Generation 2 Hyper-V VM without a virtual TPM where policy requires shielding',
    family: 'guest-isolation',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['hyperv-ps', 'hyperv-snapshot'],
    risk: 'Without a virtual TPM the guest cannot seal its disk encryption keys (BitLocker, LUKS with a TPM) or use measured boot and Credential Guard: whoever copies the VM\'s disk files, from the host, a backup or a replica, reads the guest\'s data. Your policy (`shielding.requiredFor`) names this VM as one that must be shielded.',
    remedy: 'Give the VM a key protector and a virtual TPM (`Set-VMKeyProtector -VMName … -NewLocalKeyProtector`, then `Enable-VMTPM -VMName …`; on a guarded fabric use the key protector of the Host Guardian Service), then turn on BitLocker or the guest\'s TPM-backed disk encryption.',
    notes: 'Never reported by default: only VMs whose names match `shielding.requiredFor` in `.vharden.yaml` (globs; `[\'*\']` for every VM) are judged. Reads generation 2 VMs the script creates (`New-VM -Generation 2`, DSC `VMHyperV` with `Generation = 2`) and reports those that no `Enable-VMTPM` of the file names (`Set-VMKeyProtector` alone sets the key protector, not the TPM); a script whose `Enable-VMTPM` targets a VM it computes is not judged (cannot tell which VM). The check is per file: a VM created in one script and given its TPM in another is reported, so keep the two together or suppress the finding with the reason. HyperVDsc has no virtual TPM property, so a DSC VM is not reported when the file enables a TPM anywhere (a `Script` resource). Generation 1 VMs cannot have a virtual TPM. The guarded fix adds `Set-VMKeyProtector -NewLocalKeyProtector` (unless the script sets one) and `Enable-VMTPM` after `New-VM`; the local key protector ties the TPM\'s keys to this host\'s guardian certificates. In a host\'s snapshot (hyperv-snapshot) it reads `security.tpmEnabled` of each VM whose security settings were collected, and reports without a fix. Packer `hyperv-iso` has no virtual TPM setting and is not read.',
    references: [ENABLE_VMTPM, SHIELDED_VMS, HV_SECURITY],
  },
  check(hv, ctx) {
    const required = ctx.config.shielding?.requiredFor ?? [];
    if (required.length === 0 || !hv.vms?.length) return [];
    const enabled = (hv.tpm ?? []).filter((t) => !t.keyProtector);
    if (enabled.some((t) => !t.vms)) return [];
    const has = new Set(enabled.flatMap((t) => t.vms ?? []).map((v) => v.toLowerCase()));
    /** where each VM's key protector is set (the last one), by lower-case name */
    const protectedAt = new Map<string, number>();
    for (const t of hv.tpm ?? []) if (t.keyProtector && t.after !== undefined) for (const v of t.vms ?? []) protectedAt.set(v.toLowerCase(), Math.max(t.after, protectedAt.get(v.toLowerCase()) ?? 0));
    const elsewhere = TPM_ANYWHERE.test(ctx.text);
    const out: FindingDraft[] = [];
    let index: LineIndex | undefined;
    for (const vm of hv.vms) {
      if (vm.generation !== 2 || has.has(vm.name.toLowerCase()) || !matchesAny(vm.name, required)) continue;
      if (vm.dsc && elsewhere) continue;
      let fixes: FindingDraft['fixes'];
      if (!vm.dsc && !hv.live) {
        index ??= new LineIndex(ctx.text);
        // a VM whose key protector the script already sets only needs the TPM, after that command
        const keyAt = protectedAt.get(vm.name.toLowerCase());
        const site = lineAfter(ctx.text, index, Math.max(vm.after, keyAt ?? 0));
        const eol = detectEol(ctx.text);
        const commands = keyAt !== undefined ? [] : [`Set-VMKeyProtector -VMName ${quote(vm.name)} -NewLocalKeyProtector`];
        const lines = [...commands, `Enable-VMTPM -VMName ${quote(vm.name)}`].map((l) => `${eol}${site.indent}${l}`).join('');
        fixes = [{ title: 'Add a local key protector and a virtual TPM (guarded: the TPM keys are protected by this host\'s guardian certificates; another host needs them, or a Host Guardian Service, to start the VM)', safety: 'guarded', edits: [{ start: site.at, end: site.at, newText: lines }] }];
      }
      out.push({
        start: vm.start,
        end: vm.end,
        locator: `vm:${vm.name}#vTPM`,
        message: `VM ${vm.name} is generation 2 and must be shielded by policy (shielding.requiredFor), but ${hv.live ? 'it has no' : `the ${vm.dsc ? 'configuration' : 'script'} never gives it a`} virtual TPM: its disk encryption keys cannot be sealed to the VM.`,
        fixes,
      });
    }
    return out;
  },
};
