import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/engine';
import { lintTogether } from './helpers/session';

/** Proxmox containers: what fixtures alone do not pin down (context, severities, LXC's own semantics). */

const CT = (lines: string[]) => `arch: amd64\nhostname: web\nostype: debian\nrootfs: local-lvm:vm-120-disk-0,size=8G\n${lines.join('\n')}\n`;

function lint(text: string, path = '/etc/pve/lxc/120.conf', profile?: 'server' | 'desktop' | 'lab') {
  const config = defaultConfig();
  if (profile) config.profile = profile;
  return lintText({ path, text, config }).findings;
}
const of = (findings: ReturnType<typeof lint>, id: string) => findings.filter((f) => f.ruleId === id);

describe('proxmox-lxc parsing', () => {
  it('raw lxc.* keys repeat without a duplicate-key diagnostic; other keys still do', () => {
    const text = CT(['lxc.cgroup2.devices.allow: c 10:200 rwm', 'lxc.cgroup2.devices.allow: c 226:* rwm', 'lxc.mount.entry: /dev/net dev/net none bind,create=dir', 'lxc.mount.entry: /dev/dri dev/dri none bind,create=dir', 'memory: 512', 'memory: 1024', 'unprivileged: 1']);
    const dups = of(lint(text), 'VH-DUPLICATE-KEY');
    assert.deepEqual(dups.map((d) => d.locator), ['memory#duplicate']);
  });
});

const TENANTS = 'user:root@pam:1:0:::root@example.com:::\nuser:alice@pve:1:0:Alice:Tenant:alice@example.com:::\nacl:1:/vms/120:alice@pve:PVEVMUser:\n';

describe('PVE-LXC-PRIVILEGED: judged by context', () => {
  it('a config without unprivileged is privileged (the key defaults to 0); unprivileged: 1 is not', () => {
    assert.equal(of(lint(CT([])), 'PVE-LXC-PRIVILEGED').length, 1);
    assert.equal(of(lint(CT(['unprivileged: 0'])), 'PVE-LXC-PRIVILEGED')[0]?.line, 4, 'on the unprivileged: 0 line');
    assert.equal(of(lint(CT(['unprivileged: 1'])), 'PVE-LXC-PRIVILEGED').length, 0);
  });

  it('medium on a host without tenants, high on a shared one, nothing on one person\'s machine', () => {
    const [alone] = of(lint(CT([])), 'PVE-LXC-PRIVILEGED');
    assert.equal(alone?.severity, 'medium');
    const config = defaultConfig();
    const shared = lintTogether([
      { path: '/h/etc/pve/lxc/120.conf', text: CT([]), config },
      { path: '/h/etc/pve/user.cfg', text: TENANTS, config },
    ]);
    const [hit] = of(shared[0]!.findings, 'PVE-LXC-PRIVILEGED');
    assert.equal(hit?.severity, 'high');
    assert.match(hit?.context ?? '', /user\.cfg grants/);
    assert.equal(of(lint(CT([]), undefined, 'server'), 'PVE-LXC-PRIVILEGED')[0]?.severity, 'high');
    assert.equal(of(lint(CT([]), undefined, 'desktop'), 'PVE-LXC-PRIVILEGED').length, 0);
    assert.equal(of(lint(CT([]), undefined, 'lab'), 'PVE-LXC-PRIVILEGED').length, 0);
  });

  it('the host\'s desktop session mounted into the container makes it one person\'s machine', () => {
    const x11 = CT(['lxc.mount.entry: /tmp/.X11-unix tmp/.X11-unix none bind,optional,create=dir']);
    assert.equal(of(lint(x11, 'backup/lxc/120.conf'), 'PVE-LXC-PRIVILEGED').length, 0);
    assert.equal(of(lint(CT(['mp0: /run/user/1000/pulse,mp=/run/pulse'])), 'PVE-LXC-PRIVILEGED').length, 0);
    assert.equal(of(lint(x11, undefined, 'server'), 'PVE-LXC-PRIVILEGED').length, 1, 'a stated server profile still reports');
  });
});

