import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { lintFile, lintText } from '../server/src/engine/engine';
import { isTemplateLine, TemplateSpans } from '../server/src/formats/common/template';
import { buildModel, type DomainModel } from '../server/src/formats/libvirt-xml/model';
import { attr, child, scanXml } from '../server/src/formats/libvirt-xml/scanner';
import { parseLibvirtConf } from '../server/src/formats/libvirt-conf/parser';

/**
 * Files with template code (Ansible/Jinja role templates, Puppet/Chef ERB): the parsers skip the
 * template code, the rules keep running on the rest, templated values are never judged.
 */

function lint(path: string, text: string) {
  const r = lintText({ path, text, config: defaultConfig() });
  return { format: r.format, ids: r.findings.map((f) => `${f.line + 1}:${f.ruleId}`), findings: r.findings };
}

const JINJA_DOMAIN = `{# Managed by Ansible: domain definition for {{ vm.name }} #}
<domain type='{{ libvirt_vm_engine }}'>
  <name>{{ vm.name }}</name>
  <memory>{{ vm.memory_mb | int * 1024 }}</memory>
  <vcpu>{{ vm.vcpus }}</vcpu>
  {% if libvirt_vm_clock_offset is defined %}
  <clock offset="{{ libvirt_vm_clock_offset }}"/>
  {% else %}
  <clock sync="localtime"/>
  {% endif %}
  <os>
    <type arch='{{ libvirt_vm_arch }}'{% if machine is not none %} machine='{{ machine }}'{% endif %}>hvm</type>
  </os>
  <devices>
    <emulator>{{ libvirt_vm_emulator }}</emulator>
{% for volume in volumes %}
    <disk type='{{ volume.type | default('volume') }}' device='{{ volume.device | default('disk') }}'>
      <driver name='qemu' type='{{ volume.format }}'/>
      <source pool='{{ volume.pool }}' volume='{{ volume.name }}'/>
      <target dev='vd{{ 'abcdefghijklmnopqrstuvwxyz'[loop.index0] }}'/>
    </disk>
{% endfor %}
    <graphics type='vnc' autoport='yes' listen='0.0.0.0'/>
    <graphics type='spice' autoport='yes' listen='{{ spice_listen | default("127.0.0.1") }}'/>
  </devices>
</domain>
`;

const ERB_DOMAIN = `<domain type='kvm'>
  <name><%= @name %></name>
  <memory unit='MiB'><%= @memory %></memory>
  <devices>
<% @disks.each do |disk| -%>
    <disk type='file' device='disk'>
      <source file='<%= disk['path'] %>'/>
      <target dev='<%= disk['dev'] %>' bus='virtio'/>
    </disk>
<% end -%>
<% if @vnc -%>
    <graphics type='vnc' port='-1' listen='0.0.0.0'/>
<% end -%>
  </devices>
</domain>
`;

describe('template code in libvirt XML', () => {
  it('a Jinja domain template (no path hint) is recognised and checked, with no syntax errors', () => {
    const r = lint('roles/libvirt-vm/templates/vm.xml.j2', JINJA_DOMAIN);
    assert.equal(r.format, 'libvirt-domain');
    assert.deepEqual(r.ids.filter((x) => x.includes('VH-')), []);
    assert.ok(r.ids.includes('23:DOM-GRAPHICS-PUBLIC'), r.ids.join(' '));
    assert.ok(!r.ids.includes('24:DOM-GRAPHICS-PUBLIC'), 'a templated listen address is not judged');
  });

  it('an ERB domain template keeps its element tree: the graphics stay under <devices>', () => {
    const r = lint('templates/domain.xml.erb', ERB_DOMAIN);
    assert.deepEqual(r.ids, ['12:DOM-GRAPHICS-PUBLIC']);
    const d = buildModel(ERB_DOMAIN) as DomainModel;
    assert.equal(d.name, '<%= @name %>');
    assert.equal(d.graphics.length, 1);
    const source = child(child(d.devices, 'disk'), 'source');
    assert.equal(attr(source, 'file')?.value, "<%= disk['path'] %>");
    assert.equal(attr(source, 'file')?.templated, true);
  });

  it('template code among attributes is skipped, the attributes around it are read', () => {
    const doc = scanXml(`<domain type='kvm'><devices><disk type='file'{% if ro %} device='cdrom'{% endif %} <%= @extra %>><readonly/></disk></devices></domain>`);
    assert.deepEqual(doc.diagnostics, []);
    const disk = child(child(doc.root, 'devices'), 'disk')!;
    assert.deepEqual(disk.attrs.map((a) => a.name), ['type', 'device']);
    assert.equal(disk.children[0]?.name, 'readonly');
  });

  it('an unclosed template tag inside a value does not swallow the next lines', () => {
    const doc = scanXml(`<domain type='kvm'>\n  <name x='{{ broken'/>\n  <devices><graphics type='vnc'/></devices>\n</domain>\n`);
    assert.equal(child(child(doc.root, 'devices'), 'graphics')?.name, 'graphics');
  });
});

