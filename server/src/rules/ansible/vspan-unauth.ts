import { matchesAny } from '../../engine/config';
import type { FindingDraft, Rule } from '../../engine/types';
import type { AnsibleModel } from '../../formats/ansible';
import { doc, scg, stig } from '../refs';
import { vspanSessions } from './vspan';

export const ansMirVspanUnauth: Rule<AnsibleModel> = {
  meta: {
    id: 'ANS-MIR-VSPAN-UNAUTH',
    title: 'Port-mirroring session sends traffic to a destination not listed as an authorised sensor',
    family: 'mirror-port',
    severity: 'high',
    fixSafety: 'none',
    formats: ['ansible'],
    risk: 'A VSPAN (distributed port mirroring) session copies other VMs\' traffic to its destination. Sent to a VM or port that is not an approved sensor (a debugging laptop VM, a forgotten capture box), it is an eavesdropping channel: credentials, session cookies and database traffic flow to whoever controls the destination.',
    remedy: 'Send mirrored traffic only to approved IDS or capture sensors. List them in the vharden setting monitoring.authorizedSensors (VS Code `vharden.monitoring.authorizedSensors`, `.vharden.yaml` `monitoring: { authorizedSensors: [...] }`; globs allowed), and remove sessions whose destination is not a sensor.',
    notes: 'Destinations are destination_vm.name and destination_port. With an empty authorizedSensors list every destination is reported, saying that it is unapproved. Sessions with state: absent and templated destinations are not judged.',
    references: [stig('VCSA-80-000300', 'V-258965'), scg('vcenter-9.network-restrict-port-mirroring'), doc('Ansible community.vmware', 'vmware_vspan_session')],
  },
  check(model, ctx) {
    const sensors = ctx.config.monitoring.authorizedSensors;
    const out: FindingDraft[] = [];
    for (const s of vspanSessions(model)) {
      for (const d of s.destinations) {
        if (matchesAny(d.value, sensors)) continue;
        const what = d.kind === 'vm' ? `VM "${d.value}"` : `port ${d.value}`;
        out.push({
          start: d.opt.start,
          end: d.opt.end,
          locator: `${s.task.locator}/destination/${d.kind}`,
          message: sensors.length
            ? `Mirror session "${s.name}" sends traffic to ${what}, which is not in monitoring.authorizedSensors.`
            : `Mirror session "${s.name}" sends traffic to ${what}, an unapproved destination: no authorised sensors are configured (add it to monitoring.authorizedSensors if it is one).`,
        });
      }
    }
    return out;
  },
};
