import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig } from '../server/src/engine/config';
import { fixAll, lintText } from '../server/src/engine/engine';
import { LineIndex, applyEdits } from '../server/src/engine/text';
import { parseLibvirtConf } from '../server/src/formats/libvirt-conf/parser';
import { scanXml, type XmlElement } from '../server/src/formats/libvirt-xml/scanner';

/** Property tests: any input parses without throwing, every range stays inside the text, fixes touch only their lines. */

const XML_PIECES = [
  "<domain type='kvm'>", '</domain>', '<devices>', '</devices>', '<name>vm</name>',
  "<graphics type='vnc' listen='0.0.0.0'>", "<graphics type=\"spice\" listen=\"::\"/>", '</graphics>',
  "<listen type='address' address='0.0.0.0'/>", "<interface type='bridge'>", '</interface>', "<source bridge='br0'/>",
  "<serial type='tcp'>", "<source mode='bind' host='0.0.0.0' service='1'/>", '</serial>', "<hostdev mode='subsystem' type='pci'>",
  '</hostdev>', "<x a='", '"', "'", '<', '>', '/>', '=', ' ', '\n', '\r\n', '\t', '&amp;', '&lol;', '&', '&#65;',
  '<!-- c -->', '<!--', '-->', '<![CDATA[x]]>', '<![CDATA[', '<?xml version="1.0"?>', '<!DOCTYPE d [<!ENTITY e "x">]>', '<!DOCTYPE',
  '<!-- vharden-ignore DOM-GRAPHICS-PUBLIC: lab -->', "trustGuestRxFilters='yes'", "<network trustGuestRxFilters='yes'>", '</network>', 'text',
];

const CONF_LINES = [
  'listen_tcp = 1', 'listen_tls = 0', 'auth_tcp = "none"', "auth_tcp = 'sasl'", 'listen_addr = "0.0.0.0"', 'tls_no_verify_certificate = 1',
  'unix_sock_group = "users"', 'unix_sock_rw_perms = "0777"', 'auth_unix_rw = "none"', 'access_drivers = [ "nop" ]', 'access_drivers = [',
  '  "polkit",', ']', '#listen_tcp = 1', '# comment', '', 'x = """a', 'b"""', 'broken = "no close', 'noeq 1', 'lst = [ "a" # c',
  'vnc_listen = "0.0.0.0"', 'security_driver = "none"', 'user = "+0"', 'auth_tcp = "none"  # vharden-ignore LV-TCP-NOAUTH -- lab',
];

const xmlText = fc.array(fc.constantFrom(...XML_PIECES), { maxLength: 60 }).map((a) => a.join(''));
const confText = fc
  .record({ lines: fc.array(fc.constantFrom(...CONF_LINES), { maxLength: 30 }), eol: fc.constantFrom('\n', '\r\n'), finalEol: fc.boolean() })
  .map(({ lines, eol, finalEol }) => lines.join(eol) + (finalEol && lines.length ? eol : ''));

function elements(root: XmlElement | undefined): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = root ? [root] : [];
  while (stack.length) {
    const e = stack.pop()!;
    out.push(e);
    stack.push(...e.children);
  }
  return out;
}

function checkLint(path: string, text: string): void {
  const r = lintText({ path, text, config: defaultConfig() });
  const index = new LineIndex(text);
  for (const f of r.findings) {
    assert.notEqual(f.ruleId, 'VH-RULE-ERROR', f.message);
    assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${f.ruleId} range`);
    for (const fix of f.fixes ?? []) {
      const { text: after, skipped } = applyEdits(text, fix.edits);
      assert.equal(skipped, 0, fix.title);
      const first = Math.min(...fix.edits.map((e) => e.start));
      const last = Math.max(...fix.edits.map((e) => e.end));
      const from = index.lineStart(index.position(first).line);
      const to = index.lineEndWithBreak(index.position(last).line);
      assert.ok(after.startsWith(text.slice(0, from)), `${fix.title}: bytes before the edited lines unchanged`);
      assert.ok(after.endsWith(text.slice(to)), `${fix.title}: bytes after the edited lines unchanged`);
    }
  }
}

describe('libvirt properties (fast-check)', () => {
  it('the XML scanner never throws and keeps every range inside the text and its element', () => {
    fc.assert(
      fc.property(fc.oneof(xmlText, fc.string({ maxLength: 200 })), (text) => {
        const doc = scanXml(text);
        for (const d of doc.diagnostics) assert.ok(d.start >= 0 && d.start <= d.end && d.end <= text.length);
        for (const e of elements(doc.root)) {
          assert.ok(e.start < e.nameEnd && e.nameEnd <= e.openEnd && e.openEnd <= e.end && e.end <= text.length, e.name);
          for (const a of e.attrs) assert.ok(e.nameEnd <= a.nameStart && a.nameEnd <= a.valueStart && a.valueEnd <= a.end && a.end <= e.openEnd, `${e.name}@${a.name}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('libvirt XML lints without rule errors and its fixes change only their lines', () => {
    fc.assert(fc.property(xmlText, (text) => checkLint('/etc/libvirt/qemu/p.xml', text)), { numRuns: 400 });
    fc.assert(fc.property(xmlText, (text) => checkLint('/etc/libvirt/qemu/networks/p.xml', text)), { numRuns: 200 });
  });

  it('the config parser never throws; its ranges stay inside the text; fixes change only their lines', () => {
    fc.assert(
      fc.property(fc.oneof(confText, fc.string({ maxLength: 200 })), (text) => {
        const { model, diagnostics } = parseLibvirtConf(text, 'libvirtd-conf');
        for (const d of diagnostics) assert.ok(d.start >= 0 && d.start <= d.end && d.end <= text.length);
        for (const e of model.entries) assert.ok(e.keyStart < e.keyEnd && e.keyEnd <= e.value.start && e.value.start <= e.value.end && e.value.end <= text.length);
        checkLint('/etc/libvirt/libvirtd.conf', text);
        checkLint('/etc/libvirt/qemu.conf', text);
      }),
      { numRuns: 500 },
    );
  });

  it('fix-all keeps CRLF line breaks and is idempotent', () => {
    fc.assert(
      fc.property(confText, (text) => {
        const once = fixAll({ path: '/etc/libvirt/libvirtd.conf', text, config: defaultConfig() }).text;
        const twice = fixAll({ path: '/etc/libvirt/libvirtd.conf', text: once, config: defaultConfig() }).text;
        assert.equal(twice, once);
        if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(once.replace(/^\n/, '')), 'no bare LF introduced');
      }),
      { numRuns: 300 },
    );
  });
});
