import type { At, Fabric, MirrorFact } from '../../engine/fabric';
import type { CrossFileFindingDraft, CrossFileRule, Fix } from '../../engine/types';
import { HV_SECURITY, SET_VMNETWORKADAPTER } from '../hyperv/refs';
import { mirrorTemplate } from './missing';
import { NIST_125B } from './refs';

export const hvMirNoDestination: CrossFileRule = {
  meta: {
    id: 'HV-MIR-NO-DESTINATION',
    title: 'Hyper-V port mirroring Source with no Destination on the switch',
    family: 'mirror-port',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['hyperv-ps', 'hyperv-snapshot'],
    risk: 'A Hyper-V adapter in `-PortMirroring Source` mode copies its traffic to the adapters in `Destination` mode on the same switch. With no destination adapter on that switch the copies go nowhere: the monitoring the script intends does not happen, and nobody notices.',
    remedy: 'Give the sensor VM an adapter on the same switch with `Set-VMNetworkAdapter -VMName SENSOR -PortMirroring Destination` (DSC: `VMNetworkAdapterSettings { PortMirroring = \'Destination\' }`), and list the sensor in `monitoring.authorizedSensors`.',
    notes: 'Cross-file over one scope: the Source and Destination settings may be in different scripts. A setting counts when its script also creates the adapter (so its switch is known) or DSC names the switch. When the switch is defined in the same file, a commented template for the destination is offered.',
    references: [SET_VMNETWORKADAPTER, HV_SECURITY, NIST_125B],
  },
  checkScope(fabric: Fabric): CrossFileFindingDraft[] {
    const bySwitch = new Map<string, At<MirrorFact>[]>();
    for (const m of fabric.mirrors) {
      if (m.via !== 'hyperv' || m.switch === undefined) continue;
      const k = m.switch.toLowerCase();
      let list = bySwitch.get(k);
      if (!list) bySwitch.set(k, (list = []));
      list.push(m);
    }
    const defs = new Map(fabric.switches.filter((s) => s.def.kind === 'hyperv-switch').map((s) => [s.def.name.toLowerCase(), s.def]));
    const out: CrossFileFindingDraft[] = [];
    for (const [k, list] of bySwitch) {
      if (list.some((m) => m.outputPort !== undefined)) continue;
      const def = defs.get(k);
      for (const m of list) {
        const template = def && def.path === m.path && def.snippet ? mirrorTemplate(def.name, def.kind, def.snippet) : undefined;
        out.push({
          path: m.path,
          start: m.start,
          end: m.end,
          locator: m.locator,
          message: `Adapter ${m.selectPorts[0]} mirrors its traffic (PortMirroring Source) on switch ${m.switch}, but no adapter on that switch is in Destination mode: the copies go nowhere.`,
          templates: template ? [template].filter((t): t is Fix => !!t) : undefined,
        });
      }
    }
    return out;
  },
};
