import { matchesAny, type EffectiveConfig } from '../../engine/config';
import { guestsOf, type Fabric, type FabricSwitch, type SnippetSite, type SwitchKind } from '../../engine/fabric';
import type { Fix, CrossFileFindingDraft, CrossFileRule, RuleMeta } from '../../engine/types';

const KIND_NAMES: Record<string, string> = {
  'ovs-bridge': 'Open vSwitch bridge',
  'linux-bridge': 'Linux bridge',
  'libvirt-network': 'libvirt network',
  'vsphere-vss': 'standard vSwitch',
  'vsphere-dvs': 'distributed switch',
  'vsphere-portgroup': 'port group',
  'hyperv-switch': 'Hyper-V switch',
};

/** "VM 101, VM 102 and 3 more" */
export function nameList(names: string[], max = 4): string {
  if (names.length <= max) return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join('');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/**
 * Policy: `monitoring.requiredFor` lists the switches that must be mirrored. The default, `*`,
 * requires it of every switch that carries guest traffic; a narrower list makes the others hints.
 */
export function required(config: EffectiveConfig, name: string): boolean {
  return matchesAny(name, config.monitoring.requiredFor);
}

const TC = 'tc qdisc add dev TAP clsact && tc filter add dev TAP ingress matchall action mirred egress mirror dev SENSOR_PORT && tc filter add dev TAP egress matchall action mirred egress mirror dev SENSOR_PORT';

/**
 * Commented mirror definition for the file that defines the switch; the admin fills in the sensor
 * port. Undefined where the file cannot express one (a Linux bridge in netplan).
 */
export function mirrorTemplate(sw: string, kind: SwitchKind, site: SnippetSite): Fix | undefined {
  const c = (line: string): string => `${site.indent}# ${line}`;
  const ovs = `-- --id=@p get port SENSOR_PORT -- --id=@m create mirror name=span-${sw} select-all=true output-port=@p -- set bridge ${sw} mirrors=@m`;
  const linux = kind === 'linux-bridge';
  let lines: string[];
  switch (site.style) {
    case 'shell':
      lines = linux
        ? [c(`vharden: a Linux bridge has no mirror; copy each guest port of ${sw} to a dedicated sensor port`), c('(replace TAP and SENSOR_PORT, run it once the guest\'s TAP exists, then uncomment)'), c(TC)]
        : [c(`vharden: mirror ${sw} to a dedicated sensor port: replace SENSOR_PORT, then uncomment`), c(`ovs-vsctl ${ovs}`)];
      break;
    case 'ifupdown-ovs':
      lines = [c('vharden: mirror this bridge to a dedicated sensor port: replace SENSOR_PORT, then uncomment'), c(`ovs_extra ${ovs.replace(new RegExp(`\\b${escape(sw)}\\b`, 'g'), '${IFACE}')}`)];
      break;
    case 'ifupdown-linux':
      lines = [
        c('vharden: a Linux bridge has no mirror; copy each guest port to a dedicated sensor port'),
        c('(replace TAP and SENSOR_PORT, then uncomment; guest taps appear when the guest starts, so a VM hook'),
        c('script is the surer place), or move the guests to an OVS bridge with a mirror'),
        c(`post-up ${TC}`),
      ];
      break;
    case 'ansible':
      lines = kind === 'vsphere-vss' ? [
        c(`vharden: a standard vSwitch has no port mirroring; give the sensor VM a port group on ${sw} that`),
        c('sees all traffic (promiscuous, VLAN 4095 = all VLANs), then uncomment and attach only the sensor to it'),
        c('- name: Sensor port group'),
        c('  community.vmware.vmware_portgroup:'),
        c('    hostname: "{{ vcenter_hostname }}"'),
        c('    username: "{{ vcenter_username }}"'),
        c('    password: "{{ vcenter_password }}"'),
        c('    hosts: ["{{ esxi_hostname }}"]'),
        c(`    switch: ${sw}`),
        c('    portgroup: SENSOR_PG'),
        c('    vlan_id: 4095'),
        c('    security:'),
        c('      promiscuous_mode: true'),
        c('      forged_transmits: false'),
        c('      mac_changes: false'),
      ] : [
        c(`vharden: mirror ${sw} to a sensor VM: fill in SENSOR_VM and the source ports, then uncomment`),
        ...vspanTask(sw).map(c),
      ];
      break;
    case 'terraform':
      lines = kind === 'vsphere-vss' ? [
        c(`vharden: a standard vSwitch has no port mirroring; give the sensor VM a port group on ${sw} that`),
        c('sees all traffic (promiscuous, VLAN 4095 = all VLANs), then uncomment and attach only the sensor to it'),
        c('resource "vsphere_host_port_group" "sensor" {'),
        c('  name                   = "SENSOR_PG"'),
        c('  host_system_id         = HOST_ID'),
        c(`  virtual_switch_name    = "${sw}"`),
        c('  vlan_id                = 4095'),
        c('  allow_promiscuous      = true'),
        c('  allow_forged_transmits = false'),
        c('  allow_mac_changes      = false'),
        c('}'),
      ] : [
        c(`vharden: Terraform has no port-mirroring resource; mirror ${sw} to a sensor VM with this Ansible task`),
        c('(community.vmware) in a playbook of this repository: fill in SENSOR_VM and the source ports'),
        ...vspanTask(sw).map(c),
      ];
      break;
    case 'powershell': {
      const q = `'${sw.replace(/'/g, "''")}'`;
      lines = [
        c(`vharden: mirror ${sw} to a sensor VM whose adapter is on this switch: replace SENSOR_VM, then uncomment`),
        c('Set-VMNetworkAdapter -VMName SENSOR_VM -PortMirroring Destination'),
        c(`Get-VMNetworkAdapter -VMName * | Where-Object { $_.SwitchName -eq ${q} -and $_.VMName -ne 'SENSOR_VM' } | Set-VMNetworkAdapter -PortMirroring Source`),
      ];
      break;
    }
    case 'powershell-dsc':
      lines = [
        c(`vharden: mirror ${sw} to a sensor VM: replace SENSOR_VM and SENSOR_NIC, set PortMirroring = 'Source' on the guests' adapters, then uncomment`),
        c(`VMNetworkAdapterSettings SensorMirror { Id = 'SENSOR_NIC'; Name = 'SENSOR_NIC'; VMName = 'SENSOR_VM'; SwitchName = '${sw.replace(/'/g, "''")}'; PortMirroring = 'Destination' }`),
      ];
      break;
    case 'netplan':
      if (linux) return undefined;
      lines = [c('vharden: netplan cannot define mirrors; on the host run (replace SENSOR_PORT):'), c(`ovs-vsctl ${ovs}`)];
      break;
  }
  return { title: `Insert a mirror template for ${sw} (sensor port to fill in)`, safety: 'guarded', edits: [{ start: site.at, end: site.at, newText: lines.map((l) => site.eol + l).join('') }] };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Port groups meant for VMs (see SwitchFact.guestFacing) that no VMkernel adapter in scope uses, by
 * the switch they belong to: such a switch carries guest traffic though no VM in scope says so.
 * Built once per scope (a lookup per switch would be quadratic in the switches of a large scope).
 */
function guestPortGroups(fabric: Fabric): (sw: FabricSwitch) => string[] {
  const byParent = new Map<string, Set<string>>();
  const key = (namespace: string | undefined, name: string) => `${namespace ?? ''}\0${name}`;
  for (const pg of fabric.switches) {
    const d = pg.def;
    if (!d.guestFacing || d.parent === undefined || pg.ports.some((p) => p.role === 'internal')) continue;
    const k = key(d.namespace, d.parent);
    let names = byParent.get(k);
    if (!names) byParent.set(k, (names = new Set()));
    names.add(d.name);
  }
  return (sw) => [...(byParent.get(key(sw.def.namespace, sw.def.name)) ?? [])];
}

/** The Ansible task that mirrors distributed switch `sw` to a sensor VM (the templates of Ansible and Terraform files). */
function vspanTask(sw: string): string[] {
  return [
    `- name: Mirror ${sw} to the sensor`,
    '  community.vmware.vmware_vspan_session:',
    '    hostname: "{{ vcenter_hostname }}"',
    '    username: "{{ vcenter_username }}"',
    '    password: "{{ vcenter_password }}"',
    `    switch: ${sw}`,
    `    name: span-${sw}`,
    '    state: present',
    '    enabled: true',
    '    normal_traffic_allowed: false',
    '    source_port_transmitted: SOURCE_PORT_KEY',
    '    source_port_received: SOURCE_PORT_KEY',
    '    destination_vm:',
    '      name: SENSOR_VM',
    '      nic_label: Network adapter 1',
  ];
}

/** A switch defined in a Terraform file (TF-MIR-DVS-NOSPAN reports it rather than ANS-MIR-DVS-NOSPAN). */
export function isTerraform(path: string): boolean {
  return /\.tf(\.json)?$/i.test(path);
}

/**
 * A "switch carrying guest traffic with no mirror session in scope" rule for some kinds of switch,
 * reported at each definition of the switch that `reportsAt` accepts (one switch can be defined by
 * Terraform and seen in a live snapshot: each definition is reported by the rule of its own kind).
 */
export function missingMirrorRule(meta: RuleMeta, selects: (sw: FabricSwitch, fabric: Fabric, config: EffectiveConfig) => boolean, gap = 'no mirror session in scope copies it to a sensor', reportsAt: (def: FabricSwitch['def']) => boolean = () => true): CrossFileRule {
  return {
    meta,
    checkScope(fabric: Fabric, config: EffectiveConfig): CrossFileFindingDraft[] {
      const out: CrossFileFindingDraft[] = [];
      let groupsOf: ((sw: FabricSwitch) => string[]) | undefined;
      for (const sw of fabric.switches) {
        if (!selects(sw, fabric, config) || sw.mirrors.length > 0) continue;
        const guests = guestsOf(sw);
        const groups = guests.length === 0 ? (groupsOf ??= guestPortGroups(fabric))(sw) : [];
        if (guests.length === 0 && groups.length === 0) continue;
        // isolated ports cannot talk to each other: no guest-to-guest traffic to watch
        if (guests.length > 0 && (sw.def.isolated || sw.ports.every((p) => p.role !== 'guest' || p.isolated))) continue;
        const carried = guests.length > 0 ? nameList(guests) : `the VMs on ${groups.length > 1 ? 'port groups' : 'port group'} ${nameList(groups)}`;
        const name = sw.def.name;
        const isRequired = required(config, name);
        for (const def of sw.defs) {
          if (def.kind !== sw.def.kind || !reportsAt(def)) continue;
          out.push({
            path: def.path,
            start: def.start,
            end: def.end,
            severity: isRequired ? meta.severity : 'info',
            locator: def.locator,
            message: `The ${KIND_NAMES[def.kind] ?? 'switch'} ${name} carries the traffic of ${carried}, and ${gap}: traffic between ${guests.length !== 1 ? 'these guests' : 'this guest and its neighbours'} is invisible to network monitoring.${isRequired ? '' : ' (not in monitoring.requiredFor: hint only)'}`,
            templates: def.snippet ? [mirrorTemplate(name, def.kind, def.snippet)].filter((t): t is Fix => !!t) : undefined,
          });
        }
      }
      return out;
    },
  };
}
