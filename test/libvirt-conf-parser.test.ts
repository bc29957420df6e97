import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { fixAll, lintText } from '../server/src/engine/engine';
import { detectFormat, formatForDocument } from '../server/src/catalog';
import { applyEdits } from '../server/src/engine/text';
import { commentOut, ensureSetting, parseLibvirtConf, setString } from '../server/src/formats/libvirt-conf/parser';

const parse = (text: string) => parseLibvirtConf(text, 'libvirtd-conf');
const slice = (text: string, s: number, e: number) => text.slice(s, e);

describe('libvirt config parser', () => {
  it('keeps exact key and value ranges for ints, both quote styles and trailing comments', () => {
    const text = 'listen_tcp = 1\nauth_tcp = "none"   # lab\nunix_sock_group=\'libvirt\'\nmax_clients = -5\n';
    const { model, comments, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, []);
    const [a, b, c, d] = model.entries;
    assert.equal(slice(text, a!.keyStart, a!.keyEnd), 'listen_tcp');
    assert.equal(a!.value.kind, 'int');
    assert.equal(a!.value.int, 1);
    assert.equal(slice(text, b!.value.start, b!.value.end), '"none"');
    assert.equal(b!.value.str, 'none');
    assert.equal(b!.value.quote, '"');
    assert.equal(c!.value.quote, "'");
    assert.equal(slice(text, c!.keyStart, c!.value.end), "unix_sock_group='libvirt'");
    assert.equal(d!.value.int, -5);
    assert.equal(comments.length, 1);
    assert.equal(comments[0]!.trailing, true);
    assert.equal(slice(text, comments[0]!.start, comments[0]!.end), '# lab');
  });

  it('reads lists spanning lines, with item ranges', () => {
    const text = 'access_drivers = [\n  "polkit",\n  \'nop\' ,\n]\nx = 2\n';
    const { model, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, []);
    const e = model.get('access_drivers')!;
    assert.equal(e.value.kind, 'list');
    assert.deepEqual(e.value.items!.map((i) => i.str), ['polkit', 'nop']);
    assert.equal(slice(text, e.value.items![1]!.start, e.value.items![1]!.end), "'nop'");
    assert.equal(e.line, 0);
    assert.equal(e.endLine, 3);
    assert.equal(model.get('x')!.value.int, 2);
  });

  it('reads triple-quoted strings and `;` separators', () => {
    const text = 'a = """multi\nline""" ; b = 3\n';
    const { model, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, []);
    assert.equal(model.get('a')!.value.str, 'multi\nline');
    assert.equal(model.get('b')!.value.int, 3);
  });

  it('handles CRLF: ranges, commented template lines and edits keep CRLF', () => {
    const text = '# header\r\n#listen_tcp = 1\r\nauth_tcp = "none"\r\n';
    const { model, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, []);
    const auth = model.get('auth_tcp')!;
    assert.equal(slice(text, auth.value.start, auth.value.end), '"none"');
    assert.equal(applyEdits(text, setString(auth, 'sasl')).text, '# header\r\n#listen_tcp = 1\r\nauth_tcp = "sasl"\r\n');
    assert.equal(applyEdits(text, ensureSetting(model, 'listen_tcp', '0')).text, '# header\r\nlisten_tcp = 0\r\nauth_tcp = "none"\r\n');
    assert.equal(applyEdits(text, ensureSetting(model, 'listen_addr', '"127.0.0.1"')).text, text + 'listen_addr = "127.0.0.1"\r\n');
  });

  it('replacing a value keeps its quote style; commenting out covers every line of a list', () => {
    const text = "user = 'root'\nsecurity_driver = [\n  \"none\"\n]\n";
    const { model } = parse(text);
    assert.equal(applyEdits(text, setString(model.get('user')!, 'qemu')).text, "user = 'qemu'\nsecurity_driver = [\n  \"none\"\n]\n");
    assert.equal(applyEdits(text, commentOut(model, model.get('security_driver')!)).text, "user = 'root'\n#security_driver = [\n#  \"none\"\n#]\n");
  });

  it('reports syntax errors at their place and keeps reading the next lines', () => {
    const text = 'auth_tcp = "none\nlisten_tcp 1\n= 3\nvnc = yes\nok = 1\nlst = [ "a" # c\n]\n';
    const { model, diagnostics } = parse(text);
    const at = (code: string) => diagnostics.filter((d) => d.code === code).map((d) => text.slice(d.start, d.end));
    assert.deepEqual(at('VH-PARSE-ERROR'), ['"none', 'listen_tcp 1', '= 3', 'yes', '# c']);
    assert.equal(model.get('ok')!.value.int, 1);
    assert.deepEqual(model.get('lst')!.value.items!.map((i) => i.str), ['a']);
  });

  it('the first of repeated keys is the effective one (as in libvirt); the later one is reported', () => {
    const text = 'auth_tcp = "sasl"\nauth_tcp = "none"\n';
    const { model, diagnostics } = parse(text);
    assert.equal(model.get('auth_tcp')!.value.str, 'sasl');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.code, 'VH-DUPLICATE-KEY');
    assert.equal(applyEdits(text, diagnostics[0]!.fixes![0]!.edits).text, 'auth_tcp = "sasl"\n');
  });

  it('an unterminated list or string at the end of the file does not hang or throw', () => {
    for (const text of ['a = [ "x", ', 'a = "', 'a = [', 'a =', '[[[[', 'a = [ [ 1 ] ]']) {
      const { diagnostics } = parse(text);
      assert.ok(diagnostics.length > 0, text);
      for (const d of diagnostics) assert.ok(d.start >= 0 && d.end <= text.length, text);
    }
  });
});

