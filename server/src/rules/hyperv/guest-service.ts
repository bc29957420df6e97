import type { FindingDraft, Rule } from '../../engine/types';
import type { HyperVScriptModel } from '../../formats/powershell';
import { vmsLabel } from './edit';
import { HV_SECURITY, HYPERVDSC } from './refs';

export const hvVmGuestService: Rule<HyperVScriptModel> = {
  meta: {
    id: 'HV-VM-GUESTSERVICE',
    title: 'Hyper-V Guest Service Interface enabled (host-to-guest file copy)',
    family: 'guest-isolation',
    severity: 'low',
    fixSafety: 'guarded',
    formats: ['hyperv-ps', 'hyperv-snapshot'],
    risk: 'The Guest Service Interface lets the host write files into the guest (`Copy-VMFile`) through the VMBus, bypassing the guest\'s network and its access controls; it is off by default. It widens the host-to-guest channel a compromised host or a rogue administrator can use to plant files in every guest, and adds VMBus code that parses data crossing the boundary.',
    remedy: 'Leave the Guest Service Interface off (`Disable-VMIntegrationService -Name \'Guest Service Interface\'`, DSC `EnableGuestService = $false`) and copy files over the network with the guest\'s own authentication; turn it on only for the time a copy needs.',
    notes: 'Reads `Enable-VMIntegrationService -Name \'Guest Service Interface\'` (named or positional, with `-VMName` or a piped `Get-VM`) and DSC `VMHyperV`/`xVMHyperV` `EnableGuestService = $true`. The guarded fix writes `Disable-VMIntegrationService` (or `$false`): `Copy-VMFile` to that guest stops working. A command that enables several services at once is reported without a fix. In a host\'s snapshot (hyperv-snapshot) it reads the `enabled` member of the VM\'s Guest Service Interface (found by its integration service id, since the name is localised) and reports it without a fix.',
    references: [HV_SECURITY, { source: 'Microsoft Learn (Hyper-V PowerShell module)', id: 'Enable-VMIntegrationService, Copy-VMFile', url: 'https://learn.microsoft.com/powershell/module/hyper-v/copy-vmfile' }, HYPERVDSC],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const g of model.hv.guestService) {
      out.push({
        start: g.start,
        end: g.end,
        locator: `vm:${(g.vms ?? ['?']).join(',')}#GuestServiceInterface`,
        message: `The Guest Service Interface is on for ${vmsLabel(g.vms)}: the host can copy files into the guest past its network and access controls.`,
        fixes: g.fix ? [{ title: 'Turn the Guest Service Interface off (guarded: Copy-VMFile to this guest stops working)', safety: 'guarded', edits: [g.fix] }] : undefined,
      });
    }
    return out;
  },
};
