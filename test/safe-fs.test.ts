import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { readCandidate, walk, type WalkProblem } from '../server/src/node/files';
import { writeSafely } from '../server/src/node/safe-write';
import { LspClient, SERVER } from './helpers/lsp';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const INSECURE = join(ROOT, 'examples', 'vmware', 'build-fw-lab.vmx');
/** A line only the file outside the scanned tree has: it must never show up in a report. */
const SECRET = 'displayName = "outside-secret-7f3a"';
const OUTSIDE_VMX = `${SECRET}\nRemoteDisplay.vnc.enabled = "TRUE"\nRemoteDisplay.vnc.port = "5901"\nsched.mem.pshare.salt = "shared"\n`;

const isRoot = process.getuid?.() === 0;
const canBeNobody = isRoot && spawnSync(process.execPath, ['-e', ''], { uid: 65534, gid: 65534 }).status === 0;

function cli(args: string[], cwd: string, extra: { uid?: number; gid?: number } = {}) {
  // A hang is a failure, not a stuck suite: the CLI gets 30 s.
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000, killSignal: 'SIGKILL', ...extra });
  assert.equal(r.signal, null, `the CLI did not finish (killed after 30 s): ${r.stderr}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

function reasons(report: { notRead: { path: string; reason: string }[] }): Record<string, string> {
  return Object.fromEntries(report.notRead.map((p) => [p.path, p.reason]));
}

/** Files left in a folder whose names are not in `names` (temporary files). */
function extraFiles(dir: string, names: string[]): string[] {
  return readdirSync(dir).filter((n) => !names.includes(n));
}

describe('--fix writes only inside the scanned roots, atomically', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  it('links to files and folders outside the scanned tree are neither read nor written; links inside are followed once', () => {
    const base = tmp('vharden-safe-');
    const repo = join(base, 'repo');
    const outside = join(base, 'outside');
    mkdirSync(join(outside, 'dir'), { recursive: true });
    mkdirSync(repo);
    writeFileSync(join(outside, 'prod.vmx'), OUTSIDE_VMX);
    writeFileSync(join(outside, 'dir', 'other.vmx'), OUTSIDE_VMX);
    copyFileSync(INSECURE, join(repo, 'ok.vmx'));
    chmodSync(join(repo, 'ok.vmx'), 0o640);
    symlinkSync('../outside/prod.vmx', join(repo, 'prod.vmx'));
    symlinkSync(join(outside, 'dir'), join(repo, 'linked'));
    symlinkSync('ok.vmx', join(repo, 'alias.vmx'));
    const inodeBefore = statSync(join(repo, 'ok.vmx')).ino;

    const r = cli(['scan', '--fix', '--format', 'json', '--fail-on', 'never', '.'], repo);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /outside-secret/);
    const report = JSON.parse(r.stdout);
    assert.equal(readFileSync(join(outside, 'prod.vmx'), 'utf8'), OUTSIDE_VMX, 'the file outside is unchanged');
    assert.equal(readFileSync(join(outside, 'dir', 'other.vmx'), 'utf8'), OUTSIDE_VMX, 'the file in the linked folder outside is unchanged');
    const why = reasons(report);
    assert.equal(why['prod.vmx'], 'points outside the scanned roots');
    assert.equal(why['linked'], 'points outside the scanned roots');
    assert.deepEqual(report.read, ['ok.vmx'], 'the link inside the tree is read once, under the real file');
    assert.ok(report.summary.fixed > 0);
    assert.notDeepEqual(readFileSync(join(repo, 'ok.vmx')), readFileSync(INSECURE), 'ok.vmx was fixed');
    assert.ok(lstatSync(join(repo, 'alias.vmx')).isSymbolicLink(), 'the link is still a link');
    const after = statSync(join(repo, 'ok.vmx'));
    assert.equal(after.mode & 0o7777, 0o640, 'mode kept');
    assert.notEqual(after.ino, inodeBefore, 'written to a new file renamed over the old one');
    assert.deepEqual(extraFiles(repo, ['ok.vmx', 'prod.vmx', 'linked', 'alias.vmx']), [], 'no temporary file left');
  });

  it('a link named on the command line is the user\'s choice: its target is fixed and the link stays a link', () => {
    const base = tmp('vharden-safe-arg-');
    copyFileSync(INSECURE, join(base, 'real.vmx'));
    symlinkSync('real.vmx', join(base, 'named.vmx'));
    const r = cli(['scan', '--fix', '--format', 'json', '--fail-on', 'never', 'named.vmx'], base);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(JSON.parse(r.stdout).summary.fixed > 0);
    assert.ok(lstatSync(join(base, 'named.vmx')).isSymbolicLink());
    assert.notDeepEqual(readFileSync(join(base, 'real.vmx')), readFileSync(INSECURE));
  });

  it('read-only files are not written, even by root, and every report says so', () => {
    const dir = tmp('vharden-safe-ro-');
    copyFileSync(INSECURE, join(dir, 'ro.vmx'));
    chmodSync(join(dir, 'ro.vmx'), 0o444);
    const json = cli(['scan', '--fix', '--format', 'json', '--fail-on', 'never', '.'], dir);
    const report = JSON.parse(json.stdout);
    assert.deepEqual(readFileSync(join(dir, 'ro.vmx')), readFileSync(INSECURE), 'unchanged');
    assert.equal(report.summary.fixed, 0);
    assert.equal(report.notWritten.length, 1);
    assert.equal(report.notWritten[0].path, 'ro.vmx');
    assert.match(report.notWritten[0].reason, /read-only/);
    assert.ok(report.findings.some((f: any) => f.ruleId === 'VMX-CONSOLE-VNC'), 'its findings are still reported');
    assert.match(json.stderr, /could not write fixes to ro\.vmx: read-only/);
    const text = cli(['scan', '--fix', '--fail-on', 'never', '.'], dir);
    assert.match(text.stdout, /not written: ro\.vmx \(read-only/);
    const sarif = JSON.parse(cli(['scan', '--fix', '--format', 'sarif', '--fail-on', 'never', '.'], dir).stdout);
    assert.ok(sarif.runs[0].invocations[0].toolExecutionNotifications.some((n: any) => n.level === 'error' && /^not written: ro\.vmx \(read-only/.test(n.message.text)));
    const html = cli(['scan', '--fix', '--format', 'html', '--fail-on', 'never', '.'], dir);
    assert.match(html.stdout, /Paths not written/);
    assert.match(html.stdout, /<code>ro\.vmx<\/code>: read-only/);
    const md = cli(['scan', '--fix', '--format', 'markdown', '--fail-on', 'never', '.'], dir);
    assert.match(md.stdout, /### Paths not written/);
  });

  it('a file with other hard links is not written: replacing it would split the names, the other left unfixed', () => {
    const dir = tmp('vharden-safe-hardlink-');
    mkdirSync(join(dir, 'vms'));
    copyFileSync(INSECURE, join(dir, 'vms', 'a.vmx'));
    linkSync(join(dir, 'vms', 'a.vmx'), join(dir, 'b.vmx'));
    const ino = statSync(join(dir, 'b.vmx')).ino;
    const report = JSON.parse(cli(['scan', '--fix', '--format', 'json', '--fail-on', 'never', '.'], dir).stdout);
    assert.equal(report.summary.fixed, 0);
    assert.equal(report.notWritten.length, 1);
    assert.match(report.notWritten[0].reason, /2 names \(hard links\)/);
    for (const name of ['b.vmx', join('vms', 'a.vmx')]) {
      assert.deepEqual(readFileSync(join(dir, name)), readFileSync(INSECURE), `${name} unchanged`);
      assert.equal(statSync(join(dir, name)).ino, ino, `${name} is still the same file`);
    }
    assert.ok(report.findings.some((f: any) => f.ruleId === 'VMX-CONSOLE-VNC'), 'its findings are still reported');
  });

  it('keeps the owner and group when run as root', { skip: isRoot ? false : 'needs root to give the file to another owner' }, () => {
    const dir = tmp('vharden-safe-own-');
    copyFileSync(INSECURE, join(dir, 'owned.vmx'));
    chownSync(join(dir, 'owned.vmx'), 65534, 65534);
    chmodSync(join(dir, 'owned.vmx'), 0o604);
    const r = cli(['scan', '--fix', '--format', 'json', '--fail-on', 'never', '.'], dir);
    assert.ok(JSON.parse(r.stdout).summary.fixed > 0);
    const st = statSync(join(dir, 'owned.vmx'));
    assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [65534, 65534, 0o604]);
  });

  it('a write that fails (file size limit) is reported as a write failure, leaves the file whole and no temporary file', () => {
    const dir = tmp('vharden-safe-efbig-');
    // 64 KB: over the 16 × 512-byte limit set below, so the write fails part way.
    const big = readFileSync(INSECURE, 'utf8') + `# padding\n`.repeat(6600);
    writeFileSync(join(dir, 'big.vmx'), big);
    const r = spawnSync('sh', ['-c', `ulimit -f 16 && exec "${process.execPath}" "${CLI}" scan --fix --format json --fail-on never big.vmx`], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 30_000 });
    assert.equal(readFileSync(join(dir, 'big.vmx'), 'utf8'), big, 'the original is untouched');
    assert.deepEqual(extraFiles(dir, ['big.vmx']), [], 'no temporary file left');
    const report = JSON.parse(r.stdout);
    assert.equal(report.summary.fixed, 0);
    assert.match(report.notWritten[0].reason, /^write failed: file too large/);
  });

  it('a folder or a file the user cannot write to: not written, reported, nothing left behind', { skip: canBeNobody ? false : 'needs root and uid 65534' }, () => {
    const dir = tmp('vharden-safe-eacces-');
    copyFileSync(INSECURE, join(dir, 'vm.vmx'));
    chmodSync(join(dir, 'vm.vmx'), 0o666);
    chmodSync(dir, 0o555);
    const r = cli(['scan', '--fix', '--format', 'json', '--fail-on', 'never', '.'], dir, { uid: 65534, gid: 65534 });
    const report = JSON.parse(r.stdout);
    assert.deepEqual(readFileSync(join(dir, 'vm.vmx')), readFileSync(INSECURE));
    assert.deepEqual(extraFiles(dir, ['vm.vmx']), []);
    assert.match(report.notWritten[0].reason, /^write failed: permission denied/);
    // a writable folder does not make another user's file writable (a rename would replace it)
    const open = tmp('vharden-safe-eacces-file-');
    chmodSync(open, 0o777);
    copyFileSync(INSECURE, join(open, 'vm.vmx'));
    chmodSync(join(open, 'vm.vmx'), 0o644);
    const other = JSON.parse(cli(['scan', '--fix', '--format', 'json', '--fail-on', 'never', '.'], open, { uid: 65534, gid: 65534 }).stdout);
    assert.deepEqual(readFileSync(join(open, 'vm.vmx')), readFileSync(INSECURE));
    assert.equal(statSync(join(open, 'vm.vmx')).uid, 0);
    assert.match(other.notWritten[0].reason, /^write failed: permission denied/);
    assert.deepEqual(extraFiles(open, ['vm.vmx']), []);
  });
});

