import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../server/src/catalog';
import { HOST_LOCATIONS } from '../server/src/node/host';
import { runScan } from '../server/src/node/run-scan';
import { FIXTURES, fixturesOf } from './helpers/fixtures';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const INSECURE = join(ROOT, 'examples', 'vmware', 'build-fw-lab.vmx');

function cli(args: string[], cwd: string, extra: { uid?: number; gid?: number } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' }, ...extra });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** Where a rule's bad fixture goes in a host tree: fixtures named after a host path keep it, others go on a datastore. */
function hostPathOf(ruleId: string, rel: string): string {
  const inner = rel.replace(/^bad\//, '');
  const etc = inner.indexOf('etc/');
  return etc >= 0 ? inner.slice(etc) : join('vmfs', 'volumes', 'datastore1', ruleId, basename(inner));
}

/** Every file's content and mtime under dir (for the read-only check). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        out.set(p, 'unstat-able');
        continue;
      }
      if (st.isDirectory()) {
        if (!out.has(`dir:${st.ino}`)) {
          out.set(`dir:${st.ino}`, '');
          out.set(p, `dir ${st.mtimeMs}`);
          visit(p);
        }
      } else {
        let content = '';
        try {
          content = readFileSync(p).toString('base64');
        } catch {
          content = 'unreadable';
        }
        out.set(p, `${st.mtimeMs} ${st.mode} ${content}`);
      }
    }
  };
  visit(dir);
  return out;
}

describe('host scans', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  for (const rule of allRules()) {
    const id = rule.meta.id;
    const { fixtures, expected } = fixturesOf(id);
    // a bad fixture where the rule reports (a project rule's fixture tree also holds files it reads but does not report in)
    // …at a place host scans read (a fixture under etc/ that is not a host location, such as an apt pin, is not)
    const read = (rel: string) => {
      const at = hostPathOf(id, rel);
      return !at.startsWith('etc/') || HOST_LOCATIONS.some((l) => at === l || at.startsWith(`${l}/`));
    };
    const bad = fixtures.find((f) => f.kind === 'bad' && (expected?.[f.rel]?.length ?? 1) > 0 && read(f.rel));
    if (!bad) continue;
    it(`--root finds ${id} in a host tree (${bad.rel} at /${hostPathOf(id, bad.rel)})`, () => {
      const root = tmp('vharden-host-');
      const target = join(root, hostPathOf(id, bad.rel));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(bad.path, target);
      // a rule judged under a policy (fixtures' vharden.yaml) finds it in the file's folder, as a scan would
      if (existsSync(join(FIXTURES, id, 'vharden.yaml'))) copyFileSync(join(FIXTURES, id, 'vharden.yaml'), join(dirname(target), '.vharden.yaml'));
      // project rules read the whole host tree: the other files of the fixture's tree come along
      const tree = bad.rel.indexOf('etc/');
      for (const f of fixtures) {
        if (f.kind !== 'bad' || f === bad || tree < 0 || !f.rel.startsWith(bad.rel.slice(0, tree) + 'etc/')) continue;
        const sibling = join(root, hostPathOf(id, f.rel));
        mkdirSync(dirname(sibling), { recursive: true });
        copyFileSync(f.path, sibling);
      }
      const { result } = runScan({ host: { root, includeVmfs: true } });
      const file = result.files.find((f) => f.path === target);
      assert.ok(file, `${target} was read`);
      assert.ok(file.findings.some((f) => f.ruleId === id), `${id} reported`);
    });
  }

  it('standard locations only: /vmfs/volumes is walked only with --include-vmfs; unrelated folders never', () => {
    const root = tmp('vharden-host-');
    mkdirSync(join(root, 'vmfs', 'volumes', 'ds1', 'vm1'), { recursive: true });
    copyFileSync(INSECURE, join(root, 'vmfs', 'volumes', 'ds1', 'vm1', 'vm1.vmx'));
    mkdirSync(join(root, 'home', 'user'), { recursive: true });
    copyFileSync(INSECURE, join(root, 'home', 'user', 'lab.vmx'));
    mkdirSync(join(root, 'etc', 'vmware'), { recursive: true });
    copyFileSync(INSECURE, join(root, 'etc', 'vmware', 'template.vmx'));
    const plain = JSON.parse(cli(['scan', '--root', root, '--format', 'json'], root).stdout);
    assert.deepEqual([...new Set(plain.findings.map((f: any) => f.path))], ['etc/vmware/template.vmx']);
    assert.deepEqual(plain.roots, ['etc/vmware']);
    const vmfs = JSON.parse(cli(['scan', '--root', root, '--include-vmfs', '--format', 'json'], root).stdout);
    assert.deepEqual(vmfs.read.sort(), ['etc/vmware/template.vmx', 'vmfs/volumes/ds1/vm1/vm1.vmx']);
    const r = cli(['scan', '--root', root, '--format', 'html'], root);
    for (const loc of HOST_LOCATIONS.filter((l) => l !== 'etc/vmware')) assert.ok(r.stdout.includes(`<code>/${loc}</code>`), `absent location /${loc} listed`);
  });

  it('usage: --root with paths, --fix, or --include-vmfs alone is refused (host scans are read-only)', () => {
    const root = tmp('vharden-host-');
    assert.match(cli(['scan', '--root', root, '--fix'], root).stderr, /read-only/);
    assert.equal(cli(['scan', '--root', root, 'x'], root).code, 2);
    assert.equal(cli(['scan', '--include-vmfs', '.'], root).code, 2);
    const missing = cli(['scan', '--root', join(root, 'nope')], root);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--root .*nope: not a folder/);
    const empty = cli(['scan', '--root', root], root);
    assert.equal(empty.code, 0);
    assert.match(empty.stderr, /none of the standard locations exists/);
  });

  it('broken symlinks, symlink loops and unreadable files are listed, not fatal; nothing under the root changes', (t) => {
    const root = tmp('vharden-host-');
    const qemu = join(root, 'etc', 'libvirt', 'qemu');
    mkdirSync(qemu, { recursive: true });
    mkdirSync(join(root, 'etc', 'vmware'), { recursive: true });
    copyFileSync(INSECURE, join(root, 'etc', 'vmware', 'lab.vmx'));
    copyFileSync(INSECURE, join(root, 'etc', 'vmware', 'secret.vmx'));
    chmodSync(join(root, 'etc', 'vmware', 'secret.vmx'), 0o000);
    symlinkSync(join(root, 'etc', 'libvirt', 'gone.xml'), join(qemu, 'dangling.xml'));
    symlinkSync('..', join(qemu, 'up'));
    symlinkSync('self', join(qemu, 'self'));
    const before = snapshot(root);
    // chmod 000 does not stop root from reading: when running as root, run the CLI as nobody
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = cli(['scan', '--root', root, '--format', 'json', '--fail-on', 'never'], root, asNobody);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    const notRead = Object.fromEntries(report.notRead.map((p: any) => [p.path, p.reason]));
    assert.equal(notRead['etc/libvirt/qemu/dangling.xml'], 'broken symbolic link');
    assert.match(notRead['etc/libvirt/qemu/up'], /symbolic link loop/);
    assert.match(notRead['etc/libvirt/qemu/self'], /symbolic link loop|broken/);
    assert.deepEqual(report.read, ['etc/vmware/lab.vmx']);
    if (process.getuid?.() === 0 && spawnSync(process.execPath, ['-e', ''], { uid: 65534, gid: 65534 }).status !== 0) {
      t.skip('running as root and cannot switch to uid 65534: chmod 000 does not make a file unreadable');
    } else {
      assert.equal(notRead['etc/vmware/secret.vmx'], 'permission denied');
    }
    const html = cli(['scan', '--root', root, '--format', 'html', '-o', join(tmpdir(), `vharden-${basename(root)}.html`)], root);
    assert.notEqual(html.code, 2, html.stderr);
    const after = snapshot(root);
    assert.deepEqual([...after.entries()], [...before.entries()], 'contents, modes and mtimes unchanged');
  });

  it('Proxmox-style links (/etc/pve/local, /etc/pve/qemu-server) are read once, under the real path, and are not problems', () => {
    const root = tmp('vharden-host-pve-');
    const node = join(root, 'etc', 'pve', 'nodes', 'pve1', 'qemu-server');
    mkdirSync(node, { recursive: true });
    copyFileSync(join(ROOT, 'test', 'fixtures', 'rules', 'PVE-VM-ARGS-VNC', 'bad', 'etc', 'pve', 'nodes', 'pve1', 'qemu-server', '102.conf'), join(node, '102.conf'));
    symlinkSync('nodes/pve1', join(root, 'etc', 'pve', 'local'));
    symlinkSync('nodes/pve1/qemu-server', join(root, 'etc', 'pve', 'qemu-server'));
    const report = JSON.parse(cli(['scan', '--root', root, '--format', 'json'], root).stdout);
    assert.deepEqual(report.read, ['etc/pve/nodes/pve1/qemu-server/102.conf']);
    assert.deepEqual(report.notRead, []);
    assert.ok(report.findings.some((f: any) => f.ruleId === 'PVE-VM-ARGS-VNC'));
  });

  it('a 20,000-file tree is scanned, every recognised file is read, and no progress line is written when stderr is not a terminal', () => {
    const root = tmp('vharden-host-big-');
    const base = join(root, 'etc', 'libvirt');
    const vmx = readFileSync(INSECURE);
    let n = 0;
    for (let d = 0; d < 100; d++) {
      const dir = join(base, `d${d}`);
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 200; f++, n++) {
        if (f === 0) writeFileSync(join(dir, `vm${d}.vmx`), vmx);
        else writeFileSync(join(dir, `note${f}.txt`), `file ${n}\n`);
      }
    }
    assert.equal(n, 20_000);
    const started = Date.now();
    const r = cli(['scan', '--root', root, '--format', 'json', '--fail-on', 'never'], root);
    const took = Date.now() - started;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'no progress line on a pipe');
    const report = JSON.parse(r.stdout);
    assert.equal(report.summary.visited, 20_000);
    assert.equal(report.summary.checked, 100);
    assert.equal(report.read.length, 100);
    assert.ok(took < 60_000, `took ${took} ms`);
    console.log(`20,000-file host tree scanned in ${took} ms`);
  });

  it('the progress line goes to a terminal only: shown with a TTY stderr, erased at the end', (t) => {
    const root = tmp('vharden-host-');
    mkdirSync(join(root, 'etc', 'vmware'), { recursive: true });
    for (let i = 0; i < 3000; i++) writeFileSync(join(root, 'etc', 'vmware', `f${i}.txt`), 'x\n');
    // `script` gives the child a pseudo-terminal; skip where it is not installed
    const script = spawnSync('script', ['-qec', `${process.execPath} ${CLI} scan --root ${root} --format json -o /dev/null`, '/dev/null'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (script.error) {
      t.skip('`script` (util-linux) is not installed: no pseudo-terminal to test with');
      return;
    }
    assert.match(script.stdout, /\r\x1b\[2Kvharden: \d+ files looked at/);
    assert.match(script.stdout, /\r\x1b\[2K$/);
  });
});
