import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { lintTogether as lintProject } from './helpers/session';
import { detectFormat } from '../server/src/catalog';
import { lintFile, lintText } from '../server/src/engine/engine';
import { parseKv } from '../server/src/formats/proxmox-common/kv';
import { CORPUS, filesUnder, hasCorpus } from './helpers/corpus';
import { makeDb, ovsMissing } from './helpers/ovsdb';
import { sensitiveHostPath } from '../server/src/rules/host-paths';

/** Behaviour of the rules added for the misses of issue 12 that fixtures alone do not pin down. */

function findings(path: string, text: string, id: string) {
  return lintText({ path, text, config: defaultConfig() }).findings.filter((f) => f.ruleId === id);
}

describe('VMX-CONSOLE-VNC-PASSWD', () => {
  it('reports the password without ever showing it', () => {
    const text = 'config.version = "8"\nvirtualHW.version = "19"\ndisplayName = "kiosk"\nRemoteDisplay.vnc.enabled = "TRUE"\nRemoteDisplay.vnc.password = "S3cr3t-kiosk"\n';
    const hits = findings('kiosk.vmx', text, 'VMX-CONSOLE-VNC-PASSWD');
    assert.equal(hits.length, 1);
    assert.ok(!JSON.stringify(hits).includes('S3cr3t'), 'the value is not in the finding');
  });
});

describe('VMX-ISO-SHAREDFOLDER host paths', () => {
  it('drive roots and home folders', () => {
    for (const p of ['C:\\', 'c:', 'D:/', '/', '//']) assert.equal(sensitiveHostPath(p), 'drive root', p);
    for (const p of ['C:\\Users\\alice', 'C:\\Users\\alice\\', 'C:\\Users', '/home/bob', '/Users/carol/', '/root', '~', '%USERPROFILE%', '/var/home/dave']) assert.equal(sensitiveHostPath(p), 'home folder', p);
    for (const p of ['/etc', 'C:\\Windows']) assert.equal(sensitiveHostPath(p), 'system folder', p);
    for (const p of ['D:\\iso', '/home/bob/projects', 'C:\\Users\\alice\\Downloads\\share', '/srv/share', '']) assert.equal(sensitiveHostPath(p), undefined, p);
  });

  it('folders past sharedFolder.maxNum are ignored, as VMware ignores them', () => {
    const text = 'config.version = "8"\nvirtualHW.version = "19"\ndisplayName = "x"\nsharedFolder1.present = "TRUE"\nsharedFolder1.writeAccess = "TRUE"\nsharedFolder1.hostPath = "C:\\"\nsharedFolder.maxNum = "1"\n';
    assert.equal(findings('x.vmx', text, 'VMX-ISO-SHAREDFOLDER').length, 0);
  });
});

