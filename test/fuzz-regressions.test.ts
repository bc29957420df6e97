import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allFormats, formatById } from '../server/src/catalog';
import { lintChecked } from './helpers/robust';

// Inputs that fuzzing (test/fuzz.test.ts) once found breaking a parser, kept as plain cases so a
// regression fails with a readable name rather than a fast-check counterexample.
const CASES: { format: string; path: string; texts: string[]; why: string }[] = [
  { format: 'interfaces', path: 'etc/network/interfaces', texts: [`${'a'.repeat(1024 * 1024)}\n`, `<domain>${'<a>'.repeat(10_000)}\n`], why: 'a misplaced option of 1 MB gets a short message, not the whole word' },
  { format: 'proxmox-datacenter', path: 'etc/pve/datacenter.cfg', texts: [`migration_unsecure:${'migration_unsecure:'.repeat(200)}\n`], why: 'a long migration_unsecure value gets a short message (PVE-DC-MIGRATION)' },
  { format: 'ansible', path: 'site.yml', texts: [`- name: x\n_facts: false\n  tasks:\n${'advanced_set        '.repeat(200)}\n`], why: 'a YAML error quoting a long token gets a short message' },
  { format: 'ansible', path: 'site.yml', texts: ['{', '[', '"', 'a: "', '- {', '- hosts: all\n  tasks:\n    - community.vmware.vmware_guest: {'], why: 'a YAML error at the end of the text must not point one past it' },
  { format: 'terraform', path: 'main.tf', texts: ['resource "vsphere_host_port_group" "pg" {\n  name = "abc\\', 'resource "vsphere_host_port_group" "pg" {\n  name = "\\u12', 'locals {\n  a = "\\U0001'], why: 'a string left open by an escape at the end of the text must not point past it' },
  { format: 'terraform', path: 'main.tf.json', texts: ['{"resource": {"vsphere_host_port_group": {"pg": {"name": "abc\\', '{"locals": {"a": "\\u1'], why: 'a JSON string left open by an escape at the end of the text must not point past it' },
  { format: 'ovsdb', path: 'etc/openvswitch/conf.db', texts: ['OVSDB JSON 4759 de', 'OVSDB JSON 4759 de\r', 'OVSDB JSON 2 ab\n{}\nOVSDB JSON 9 cd'], why: 'a record header on the last line (a torn write) must not point past the text' },
  { format: 'libvirtd-conf', path: 'etc/libvirt/libvirtd.conf', texts: [`access_drivers = [\n${'access_drivers = [\n'.repeat(120)}`, `access_drivers = [ "${'nop", "'.repeat(400)}" ]\n`], why: 'an unclosed or long access_drivers list gets a short message (LV-ACCESS-DRIVERS)' },
  { format: 'qemu-conf', path: 'etc/libvirt/qemu.conf', texts: [`security_driver = [ "none", "${'x'.repeat(3000)}" ]\n`, `security_driver = [ "none",\n${'security_driver = [\n'.repeat(120)}`], why: 'a long security_driver list gets a short message (QEMU-SECDRIVER-NONE)' },
];

describe('fuzz regressions', () => {
  for (const c of CASES) {
    it(`${c.format}: ${c.why}`, (t) => {
      if (!formatById(c.format)) return t.skip(`no ${c.format} format in this build (${allFormats().map((f) => f.id).join(', ')})`);
      for (const text of c.texts) lintChecked({ path: c.path, text, formatId: c.format }, `${c.format} ${JSON.stringify(text.slice(0, 60))} (${text.length} chars)`);
    });
  }
});

describe('detectEol', () => {
  it('gives the dominant line break, also when asked again about the same or another text', async () => {
    const { detectEol } = await import('../server/src/engine/text');
    assert.equal(detectEol('a\r\nb\r\nc\n'), '\r\n');
    assert.equal(detectEol('a\r\nb\r\nc\n'), '\r\n');
    assert.equal(detectEol('a\nb\r\nc\n'), '\n');
    assert.equal(detectEol(''), '\n');
    assert.equal(detectEol('\r\n'), '\r\n');
    assert.equal(detectEol('x\r\n\n'), '\n', 'a tie keeps LF');
  });
});
