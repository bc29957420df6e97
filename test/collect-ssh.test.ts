import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REDACTED } from '../server/src/engine/redacted';
import { extractHostTar, remoteScript, shellQuote, sshCollector } from '../server/src/node/collect/ssh';
import { SnapshotWriter } from '../server/src/node/collect/snapshot';
import { readTar, TarError } from '../server/src/node/collect/tar';
import { runScan } from '../server/src/node/run-scan';
import { makeDb, ovsMissing } from './helpers/ovsdb';
import { sshMissing, startSshd, type Sshd } from './helpers/sshd';

const ROOT = join(__dirname, '..');
const EXAMPLES = join(ROOT, 'examples');
const CLI = join(ROOT, 'dist', 'cli.js');
const SECRET = 'Zq7-host-secret';

function tmp(prefix = 'vharden-collect-ssh-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A tar header block (ustar) for `name`, with a valid checksum. */
function header(name: string, type: string, size: number, link = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write(link.slice(0, 100), 157);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

function entry(name: string, type: string, data: string | Buffer = '', link = ''): Buffer {
  const body = Buffer.from(data);
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([header(name, type, body.length, link), body, pad]);
}

function archive(...entries: Buffer[]): Buffer {
  return Buffer.concat([...entries, Buffer.alloc(1024)]);
}

function paxEntry(records: Record<string, string>): Buffer {
  const lines = Object.entries(records).map(([k, v]) => {
    const body = ` ${k}=${v}\n`;
    let len = body.length + 1;
    while (`${len}${body}`.length !== len) len++;
    return `${len}${body}`;
  });
  return entry('PaxHeaders/x', 'x', lines.join(''));
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) visit(p);
      else out.push(relative(dir, p));
    }
  };
  visit(dir);
  return out.sort();
}

