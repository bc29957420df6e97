import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { decodeBytes } from '../server/src/engine/decode';
import { lintText } from '../server/src/engine/engine';
import { parseVmx } from '../server/src/formats/vmx/parser';

const lint = (text: string, path = 'vm.vmx', config = defaultConfig()) => lintText({ path, text, config });

describe('.vmx parser', () => {
  it('keeps exact key and value ranges, also with CRLF and spaces', () => {
    const text = 'displayName = "web01"\r\n  RemoteDisplay.vnc.enabled   =   "TRUE"   # console\r\nmemsize=2048\r\n';
    const { model, comments, diagnostics } = parseVmx(text);
    assert.deepEqual(diagnostics, []);
    const vnc = model.get('remotedisplay.VNC.enabled')!;
    assert.equal(text.slice(vnc.start, vnc.end), 'RemoteDisplay.vnc.enabled   =   "TRUE"');
    assert.equal(text.slice(vnc.valueStart, vnc.valueEnd), '"TRUE"');
    assert.equal(vnc.value, 'TRUE');
    assert.equal(model.get('memsize')!.value, '2048');
    assert.equal(comments.length, 1);
    assert.equal(comments[0]!.trailing, true);
    assert.equal(comments[0]!.text, ' console');
  });

  it('decodes |XX escapes and re-encodes values in fixes', () => {
    const { model } = parseVmx('annotation = "a|22quoted|22 |7C pipe"\n');
    assert.equal(model.get('annotation')!.value, 'a"quoted" | pipe');
    const [edit] = model.setValue(model.get('annotation')!, 'say "hi"');
    assert.equal(edit!.newText, '"say |22hi|22"');
  });

  it('treats keys case-insensitively; the last duplicate wins and the earlier one is reported', () => {
    const text = 'RemoteDisplay.vnc.enabled = "TRUE"\nremotedisplay.vnc.enabled = "FALSE"\n';
    const r = lint(text);
    assert.equal(r.findings.filter((f) => f.ruleId === 'VMX-CONSOLE-VNC').length, 0, 'effective value is FALSE');
    const dup = r.findings.find((f) => f.ruleId === 'VH-DUPLICATE-KEY')!;
    assert.equal(dup.line, 0);
    assert.match(dup.message, /line 2/);
    assert.equal(dup.fixes![0]!.safety, 'safe');
  });

  it('reports an unterminated quote at its position and keeps reading the rest', () => {
    const text = 'displayName = "web01\nRemoteDisplay.vnc.enabled = "TRUE"\n';
    const r = lint(text);
    const err = r.findings.find((f) => f.ruleId === 'VH-PARSE-ERROR')!;
    assert.equal(err.line, 0);
    assert.equal(err.character, 14);
    assert.ok(r.findings.some((f) => f.ruleId === 'VMX-CONSOLE-VNC' && f.line === 1));
  });

  it('reports lines that are not key = value and invalid keys', () => {
    const r = lint('displayName = "x"\nthis is not a setting\nbad key! = "1"\n');
    const errs = r.findings.filter((f) => f.ruleId === 'VH-PARSE-ERROR').map((f) => f.line);
    assert.deepEqual(errs, [1, 2]);
  });

  it('handles an empty file and a file without a final newline', () => {
    assert.deepEqual(lint('').findings, []);
    const r = lint('displayName = "x"\nsched.mem.pshare.salt = "s"');
    const salt = r.findings.find((f) => f.ruleId === 'VMX-ISO-TPS-SALT')!;
    assert.equal(salt.line, 1);
  });

  it('skips binary content with a diagnostic instead of parsing it', () => {
    const r = lint('displayName = "x"\n\u0000\u0001\u0002garbage');
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['VH-FILE-SKIPPED']);
  });

  it('reads invalid UTF-8 with a diagnostic and checks the rest', () => {
    const bytes = Buffer.concat([Buffer.from('displayName = "caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"\nusb.present = "TRUE"\n')]);
    const { text, problems } = decodeBytes(bytes);
    const r = lintText({ path: 'vm.vmx', text, config: defaultConfig(), decodeProblems: problems });
    assert.ok(r.findings.some((f) => f.ruleId === 'VH-PARSE-ERROR' && /UTF-8/.test(f.message)));
    assert.ok(r.findings.some((f) => f.ruleId === 'VMX-ISO-USB'));
  });

  it('reads UTF-16 with a BOM', () => {
    const body = Buffer.from('displayName = "x"\r\nusb.present = "TRUE"\r\n', 'utf16le');
    const { text, encoding } = decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
    assert.equal(encoding, 'utf16le');
    assert.ok(lint(text).findings.some((f) => f.ruleId === 'VMX-ISO-USB' && f.line === 1));
  });

  it('parses a 10 MB file and a 1 MB line without throwing', () => {
    const line = 'annotation = "' + 'x'.repeat(1024 * 1024) + '"\n';
    const big = 'displayName = "big"\n' + 'ethernet0.present = "TRUE"\n'.repeat(400_000) + line + 'usb.present = "TRUE"\n';
    assert.ok(big.length > 10 * 1024 * 1024);
    const config = { ...defaultConfig(), maxFileSize: 64 * 1024 * 1024 };
    const r = lint(big, 'big.vmx', config);
    assert.ok(r.findings.some((f) => f.ruleId === 'VMX-ISO-USB'));
    assert.ok(r.findings.some((f) => f.ruleId === 'VH-DUPLICATE-KEY'));
    const skipped = lint(big, 'big.vmx');
    assert.deepEqual(skipped.findings.map((f) => f.ruleId), ['VH-FILE-SKIPPED'], 'over the default limit: skipped with a diagnostic');
  });

  it('recognises a .vmx by content when the name does not tell', () => {
    const text = '.encoding = "UTF-8"\nconfig.version = "8"\nvirtualHW.version = "19"\nusb.present = "TRUE"\n';
    const r = lintText({ path: 'vm-config.txt', text, config: defaultConfig() });
    assert.equal(r.format, 'vmx');
    assert.equal(lintText({ path: 'notes.txt', text: 'a = "1"\nb = "2"\nc = "3"\n', config: defaultConfig() }).format, undefined);
  });
});

