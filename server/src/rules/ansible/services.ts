import type { FindingDraft, Fix, Severity } from '../../engine/types';
import type { ServiceState } from '../../formats/vsphere/carriers';

/** A host service a rule reports, and what stopping it ends for people who use it (its fixes are then guarded). */
export interface Service {
  label: string;
  severity: Severity;
  stopping?: string;
}

/**
 * Findings for a service of `services` that runs (or that code starts) or starts with the host. The
 * fixes stop it and turn its policy off where the carrier can be edited (code, not a snapshot).
 */
export function serviceFindings(state: ServiceState, services: Record<string, Service>): FindingDraft[] {
  const svc = services[state.key] ?? Object.entries(services).find(([k]) => k.toLowerCase() === state.key.toLowerCase())?.[1];
  if (!svc) return [];
  const out: FindingDraft[] = [];
  const safety: Fix['safety'] = svc.stopping ? 'guarded' : 'safe';
  const suffix = svc.stopping ? ` (guarded: ${svc.stopping})` : '';
  const name = `${svc.label} (${state.key})`;
  if (state.running) {
    const r = state.running;
    out.push({ start: r.start, end: r.end, severity: svc.severity, locator: r.locator, message: r.describe(name), fixes: fix(`Set state to stop${suffix}`, safety, state.stop()) });
  }
  if (state.startsWithHost) {
    const p = state.startsWithHost;
    out.push({ start: p.start, end: p.end, severity: svc.severity, locator: p.locator, message: p.describe(name), fixes: fix(`Set service_policy to off${suffix}`, safety, state.policyOff()) });
  }
  return out;
}

function fix(title: string, safety: Fix['safety'], edits: Fix['edits']): Fix[] | undefined {
  return edits.length ? [{ title, safety, edits }] : undefined;
}

/** How the service rules read code and live hosts. */
export const SERVICE_NOTE = 'Reads Ansible `vmware_host_service_manager` tasks and the services of live hosts in `vharden collect vsphere` snapshots (`config.service`: running, and a startup policy "on" or "automatic"); snapshot findings have no text fix.';