/** Everything under dir with type, size, mode and mtime (the host must not change). */
function state(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      out.push(`${relative(dir, p)} ${st.mode} ${st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) visit(p);
    }
  };
  visit(dir);
  return out;
}

function findings(root: string): string[] {
  const o = runScan({ host: { root }, configFiles: false });
  return o.result.files.flatMap((f) => f.findings.map((x) => `${relative(root, f.path)} ${x.ruleId} ${x.locator}`)).sort();
}

describe('tar reader and safe extraction (a hostile host)', () => {
  it('writes only regular files and folders under the asked-for paths, never outside out', () => {
    const base = tmp();
    const out = join(base, 'a', 'b', 'out');
    const tag = `${process.pid}-${Date.now()}`;
    const tar = archive(
      entry(`../escape-${tag}`, '0', 'x'),
      entry(`/tmp/abs-${tag}`, '0', 'x'),
      entry(`etc/libvirt/../../escape2-${tag}`, '0', 'x'),
      entry('etc/libvirt/link', '2', '', '/'),
      entry('etc/libvirt/link/escape3', '0', 'x'),
      entry('etc/libvirt/hl', '1', '', '/etc/shadow'),
      paxEntry({ path: `../pax-escape-${tag}` }),
      entry('innocent-name', '0', 'x'),
      entry('././@LongLink', 'L', `../../gnu-escape-${tag}\0`),
      entry('short', '0', 'x'),
      entry('etc/shadow', '0', 'root:x:'),
      entry('etc/libvirt/dev', '3'),
      entry('etc/libvirt/fifo', '6'),
      entry('etc/libvirt/qemu/', '5'),
      entry('etc/libvirt/qemu/ok.xml', '0', `<domain type='kvm'><name>ok</name><devices><graphics type='vnc' passwd='${SECRET}'/></devices></domain>`),
      entry('etc/libvirt/qemu/ok.xml', '0', 'second copy'),
      entry('etc/pve/priv/shadow.cfg', '0', SECRET),
      entry('etc/pve/pve-www.key', '0', SECRET),
      entry('./etc/network/interfaces', '0', 'auto lo\niface lo inet loopback\n'),
      entry('etc/network/interfaces/x', '0', 'x'),
    );
    const { notes } = extractHostTar(tar, new SnapshotWriter(out));
    assert.deepEqual(filesUnder(out), ['etc/libvirt/link/escape3', 'etc/libvirt/qemu/ok.xml', 'etc/network/interfaces']);
    assert.ok(lstatSync(join(out, 'etc/libvirt/link')).isDirectory(), 'a link is never made: the path became a plain folder');
    assert.match(readFileSync(join(out, 'etc/libvirt/qemu/ok.xml'), 'utf8'), new RegExp(`passwd='${REDACTED}'`));
    for (const p of [join(base, 'a', 'b', `escape-${tag}`), `/tmp/abs-${tag}`, join(base, 'a', `escape2-${tag}`), join(base, 'a', 'b', `pax-escape-${tag}`), join(base, 'a', `gnu-escape-${tag}`)]) assert.ok(!existsSync(p), `${p} was written`);
    assert.deepEqual(filesUnder(base), ['a/b/out/etc/libvirt/link/escape3', 'a/b/out/etc/libvirt/qemu/ok.xml', 'a/b/out/etc/network/interfaces']);
    const all = notes.join('\n');
    for (const why of [/unsafe paths/, /not asked for: .*etc\/shadow/, /links/, /devices, FIFOs/, /came twice/, /secrets/, /could not be written/]) assert.match(all, why);
    for (const f of filesUnder(out)) assert.ok(!readFileSync(join(out, f), 'utf8').includes(SECRET));
  });

  it('stops at a damaged or truncated archive, keeping what came before', () => {
    const good = entry('etc/pve/user.cfg', '0', 'user:root@pam:1:0::::::\n');
    const bad = entry('etc/pve/datacenter.cfg', '0', 'keyboard: en-us\n');
    bad[148] = 0x37; // checksum digit changed
    const out = join(tmp(), 'out');
    const { notes } = extractHostTar(archive(good, bad), new SnapshotWriter(out));
    assert.deepEqual(filesUnder(out), ['etc/pve/user.cfg']);
    assert.ok(notes.some((n) => /damaged \(damaged header at byte 1024/.test(n)), notes.join('\n'));
    assert.throws(() => [...readTar(entry('etc/pve/user.cfg', '0', 'x'.repeat(600)).subarray(0, 700))], TarError);
    assert.deepEqual([...readTar(Buffer.alloc(0))], [], 'nothing at all is an empty archive');
  });

  it("reads the system tar's GNU and pax long names", () => {
    const src = tmp();
    const long = `etc/libvirt/qemu/${'d'.repeat(90)}/${'n'.repeat(90)}.xml`;
    mkdirSync(dirname(join(src, long)), { recursive: true });
    writeFileSync(join(src, long), '<network><name>n</name></network>\n');
    for (const format of ['gnu', 'pax', 'ustar']) {
      const tar = execFileSync('tar', ['-C', src, `--format=${format}`, '-cf', '-', 'etc']);
      const paths = [...readTar(tar)].map((e) => `${e.type} ${e.path.replace(/\/$/, '')}`);
      assert.ok(paths.includes(`file ${long}`), `${format}: ${paths.join(', ')}`);
    }
  });

  it('quotes the remote root for the shell', () => {
    assert.equal(shellQuote("/srv/it's here"), `'/srv/it'\\''s here'`);
    assert.match(remoteScript("/a'b", false), /^cd '\/a'\\''b' \|\| exit 97\n/);
    assert.match(remoteScript('/', true), /exec sudo -n tar -cf -/);
    assert.doesNotMatch(remoteScript('/', false).replace(/2>\/dev\/null/g, ''), /sudo|>|\b(rm|mv|cp|tee|mkdir|touch|ln|chmod)\b/, 'the script writes nothing');
  });
});

