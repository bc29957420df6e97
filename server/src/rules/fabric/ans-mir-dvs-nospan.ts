import { doc } from '../refs';
import { isTerraform, missingMirrorRule } from './missing';
import { NIST_125B } from './refs';

export const ansMirDvsNoSpan = missingMirrorRule(
  {
    id: 'ANS-MIR-DVS-NOSPAN',
    title: 'Distributed switch with guests and no port-mirroring session',
    family: 'mirror-port',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['ansible', 'vmx', 'vsphere-snapshot'],
    risk: 'VMs on the same distributed switch and host talk to each other inside the hypervisor; without a port-mirroring (VSPAN) session nothing copies that traffic to an IDS or packet broker, so lateral movement between these VMs is invisible to network monitoring.',
    remedy: 'Add a `community.vmware.vmware_vspan_session` task (session type dvPortMirror) on this switch whose destination is an authorised sensor VM or port, with `normal_traffic_allowed: false`. The quick fix inserts a commented task to complete.',
    notes: 'Cross-file: the switch comes from a `vmware_dvswitch` task, its port groups from `vmware_dvs_portgroup` tasks (or `networks[].dvswitch_name` of `vmware_guest`), the guests from `vmware_guest` / `vmware_guest_network` tasks and `.vmx` `ethernetN.networkName`, and the session from a `vmware_vspan_session` task with `state: present` anywhere in scope. Quiet for switches without guests in scope. Standard vSwitches have no port mirroring and are not reported here. Policy as OVS-MIR-MISSING: medium for switches matched by `monitoring.requiredFor` (default `*`), info otherwise. Switches defined by Terraform resources are TF-MIR-DVS-NOSPAN.',
    live: {
      client: 'Distributed switch > Configure > Settings > Port Mirroring > New: Distributed Port Mirroring, with the sensor as destination',
      ansible: '`community.vmware.vmware_vspan_session` with `switch:`, `session_type: dvPortMirror`, the sensor in `destination_port` or `destination_vm`, and `normal_traffic_allowed: false`',
    },
    references: [doc('Ansible community.vmware', 'vmware_vspan_session module'), NIST_125B],
  },
  (sw) => sw.def.kind === 'vsphere-dvs' && sw.defs.some((d) => !isTerraform(d.path)),
  undefined,
  (d) => !isTerraform(d.path),
);
