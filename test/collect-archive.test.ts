/**
 * `vharden collect archive`: the archive a host's tar made of its standard locations (plain, gzip'd or
 * base64, from a file or standard input) becomes the same snapshot `collect ssh` writes; its script is
 * the one `collect ssh` runs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { libvirtScript } from '../server/src/node/collect/libvirt';
import { ovsScript } from '../server/src/node/collect/ovs';
import { remoteScript } from '../server/src/node/collect/ssh';
import { ovsMissing, startOvsdb } from './helpers/ovsdb';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function cli(args: string[], cwd: string, input?: Buffer | string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('vharden collect archive', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'vharden-archive-'));
  const host = join(dir, 'host');
  mkdirSync(join(host, 'etc', 'pve', 'priv'), { recursive: true });
  mkdirSync(join(host, 'etc', 'libvirt', 'qemu'), { recursive: true });
  writeFileSync(join(host, 'etc', 'pve', 'priv', 'shadow.cfg'), 'root:$5$x:\n');
  writeFileSync(join(host, 'etc', 'pve', 'user.cfg'), 'user:root@pam:1:0::::::\n');
  writeFileSync(join(host, 'etc', 'libvirt', 'qemu', 'vm.xml'), readFileSync(join(ROOT, 'examples', 'libvirt', 'insecure', 'etc', 'libvirt', 'qemu', 'win-build.xml')));
  writeFileSync(join(host, 'unrelated.txt'), 'not a standard location\n');

  it('--print-script is the read-only script collect ssh runs, for the given root', () => {
    const r = cli(['collect', 'archive', '--print-script', '--remote-root', host], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, remoteScript(host, false));
    assert.equal(cli(['collect', 'archive', '--print-script', '--sudo'], dir).stdout, remoteScript('/', true));
    assert.equal(cli(['collect', 'archive', '--print-script', '--remote-root', 'relative'], dir).code, 2);
    assert.equal(cli(['collect', 'archive', '--print-script', '--out', 'x'], dir).code, 2);
  });

  it('tar, gzip and base64 archives, from a file or standard input, give the same snapshot without secrets', () => {
    const script = cli(['collect', 'archive', '--print-script', '--remote-root', host], dir).stdout;
    const tar = spawnSync('/bin/sh', ['-s'], { input: script });
    assert.equal(tar.status, 0, String(tar.stderr));
    const forms: [string, Buffer | string][] = [['plain.tar', tar.stdout], ['gz.tar.gz', gzipSync(tar.stdout)], ['b64.txt', gzipSync(tar.stdout).toString('base64').replace(/.{76}/g, '$&\n')]];
    const listings: string[][] = [];
    for (const [name, data] of forms) {
      writeFileSync(join(dir, name), data);
      const r = cli(['collect', 'archive', name, '--out', `snap-${name}`], dir);
      assert.equal(r.code, 0, r.stderr);
      listings.push(r.stdout.split('\n').filter((l) => l.startsWith('  ')).sort());
      const stdin = cli(['collect', 'archive', '-', '--out', `snap-stdin-${name}`], dir, data);
      assert.equal(stdin.code, 0, stdin.stderr);
      assert.deepEqual(readdirSync(join(dir, `snap-stdin-${name}`, 'etc')).sort(), ['libvirt', 'pve']);
    }
    assert.deepEqual(listings[1], listings[0]);
    assert.deepEqual(listings[2], listings[0]);
    assert.deepEqual(listings[0], ['  etc/libvirt/qemu/vm.xml', '  etc/pve/user.cfg']);
    assert.ok(!existsSync(join(dir, 'snap-plain.tar', 'etc', 'pve', 'priv')));
    assert.ok(!existsSync(join(dir, 'snap-plain.tar', 'unrelated.txt')));
  });

  it('an empty archive says none of the locations existed; damaged gzip and missing files exit 1', () => {
    writeFileSync(join(dir, 'empty'), '');
    const empty = cli(['collect', 'archive', 'empty', '--out', 'snap-empty'], dir);
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /none of the standard locations existed/);
    writeFileSync(join(dir, 'bad.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    const bad = cli(['collect', 'archive', 'bad.gz', '--out', 'snap-bad'], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /not valid gzip/);
    assert.equal(cli(['collect', 'archive', 'missing.tar', '--out', 'snap-missing'], dir).code, 1);
  });

  const live = spawnSync('sh', ['-c', 'command -v virsh']).status !== 0 ? 'needs virsh' : ovsMissing();
  it('--virsh-transcript and --ovsdb-backup: the live domains, networks and database in place of the files; the files where virsh could not connect', { skip: live ?? false }, async () => {
    writeFileSync(join(dir, 'node.xml'), `<node><domain type='test'><name>web</name><uuid>8f1e2d3c-0000-4000-8000-00000000000a</uuid><memory>1048576</memory><os><type>hvm</type></os><devices><graphics type='vnc' port='-1' listen='0.0.0.0'/></devices></domain></node>\n`);
    mkdirSync(join(host, 'etc', 'openvswitch'), { recursive: true });
    writeFileSync(join(host, 'etc', 'openvswitch', 'conf.db'), 'stale\n');
    const tar = spawnSync('/bin/sh', ['-s'], { input: remoteScript(host, false) }).stdout;
    writeFileSync(join(dir, 'host.tar'), tar);
    writeFileSync(join(dir, 'virsh.txt'), spawnSync('/bin/sh', ['-s'], { input: libvirtScript(`test://${join(dir, 'node.xml')}`, false) }).stdout);
    const db = await startOvsdb([['add-br', 'br0'], ['set-controller', 'br0', 'tcp:192.0.2.10:6653']]);
    try {
      writeFileSync(join(dir, 'ovsdb.txt'), spawnSync('/bin/sh', ['-s'], { input: ovsScript(`unix:${db.sock}`) }).stdout);
    } finally {
      await db.stop();
    }
    const r = cli(['collect', 'archive', 'host.tar', '--virsh-transcript', 'virsh.txt', '--ovsdb-backup', 'ovsdb.txt', '--out', 'snap-live'], dir);
    assert.equal(r.code, 0, r.stderr);
    const files = r.stdout.split('\n').filter((l) => l.startsWith('  ') && !l.startsWith('  -')).map((l) => l.trim()).sort();
    assert.deepEqual(files, ['etc/libvirt/qemu/web.xml', 'etc/openvswitch/conf.db', 'etc/pve/user.cfg', 'libvirt-version.json']);
    assert.match(r.stdout, /files read live instead .*etc\/libvirt\/qemu\/vm\.xml/);
    const scan = JSON.parse(cli(['scan', '--root', 'snap-live', '-f', 'json', '--fail-on', 'never'], dir).stdout);
    const ids = scan.findings.map((f: any) => f.ruleId);
    assert.ok(ids.includes('DOM-GRAPHICS-PUBLIC') && ids.includes('OVS-CONTROLLER-PLAIN'), ids.join(' '));

    // virsh could not connect, the backup is no database: the archive's files, and notes saying why
    writeFileSync(join(dir, 'virsh-down.txt'), spawnSync('/bin/sh', ['-s'], { input: libvirtScript('test:///no/such.xml', false) }).stdout);
    writeFileSync(join(dir, 'ovsdb-down.txt'), '');
    const down = cli(['collect', 'archive', 'host.tar', '--virsh-transcript', 'virsh-down.txt', '--ovsdb-backup', 'ovsdb-down.txt', '--out', 'snap-down'], dir);
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stdout, /\n {2}etc\/libvirt\/qemu\/vm\.xml\n/);
    assert.match(down.stdout, /cannot connect \(the host's virsh\).*the domain and network files were read instead/);
    assert.match(down.stdout, /ovsdb-client backup: .*the conf\.db file was read instead/);
  });
});