/** A fake host tree from the examples, with secrets, links and a FIFO in it. */
async function hostTree(): Promise<string> {
  const tree = tmp('vharden-fake-host-');
  cpSync(join(EXAMPLES, 'libvirt/insecure/etc'), join(tree, 'etc'), { recursive: true });
  cpSync(join(EXAMPLES, 'proxmox/etc'), join(tree, 'etc'), { recursive: true });
  mkdirSync(join(tree, 'etc/network'));
  copyFileSync(join(EXAMPLES, 'host-kvm01/etc/network/interfaces'), join(tree, 'etc/network/interfaces'));
  mkdirSync(join(tree, 'etc/vmware'), { recursive: true });
  copyFileSync(join(EXAMPLES, 'esxi/etc/vmware/esx.conf'), join(tree, 'etc/vmware/esx.conf'));
  writeFileSync(join(tree, 'etc/libvirt/qemu/kiosk.xml'), `<domain type='kvm'>\n  <name>kiosk</name>\n  <devices>\n    <graphics type='vnc' port='5901' passwd='${SECRET}'/>\n  </devices>\n</domain>\n`);
  writeFileSync(join(tree, 'etc/libvirt/qemu.conf'), readFileSync(join(tree, 'etc/libvirt/qemu.conf'), 'utf8') + `spice_password = "${SECRET}"\n`);
  writeFileSync(join(tree, 'etc/pve/qemu-server/100.conf'), readFileSync(join(tree, 'etc/pve/qemu-server/100.conf'), 'utf8') + `cipassword: ${SECRET}\n`);
  mkdirSync(join(tree, 'etc/pve/priv'));
  writeFileSync(join(tree, 'etc/pve/priv/shadow.cfg'), `root:${SECRET}:\n`);
  writeFileSync(join(tree, 'etc/pve/pve-www.key'), SECRET);
  mkdirSync(join(tree, 'etc/libvirt/secrets'));
  writeFileSync(join(tree, 'etc/libvirt/secrets/0d7a-secret.base64'), SECRET);
  mkdirSync(join(tree, 'etc/pve/nodes/pve1'), { recursive: true });
  symlinkSync('nodes/pve1', join(tree, 'etc/pve/local'));
  execFileSync('mkfifo', [join(tree, 'etc/libvirt/fifo')]);
  mkdirSync(join(tree, 'etc/ansible'));
  writeFileSync(join(tree, 'etc/ansible/hosts'), `vcenter_password=${SECRET}\n`);
  writeFileSync(join(tree, 'etc/shadow'), `root:${SECRET}:\n`);
  if (!ovsMissing()) {
    const db = await makeDb([['add-br', 'br0'], ['add-port', 'br0', 'tap101i0'], ['add-port', 'br0', 'ipsec0', '--', 'set', 'interface', 'ipsec0', 'type=gre', 'options:remote_ip=192.0.2.9', `options:psk=${SECRET}`]]);
    mkdirSync(join(tree, 'var/lib/openvswitch'), { recursive: true });
    copyFileSync(db.path, join(tree, 'var/lib/openvswitch/conf.db'));
    db.cleanup();
    mkdirSync(join(tree, 'etc/openvswitch'));
    symlinkSync('../../var/lib/openvswitch/conf.db', join(tree, 'etc/openvswitch/conf.db'));
  }
  return tree;
}

const skip = sshMissing() ?? false;

