import { doc } from '../refs';
import { isTerraform, missingMirrorRule } from './missing';
import { NIST_125B } from './refs';

export const tfMirDvsNoSpan = missingMirrorRule(
  {
    id: 'TF-MIR-DVS-NOSPAN',
    title: 'Terraform distributed switch with guests and no port-mirroring session',
    family: 'mirror-port',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['terraform', 'ansible', 'vmx'],
    risk: 'VMs on the same distributed switch and host talk to each other inside the hypervisor; without a port-mirroring (VSPAN) session nothing copies that traffic to an IDS or packet broker, so lateral movement between these VMs is invisible to network monitoring. The Terraform vSphere provider has no port-mirroring resource, so a switch built with Terraform gets a session only from another tool.',
    remedy: 'Add a `community.vmware.vmware_vspan_session` task (session type dvPortMirror) on this switch, whose destination is an authorised sensor VM or port, with `normal_traffic_allowed: false`, in a playbook of the same repository. The quick fix inserts that task as a comment in the .tf file, to move into a playbook.',
    notes: 'Cross-file: the switch comes from a `vsphere_distributed_virtual_switch` resource, its port groups from `vsphere_distributed_port_group` resources (linked through `distributed_virtual_switch_uuid`), the guests from `vsphere_virtual_machine` `network_interface` blocks whose `network_id` names a port group or a `vsphere_network` data source, Ansible tasks and `.vmx` `ethernetN.networkName`; a `vmware_vspan_session` Ansible task with `state: present`, or an enabled VSPAN session on the switch of the same name in a `vharden collect vsphere` snapshot, anywhere in scope counts as the session. When a snapshot shows the same switch, the `.tf` definition is reported by this rule and the snapshot\'s by ANS-MIR-DVS-NOSPAN. A distributed port group that is not an uplink or VMkernel group (by its name) makes its switch VM-facing even without VMs in scope. Policy as OVS-MIR-MISSING: medium for switches matched by `monitoring.requiredFor` (default `*`), info otherwise. Switches defined by Ansible are ANS-MIR-DVS-NOSPAN.',
    references: [doc('Ansible community.vmware', 'vmware_vspan_session module'), doc('Terraform vSphere provider', 'vsphere_distributed_virtual_switch (no port-mirroring resource)'), NIST_125B],
  },
  (sw) => sw.def.kind === 'vsphere-dvs' && sw.defs.some((d) => isTerraform(d.path)),
  undefined,
  (d) => isTerraform(d.path),
);
