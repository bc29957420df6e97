import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { REDACTED } from '../server/src/engine/redacted';
import { libvirtCollector, libvirtScript, parseTranscript, parseVersion, VIRSH_COMMANDS } from '../server/src/node/collect/libvirt';
import { redactLibvirtConf, redactLibvirtXml } from '../server/src/node/collect/redact';
import { safeName } from '../server/src/node/collect/snapshot';
import { runScan } from '../server/src/node/run-scan';
import { PASSWORD, testNode } from './helpers/libvirt';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function virshMissing(): string | undefined {
  try {
    execFileSync('virsh', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    if (process.env.CI) throw new Error('CI is set but virsh is missing: install libvirt-clients');
    return "needs virsh (Debian's libvirt-clients)";
  }
}
const skip = virshMissing() ?? false;

function tmp(prefix = 'vharden-libvirt-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function fixture(): string {
  return testNode(tmp());
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

function findings(root: string): string[] {
  const o = runScan({ host: { root }, configFiles: false });
  return o.result.files.flatMap((f) => f.findings.map((x) => `${relative(root, f.path)} ${x.ruleId} ${x.locator}`)).sort();
}

describe('collect libvirt through the real virsh and the test driver', { skip }, () => {
  it('writes persistent domains, transient ones and networks as a host tree; the scan finds VNC on 0.0.0.0 and the console password', async () => {
    const out = join(tmp(), 'snap');
    const progress: string[] = [];
    const r = await libvirtCollector.collect(`test://${fixture()}`, { out, flags: {}, env: process.env, progress: (m) => progress.push(m) });
    assert.deepEqual(r.files, ['etc/libvirt/qemu/%2E..xml', 'etc/libvirt/qemu/networks/lan.xml', 'etc/libvirt/qemu/web.xml', 'libvirt-version.json', 'run/libvirt/qemu/scratch.xml']);
    assert.deepEqual(filesUnder(out), r.files, 'exactly the files listed, nothing outside');
    assert.ok(progress.some((p) => /3 domains \(1 transient\), 1 networks/.test(p)));
    assert.ok(r.notes.some((n) => /running persistent domain/.test(n)));
    assert.ok(r.notes.some((n) => /no daemon configs/.test(n)), 'the test driver has no daemon, so no configs are claimed');
    assert.deepEqual(findings(out), [
      'etc/libvirt/qemu/networks/lan.xml NET-MIR-LINUXBRIDGE network:lan',
      'etc/libvirt/qemu/web.xml DOM-GRAPHICS-PUBLIC /domain/devices/graphics',
      'etc/libvirt/qemu/web.xml DOM-NO-FILTERREF interface[52:54:00:00:00:01]',
      'run/libvirt/qemu/scratch.xml DOM-GRAPHICS-PASSWD /domain/devices/graphics/@passwd',
    ]);
  });

  it('the console password is seen as set (dumpxml --security-info) but never written', async () => {
    const out = join(tmp(), 'snap');
    await libvirtCollector.collect(`test://${fixture()}`, { out, flags: {}, env: process.env });
    const scratch = readFileSync(join(out, 'run/libvirt/qemu/scratch.xml'), 'utf8');
    assert.match(scratch, new RegExp(`passwd='${REDACTED}'`));
    for (const f of filesUnder(out)) assert.ok(!readFileSync(join(out, f), 'utf8').includes(PASSWORD), `${f} holds the password`);
    const hit = runScan({ host: { root: out }, configFiles: false }).result.files.flatMap((f) => f.findings).find((f) => f.ruleId === 'DOM-GRAPHICS-PASSWD')!;
    assert.doesNotMatch(hit.message, /first 8 characters/, 'the marker is not judged as a password');
  });

  it('a read-only connection cannot read console passwords: said in a note, domains still collected', async () => {
    const out = join(tmp(), 'snap');
    const r = await libvirtCollector.collect(undefined, { out, flags: { connect: `test://${fixture()}`, readonly: true }, env: process.env });
    assert.ok(r.files.includes('run/libvirt/qemu/scratch.xml'));
    assert.ok(r.notes.some((n) => /without --security-info/.test(n) && /DOM-GRAPHICS-PASSWD/.test(n)), r.notes.join('\n'));
    assert.doesNotMatch(readFileSync(join(out, 'run/libvirt/qemu/scratch.xml'), 'utf8'), /passwd=/);
  });

  it('test:///default: its one running domain and the default network, and the versions for patch data', async () => {
    const out = join(tmp(), 'snap');
    const r = await libvirtCollector.collect('test:///default', { out, flags: {}, env: process.env });
    assert.deepEqual(r.files, ['etc/libvirt/qemu/networks/default.xml', 'etc/libvirt/qemu/test.xml', 'libvirt-version.json']);
    const v = JSON.parse(readFileSync(join(out, 'libvirt-version.json'), 'utf8'));
    assert.equal(v.format, 'vharden-libvirt-version/1');
    assert.equal(v.uri, 'test:///default');
    assert.equal(v.hypervisor.name, 'TEST');
    assert.match(v.library.version, /^\d+\.\d+\.\d+$/);
  });

  it('runs only the read-only virsh commands of the allow-list', async () => {
    const bin = tmp('vharden-virsh-shim-');
    const log = join(bin, 'calls.log');
    const real = execFileSync('sh', ['-c', 'command -v virsh'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'virsh'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`);
    chmodSync(join(bin, 'virsh'), 0o755);
    await libvirtCollector.collect(`test://${fixture()}`, { out: join(bin, 'snap'), flags: {}, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    assert.ok(calls.length >= 8, calls.join('\n'));
    for (const c of calls) {
      const words = c.split(' ');
      assert.deepEqual(words.slice(0, 2), ['--connect', words[1]!]);
      const command = words.filter((w) => !w.startsWith('-'))[1]!;
      assert.ok((VIRSH_COMMANDS as readonly string[]).includes(command), `virsh ${c}`);
    }
  });

  it('reads the local daemon and driver configs with --root, without their passwords', async () => {
    const root = tmp();
    mkdirSync(join(root, 'etc/libvirt'), { recursive: true });
    writeFileSync(join(root, 'etc/libvirt/qemu.conf'), `vnc_listen = "0.0.0.0"\nvnc_password = "${PASSWORD}"\n`);
    writeFileSync(join(root, 'etc/libvirt/libvirtd.conf'), 'listen_tcp = 1\nauth_tcp = "none"\n');
    const out = join(tmp(), 'snap');
    const r = await libvirtCollector.collect('test:///default', { out, flags: { root }, env: process.env });
    assert.ok(r.files.includes('etc/libvirt/qemu.conf') && r.files.includes('etc/libvirt/libvirtd.conf'));
    assert.equal(readFileSync(join(out, 'etc/libvirt/qemu.conf'), 'utf8'), `vnc_listen = "0.0.0.0"\nvnc_password = "${REDACTED}"\n`);
    const ids = findings(out).map((f) => f.split(' ')[1]);
    assert.ok(ids.includes('LV-TCP-NOAUTH'), ids.join(', '));
    assert.ok(!ids.includes('QEMU-VNC-LISTEN-ALL'), 'a set (redacted) vnc_password still counts as set');
  });

  it('refuses a folder that is not empty, unknown flags, and a URI given twice; a failed connection is an error', async () => {
    const full = tmp();
    writeFileSync(join(full, 'x'), '');
    await assert.rejects(libvirtCollector.collect('test:///default', { out: full, flags: {}, env: process.env }), /not empty/);
    await assert.rejects(libvirtCollector.collect('test:///default', { out: join(tmp(), 's'), flags: { bogus: 'x' }, env: process.env }), /unknown option --bogus/);
    await assert.rejects(libvirtCollector.collect('test:///default', { out: join(tmp(), 's'), flags: { connect: 'test:///default' }, env: process.env }), /once/);
    await assert.rejects(libvirtCollector.collect('test:///no/such/file.xml', { out: join(tmp(), 's'), flags: {}, env: process.env }), /cannot connect/);
  });
});

/** Every file under dir, by relative path, with its text. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('collect libvirt from a transcript the host printed (the Ansible collection)', { skip }, () => {
  const hostRun = (script: string, env: NodeJS.ProcessEnv = process.env) => spawnSync('/bin/sh', ['-s'], { input: script, encoding: 'utf8', env, maxBuffer: 1 << 26 });

  it('the script runs the same read-only commands; its transcript gives the same snapshot as collect libvirt', async () => {
    const uri = `test://${fixture()}`;
    for (const readonly of [false, true]) {
      const host = hostRun(libvirtScript(uri, readonly));
      assert.equal(host.status, 0, host.stderr);
      const transcript = parseTranscript(host.stdout)!;
      assert.ok(transcript, 'a transcript');
      for (const key of transcript.keys()) assert.ok((VIRSH_COMMANDS as readonly string[]).includes(key.split(' ')[0]!), `${key} is an allowed command`);
      assert.ok(transcript.has(`dumpxml --domain 8f1e2d3c-0000-4000-8000-000000000001 --inactive --security-info`));
      const file = join(tmp(), 'transcript.txt');
      writeFileSync(file, host.stdout);
      const fromHost = join(tmp(), 'snap');
      const replay = await libvirtCollector.collect(undefined, { out: fromHost, flags: { transcript: file }, env: process.env });
      const direct = join(tmp(), 'snap');
      const live = await libvirtCollector.collect(undefined, { out: direct, flags: { connect: uri, ...(readonly ? { readonly: true } : {}) }, env: process.env });
      assert.deepEqual(replay.files, live.files);
      assert.deepEqual(contents(fromHost), contents(direct), readonly ? 'read-only' : 'read-write');
      assert.deepEqual(replay.notes.filter((n) => !/daemon and driver configs/.test(n)), live.notes.filter((n) => !/daemon and driver configs/.test(n)));
      assert.ok(!Object.values(contents(fromHost)).some((t) => t.includes(PASSWORD)));
    }
  });

  it('exit 98 on a host without virsh; a connection that fails is in the transcript and refused on replay', async () => {
    const bin = tmp('vharden-nobin-');
    assert.equal(hostRun(libvirtScript(undefined, false), { PATH: bin }).status, 98);
    const host = hostRun(libvirtScript('test:///no/such/file.xml', false));
    assert.equal(host.status, 0);
    const file = join(tmp(), 't.txt');
    writeFileSync(file, host.stdout);
    await assert.rejects(libvirtCollector.collect(undefined, { out: join(tmp(), 's'), flags: { transcript: file }, env: process.env }), /cannot connect \(the host's virsh\)/);
    writeFileSync(file, 'vharden-virsh ok uri\nnot base64 at all!\n.\n');
    await assert.rejects(libvirtCollector.collect(undefined, { out: join(tmp(), 's'), flags: { transcript: file }, env: process.env }), /not a virsh transcript/);
    await assert.rejects(libvirtCollector.collect('test:///default', { out: join(tmp(), 's'), flags: { transcript: file }, env: process.env }), /--transcript reads what the host printed/);
  });
});

describe('libvirt snapshot helpers', () => {
  it('names from the source become one safe path component', () => {
    assert.equal(safeName('web01'), 'web01');
    assert.equal(safeName('..'), '%2E.');
    assert.equal(safeName('a/b'), 'a%2Fb');
    assert.equal(safeName('.hidden'), '%2Ehidden');
    assert.equal(safeName(''), '%00');
    assert.equal(safeName('gäst'), 'g%C3%A4st');
  });

  it('redacts every passwd attribute, and refuses damaged XML that mentions one', () => {
    const r = redactLibvirtXml(`<domain type='kvm'><devices><graphics type='vnc' passwd='a&amp;b'/><graphics type="spice" passwd="x"/></devices></domain>`);
    assert.ok(!('error' in r));
    assert.equal(r.count, 2);
    assert.equal(r.text, `<domain type='kvm'><devices><graphics type='vnc' passwd='${REDACTED}'/><graphics type="spice" passwd="${REDACTED}"/></devices></domain>`);
    assert.ok('error' in redactLibvirtXml(`<domain><graphics passwd='secret`));
    const conf = redactLibvirtConf('spice_password = "one"\nvnc_password = \'two\'\nvnc_listen = "0.0.0.0"\n');
    assert.ok(!('error' in conf));
    assert.equal(conf.text, `spice_password = "${REDACTED}"\nvnc_password = '${REDACTED}'\nvnc_listen = "0.0.0.0"\n`);
  });

  it('reads virsh version output', () => {
    const v = parseVersion('Compiled against library: libvirt 9.0.0\nUsing library: libvirt 9.0.0\nUsing API: QEMU 9.0.0\nRunning hypervisor: QEMU 7.2.0\nRunning against daemon: 9.0.0\n');
    assert.deepEqual(v, {
      compiledAgainst: { name: 'libvirt', version: '9.0.0' },
      library: { name: 'libvirt', version: '9.0.0' },
      api: { name: 'QEMU', version: '9.0.0' },
      hypervisor: { name: 'QEMU', version: '7.2.0' },
      daemon: { version: '9.0.0' },
    });
  });
});

describe('vharden collect (CLI)', { skip: skip || (existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build') }, () => {
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('collect libvirt then scan --root: exit 0, files and notes listed, findings from the snapshot', () => {
    const out = join(tmp(), 'snap');
    const c = cli(['collect', 'libvirt', '--connect', `test://${fixture()}`, '--out', out]);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /^Collected 5 files into /);
    assert.match(c.stdout, /\n {2}run\/libvirt\/qemu\/scratch\.xml\n/);
    assert.match(c.stdout, /Not collected:\n {2}- /);
    assert.match(c.stderr, /vharden: libvirt: connecting/);
    const s = cli(['scan', '--root', out, '--format', 'json']);
    assert.equal(s.code, 1);
    const ids = JSON.parse(s.stdout).findings.map((f: { ruleId: string }) => f.ruleId).sort();
    assert.deepEqual(ids, ['DOM-GRAPHICS-PASSWD', 'DOM-GRAPHICS-PUBLIC', 'DOM-NO-FILTERREF', 'NET-MIR-LINUXBRIDGE']);
  });

  it('exit 2 on usage errors, 1 when the source cannot be read', () => {
    assert.equal(cli(['collect']).code, 2);
    assert.match(cli(['collect', 'nosuch', '--out', join(tmp(), 's')]).stderr, /collect needs a source: .*libvirt.*ovs.*ssh/);
    assert.match(cli(['collect', 'libvirt', 'test:///default']).stderr, /--out DIR is required/);
    assert.equal(cli(['collect', 'libvirt', 'test:///default', '--out', join(tmp(), 's'), '--readonly', 'extra']).code, 2, 'a boolean flag takes no value: extra is a second target');
    const bad = cli(['collect', 'libvirt', 'test:///no/such.xml', '--out', join(tmp(), 's')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /cannot connect/);
    assert.match(cli(['--help']).stdout, /vharden collect libvirt \[URI/);
  });
});
