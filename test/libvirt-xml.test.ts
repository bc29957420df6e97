import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/engine';
import { detectFormat, formatForDocument } from '../server/src/catalog';
import { buildModel, type DomainModel, type NetworkModel } from '../server/src/formats/libvirt-xml/model';
import { attr, scanXml } from '../server/src/formats/libvirt-xml/scanner';
import { applyEdits } from '../server/src/engine/text';

const config = defaultConfig();
const lint = (text: string, path = '/etc/libvirt/qemu/vm.xml') => lintText({ path, text, config });

describe('XML scanner', () => {
  it('keeps element and attribute ranges, quote characters and decoded values', () => {
    const text = `<?xml version="1.0"?>\n<!-- c -->\n<domain type='kvm'>\n  <name>a&amp;b</name>\n  <graphics type="vnc" passwd='x&lt;y&#39;'/>\n</domain>\n`;
    const { root, diagnostics, comments } = scanXml(text);
    assert.deepEqual(diagnostics, []);
    assert.equal(root!.name, 'domain');
    assert.equal(text.slice(root!.start, root!.end), text.slice(text.indexOf('<domain'), text.lastIndexOf('>') + 1));
    const name = root!.children[0]!;
    assert.equal(name.text, 'a&b');
    assert.equal(text.slice(name.textStart, name.textEnd), 'a&amp;b');
    const g = root!.children[1]!;
    assert.equal(g.selfClosing, true);
    const type = attr(g, 'type')!;
    assert.equal(type.quote, '"');
    assert.equal(text.slice(type.nameStart, type.nameEnd), 'type');
    assert.equal(text.slice(type.valueStart, type.valueEnd), 'vnc');
    const p = attr(g, 'passwd')!;
    assert.equal(p.quote, "'");
    assert.equal(p.value, "x<y'");
    assert.equal(comments.length, 1);
    assert.equal(comments[0]!.text, ' c ');
  });

  it('models a domain and a network for cross-file use', () => {
    const d = buildModel(`<domain type='kvm'><name> web01 </name><devices>
      <interface type='network'><mac address='52:54:00:AA:00:01'/><source network='lab' portgroup='web'/><target dev='vnet7'/><virtualport type='openvswitch'/></interface>
      <interface type='bridge'><source bridge='br0'/><filterref filter='clean-traffic'/><port isolated='yes'/></interface>
    </devices></domain>`) as DomainModel;
    assert.equal(d.kind, 'domain');
    assert.equal(d.name, 'web01');
    assert.equal(d.type, 'kvm');
    const [a, b] = d.interfaces;
    assert.deepEqual([a!.type, a!.sourceNetwork, a!.sourcePortgroup, a!.targetDev, a!.virtualportType, a!.locator], ['network', 'lab', 'web', 'vnet7', 'openvswitch', 'interface[52:54:00:aa:00:01]']);
    assert.deepEqual([b!.type, b!.sourceBridge, b!.filterref, b!.portIsolated, b!.hasVirtualport, b!.locator], ['bridge', 'br0', 'clean-traffic', true, false, 'interface#1']);
    const n = buildModel(`<network><name>lab</name><forward/><bridge name='virbr9'/><virtualport type='openvswitch'/><portgroup name='web'/></network>`) as NetworkModel;
    assert.deepEqual([n.kind, n.name, n.bridgeName, n.forwardMode, n.virtualportType, n.portgroups[0]!.name], ['network', 'lab', 'virbr9', 'nat', 'openvswitch', 'web']);
    const isolated = buildModel(`<network><name>iso</name></network>`) as NetworkModel;
    assert.equal(isolated.forwardMode, undefined);
  });

  it('<mirror> inside <disk> is a block job, not network mirroring: it yields no interface or finding', () => {
    const text = `<domain type='kvm'><name>x</name><devices><disk type='file' device='disk'><source file='/a.qcow2'/><mirror type='file' file='/b.qcow2' job='copy'/><target dev='vda'/></disk></devices></domain>`;
    const d = buildModel(text) as DomainModel;
    assert.equal(d.interfaces.length, 0);
    assert.deepEqual(lint(text).findings.map((f) => f.ruleId), []);
  });
});

