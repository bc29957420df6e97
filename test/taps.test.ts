import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { guestOfDevice } from '../server/src/engine/fabric';
import { lintTogether as lintProject } from './helpers/session';
import { interfacesFormat } from '../server/src/formats/interfaces';
import { parseNetplan } from '../server/src/formats/netplan';
import { parseOvsShell } from '../server/src/formats/ovs';

/** OpenVPN's bridge-start script as VPN how-tos publish it: tap0 is the VPN, not a VM. */
const OPENVPN_BRIDGE = `#!/bin/bash
# Define Bridge Interface
br="br0"
# Define list of TAP interfaces to be bridged,
tap="tap0"
eth="eth0"
eth_ip="192.168.8.4"

openvpn --mktun --dev tap0
brctl addbr br0
brctl addif br0 eth0
brctl addif br0 tap0
ifconfig tap0 0.0.0.0 promisc up
`;

/** A hand-written QEMU launcher: the tap it bridges is the VM's NIC. */
const QEMU_LAUNCHER = `#!/bin/sh
ip tuntap add dev tap0 mode tap user "$USER"
brctl addif br0 tap0
ip link set tap0 up
qemu-system-x86_64 -enable-kvm -m 4096 \\
  -netdev tap,id=net0,ifname=tap0,script=no,downscript=no \\
  -device virtio-net-pci,netdev=net0 -drive file=debian.qcow2
`;

const INTERFACES_VPN = `auto br0
iface br0 inet static
    address 192.168.8.4/24
    bridge_ports eth0 tap0
    pre-up openvpn --mktun --dev tap0
`;

const roles = (ports: { name: string; role: string }[]) => ports.map((p) => `${p.name}:${p.role}`);

describe('tap and tun devices are guest ports only with evidence', () => {
  it('names that only hypervisors give: Proxmox tap<VMID>i<N>, libvirt vnetN, Xen vifN.M, Neutron tap<uuid>', () => {
    assert.equal(guestOfDevice('tap100i0'), 'VM 100');
    assert.equal(guestOfDevice('vnet3'), 'vnet3');
    assert.equal(guestOfDevice('vif2.0'), 'domain 2');
    assert.equal(guestOfDevice('tap3f2a81c4-9b'), 'tap3f2a81c4-9b');
    for (const name of ['tap0', 'tap1', 'tun0', 'tapvpn', 'tap-lan']) assert.equal(guestOfDevice(name), undefined, name);
  });

  it('an OpenVPN bridge script: tap0 is not a guest, so the bridge carries no guest traffic', () => {
    assert.deepEqual(roles(parseOvsShell(OPENVPN_BRIDGE).model.net.ports), ['eth0:uplink', 'tap0:other']);
    const r = lintProject([{ path: 'vpn/bridge-start', text: OPENVPN_BRIDGE, config: defaultConfig(), root: 'vpn' }]);
    assert.deepEqual(r[0]!.findings.filter((f) => f.ruleId.includes('-MIR-')), []);
  });

  it('a script that starts QEMU on the tap makes it a guest port', () => {
    assert.deepEqual(roles(parseOvsShell(QEMU_LAUNCHER).model.net.ports), ['tap0:guest']);
    const r = lintProject([{ path: 'lab/run-vm.sh', text: QEMU_LAUNCHER + 'brctl addbr br0\n', config: defaultConfig(), root: 'lab' }]);
    assert.ok(r[0]!.findings.some((f) => f.ruleId === 'PVE-BRIDGE-MIR-MISSING' || f.ruleId === 'NET-MIR-LINUXBRIDGE' || f.ruleId === 'OVS-MIR-MISSING'), JSON.stringify(r[0]!.findings.map((f) => f.ruleId)));
  });

  it('interfaces and netplan: a tap in a bridge is not a guest without evidence', () => {
    const parsed = interfacesFormat.parse(INTERFACES_VPN, { path: 'etc/network/interfaces' });
    const facts = interfacesFormat.fabric!(parsed.model, { path: 'etc/network/interfaces', text: INTERFACES_VPN });
    assert.deepEqual(roles(facts.ports), ['eth0:uplink', 'tap0:other']);
    const netplan = parseNetplan('network:\n  version: 2\n  bridges:\n    br0:\n      interfaces: [enp1s0, tap0]\n');
    assert.deepEqual(roles(netplan.model.facts.ports), ['enp1s0:uplink', 'tap0:other']);
  });
});
