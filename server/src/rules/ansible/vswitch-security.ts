import { isMap } from 'yaml';
import type { FindingDraft, Rule } from '../../engine/types';
import type { AnsibleModel } from '../../formats/ansible';
import { mapOpt } from '../../formats/ansible/tasks';
import { asMap } from '../../formats/ansible/yaml';
import { doc, stig } from '../refs';
import { boolOf, label, replaceValue, strOf, tasksOf } from './common';

const KEYS = ['promiscuous_mode', 'forged_transmits', 'mac_changes'] as const;
const WHAT: Record<(typeof KEYS)[number], string> = {
  promiscuous_mode: 'promiscuous mode (every VM on it can sniff all traffic of the switch or port group)',
  forged_transmits: 'forged transmits (VMs can send frames with a MAC address that is not theirs)',
  mac_changes: 'MAC address changes (VMs can take over another MAC address)',
};
const HARDENED = '{ promiscuous_mode: false, forged_transmits: false, mac_changes: false }';

export const ansVswitchSecurity: Rule<AnsibleModel> = {
  meta: {
    id: 'ANS-VSWITCH-SECURITY',
    title: 'Standard vSwitch or port group accepts promiscuous mode, forged transmits or MAC changes',
    family: 'vswitch-policy',
    severity: 'high',
    fixSafety: 'safe',
    formats: ['ansible'],
    risk: 'A standard vSwitch or port group with promiscuous mode lets any VM on it capture the traffic of every other VM; forged transmits and MAC changes let a VM impersonate another machine\'s MAC address (ARP spoofing, traffic interception). A new vSwitch created without a security block keeps ESXi\'s defaults, which accept forged transmits and MAC changes.',
    remedy: 'Set security: { promiscuous_mode: false, forged_transmits: false, mac_changes: false } on vmware_vswitch and vmware_portgroup. If a monitoring appliance needs promiscuous mode, give it its own port group and suppress this finding there with a reason.',
    notes: 'The options are also read under their aliases security_policy and network_policy. A vmware_vswitch task without a security block is reported as medium (the switch may already exist with a hardened policy); a port group without one inherits its switch and is not reported. Options left out of a security block are left unchanged by the module and are not reported. state: absent and templated values are not judged.',
    references: [stig('ESXI-80-000216'), stig('ESXI-80-000217'), stig('ESXI-80-000218'), doc('Ansible community.vmware', 'vmware_vswitch / vmware_portgroup')],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const task of tasksOf(model, 'vmware_vswitch', 'vmware_portgroup')) {
      if (strOf(task.opt('state'))?.toLowerCase() === 'absent') continue;
      const sec = task.opt('security', 'security_policy', 'network_policy');
      if (!sec) {
        if (task.module !== 'vmware_vswitch' || task.opaqueArgs) continue;
        const edit = task.insert('security', HARDENED);
        out.push({
          start: task.start,
          end: task.end,
          severity: 'medium',
          locator: `${task.locator}/security`,
          message: `${label(task)} has no security block: a new vSwitch keeps the ESXi defaults, which accept forged transmits and MAC changes.`,
          fixes: edit ? [{ title: 'Add a security block that rejects promiscuous mode, forged transmits and MAC changes', safety: 'safe', edits: [edit] }] : undefined,
        });
        continue;
      }
      const map = isMap(sec.node) ? asMap(sec.node)! : undefined;
      if (!map) continue;
      for (const key of KEYS) {
        const opt = mapOpt(map, key, model.text);
        if (!opt || boolOf(opt) !== true) continue;
        out.push({
          start: opt.start,
          end: opt.end,
          locator: `${task.locator}/security/${key}`,
          message: `${label(task)} enables ${WHAT[key]} (${key}: ${opt.text}).`,
          fixes: [{ title: `Set ${key} to false`, safety: 'safe', edits: [replaceValue(opt, 'false', 'raw')] }],
        });
      }
    }
    return out;
  },
};
