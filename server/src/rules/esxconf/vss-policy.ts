import { matchesAny } from '../../engine/config';
import type { FindingDraft, Rule } from '../../engine/types';
import type { EsxConfModel, EsxEntry } from '../../formats/esxconf/parser';
import { scg, stig } from '../refs';
import { SHAPE_NOTE, esxBool, onEntry, setFix } from './common';

const POLICY = /^(\/net\/vswitch\/child\[\d+\](?:\/portgroup\/child\[\d+\])?)\/securityPolicy\/(promiscuous|forgedTx|macChange)$/;
const WHAT: Record<string, string> = { promiscuous: 'promiscuous mode', forgedTx: 'forged transmits', macChange: 'MAC address changes' };
/** names that suggest nested ESXi, appliances or sensors, which may need these modes */
const SPECIAL = /nested|esxi|appliance|sensor|ids|span|monitor|capture|lab/i;

const SWITCH_POLICY = /^(\/net\/vswitch\/child\[\d+\])\/securityPolicy\/[A-Za-z]+$/;

/**
 * A switch whose security policy block is written but leaves out forgedTx or macChange gets the
 * standard-switch default for it, Accept. Switches with no policy keys at all are not judged.
 */
function omittedDefaults(m: EsxConfModel): FindingDraft[] {
  const out: FindingDraft[] = [];
  const switches = new Map<string, EsxEntry>();
  for (const e of m.matching(SWITCH_POLICY)) {
    const sw = SWITCH_POLICY.exec(e.key)![1]!;
    const prev = switches.get(sw);
    if (!prev || e.line > prev.line) switches.set(sw, e);
  }
  for (const [sw, lastPolicy] of switches) {
    for (const setting of ['forgedTx', 'macChange'] as const) {
      const key = `${sw}/securityPolicy/${setting}`;
      if (m.get(key)) continue;
      const where = m.describe(key) || sw;
      out.push({
        start: lastPolicy.keyStart,
        end: lastPolicy.keyEnd,
        severity: setting === 'macChange' ? 'high' : 'medium',
        locator: `${key}#absent`,
        message: `${where}: ${setting} is not set, so the standard-switch default accepts ${WHAT[setting]}.`,
        fixes: [{ title: `Add ${key} = "false"${SPECIAL.test(where) ? ' (guarded: nested ESXi or appliances on this switch may need it)' : ''}`, safety: SPECIAL.test(where) ? 'guarded' : 'safe', edits: [m.add(key, 'false', `${sw}/securityPolicy/`)] }],
      });
    }
  }
  return out;
}

export const esxconfVssPolicy: Rule<EsxConfModel> = {
  meta: {
    id: 'ESXCONF-VSS-POLICY',
    title: 'Standard switch accepts promiscuous mode, forged transmits or MAC changes',
    family: 'vswitch-policy',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['esxconf'],
    risk: 'With MAC address changes or forged transmits accepted, a guest can impersonate another VM\'s MAC and take its traffic; with promiscuous mode it reads every frame on the port group. ESXi shipped standard switches with forged transmits and MAC changes set to Accept.',
    remedy: 'Set promiscuous, forgedTx and macChange to "false" on the switch and its port groups. Allow promiscuous mode only on a dedicated sensor port group (listed in vharden.monitoring.authorizedSensors).',
    notes: `High for MAC changes, medium for the others. Port-group overrides are read under …/portgroup/child[M]/securityPolicy/ (unverified key shape). Promiscuous mode on a port group whose name matches vharden.monitoring.authorizedSensors is not reported. A switch whose policy block leaves out forgedTx or macChange is reported for the omitted key (the standard-switch default is Accept) with a fix that adds it; a switch with no policy keys at all is not judged. The fix is offered as guarded when the switch or port group name suggests nested ESXi, appliances or sensors. ${SHAPE_NOTE}`,
    references: [stig('ESXI-80-000216', 'V-258771'), stig('ESXI-80-000217', 'V-258772'), stig('ESXI-80-000218', 'V-258773'), scg('esx-9.network-standard-reject-forged-transmit'), scg('esx-9.network-standard-reject-mac-changes'), scg('esx-9.network-standard-reject-promiscuous-mode')],
  },
  check(m, ctx) {
    const out: FindingDraft[] = [];
    for (const e of m.matching(POLICY)) {
      if (esxBool(e.value) !== true) continue;
      const [, owner, setting] = POLICY.exec(e.key)!;
      const where = m.describe(e.key) || owner!;
      const pgName = owner!.includes('/portgroup/') ? m.get(`${owner}/name`)?.value : undefined;
      if (setting === 'promiscuous' && pgName && matchesAny(pgName, ctx.config.monitoring.authorizedSensors)) continue;
      const special = SPECIAL.test(where);
      const f = onEntry(e, `${where}: ${WHAT[setting!]} set to accept.`, [setFix(m, e, 'false', special ? 'guarded' : 'safe', 'nested ESXi or appliances on this switch may need it')]);
      f.severity = setting === 'macChange' ? 'high' : 'medium';
      out.push(f);
    }
    out.push(...omittedDefaults(m));
    return out;
  },
};
