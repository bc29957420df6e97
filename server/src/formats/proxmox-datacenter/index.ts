import { firstLine, startsJsonOrXml } from '../../engine/sniff';
import type { Format } from '../../engine/types';
import { parseKv, type KvDocument } from '../proxmox-common/kv';

export type PveDatacenterModel = KvDocument;

const DC_KEY = /^(keyboard|migration|migration_unsecure|mac_prefix|console|http_proxy|email_from|max_workers|crs|ha|next-id|tag-style|u2f|webauthn|bwlimit|fencing|registered-tags|user-tag-access|replication|notify)$/;

export const pveDatacenterFormat: Format<PveDatacenterModel> = {
  id: 'proxmox-datacenter',
  name: 'Proxmox VE datacenter.cfg',
  languageId: 'proxmox-datacenter',
  comment: { line: '#' },
  matchesPath: (path) => /(^|\/)datacenter\.cfg$/i.test(path),
  matchesContent: (text) => {
    const keys = new Set<string>();
    for (const raw of text.slice(0, 8192).split(/\r?\n/)) {
      const line = raw.trimEnd();
      if (line === '' || line.startsWith('#')) continue;
      const m = /^([A-Za-z][\w-]*): ?\S/.exec(line);
      if (!m) return false;
      if (DC_KEY.test(m[1]!)) keys.add(m[1]!);
    }
    return keys.size >= 2;
  },
  // `datacenter.cfg` is a common name: the file must hold `key: value` lines (or nothing yet)
  confirms: (text) => {
    const first = firstLine(text, '#');
    return first === '' || (!startsJsonOrXml(first) && /^[A-Za-z][\w-]*:/m.test(text.slice(0, 8192)));
  },
  parse: (text) => {
    const doc = parseKv(text, 'datacenter.cfg', false);
    return { format: 'proxmox-datacenter', model: doc, comments: doc.comments, diagnostics: doc.diagnostics };
  },
};
