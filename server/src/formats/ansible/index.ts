import type { Document } from 'yaml';
import { contentLines } from '../../engine/suppress';
import { LineIndex } from '../../engine/text';
import type { Comment, Format, ParsedDocument } from '../../engine/types';
import { VMX_SETTINGS, type VmxSettings } from '../vmx/settings';
import { VMWARE_MODULES } from './modules';
import { findTasks, type Task } from './tasks';
import { ansibleFabric } from './fabric';
import { advancedSettingsCarrier } from './vmx-carrier';
import { advancedOptions, permissionGrants, privilegeSets, serviceStates } from './vsphere';
import { PVE_PINS_IN_TEXT, PVE_VERSIONS } from '../proxmox-common/pve-version';
import { ESX_ADVANCED, ESX_SERVICES, PERMISSION_GRANTS, PRIVILEGE_SETS, PRODUCT_VERSIONS, type EsxAdvancedOptions, type PermissionGrant, type PrivilegeSet, type ServiceState } from '../vsphere/carriers';
import { VERSIONS_IN_TEXT } from '../vsphere/versions';
import { parseYaml } from './yaml';
import { GUEST_OS } from '../common/guest-os';
import { ansibleGuestOs } from './guest';

export interface AnsibleModel {
  text: string;
  index: LineIndex;
  /** the parsed YAML documents, node ranges kept (for rules that read vars or literals anywhere) */
  docs: Document.Parsed[];
  /** community.vmware tasks, in file order */
  tasks: Task[];
  /** VM settings embedded in tasks (`vmware_guest.advanced_settings`), for the .vmx rules */
  vmxCarriers: VmxSettings[];
  /** role definitions (`vmware_local_role_manager.local_privilege_ids`), for the VC-* rules */
  privilegeSets: PrivilegeSet[];
  /** ESXi advanced options (`vmware_host_config_manager.options`), for the ESXADV-* rules */
  advancedOptions: EsxAdvancedOptions[];
  /** host services started or stopped (`vmware_host_service_manager`) */
  services: ServiceState[];
  /** roles granted on objects (`vmware_object_role_permission`) */
  grants: PermissionGrant[];
}

/** How far into the text detection looks for a community.vmware module name. */
const SNIFF = 256 * 1024;
const TOKEN = /(community\.vmware\.)?\b((?:vmware|vcenter|vsphere|vsan)_[a-z0-9_]+)/g;

/** A double-quoted YAML scalar with an escape that can spell any character (`\x5f`, `\u005f`, `\U0000005f`). */
const SPELLED = /"[^"\n]*\\[xuU]/;

/**
 * Bounded check: a community.vmware module name (FQCN, or a known short name) in the first 256 KiB,
 * written where a task names its module (`- vmware_guest:`, an indented key in a list item, either
 * quoted, `action: vmware_guest …`, `module: …`). A double-quoted scalar with a `\x`, `\u` or `\U`
 * escape may spell a module name the text does not show: the parse decides then.
 */
