import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rulesFor, ruleMeta } from '../server/src/catalog';
import { ansibleHover, completions, defaultHints, keyHover, xmlHover } from '../server/src/engine/assist';
import { ANSIBLE_OPTIONS } from '../server/src/formats/ansible/keys';
import { defaultConfig } from '../server/src/engine/config';
import { sampleKey, writeLine, type FormatKeys, type KeyDoc } from '../server/src/engine/keys';
import { KEY_TABLES, XML_KEY_TABLES } from '../server/src/formats/keys';
import { lintTogether } from './helpers/session';

/** Where each table's format lives (a rule may judge only one of several files of a format). */
const PATHS: Record<string, string[]> = {
  vmx: ['/vms/web/web.vmx'],
  esxconf: ['/etc/vmware/esx.conf'],
  'proxmox-vm': ['/etc/pve/qemu-server/100.conf'],
  'proxmox-lxc': ['/etc/pve/lxc/120.conf'],
  'proxmox-firewall': ['/etc/pve/firewall/cluster.fw', '/etc/pve/firewall/100.fw'],
  'proxmox-datacenter': ['/etc/pve/datacenter.cfg'],
  'proxmox-pveproxy': ['/etc/default/pveproxy'],
  'libvirtd-conf': ['/etc/libvirt/libvirtd.conf'],
  'qemu-conf': ['/etc/libvirt/qemu.conf'],
};

/** The rules reporting on the last line of `lines` in any of the format's files. */
function reportersOnLastLine(formatId: string, lines: string[]): Set<string> {
  const text = `${lines.join('\n')}\n`;
  const lastStart = text.length - 1 - lines[lines.length - 1]!.length;
  const out = new Set<string>();
  for (const path of PATHS[formatId]!) {
    const [r] = lintTogether([{ path, text, config: defaultConfig(), formatId }]);
    for (const f of r!.findings) if (f.start >= lastStart && f.start <= text.length) out.add(f.ruleId);
  }
  return out;
}

function claims(formatId: string, table: FormatKeys): { name: string; lines: (value: string) => string[]; doc: KeyDoc }[] {
  const out: { name: string; lines: (value: string) => string[]; doc: KeyDoc }[] = [];
  for (const k of table.keys) {
    const head = [...(k.section ? [`[${k.section}]`] : []), ...(k.with ?? [])];
    // `<name>` stands for an ESXi firewall ruleset in the only table that has it
    const key = sampleKey(k.key, table.syntax, 'sshServer');
    out.push({ name: `${formatId} ${k.key}`, doc: k, lines: (v) => [...head, writeLine(table.syntax, key, v)] });
    // an option is written into the key's hardened value in place of its own
    const rest = (o: KeyDoc) => (k.values?.[0] ?? '').split(',').filter((p) => p && !p.startsWith(`${o.key}=`));
    for (const o of k.options ?? []) out.push({ name: `${formatId} ${k.key} ${o.key}`, doc: o, lines: (v) => [...head, writeLine(table.syntax, key, [...rest(o), `${o.key}=${v}`].join(','))] });
  }
  return out;
}

for (const [formatId, table] of Object.entries(KEY_TABLES)) {
  test(`key table ${formatId}: every entry is backed by a rule of the format or cites its source`, () => {
    const ofFormat = new Set(rulesFor(formatId).map((r) => r.meta.id));
    for (const { name, doc } of claims(formatId, table)) {
      for (const id of [...(doc.rules ?? []), ...(doc.see ?? [])]) {
        assert.ok(ruleMeta(id), `${name}: unknown rule ${id}`);
        assert.ok(ofFormat.has(id), `${name}: ${id} does not run on ${formatId}`);
      }
      if (!doc.rules?.length && !doc.see?.length) assert.ok(doc.source, `${name}: no rule reads it and no source is cited`);
    }
  });

  test(`key table ${formatId}: the insecure value is reported on its line, the hardened value is not`, () => {
    for (const { name, doc, lines } of claims(formatId, table)) {
      if (!doc.rules?.length) continue;
      assert.ok(doc.insecure !== undefined, `${name}: rules without an insecure value to prove them`);
      const bad = reportersOnLastLine(formatId, lines(doc.insecure!));
      for (const id of doc.rules) assert.ok(bad.has(id), `${name} = ${doc.insecure}: ${id} does not report it (got ${[...bad].join(', ') || 'nothing'})`);
      const hardened = doc.values?.[0];
      if (hardened === undefined) continue;
      const good = reportersOnLastLine(formatId, lines(hardened));
      for (const id of doc.rules) assert.ok(!good.has(id), `${name} = ${hardened}: ${id} reports the hardened value`);
    }
  });
}

