import { isMap } from 'yaml';
import type { FindingDraft, Rule } from '../../engine/types';
import type { AnsibleModel } from '../../formats/ansible';
import { mapOpt, type Opt } from '../../formats/ansible/tasks';
import { asMap } from '../../formats/ansible/yaml';
import { doc, scg, stig } from '../refs';
import { boolOf, label, replaceValue, strOf, tasksOf } from './common';

const POLICY = ['promiscuous', 'forged_transmits', 'mac_changes'];
const OVERRIDES = [
  'ipfix_override', 'live_port_move', 'mac_management_override', 'network_rp_override', 'shaping_override',
  'traffic_filter_override', 'uplink_teaming_override', 'vendor_config_override', 'vlan_override',
];

export const ansDvpgSecurity: Rule<AnsibleModel> = {
  meta: {
    id: 'ANS-DVPG-SECURITY',
    title: 'Distributed port group with weak security policy, port overrides or a full VLAN trunk',
    family: 'vswitch-policy',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['ansible'],
    risk: 'On a distributed port group, promiscuous mode, forged transmits and MAC changes let VMs sniff or impersonate traffic; per-port overrides let whoever configures a single port (or a VM admin with port rights) undo the group\'s policy, and without reset at disconnect those per-port changes stick; a trunk of VLANs 0-4094 hands every VLAN to the guest.',
    remedy: 'Keep network_policy promiscuous, forged_transmits and mac_changes false, keep port_policy overrides false (block_override may stay true) with port_config_reset_at_disconnect true, and trunk only the VLANs the guest needs.',
    notes: 'Omitted options follow the module defaults (policy false, overrides false, reset at disconnect true) and are not reported; a network_policy with inherited: true takes the switch policy and is not judged. The VLAN trunk finding has no fix: vharden cannot know which VLANs are needed. state: absent and templated values are not judged.',
    references: [stig('VCSA-80-000268'), stig('VCSA-80-000269'), stig('VCSA-80-000270'), stig('VCSA-80-000273'), stig('VCSA-80-000301', 'V-258966'), stig('VCSA-80-000302', 'V-258967'), scg('vcenter-9.network-restrict-port-level-overrides'), doc('Ansible community.vmware', 'vmware_dvs_portgroup')],
  },
  check(model) {
    const out: FindingDraft[] = [];
    const flag = (task: { locator: string }, opt: Opt, path: string, message: string, value: string) =>
      out.push({ start: opt.start, end: opt.end, locator: `${task.locator}/${path}`, message, fixes: [{ title: `Set ${opt.name} to ${value}`, safety: 'safe', edits: [replaceValue(opt, value, 'raw')] }] });
    for (const task of tasksOf(model, 'vmware_dvs_portgroup')) {
      if (strOf(task.opt('state'))?.toLowerCase() === 'absent') continue;
      const policy = task.opt('network_policy');
      const pmap = policy && isMap(policy.node) ? asMap(policy.node)! : undefined;
      // inherited: true takes the switch's policy and ignores the values listed here
      const pm = pmap && boolOf(mapOpt(pmap, 'inherited', model.text)) !== true ? pmap : undefined;
      for (const key of pm ? POLICY : []) {
        const opt = mapOpt(pm!, key, model.text);
        if (opt && boolOf(opt) === true) flag(task, opt, `network_policy/${key}`, `${label(task)} allows ${key.replace('_', ' ')} on the distributed port group (${key}: ${opt.text}).`, 'false');
      }
      const ports = task.opt('port_policy');
      const pp = ports && isMap(ports.node) ? asMap(ports.node)! : undefined;
      for (const key of pp ? OVERRIDES : []) {
        const opt = mapOpt(pp!, key, model.text);
        if (opt && boolOf(opt) === true) flag(task, opt, `port_policy/${key}`, `${label(task)} lets single ports override the group policy (${key}: ${opt.text}).`, 'false');
      }
      const reset = pp ? mapOpt(pp, 'port_config_reset_at_disconnect', model.text) : undefined;
      if (reset && boolOf(reset) === false) flag(task, reset, 'port_policy/port_config_reset_at_disconnect', `${label(task)} keeps per-port changes after a VM disconnects (port_config_reset_at_disconnect: ${reset.text}).`, 'true');
      const trunk = task.opt('vlan_trunk');
      const vlan = task.opt('vlan_id');
      const range = strOf(vlan)?.replace(/\s/g, '');
      if (boolOf(trunk) === true && vlan && range && /^0-4094$/.test(range)) {
        out.push({ start: vlan.start, end: vlan.end, locator: `${task.locator}/vlan_id`, message: `${label(task)} trunks every VLAN (0-4094) to the guests of this port group.` });
      }
    }
    return out;
  },
};
