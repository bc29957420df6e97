import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig } from '../server/src/engine/config';
import { fixAll, lintText } from '../server/src/engine/engine';
import { detectFormat } from '../server/src/catalog';
import { applyEdits } from '../server/src/engine/text';
import { parseProps } from '../server/src/formats/proxmox-common/kv';
import { parseFirewall } from '../server/src/formats/proxmox-firewall/parser';
import { pveVmFormat } from '../server/src/formats/proxmox-vm';
import { parseUserCfg } from '../server/src/formats/proxmox-user/parser';
import { isBuiltinRole, isPrivilege } from '../server/src/formats/proxmox-user/privileges';

const lint = (path: string, text: string) => lintText({ path, text, config: defaultConfig() });
const EXAMPLES = join(__dirname, '..', 'examples', 'proxmox', 'etc');

describe('Proxmox detection', () => {
  it('recognises files by path, also inside host-tree copies', () => {
    const cases: [string, string][] = [
      ['/etc/pve/qemu-server/100.conf', 'proxmox-vm'],
      ['backup/etc/pve/nodes/pve1/qemu-server/101.conf', 'proxmox-vm'],
      ['examples/proxmox/etc/pve/user.cfg', 'proxmox-user'],
      ['/etc/pve/firewall/cluster.fw', 'proxmox-firewall'],
      ['/etc/pve/firewall/100.fw', 'proxmox-firewall'],
      ['/etc/pve/nodes/pve1/host.fw', 'proxmox-firewall'],
      ['/etc/pve/datacenter.cfg', 'proxmox-datacenter'],
      ['/etc/default/pveproxy', 'proxmox-pveproxy'],
    ];
    for (const [path, id] of cases) assert.equal(detectFormat(path)?.id, id, path);
    assert.equal(detectFormat('/etc/pve/lxc/100.conf')?.id, 'proxmox-lxc', 'container configs are not VM configs');
  });

  it('recognises content, and keeps LXC and YAML out', () => {
    assert.equal(detectFormat('x/100.conf', 'boot: order=scsi0\nnet0: virtio=AA:BB:CC:DD:EE:FF,bridge=vmbr0\nscsihw: virtio-scsi-pci\n')?.id, 'proxmox-vm');
    assert.equal(detectFormat('x/500.conf', 'arch: amd64\nhostname: pbs\nnet0: name=eth0,bridge=vmbr0\nrootfs: local:500/vm-500-disk-0.raw\n')?.id, 'proxmox-lxc');
    assert.equal(detectFormat('x/config.yaml', 'name: vm\nvga: std\nitems:\n  - a\n'), undefined);
    assert.equal(detectFormat('t/test1.cfg', 'user:joe@pve:1:\ngroup:g:joe@pve:\nacl:1:/vms:@g:PVEVMUser:\n')?.id, 'proxmox-user');
    assert.equal(detectFormat('t/cluster__basic.fw', '[OPTIONS]\nenable: 1\n[RULES]\nIN SSH(ACCEPT)\n')?.id, 'proxmox-firewall');
    assert.equal(detectFormat('x/pveproxy.conf', 'ALLOW_FROM="10.0.0.0/8"\nDENY_FROM="all"\n')?.id, 'proxmox-pveproxy');
    assert.equal(detectFormat('x/dc.cfg', 'keyboard: en-us\nmigration: secure\n')?.id, 'proxmox-datacenter');
  });
});