describe('collect ssh against a real sshd on 127.0.0.1', { skip }, () => {
  let sshd: Sshd;
  const flags = (extra: Record<string, string | boolean> = {}) => ({ port: String(sshd.port), identity: sshd.identity, 'known-hosts': sshd.knownHosts, 'ssh-config': '/dev/null', ...extra });

  before(async () => {
    sshd = await startSshd();
  });
  after(async () => {
    await sshd?.stop();
  });

  it('copies the standard locations of a host tree; the snapshot scans like the host, holds no secret, and the host is unchanged', async () => {
    const tree = await hostTree();
    const before = state(tree);
    const out = join(tmp(), 'snap');
    const r = await sshCollector.collect(`${sshd.user}@127.0.0.1`, { out, flags: flags({ 'remote-root': tree }), env: process.env });
    assert.deepEqual(state(tree), before, 'nothing written on the host');
    assert.deepEqual(filesUnder(out), r.files);
    for (const f of r.files) assert.ok(!readFileSync(join(out, f), 'utf8').includes(SECRET), `${f} holds a secret`);
    assert.ok(!r.files.some((f) => f.startsWith('etc/ansible') || f === 'etc/shadow' || f.includes('priv/') || f.endsWith('.key') || f.includes('secrets/')), r.files.join(', '));
    assert.ok(r.files.includes('etc/pve/user.cfg') && r.files.includes('etc/vmware/esx.conf') && r.files.includes('etc/network/interfaces') && r.files.includes('etc/libvirt/qemu/kiosk.xml'));
    const all = r.notes.join('\n');
    assert.match(all, /links .*etc\/pve\/local/);
    assert.match(all, /devices, FIFOs .*etc\/libvirt\/fifo/);
    assert.match(all, /\/etc\/ansible/);
    const host = findings(tree);
    const snap = findings(out);
    assert.ok(host.length > 20, host.join('\n'));
    assert.deepEqual(snap, host, 'the same findings as a scan of the host itself');
    assert.ok(snap.includes('etc/libvirt/qemu/kiosk.xml DOM-GRAPHICS-PASSWD /domain/devices/graphics/@passwd'));
    if (!ovsMissing()) {
      assert.ok(r.files.includes('var/lib/openvswitch/conf.db'));
      assert.ok(snap.includes('var/lib/openvswitch/conf.db OVS-MIR-MISSING ovs-bridge:br0'));
    }
  });

  it('checks the host key: an unknown host fails unless --accept-new, which records it', async () => {
    const empty = join(tmp(), 'known_hosts');
    writeFileSync(empty, '');
    const tree = await hostTree();
    await assert.rejects(sshCollector.collect(`${sshd.user}@127.0.0.1`, { out: join(tmp(), 'snap'), flags: flags({ 'remote-root': tree, 'known-hosts': empty }), env: process.env }), /Host key verification failed/);
    const r = await sshCollector.collect(`${sshd.user}@127.0.0.1`, { out: join(tmp(), 'snap'), flags: flags({ 'remote-root': tree, 'known-hosts': empty, 'accept-new': true }), env: process.env });
    assert.ok(r.files.length > 10);
    assert.match(readFileSync(empty, 'utf8'), /^\[127\.0\.0\.1\]:\d+ ssh-ed25519 /);
  });

  it('a host that sends a hostile archive writes nothing outside the snapshot', async () => {
    const base = tmp();
    const tag = `${process.pid}-${Date.now()}`;
    const evil = join(base, 'evil.tar');
    writeFileSync(evil, archive(entry(`../../escape-${tag}`, '0', 'x'), entry(`/tmp/abs-${tag}`, '0', 'x'), entry('etc/libvirt/up', '2', '', '../../..'), entry('etc/libvirt/up/escape', '0', 'x'), entry('etc/pve/user.cfg', '0', 'user:root@pam:1:0::::::\n')));
    const key = sshd.forcedKey(`cat ${evil}`);
    const out = join(base, 'x', 'snap');
    const r = await sshCollector.collect(`${sshd.user}@127.0.0.1`, { out, flags: flags({ identity: key }), env: process.env });
    assert.deepEqual(r.files, ['etc/libvirt/up/escape', 'etc/pve/user.cfg']);
    assert.ok(!existsSync(join(base, `escape-${tag}`)) && !existsSync(`/tmp/abs-${tag}`));
    assert.ok(statSync(join(out, 'etc/libvirt/up')).isDirectory() && !lstatSync(join(out, 'etc/libvirt/up')).isSymbolicLink());
    assert.ok(r.notes.some((n) => /unsafe paths/.test(n)));
  });

  it('a missing remote root, a bad target or port are errors', async () => {
    await assert.rejects(sshCollector.collect(`${sshd.user}@127.0.0.1`, { out: join(tmp(), 'snap'), flags: flags({ 'remote-root': '/nonexistent/root' }), env: process.env }), /cannot enter \/nonexistent\/root/);
    await assert.rejects(sshCollector.collect('-oProxyCommand=x', { out: join(tmp(), 'snap'), flags: {}, env: process.env }), /not \[user@\]HOST/);
    await assert.rejects(sshCollector.collect('h', { out: join(tmp(), 'snap'), flags: { port: 'x' }, env: process.env }), /--port/);
    await assert.rejects(sshCollector.collect('h', { out: join(tmp(), 'snap'), flags: { 'remote-root': 'relative' }, env: process.env }), /absolute/);
  });

  it('the CLI: collect ssh then scan --root', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, async () => {
    const tree = await hostTree();
    const out = join(tmp(), 'snap');
    const c = spawnSync(process.execPath, [CLI, 'collect', 'ssh', `${sshd.user}@127.0.0.1`, '--port', String(sshd.port), '--identity', sshd.identity, '--known-hosts', sshd.knownHosts, '--ssh-config', '/dev/null', '--remote-root', tree, '--out', out], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, /\n {2}etc\/pve\/user\.cfg\n/);
    const s = spawnSync(process.execPath, [CLI, 'scan', '--root', out, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.ok(JSON.parse(s.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'DOM-GRAPHICS-PASSWD'));
  });
});