describe('weakenings of a privileged container', () => {
  it('nesting is reported only in a privileged container, and its fix keeps the other features', () => {
    assert.equal(of(lint(CT(['features: nesting=1,keyctl=1', 'unprivileged: 1'])), 'PVE-LXC-NESTING-PRIV').length, 0);
    assert.equal(of(lint(CT(['features: keyctl=1,nesting=0'])), 'PVE-LXC-NESTING-PRIV').length, 0);
    const text = CT(['features: fuse=1,nesting=1,mount=nfs;cifs']);
    const [hit] = of(lint(text), 'PVE-LXC-NESTING-PRIV');
    const e = hit!.fixes![0]!.edits[0]!;
    assert.equal(text.slice(0, e.start) + e.newText + text.slice(e.end), CT(['features: fuse=1,mount=nfs;cifs']));
  });

  it('AppArmor unconfined: high when privileged, low when unprivileged; the old key name counts', () => {
    assert.equal(of(lint(CT(['lxc.apparmor.profile: unconfined'])), 'PVE-LXC-APPARMOR')[0]?.severity, 'high');
    assert.equal(of(lint(CT(['lxc.aa_profile: unconfined', 'unprivileged: 1'])), 'PVE-LXC-APPARMOR')[0]?.severity, 'low');
    assert.equal(of(lint(CT(['lxc.apparmor.profile: generated'])), 'PVE-LXC-APPARMOR').length, 0);
  });

  it('device allow-all: a and wildcards of every block or character device, in privileged containers only', () => {
    const hits = of(lint(CT(['lxc.cgroup2.devices.allow: a', 'lxc.cgroup.devices.allow: a', 'lxc.cgroup2.devices.allow: b *:* rwm', 'lxc.cgroup2.devices.allow: c *:* m', 'lxc.cgroup2.devices.allow: c 10:* rwm'])), 'PVE-LXC-DEVICES-ALL');
    assert.deepEqual(hits.map((h) => h.line + 1), [5, 6, 7]);
    assert.equal(of(lint(CT(['lxc.cgroup2.devices.allow: a', 'unprivileged: 1'])), 'PVE-LXC-DEVICES-ALL').length, 0);
  });

  it('capability drops follow LXC: an empty line clears, named lines add', () => {
    const caps = (lines: string[]) => of(lint(CT(lines)), 'PVE-LXC-CAP-DROP');
    assert.equal(caps(['lxc.cap.drop:']).length, 1);
    assert.match(caps(['lxc.cap.drop:', 'lxc.cap.drop: mac_override sys_time sys_module sys_rawio'])[0]!.message, /keeps mac_admin,/);
    assert.equal(caps(['lxc.cap.drop:', 'lxc.cap.drop: mac_admin mac_override sys_time sys_module sys_rawio']).length, 0, 'cleared and all given back');
    assert.equal(caps(['lxc.cap.drop: sys_admin']).length, 0, 'more drops are no reduction');
    assert.equal(caps(['lxc.cap.drop:', 'lxc.cap.keep: chown net_bind_service']).length, 0, 'cap.keep drops everything else');
    assert.equal(caps(['lxc.cap.drop:', 'unprivileged: 1']).length, 0, 'namespaced capabilities');
  });

  it('lxc.mount.auto read-write items, in privileged containers only; the fix writes the mixed forms', () => {
    const text = CT(['lxc.mount.auto: proc:rw sys:rw cgroup:rw:force']);
    const [hit] = of(lint(text), 'PVE-LXC-MOUNT-AUTO-RW');
    let out = text;
    for (const e of [...hit!.fixes![0]!.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    assert.equal(out, CT(['lxc.mount.auto: proc:mixed sys:mixed cgroup:mixed:force']));
    assert.equal(of(lint(CT(['lxc.mount.auto: proc:mixed sys:ro cgroup:mixed'])), 'PVE-LXC-MOUNT-AUTO-RW').length, 0);
    assert.equal(of(lint(CT(['lxc.mount.auto: proc:rw sys:rw', 'unprivileged: 1'])), 'PVE-LXC-MOUNT-AUTO-RW').length, 0);
  });
});

describe('PVE-LXC-BIND-SENSITIVE', () => {
  it('exact sensitive paths, bind entries only, severity by privilege', () => {
    const hits = of(
      lint(CT(['mp0: /,mp=/host', 'mp1: //etc/,mp=/host-etc,ro=1', 'mp2: /dev/dri,mp=/dev/dri', 'mp3: /dev/disk/by-uuid/5db0,mp=/space', 'mp4: /tank/media,mp=/media', 'lxc.mount.entry: /var/run/docker.sock var/run/docker.sock none bind,create=file 0 0', 'lxc.mount.entry: proc proc proc rw 0 0', 'lxc.mount.entry: /dev dev none rbind,create=dir'])),
      'PVE-LXC-BIND-SENSITIVE',
    );
    assert.deepEqual(hits.map((h) => h.locator), ['mp0:/', 'mp1:/etc', 'lxc.mount.entry:/var/run/docker.sock', 'lxc.mount.entry:/dev']);
    assert.ok(hits.every((h) => h.severity === 'high'));
    assert.equal(of(lint(CT(['mp0: /root,mp=/root', 'unprivileged: 1'])), 'PVE-LXC-BIND-SENSITIVE')[0]?.severity, 'medium');
  });
});

describe('PVE-VM-NET-FIREWALL on containers (the guest-NIC carrier)', () => {
  it('reports a container NIC without firewall=1 and appends it as a safe fix', () => {
    const text = CT(['net0: name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01,ip=dhcp,type=veth', 'net1: name=eth1,bridge=vmbr1,firewall=1,type=veth', 'unprivileged: 1']);
    const hits = of(lint(text), 'PVE-VM-NET-FIREWALL');
    assert.deepEqual(hits.map((h) => h.locator), ['net0']);
    assert.match(hits[0]!.message, /container firewall/);
    assert.deepEqual(hits[0]!.fixes![0]!.edits.map((e) => e.newText), [',firewall=1']);
  });

  it('router and firewall appliances are left alone, by hostname, tags or description', () => {
    const nic = 'net0: name=eth0,bridge=vmbr0,type=veth';
    assert.equal(of(lint(CT([nic]).replace('hostname: web', 'hostname: openwrt-edge')), 'PVE-VM-NET-FIREWALL').length, 0);
    assert.equal(of(lint(CT([nic, 'tags: pfsense;edge'])), 'PVE-VM-NET-FIREWALL').length, 0);
    assert.equal(of(lint(`#OPNsense edge%0A\n${CT([nic])}`), 'PVE-VM-NET-FIREWALL').length, 0);
  });
});
