import type { FindingDraft, Fix, Severity } from '../../engine/types';
import type { AnsibleModel } from '../../formats/ansible';
import { ensureOpt, label, strOf, tasksOf } from './common';

const RUNNING = new Set(['start', 'present', 'restart']);
const POLICY_ON = new Set(['on', 'automatic']);

/**
 * `vmware_host_service_manager` tasks that leave one of `services` running or starting with the host.
 * An omitted `state` is the module default, `start`. Templated names or states are not judged.
 */
export function serviceFindings(
  model: AnsibleModel,
  services: Record<string, { label: string; severity: Severity }>,
  safety: Fix['safety'],
): FindingDraft[] {
  const out: FindingDraft[] = [];
  const suffix = safety === 'guarded' ? ' (guarded: ends remote shell access to the host)' : '';
  for (const task of tasksOf(model, 'vmware_host_service_manager')) {
    const nameOpt = task.opt('service_name');
    const name = strOf(nameOpt);
    const svc = name ? services[name] ?? Object.entries(services).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] : undefined;
    if (!svc || !nameOpt) continue;
    const stateOpt = task.opt('state');
    const state = stateOpt ? strOf(stateOpt)?.toLowerCase() : task.opaqueArgs ? undefined : 'start';
    if (state && RUNNING.has(state)) {
      const at = stateOpt ?? nameOpt;
      out.push({
        start: at.start,
        end: at.end,
        severity: svc.severity,
        locator: `${task.locator}/state`,
        message: stateOpt
          ? `${label(task)} sets ${svc.label} (${name}) to state "${stateOpt.text}": the service runs on the host.`
          : `${label(task)} starts ${svc.label} (${name}): state is omitted and the module default is "start".`,
        fixes: fix(`Set state to stop${suffix}`, safety, ensureOpt(task, stateOpt, 'state', 'stop', 'str')),
      });
    }
    const policyOpt = task.opt('service_policy');
    const policy = strOf(policyOpt)?.toLowerCase();
    if (policyOpt && policy && POLICY_ON.has(policy)) {
      out.push({
        start: policyOpt.start,
        end: policyOpt.end,
        severity: svc.severity,
        locator: `${task.locator}/service_policy`,
        message: `${label(task)} sets the startup policy of ${svc.label} (${name}) to "${policyOpt.text}": it starts again with the host.`,
        fixes: fix(`Set service_policy to off${suffix}`, safety, ensureOpt(task, policyOpt, 'service_policy', 'off', 'str')),
      });
    }
  }
  return out;
}

function fix(title: string, safety: Fix['safety'], edits: Fix['edits']): Fix[] | undefined {
  return edits.length ? [{ title, safety, edits }] : undefined;
}