describe('libvirt config detection', () => {
  it('by file name, path and content', () => {
    assert.equal(detectFormat('/etc/libvirt/libvirtd.conf')?.id, 'libvirtd-conf');
    assert.equal(detectFormat('conf/virtproxyd.conf')?.id, 'libvirtd-conf');
    assert.equal(detectFormat('/etc/libvirt/virtqemud.conf')?.id, 'libvirtd-conf');
    assert.equal(detectFormat('/etc/libvirt/qemu.conf')?.id, 'qemu-conf');
    assert.equal(detectFormat('roles/kvm/files/daemon.conf', 'listen_tcp = 1\nauth_tcp = "none"\n')?.id, 'libvirtd-conf');
    assert.equal(detectFormat('files/qemu.conf', '#vnc_listen = "0.0.0.0"\nuser = "qemu"\n')?.id, 'qemu-conf');
  });

  it('does not claim other files that mention the keys', () => {
    assert.equal(detectFormat('/etc/sasl2/qemu.conf', 'mech_list: gssapi\nkeytab: /etc/qemu/krb5.tab\n'), undefined);
    assert.equal(detectFormat('docs/migration.md', '# Migration\n\nSet `listen_tcp = 1` in libvirtd.conf:\n\n    listen_tcp = 1\n'), undefined);
    assert.equal(detectFormat('setup.sh', "sed -i 's/#listen_tcp = 1/listen_tcp = 1/' /etc/libvirt/libvirtd.conf\n"), undefined);
    assert.equal(detectFormat('/etc/libvirt/lxc.conf', 'security_driver = "none"\n'), undefined);
  });

  it('the editor language libvirt-conf picks the daemon or QEMU format by path and content', () => {
    assert.equal(formatForDocument('libvirt-conf', '/etc/libvirt/qemu.conf', '')?.id, 'qemu-conf');
    assert.equal(formatForDocument('libvirt-conf', '/tmp/untitled', 'vnc_listen = "0.0.0.0"\n')?.id, 'qemu-conf');
    assert.equal(formatForDocument('libvirt-conf', '/tmp/untitled', '')?.id, 'libvirtd-conf');
  });

  it('socket-activation caveat: auth_tcp = "none" alone is medium, with listen_tcp = 1 critical', () => {
    const lint = (text: string) => lintText({ path: '/etc/libvirt/libvirtd.conf', text, config: defaultConfig() }).findings.filter((f) => f.ruleId === 'LV-TCP-NOAUTH');
    assert.equal(lint('auth_tcp = "none"\n')[0]!.severity, 'medium');
    assert.equal(lint('listen_tcp = 1\nauth_tcp = "none"\n')[0]!.severity, 'critical');
    assert.equal(lint('listen_tcp = 1\n').length, 0, 'absent auth_tcp is the sasl default');
  });

  it('verifying client certificates again is guarded (clients without one are refused): fix-all leaves it, the fix keeps every other byte', () => {
    const text = '# TLS\r\nlisten_tls = 1\r\nlisten_addr = "192.0.2.1"\r\ntls_no_verify_certificate = 1  # temp\r\nauth_tcp = "none"\r\n';
    const path = '/etc/libvirt/libvirtd.conf';
    assert.equal(fixAll({ path, text, config: defaultConfig() }).text, text);
    const fix = lintText({ path, text, config: defaultConfig() }).findings.find((f) => f.ruleId === 'LV-TLS-NOVERIFY')!.fixes![0]!;
    assert.equal(fix.safety, 'guarded');
    assert.match(fix.title, /\(guarded: clients without a certificate signed by the CA/);
    assert.equal(applyEdits(text, fix.edits).text, '# TLS\r\nlisten_tls = 1\r\nlisten_addr = "192.0.2.1"\r\nauth_tcp = "none"\r\n');
  });
});
