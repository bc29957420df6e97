import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultHints } from '../server/src/engine/assist';
import { defaultConfig } from '../server/src/engine/config';
import { scopeOf } from '../server/src/engine/fabric';
import { switchLenses } from '../server/src/engine/lenses';
import { Session } from '../server/src/engine/session';

const IFACES = 'auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno1\n\tbridge-stp off\n\nauto vmbr1\niface vmbr1 inet manual\n\tbridge-ports none\n';
const VM = (id: number, bridge: string) => `name: vm${id}\nnet0: virtio=BC:24:11:00:00:0${id},bridge=${bridge},firewall=1\nnet1: virtio=BC:24:11:00:01:0${id},bridge=${bridge},firewall=1\n`;

function session(files: Record<string, string>): Session {
  const s = new Session(() => ({ config: defaultConfig(), ignored: false, scope: '' }));
  s.setSettingsSource((path) => ({ config: defaultConfig(), ignored: false, scope: scopeOf(path) }));
  s.batch(() => {
    for (const [path, text] of Object.entries(files)) s.update({ path, text });
  });
  return s;
}

test('code lens above each bridge: the guests on it (a guest with two NICs counts once) and whether it is mirrored', () => {
  const s = session({ '/h/etc/network/interfaces': IFACES, '/h/etc/pve/qemu-server/100.conf': VM(1, 'vmbr0'), '/h/etc/pve/qemu-server/101.conf': VM(2, 'vmbr0') });
  const linked = s.linkedFacts('/h/etc/network/interfaces')!;
  const lenses = switchLenses(linked.key, linked.facts, '/h/etc/network/interfaces');
  assert.deepEqual(lenses.map((l) => [l.line, l.title]), [[1, '2 guests · not mirrored'], [6, '0 guests · not mirrored']]);
  assert.deepEqual(switchLenses(linked.key, linked.facts, '/h/etc/pve/qemu-server/100.conf'), [], 'a guest config defines no switch');
});

test('code lens names the mirror destination', () => {
  const ovs = 'ovs-vsctl add-br br0\novs-vsctl add-port br0 tap100i0\novs-vsctl add-port br0 ids0\novs-vsctl -- set Bridge br0 mirrors=@m -- --id=@o get Port ids0 -- --id=@m create Mirror name=span select_all=true output_port=@o\n';
  const s = session({ '/h/etc/ovs/setup.sh': ovs, '/h/etc/pve/qemu-server/100.conf': VM(1, 'br0') });
  const linked = s.linkedFacts('/h/etc/ovs/setup.sh')!;
  assert.deepEqual(switchLenses(linked.key, linked.facts, '/h/etc/ovs/setup.sh').map((l) => l.title), ['1 guest · mirrored to ids0']);
  assert.equal(s.linkedFacts('/nowhere'), undefined);
});

test('inlay hints: the default of an omitted option or [OPTIONS] key that a rule judges, at the end of its line', () => {
  const vm = 'name: web\nnet0: virtio=BC:24:11:00:00:01,bridge=vmbr0\nnet1: virtio=BC:24:11:00:00:02,bridge=vmbr0,firewall=1\n';
  const hints = defaultHints('proxmox-vm', vm);
  assert.deepEqual(hints.map((h) => [vm.slice(0, h.offset).split('\n').length, h.label]), [[2, 'firewall=0']]);
  assert.equal(hints[0]!.offset, vm.indexOf('\nnet1'));
  assert.match(hints[0]!.tooltip, /PVE-VM-NET-FIREWALL/);
  const fw = '[OPTIONS]\nmacfilter: 0\n\n[RULES]\nIN ACCEPT -p tcp -dport 22\n';
  assert.deepEqual(defaultHints('proxmox-firewall', fw).map((h) => [h.offset, h.label]), [[9, 'enable: 0 · policy_in: DROP']]);
  assert.deepEqual(defaultHints('vmx', 'usb.present = "TRUE"\n'), []);
});
