import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { scopeOf } from '../server/src/engine/fabric';
import { lintTogether } from './helpers/session';
import { detectFormat } from '../server/src/catalog';
import { interfacesFormat } from '../server/src/formats/interfaces';
import { parseInterfaces } from '../server/src/formats/interfaces/parser';
import { netplanFormat, parseNetplan } from '../server/src/formats/netplan';
import { ovsShellFormat, parseOvsShell } from '../server/src/formats/ovs';
import { scanShell } from '../server/src/formats/ovs/shell';
import { parseVmx } from '../server/src/formats/vmx/parser';
import { vmxFabric } from '../server/src/formats/vmx/fabric';

const values = (text: string) => scanShell(text).commands.map((c) => c.words.map((w) => w.value));

describe('shell words', () => {
  it('removes quotes, joins continuations, splits commands on ; && || | and newlines', () => {
    assert.deepEqual(values(`ovs-vsctl add-br "br 0" && echo 'a b'\\\n c; x=1 y\n`), [['ovs-vsctl', 'add-br', 'br 0'], ['echo', 'a b', 'c'], ['x=1', 'y']]);
  });
  it('substitutes plainly assigned variables and marks unknown expansions dynamic', () => {
    const scan = scanShell('BR=br-srv\novs-vsctl add-br $BR\novs-vsctl add-br ${OTHER}\novs-vsctl add-br "$(hostname)"\n');
    assert.deepEqual(scan.commands.map((c) => c.words[2]!.value), ['br-srv', '', '']);
    assert.deepEqual(scan.commands.map((c) => c.words[2]!.dynamic), [false, true, true]);
  });
  it('keeps exact word ranges and skips here-document bodies, comments and redirections', () => {
    const text = 'cat <<EOF > /tmp/x\novs-vsctl add-br nope\nEOF\novs-vsctl add-br br1 2>/dev/null # note\n';
    const scan = scanShell(text);
    assert.deepEqual(scan.commands.map((c) => c.words.map((w) => w.value)), [['cat'], ['ovs-vsctl', 'add-br', 'br1']]);
    const w = scan.commands[1]!.words[2]!;
    assert.equal(text.slice(w.start, w.end), 'br1');
    assert.equal(scan.comments[0]!.text, ' note');
    assert.equal(scan.comments[0]!.trailing, true);
  });
  it('reports an unterminated quote', () => {
    assert.equal(scanShell('ovs-vsctl add-br "br0\n').unterminated?.what, '"');
    assert.equal(parseOvsShell('ovs-vsctl add-br "br0\n').diagnostics[0]!.code, 'VH-PARSE-ERROR');
  });
});

