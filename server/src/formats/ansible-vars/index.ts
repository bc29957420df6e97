import type { Format, ParsedDocument } from '../../engine/types';
import { deployedVersions, VERSIONS_IN_TEXT } from '../vsphere/versions';
import { PRODUCT_VERSIONS } from '../vsphere/carriers';
import { parseYaml } from '../ansible/yaml';
import { pvePins, PVE_PINS_IN_TEXT, PVE_VERSIONS } from '../proxmox-common/pve-version';

/**
 * Ansible variables files (`group_vars/`, `host_vars/`, role `vars/` and `defaults/`) that pin
 * ESXi or vCenter versions or installer images, or the Proxmox VE release (`pve_manager_version`,
 * `pve-manager=7.4-3`). They hold no tasks: the patch rules read their version literals (outside
 * comments, through the versions carriers), nothing else does.
 */
export interface AnsibleVarsModel {
  text: string;
}

const VARS_PATH = /(^|\/)(group_vars|host_vars|vars|defaults)\/(?:[^/]+\/)*[^/.]+(\.ya?ml)?$/i;
const PRODUCT = /VMware-|esxi|vcenter|vcsa/i;

export const ansibleVarsFormat: Format<AnsibleVarsModel> = {
  id: 'ansible-vars',
  name: 'Ansible variables (ESXi/vCenter and Proxmox VE versions)',
  languageId: 'yaml',
  comment: { line: '#' },
  matchesPath: () => false,
  matchesContent: (text, path) => {
    if (!VARS_PATH.test(path)) return false;
    const vmware = PRODUCT.test(text);
    const pve = text.includes('pve');
    if (!vmware && !pve) return false;
    const { comments } = parseYaml(text);
    return (vmware && deployedVersions(text, comments).length > 0) || (pve && pvePins(text, comments).length > 0);
  },
  parse: (text): ParsedDocument<AnsibleVarsModel> => {
    const { comments, diagnostics } = parseYaml(text);
    return { format: 'ansible-vars', model: { text }, comments, diagnostics };
  },
  provides: [PRODUCT_VERSIONS, PVE_VERSIONS],
  carriers: () => ({ [PRODUCT_VERSIONS]: [VERSIONS_IN_TEXT], [PVE_VERSIONS]: [PVE_PINS_IN_TEXT] }),
};
