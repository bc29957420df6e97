import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { applyBaseline, baselineNotes, createBaseline, parseBaseline } from '../server/src/engine/baseline';
import { defaultConfig } from '../server/src/engine/config';
import { configEffects, looseningOf, tighteningOnly } from '../server/src/engine/config-effects';
import { lintText } from '../server/src/engine/engine';
import { sha256Hex } from '../server/src/engine/sha256';
import type { Finding } from '../server/src/engine/types';
import { configStops } from '../server/src/node/run-scan';

// The CI gate (`vharden scan`, default --fail-on low) must not be passed on purpose.
const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const INSECURE = readFileSync(join(ROOT, 'examples', 'vmware', 'build-fw-lab.vmx'), 'utf8');
const noCli = existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build';

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The log validates against the SARIF 2.1.0 schema. */
function assertSarif(log: unknown): void {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  assert.ok(ajv.validate(schema, log), JSON.stringify(ajv.errors?.slice(0, 5)));
}

function tmp(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'vharden-gate-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

describe('a file that cannot be checked fails the gate', () => {
  it('VH-FILE-SKIPPED is medium by default and configurable like any rule', () => {
    const text = `${INSECURE}\u0000`;
    const skipped = lintText({ path: 'vm.vmx', text, config: defaultConfig() }).findings;
    assert.deepEqual(skipped.map((f) => `${f.ruleId} ${f.severity}`), ['VH-FILE-SKIPPED medium']);
    const lowered = lintText({ path: 'vm.vmx', text, config: { ...defaultConfig(), rules: { 'VH-FILE-SKIPPED': 'info' } } }).findings;
    assert.deepEqual(lowered.map((f) => `${f.ruleId} ${f.severity}`), ['VH-FILE-SKIPPED info']);
    const big = lintText({ path: 'vm.vmx', text: 'x', config: defaultConfig(), skipReason: 'timed out' }).findings;
    assert.deepEqual(big.map((f) => f.severity), ['medium']);
  });

  it('one NUL byte or a 5 MB comment is exit 1, not 0', { skip: noCli }, () => {
    const nul = tmp({ 'vm.vmx': `${INSECURE}\u0000` });
    const r = cli(['scan', '.'], nul);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /medium +The file contains NUL bytes.*VH-FILE-SKIPPED/);
    const huge = tmp({ 'vm.vmx': `# ${'x'.repeat(5 * 1024 * 1024)}\n${INSECURE}` });
    assert.equal(cli(['scan', '.'], huge).code, 1);
    assert.equal(cli(['scan', '.', '--rule', 'VH-FILE-SKIPPED=info'], huge).code, 0, 'turned down on purpose, by a flag');
  });
});