/** `|` marks the cursor. */
function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

function applied(text: string, s: { start: number; end: number; insert: string }): string {
  return text.slice(0, s.start) + s.insert + text.slice(s.end);
}

test('completion of .vmx keys: a line without a value gets the hardened one, quoted; keys already written are not offered', () => {
  const { text, offset } = at('usb.present = "FALSE"\nisolation.tools.co|\n');
  const list = completions('vmx', text, offset);
  assert.ok(!list.some((s) => s.label === 'usb.present'));
  const copy = list.find((s) => s.label === 'isolation.tools.copy.disable')!;
  assert.equal(applied(text, copy), 'usb.present = "FALSE"\nisolation.tools.copy.disable = "TRUE"\n');
  assert.match(copy.doc, /VMX-ISO-CLIPBOARD/);
  assert.match(copy.doc, /STIG|SCG/);
});

test('completion of .vmx values: hardened first, the reported value marked, quotes kept', () => {
  const { text, offset } = at('RemoteDisplay.vnc.enabled = "|"\n');
  const list = completions('vmx', text, offset).sort((a, b) => a.sort.localeCompare(b.sort));
  assert.deepEqual(list.map((s) => s.label), ['FALSE', 'TRUE']);
  assert.match(list[0]!.detail, /hardened/);
  assert.match(list[1]!.detail, /reported by VMX-CONSOLE-VNC/);
  assert.equal(applied(text, list[0]!), 'RemoteDisplay.vnc.enabled = "FALSE"\n');
  const bare = at('RemoteDisplay.vnc.enabled = |\n');
  assert.equal(applied(bare.text, completions('vmx', bare.text, bare.offset)[0]!), 'RemoteDisplay.vnc.enabled = "FALSE"\n');
});

test('completion in a Proxmox property string: option names, then the option\'s values', () => {
  const names = at('net0: virtio=BC:24:11:00:00:01,bridge=vmbr0,fi|\n');
  const fw = completions('proxmox-vm', names.text, names.offset).find((s) => s.label === 'firewall')!;
  assert.equal(applied(names.text, fw), 'net0: virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=\n');
  const values = at('net0: virtio=BC:24:11:00:00:01,firewall=|,bridge=vmbr0\n');
  const first = completions('proxmox-vm', values.text, values.offset).sort((a, b) => a.sort.localeCompare(b.sort))[0]!;
  assert.equal(applied(values.text, first), 'net0: virtio=BC:24:11:00:00:01,firewall=1,bridge=vmbr0\n');
});

test('completion of firewall options only inside [OPTIONS]', () => {
  const inside = at('[OPTIONS]\n|\n');
  assert.ok(completions('proxmox-firewall', inside.text, inside.offset).some((s) => s.label === 'policy_in'));
  const rules = at('[RULES]\n|\n');
  assert.ok(!completions('proxmox-firewall', rules.text, rules.offset).some((s) => s.label === 'policy_in'));
});

test('no completion on comments, section headers, or formats without a table', () => {
  const c = at('# usb.pre|\n');
  assert.deepEqual(completions('vmx', c.text, c.offset), []);
  assert.deepEqual(completions('libvirt-domain', '<domain/>', 3), []);
});

test('hover on a key: summary, default, hardened value, the rules with their benchmark ids and docs links', () => {
  const { text, offset } = at('debugStub.listen.guest64.re|mote = "TRUE"\n');
  const h = keyHover('vmx', text, offset, (id) => `command:docs?${id}`)!;
  assert.equal(text.slice(h.start, h.end), 'debugStub.listen.guest64.remote = "TRUE');
  assert.match(h.markdown, /\*\*Default:\*\* `FALSE`/);
  assert.match(h.markdown, /\[VMX-DEBUGSTUB-REMOTE\]\(command:docs\?VMX-DEBUGSTUB-REMOTE\)/);
  assert.equal(keyHover('vmx', 'displayName = "web"\n', 3), undefined);
});

