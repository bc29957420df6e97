import { matchesAny, type EffectiveConfig } from '../../engine/config';
import type { Fabric } from '../../engine/fabric';
import type { CrossFileFindingDraft, CrossFileRule } from '../../engine/types';
import { HV_SECURITY, SET_VMNETWORKADAPTER } from '../hyperv/refs';
import { NIST_125B } from './refs';

export const hvMirDestUnauth: CrossFileRule = {
  meta: {
    id: 'HV-MIR-DEST-UNAUTH',
    title: 'Hyper-V mirror destination on a VM that is not an authorised sensor',
    family: 'mirror-port',
    severity: 'high',
    fixSafety: 'none',
    formats: ['hyperv-ps', 'hyperv-snapshot'],
    risk: 'An adapter in `-PortMirroring Destination` mode receives a copy of the traffic of every `Source` adapter on its switch. On a VM that is not a monitoring sensor this is an eavesdropping tap: that VM reads its neighbours\' traffic, credentials included.',
    remedy: 'Set `-PortMirroring Destination` only on the sensor VM\'s adapter and list the sensor in `monitoring.authorizedSensors`; set `-PortMirroring None` on any other adapter.',
    notes: '`monitoring.authorizedSensors` lists the sensors (VM names or `VM/adapter` names, globs allowed). While it is empty, every Destination adapter is reported at low severity as unapproved (as ANS-MIR-VSPAN-UNAUTH does for vSphere sessions); once it is set, a destination it does not list is high. Cross-file: reads every Destination setting in scope whose switch is known.',
    references: [SET_VMNETWORKADAPTER, HV_SECURITY, NIST_125B],
  },
  checkScope(fabric: Fabric, config: EffectiveConfig): CrossFileFindingDraft[] {
    const sensors = config.monitoring.authorizedSensors;
    const out: CrossFileFindingDraft[] = [];
    for (const m of fabric.mirrors) {
      if (m.via !== 'hyperv' || m.outputPort === undefined) continue;
      if (sensors.length > 0 && ((m.destination !== undefined && matchesAny(m.destination, sensors)) || matchesAny(m.outputPort, sensors))) continue;
      out.push({
        path: m.path,
        start: m.start,
        end: m.end,
        locator: `${m.locator}#destination`,
        severity: sensors.length === 0 ? 'low' : undefined,
        message: sensors.length === 0
          ? `Adapter ${m.outputPort} receives the mirrored traffic of switch ${m.switch ?? '?'} (PortMirroring Destination), an unapproved destination: no authorised sensors are configured (add ${m.destination ?? 'the VM'} to monitoring.authorizedSensors if it is one).`
          : `Adapter ${m.outputPort} receives the mirrored traffic of switch ${m.switch ?? '?'} (PortMirroring Destination), and ${m.destination ?? 'its VM'} is not in monitoring.authorizedSensors.`,
      });
    }
    return out;
  },
};