describe('suppressions need a reason', () => {
  const lint = (text: string) => lintText({ path: 'vm.vmx', text, config: defaultConfig() }).findings;
  const active = (fs: ReturnType<typeof lint>) => fs.filter((f) => !f.suppressed).map((f) => f.ruleId);

  it('a reasonless suppression still suppresses, and is reported as VH-SUPPRESSION-NO-REASON (low)', () => {
    const fs = lint('usb.present = "TRUE" # vharden-ignore VMX-ISO-USB\n# vharden-ignore-file VMX-ISO-HOSTINFO --\ntools.guestlib.enableHostInfo = "TRUE"\n');
    assert.ok(fs.find((f) => f.ruleId === 'VMX-ISO-USB')!.suppressed);
    assert.ok(fs.find((f) => f.ruleId === 'VMX-ISO-HOSTINFO')!.suppressed);
    const noReason = fs.filter((f) => f.ruleId === 'VH-SUPPRESSION-NO-REASON');
    assert.deepEqual(noReason.map((f) => `${f.line + 1} ${f.severity}`), ['1 low', '2 low']);
    assert.deepEqual(lint('usb.present = "TRUE" # vharden-ignore VMX-ISO-USB -- card reader\n').filter((f) => f.ruleId === 'VH-SUPPRESSION-NO-REASON'), []);
  });

  it('a wildcard file suppression without a reason suppresses nothing and is reported', () => {
    const base = 'usb.present = "TRUE"\ntools.guestlib.enableHostInfo = "TRUE"\n';
    for (const comment of ['# vharden-ignore-file *', '# vharden-ignore-file VMX-*', '# vharden-ignore-file VMX-ISO-USB, * --', '# vharden-ignore-file ????-ISO-USB']) {
      const fs = lint(`${comment}\n${base}`);
      assert.ok(active(fs).includes('VMX-ISO-USB'), `${comment}: nothing is suppressed`);
      const r = fs.find((f) => f.ruleId === 'VH-SUPPRESSION-NO-REASON');
      assert.ok(r, `${comment}: reported`);
      assert.match(r.message, /suppresses nothing/);
      assert.equal(fs.filter((f) => f.ruleId === 'VH-UNUSED-SUPPRESSION').length, 0, 'reported once, not also as unused');
    }
    const reasoned = lint(`# vharden-ignore-file * -- generated lab VM, rebuilt nightly\n${base}`);
    assert.deepEqual(active(reasoned), []);
  });

  it('the quick fix\'s placeholder left as "reason" is reported like no reason', () => {
    const fs = lint('usb.present = "TRUE" # vharden-ignore VMX-ISO-USB -- reason\n');
    assert.ok(fs.find((f) => f.ruleId === 'VMX-ISO-USB')!.suppressed, 'it still suppresses');
    const r = fs.find((f) => f.ruleId === 'VH-SUPPRESSION-NO-REASON');
    assert.match(r?.message ?? '', /placeholder reason/);
    const wild = lint('# vharden-ignore-file * -- reason\nusb.present = "TRUE"\n');
    assert.ok(active(wild).includes('VMX-ISO-USB'), 'a placeholder does not make a file-wide wildcard apply');
  });

  it('the CLI gate fails on `vharden-ignore-file *` without a reason', { skip: noCli }, () => {
    const dir = tmp({ 'vm.vmx': `# vharden-ignore-file *\n${INSECURE}` });
    const r = cli(['scan', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const ids = new Set(JSON.parse(r.stdout).findings.filter((f: any) => !f.suppressed).map((f: any) => f.ruleId));
    assert.ok(ids.has('VMX-CONSOLE-VNC') && ids.has('VH-SUPPRESSION-NO-REASON'));
  });
});

describe('a suppression cannot hide behind invisible characters', () => {
  const lint = (text: string) => lintText({ path: 'vm.vmx', text, config: defaultConfig() }).findings;
  it('a vharden-ignore comment holding a bidirectional control character suppresses nothing and says why', () => {
    // displayed right to left from U+202E on, the comment reads as noise while it works as a waiver (Trojan Source)
    for (const [comment, shown] of [
      ['# \u202evharden-ignore VMX-ISO-USB -- card reader', 'U+202E'],
      ['# vharden-ignore VMX-ISO-USB -- \u2067card reader\u2069', 'U+2067'],
      ['# vharden-ignore-file * -- lab \u200f', 'U+200F'],
      ['# \u061cvharden-ignore VMX-ISO-USB -- card reader', 'U+061C'],
    ] as const) {
      const fs = lint(`usb.present = "TRUE" ${comment}\n`);
      assert.equal(fs.find((f) => f.ruleId === 'VMX-ISO-USB')?.suppressed, undefined, `${JSON.stringify(comment)}: not suppressed`);
      const r = fs.filter((f) => f.ruleId === 'VH-UNUSED-SUPPRESSION');
      assert.equal(r.length, 1, JSON.stringify(fs.map((f) => f.ruleId)));
      assert.ok(r[0]!.message.includes(shown) && /suppresses nothing/.test(r[0]!.message), r[0]!.message);
      assert.equal(fs.filter((f) => f.ruleId === 'VH-SUPPRESSION-NO-REASON').length, 0, 'reported once');
    }
  });
  it('other comments may hold them (right-to-left text in a note)', () => {
    const fs = lint('usb.present = "TRUE" # \u05e7\u05d5\u05e8\u05d0 \u202bכרטיס\u202c\n');
    assert.deepEqual(fs.map((f) => f.ruleId), ['VMX-ISO-USB']);
  });
});

describe('a baselined finding that gets worse is new', () => {
  const finding = (message: string, severity: Finding['severity'], line = 1): Finding => ({ ruleId: 'VMX-CONSOLE-VNC', locator: 'RemoteDisplay.vnc.enabled', message, severity, line, start: 0, end: 1, character: 0, endLine: line, endCharacter: 1 });
  const LOOPBACK = 'VNC console is enabled on loopback (127.0.0.1): anyone who reaches the port controls this VM.';
  const OPEN = 'VNC console is enabled on every host interface with no password: anyone who reaches the port controls this VM.';

  it('entries record severity and a fingerprint of what the rule says; moving lines keeps them', () => {
    const b = createBaseline([{ relPath: 'vm.vmx', findings: [finding(LOOPBACK, 'low')] }], 'baseline-file', '');
    assert.equal(b.version, 2);
    assert.equal(b.entries[0]!.severity, 'low');
    assert.match(b.entries[0]!.fingerprint!, /^[0-9a-f]{16,}$/);
    const moved = [{ relPath: 'vm.vmx', findings: [finding(LOOPBACK, 'low', 40)] }];
    assert.deepEqual(applyBaseline(moved, b), []);
    assert.equal(moved[0]!.findings[0]!.baselined?.severity, 'low');
    const dup = (line: number) => finding(`\`x\` is set again on line ${line}; the last value is the one VMware uses.`, 'low');
    const d = createBaseline([{ relPath: 'vm.vmx', findings: [dup(3)] }], 'baseline-file', '');
    const later = [{ relPath: 'vm.vmx', findings: [dup(9)] }];
    applyBaseline(later, d);
    assert.ok(later[0]!.findings[0]!.baselined, 'a line number named in the message is not part of the fingerprint');
  });

  it('another value or a higher severity under the same key is new, marked as changed, and the entry is not "fixed"', () => {
    const b = createBaseline([{ relPath: 'vm.vmx', findings: [finding(LOOPBACK, 'low')] }], 'baseline-file', '');
    const worse = [{ relPath: 'vm.vmx', findings: [finding(OPEN, 'critical')] }];
    assert.deepEqual(applyBaseline(worse, b), []);
    const f = worse[0]!.findings[0]!;
    assert.equal(f.baselined, undefined);
    assert.equal(f.severity, 'critical');
    assert.deepEqual(f.baselineChanged, { severity: 'low' });
    const raised = [{ relPath: 'vm.vmx', findings: [finding(LOOPBACK, 'high')] }];
    applyBaseline(raised, b);
    assert.equal(raised[0]!.findings[0]!.baselined, undefined, 'same message, higher severity (a config raised it)');
    const lowered = [{ relPath: 'vm.vmx', findings: [finding(LOOPBACK, 'info')] }];
    applyBaseline(lowered, b);
    assert.ok(lowered[0]!.findings[0]!.baselined, 'a lower severity stays baselined');
  });

  it('old baselines (no severity, no fingerprint) still match by key, with a note', () => {
    const old = parseBaseline(JSON.stringify({ version: 1, tool: 'vharden', created: '', entries: [{ path: 'vm.vmx', ruleId: 'VMX-CONSOLE-VNC', locator: 'RemoteDisplay.vnc.enabled', count: 1 }] }));
    assert.ok(old.baseline, old.error);
    assert.match(baselineNotes(old.baseline)[0]!, /1 entry .*no fingerprint.*baseline create/);
    const files = [{ relPath: 'vm.vmx', findings: [finding(OPEN, 'critical')] }];
    applyBaseline(files, old.baseline);
    assert.ok(files[0]!.findings[0]!.baselined);
    const fresh = createBaseline(files, 'baseline-file', '');
    assert.deepEqual(baselineNotes(fresh), []);
    assert.match(parseBaseline(JSON.stringify({ ...fresh, entries: [{ ...fresh.entries[0], severity: 'urgent' }] })).error!, /severity/);
    assert.match(parseBaseline(JSON.stringify({ ...fresh, version: 3 })).error!, /not a vharden baseline/);
  });

  it('CLI: loopback VNC with a password, baselined, then all interfaces without one: exit 1', { skip: noCli }, () => {
    const safe = 'displayName = "build"\nRemoteDisplay.vnc.enabled = "TRUE"\nRemoteDisplay.vnc.ip = "127.0.0.1"\nRemoteDisplay.vnc.password = "s3cret"\n';
    const dir = tmp({ 'vms/build.vmx': safe });
    assert.equal(cli(['baseline', 'create', 'vms'], dir).code, 0);
    assert.equal(cli(['scan', 'vms', '--baseline', '.vharden-baseline.json'], dir).code, 0);
    writeFileSync(join(dir, 'vms', 'build.vmx'), '# moved\n' + safe.replace('127.0.0.1', '0.0.0.0').replace(/RemoteDisplay\.vnc\.password.*\n/, ''));
    const text = cli(['scan', 'vms', '--baseline', '.vharden-baseline.json'], dir);
    assert.equal(text.code, 1, text.stdout);
    assert.match(text.stdout, /critical +VNC console is enabled on 0\.0\.0\.0 with no password.*\[changed since the baseline; was low\]/);
    assert.doesNotMatch(text.stdout, /fixed or moved\): vms\/build\.vmx VMX-CONSOLE-VNC /, 'the worse finding used up its entry');
    const sarif = JSON.parse(cli(['scan', 'vms', '--baseline', '.vharden-baseline.json', '--format', 'sarif'], dir).stdout);
    assertSarif(sarif);
    assert.deepEqual(sarif.runs[0].results.filter((r: any) => r.ruleId === 'VMX-CONSOLE-VNC').map((r: any) => r.baselineState), ['updated']);
    const json = JSON.parse(cli(['scan', 'vms', '--baseline', '.vharden-baseline.json', '--format', 'json'], dir).stdout);
    const vnc = json.findings.find((f: any) => f.ruleId === 'VMX-CONSOLE-VNC');
    assert.deepEqual([vnc.baselined, vnc.baselineChanged], [null, { severity: 'low' }]);
  });

  it('CLI: an old baseline works by key and says so on standard error', { skip: noCli }, () => {
    const dir = tmp({ 'vm.vmx': INSECURE });
    assert.equal(cli(['baseline', 'create', 'vm.vmx'], dir).code, 0);
    const b = JSON.parse(readFileSync(join(dir, '.vharden-baseline.json'), 'utf8'));
    const old = { ...b, version: 1, entries: b.entries.map(({ severity: _s, fingerprint: _f, ...e }: any) => e) };
    writeFileSync(join(dir, 'old.json'), JSON.stringify(old));
    const r = cli(['scan', 'vm.vmx', '--baseline', 'old.json'], dir);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stderr, /old\.json: \d+ entries have no fingerprint/);
  });
});