test('hover on an option of a property string describes the option; the case of .vmx keys does not matter', () => {
  const { text, offset } = at('features: keyctl=1,nest|ing=1\n');
  const h = keyHover('proxmox-lxc', text, offset)!;
  assert.equal(text.slice(h.start, h.end), 'nesting=1');
  assert.match(h.markdown, /PVE-LXC-NESTING-PRIV/);
  assert.ok(keyHover('vmx', 'USB.PRESENT = "TRUE"\n', 2));
});

test('XML tables: every element and attribute names rules that run on its format', () => {
  for (const [formatId, docs] of Object.entries(XML_KEY_TABLES)) {
    const ofFormat = new Set(rulesFor(formatId).map((r) => r.meta.id));
    for (const d of docs) {
      assert.ok(d.see?.length, `${formatId} ${d.key}: no rule`);
      for (const id of d.see!) assert.ok(ofFormat.has(id), `${formatId} ${d.key}: ${id} does not run on ${formatId}`);
    }
  }
});

test('hover in libvirt XML on an attribute and an element the rules read; not on others or in text', () => {
  const xml = "<domain type='kvm'>\n  <name>web</name>\n  <devices>\n    <graphics type='vnc' port='-1' listen='0.0.0.0'/>\n    <interface type='bridge'><source bridge='br0'/><filterref filter='clean-traffic'/></interface>\n  </devices>\n</domain>\n";
  const listen = xmlHover('libvirt-domain', xml, xml.indexOf("listen='") + 2)!;
  assert.equal(xml.slice(listen.start, listen.end), "listen='0.0.0.0'");
  assert.match(listen.markdown, /^\*\*graphics listen\*\*/);
  assert.match(listen.markdown, /DOM-GRAPHICS-PUBLIC/);
  const filterref = xmlHover('libvirt-domain', xml, xml.indexOf('<filterref') + 3)!;
  assert.match(filterref.markdown, /DOM-NO-FILTERREF/);
  assert.equal(xmlHover('libvirt-domain', xml, xml.indexOf("port='") + 1), undefined);
  assert.equal(xmlHover('libvirt-domain', xml, xml.indexOf('web')), undefined);
  assert.equal(xmlHover('vmx', xml, 3), undefined);
});

test('Ansible options table: every option names rules that run on playbooks', () => {
  const ofFormat = new Set(rulesFor('ansible').map((r) => r.meta.id));
  for (const [module, docs] of Object.entries(ANSIBLE_OPTIONS)) {
    for (const d of docs) {
      assert.ok(d.see?.length, `${module} ${d.key}: no rule`);
      for (const id of d.see!) assert.ok(ofFormat.has(id), `${module} ${d.key}: ${id} does not run on playbooks`);
    }
  }
});

const PLAY = `- hosts: localhost
  tasks:
    - name: Start SSH
      community.vmware.vmware_host_service_manager:
        esxi_hostname: esx01
        service_name: TSM-SSH
        validate_certs: false
    - name: Unrelated
      ansible.builtin.debug:
        msg: hi
`;

test('hover in a playbook: the module lists the options its rules read and the default an omitted one takes; an option has its own', () => {
  const mod = ansibleHover(PLAY, PLAY.indexOf('vmware_host_service_manager') + 3)!;
  assert.match(mod.markdown, /\*\*Omitted here, the module default applies:\*\* `state: start`/);
  assert.match(mod.markdown, /ANS-SSH-SERVICE/);
  const svc = ansibleHover(PLAY, PLAY.indexOf('service_name') + 2)!;
  assert.equal(PLAY.slice(svc.start, svc.end), 'service_name: TSM-SSH');
  assert.match(ansibleHover(PLAY, PLAY.indexOf('validate_certs') + 1)!.markdown, /ANS-VALIDATE-CERTS/);
  assert.equal(ansibleHover(PLAY, PLAY.indexOf('esxi_hostname') + 1), undefined);
  assert.equal(ansibleHover(PLAY, PLAY.indexOf('msg')), undefined);
});

test('inlay hint in a playbook: the omitted state after the module name', () => {
  const hints = defaultHints('ansible', PLAY);
  assert.deepEqual(hints.map((h) => [h.offset, h.label]), [[PLAY.indexOf('vmware_host_service_manager:') + 'vmware_host_service_manager:'.length, 'state: start']]);
  assert.deepEqual(defaultHints('ansible', PLAY.replace('service_name: TSM-SSH', 'service_name: TSM-SSH\n        state: stop')), []);
});
