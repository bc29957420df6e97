import { guestsOf, type Fabric } from '../../engine/fabric';
import type { CrossFileFindingDraft, CrossFileRule } from '../../engine/types';
import { HV_SECURITY, HYPERVDSC, NEW_VMSWITCH } from '../hyperv/refs';
import { nameList } from './missing';

export const hvSwitchMgmtOs: CrossFileRule = {
  meta: {
    id: 'HV-SWITCH-MGMTOS',
    title: 'Hyper-V host shares an external switch with guests (AllowManagementOS)',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['hyperv-ps', 'hyperv-snapshot'],
    risk: 'With `AllowManagementOS` the host gets a virtual adapter on the external switch its guests use: the host\'s management interfaces (WinRM, SMB, RDP, live migration) sit on the same layer-2 segment as the guests, so a compromised guest reaches them directly and can attack the host\'s traffic with ARP or router spoofing.',
    remedy: 'Manage the host through a dedicated physical NIC or a separate switch or VLAN: create guest switches with `-AllowManagementOS $false` (DSC `AllowManagementOS = $false`).',
    notes: 'Cross-file: reports an external switch (`-SwitchType External` or `-NetAdapterName`, DSC `Type = \'External\'`) that allows the management OS and carries at least one guest adapter in scope. `New-VMSwitch -NetAdapterName` without `-AllowManagementOS` shares the switch with the host (the cmdlet\'s default) and is reported too; DSC `VMSwitch` defaults to not sharing. The guarded fix writes `$false` (or adds `-AllowManagementOS $false`): the host loses its network connection through this switch, so make sure it has another management path first.',
    references: [NEW_VMSWITCH, HV_SECURITY, HYPERVDSC],
  },
  checkScope(fabric: Fabric): CrossFileFindingDraft[] {
    const out: CrossFileFindingDraft[] = [];
    for (const sw of fabric.switches) {
      const guests = guestsOf(sw);
      if (guests.length === 0) continue;
      for (const def of sw.defs) {
        if (def.kind !== 'hyperv-switch' || def.hypervType !== 'external' || !def.managementOS) continue;
        const m = def.managementOS;
        out.push({
          path: def.path,
          start: def.start,
          end: def.end,
          locator: `${def.locator}#AllowManagementOS`,
          message: `The external switch ${def.name} ${m.defaulted ? 'is shared with the host (New-VMSwitch allows the management OS unless told otherwise)' : 'allows the management OS'} and carries guests ${nameList(guests)}: the host's management adapter shares their segment.`,
          fixes: m.fix ? [{ title: 'Set AllowManagementOS to false (guarded: the host loses network access through this switch; keep another management NIC)', safety: 'guarded', edits: [m.fix] }] : undefined,
        });
      }
    }
    return out;
  },
};