describe('proxmox-lxc: container configs', () => {
  const CT = `#Pi-hole%0A
arch: amd64
hostname: pihole
lxc.apparmor.profile: unconfined
lxc.cgroup2.devices.allow: c 10:200 rwm
net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:7C:3A:10,ip=dhcp,type=veth
net1: name=eth1,bridge=vmbr9,link_down=1,type=veth
ostype: debian
rootfs: local-lvm:vm-201-disk-0,size=8G

[pve:pending]
net2: name=eth2,bridge=vmbr2,type=veth
`;

  it('is recognised by path and by content, and never as a VM config', () => {
    for (const p of ['/etc/pve/lxc/201.conf', 'backup/etc/pve/nodes/pve1/lxc/201.conf', 'nodes/pve1/lxc/201.conf']) assert.equal(detectFormat(p, CT)?.id, 'proxmox-lxc', p);
    assert.equal(detectFormat('copies/201.conf', CT)?.id, 'proxmox-lxc');
    assert.equal(detectFormat('/etc/pve/qemu-server/201.conf', CT)?.id, 'proxmox-vm', 'the qemu-server path still wins');
    assert.notEqual(detectFormat('x/100.conf', 'boot: order=scsi0\nnet0: virtio=AA:BB:CC:DD:EE:FF,bridge=vmbr0\nscsihw: virtio-scsi-pci\nhostname: x\nostype: l26\n')?.id, 'proxmox-lxc');
    assert.equal(detectFormat('/etc/lxc/default.conf', 'lxc.net.0.type = veth\nlxc.net.0.link = lxcbr0\n'), undefined, 'plain LXC is not Proxmox');
  });

  it('keeps raw lxc.* keys and exact positions, no syntax errors', () => {
    const r = lintText({ path: '/etc/pve/lxc/201.conf', text: CT, config: defaultConfig() });
    assert.equal(r.format, 'proxmox-lxc');
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('VH-')), []);
    const doc = parseKv(CT, 'container config', true, /^[A-Za-z][A-Za-z0-9_.-]*$/);
    const aa = doc.entries.find((e) => e.key === 'lxc.apparmor.profile')!;
    assert.equal(CT.slice(aa.valueStart, aa.valueEnd), 'unconfined');
    assert.equal(doc.entries.find((e) => e.key === 'net2')?.section, 'pve:pending');
  });

  it('its NICs are guest ports on their bridges: PVE-BRIDGE-MIR-MISSING names the container', () => {
    const ifaces = 'auto vmbr0\niface vmbr0 inet static\n\taddress 10.20.0.2/24\n\tbridge-ports enp3s0\n\nauto vmbr2\niface vmbr2 inet manual\n\tbridge-ports none\n';
    const config = defaultConfig();
    const results = lintProject([
      { path: '/h/etc/network/interfaces', text: ifaces, config },
      { path: '/h/etc/pve/lxc/201.conf', text: CT, config },
    ]);
    const hits = results[0]!.findings.filter((f) => f.ruleId === 'PVE-BRIDGE-MIR-MISSING');
    assert.equal(hits.length, 1, 'vmbr0 only: the pending NIC and the downed link are not ports');
    assert.match(hits[0]!.message, /CT 201 \(pihole\)/);
    assert.equal(hits[0]!.line, 1, 'on the iface stanza of vmbr0');
  });
});

describe('corpus: proxmox-lxc-conf', { skip: hasCorpus ? false : `no corpus at ${CORPUS}` }, () => {
  it('real container configs are read as proxmox-lxc, with no diagnostics, their NICs as guest ports', () => {
    const paths = filesUnder(join(CORPUS, 'proxmox-lxc-conf'));
    let recognised = 0;
    let ports = 0;
    const perRule = new Map<string, number>();
    for (const path of paths) {
      const text = readFileSync(path, 'utf8');
      if (detectFormat(path, text)?.id === 'proxmox-lxc') recognised++;
      const { result, facts } = lintFile({ path, text, config: defaultConfig(), formatId: 'proxmox-lxc' });
      assert.deepEqual(result.findings.filter((f) => f.ruleId.startsWith('VH-')).map((f) => `${f.line + 1}: ${f.message}`), [], path);
      for (const f of result.findings) perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
      ports += facts?.ports.length ?? 0;
    }
    console.log(`proxmox-lxc-conf: ${paths.length} files, ${recognised} recognised by content, ${ports} guest ports; findings ${[...perRule].map(([id, n]) => `${id} ${n}`).join(', ')}`);
    // pve-container's snapshot test configs are minimal: without `unprivileged` (privileged by the config default) or
    // firewall=1 on their NICs, and with no raw lxc.* weakenings, so only those two defaults are reported
    for (const id of perRule.keys()) assert.ok(['PVE-LXC-PRIVILEGED', 'PVE-LXC-NESTING-PRIV', 'PVE-VM-NET-FIREWALL'].includes(id), `${id} on the corpus`);
    assert.ok(recognised >= paths.length * 0.8, `${recognised} of ${paths.length}`);
    assert.ok(ports >= paths.length, 'almost every container has a NIC on a bridge');
  });
});