export function mentionsVmwareModule(text: string): boolean {
  const head = text.length > SNIFF ? text.slice(0, SNIFF) : text;
  // the native searches first: the regex costs a third of a millisecond on a 5,000-line playbook
  if ((head.includes('\\x') || head.includes('\\u') || head.includes('\\U')) && SPELLED.test(head)) return true;
  if (!head.includes('vmware') && !head.includes('vcenter') && !head.includes('vsphere') && !head.includes('vsan')) return false;
  for (const m of head.matchAll(TOKEN)) {
    if (!m[1] && !VMWARE_MODULES.has(m[2]!)) continue;
    const lineStart = head.lastIndexOf('\n', m.index) + 1;
    const before = head.slice(lineStart, m.index);
    const after = head.slice(m.index + m[0].length, m.index + m[0].length + 8);
    const quote = before.endsWith('"') || before.endsWith("'") ? before[before.length - 1]! : '';
    if (/^(\s+|[ \t]*-[ \t]+)["']?$/.test(before) && after.startsWith(quote) && /^[ \t]*:/.test(after.slice(quote.length))) return true;
    if (/^[ \t]*(-[ \t]+)?(action|local_action|module)[ \t]*:[ \t]*["']?$/.test(before)) return true;
  }
  return false;
}

/**
 * A playbook, task file or role task file that runs community.vmware tasks. A variables file with
 * a key named like a module (`vmware_guest: {name: web01}`) runs none. While the YAML has a syntax
 * error (a file being typed), and in files over 256 KiB (not parsed twice), a module name where a
 * task would name it is enough.
 */
export function hasVmwareTasks(text: string): boolean {
  if (!mentionsVmwareModule(text)) return false;
  if (text.length > SNIFF) return true;
  const { docs, diagnostics } = parseYaml(text);
  if (diagnostics.some((d) => d.code === 'VH-PARSE-ERROR')) return true;
  return findTasks(docs, text, LineIndex.of(text), true).length > 0;
}

export const ansibleFormat: Format<AnsibleModel> = {
  id: 'ansible',
  name: 'Ansible (community.vmware)',
  languageId: 'yaml',
  comment: { line: '#' },
  matchesPath: () => false,
  // YAML files by extension (or an untitled editor buffer without one) with community.vmware tasks
  matchesContent: (text, path) => (/\.ya?ml$/i.test(path) || !/\.[A-Za-z0-9]+$/.test(path)) && hasVmwareTasks(text),
  parse: (text) => parseAnsible(text),
  provides: [VMX_SETTINGS, PRIVILEGE_SETS, ESX_ADVANCED, ESX_SERVICES, PERMISSION_GRANTS, PRODUCT_VERSIONS, GUEST_OS, PVE_VERSIONS],
  carriers: (model) => ({
    [VMX_SETTINGS]: model.vmxCarriers,
    [PRIVILEGE_SETS]: model.privilegeSets,
    [ESX_ADVANCED]: model.advancedOptions,
    [ESX_SERVICES]: model.services,
    [PERMISSION_GRANTS]: model.grants,
    [PRODUCT_VERSIONS]: [VERSIONS_IN_TEXT],
    [GUEST_OS]: ansibleGuestOs(model.tasks),
    [PVE_VERSIONS]: [PVE_PINS_IN_TEXT],
  }),
  fabric: (model) => ansibleFabric(model),
};

export function parseAnsible(text: string): ParsedDocument<AnsibleModel> {
  const index = LineIndex.of(text);
  const { docs, comments, diagnostics } = parseYaml(text);
  const tasks = findTasks(docs, text, index);
  scopeTaskComments(comments, tasks, text, index);
  const vmxCarriers: VmxSettings[] = [];
  for (const t of tasks) {
    if (t.module !== 'vmware_guest') continue;
    const c = advancedSettingsCarrier(t, text, index);
    if (c) vmxCarriers.push(c);
  }
  const model: AnsibleModel = {
    text,
    index,
    docs,
    tasks,
    vmxCarriers,
    privilegeSets: privilegeSets(tasks),
    advancedOptions: advancedOptions(tasks, text),
    services: serviceStates(tasks),
    grants: permissionGrants(tasks, { text, index }),
  };
  return { format: 'ansible', model, comments, diagnostics };
}

/** A comment on the lines just above a task (only blank or comment lines between) stands for the whole task. */
function scopeTaskComments(comments: Comment[], tasks: Task[], text: string, index: LineIndex): void {
  const taskByLine = new Map<number, Task>();
  for (const t of tasks) taskByLine.set(index.position(t.range.start).line, t);
  const nextContentLine = contentLines(index, text, comments);
  for (const c of comments) {
    if (c.trailing || !c.text.includes('vharden-ignore')) continue;
    const task = taskByLine.get(nextContentLine(index.position(c.start).line));
    if (task) c.scope = task.range;
  }
}