describe('safe writes: nothing is written over a file that changed since it was read', () => {
  const bytes = Buffer.from('RemoteDisplay.vnc.enabled = "FALSE"\n');

  it('refuses when the content changed, and writes (atomically, mode kept) when it did not', () => {
    const dir = tmp('vharden-safe-changed-');
    const path = join(dir, 'vm.vmx');
    copyFileSync(INSECURE, path);
    chmodSync(path, 0o600);
    const c = readCandidate(path, 5_000_000, [])!;
    writeFileSync(path, 'edited meanwhile\n');
    assert.match(writeSafely(c, bytes) ?? '', /changed since it was read/);
    assert.equal(readFileSync(path, 'utf8'), 'edited meanwhile\n');

    const again = readCandidate(path, 5_000_000, [])!;
    const ino = statSync(path).ino;
    assert.equal(writeSafely(again, bytes), undefined);
    assert.deepEqual(readFileSync(path), bytes);
    assert.notEqual(statSync(path).ino, ino);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['vm.vmx']);
  });

  it('refuses when the file was replaced by a link or another file of the same size', () => {
    const dir = tmp('vharden-safe-swap-');
    const path = join(dir, 'vm.vmx');
    copyFileSync(INSECURE, path);
    const c = readCandidate(path, 5_000_000, [])!;
    copyFileSync(INSECURE, join(dir, 'copy'));
    execFileSync('mv', [join(dir, 'copy'), path]);
    assert.match(writeSafely(c, bytes) ?? '', /changed since it was read/, 'same bytes, another file');
    const d = readCandidate(path, 5_000_000, [])!;
    copyFileSync(INSECURE, join(dir, 'elsewhere'));
    execFileSync('ln', ['-sf', 'elsewhere', path]);
    assert.match(writeSafely(d, bytes) ?? '', /changed since it was read/, 'now a link');
    assert.deepEqual(readFileSync(join(dir, 'elsewhere')), readFileSync(INSECURE));
  });
});

