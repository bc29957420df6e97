import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decodeBytes, encodeFor } from '../server/src/engine/decode';
import { readCandidate } from '../server/src/node/files';

const CLI = join(__dirname, '..', 'dist', 'cli.js');

/** Bytes of `text` in a single-byte code page, from TextDecoder's own table (the test needs no encoder library). */
function singleByte(text: string, label: string): Buffer {
  const table = new Map<string, number>();
  const all = new TextDecoder(label).decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  [...all].forEach((ch, i) => table.has(ch) || table.set(ch, i));
  return Buffer.from([...text].map((ch) => table.get(ch)!));
}

/** A Workstation VM created on a German Windows host: VMware wrote it in the ANSI code page. */
const WIN1252 = [
  '.encoding = "windows-1252"',
  'config.version = "8"',
  'virtualHW.version = "16"',
  'displayName = "Büro-PC"',
  'annotation = "Testumgebung für die Buchhaltung|0D|0AErstellt im März"',
  'guestOS = "windows9-64"',
  'debugStub.listen.guest64 = "TRUE"',
  'debugStub.listen.guest64.remote = "TRUE"',
  '',
].join('\r\n');

/** The same on a Japanese host (Shift_JIS bytes written by hand: 開発 = 8A4A 94AD, テスト = 8365 8358 8367). */
const SJIS = Buffer.concat([
  Buffer.from('.encoding = "Shift_JIS"\nconfig.version = "8"\nvirtualHW.version = "19"\ndisplayName = "'),
  Buffer.from([0x8a, 0x4a, 0x94, 0xad]),
  Buffer.from('VM"\nannotation = "'),
  Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67]),
  Buffer.from('"\nguestOS = "ubuntu-64"\ndebugStub.listen.guest64.remote = "TRUE"\n'),
]);

const dir = mkdtempSync(join(tmpdir(), 'vharden-encoding-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('.vmx files in the encoding they declare', () => {
  it('windows-1252, Shift_JIS and windows-949 files are decoded by their .encoding, without a UTF-8 error', () => {
    const w = join(dir, 'buero.vmx');
    writeFileSync(w, singleByte(WIN1252, 'windows-1252'));
    const c = readCandidate(w, 1 << 20, [])!;
    assert.deepEqual(c.decodeProblems, []);
    assert.match(c.text, /displayName = "Büro-PC"/);
    assert.equal(c.text, WIN1252);

    const s = join(dir, 'dev.vmx');
    writeFileSync(s, SJIS);
    const cs = readCandidate(s, 1 << 20, [])!;
    assert.deepEqual(cs.decodeProblems, []);
    assert.match(cs.text, /displayName = "開発VM"/);
    assert.match(cs.text, /annotation = "テスト"/);

    const k = join(dir, 'kr.vmx');
    // 한글 in windows-949 (EUC-KR): C7D1 B1DB
    // Workstation on a Korean host writes the ICU name, with the table's year
    writeFileSync(k, Buffer.concat([Buffer.from('.encoding = "windows-949-2000"\ndisplayName = "'), Buffer.from([0xc7, 0xd1, 0xb1, 0xdb]), Buffer.from('"\nconfig.version = "8"\n')]));
    const ck = readCandidate(k, 1 << 20, [])!;
    assert.deepEqual(ck.decodeProblems, []);
    assert.match(ck.text, /displayName = "한글"/);
  });

  it('bytes the declared encoding cannot read, and an encoding no decoder knows, are reported', () => {
    const bad = decodeBytes(Buffer.concat([Buffer.from('.encoding = "Shift_JIS"\ndisplayName = "'), Buffer.from([0x82]), Buffer.from('"\n')]), 'Shift_JIS');
    assert.equal(bad.problems[0]?.code, 'VH-PARSE-ERROR');
    assert.match(bad.problems[0]!.message, /Shift_JIS/);
    const unknown = join(dir, 'unknown.vmx');
    writeFileSync(unknown, '.encoding = "x-vmware-private"\ndisplayName = "a"\nconfig.version = "8"\n');
    const c = readCandidate(unknown, 1 << 20, [])!;
    assert.match(c.decodeProblems[0]?.message ?? '', /x-vmware-private/);
    assert.match(c.text, /displayName = "a"/);
  });

  it('re-encoding writes unchanged lines byte for byte and refuses what it cannot write exactly', () => {
    const d = decodeBytes(SJIS, 'Shift_JIS');
    const fixed = d.text.replace('remote = "TRUE"', 'remote = "FALSE"');
    const out = encodeFor(fixed, d.encoding);
    assert.ok('bytes' in out, JSON.stringify(out));
    assert.deepEqual(Buffer.from(out.bytes), Buffer.from(SJIS.toString('latin1').replace('remote = "TRUE"', 'remote = "FALSE"'), 'latin1'));
    const nonAscii = encodeFor(d.text.replace('開発VM', '開発VM2'), d.encoding);
    assert.ok('refused' in nonAscii);
    assert.match(nonAscii.refused, /Shift_JIS/i);
  });
});

describe('vharden scan --fix on a legacy-encoded .vmx', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  it('writes the fix back in windows-1252 and Shift_JIS: every other byte stays as it was', () => {
    const w = join(dir, 'fix-1252.vmx');
    const before = singleByte(WIN1252, 'windows-1252');
    writeFileSync(w, before);
    const s = join(dir, 'fix-sjis.vmx');
    writeFileSync(s, SJIS);
    const r = spawnSync(process.execPath, [CLI, 'scan', '--fix', '--format', 'json', '--fail-on', 'never', w, s], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.notRead, []);
    assert.ok(report.summary.fixed >= 2, JSON.stringify(report.summary));
    const after1252 = readFileSync(w);
    assert.equal(new TextDecoder('windows-1252').decode(after1252), WIN1252.replace('remote = "TRUE"', 'remote = "FALSE"'));
    assert.ok(after1252.includes(Buffer.from([0x42, 0xfc, 0x72, 0x6f])), 'Büro still in windows-1252 bytes');
    assert.deepEqual(readFileSync(s), Buffer.from(SJIS.toString('latin1').replace('remote = "TRUE"', 'remote = "FALSE"'), 'latin1'));
    assert.ok(!report.findings.some((f: any) => f.ruleId === 'VH-PARSE-ERROR'));
  });

  it('refuses a fix it cannot write exactly (a stateful ISO-2022-JP file), says so, and leaves the file alone', () => {
    const p = join(dir, 'fix-refused.vmx');
    const bytes = Buffer.from('.encoding = "ISO-2022-JP"\nconfig.version = "8"\ndisplayName = "lab"\ndebugStub.listen.guest64.remote = "TRUE"\n');
    writeFileSync(p, bytes);
    const r = spawnSync(process.execPath, [CLI, 'scan', '--fix', '--format', 'json', '--fail-on', 'never', p], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const report = JSON.parse(r.stdout);
    assert.deepEqual(readFileSync(p), bytes);
    assert.equal(report.summary.fixed, 0);
    assert.match(report.notWritten.map((x: any) => x.reason).join('\n'), /fixes not written.*ISO-2022-JP/i);
    assert.ok(report.findings.some((f: any) => f.ruleId === 'VMX-DEBUGSTUB-REMOTE'), 'the finding is still reported');
  });
});
