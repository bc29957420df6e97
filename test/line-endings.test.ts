import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { lintText, type FileResult } from '../server/src/engine/engine';
import { parseConfigFile } from '../server/src/engine/config-file';
import { allRules, detectFormat } from '../server/src/catalog';
import { applyEdits } from '../server/src/engine/text';
import { FORMATS } from '../server/src/formats';
import { fixturesOf, lintFixture } from './helpers/fixtures';

const lf = (t: string) => t.replace(/\r\n?/g, '\n');
const crOnly = (t: string) => lf(t).replace(/\n/g, '\r');
/** Every line break style in turn; never a CR right before an LF, which would join two breaks into one. */
const mixed = (t: string) => {
  let i = 0;
  return lf(t).replace(/\n/g, () => ['\r\n', '\n', '\r'][i++ % 3]!);
};
/** Parse-error locators name an offset, which a CRLF shifts; every other locator is compared as it is. */
const signature = (r: FileResult) => r.findings.map((f) => `${f.ruleId} ${f.ruleId === 'VH-PARSE-ERROR' ? f.locator.replace(/:\d+$/, ':N') : f.locator} line ${f.line + 1}`).sort();

interface Sample {
  path: string;
  text: string;
  fallback?: string;
  siblings: { path: string; text: string }[];
}

/** Bad samples for formats that no rule fixture uses (no rules of their own, or fabric inputs only). */
const OVSDB_SCHEMA = JSON.stringify({ name: 'Open_vSwitch', version: '8.3.0', tables: { Bridge: { columns: { name: { type: 'string' } } } } });
const OVSDB_TXN = JSON.stringify({ Bridge: { b1: { name: 'br-int', ports: ['set', [['uuid', 'p1']]] } }, Port: { p1: { name: 'vnet3', interfaces: ['uuid', 'i1'] } }, Interface: { i1: { name: 'vnet3' } } });
const EXTRA: Sample[] = [
  { path: '/h/etc/netplan/01-br.yaml', text: 'network:\n  version: 2\n  bridges:\n    br0:\n      interfaces: [bond0, vnet4]\n      openvswitch: {}\n', siblings: [] },
  { path: '/h/etc/openvswitch/conf.db', text: `OVSDB JSON ${OVSDB_SCHEMA.length} 0123abcd\n${OVSDB_SCHEMA}\nOVSDB JSON ${OVSDB_TXN.length} 4567ef01\n${OVSDB_TXN}\n`, siblings: [] },
  { path: '/h/etc/pve/lxc/201.conf', text: 'arch: amd64\nhostname: pihole\nmemory: 512\nmemory: 1024\nnet0: name=eth0,bridge=vmbr0,hwaddr=AA:BB:CC:DD:EE:FF,ip=dhcp,type=veth\nunprivileged: 1\n', siblings: [] },
  { path: '/repo/lab/terraform.tfvars', text: 'insecure = true\npassword = \nhost = "vc01\n', siblings: [] },
  { path: '/h/etc/libvirt/storage/pool.xml', text: "<pool type='dir'>\n  <name>images</name>\n  <target>\n    <path>/var/lib/libvirt/images\n  </target>\n</pool>\n", siblings: [] },
];

function samples(): Sample[] {
  const out: Sample[] = [...EXTRA];
  for (const rule of allRules()) {
    const bad = fixturesOf(rule.meta.id).fixtures.filter((f) => f.kind === 'bad');
    for (const fx of bad) out.push({ path: fx.path, text: fx.text, fallback: rule.meta.formats[0], siblings: bad });
  }
  return out;
}

function lintAs(s: Sample, convert: (t: string) => string): FileResult {
  return lintFixture(s.path, convert(s.text), s.fallback, undefined, s.siblings.map((x) => ({ path: x.path, text: convert(x.text) })));
}

describe('CR-only and mixed line endings give the same findings as LF, in every format', () => {
  const byFormat = new Map<string, Sample[]>();
  for (const s of samples()) {
    const format = lintAs(s, lf).format;
    if (format) byFormat.set(format, [...(byFormat.get(format) ?? []), s]);
  }
  for (const format of FORMATS) {
    it(format.id, () => {
      const list = byFormat.get(format.id) ?? [];
      assert.ok(list.some((s) => lintAs(s, lf).findings.length > 0), `a bad sample of ${format.id} with findings exists`);
      for (const s of list) {
        const want = lintAs(s, lf);
        for (const [name, convert] of [['CR-only', crOnly], ['mixed', mixed]] as const) {
          const got = lintAs(s, convert);
          assert.equal(got.format, want.format, `${s.path} (${name}) is read as ${want.format}`);
          assert.deepEqual(signature(got), signature(want), `${s.path} (${name})`);
        }
      }
    });
  }

  it('fixes and templates on a CR-only file add CR line breaks, never LF', () => {
    for (const s of samples()) {
      const text = crOnly(s.text);
      for (const f of lintAs(s, crOnly).findings) {
        for (const fix of [...(f.fixes ?? []), ...(f.templates ?? [])]) {
          assert.ok(!applyEdits(text, fix.edits).text.includes('\n'), `${s.path}: "${fix.title}" adds an LF`);
        }
      }
    }
  });

  it('content detection reads CR-only files (no path hint)', () => {
    const play = '- hosts: esxi\n  tasks:\n    - name: SSH on\n      community.vmware.vmware_host_service_manager:\n        esxi_hostname: h1\n        service_name: TSM-SSH\n        state: present\n';
    assert.equal(detectFormat('x/site.yml', crOnly(play))?.id, detectFormat('x/site.yml', play)?.id);
    const r = lintText({ path: 'x/site.yml', text: crOnly(play), config: defaultConfig() });
    assert.deepEqual(r.findings.map((f) => f.ruleId), lintText({ path: 'x/site.yml', text: play, config: defaultConfig() }).findings.map((f) => f.ruleId));
  });

  it('.vharden.yaml with CR-only line ends is read like LF', () => {
    const text = 'rules:\r  VMX-ISO-*: off\rignore:\r  - templates/**\r';
    assert.deepEqual(parseConfigFile(text), parseConfigFile(lf(text)));
    assert.deepEqual(parseConfigFile(text).config?.rules, { 'VMX-ISO-*': 'off' });
  });
});
