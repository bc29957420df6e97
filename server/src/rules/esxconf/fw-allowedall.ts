import type { FindingDraft, Rule } from '../../engine/types';
import { ESX_FIREWALL, type EsxFirewall } from '../../formats/vsphere/carriers';
import { scg, stig } from '../refs';
import { FIREWALL_NOTE, SHAPE_NOTE, enabledRuleset } from './common';

/** Management rulesets: the first five are seen in public esx.conf text; the last three are from memory (catalog [M]). */
const RULESETS = ['sshServer', 'CIMSLP', 'CIMHttpServer', 'gdbserver', 'remoteSerialPort', 'CIMHttpsServer', 'snmp', 'vSphereClient'];

export const esxconfFwAllowedAll: Rule<EsxFirewall> = {
  input: ESX_FIREWALL,
  meta: {
    id: 'ESXCONF-FW-ALLOWEDALL',
    title: 'Management firewall ruleset open to any address',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'none',
    formats: ['esxconf', 'vsphere-snapshot'],
    risk: 'An enabled management ruleset (SSH, CIM/SLP, the vSphere Client, SNMP, debugging ports) with "allowed all" accepts connections from every network that reaches the host. Attacks on ESXi (ESXiArgs through SLP, password spraying on SSH) start at exactly these ports.',
    remedy: 'Set the ruleset\'s allowedall to "false" and list the management networks as allowed IPs (esxcli network firewall ruleset set --allowed-all false; ruleset allowedip add). vharden offers a commented template with the networks from vharden.managementNetworks; it cannot choose them for you.',
    notes: `Reports rulesets whose enabled and allowedall are both "true": ${RULESETS.join(', ')}. An absent allowedall is not reported (the default is unverified in this file). ${FIREWALL_NOTE} ${SHAPE_NOTE}`,
    live: {
      client: 'Host > Configure > System > Firewall > Edit: select the ruleset, clear "Allow connections from any IP address" and list the management networks',
      powercli: "`(Get-EsxCli -VMHost $vmhost -V2).network.firewall.ruleset.set.Invoke(@{rulesetid='<ruleset>'; allowedall=$false})`, then `network.firewall.ruleset.allowedip.add.Invoke(@{rulesetid='<ruleset>'; ipaddress='<network>'})`",
      ansible: "`community.vmware.vmware_host_firewall_manager` with `rules: [{ name: <ruleset>, enabled: true, allowed_hosts: { all_ip: false, ip_network: ['<network>'] } }]`",
    },
    references: [stig('ESXI-80-000239', 'V-258794'), scg('esx-9.firewall-restrict-access')],
  },
  check(fw, ctx) {
    const out: FindingDraft[] = [];
    for (const key of RULESETS) {
      if (!enabledRuleset(fw, key)) continue;
      const rs = fw.ruleset(key)!;
      const all = rs.allowedAll;
      if (all?.value !== true) continue;
      const nets = ctx.config.managementNetworks.length ? ctx.config.managementNetworks : ['<management CIDR>'];
      const edits = fw.allowedIpTemplate(rs, nets);
      out.push({
        start: all.start,
        end: all.end,
        locator: all.locator,
        message: `Firewall ruleset ${key} is enabled and allows connections from any address.`,
        templates: edits.length ? [{ title: `Insert a commented allowed-IP template for ${key}`, safety: 'guarded', edits }] : undefined,
      });
    }
    return out;
  },
};
