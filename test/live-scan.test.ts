import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LiveUsageError, splitLiveScan } from '../server/src/cli/live';
import { ovsMissing, startOvsdb } from './helpers/ovsdb';
import { sshMissing, startSshd } from './helpers/sshd';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'vharden-live-scan-'));
}

function virshMissing(): string | false {
  return spawnSync('virsh', ['--version']).status === 0 ? false : "needs virsh (Debian's libvirt-clients)";
}

/** Runs `vharden scan …` with TMPDIR set to a fresh folder; returns the result, its JSON report and what is left in TMPDIR. */
function liveScan(args: string[]): { status: number | null; stderr: string; ids: string[]; paths: string[]; read: string[]; left: string[] } {
  const temp = tmp();
  const r = spawnSync(process.execPath, [CLI, 'scan', ...args, '-f', 'json', '--no-config'], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, TMPDIR: temp } });
  const report = r.stdout ? (JSON.parse(r.stdout) as { findings: { ruleId: string; path: string }[]; read: string[] }) : { findings: [], read: [] };
  return { status: r.status, stderr: r.stderr, ids: report.findings.map((f) => f.ruleId), paths: report.findings.map((f) => f.path), read: report.read, left: readdirSync(temp) };
}

describe('vharden scan --vsphere/--libvirt/--ovs/--ssh: the arguments', () => {
  it('the source\'s own options go to the collector, the rest to the scan', () => {
    const v = splitLiveScan(['--vsphere', 'https://vc/sdk', '--ca', 'ca.pem', '-f', 'json', '--fail-on', 'high'])!;
    assert.equal(v.collector.id, 'vsphere');
    assert.equal(v.target, 'https://vc/sdk');
    assert.deepEqual(v.flags, { ca: 'ca.pem' });
    assert.deepEqual(v.scanArgv, ['-f', 'json', '--fail-on', 'high']);
    const l = splitLiveScan(['--libvirt', '--readonly', '--root', '/', '--rule', 'DOM-*=off', '--keep-snapshot', 'snap'])!;
    assert.equal(l.target, undefined);
    assert.deepEqual(l.flags, { readonly: true, root: '/' });
    assert.equal(l.keep, 'snap');
    assert.deepEqual(l.scanArgv, ['--rule', 'DOM-*=off']);
    assert.equal(splitLiveScan(['--ovs=unix:/run/db.sock'])!.target, 'unix:/run/db.sock');
    assert.deepEqual(splitLiveScan(['--ssh', 'root@pve1', '--port', '2222'])!.flags, { port: '2222' });
    assert.equal(splitLiveScan(['--host', '-f', 'json']), undefined);
  });

  it('refuses two sources, a missing server or host, and --keep-snapshot twice', () => {
    assert.throws(() => splitLiveScan(['--vsphere', 'vc', '--ovs']), (e: Error) => e instanceof LiveUsageError && /one live source/.test(e.message));
    assert.throws(() => splitLiveScan(['--vsphere', '--ca', 'x']), /--vsphere needs the server URL/);
    assert.throws(() => splitLiveScan(['--ssh']), /--ssh needs \[user@\]HOST/);
    assert.throws(() => splitLiveScan(['--ovs', '--keep-snapshot', 'a', '--keep-snapshot', 'b']), /twice/);
  });
});

describe('vharden scan --libvirt through the real virsh (test driver)', { skip: virshMissing() }, () => {
  it('collects test:///default into a temporary host tree, scans it and removes it', () => {
    const r = liveScan(['--libvirt', 'test:///default', '--fail-on', 'never']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.read.map((p) => p.replace(/^.*\/libvirt\/etc\//, 'etc/')).sort(), ['etc/libvirt/qemu/networks/default.xml', 'etc/libvirt/qemu/test.xml']);
    assert.deepEqual(r.left, []);
  });

  it('--keep-snapshot DIR keeps the host tree; a DIR that is not empty is a usage error', () => {
    const keep = join(tmp(), 'kept');
    const r = liveScan(['--libvirt', 'test:///default', '--keep-snapshot', keep, '--fail-on', 'never']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(readdirSync(join(keep, 'etc/libvirt/qemu')).includes('test.xml'));
    const again = liveScan(['--libvirt', 'test:///default', '--keep-snapshot', keep]);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /not empty/);
  });

  it('a source that cannot be read exits 2 with the collector\'s reason', () => {
    const r = liveScan(['--libvirt', 'test:///nonexistent/fixture.xml']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /vharden: libvirt/);
    assert.deepEqual(r.left, []);
  });
});

describe('vharden scan --ovs against a real ovsdb-server', { skip: ovsMissing() ?? false }, () => {
  it('a bridge with guest ports and no mirror: OVS-MIR-MISSING', async () => {
    const db = await startOvsdb([['add-br', 'br0'], ['add-port', 'br0', 'tap101i0']]);
    try {
      const r = liveScan(['--ovs', `unix:${db.sock}`]);
      assert.equal(r.status, 1, r.stderr);
      assert.deepEqual(r.ids, ['OVS-MIR-MISSING']);
      assert.deepEqual(r.left, []);
    } finally {
      await db.stop();
    }
  });
});

describe('vharden scan --ssh against a real sshd', { skip: sshMissing() ?? false }, () => {
  it('copies the host tree over ssh and scans it like a host', async () => {
    const sshd = await startSshd();
    try {
      const tree = tmp();
      mkdirSync(join(tree, 'etc/vmware'), { recursive: true });
      copyFileSync(join(ROOT, 'examples/esxi/etc/vmware/esx.conf'), join(tree, 'etc/vmware/esx.conf'));
      const r = liveScan(['--ssh', `${sshd.user}@127.0.0.1`, '--port', String(sshd.port), '--identity', sshd.identity, '--known-hosts', sshd.knownHosts, '--ssh-config', '/dev/null', '--remote-root', tree, '--fail-on', 'never']);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(r.paths.length > 0 && r.paths.every((p) => p.endsWith('etc/vmware/esx.conf')), r.paths.join('\n'));
      assert.deepEqual(r.left, []);
    } finally {
      await sshd.stop();
    }
  });
});