describe('OVS guest ports without naming conventions', () => {
  const project = (files: [string, string][]) => lintProject(files.map(([path, text]) => ({ path, text, config: defaultConfig(), root: '/lab' })));
  const missing = (results: ReturnType<typeof project>) => results.flatMap((r) => r.findings.filter((f) => f.ruleId === 'OVS-MIR-MISSING').map((f) => `${r.path}:${f.line + 1}: ${f.message}`));

  it('`add-port br0 $1` in a QEMU ifup script adds the guest QEMU is starting', () => {
    const ifup = '#!/bin/sh\nswitch=br0\nip link set "$1" up\novs-vsctl --may-exist add-port ${switch} $1\n';
    const bridge = '#!/bin/sh\novs-vsctl add-br br0\novs-vsctl add-port br0 enp1s0\n';
    const hits = missing(project([['/lab/etc-qemu/qemu-ifup', ifup], ['/lab/setup-br0.sh', bridge]]));
    assert.equal(hits.length, 1, hits.join('\n'));
    assert.match(hits[0]!, /setup-br0.sh:2: .*br0 carries the traffic of the guests QEMU attaches with qemu-ifup/);
  });

  it('a script that brings $1 up is an ifup script whatever its name; other scripts\' $1 is unknown', () => {
    const tapScript = '#!/bin/bash\nbrctl addbr br-kvm\ntunctl -u kvm -t $1\nbrctl addif br-kvm $1\n';
    const generic = '#!/bin/bash\n# usage: attach.sh BRIDGE PORT\novs-vsctl add-br br1\novs-vsctl add-port br1 $2\novs-vsctl add-port $1 $2\n';
    const r = lintProject([{ path: '/lab/tap-up.sh', text: tapScript, config: defaultConfig(), root: '/lab' }, { path: '/lab/attach.sh', text: generic, config: defaultConfig(), root: '/lab' }]);
    assert.ok(r[0]!.findings.some((f) => f.ruleId === 'PVE-BRIDGE-MIR-MISSING' && /tap-up.sh/.test(f.message)), JSON.stringify(r[0]!.findings.map((f) => f.message)));
    assert.deepEqual(r[1]!.findings.filter((f) => f.ruleId === 'OVS-MIR-MISSING'), []);
  });

  it('vportN ports a comment says are for the VMs, or that QEMU uses, are guests; the uplink is not', () => {
    const script = `#!/bin/bash
ovs-vsctl add-br br-lab
ovs-vsctl add-port br-lab enp2s0

# Create ports for the VMs
ip tuntap add mode tap vport1
ovs-vsctl add-port br-lab vport1
ovs-vsctl add-port br-lab vport2

ovs-vsctl add-port br-lab vport3
qemu-system-x86_64 -m 2048 -netdev tap,id=n3,ifname=vport3,script=no,downscript=no -device virtio-net-pci,netdev=n3 disk3.img

ovs-vsctl add-port br-lab vxlan0 -- set interface vxlan0 type=vxlan options:remote_ip=192.0.2.7
`;
    const hits = missing(project([['/lab/lab.sh', script]]));
    assert.equal(hits.length, 1);
    assert.match(hits[0]!, /carries the traffic of vport1, vport2 and vport3/);
  });
});

describe('OVS-CONTROLLER-PLAIN on conf.db', { skip: ovsMissing() ?? false }, () => {
  it('reads Controller rows of the database', async () => {
    const db = await makeDb([['add-br', 'br0'], ['set-controller', 'br0', 'tcp:198.51.100.4:6653'], ['add-br', 'br1'], ['set-controller', 'br1', 'ssl:198.51.100.4:6653']]);
    try {
      const hits = findings(db.path, db.text, 'OVS-CONTROLLER-PLAIN');
      assert.deepEqual(hits.map((h) => db.text.slice(h.start, h.end)), ['"tcp:198.51.100.4:6653"']);
      assert.match(hits[0]!.message, /br0 talks to its OpenFlow controller 198.51.100.4:6653 over plain TCP/);
      assert.equal(hits[0]!.fixes, undefined, 'conf.db is never edited');
    } finally {
      db.cleanup();
    }
  });
});