describe('Proxmox parsers keep exact positions', () => {
  it('VM config: keys, values, sub-options, sections', () => {
    const text = '#desc\r\nnet0: virtio=AA:BB,bridge=vmbr0, firewall=0\r\n[snap]\r\nnet0: e1000=CC\r\n';
    const doc = pveVmFormat.parse(text, { path: '/etc/pve/qemu-server/1.conf' }).model;
    const [live, snap] = doc.entries;
    assert.equal(text.slice(live!.keyStart, live!.keyEnd), 'net0');
    assert.equal(text.slice(live!.valueStart, live!.valueEnd), 'virtio=AA:BB,bridge=vmbr0, firewall=0');
    assert.equal(live!.section, undefined);
    assert.equal(snap!.section, 'snap');
    const props = parseProps(text, live!.valueStart, live!.valueEnd);
    assert.deepEqual(props.map((p) => [p.key, p.value, text.slice(p.start, p.end)]), [
      ['virtio', 'AA:BB', 'virtio=AA:BB'],
      ['bridge', 'vmbr0', 'bridge=vmbr0'],
      ['firewall', '0', 'firewall=0'],
    ]);
    assert.equal(text.slice(props[2]!.valueStart, props[2]!.valueEnd), '0');
  });

  it('user.cfg: field and list spans', () => {
    const text = 'acl:1:/vms/100/: alice@pam , @ops:PVEVMUser,viewer:\nrole:viewer:VM.Audit:\n';
    const { model, diagnostics } = parseUserCfg(text, { isPrivilege, isBuiltinRole });
    const acl = model.acls[0]!;
    assert.equal(acl.path, '/vms/100');
    assert.deepEqual(acl.subjects.map((s) => text.slice(s.start, s.end)), ['alice@pam', '@ops']);
    assert.deepEqual(acl.roles.map((s) => s.text), ['PVEVMUser'], 'viewer is defined only after the acl, as Proxmox reads it');
    assert.equal(diagnostics.length, 1);
    assert.equal(text.slice(diagnostics[0]!.start, diagnostics[0]!.end), 'viewer');
  });

  it('firewall: sections, rules, macros, options, comments', () => {
    const text = '[OPTIONS]\nenable: 1\n[IPSET management] # admins\n10.0.0.0/24\n! 10.0.0.5\n[RULES]\n|IN SSH(ACCEPT) -i vmbr0 # off\nIN ACCEPT -p tcp -dport 8006 -source +management\n[group web]\nIN ACCEPT -p tcp -dport 443\n';
    const { model, comments } = parseFirewall(text, 'cluster');
    assert.equal(model.option('enable')?.value, '1');
    assert.deepEqual(model.ipsets.get('management')!.entries.map((e) => [e.cidr, e.nomatch]), [['10.0.0.0/24', false], ['10.0.0.5', true]]);
    const [ssh, web] = model.rules;
    assert.equal(ssh!.enabled, false);
    assert.equal(ssh!.macro, 'SSH');
    assert.equal(text.slice(ssh!.start, ssh!.end), '|IN SSH(ACCEPT) -i vmbr0');
    assert.equal(web!.options.find((o) => o.name === 'source')!.value, '+management');
    assert.equal(text.slice(web!.options[1]!.start, web!.options[1]!.end), '-dport 8006');
    assert.equal(model.groups.get('web')!.length, 1);
    assert.deepEqual(comments.map((c) => c.text.trim()), ['admins', 'off']);
  });
});

