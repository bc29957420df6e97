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
import { after, before, describe, it } from 'node:test';
import { PASSWORD, testNode } from './helpers/libvirt';
import { ovsMissing, startOvsdb } from './helpers/ovsdb';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const hasAnsible = spawnSync('sh', ['-c', 'command -v ansible-playbook']).status === 0;
const liveMissing = spawnSync('sh', ['-c', 'command -v virsh && command -v ovsdb-client']).status !== 0 ? 'needs virsh and ovsdb-client' : ovsMissing();
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
    const r = play(out, ['-v']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // the archive (gzip as base64 begins `H4sI`) holds the files before their passwords are removed: never logged
    assert.ok(!(r.stdout + r.stderr).includes('H4sI'), 'the archive is not in the verbose log');
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

  describe('agentless with live state', { skip: liveMissing ?? false }, () => {
    let ovsdb: Awaited<ReturnType<typeof startOvsdb>>;
    let root: string;
    let live: string;
    before(async () => {
      // a bridge with a guest port, no mirror, a plain tcp controller: OVS-MIR-MISSING and OVS-CONTROLLER-PLAIN
      ovsdb = await startOvsdb([['add-br', 'br0'], ['add-port', 'br0', 'tap101i0'], ['set-controller', 'br0', 'tcp:192.0.2.10:6653']]);
      root = join(dir, 'hosts', 'virt01');
      // the host's files, older than the daemons' state: a domain and a switch database that are gone
      cpSync(join(ROOT, 'examples', 'libvirt', 'insecure', 'etc'), join(root, 'etc'), { recursive: true });
      mkdirSync(join(root, 'etc', 'openvswitch'), { recursive: true });
      writeFileSync(join(root, 'etc', 'openvswitch', 'conf.db'), 'not the live database\n');
      const node = testNode(dir);
      live = join(dir, 'inventory-live.ini');
      writeFileSync(live, [
        '[hypervisors]',
        `virt01 ansible_connection=local vharden_host_root=${root} vharden_libvirt_uri=test://${node} vharden_ovsdb=unix:${ovsdb.sock}`,
        `kvm02 ansible_connection=local vharden_host_root=${join(dir, 'hosts', 'kvm02')}`,
        '', '[hypervisors:vars]', `ansible_python_interpreter=${spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).stdout.trim()}`, '',
      ].join('\n'));
    });
    after(async () => ovsdb?.stop());

    it('domains through virsh dumpxml --security-info and the switch through ovsdb-client, in place of the files; files where the tools cannot connect', () => {
      const out = join(dir, 'reports-live');
      const before = tree(root);
      const r = spawnSync('ansible-playbook', ['-i', live, 'vharden.hardening.scan', '-e', `vharden_command=${shim}`, '-e', `vharden_output_dir=${out}`], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26, env });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const snap = join(out, 'snapshots', 'virt01');
      const files = Object.keys(tree(snap)).sort();
      assert.deepEqual(files.filter((f) => /^(etc|run)\/libvirt\/.*\.xml$|conf\.db$/.test(f)), ['etc/libvirt/qemu/%2E..xml', 'etc/libvirt/qemu/networks/lan.xml', 'etc/libvirt/qemu/web.xml', 'etc/openvswitch/conf.db', 'run/libvirt/qemu/scratch.xml'], 'the live domains, network and database, none of the old files');
      assert.ok(files.includes('libvirt-version.json'));
      assert.ok(files.some((f) => /^etc\/libvirt\/[^/]+\.conf$/.test(f)), 'daemon configs still come from the files');
      const log = JSON.parse(readFileSync(join(out, 'sarif', 'virt01.sarif'), 'utf8'));
      const found = log.runs[0].results.map((x: any) => `${x.locations[0].physicalLocation.artifactLocation.uri} ${x.ruleId}`);
      for (const f of ['etc/libvirt/qemu/web.xml DOM-GRAPHICS-PUBLIC', 'run/libvirt/qemu/scratch.xml DOM-GRAPHICS-PASSWD', 'etc/openvswitch/conf.db OVS-CONTROLLER-PLAIN', 'etc/openvswitch/conf.db OVS-MIR-MISSING']) {
        assert.ok(found.includes(f), `${f} in ${found.join(', ')}`);
      }
      // the console password was read (--security-info) but never written on the controller
      const everything = [...files.map((f) => readFileSync(join(snap, f), 'utf8')), readFileSync(join(out, 'sarif', 'virt01.sarif'), 'utf8')].join('\n');
      assert.ok(!everything.includes(PASSWORD), 'no console password on the controller');
      assert.deepEqual(readdirSync(join(dir, 'host-tmp')).filter((n) => n.endsWith('.vharden')), [], 'the live output is removed');
      assert.deepEqual(tree(root), before, 'the host is unchanged');
      // kvm02 has virsh but no daemon to reach, and no OVS socket: its files are scanned as before
      const kvm02 = Object.keys(tree(join(out, 'snapshots', 'kvm02')));
      assert.ok(kvm02.includes('etc/libvirt/qemu/win-build.xml') && !kvm02.includes('libvirt-version.json'));
      const fleet = JSON.parse(readFileSync(join(out, 'fleet.sarif'), 'utf8'));
      assert.deepEqual(fleet.runs.map((x: any) => x.automationDetails.id), ['kvm02/', 'virt01/']);
    });
  });
});
