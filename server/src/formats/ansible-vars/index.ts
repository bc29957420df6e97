import type { Format, ParsedDocument } from '../../engine/types';
import { deployedVersions, VERSIONS_IN_TEXT } from '../vsphere/versions';
import { PRODUCT_VERSIONS } from '../vsphere/carriers';
import { parseYaml } from '../ansible/yaml';

/**
 * Ansible variables files (`group_vars/`, `host_vars/`, role `vars/` and `defaults/`) that pin
 * ESXi or vCenter versions or installer images. They hold no tasks: the patch rules read their
 * version literals (outside comments, through the versions carrier), nothing else does.
 */
export interface AnsibleVarsModel {
  text: string;
}

const VARS_PATH = /(^|\/)(group_vars|host_vars|vars|defaults)\/(?:[^/]+\/)*[^/.]+(\.ya?ml)?$/i;
const PRODUCT = /VMware-|esxi|vcenter|vcsa/i;

export const ansibleVarsFormat: Format<AnsibleVarsModel> = {
  id: 'ansible-vars',
  name: 'Ansible variables (ESXi/vCenter versions)',
  languageId: 'yaml',
  comment: { line: '#' },
  matchesPath: () => false,
  matchesContent: (text, path) => VARS_PATH.test(path) && PRODUCT.test(text) && deployedVersions(text, parseYaml(text).comments).length > 0,
  parse: (text): ParsedDocument<AnsibleVarsModel> => {
    const { comments, diagnostics } = parseYaml(text);
    return { format: 'ansible-vars', model: { text }, comments, diagnostics };
  },
  provides: [PRODUCT_VERSIONS],
  carriers: () => ({ [PRODUCT_VERSIONS]: [VERSIONS_IN_TEXT] }),
};
