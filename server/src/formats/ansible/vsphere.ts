import { isMap, isScalar, type Node, type Pair } from 'yaml';
import type { LineIndex } from '../../engine/text';
import type { EsxAdvancedOptions, EsxOption, PermissionGrant, PrivilegeItem, PrivilegeSet, ServiceState } from '../vsphere/carriers';
import { ensureOpt, taskLabel, yamlTemplate } from './edits';
import type { Task } from './tasks';
import { asMap, isTemplate, keyName, scalarReplacement, scalarText, seqItems } from './yaml';

function text(task: Task, name: string): string | undefined {
  const o = task.opt(name);
  return o && !o.templated && o.text !== undefined ? o.text.trim() : undefined;
}

function bool(task: Task, name: string): boolean | undefined {
  const v = text(task, name)?.toLowerCase();
  if (v === undefined) return undefined;
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  return undefined;
}

/**
 * For a vmware_object_role_permission task: `{root: true}` when it grants on rootFolder, `{root: false}`
 * on a datacenter, both only when the grant propagates (recursive, module default true).
 */
export function rootOrDatacenter(task: Task): { root: boolean; object: string } | undefined {
  const recursive = task.opt('recursive') ? bool(task, 'recursive') : task.opaqueArgs ? undefined : true;
  if (recursive !== true) return undefined;
  const object = text(task, 'object_name');
  const type = task.opt('object_type') ? text(task, 'object_type') : 'Folder';
  if (!object || !type) return undefined;
  if (type === 'Folder' && object === 'rootFolder') return { root: true, object };
  if (type === 'Datacenter') return { root: false, object };
  return undefined;
}

/** Role definitions of `vmware_local_role_manager` tasks that add or set privileges. */
export function privilegeSets(tasks: Task[]): PrivilegeSet[] {
  const rootRoles = new Set<string>();
  for (const t of tasks) {
    if (t.module !== 'vmware_object_role_permission' || text(t, 'state') === 'absent') continue;
    const role = text(t, 'role');
    if (role && rootOrDatacenter(t)) rootRoles.add(role);
  }
  const out: PrivilegeSet[] = [];
  for (const t of tasks) {
    if (t.module !== 'vmware_local_role_manager') continue;
    if (text(t, 'state') === 'absent' || text(t, 'action') === 'remove') continue;
    const list = t.opt('local_privilege_ids');
    if (!list) continue;
    const items: PrivilegeItem[] = [];
    for (const n of seqItems(list.node)) {
      if (!isScalar(n) || typeof n.value !== 'string' || isTemplate(n.value) || !n.range) continue;
      items.push({ id: n.value.trim(), start: n.range[0], end: n.range[1] });
    }
    const role = text(t, 'local_role_name');
    out.push({ role, items, anchor: { start: list.keyStart, end: list.end }, locator: t.locator, boundAtRoot: !!role && rootRoles.has(role) });
  }
  return out;
}

/** `vmware_host_config_manager.options` maps, one carrier per task; templated values are left out. */
export function advancedOptions(tasks: Task[], source: string): EsxAdvancedOptions[] {
  const out: EsxAdvancedOptions[] = [];
  for (const t of tasks) {
    if (t.module !== 'vmware_host_config_manager') continue;
    const opt = t.opt('options');
    const map = opt && isMap(opt.node) ? asMap(opt.node)! : undefined;
    if (!map) continue;
    const byName = new Map<string, EsxOption & { node: Node }>();
    for (const pair of map.items as Pair<Node, Node | null>[]) {
      const name = keyName(pair);
      const v = pair.value;
      if (!name || !isScalar(v) || !v.range) continue;
      const value = scalarText(v, source);
      if (isTemplate(value) || isTemplate(name)) continue;
      byName.set(name.toLowerCase(), { name, value, start: v.range[0], end: v.range[1], locator: `${t.locator}/options/${name}`, node: v });
    }
    out.push({
      get: (name) => byName.get(name.toLowerCase()),
      setValue: (option, value, type) => {
        const o = byName.get(option.name.toLowerCase());
        if (!o || !isScalar(o.node)) return [];
        const quoted = o.node.type === 'QUOTE_DOUBLE' || o.node.type === 'QUOTE_SINGLE';
        return [{ start: o.start, end: o.end, newText: quoted && type === 'str' ? scalarReplacement(o.node, value, 'str') : type === 'str' ? scalarReplacement(undefined, value, 'str') : value }];
      },
    });
  }
  return out;
}