describe('reading never blocks and never reads pseudo-files', { skip: !hasMkfifo ? 'mkfifo missing' : existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  it('CLI scan: FIFOs and links to them are listed as not regular files; links into /proc are not read', () => {
    const dir = tmp('vharden-safe-fifo-');
    copyFileSync(INSECURE, join(dir, 'ok.vmx'));
    mkfifo(join(dir, 'pipe.vmx'));
    symlinkSync('pipe.vmx', join(dir, 'to-pipe.vmx'));
    symlinkSync('/proc/self/status', join(dir, 'proc.vmx'));
    symlinkSync('/sys/kernel', join(dir, 'sys'));
    const r = cli(['scan', '--format', 'json', '--fail-on', 'never', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    const why = reasons(report);
    assert.equal(why['pipe.vmx'], 'not a regular file');
    assert.equal(why['to-pipe.vmx'], 'not a regular file');
    assert.equal(why['proc.vmx'], 'kernel pseudo-file (/proc, /sys)');
    assert.equal(why['sys'], 'kernel pseudo-file (/proc, /sys)');
    assert.deepEqual(report.read, ['ok.vmx']);
  });

  it('CLI scan: a FIFO named on the command line is an unreadable input (exit 2), and a FIFO .vharden.yaml is an invalid configuration, not a hang', () => {
    const dir = tmp('vharden-safe-fifo-arg-');
    mkfifo(join(dir, 'pipe.vmx'));
    const named = cli(['scan', 'pipe.vmx'], dir);
    assert.equal(named.code, 2);
    assert.match(named.stderr, /cannot read pipe\.vmx: not a regular file/);
    mkdirSync(join(dir, 'sub'));
    copyFileSync(INSECURE, join(dir, 'sub', 'vm.vmx'));
    mkfifo(join(dir, 'sub', '.vharden.yaml'));
    const config = cli(['scan', 'sub'], dir);
    assert.equal(config.code, 2);
    assert.match(config.stderr, /invalid configuration:[\s\S]*\.vharden\.yaml.*not a regular file/);
    mkfifo(join(dir, 'baseline.json'));
    const baseline = cli(['scan', '--no-config', '--baseline', 'baseline.json', 'sub'], dir);
    assert.equal(baseline.code, 2);
    assert.match(baseline.stderr, /cannot read baseline baseline\.json: not a regular file/);
  });

  it('host scan: FIFOs, links leaving the root, loops and links inside the root', () => {
    const base = tmp('vharden-safe-host-');
    const root = join(base, 'host');
    const outside = join(base, 'outside');
    const vmware = join(root, 'etc', 'vmware');
    mkdirSync(vmware, { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'prod.vmx'), OUTSIDE_VMX);
    copyFileSync(INSECURE, join(vmware, 'lab.vmx'));
    symlinkSync('lab.vmx', join(vmware, 'again.vmx'));
    linkSync(join(vmware, 'lab.vmx'), join(vmware, 'z-hard.vmx'));
    symlinkSync(join(outside, 'prod.vmx'), join(vmware, 'outside.vmx'));
    symlinkSync('../../../outside', join(vmware, 'outdir'));
    symlinkSync(outside, join(root, 'etc', 'ansible'));
    symlinkSync('..', join(vmware, 'loop'));
    mkfifo(join(vmware, 'pipe.vmx'));
    symlinkSync('pipe.vmx', join(vmware, 'to-pipe.vmx'));
    symlinkSync('/proc/self/status', join(vmware, 'proc.vmx'));

    const r = cli(['scan', '--root', root, '--format', 'json', '--fail-on', 'never'], root);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    const why = reasons(report);
    assert.equal(why['etc/vmware/outside.vmx'], 'points outside the root');
    assert.equal(why['etc/vmware/outdir'], 'points outside the root');
    assert.equal(why['etc/ansible'], 'points outside the root');
    assert.equal(why['etc/vmware/pipe.vmx'], 'not a regular file');
    assert.equal(why['etc/vmware/to-pipe.vmx'], 'not a regular file');
    assert.equal(why['etc/vmware/proc.vmx'], 'kernel pseudo-file (/proc, /sys)');
    assert.match(why['etc/vmware/loop'] ?? '', /symbolic link loop/);
    assert.equal(report.notRead.length, new Set(report.notRead.map((p: any) => p.path)).size, 'each problem listed once');
    assert.deepEqual(report.read, ['etc/vmware/lab.vmx'], 'read once, under the real path');
    for (const format of ['text', 'json', 'sarif', 'html', 'markdown']) {
      const out = cli(['scan', '--root', root, '--format', format, '--fail-on', 'never'], root);
      assert.doesNotMatch(out.stdout, /outside-secret/, `${format}: no line of the file outside the root`);
    }
  });

  it('readCandidate never blocks on a FIFO (a file swapped for one after the walk) and never opens devices', () => {
    const dir = tmp('vharden-safe-race-');
    mkfifo(join(dir, 'vm.vmx'));
    // In a child process: a blocking open would hang it, and the test fails on the timeout instead.
    const script = `import { readCandidate } from ${JSON.stringify(join(ROOT, 'server', 'src', 'node', 'files.ts'))};
const problems = [];
for (const p of [${JSON.stringify(join(dir, 'vm.vmx'))}, '/dev/null']) readCandidate(p, 5000000, problems);
console.log(JSON.stringify(problems));`;
    writeFileSync(join(dir, 'probe.mts'), script);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'probe.mts')], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 30_000, killSignal: 'SIGKILL' });
    assert.equal(r.signal, null, 'readCandidate blocked on a FIFO');
    assert.deepEqual(JSON.parse(r.stdout), [{ path: join(dir, 'vm.vmx'), reason: 'not a regular file' }, { path: '/dev/null', reason: 'not a regular file' }]);
  });

  it('walk: /proc and /sys are not walked, also through links or when named', () => {
    const dir = tmp('vharden-safe-walk-');
    symlinkSync('/sys/kernel/mm', join(dir, 'mm'));
    const problems: WalkProblem[] = [];
    assert.deepEqual([...walk([dir, '/proc/sys/kernel'], problems)], []);
    assert.deepEqual(problems, [
      { path: '/proc/sys/kernel', reason: 'kernel pseudo-file (/proc, /sys)' },
      { path: join(dir, 'mm'), reason: 'kernel pseudo-file (/proc, /sys)' },
    ]);
  });

  it('workspace indexing reads neither links leaving the workspace nor /proc', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, async () => {
    const base = tmp('vharden-safe-ws-');
    const ws = join(base, 'ws');
    mkdirSync(ws);
    writeFileSync(join(base, 'interfaces'), 'auto vmbr9\niface vmbr9 inet manual\n    ovs_type OVSBridge\n');
    mkdirSync(join(ws, 'etc', 'network', 'if-up.d'), { recursive: true });
    symlinkSync(join(base, 'interfaces'), join(ws, 'etc', 'network', 'interfaces'));
    // guests on vmbr9 (its definition is only behind the link) and on br1 (defined here: the sign that indexing ran)
    writeFileSync(join(ws, 'etc', 'network', 'if-up.d', 'guests'), '#!/bin/sh\novs-vsctl add-port vmbr9 vnet0\novs-vsctl add-br br1\novs-vsctl add-port br1 vnet1\n');
    symlinkSync('/proc/self/status', join(ws, 'proc.vmx'));
    copyFileSync(INSECURE, join(ws, 'vm.vmx'));
    const client = new LspClient();
    try {
      await client.initialize({}, [pathToFileURL(ws).href]);
      await client.waitForDiagnostics(pathToFileURL(join(ws, 'etc', 'network', 'if-up.d', 'guests')).href, (p) => p.diagnostics.some((d) => d.code === 'OVS-MIR-MISSING'));
      const uris = new Set(client.published.map((p) => p.uri));
      assert.ok(!uris.has(pathToFileURL(join(ws, 'etc', 'network', 'interfaces')).href), 'the link leaving the workspace was not read');
      assert.ok(!uris.has(pathToFileURL(join(ws, 'proc.vmx')).href), '/proc was not read');
    } finally {
      await client.close();
    }
  });
});