describe('Proxmox malformed input gives diagnostics, not crashes', () => {
  const parseErrors = (path: string, text: string) => lint(path, text).findings.filter((f) => f.ruleId === 'VH-PARSE-ERROR');

  it('user.cfg: missing fields, unknown record types, stray colons', () => {
    const text = ['user:', 'frobnicate:x:y:', 'acl:1:/:@ops::Administrator:', 'acl:1:/vms:alice@pam:', 'token:nobody@pve!t:0:0::', 'role:r:VM.Audit,Not.APriv:', 'group:ops:alice@pam::extra:', 'just text', 'acl:1:/:ghost@pve!t:PVEAuditor:'].join('\n');
    const errors = parseErrors('/etc/pve/user.cfg', text);
    const lines = errors.map((e) => e.line + 1);
    for (const l of [1, 2, 3, 4, 5, 6, 7, 8, 9]) assert.ok(lines.includes(l), `line ${l} has a diagnostic (${lines})`);
    const stray = errors.find((e) => e.line === 2 && e.message.startsWith('Unexpected field'))!;
    assert.equal(text.slice(stray.start, stray.end), 'Administrator', 'the stray colon diagnostic points at the shifted field');
    assert.ok(!lint('/etc/pve/user.cfg', text).findings.some((f) => f.ruleId === 'PVE-ACL-ADMIN-ROOT'), 'Proxmox ignores the shifted acl, so no grant is reported');
  });

  it('firewall and VM config: bad lines are reported where they are', () => {
    const fw = parseErrors('/etc/pve/firewall/cluster.fw', 'enable: 1\n[OPTIONS\n[BOGUS]\n[RULES]\nSIDEWAYS ACCEPT\nIN\nIN MAYBE -p tcp\nIN ACCEPT -dport\nIN ACCEPT -frobnicate 1\n');
    assert.deepEqual(fw.map((e) => e.line + 1), [1, 2, 3, 5, 6, 7, 8, 9]);
    const vm = parseErrors('/etc/pve/qemu-server/1.conf', 'memory 2048\n[snap\n9key: x\nnet0: virtio=AA,bridge=vmbr0\n');
    assert.deepEqual(vm.map((e) => e.line + 1), [1, 2, 3]);
  });

  it('arbitrary text never throws in any Proxmox format', () => {
    const paths = ['/etc/pve/qemu-server/1.conf', '/etc/pve/user.cfg', '/etc/pve/firewall/cluster.fw', '/etc/pve/firewall/100.fw', '/etc/pve/datacenter.cfg', '/etc/default/pveproxy'];
    const pieces = ['user:', 'acl:1:/:', '@g', ':', ',', '=', '[', ']', '[RULES]', '[OPTIONS]', 'IN ', 'SSH(ACCEPT)', '-dport ', '8006', '-source', '#', '\n', '\r\n', ' ', 'net0: ', 'virtio=', 'bridge=vmbr0', 'args: -vnc ', '0.0.0.0:1', 'token:a@b!c:0:0:', 'enable: 0', 'macfilter: 0', 'migration: ', 'insecure', 'ALLOW_FROM="', 'all', '"', '!', '|', 'role:x:Sys.Modify:', 'group:g:a@b:'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.constantFrom(...paths), (parts, path) => {
        const text = parts.join('');
        const result = lint(path, text);
        for (const f of result.findings) {
          assert.notEqual(f.ruleId, 'VH-RULE-ERROR', f.message);
          assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${f.ruleId} range`);
          for (const fix of f.fixes ?? []) assert.equal(applyEdits(text, fix.edits).skipped, 0);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('Proxmox fixes', () => {
  it('fix-all applies only safe fixes and keeps everything else byte for byte (CRLF too)', () => {
    const text = 'args: -vnc 0.0.0.0:3\r\nnet0: virtio=AA:BB:CC:DD:EE:01,bridge=vmbr0\r\nnet1: virtio=AA:BB:CC:DD:EE:02,bridge=vmbr1,firewall=0\r\nscsihw: virtio-scsi-pci\r\n';
    const { text: after, applied } = fixAll({ path: '/etc/pve/qemu-server/1.conf', text, config: defaultConfig() });
    assert.equal(applied, 2);
    assert.equal(after, 'args: -vnc 0.0.0.0:3\r\nnet0: virtio=AA:BB:CC:DD:EE:01,bridge=vmbr0,firewall=1\r\nnet1: virtio=AA:BB:CC:DD:EE:02,bridge=vmbr1,firewall=1\r\nscsihw: virtio-scsi-pci\r\n');
  });

  it('the guarded VNC fix rewrites only the host part', () => {
    for (const [spec, fixed] of [
      ['-vnc 0.0.0.0:11', '-vnc 127.0.0.1:11'],
      ['-vnc :2,password=on', '-vnc 127.0.0.1:2,password=on'],
      ['-vnc [::]:4', '-vnc 127.0.0.1:4'],
    ]) {
      const text = `args: -k en-us ${spec} -boot menu=on\nscsihw: virtio-scsi-pci\n`;
      const f = lint('/etc/pve/qemu-server/1.conf', text).findings.find((x) => x.ruleId === 'PVE-VM-ARGS-VNC')!;
      assert.equal(f.fixes![0]!.safety, 'guarded');
      assert.equal(applyEdits(text, f.fixes![0]!.edits).text, `args: -k en-us ${fixed} -boot menu=on\nscsihw: virtio-scsi-pci\n`);
    }
  });

  it('datacenter, VM firewall: secure migration and macfilter are safe fixes', () => {
    const dc = fixAll({ path: '/etc/pve/datacenter.cfg', text: 'keyboard: de\nmigration: network=10.1.0.0/24,type=insecure\n', config: defaultConfig() });
    assert.equal(dc.text, 'keyboard: de\nmigration: network=10.1.0.0/24,type=secure\n');
    const vm = fixAll({ path: '/etc/pve/firewall/100.fw', text: '[OPTIONS]\nenable: 1\nipfilter: 1\nmacfilter: 0 \n', config: defaultConfig() });
    assert.equal(vm.text, '[OPTIONS]\nenable: 1\nipfilter: 1\nmacfilter: 1 \n');
  });

  it('ACL and token findings offer templates only: fix-all changes nothing', () => {
    const text = readFileSync(join(EXAMPLES, 'pve', 'user.cfg'), 'utf8');
    assert.equal(fixAll({ path: '/etc/pve/user.cfg', text, config: defaultConfig() }).applied, 0);
    const findings = lint('/etc/pve/user.cfg', text).findings;
    const admin = findings.find((f) => f.ruleId === 'PVE-ACL-ADMIN-ROOT')!;
    assert.equal(admin.message, 'group operators (alice@pam, bob@pve) gets Administrator on / and everything below it.');
    assert.equal(admin.fixes, undefined);
    const inserted = applyEdits(text, admin.templates![0]!.edits).text;
    const added = inserted.split('\n').filter((l) => !text.split('\n').includes(l));
    assert.deepEqual(added.length, 1);
    assert.match(added[0]!, /^# vharden template: acl:1:\/pool\/<pool>:@operators:PVEVMAdmin:/);
    const token = findings.find((f) => f.ruleId === 'PVE-TOKEN-NOPRIVSEP')!;
    assert.equal(token.severity, 'critical');
    assert.ok(token.templates![0]!.edits[0]!.newText.includes('token:root@pam!ci:<expire epoch>:1::'));
  });
});