describe('XML fixes keep the file\'s bytes', () => {
  const fixFirst = (text: string, rule: string) => {
    const f = lint(text).findings.find((x) => x.ruleId === rule)!;
    return applyEdits(text, f.fixes![0]!.edits).text;
  };

  it('an inserted child uses CRLF, tab indentation and double quotes when the file does', () => {
    const text = '<domain type="kvm">\r\n\t<name>x</name>\r\n\t<devices>\r\n\t\t<interface type="bridge">\r\n\t\t\t<source bridge="br0"/>\r\n\t\t</interface>\r\n\t</devices>\r\n</domain>\r\n';
    assert.equal(fixFirst(text, 'DOM-NO-FILTERREF'), text.replace('<source bridge="br0"/>', '<source bridge="br0"/>\r\n\t\t\t<filterref filter="clean-traffic"/>'));
  });

  it('a self-closing element gains a body; a missing host attribute is added in the element\'s quote style', () => {
    const text = `<domain type='kvm'><name>x</name><devices>\n  <interface type='network'/>\n  <serial type="tcp"><source mode="bind" service="4555"/></serial>\n</devices></domain>`;
    assert.equal(fixFirst(text, 'DOM-NO-FILTERREF'), text.replace("<interface type='network'/>", "<interface type='network'>\n    <filterref filter='clean-traffic'/>\n  </interface>"));
    assert.equal(fixFirst(text, 'DOM-CHARDEV-TCP'), text.replace('service="4555"/>', 'service="4555" host="127.0.0.1"/>'));
  });
});

describe('editing tolerance: half-typed domain XML', () => {
  const good = `<domain type='kvm'>
  <name>vm</name>
  <devices>
    <graphics type='vnc' listen='0.0.0.0'/>
    <serial type='tcp'>
      <source mode='bind' host='0.0.0.0' service='4555'/>
      <target port='0'/>
    </serial>
  </devices>
</domain>
`;
  const at = (text: string, rule: string) => lint(text).findings.filter((f) => f.ruleId === rule).map((f) => `${f.line + 1}:${f.character + 1}`);

  it('an unclosed tag: findings keep their positions, the error points at the tag', () => {
    const text = good.replace("<target port='0'/>", "<target port='0'>");
    const r = lint(text);
    assert.deepEqual(at(text, 'DOM-GRAPHICS-PUBLIC'), ['4:26']);
    assert.deepEqual(at(text, 'DOM-CHARDEV-TCP'), ['6:27']);
    const errors = r.findings.filter((f) => f.ruleId === 'VH-PARSE-ERROR');
    assert.equal(errors.length, 1);
    assert.equal(text.slice(errors[0]!.start, errors[0]!.end), '<target');
  });

  it('an attribute without its closing quote: the error is on that value, later elements still checked', () => {
    const text = good.replace("<graphics type='vnc' listen='0.0.0.0'/>", "<graphics type='vnc' listen='0.0.0.0/>");
    const r = lint(text);
    const errors = r.findings.filter((f) => f.ruleId === 'VH-PARSE-ERROR');
    assert.ok(errors.length >= 1);
    assert.equal(errors[0]!.line, 3);
    assert.equal(text.slice(errors[0]!.start, errors[0]!.end), "'0.0.0.0");
    assert.deepEqual(at(text, 'DOM-CHARDEV-TCP'), ['6:27']);
  });

  it('an attribute typed without a value, and a tag cut off before its `>`', () => {
    for (const text of [good.replace("host='0.0.0.0'", 'host'), good.replace("<graphics type='vnc' listen='0.0.0.0'/>", "<graphics type='vnc' listen=")]) {
      const r = lint(text);
      assert.ok(r.findings.some((f) => f.ruleId === 'VH-PARSE-ERROR'));
      for (const f of r.findings) assert.ok(f.start >= 0 && f.end <= text.length);
    }
    const text = good.replace("host='0.0.0.0'", 'host');
    const e = lint(text).findings.find((f) => f.ruleId === 'VH-PARSE-ERROR')!;
    assert.equal(text.slice(e.start, e.end), 'host');
    assert.deepEqual(at(text, 'DOM-GRAPHICS-PUBLIC'), ['4:26']);
  });

  it('every prefix of a domain file parses without throwing, ranges stay inside the text', () => {
    for (let n = 0; n <= good.length; n++) {
      const text = good.slice(0, n);
      const r = lintText({ path: '/etc/libvirt/qemu/vm.xml', text, config });
      for (const f of r.findings) assert.ok(f.start >= 0 && f.end <= text.length && f.start <= f.end, `prefix ${n}`);
      assert.ok(!r.findings.some((f) => f.ruleId === 'VH-RULE-ERROR'), `prefix ${n}`);
    }
  });

  it('a stray end tag and a mismatched close are reported where they are', () => {
    const text = `<domain type='kvm'><name>x</nam></name><devices></domain>`;
    const errs = lint(text).findings.filter((f) => f.ruleId === 'VH-PARSE-ERROR').map((f) => text.slice(f.start, f.end));
    assert.deepEqual(errs, ['</nam>', '<devices']);
  });
});