describe('template code in line formats', () => {
  it('qemu.conf as a Jinja template: recognised by content, literal values judged, templated ones not', () => {
    const text = `# {{ ansible_managed }}\nvnc_listen = "{{ libvirt_vnc_listen | default('0.0.0.0') }}"\n{% if libvirt_security_driver is defined %}\nsecurity_driver = "{{ libvirt_security_driver }}"\n{% endif %}\nspice_listen = "0.0.0.0"\nuser = "root"\n`;
    const r = lint('roles/kvm/templates/qemu.conf.j2', text);
    assert.equal(r.format, 'qemu-conf');
    assert.deepEqual(r.ids, ['6:QEMU-SPICE-LISTEN-ALL', '7:QEMU-RUN-AS-ROOT']);
  });

  it('libvirtd.conf as a Puppet ERB template: template values are unknown, not syntax errors', () => {
    const text = `# This file is managed by Puppet. DO NOT EDIT.\nlisten_tls = <%= @listen_tls ? 1 : 0 %>\nlisten_tcp = <%= @listen_tcp ? 1 : 0 %>\n<% if @listen_addr -%>\nlisten_addr = "<%= @listen_addr %>"\n<% end -%>\nauth_tcp = "none"\n`;
    const r = lint('templates/libvirtd.conf.erb', text);
    assert.equal(r.format, 'libvirtd-conf');
    assert.deepEqual(r.ids, ['7:LV-TCP-NOAUTH']);
    assert.equal(r.findings[0]!.severity, 'medium', 'listen_tcp is templated: not known to be open');
    const m = parseLibvirtConf(text, 'libvirtd-conf').model;
    assert.equal(m.get('listen_tcp')?.value.kind, 'template');
  });

  it('a .vmx template: {% %} lines and templated keys are skipped, the rest is checked', () => {
    const text = `.encoding = "UTF-8"\nconfig.version = "8"\nvirtualHW.version = "{{ hw_version }}"\ndisplayName = "{{ vm_name }}"\n{% if vnc_enabled %}\nRemoteDisplay.vnc.enabled = "TRUE"\nRemoteDisplay.vnc.port = "{{ vnc_port }}"\n{% endif %}\n{% for key, value in extra_vmx.items() %}\n{{ key }} = "{{ value }}"\n{% endfor %}\n`;
    const r = lint('templates/vm.vmx.j2', text);
    assert.equal(r.format, 'vmx');
    assert.deepEqual(r.ids, ['6:VMX-CONSOLE-VNC']);
  });

  it('a Proxmox VM config template: recognised by content, the NIC on a templated bridge is not a guest port', () => {
    const text = `{# {{ ansible_managed }} #}\nboot: order=scsi0\ncores: {{ cores }}\nname: {{ inventory_hostname_short }}\nnet0: virtio={{ mac }},bridge={{ bridge }},firewall=1\nscsihw: virtio-scsi-pci\nargs: -vnc 0.0.0.0:77\n`;
    const r = lint('templates/qemu-server.conf.j2', text);
    assert.equal(r.format, 'proxmox-vm');
    assert.deepEqual(r.ids, ['7:PVE-VM-ARGS-VNC']);
  });

  it('an interfaces template: {% for %} lines are not options outside a stanza, templated bridges are unknown', () => {
    const text = `auto lo\niface lo inet loopback\n\n{% for br in bridges %}\nauto {{ br.name }}\niface {{ br.name }} inet manual\n    bridge-ports {{ br.ports | join(' ') }}\n{% endfor %}\n\nauto vmbr0\niface vmbr0 inet manual\n    bridge-ports eno1\n`;
    const r = lint('etc/network/interfaces', text);
    assert.deepEqual(r.ids.filter((x) => x.includes('VH-PARSE')), []);
    const facts = lintFile({ path: 'etc/network/interfaces', text, config: defaultConfig() }).facts!;
    assert.deepEqual(facts.switches.map((x) => x.name), ['vmbr0']);
    assert.deepEqual(facts.ports.map((x) => x.name), ['eno1']);
  });
});

describe('template scanning stays linear', () => {
  it('thousands of unclosed openers', () => {
    const t0 = Date.now();
    const spans = new TemplateSpans('{{'.repeat(200000));
    for (let i = 0; i < 400000; i += 2) assert.equal(spans.endOf(i), undefined);
    scanXml(`<domain type='kvm'><name a='${'{{'.repeat(100000)}'/>${'<%'.repeat(100000)}</domain>`);
    parseLibvirtConf(`x = ${'{{ '.repeat(100000)}\n${'<% '.repeat(100000)}`, 'qemu-conf');
    assert.ok(Date.now() - t0 < 3000, `${Date.now() - t0} ms`);
  });

  it('isTemplateLine', () => {
    const yes = ['{% if x %}', '  <% end -%>', '{{ extra }}', '{% if a %}{% endif %}', '{% if a and'];
    const no = ['key = "{{ x }}"', '{{ k }} = "v"', 'plain', ''];
    for (const l of yes) assert.ok(isTemplateLine(l, 0, l.length), l);
    for (const l of no) assert.ok(!isTemplateLine(l, 0, l.length), l);
  });
});