describe('the .vharden.yaml search stays inside the scanned workspace', () => {
  it('stops at the git root, else at the scanned folder; never at a current folder above it', () => {
    const outer = tmp({ '.vharden.yaml': 'rules:\n  "*": off\n', 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/vms/a.vmx': INSECURE, 'loose/b.vmx': INSECURE, 'sub/.git': 'gitdir: ../.git/modules/sub\n', 'sub/c.vmx': INSECURE });
    assert.deepEqual(configStops([join(outer, 'repo', 'vms'), join(outer, 'repo', 'vms', 'a.vmx'), join(outer, 'loose'), join(outer, 'loose', 'b.vmx'), join(outer, 'sub', 'c.vmx')], '/'),
      [join(outer, 'repo'), join(outer, 'repo'), join(outer, 'loose'), join(outer, 'loose'), join(outer, 'sub')]);
  });

  it('CLI run from / (or from a folder above the repository) ignores an ancestor\'s "*": off', { skip: noCli }, () => {
    const outer = tmp({ '.vharden.yaml': 'rules:\n  "*": off\n', 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/vms/a.vmx': INSECURE, 'loose/b.vmx': INSECURE });
    for (const cwd of ['/', outer]) {
      for (const target of [join(outer, 'repo'), join(outer, 'repo', 'vms'), join(outer, 'loose')]) {
        const r = cli(['scan', target], cwd);
        assert.equal(r.code, 1, `${target} from ${cwd}: ${r.stdout}`);
      }
    }
    writeFileSync(join(outer, 'repo', '.vharden.yaml'), 'rules:\n  VMX-CONSOLE-VNC: off\n');
    const inRepo = JSON.parse(cli(['scan', join(outer, 'repo', 'vms'), '--format', 'json'], '/').stdout);
    assert.ok(inRepo.findings.length > 0 && !inRepo.findings.some((f: any) => f.ruleId === 'VMX-CONSOLE-VNC'), 'the repository\'s own config applies to a scanned subfolder');
  });
});

describe('every .vharden.yaml in effect is listed in every report', { skip: noCli }, () => {
  const dir = tmp({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.vharden.yaml': 'rules:\n  VMX-ISO-USB: critical\nignore:\n  - templates/**\n',
    'vms/a.vmx': INSECURE,
    'templates/t.vmx': INSECURE,
    'lab/.vharden.yaml': 'rules:\n  "*": off\n',
    'lab/b.vmx': INSECURE,
  });
  const scan = (format: string) => cli(['scan', '.', '--format', format], dir);

  it('text', () => {
    const r = scan('text');
    assert.match(r.stdout, /configuration: lab\/\.vharden\.yaml \(1 file\): turns off \* \(\d+ rules\)/);
    assert.match(r.stdout, /configuration: \.vharden\.yaml \(1 file, 1 ignored\): ignores templates\/\*\*; sets VMX-ISO-USB to critical/);
  });

  it('JSON', () => {
    const c = JSON.parse(scan('json').stdout).configuration;
    const lab = c.files.find((f: any) => f.path === 'lab/.vharden.yaml');
    assert.deepEqual([lab.files, lab.rules[0].pattern, lab.rules[0].effect], [1, '*', 'off']);
    assert.match(lab.loosens[0], /^turns off \*/);
    assert.deepEqual(c.files.find((f: any) => f.path === '.vharden.yaml').ignore, ['templates/**']);
  });

  it('SARIF: run properties and an invocation toolConfigurationNotifications entry', () => {
    const log = JSON.parse(scan('sarif').stdout);
    assertSarif(log);
    const run = log.runs[0];
    assert.ok(run.properties.configuration.files.some((f: any) => f.path === 'lab/.vharden.yaml' && f.rules[0].effect === 'off'));
    const notes = run.invocations[0].toolConfigurationNotifications;
    const lab = notes.find((n: any) => n.locations?.[0]?.physicalLocation?.artifactLocation?.uri === 'lab/.vharden.yaml');
    assert.ok(lab, JSON.stringify(notes));
    assert.equal(lab.level, 'warning');
    assert.match(lab.message.text, /turns off \*/);
  });

  it('HTML and Markdown', () => {
    const html = scan('html').stdout;
    assert.match(html, /<section id="configuration">[\s\S]*lab\/\.vharden\.yaml[\s\S]*turns off \*[\s\S]*<\/section>/);
    const md = scan('markdown').stdout;
    assert.match(md, /## Configuration in effect[\s\S]*lab\/\.vharden\.yaml[\s\S]*turns off \\\*/);
  });
});

describe('sha256Hex (engine, no node:crypto)', () => {
  it('matches node:crypto on block boundaries and non-ASCII text', () => {
    for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'héllo ✓ 𝄞', 'x'.repeat(1000)]) {
      assert.equal(sha256Hex(s), createHash('sha256').update(s).digest('hex'), `length ${s.length}`);
    }
  });
});

describe('what a .vharden.yaml loosens (reports, untrusted workspaces)', () => {
  it('off, lowering, ignore, narrower requiredFor, accepted sensors and a larger size limit loosen; the rest tightens or is neutral', () => {
    const p = {
      rules: { 'VMX-ISO-*': 'off' as const, 'VMX-CONSOLE-VNC': 'low' as const, 'VMX-ISO-USB': 'on' as const, 'VMX-PATCH-HWVERSION': 'critical' as const },
      ignore: ['templates/**'],
      monitoring: { requiredFor: ['br-prod*'], authorizedSensors: ['ids0'] },
      managementNetworks: ['10.0.0.0/24'],
      maxFileSize: 6_000_000,
    };
    assert.deepEqual(configEffects(p).rules.map((r) => r.effect), ['off', 'lowers', 'on', 'raises']);
    const loose = looseningOf(configEffects(p));
    assert.equal(loose.length, 6, loose.join('\n'));
    const t = tighteningOnly(p);
    assert.deepEqual(t.config, { rules: { 'VMX-ISO-USB': 'on', 'VMX-PATCH-HWVERSION': 'critical' }, managementNetworks: ['10.0.0.0/24'] });
    assert.deepEqual(t.dropped, loose);
    assert.deepEqual(tighteningOnly({ maxFileSize: 1000, monitoring: { requiredFor: ['*'] } }), { config: { maxFileSize: 1000, monitoring: { requiredFor: ['*'] } }, dropped: [] });
  });
});