describe('detection of libvirt XML', () => {
  it('by path', () => {
    assert.equal(detectFormat('/etc/libvirt/qemu/web01.xml')?.id, 'libvirt-domain');
    assert.equal(detectFormat('/etc/libvirt/qemu/autostart/web01.xml')?.id, 'libvirt-domain');
    assert.equal(detectFormat('/etc/libvirt/qemu/networks/default.xml')?.id, 'libvirt-network');
    assert.equal(detectFormat('/etc/libvirt/qemu/networks/autostart/default.xml')?.id, 'libvirt-network');
    assert.equal(detectFormat('/etc/libvirt/nwfilter/clean-traffic.xml')?.id, 'libvirt-other');
  });

  it('by the root element after prolog and comments', () => {
    assert.equal(detectFormat('vm.xml', `<?xml version='1.0'?>\n<!-- generated -->\n<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><name>a</name></domain>`)?.id, 'libvirt-domain');
    assert.equal(detectFormat('net.xml', `<network>\n<name>a</name></network>`)?.id, 'libvirt-network');
    for (const root of ['filter', 'pool', 'volume', 'capabilities', 'domainsnapshot', 'secret', 'interface', 'device']) {
      assert.equal(detectFormat('x.xml', `<${root}>\n</${root}>`)?.id, 'libvirt-other', root);
    }
  });

  it('unrelated XML is not claimed, and the editor\'s xml language does not force a format', () => {
    const pom = `<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion></project>`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10"><network/></svg>`;
    const csproj = `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>`;
    const nsDomain = `<domain xmlns="urn:other" type="x"/>`;
    for (const [path, text] of [['pom.xml', pom], ['icon.svg', svg], ['app.csproj', csproj], ['x.xml', nsDomain]] as const) {
      assert.equal(detectFormat(path, text), undefined, path);
      assert.equal(formatForDocument('xml', `/src/${path}`, text), undefined, path);
      assert.deepEqual(lint(text, path).findings, [], path);
    }
    assert.equal(formatForDocument('xml', '/etc/libvirt/qemu/web.xml', '')?.id, 'libvirt-domain');
  });

  it('detection reads only the first 64 KiB: a root element after a longer prolog is not claimed', () => {
    // The cost of detection on large unrelated files is measured by `npm run bench -- hostile`.
    const domain = `<domain type='kvm'><name>x</name></domain>`;
    const prolog = (n: number) => `<!--${' '.repeat(n)}-->\n`;
    assert.equal(detectFormat('x.xml', prolog(60_000) + domain)?.id, 'libvirt-domain');
    assert.equal(detectFormat('x.xml', prolog(70_000) + domain), undefined);
    const big = `<project>${'<dependency><artifactId>x</artifactId></dependency>'.repeat(200000)}</project>`;
    assert.equal(detectFormat('pom.xml', big), undefined);
  });
});
