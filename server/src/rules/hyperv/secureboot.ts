import type { FindingDraft, Rule } from '../../engine/types';
import type { HyperVScriptModel } from '../../formats/powershell';
import { replaceLiteral, vmsLabel } from './edit';
import { HV_SECURITY, HYPERVDSC, SET_VMFIRMWARE } from './refs';

export const hvVmSecureBoot: Rule<HyperVScriptModel> = {
  meta: {
    id: 'HV-VM-SECUREBOOT',
    title: 'Secure Boot turned off on a generation 2 Hyper-V VM',
    family: 'guest-isolation',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['hyperv-ps', 'hyperv-snapshot'],
    risk: 'Without Secure Boot the VM\'s firmware starts any boot loader: a boot kit or a tampered kernel in the guest\'s disk survives reinstalling the operating system\'s files and hides from the guest\'s own security tools. Turning it off is usually a workaround for Linux guests, which need a different template, not no check at all.',
    remedy: 'Keep Secure Boot on. For Linux guests set `-SecureBootTemplate MicrosoftUEFICertificateAuthority` (the template that trusts the shim signed by Microsoft\'s UEFI CA) instead of `-EnableSecureBoot Off`.',
    notes: 'Reads `Set-VMFirmware -EnableSecureBoot Off` (Set-VMFirmware applies only to generation 2 VMs) and DSC `VMHyperV`/`xVMHyperV` with `Generation = 2` and `SecureBoot = $false` (VMHyperV creates generation 1 VMs, which have no Secure Boot, unless told otherwise). The guarded fix turns Secure Boot on: a guest whose boot loader is not signed for the VM\'s template stops booting. In a host\'s snapshot (hyperv-snapshot) it reads `firmware.secureBoot` of generation 2 VMs and reports it without a fix.',
    references: [SET_VMFIRMWARE, HV_SECURITY, HYPERVDSC],
  },
  check(model, ctx) {
    const out: FindingDraft[] = [];
    for (const f of model.hv.firmware) {
      const s = f.secureBoot;
      if (s.value !== 'off' && s.value !== 'false' && s.value !== '0') continue;
      const edit = replaceLiteral(ctx.text, s, s.dsc ? true : 'On');
      out.push({
        start: s.start,
        end: s.end,
        locator: `vm:${(f.vms ?? ['?']).join(',')}#SecureBoot`,
        message: `Secure Boot is off for ${vmsLabel(f.vms)}: its firmware starts any boot loader, signed or not. Linux guests use the MicrosoftUEFICertificateAuthority template instead.`,
        fixes: edit ? [{ title: 'Turn Secure Boot on (guarded: a boot loader not signed for the template stops booting; Linux guests need the MicrosoftUEFICertificateAuthority template)', safety: 'guarded', edits: [edit] }] : undefined,
      });
    }
    return out;
  },
};
