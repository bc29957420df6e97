import type { Comment, Format, ParsedDocument } from '../../engine/types';
import { parseYaml } from '../ansible/yaml';
import { isAptPreferences, pvePins, PVE_PINS_IN_TEXT, PVE_VERSIONS } from '../proxmox-common/pve-version';

/**
 * Files that pin the Proxmox VE release a host runs: Ansible playbooks, task files and variables
 * (`apt: name: pve-manager=7.4-3`, `pve_manager_version: 7.4-3`) that run no community.vmware
 * task (those are the Ansible format, which reads the same pins), and apt preferences
 * (`/etc/apt/preferences.d/*`: `Package: pve-manager`, `Pin: version 7.*`, a priority above 500).
 * Only the pins are read (outside comments), for PATCH-PVE-EOL.
 */
export interface PvePinsModel {
  text: string;
}

function commentsOf(text: string, path: string): { comments: Comment[]; diagnostics: ParsedDocument<PvePinsModel>['diagnostics'] } {
  if (!isAptPreferences(path)) return parseYaml(text);
  // apt preferences: a line whose first character is `#` is a comment (apt_preferences(5))
  const comments: Comment[] = [];
  for (const m of text.matchAll(/^#[^\r\n]*/gm)) comments.push({ start: m.index, end: m.index + m[0].length, text: m[0].slice(1), trailing: false });
  return { comments, diagnostics: [] };
}

const YAML_PATH = /\.ya?ml$/i;

export const pvePinsFormat: Format<PvePinsModel> = {
  id: 'pve-pins',
  name: 'Proxmox VE version pins (Ansible, apt preferences)',
  languageId: 'yaml',
  comment: { line: '#' },
  matchesPath: () => false,
  matchesContent: (text, path) => (YAML_PATH.test(path) || isAptPreferences(path)) && text.includes('pve') && pvePins(text, commentsOf(text, path).comments).length > 0,
  parse: (text, ctx): ParsedDocument<PvePinsModel> => {
    const { comments, diagnostics } = commentsOf(text, ctx.path);
    return { format: 'pve-pins', model: { text }, comments, diagnostics };
  },
  provides: [PVE_VERSIONS],
  carriers: () => ({ [PVE_VERSIONS]: [PVE_PINS_IN_TEXT] }),
};
