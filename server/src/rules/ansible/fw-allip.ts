import { isMap } from 'yaml';
import type { FindingDraft, Rule } from '../../engine/types';
import type { AnsibleModel } from '../../formats/ansible';
import { mapOpt } from '../../formats/ansible/tasks';
import { asMap, seqItems } from '../../formats/ansible/yaml';
import { CLIENT_RULESETS, PORTS_REFERENCE } from '../esx-rulesets';
import { doc, scg, stig } from '../refs';
import { boolOf, label, strOf, tasksOf, yamlTemplate } from './common';

export const ansFwAllIp: Rule<AnsibleModel> = {
  meta: {
    id: 'ANS-FW-ALLIP',
    title: 'Ansible opens an ESXi firewall rule to every address',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'none',
    formats: ['ansible'],
    risk: 'vmware_host_firewall_manager with allowed_hosts.all_ip: true on an enabled rule set lets any address reach that host service (SSH, the web client, CIM, vMotion...). The module\'s own examples do this, so it is copied widely; the ESXi firewall is then no more than an on/off switch.',
    remedy: 'Set all_ip: false and list the management networks in allowed_hosts.ip_network (or single hosts in ip_address). vharden cannot know those networks, so it offers no text fix.',
    notes: `Rule sets with enabled: false are not reported, nor client rule sets, which only let the host connect out (${[...CLIENT_RULESETS].join(', ')}; from VMware's list of outgoing firewall ports). Templated values are not judged.`,
    references: [stig('ESXI-80-000239'), scg('esx-9.firewall-restrict-access'), doc('Ansible community.vmware', 'vmware_host_firewall_manager'), PORTS_REFERENCE],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const task of tasksOf(model, 'vmware_host_firewall_manager')) {
      for (const item of seqItems(task.opt('rules')?.node)) {
        const rule = asMap(item);
        if (!rule) continue;
        if (boolOf(mapOpt(rule, 'enabled', model.text)) === false) continue;
        const hosts = mapOpt(rule, 'allowed_hosts', model.text);
        if (!hosts || !isMap(hosts.node)) continue;
        const allIp = mapOpt(asMap(hosts.node)!, 'all_ip', model.text);
        if (!allIp || boolOf(allIp) !== true) continue;
        const name = strOf(mapOpt(rule, 'name', model.text)) ?? '(unnamed)';
        if (CLIENT_RULESETS.has(name)) continue; // outgoing only: no service on the host to reach
        out.push({
          start: allIp.start,
          end: allIp.end,
          locator: `${task.locator}/rules/${name}/all_ip`,
          message: `${label(task)} allows every address to reach the ESXi firewall rule set "${name}" (all_ip: ${allIp.text}).`,
          templates: [
            yamlTemplate(model, 'Insert a commented allowed_hosts template (fill in your management networks)', allIp.end, [
              "allowed_hosts: { all_ip: false, ip_network: ['<management network CIDR>'] }   (replaces the allowed_hosts above)",
            ]),
          ],
        });
      }
    }
    return out;
  },
};