const RUNNING = new Set(['start', 'present', 'restart']);
const POLICY_ON = new Set(['on', 'automatic']);

/**
 * `vmware_host_service_manager` tasks as service states. An omitted `state` is the module default,
 * `start` (unless the arguments come from a merge key or a templated string); templated names or
 * states are not judged.
 */
export function serviceStates(tasks: Task[]): ServiceState[] {
  const out: ServiceState[] = [];
  for (const task of tasks) {
    if (task.module !== 'vmware_host_service_manager') continue;
    const nameOpt = task.opt('service_name');
    const key = text(task, 'service_name');
    if (!nameOpt || !key) continue;
    const stateOpt = task.opt('state');
    const state = stateOpt ? text(task, 'state')?.toLowerCase() : task.opaqueArgs ? undefined : 'start';
    const policyOpt = task.opt('service_policy');
    const policy = text(task, 'service_policy')?.toLowerCase();
    const who = taskLabel(task);
    out.push({
      key,
      running: state && RUNNING.has(state) ? {
        ...(stateOpt ? { start: stateOpt.start, end: stateOpt.end } : { start: nameOpt.start, end: nameOpt.end }),
        locator: `${task.locator}/state`,
        describe: (svc) => (stateOpt ? `${who} sets ${svc} to state "${stateOpt.text}": the service runs on the host.` : `${who} starts ${svc}: state is omitted and the module default is "start".`),
      } : undefined,
      startsWithHost: policyOpt && policy && POLICY_ON.has(policy) ? {
        start: policyOpt.start,
        end: policyOpt.end,
        locator: `${task.locator}/service_policy`,
        describe: (svc) => `${who} sets the startup policy of ${svc} to "${policyOpt.text}": it starts again with the host.`,
      } : undefined,
      stop: () => ensureOpt(task, stateOpt, 'state', 'stop', 'str'),
      policyOff: () => (policyOpt ? ensureOpt(task, policyOpt, 'service_policy', 'off', 'str') : []),
    });
  }
  return out;
}

/** `vmware_object_role_permission` tasks that grant a role (not `state: absent`); templated roles are left out. */
export function permissionGrants(tasks: Task[], model: { text: string; index: LineIndex }): PermissionGrant[] {
  const out: PermissionGrant[] = [];
  for (const task of tasks) {
    if (task.module !== 'vmware_object_role_permission') continue;
    if ((task.opt('state')?.text ?? 'present').toLowerCase() === 'absent') continue;
    const role = task.opt('role');
    const name = role?.templated ? undefined : role?.text?.trim();
    if (!role || !name) continue;
    const target = rootOrDatacenter(task);
    const group = text(task, 'group');
    const objectName = text(task, 'object_name');
    const objectType = task.opt('object_type') ? text(task, 'object_type') : 'Folder';
    out.push({
      role: name,
      start: role.start,
      end: role.end,
      locator: `${task.locator}/role`,
      principal: text(task, 'principal') ?? (group ? `group ${group}` : 'the principal'),
      at: target ? (target.root ? { root: true } : { root: false, datacenter: target.object }) : undefined,
      object: objectName && objectType ? `${objectType} ${objectName}` : undefined,
      propagate: task.opt('recursive') ? bool(task, 'recursive') : task.opaqueArgs ? undefined : true,
      by: taskLabel(task),
      template: (lines) => yamlTemplate(model, '', role.end, lines).edits,
    });
  }
  return out;
}
