import type { FindingDraft, Rule } from '../../engine/types';
import { HYPERV_CONFIG, type HyperVModel } from '../../formats/powershell/hyperv';
import { replaceLiteral } from './edit';
import { HV_SECURITY, HYPERVDSC, LIVE_MIGRATION, LIVE_MIGRATION_NETWORKS, SET_VMHOST_MIGRATION_NETWORKS } from './refs';

const on = (v: string) => v === 'true' || v === '1';

export const hvHostMigrationNet: Rule<HyperVModel> = {
  input: HYPERV_CONFIG,
  meta: {
    id: 'HV-HOST-MIGRATION-NET',
    title: 'Hyper-V live migration accepted on any network',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['hyperv-ps', 'hyperv-snapshot'],
    risk: 'A live migration copies the VM\'s whole memory (its keys, passwords and data) to the destination host. With `UseAnyNetworkForMigration`, the host accepts that traffic on every network it has, including the management network and networks the guests share, instead of a dedicated migration network: the memory of migrated VMs can cross, and be captured on, segments that guests and other systems reach.',
    remedy: 'Set `-UseAnyNetworkForMigration $false` and name the dedicated live migration networks with `Add-VMMigrationNetwork <subnet>` (DSC `VMHost` `UseAnyNetworkForMigration = $false`); Microsoft recommends live migration networks separate from the management operating system\'s network and from the VMs\' networks.',
    notes: 'Reads `Set-VMHost -UseAnyNetworkForMigration $true` and DSC `VMHost`/`xVMHost` `UseAnyNetworkForMigration = $true`: medium when the file also turns live migration on (`Enable-VMMigration`, `VirtualMachineMigrationEnabled = $true`), low otherwise (the setting waits for migration to be enabled). In a host\'s snapshot (hyperv-snapshot) it reads `host.migration.useAnyNetwork` (medium when `migration.enabled`) and reports without a fix. CredSSP authentication is HV-HOST-CREDSSP. Whether migration traffic is encrypted is not judged: Hyper-V encrypts it only when the SMB transport (`-VirtualMachineMigrationPerformanceOption SMB`) runs over SMB encryption or the network uses IPsec, and neither is visible in the host\'s settings. The guarded fix writes `$false`: incoming migrations then use only the networks added with `Add-VMMigrationNetwork`, and fail when there are none.',
    references: [SET_VMHOST_MIGRATION_NETWORKS, LIVE_MIGRATION_NETWORKS, LIVE_MIGRATION, HV_SECURITY, HYPERVDSC],
  },
  check(hv, ctx) {
    const enabled = (hv.migrationEnabled?.length ?? 0) > 0 || hv.host.some((h) => h.key === 'virtualmachinemigrationenabled' && on(h.setting.value));
    const out: FindingDraft[] = [];
    for (const h of hv.host) {
      if (h.key !== 'useanynetworkformigration' || !on(h.setting.value)) continue;
      const edit = replaceLiteral(ctx.text, h.setting, false);
      out.push({
        start: h.setting.start,
        end: h.setting.end,
        severity: enabled ? 'medium' : 'low',
        locator: 'host#UseAnyNetworkForMigration',
        message: `Live migration is accepted on any network of this host${enabled ? ', and the file turns live migration on' : ''}: the memory of migrated VMs may cross the management network or networks the guests share.`,
        fixes: edit ? [{ title: 'Accept live migration only on the migration networks (guarded: add them with Add-VMMigrationNetwork, or incoming migrations fail)', safety: 'guarded', edits: [edit] }] : undefined,
      });
    }
    return out;
  },
};
