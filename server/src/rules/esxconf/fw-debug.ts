import type { FindingDraft, Rule } from '../../engine/types';
import { ESX_FIREWALL, type EsxFirewall } from '../../formats/vsphere/carriers';
import { doc } from '../refs';
import { FIREWALL_NOTE, SHAPE_NOTE, enabledRuleset, onFirewallValue } from './common';
import { closeRulesets } from '../live';

const RULESETS: Record<string, string> = { gdbserver: 'GDB debugging', remoteSerialPort: 'remote serial port' };

export const esxconfFwDebug: Rule<EsxFirewall> = {
  input: ESX_FIREWALL,
  meta: {
    id: 'ESXCONF-FW-DEBUG',
    title: 'Debug or remote serial ruleset enabled',
    family: 'exposed-management',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['esxconf', 'vsphere-snapshot'],
    risk: 'The gdbserver and remoteSerialPort rulesets open wide port ranges. Tools reuse them to expose per-VM VNC consoles and serial-over-network ports, which have no authentication of their own.',
    remedy: 'Close these rulesets; use a virtual serial port concentrator or the vSphere console instead.',
    notes: `${FIREWALL_NOTE} ${SHAPE_NOTE}`,
    live: closeRulesets('gdbserver', 'remoteSerialPort'),
    references: [doc('NetIQ Cloud Manager guide', 'reuse of gdbserver to open VNC ports', 'https://www.netiq.com/documentation/cloudmanager2/ncm2_install_orch/data/bxzbk6j.html')],
  },
  check(fw) {
    const out: FindingDraft[] = [];
    for (const [rs, what] of Object.entries(RULESETS)) {
      const e = enabledRuleset(fw, rs);
      if (e) out.push(onFirewallValue(fw, e, `The ${what} firewall ruleset (${rs}) is enabled.`, 'safe'));
    }
    return out;
  },
};
