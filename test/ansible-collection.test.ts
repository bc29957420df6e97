/**
 * The Ansible collection vharden.hardening, run by the real ansible-playbook against loopback "hosts"
 * (ansible_connection=local, each with its own fake root): agentless collection and the binary mode,
 * reports per host, one merged SARIF log and the fleet page; the hosts' files are left as they were.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const hasAnsible = spawnSync('sh', ['-c', 'command -v ansible-playbook']).status === 0;

/** path → sha256 of every file under dir */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('Ansible collection vharden.hardening', { skip: !existsSync(CLI) ? 'dist/cli.js missing: run npm run build' : !hasAnsible ? 'ansible-playbook not installed' : false, timeout: 300_000 }, () => {
  let dir: string;
  let shim: string;
  let inventory: string;
  let env: NodeJS.ProcessEnv;
  let hosts: Record<string, Record<string, string>>;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vharden-ansible-'));
    const collections = join(dir, 'collections', 'ansible_collections', 'vharden');
    mkdirSync(collections, { recursive: true });
    symlinkSync(join(ROOT, 'ansible'), join(collections, 'hardening'));
    shim = join(dir, 'vharden');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(shim, 0o755);
    const trees = join(dir, 'hosts');
    cpSync(join(ROOT, 'examples', 'host-kvm01'), join(trees, 'kvm01'), { recursive: true });
    mkdirSync(join(trees, 'kvm01', 'etc', 'pve', 'priv'));
    writeFileSync(join(trees, 'kvm01', 'etc', 'pve', 'priv', 'shadow.cfg'), 'root:$5$secret:\n');
    cpSync(join(ROOT, 'examples', 'host-kvm02'), join(trees, 'kvm02'), { recursive: true });
    cpSync(join(ROOT, 'examples', 'libvirt', 'insecure', 'etc'), join(trees, 'kvm02', 'etc'), { recursive: true });
    mkdirSync(join(trees, 'bare', 'etc'), { recursive: true });
    hosts = Object.fromEntries(['kvm01', 'kvm02', 'bare'].map((h) => [h, tree(join(trees, h))]));
    inventory = join(dir, 'inventory.ini');
    writeFileSync(inventory, ['[hypervisors]', ...Object.keys(hosts).map((h) => `${h} ansible_connection=local vharden_host_root=${join(trees, h)}`), '', '[hypervisors:vars]', `ansible_python_interpreter=${spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout.trim()}`, ''].join('\n'));
    mkdirSync(join(dir, 'host-tmp'));
    env = { ...process.env, ANSIBLE_COLLECTIONS_PATH: join(dir, 'collections'), ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'false', ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-local'), ANSIBLE_REMOTE_TEMP: join(dir, 'ansible-remote'), HOME: dir, TMPDIR: join(dir, 'host-tmp') };
  });

  const play = (out: string, extra: string[] = []) => spawnSync('ansible-playbook', ['-i', inventory, 'vharden.hardening.scan', '-e', `vharden_command=${shim}`, '-e', `vharden_output_dir=${out}`, ...extra], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26, env });

  it('agentless: each host collected read-only and scanned on the controller, then merged', () => {
    const out = join(dir, 'reports');
    const r = play(out);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    for (const h of Object.keys(hosts)) assert.ok(existsSync(join(out, 'sarif', `${h}.sarif`)), h);
    assert.ok(existsSync(join(out, 'snapshots', 'kvm01', 'etc', 'pve', 'qemu-server', '201.conf')));
    assert.ok(!existsSync(join(out, 'snapshots', 'kvm01', 'etc', 'pve', 'priv')), 'no secrets leave the host');
    assert.ok(existsSync(join(out, 'snapshots', 'kvm02', 'etc', 'libvirt', 'qemu', 'win-build.xml')));
    const fleet = JSON.parse(readFileSync(join(out, 'fleet.sarif'), 'utf8'));
    assert.deepEqual(fleet.runs.map((x: any) => x.automationDetails.id), ['bare/', 'kvm01/', 'kvm02/']);
    const kvm02 = fleet.runs[2];
    assert.ok(kvm02.results.some((x: any) => x.locations[0].physicalLocation.artifactLocation.uri === 'etc/libvirt/qemu/win-build.xml'), 'paths as on the host');
    assert.ok(kvm02.results.length > fleet.runs[1].results.length);
    assert.equal(fleet.runs[0].results.length, 0);
    const html = readFileSync(join(out, 'fleet.html'), 'utf8');
    assert.deepEqual([...html.matchAll(/<tr><td><code>([^<]+)<\/code>/g)].map((m) => m[1]), ['kvm02', 'kvm01', 'bare']);
    for (const [h, before] of Object.entries(hosts)) assert.deepEqual(tree(join(dir, 'hosts', h)), before, `${h} unchanged`);
  });

  it('binary mode: the binary runs on each host from a temporary file that is removed', () => {
    const out = join(dir, 'reports-binary');
    const r = play(out, ['-e', 'vharden_mode=binary', '-e', `vharden_binary=${shim}`]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const fleet = JSON.parse(readFileSync(join(out, 'fleet.sarif'), 'utf8'));
    assert.deepEqual(fleet.runs.map((x: any) => x.automationDetails.id), ['bare/', 'kvm01/', 'kvm02/']);
    const agentless = JSON.parse(readFileSync(join(dir, 'reports', 'fleet.sarif'), 'utf8'));
    const ids = (log: any) => log.runs.map((run: any) => run.results.map((x: any) => `${x.ruleId} ${x.locations[0].physicalLocation.artifactLocation.uri}`).sort());
    assert.deepEqual(ids(fleet), ids(agentless), 'the same findings as the agentless mode');
    assert.deepEqual(readdirSync(join(dir, 'host-tmp')).filter((n) => n.endsWith('.vharden')), [], 'no binary left behind');
    for (const [h, before] of Object.entries(hosts)) assert.deepEqual(tree(join(dir, 'hosts', h)), before, `${h} unchanged`);
  });
});
