import type { Format } from '../../engine/types';
import { parseUserCfg, type UserCfgModel } from './parser';
import { isBuiltinRole, isPrivilege } from './privileges';

export type { UserCfgModel };

const RECORD = /^(user|group|role|acl|token|pool):[^:\n]*:/;

export const pveUserFormat: Format<UserCfgModel> = {
  id: 'proxmox-user',
  name: 'Proxmox VE user.cfg',
  languageId: 'proxmox-user',
  comment: { line: '#' },
  matchesPath: (path) => /(^|\/)pve\/user\.cfg$/i.test(path),
  matchesContent: (text) => {
    let records = 0;
    for (const raw of text.slice(0, 8192).split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      if (!RECORD.test(line)) return false;
      records++;
    }
    return records > 0;
  },
  parse: (text) => {
    const { model, comments, diagnostics } = parseUserCfg(text, { isPrivilege, isBuiltinRole });
    return { format: 'proxmox-user', model, comments, diagnostics };
  },
};
