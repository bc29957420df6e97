import type { AdhocEvent } from '../../formats/ovs/commands';
import type { FindingDraft, Rule } from '../../engine/types';
import { OVS_FAQ_SPAN, OVS_TCPDUMP } from '../fabric/refs';

/** Models that can list their ad-hoc mirror operations. */
export interface HasAdhoc {
  net: { adhoc: AdhocEvent[] };
}

const WHAT: Record<AdhocEvent['kind'], string> = {
  'clear-mirrors': 'clears every mirror of the bridge, including any mirror that feeds a sensor',
  'ovs-tcpdump': 'runs ovs-tcpdump, which creates a temporary mirror and port; left in automation it mirrors traffic to a capture nobody reviews',
  'destroy-mirror': 'destroys a mirror by hand; a teardown should remove only the mirror its own setup created',
};

export const ovsMirAdhoc: Rule<HasAdhoc> = {
  meta: {
    id: 'OVS-MIR-ADHOC',
    title: 'Ad-hoc mirror operation in automation',
    family: 'mirror-port',
    severity: 'low',
    fixSafety: 'none',
    formats: ['ovs-shell', 'interfaces'],
    risk: 'Debugging captures (ovs-tcpdump) left in scripts create mirrors outside any review, and `clear bridge B mirrors` removes every mirror of the bridge at once, including the one that feeds the IDS, without anyone noticing.',
    remedy: 'Keep monitoring mirrors declarative and named; in teardown, remove only the mirror the script created (`-- --id=@m get mirror NAME -- remove bridge B mirrors @m`); remove ovs-tcpdump from automation.',
    notes: 'Reads ovs-vsctl commands in scripts and in ifupdown hooks (`post-up`, `down`, …) and `ovs_extra`: `clear bridge B mirrors`, `set bridge B mirrors=[]`, `destroy mirror`, and ovs-tcpdump.',
    references: [OVS_FAQ_SPAN, OVS_TCPDUMP],
  },
  check(model): FindingDraft[] {
    return model.net.adhoc.map((e) => ({
      start: e.start,
      end: e.end,
      locator: e.locator,
      message: e.bridge ? `This command ${WHAT[e.kind].replace('the bridge', e.bridge)}.` : `This command ${WHAT[e.kind]}.`,
    }));
  },
};
