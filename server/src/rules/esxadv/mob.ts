import type { Rule } from '../../engine/types';
import { ESX_ADVANCED, type EsxAdvancedOptions } from '../../formats/vsphere/carriers';
import { scg, stig } from '../refs';
import { PARTIAL_NOTE, finding, optBool } from './options';
import { hostOptions } from '../live';

const NAME = 'Config.HostAgent.plugins.solo.enableMob';

export const esxadvMob: Rule<EsxAdvancedOptions> = {
  input: ESX_ADVANCED,
  meta: {
    id: 'ESXADV-MOB',
    title: 'Managed Object Browser enabled on the host',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'safe',
    formats: ['esxconf', 'ansible', 'vsphere-snapshot'],
    risk: 'The Managed Object Browser is a web interface to the host\'s whole API. It exposes configuration that helps attackers map the host and lets anyone with credentials change it from a browser, outside normal tooling and often outside monitoring.',
    remedy: `Set ${NAME} to false; enable it only for a debugging session.`,
    notes: PARTIAL_NOTE,
    live: hostOptions([NAME, 'false']),
    references: [stig('ESXI-80-000047', 'V-258736'), scg('esx-9.deactivate-mob')],
  },
  check(s) {
    const o = s.get(NAME);
    if (!o || optBool(o) !== true) return [];
    return [finding(s, o, `${o.name} = ${o.value} turns on the Managed Object Browser, a web interface to the whole host API.`, { value: 'false', type: 'bool', safety: 'safe' })];
  },
};
