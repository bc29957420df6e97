import type { FindingDraft, Rule } from '../../engine/types';
import { liveEntry, parseProps } from '../../formats/proxmox-common/kv';
import type { PveDatacenterModel } from '../../formats/proxmox-datacenter';
import { pveDoc, truthy } from './common';

export const dcMigration: Rule<PveDatacenterModel> = {
  meta: {
    id: 'PVE-DC-MIGRATION',
    title: 'Insecure (unencrypted) migration',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['proxmox-datacenter'],
    risk: '`migration: type=insecure` (or the older `migration_unsecure: 1`) sends VM memory and local disk contents between nodes over plain TCP instead of an SSH tunnel. Anyone on the migration network can read secrets held in guest memory (keys, passwords, session tokens) or tamper with the stream.',
    remedy: 'Use `migration: type=secure` (the default), or remove the setting. If migration speed matters, give migration its own network (`migration: type=secure,network=10.10.10.0/24`) rather than dropping encryption.',
    notes: 'Secure migration is the default; an absent setting is not reported.',
    references: [pveDoc('datacenter.cfg: migration, migration_unsecure'), pveDoc('qm: Online migration')],
  },
  check(dc) {
    const out: FindingDraft[] = [];
    const migration = liveEntry(dc, 'migration');
    if (migration) {
      const type = parseProps(dc.index.text, migration.valueStart, migration.valueEnd).find((p) => p.key === 'type' || p.key === '');
      if (type && type.value.trim().toLowerCase() === 'insecure') {
        out.push({
          start: type.start,
          end: type.end,
          locator: 'migration:type',
          message: 'migration type is insecure: VM memory and disks cross the migration network unencrypted.',
          fixes: [{ title: 'Set migration type=secure (SSH tunnel)', safety: 'safe', edits: [{ start: type.valueStart, end: type.valueEnd, newText: 'secure' }] }],
        });
      }
    }
    const legacy = liveEntry(dc, 'migration_unsecure');
    if (legacy && truthy(legacy.value)) {
      out.push({
        start: legacy.keyStart,
        end: legacy.valueEnd,
        locator: 'migration_unsecure',
        message: `migration_unsecure: ${legacy.value} turns off encryption of migration traffic: VM memory and disks cross the network in clear text.`,
        fixes: [{ title: 'Set migration_unsecure: 0', safety: 'safe', edits: [{ start: legacy.valueStart, end: legacy.valueEnd, newText: '0' }] }],
      });
    }
    return out;
  },
};