describe('ovs-vsctl scripts', () => {
  it('is recognised by content in script files only', () => {
    assert.ok(ovsShellFormat.matchesContent!('#!/bin/bash\nsudo ovs-vsctl add-br br0\n', 'x/setup'));
    assert.ok(ovsShellFormat.matchesContent!('ovs-vsctl add-br br0\n', 'x/setup.sh'));
    assert.ok(!ovsShellFormat.matchesContent!('Run `ovs-vsctl add-br br0`.\n', 'README.md'));
    assert.equal(detectFormat('lab/build.sh', 'echo hi\n'), undefined);
  });
  it('resolves --id references across the chain, in either order, with both column spellings', () => {
    const { model } = parseOvsShell(`ovs-vsctl -- set Bridge s1 mirrors=@m \\
  -- --id=@a get Port s1-eth1 -- --id=@o get Port span \\
  -- --id=@m create Mirror name=m1 select_src_port=@a select-dst-port=@a,@o output_port=@o select-vlan=10-12
`);
    const m = model.net.mirrors[0]!;
    assert.deepEqual({ switch: m.switch, name: m.name, ports: m.selectPorts, out: m.outputPort, vlans: m.selectVlans }, { switch: 's1', name: 'm1', ports: ['s1-eth1', 's1-eth1', 'span'], out: 'span', vlans: [10, 11, 12] });
  });
  it('tracks bridges and ports in order: --may-exist, del-port, del-br, fake bridges, types and external ids', () => {
    const { model } = parseOvsShell(`ovs-vsctl --may-exist add-br br0
ovs-vsctl add-br br0.10 br0 10
ovs-vsctl add-port br0.10 tap100i0
ovs-vsctl add-port br0 eth1 -- del-port br0 eth1
ovs-vsctl add-port br0 p0 -- set Interface p0 type=dpdkvhostuserclient
ovs-vsctl add-port br0 int0 -- set interface int0 type=internal external-ids:iface-id=host
ovs-vsctl add-br gone -- add-port gone tap9i0 -- del-br gone
`);
    assert.deepEqual(model.net.switches.map((s) => s.name), ['br0']);
    assert.deepEqual(model.net.ports.map((p) => [p.switch, p.name, p.role, p.tag ?? null]), [
      ['br0', 'tap100i0', 'guest', 10],
      ['br0', 'p0', 'guest', null],
      ['br0', 'int0', 'internal', null],
    ]);
  });
  it('skips global options with separate values (-t 10, --db unix:…)', () => {
    const { model } = parseOvsShell('ovs-vsctl -t 10 --db unix:/run/db.sock add-br br9\n');
    assert.deepEqual(model.net.switches.map((x) => x.name), ['br9']);
  });
  it('records clear bridge mirrors and ovs-tcpdump as ad-hoc operations and detaches cleared mirrors', () => {
    const { model } = parseOvsShell('ovs-vsctl -- --id=@m create mirror name=x select-all=true -- set bridge br0 mirrors=@m\novs-vsctl clear bridge br0 mirrors\nsudo ovs-tcpdump -i vnet0\n');
    assert.deepEqual(model.net.adhoc.map((a) => a.kind), ['clear-mirrors', 'ovs-tcpdump']);
    assert.equal(model.net.mirrors[0]!.switch, undefined);
  });
  it('reads Linux bridges and tc mirred hooks (mirror, not redirect)', () => {
    const { model } = parseOvsShell('brctl addbr br1\nbrctl addif br1 vnet3\nip link set dev tap5i0 master br1\ntc filter add dev vnet3 ingress matchall action mirred egress mirror dev sensor0\ntc filter add dev vnet3 ingress matchall action mirred egress redirect dev x\n');
    assert.deepEqual(model.net.switches.map((s) => [s.kind, s.name]), [['linux-bridge', 'br1']]);
    assert.deepEqual(model.net.ports.map((p) => p.name), ['vnet3', 'tap5i0']);
    assert.deepEqual(model.net.mirrors.map((m) => [m.via, m.selectPorts[0], m.outputPort]), [['tc', 'vnet3', 'sensor0']]);
  });
});

describe('/etc/network/interfaces', () => {
  it('parses stanzas with both option spellings, continuations, comments and source lines', () => {
    const text = '# lab\nsource /etc/network/interfaces.d/*\nauto vmbr0\niface vmbr0 inet static\n  bridge_ports eno1 \\\n    eno2\n  bridge-stp off\n';
    const { model, comments, diagnostics } = parseInterfaces(text);
    assert.deepEqual(diagnostics, []);
    assert.equal(comments.length, 1);
    assert.deepEqual(model.stanzas.map((s) => s.keyword), ['source', 'auto', 'iface']);
    const iface = model.stanzas[2]!;
    assert.deepEqual(iface.options.map((o) => o.name), ['bridge-ports', 'bridge-stp']);
    const net = interfacesFormat.fabric!(interfacesFormat.parse(text, { path: 'etc/network/interfaces' }).model, { path: 'etc/network/interfaces', text });
    assert.deepEqual(net.switches.map((s) => [s.kind, s.name]), [['linux-bridge', 'vmbr0']]);
    assert.deepEqual(net.ports.map((p) => [p.name, p.role]), [['eno1', 'uplink'], ['eno2', 'uplink']]);
  });
  it('reports an option outside any stanza', () => {
    const { diagnostics } = parseInterfaces('address 10.0.0.1\nauto lo\n');
    assert.equal(diagnostics[0]!.code, 'VH-PARSE-ERROR');
    assert.match(diagnostics[0]!.message, /outside any `iface`/);
  });
  it('reads OVS stanzas: ovs_type, ovs_ports, ovs_bridge, ovs_options tags, ovs_extra with ${IFACE}, post-up tc hooks', () => {
    const text = `allow-ovs br0
iface br0 inet manual
    ovs_type OVSBridge
    ovs_ports bond0 span0
    ovs_extra -- --id=@p get port span0 -- --id=@m create mirror name=m select-all=true output-port=@p -- set bridge \${IFACE} mirrors=@m
iface bond0 inet manual
    ovs_bridge br0
    ovs_type OVSBond
    ovs_bonds eth0 eth1
iface span0 inet manual
    ovs_bridge br0
    ovs_type OVSIntPort
    ovs_options tag=999
iface vmbr9 inet manual
    bridge-ports none
    post-up tc filter add dev $IFACE ingress matchall action mirred egress mirror dev span9
`;
    const parsed = interfacesFormat.parse(text, { path: 'etc/network/interfaces' });
    const net = interfacesFormat.fabric!(parsed.model, { path: 'etc/network/interfaces', text });
    assert.deepEqual(net.switches.map((s) => [s.kind, s.name]), [['ovs-bridge', 'br0'], ['linux-bridge', 'vmbr9']]);
    assert.deepEqual(net.ports.map((p) => [p.name, p.role, p.tag ?? null]), [['bond0', 'uplink', null], ['span0', 'internal', 999]]);
    assert.deepEqual(net.mirrors.map((m) => [m.via, m.switch ?? null, m.outputPort]), [['ovs', 'br0', 'span0'], ['tc', null, 'span9']]);
    const m = net.mirrors[0]!;
    assert.ok(text.slice(m.start, m.end).startsWith('create mirror'));
  });
  it('is recognised by path, including interfaces.d and *.interfaces', () => {
    for (const p of ['/etc/network/interfaces', 'host/etc/network/interfaces.d/vmbr0', 'samples/ex1.interfaces']) assert.equal(detectFormat(p)?.id, 'interfaces', p);
  });
});