describe('language server: workspace indexing never blocks on FIFOs or pseudo-files', { skip: !hasMkfifo ? 'mkfifo missing' : existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  it('indexes the workspace and publishes the fabric warning for a file nobody opened', async () => {
    const ws = tmp('vharden-safe-lsp-');
    mkdirSync(join(ws, 'host1', 'etc', 'network', 'if-up.d'), { recursive: true });
    const bridge = join(ws, 'host1', 'etc', 'network', 'interfaces');
    writeFileSync(bridge, 'auto vmbr1\niface vmbr1 inet static\n    address 10.0.10.5/24\n    ovs_type OVSBridge\n    ovs_ports eno1\n');
    writeFileSync(join(ws, 'host1', 'etc', 'network', 'if-up.d', 'guest-ports'), '#!/bin/sh\novs-vsctl --may-exist add-port vmbr1 vnet0\n');
    mkfifo(join(ws, 'pipe.vmx'));
    symlinkSync('pipe.vmx', join(ws, 'to-pipe.vmx'));
    symlinkSync('/proc/self/status', join(ws, 'proc.vmx'));
    mkdirSync(join(ws, 'sub'));
    copyFileSync(INSECURE, join(ws, 'sub', 'vm.vmx'));
    mkfifo(join(ws, 'sub', '.vharden.yaml'));
    const client = new LspClient();
    try {
      await client.initialize({}, [pathToFileURL(ws).href]);
      const p = await client.waitForDiagnostics(pathToFileURL(bridge).href, (x) => x.diagnostics.some((d) => d.code === 'OVS-MIR-MISSING'), 15_000);
      assert.ok(p.diagnostics.length > 0);
    } finally {
      // a server stuck on a read would never answer shutdown
      client.conn.dispose();
      client.proc.kill('SIGKILL');
    }
  });
});
