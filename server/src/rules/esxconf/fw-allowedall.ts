import type { FindingDraft, Rule } from '../../engine/types';
import type { EsxConfModel } from '../../formats/esxconf/parser';
import { detectEol, insertLineAfter } from '../../engine/text';
import { scg, stig } from '../refs';
import { SHAPE_NOTE, enabledRuleset, esxBool } from './common';

/** Management rulesets: the first five are seen in public esx.conf text; the last three are from memory (catalog [M]). */
const RULESETS = ['sshServer', 'CIMSLP', 'CIMHttpServer', 'gdbserver', 'remoteSerialPort', 'CIMHttpsServer', 'snmp', 'vSphereClient'];

export const esxconfFwAllowedAll: Rule<EsxConfModel> = {
  meta: {
    id: 'ESXCONF-FW-ALLOWEDALL',
    title: 'Management firewall ruleset open to any address',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'none',
    formats: ['esxconf'],
    risk: 'An enabled management ruleset (SSH, CIM/SLP, the vSphere Client, SNMP, debugging ports) with "allowed all" accepts connections from every network that reaches the host. Attacks on ESXi (ESXiArgs through SLP, password spraying on SSH) start at exactly these ports.',
    remedy: 'Set the ruleset\'s allowedall to "false" and list the management networks as allowed IPs (esxcli network firewall ruleset set --allowed-all false; ruleset allowedip add). vharden offers a commented template with the networks from vharden.managementNetworks; it cannot choose them for you.',
    notes: `Reports rulesets whose enabled and allowedall are both "true": ${RULESETS.join(', ')}. An absent allowedall is not reported (the default is unverified in this file). ${SHAPE_NOTE}`,
    references: [stig('ESXI-80-000239', 'V-258794'), scg('esx-9.firewall-restrict-access')],
  },
  check(m, ctx) {
    const out: FindingDraft[] = [];
    for (const rs of RULESETS) {
      if (!enabledRuleset(m, rs)) continue;
      const all = m.get(`/firewall/services/${rs}/allowedall`);
      if (!all || esxBool(all.value) !== true) continue;
      const nets = ctx.config.managementNetworks.length ? ctx.config.managementNetworks : ['<management CIDR>'];
      const lines = [
        `# vharden: restrict ${rs} to the management networks, then delete the allowedall line above`,
        `# /firewall/services/${rs}/allowedall = "false"`,
        ...nets.map((n, i) => `# /firewall/services/${rs}/allowedip[${String(i).padStart(4, '0')}]/ipstr = "${n}"`),
      ];
      out.push({
        start: all.keyStart,
        end: all.valueEnd,
        locator: all.key,
        message: `Firewall ruleset ${rs} is enabled and allows connections from any address.`,
        templates: [{ title: `Insert a commented allowed-IP template for ${rs}`, safety: 'guarded', edits: [insertLineAfter(ctx.text, m.index, all.line, lines.join(detectEol(ctx.text)))] }],
      });
    }
    return out;
  },
};