describe('suppressions', () => {
  const base = 'displayName = "x"\nscsi0:0.fileName = "/vmfs/volumes/ds/x.vmdk"\nRemoteDisplay.maxConnections = "1"\nisolation.tools.hgfsServerSet.disable = "TRUE"\n';

  it('an end-of-line comment suppresses its line and keeps the reason', () => {
    const r = lint(base + 'usb.present = "TRUE" # vharden-ignore VMX-ISO-USB -- smart card reader\n');
    const usb = r.findings.find((f) => f.ruleId === 'VMX-ISO-USB')!;
    assert.equal(usb.suppressed?.reason, 'smart card reader');
    assert.equal(usb.suppressed?.kind, 'line');
  });

  it('a comment on the line above suppresses the next content line, skipping blank and comment lines', () => {
    const r = lint(base + '# vharden-ignore VMX-ISO-USB,VMX-ISO-HOSTINFO -- lab\n\n# another comment\nusb.present = "TRUE"\ntools.guestlib.enableHostInfo = "TRUE"\n');
    assert.ok(r.findings.find((f) => f.ruleId === 'VMX-ISO-USB')!.suppressed);
    assert.equal(r.findings.find((f) => f.ruleId === 'VMX-ISO-HOSTINFO')!.suppressed, undefined, 'only the next content line');
    const unused = r.findings.filter((f) => f.ruleId === 'VH-UNUSED-SUPPRESSION');
    assert.equal(unused.length, 1);
    assert.match(unused[0]!.message, /VMX-ISO-HOSTINFO/);
  });

  it('a file directive suppresses everywhere; unknown ids and unused directives are reported', () => {
    const r = lint('# vharden-ignore-file VMX-ISO-USB -- accepted\n# vharden-ignore-file VMX-NOT-A-RULE\n# vharden-ignore-file VMX-ISO-TPS-SALT\n' + base + 'usb.present = "TRUE"\nehci.present = "TRUE"\n');
    assert.ok(r.findings.filter((f) => f.ruleId === 'VMX-ISO-USB').every((f) => f.suppressed?.kind === 'file'));
    const unused = r.findings.filter((f) => f.ruleId === 'VH-UNUSED-SUPPRESSION').map((f) => f.message);
    assert.equal(unused.length, 2);
    assert.ok(unused.some((m) => /not a vharden rule/.test(m)));
    assert.ok(unused.some((m) => /VMX-ISO-TPS-SALT/.test(m)));
  });

  it('rule settings turn rules off and change severities, by id or glob', () => {
    const text = base + 'usb.present = "TRUE"\ntools.guestlib.enableHostInfo = "TRUE"\n';
    const config = { ...defaultConfig(), rules: { 'VMX-ISO-*': 'off' as const, 'VMX-ISO-USB': 'critical' as const } };
    const r = lint(text, 'vm.vmx', config);
    assert.equal(r.findings.find((f) => f.ruleId === 'VMX-ISO-USB')!.severity, 'critical');
    assert.equal(r.findings.find((f) => f.ruleId === 'VMX-ISO-HOSTINFO'), undefined);
  });
});
