import { detectEol } from '../../engine/text';
import type { FabricFacts, SnippetSite } from '../../engine/fabric';
import type { AnsibleModel } from '.';
import { mapOpt, type Opt, type Task } from './tasks';
import { asMap, seqItems } from './yaml';

function str(o: Opt | undefined): string | undefined {
  if (!o || o.templated || o.text === undefined) return undefined;
  return o.text.trim() || undefined;
}

/** Where a task snippet goes: after the task, at the indentation of its `- `. */
function afterTask(model: AnsibleModel, t: Task): SnippetSite {
  const last = model.index.position(Math.max(t.range.start, t.range.end - 1)).line;
  const col = model.index.position(t.range.start).character;
  const dash = model.text.slice(model.index.lineStart(model.index.position(t.range.start).line), t.range.start).trimEnd().endsWith('-');
  return { at: model.index.lineEnd(last), indent: ' '.repeat(Math.max(0, dash ? col - 2 : col)), eol: detectEol(model.text), style: 'ansible' };
}

/** The VM a task creates, for messages: its name, or (templated, looped) the task's name. */
function vmName(t: Task): string {
  return str(t.opt('name')) ?? (t.name ? `the VMs of task "${t.name}"` : t.locator);
}

/** Port group names that say they carry VMkernel traffic (management, vMotion, storage, vSAN, FT, overlay) or uplinks. */
export const NOT_FOR_VMS = /(^|[\W_])(mgmt|management|vmk\d*|v-?motion|vsan|iscsi|nfs|storage|provisioning|replication|ft|fault-?tolerance|witness|v?tep|nsx-?tep|uplinks?)([\W_\d]|$)/i;

/** `security.promiscuous_mode: true` (also under the aliases `security_policy` and `network_policy`). */
function promiscuous(model: AnsibleModel, t: Task): boolean {
  const sec = asMap(t.opt('security', 'security_policy', 'network_policy')?.node);
  const v = sec ? str(mapOpt(sec, 'promiscuous_mode', model.text))?.toLowerCase() : undefined;
  return v === 'true' || v === 'yes' || v === 'on';
}

/**
 * vSphere switches, port groups, VM NICs and port-mirroring sessions that community.vmware tasks
 * create. Tasks with `state: absent` remove things and contribute nothing; templated names are skipped.
 */
export function ansibleFabric(model: AnsibleModel): FabricFacts {
  const facts: FabricFacts = { switches: [], ports: [], mirrors: [] };
  for (const t of model.tasks) {
    if (str(t.opt('state'))?.toLowerCase() === 'absent') continue;
    switch (t.module) {
      case 'vmware_dvswitch':
      case 'vmware_vswitch': {
        const o = t.opt('switch_name', 'switch', 'dvswitch');
        const name = str(o);
        if (!o || !name) break;
        const dvs = t.module === 'vmware_dvswitch';
        facts.switches.push({ kind: dvs ? 'vsphere-dvs' : 'vsphere-vss', namespace: 'vsphere', name, start: o.start, end: o.end, locator: `${dvs ? 'dvs' : 'vss'}:${name}`, snippet: afterTask(model, t) });
        break;
      }
      case 'vmware_dvs_portgroup':
      case 'vmware_portgroup': {
        const o = t.opt('portgroup_name', 'portgroup');
        const name = str(o);
        const parent = str(t.opt('switch_name', 'switch', 'vswitch'));
        if (!o || !name) break;
        // a distributed port group that is not an uplink or VMkernel group is there for VMs
        const guestFacing = t.module === 'vmware_dvs_portgroup' && !NOT_FOR_VMS.test(name) ? true : undefined;
        facts.switches.push({ kind: 'vsphere-portgroup', namespace: 'vsphere', name, parent, start: o.start, end: o.end, locator: `portgroup:${name}`, guestFacing });
        // a standard-vSwitch port group that accepts promiscuous mode is how a sensor sees the switch's traffic
        if (t.module === 'vmware_portgroup' && parent && promiscuous(model, t)) {
          facts.mirrors.push({ start: o.start, end: o.end, switch: parent, namespace: 'vsphere', name, via: 'promiscuous', selectAll: true, selectPorts: [], selectVlans: [], destination: name, locator: `sensor-portgroup:${name}` });
        }
        break;
      }
      case 'vmware_guest': {
        const vm = vmName(t);
        seqItems(t.opt('networks')?.node).forEach((item, i) => {
          const map = asMap(item);
          const net = map ? mapOpt(map, 'name', model.text) : undefined;
          const name = str(net);
          if (!map || !net || !name) return;
          facts.ports.push({ start: net.start, end: net.end, switch: name, namespace: 'vsphere', name: `${vm}/nic${i}`, role: 'guest', guest: vm, locator: `${t.locator}/networks[${i}]` });
          // a NIC that names its distributed switch places the port group on it
          const dvs = str(mapOpt(map, 'dvswitch_name', model.text));
          if (dvs) facts.switches.push({ kind: 'vsphere-portgroup', namespace: 'vsphere', name, parent: dvs, start: net.start, end: net.end, locator: `portgroup:${name}` });
        });
        break;
      }
      case 'vmware_vmkernel': {
        // a VMkernel adapter is the host's own port on its port group
        const pg = t.opt('portgroup_name', 'portgroup');
        const name = str(pg);
        if (pg && name) facts.ports.push({ start: pg.start, end: pg.end, switch: name, namespace: 'vsphere', name: `${str(t.opt('esxi_hostname')) ?? 'host'}/${str(t.opt('device')) ?? 'vmk'}`, role: 'internal', locator: `${t.locator}/portgroup_name` });
        break;
      }
      case 'vmware_guest_network': {
        const net = t.opt('network_name');
        const name = str(net);
        const vm = str(t.opt('name')) ?? str(t.opt('uuid')) ?? vmName(t);
        if (net && name) facts.ports.push({ start: net.start, end: net.end, switch: name, namespace: 'vsphere', name: `${vm}/${str(t.opt('label')) ?? 'nic'}`, role: 'guest', guest: vm, locator: `${t.locator}/network_name` });
        break;
      }
      case 'vmware_vspan_session': {
        if (str(t.opt('state'))?.toLowerCase() !== 'present') break;
        const sw = str(t.opt('switch', 'switch_name'));
        if (!sw) break;
        const destMap = asMap(t.opt('destination_vm')?.node);
        const destVm = destMap ? str(mapOpt(destMap, 'name', model.text)) : undefined;
        const sources = ['source_port_transmitted', 'source_port_received'].map((n) => str(t.opt(n))).filter((x): x is string => !!x);
        const vmSources = ['source_vm_transmitted', 'source_vm_received'].map((n) => {
          const m = asMap(t.opt(n)?.node);
          return m ? str(mapOpt(m, 'name', model.text)) : undefined;
        }).filter((x): x is string => !!x);
        facts.mirrors.push({
          start: t.start,
          end: t.end,
          switch: sw,
          namespace: 'vsphere',
          name: str(t.opt('name')),
          via: 'vspan',
          selectAll: false,
          selectPorts: [...sources, ...vmSources],
          selectVlans: [],
          outputPort: str(t.opt('destination_port')),
          destination: destVm ?? str(t.opt('destination_port')),
          locator: `vspan:${t.locator}`,
        });
        break;
      }
    }
  }
  return facts;
}
