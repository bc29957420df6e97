import { stig } from '../refs';
import { missingMirrorRule } from './missing';
import { NIST_125B } from './refs';

export const vssMirNoSensorPg = missingMirrorRule(
  {
    id: 'VSS-MIR-NO-SENSOR-PG',
    title: 'Standard vSwitch with guests and no sensor port group',
    family: 'mirror-port',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['ansible', 'esxconf', 'vmx', 'terraform', 'vsphere-snapshot'],
    risk: 'A standard vSwitch has no port-mirroring feature: the only way for a sensor to see the traffic between the VMs on it is a port group that accepts promiscuous mode. Without one, traffic between these VMs never reaches network monitoring.',
    remedy: 'Create one port group on the switch for the sensor only, with promiscuous mode accepted (usually VLAN 4095 to see every VLAN), attach only the sensor VM to it, and keep promiscuous mode rejected on the switch and every other port group. The quick fix inserts a commented `vmware_portgroup` task (Terraform: a `vsphere_host_port_group` resource) to complete.',
    notes: 'Cross-file: the switch comes from a `vmware_vswitch` task or esx.conf (`/net/vswitch/child[N]/name`), port groups from `vmware_portgroup` tasks or esx.conf (`…/portgroup/child[M]/name`), guests from `vmware_guest` / `vmware_guest_network` tasks and `.vmx` `ethernetN.networkName`. A `vmware_portgroup` on the switch with `security.promiscuous_mode: true`, or an esx.conf port group whose `securityPolicy/promiscuous` is `"true"`, counts as the sensor port group, and so does a Terraform `vsphere_host_port_group` with `allow_promiscuous = true` (switches from `vsphere_host_virtual_switch`, guests from `vsphere_virtual_machine` NICs). An ESXi host tree (`/etc/vmware/esx.conf` and `/vmfs/volumes/…/*.vmx`) is one scope (switch-wide promiscuous mode does not: it exposes every VM; ESXI-80-000218). Quiet for switches without guests in scope. Policy as OVS-MIR-MISSING: medium for switches matched by `monitoring.requiredFor` (default `*`), info otherwise.',
    live: {
      client: 'Host > Configure > Networking > Virtual switches > Add Networking (Virtual Machine Port Group), then the port group > Edit Settings > Security > Promiscuous mode: Override, Accept',
      powercli: "`$pg = New-VirtualPortGroup -VirtualSwitch $vswitch -Name '<sensor>' -VLanId 4095; Get-SecurityPolicy -VirtualPortGroup $pg | Set-SecurityPolicy -AllowPromiscuous $true`",
      ansible: '`community.vmware.vmware_portgroup` with `switch:`, `portgroup:`, `vlan_id: 4095` and `security: { promiscuous_mode: true }`',
    },
    references: [stig('ESXI-80-000218'), NIST_125B],
  },
  (sw) => sw.def.kind === 'vsphere-vss',
  'no port group in scope lets a sensor see it',
);
