import type { FabricFacts, SnippetSite } from '../../engine/fabric';
import { detectEol } from '../../engine/text';
import { NOT_FOR_VMS } from '../ansible/fabric';
import { attr, blocks, type Block, type Expr } from './ast';
import { address, blocksOf, boolOf, strOf, type HclModel } from './model';

/** Where a mirror template goes: after the line that closes the switch's resource block. */
function afterBlock(model: HclModel, b: Block): SnippetSite | undefined {
  if (model.json) return undefined;
  const n = model.text.indexOf('\n', Math.max(b.start, b.end - 1));
  const at = n < 0 ? model.text.length : model.text[n - 1] === '\r' ? n - 1 : n;
  return { at, indent: '', eol: detectEol(model.text), style: 'terraform' };
}

/**
 * The name of the switch or port group an expression points at: a literal, or a reference to a
 * resource or data block of this file (`vsphere_distributed_virtual_switch.dvs.id`,
 * `data.vsphere_network.net.id`) whose `name` is a literal (else the block's address).
 */
function nameOf(model: HclModel, e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.kind !== 'ref') return strOf(model, e);
  const data = e.path[0] === 'data';
  const [type, label] = data ? [e.path[1], e.path[2]] : [e.path[0], e.path[1]];
  const b = blocks(model.body, data ? 'data' : 'resource').find((x) => x.labels[0] === type && x.labels[1] === label);
  if (!b) return undefined;
  return strOf(model, attr(b.body, 'name')?.value) ?? address(b);
}

const nameOfBlock = (model: HclModel, b: Block) => strOf(model, attr(b.body, 'name')?.value) ?? address(b);

/**
 * vSphere switches, port groups and VM NICs that Terraform resources define, for the cross-file
 * mirror rules. Terraform has no port-mirroring resource: sessions come from Ansible tasks or a host's
 * files in the same scope. A standard port group that accepts promiscuous mode is a sensor port group.
 */
export function hclFabric(model: HclModel): FabricFacts {
  const facts: FabricFacts = { switches: [], ports: [], mirrors: [] };
  for (const b of blocksOf(model, 'resource', 'vsphere_distributed_virtual_switch', 'vsphere_host_virtual_switch')) {
    const dvs = b.labels[0] === 'vsphere_distributed_virtual_switch';
    const name = nameOfBlock(model, b);
    facts.switches.push({ kind: dvs ? 'vsphere-dvs' : 'vsphere-vss', namespace: 'vsphere', name, start: b.typeStart, end: b.headEnd, locator: `${dvs ? 'dvs' : 'vss'}:${name}`, snippet: afterBlock(model, b) });
  }
  for (const b of blocksOf(model, 'resource', 'vsphere_distributed_port_group', 'vsphere_host_port_group')) {
    const distributed = b.labels[0] === 'vsphere_distributed_port_group';
    const name = nameOfBlock(model, b);
    const parent = nameOf(model, attr(b.body, distributed ? 'distributed_virtual_switch_uuid' : 'virtual_switch_name')?.value);
    const guestFacing = distributed && !NOT_FOR_VMS.test(name) ? true : undefined;
    facts.switches.push({ kind: 'vsphere-portgroup', namespace: 'vsphere', name, parent, start: b.typeStart, end: b.headEnd, locator: `portgroup:${name}`, guestFacing });
    if (!distributed && parent && boolOf(model, attr(b.body, 'allow_promiscuous')?.value) === true) {
      facts.mirrors.push({ start: b.typeStart, end: b.headEnd, switch: parent, namespace: 'vsphere', name, via: 'promiscuous', selectAll: true, selectPorts: [], selectVlans: [], destination: name, locator: `sensor-portgroup:${name}` });
    }
  }
  // a VMkernel adapter is the host's own port on its port group (which is then not VM-facing)
  for (const vnic of blocksOf(model, 'resource', 'vsphere_vnic')) {
    const pg = attr(vnic.body, 'distributed_port_group') ?? attr(vnic.body, 'portgroup');
    const sw = nameOf(model, pg?.value);
    if (pg && sw) facts.ports.push({ start: pg.start, end: pg.end, switch: sw, namespace: 'vsphere', name: `${address(vnic)}`, role: 'internal', locator: `${address(vnic)}/${pg.name}` });
  }
  for (const vm of blocksOf(model, 'resource', 'vsphere_virtual_machine')) {
    const guest = nameOfBlock(model, vm);
    blocks(vm.body, 'network_interface').forEach((nic, i) => {
      const net = attr(nic.body, 'network_id');
      const sw = nameOf(model, net?.value);
      if (!net || !sw) return;
      facts.ports.push({ start: net.start, end: net.end, switch: sw, namespace: 'vsphere', name: `${guest}/nic${i}`, role: 'guest', guest, locator: `${address(vm)}/network_interface[${i}]` });
    });
  }
  return facts;
}