describe('netplan', () => {
  const text = `network:
  version: 2
  bridges:
    br0:
      interfaces: [bond0, vnet4]
      openvswitch: {}
    br1:
      interfaces:
        - eno2
`;
  it('reads OVS and Linux bridges with their interfaces and exact ranges', () => {
    const { model, diagnostics } = parseNetplan(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(model.facts.switches.map((s) => [s.kind, s.name, text.slice(s.start, s.end)]), [['ovs-bridge', 'br0', 'br0'], ['linux-bridge', 'br1', 'br1']]);
    assert.deepEqual(model.facts.ports.map((p) => [p.switch, p.name, p.role]), [['br0', 'bond0', 'uplink'], ['br0', 'vnet4', 'guest'], ['br1', 'eno2', 'uplink']]);
  });
  it('is recognised by path or by network: + version: 2 in a YAML file', () => {
    assert.ok(netplanFormat.matchesContent!(text, 'x/01-netcfg.yaml'));
    assert.ok(!netplanFormat.matchesContent!('- hosts: all\n', 'x/play.yml'));
    assert.equal(detectFormat('/etc/netplan/50-cloud-init.yaml')?.id, 'netplan');
  });
  it('reports YAML errors at their position', () => {
    const { diagnostics } = parseNetplan('network:\n  version: 2\n  bridges: [\n');
    assert.equal(diagnostics[0]!.code, 'VH-PARSE-ERROR');
  });
});

describe('.vmx NICs', () => {
  it('are guest ports on their vSphere port group, named after the VM', () => {
    const { model } = parseVmx('displayName = "web01"\nethernet0.present = "TRUE"\nethernet0.networkName = "DMZ"\nethernet1.present = "FALSE"\nethernet1.networkName = "Mgmt"\n');
    assert.deepEqual(vmxFabric(model).ports.map((p) => [p.namespace, p.switch, p.name, p.guest]), [['vsphere', 'DMZ', 'ethernet0', 'web01']]);
  });
});

describe('project rules across files', () => {
  const BRIDGE = 'auto vmbr1\niface vmbr1 inet manual\n    ovs_type OVSBridge\n    ovs_ports eno1\n';
  const GUESTS = '#!/bin/sh\novs-vsctl add-port vmbr1 tap101i0\novs-vsctl add-port vmbr1 tap102i0\n';
  const MIRROR = '#!/bin/sh\novs-vsctl add-port vmbr1 span0 -- set interface span0 type=internal\novs-vsctl -- --id=@p get port span0 -- --id=@m create mirror select-all=true output-port=@p -- set bridge vmbr1 mirrors=@m\n';
  const run = (files: Record<string, string>, config = defaultConfig()) =>
    lintTogether(Object.entries(files).map(([path, text]) => ({ path, text, config, root: 'ws' })));
  const hits = (results: ReturnType<typeof run>, id: string) => results.flatMap((r) => r.findings.filter((f) => f.ruleId === id).map((f) => ({ path: r.path, line: f.line, severity: f.severity, message: f.message })));

  it('reports the bridge in one file, naming guests from another; a mirror in a third file clears it', () => {
    const files = { 'ws/h1/etc/network/interfaces': BRIDGE, 'ws/h1/etc/network/if-up.d/guests': GUESTS };
    const before = hits(run(files), 'OVS-MIR-MISSING');
    assert.deepEqual(before.map((h) => [h.path, h.line, h.severity]), [['ws/h1/etc/network/interfaces', 1, 'medium']]);
    assert.match(before[0]!.message, /VM 101 and VM 102/);
    assert.deepEqual(hits(run({ ...files, 'ws/h1/etc/network/if-up.d/span': MIRROR }), 'OVS-MIR-MISSING'), []);
  });
  it('keeps host trees apart: a mirror on another host does not count', () => {
    const files = { 'ws/h1/etc/network/interfaces': BRIDGE, 'ws/h1/etc/network/if-up.d/guests': GUESTS, 'ws/h2/etc/network/if-up.d/span': MIRROR };
    assert.equal(hits(run(files), 'OVS-MIR-MISSING').length, 1);
    assert.equal(scopeOf('ws/h1/etc/network/interfaces', 'ws'), 'host:ws/h1');
    assert.equal(scopeOf('ws/scripts/a.sh', 'ws'), 'root:ws\nws/scripts');
  });
  it('policy: switches outside monitoring.requiredFor get an info hint; authorizedSensors gates destinations', () => {
    const files = { 'ws/h1/etc/network/interfaces': BRIDGE, 'ws/h1/etc/network/if-up.d/guests': GUESTS };
    const config = defaultConfig();
    config.monitoring.requiredFor = ['br-dmz*'];
    const h = hits(run(files, config), 'OVS-MIR-MISSING');
    assert.equal(h[0]!.severity, 'info');
    assert.match(h[0]!.message, /hint only/);
    const sensors = defaultConfig();
    sensors.monitoring.authorizedSensors = ['ids-*'];
    const out = hits(run({ ...files, 'ws/h1/etc/network/if-up.d/span': MIRROR }, sensors), 'OVS-MIR-OUTPUT');
    assert.equal(out.length, 1);
    assert.match(out[0]!.message, /span0, which is not in monitoring.authorizedSensors/);
    sensors.monitoring.authorizedSensors = ['span*'];
    assert.deepEqual(hits(run({ ...files, 'ws/h1/etc/network/if-up.d/span': MIRROR }, sensors), 'OVS-MIR-OUTPUT'), []);
  });
  it('a suppression comment on the bridge silences the project finding; rule settings apply', () => {
    const files = { 'ws/h1/etc/network/interfaces': BRIDGE.replace('iface', '# vharden-ignore OVS-MIR-MISSING -- lab bridge\niface'), 'ws/h1/etc/network/if-up.d/guests': GUESTS };
    const results = run(files);
    const f = results[0]!.findings.find((x) => x.ruleId === 'OVS-MIR-MISSING')!;
    assert.equal(f.suppressed?.reason, 'lab bridge');
    assert.equal(results[0]!.findings.filter((x) => x.ruleId === 'VH-UNUSED-SUPPRESSION').length, 0);
    const off = defaultConfig();
    off.rules['*-MIR-MISSING'] = 'off';
    assert.deepEqual(hits(run(files, off), 'OVS-MIR-MISSING'), []);
  });
  it('a tc mirred hook on a guest port counts as a mirror of its Linux bridge', () => {
    const linux = 'iface vmbr0 inet manual\n    bridge-ports eno1\n';
    const guests = '#!/bin/sh\nbrctl addif vmbr0 tap100i0\n';
    assert.equal(hits(run({ 'ws/h/etc/network/interfaces': linux, 'ws/h/etc/network/if-up.d/g': guests }), 'PVE-BRIDGE-MIR-MISSING').length, 1);
    const script = run({ 'ws/s/bridges.sh': '#!/bin/sh\nbrctl addbr br5\nbrctl addif br5 vnet7\n' });
    const template = script[0]!.findings.find((f) => f.ruleId === 'PVE-BRIDGE-MIR-MISSING')!.templates![0]!;
    assert.match(template.edits[0]!.newText, /# tc qdisc add dev TAP clsact && tc filter add dev TAP ingress matchall action mirred egress mirror dev SENSOR_PORT/);
    assert.doesNotMatch(template.edits[0]!.newText, /ovs-vsctl/, 'a Linux bridge gets a tc template, not an OVS mirror');
    const hook = linux + '    post-up tc filter add dev tap100i0 ingress matchall action mirred egress mirror dev span0\n';
    assert.deepEqual(hits(run({ 'ws/h/etc/network/interfaces': hook, 'ws/h/etc/network/if-up.d/g': guests }), 'PVE-BRIDGE-MIR-MISSING'), []);
  });
});
