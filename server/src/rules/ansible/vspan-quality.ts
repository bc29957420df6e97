import type { FindingDraft, Rule } from '../../engine/types';
import type { AnsibleModel } from '../../formats/ansible';
import { doc } from '../refs';
import { boolOf, replaceValue } from './common';
import { vspanSessions } from './vspan';

export const ansMirVspanQuality: Rule<AnsibleModel> = {
  meta: {
    id: 'ANS-MIR-VSPAN-QUALITY',
    title: 'Port-mirroring session that a sensor cannot rely on',
    family: 'mirror-port',
    severity: 'low',
    fixSafety: 'safe',
    formats: ['ansible'],
    risk: 'A mirror session meant to feed an IDS loses its value when it is disabled, samples only every n-th packet, or truncates packets; and a destination port that also allows normal traffic lets the sensor (or whoever controls it) send into the production network.',
    remedy: 'Keep monitoring sessions enabled, with sampling_rate 1 and no mirrored_packet_length, and set normal_traffic_allowed: false on the destination. The fix writes normal_traffic_allowed: false.',
    notes: 'Only sessions with state: present are judged; omitted options follow the module defaults (enabled true, normal traffic not allowed, full packets). Templated values are not judged.',
    references: [doc('Ansible community.vmware', 'vmware_vspan_session'), doc('vharden rules catalogue', '§5 mirror-port design')],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const { task, name } of vspanSessions(model)) {
      const normal = task.opt('normal_traffic_allowed');
      if (normal && boolOf(normal) === true) {
        out.push({
          start: normal.start,
          end: normal.end,
          locator: `${task.locator}/normal_traffic_allowed`,
          message: `Mirror session "${name}" lets its destination port send normal traffic into the network.`,
          fixes: [{ title: 'Set normal_traffic_allowed to false', safety: 'safe', edits: [replaceValue(normal, 'false', 'raw')] }],
        });
      }
      const enabled = task.opt('enabled');
      if (enabled && boolOf(enabled) === false) {
        out.push({ start: enabled.start, end: enabled.end, locator: `${task.locator}/enabled`, message: `Mirror session "${name}" is created disabled: the sensor receives nothing.` });
      }
      const rate = task.opt('sampling_rate');
      const n = rate && !rate.templated ? Number(rate.text) : NaN;
      if (rate && Number.isFinite(n) && n > 1) {
        out.push({ start: rate.start, end: rate.end, locator: `${task.locator}/sampling_rate`, message: `Mirror session "${name}" mirrors only one packet in ${n}.` });
      }
      const length = task.opt('mirrored_packet_length');
      const len = length && !length.templated ? Number(length.text) : NaN;
      if (length && Number.isFinite(len) && len > 0) {
        out.push({ start: length.start, end: length.end, locator: `${task.locator}/mirrored_packet_length`, message: `Mirror session "${name}" truncates mirrored packets to ${len} bytes.` });
      }
    }
    return out;
  },
};
