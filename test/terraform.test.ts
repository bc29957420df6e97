import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatForDocument } from '../server/src/catalog';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/engine';
import { applyEdits } from '../server/src/engine/text';
import { parseHclJson } from '../server/src/formats/hcl/json';
import { parseHcl } from '../server/src/formats/hcl/parser';
import { FIXTURES, fixturesOf, lintFixture } from './helpers/fixtures';
import { lintTogether } from './helpers/session';
import { Session } from '../server/src/engine/session';
import { scopeOf } from '../server/src/engine/fabric';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const lint = (path: string, text: string) => lintText({ path, text, config: defaultConfig() });
const ids = (path: string, text: string) => lint(path, text).findings.map((f) => `${f.ruleId}@${f.line + 1}`);

describe('HCL parser', () => {
  it('keeps exact offsets of attributes, blocks and values', () => {
    const text = 'resource "vsphere_host_virtual_switch" "s" {\n  name = "vSwitch1" # trailing\n  allow_mac_changes = true\n}\n';
    const { body, comments, diagnostics } = parseHcl(text);
    assert.deepEqual(diagnostics, []);
    const b = body.blocks[0]!;
    assert.deepEqual([b.type, ...b.labels], ['resource', 'vsphere_host_virtual_switch', 's']);
    const mac = b.body.attrs.find((a) => a.name === 'allow_mac_changes')!;
    assert.equal(text.slice(mac.start, mac.end), 'allow_mac_changes = true');
    assert.equal(text.slice(mac.value.start, mac.value.end), 'true');
    assert.equal(comments.length, 1);
    assert.ok(comments[0]!.trailing);
  });

  it('a half-typed attribute is unknown and leaves the lines below it intact', () => {
    const text = 'resource "vsphere_host_virtual_switch" "s" {\n  name = "vSwitch1"\n  allow_forged_transmits =\n  allow_mac_changes = true\n}\n';
    const { body, diagnostics } = parseHcl(text);
    assert.equal(diagnostics.length, 1);
    const attrs = body.blocks[0]!.body.attrs.map((a) => [a.name, a.value.kind]);
    assert.deepEqual(attrs, [['name', 'string'], ['allow_forged_transmits', 'other'], ['allow_mac_changes', 'bool']]);
    // the half-typed forged-transmits value is not judged; MAC changes still are
    const found = lint('/p/main.tf', text).findings.filter((f) => f.ruleId === 'TF-VSS-INSECURE-DEFAULTS');
    assert.deepEqual(found.map((f) => f.locator), ['vsphere_host_virtual_switch.s/allow_mac_changes']);
  });

  it('a block left open is closed by the next top-level block at the start of a line', () => {
    const text = 'resource "vsphere_host_virtual_switch" "a" {\n  name = "a"\n  nested {\n\nprovider "vsphere" {\n  allow_unverified_ssl = true\n}\n';
    const { body, diagnostics } = parseHcl(text);
    assert.deepEqual(body.blocks.map((b) => b.type), ['resource', 'provider']);
    assert.ok(diagnostics.length >= 1);
    assert.deepEqual(ids('/p/main.tf', text).filter((i) => i.startsWith('TF-TLS')), ['TF-TLS-NOVERIFY@6']);
  });

  it('computed values, templates and heredocs are not literals', () => {
    const text = 'a = "${var.x}"\nb = upper("x")\nc = var.on ? true : false\nd = <<EOT\nplain\nEOT\ne = "$${literal}"\nf = [for x in y : x]\n';
    const kinds = parseHcl(text).body.attrs.map((a) => [a.name, a.value.kind, a.value.kind === 'string' ? a.value.value : '']);
    assert.deepEqual(kinds, [['a', 'other', ''], ['b', 'other', ''], ['c', 'other', ''], ['d', 'string', 'plain\n'], ['e', 'string', '${literal}'], ['f', 'other', '']]);
  });

  it('JSON syntax: labelled blocks, nested blocks and references', () => {
    const text = '{"resource": {"vsphere_host_virtual_switch": {"s": {"name": "x", "allow_forged_transmits": "${var.f}", "host": [{"a": 1}, {"a": 2}]}}}}';
    const { body, diagnostics } = parseHclJson(text);
    assert.deepEqual(diagnostics, []);
    const b = body.blocks[0]!;
    assert.deepEqual([b.type, ...b.labels], ['resource', 'vsphere_host_virtual_switch', 's']);
    assert.equal(b.body.blocks.filter((x) => x.type === 'host').length, 2);
    const f = b.body.attrs.find((a) => a.name === 'allow_forged_transmits')!;
    assert.deepEqual(f.value.kind === 'ref' && f.value.path, ['var', 'f']);
  });

  it('is linear: 200,000 attributes and 100,000 unclosed strings parse quickly', () => {
    for (const text of ['a = 1\n'.repeat(200_000), 'a = "\n'.repeat(100_000), '{'.repeat(100_000), 'x = ['.repeat(50_000)]) {
      const t0 = performance.now();
      parseHcl(text);
      assert.ok(performance.now() - t0 < 3000, `${text.slice(0, 8)}…: ${Math.round(performance.now() - t0)} ms`);
    }
  });
});

describe('Terraform and Packer recognition', () => {
  const vsphere = 'provider "vsphere" {\n  allow_unverified_ssl = true\n}\n';
  it('Terraform only when it uses a checked provider', () => {
    assert.equal(detectFormat('/p/main.tf', vsphere)?.id, 'terraform');
    assert.equal(detectFormat('/p/main.tf', 'provider "aws" {\n  region = "eu-west-1"\n}\n'), undefined);
    // read for the values it gives the checked files beside it, with no rule of its own
    assert.equal(detectFormat('/p/variables.tf', 'variable "x" {\n  default = 1\n}\n')?.id, 'terraform-vars');
    assert.equal(detectFormat('/p/outputs.tf', 'output "x" {\n  value = 1\n}\n'), undefined);
    assert.equal(detectFormat('/p/main.tf.json', '{"provider": {"vsphere": {"allow_unverified_ssl": true}}}')?.id, 'terraform');
    assert.equal(detectFormat('/p/lxc.tf', 'terraform {\n  required_providers {\n    proxmox = { source = "bpg/proxmox" }\n  }\n}\n')?.id, 'terraform');
  });

  it('a provider or resource type spelled with \\u escapes is the same name, as Terraform reads it', () => {
    const cases: [string, string][] = [
      ['/p/main.tf.json', '{"provider": {"vsph\\u0065re": {"allow_unverified_ssl": true}}}'],
      ['/p/main.tf', 'provider "vsph\\u0065re" {\n  allow_unverified_ssl = true\n}\n'],
      ['/p/main.tf', 'provider "vsph\\U00000065re" {\n  allow_unverified_ssl = true\n}\n'],
    ];
    for (const [path, text] of cases) {
      assert.equal(detectFormat(path, text)?.id, 'terraform', text);
      assert.deepEqual(lintText({ path, text, config: defaultConfig() }).findings.map((f) => f.ruleId), ['TF-TLS-NOVERIFY'], text);
    }
    assert.equal(detectFormat('/p/main.tf.json', '{"provider": {"\\u0061ws": {"region": "eu-west-1"}}}'), undefined);
  });

  it('Packer only with a checked builder', () => {
    assert.equal(detectFormat('/p/build.pkr.hcl', 'source "vsphere-iso" "x" {\n}\n')?.id, 'packer');
    assert.equal(detectFormat('/p/build.pkr.hcl', 'source "amazon-ebs" "x" {\n}\n'), undefined);
    assert.equal(detectFormat('/p/build.pkr.json', '{"builders": [{"type": "qemu", "vnc_bind_address": "0.0.0.0"}]}')?.id, 'packer');
  });

  it('the editor languages terraform and hcl are shared: detection decides', () => {
    assert.equal(formatForDocument('terraform', '/p/main.tf', vsphere)?.id, 'terraform');
    assert.equal(formatForDocument('terraform', '/p/main.tf', 'provider "aws" {}\n'), undefined);
    assert.equal(formatForDocument('hcl', '/p/nomad.hcl', 'job "x" {}\n'), undefined);
    assert.equal(formatForDocument('hcl', '/p/b.pkr.hcl', 'source "qemu" "x" {}\n')?.id, 'packer');
    assert.equal(formatForDocument('plaintext', '/p/main.tf', vsphere)?.id, 'terraform');
  });
});

describe('VS Code client', () => {
  const root = join(__dirname, '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // LANGUAGES and HCL_FILES in shared.ts, the document selectors in extension.ts (desktop) and browser.ts (web)
  const extension = ['shared.ts', 'extension.ts', 'browser.ts'].map((f) => readFileSync(join(root, 'client', 'src', f), 'utf8')).join('\n');
  const samples: Record<string, [string, string]> = {
    'tf': ['plaintext', 'provider "vsphere" {\n  allow_unverified_ssl = true\n}\n'],
    'tf.json': ['json', '{"provider": {"vsphere": {"allow_unverified_ssl": true}}}'],
    'tfvars': ['plaintext', 'insecure = true\n'],
    'tfvars.json': ['json', '{"insecure": true}'],
    'pkr.hcl': ['plaintext', 'source "qemu" "x" {\n  vnc_bind_address = "0.0.0.0"\n}\n'],
    'pkr.json': ['json', '{"builders": [{"type": "qemu", "vnc_bind_address": "0.0.0.0"}]}'],
  };

  it('attaches to HashiCorp\'s terraform and hcl languages and contributes neither (no language, grammar or snippets)', () => {
    for (const id of ['terraform', 'hcl']) {
      assert.match(extension, new RegExp(`LANGUAGES = \\[[^\\]]*'${id}'`), `${id} in LANGUAGES`);
      assert.ok(pkg.activationEvents.includes(`onLanguage:${id}`), `onLanguage:${id}`);
      for (const key of ['languages', 'grammars', 'snippets']) {
        const own = ((pkg.contributes[key] ?? []) as { id?: string; language?: string }[]).filter((c) => (c.id ?? c.language) === id);
        assert.deepEqual(own, [], `no ${key} contribution for ${id}`);
      }
    }
  });

  it('Terraform and Packer files in plain text or JSON start the server and are recognised', () => {
    const m = /HCL_FILES = '\*\*\/\*\.\{([^}]*)\}'/.exec(extension);
    assert.ok(m && /pattern: HCL_FILES/.test(extension), 'a documentSelector entry by file pattern');
    const exts = m[1]!.split(',');
    assert.deepEqual([...exts].sort(), Object.keys(samples).sort());
    for (const ext of exts) {
      assert.ok(pkg.activationEvents.includes(`workspaceContains:**/*.${ext}`), `workspaceContains:**/*.${ext}`);
      const [language, text] = samples[ext]!;
      assert.equal(formatForDocument(language, `/p/x.${ext}`, text)?.id, ext.startsWith('tfvars') ? 'terraform-vars' : ext.startsWith('tf') ? 'terraform' : 'packer', ext);
    }
  });
});

describe('variables', () => {
  it('a literal default of a variable declared in the same file is used, without a fix', () => {
    const text = 'variable "insecure" {\n  default = true\n}\nprovider "vsphere" {\n  allow_unverified_ssl = var.insecure\n}\n';
    const f = lint('/p/main.tf', text).findings.find((x) => x.ruleId === 'TF-TLS-NOVERIFY')!;
    assert.ok(f, 'reported');
    assert.equal(f.fixes, undefined, 'the default may be overridden elsewhere: no fix');
  });

  it('variables declared elsewhere and computed values are unknown and never judged', () => {
    const text = 'provider "vsphere" {\n  allow_unverified_ssl = var.insecure\n  password = var.password\n}\nresource "vsphere_host_virtual_switch" "s" {\n  name = "a"\n  allow_forged_transmits = local.f\n  allow_mac_changes = !var.strict\n}\n';
    const found = ids('/p/main.tf', text);
    assert.ok(!found.some((i) => i.startsWith('TF-TLS') || i.startsWith('TF-PROVIDER-CREDS')), found.join(' '));
    assert.ok(!found.some((i) => i.startsWith('TF-VSS')), found.join(' '));
  });
});

describe('variables across a module folder', () => {
  const main = 'provider "vsphere" {\n  user                 = "svc"\n  allow_unverified_ssl = var.insecure\n}\n';
  const decl = (def?: string) => `variable "insecure" {\n  type = bool\n${def === undefined ? '' : `  default = ${def}\n`}}\n`;
  /** the TLS findings of main.tf, linted with the other files of its folder (name → text) */
  const tls = (others: Record<string, string>, mainText = main) => {
    const files = [{ path: '/repo/mod/main.tf', text: mainText }, ...Object.entries(others).map(([name, text]) => ({ path: `/repo/mod/${name}`, text }))];
    const [r] = lintTogether(files.map((f) => ({ ...f, config: defaultConfig(), root: '/repo' })));
    return r!.findings.filter((f) => f.ruleId === 'TF-TLS-NOVERIFY');
  };

  it('a literal default in variables.tf is used in main.tf: reported at the use, naming where it is written, without a fix', () => {
    const [f, ...more] = tls({ 'variables.tf': decl('true') });
    assert.ok(f && more.length === 0, 'reported once');
    assert.equal(f.line + 1, 3, 'at the use in main.tf');
    assert.match(f.message, /var\.insecure = true from the default in variables\.tf line 3/);
    assert.equal(f.fixes, undefined, 'the literal is in another file: no fix here');
    assert.deepEqual(tls({ 'variables.tf': decl('false') }), []);
    assert.deepEqual(tls({ 'variables.tf': decl() }), [], 'declared without a default: unknown');
    assert.deepEqual(tls({ 'variables.tf': decl('local.x') }), [], 'a computed default: unknown');
  });

  it('terraform.tfvars overrides the default, *.auto.tfvars override it in lexical order, and the message names the winning line', () => {
    const [f] = tls({ 'variables.tf': decl('false'), 'terraform.tfvars': '# lab\ninsecure = true\n' });
    assert.ok(f, 'the tfvars value wins');
    assert.match(f.message, /from terraform\.tfvars line 2, over the default in variables\.tf line 3/);
    assert.deepEqual(tls({ 'variables.tf': decl('true'), 'terraform.tfvars': 'insecure = false\n' }), [], 'a tfvars false wins over a default true');
    assert.deepEqual(tls({ 'variables.tf': decl('false'), 'terraform.tfvars': 'insecure = true\n', 'b.auto.tfvars': 'insecure = false\n' }), [], 'auto.tfvars after terraform.tfvars');
    assert.equal(tls({ 'variables.tf': decl('false'), 'a.auto.tfvars': 'insecure = false\n', 'b.auto.tfvars': 'insecure = true\n' }).length, 1, 'the last in lexical order wins');
    assert.equal(tls({ 'variables.tf': decl('false'), 'b.auto.tfvars': 'insecure = false\n', 'a.auto.tfvars': 'insecure = true\n' }).length, 0, 'the last in lexical order wins');
    const [j] = tls({ 'variables.tf': decl(), 'terraform.tfvars.json': '{\n  "insecure": true\n}\n' });
    assert.ok(j, 'terraform.tfvars.json is read');
    assert.match(j.message, /from terraform\.tfvars\.json line 2/);
    assert.equal(tls({ 'variables.tf': decl('false'), 'terraform.tfvars': 'insecure = true\n', 'terraform.tfvars.json': '{"insecure": false}' }).length, 0, 'terraform.tfvars.json after terraform.tfvars');
  });

  it('conflicting, computed, duplicated or damaged values are unknown and never judged', () => {
    assert.deepEqual(tls({ 'variables.tf': decl('true'), 'prod.tfvars': 'insecure = false\n' }), [], 'a -var-file that sets another value');
    assert.equal(tls({ 'variables.tf': decl('true'), 'lab.tfvars': 'insecure = true\n' }).length, 1, 'a -var-file that agrees');
    assert.deepEqual(tls({ 'variables.tf': decl('true'), 'terraform.tfvars': 'insecure = !false\n' }), [], 'a computed tfvars value');
    assert.deepEqual(tls({ 'variables.tf': decl('true'), 'other.tf': decl('true') }), [], 'declared twice (Terraform refuses the module)');
    assert.deepEqual(tls({ 'variables.tf': decl('true'), 'terraform.tfvars': 'insecure = true\ninsecure = false\n' }), [], 'set twice in one file');
    assert.deepEqual(tls({ 'variables.tf': decl('true'), 'terraform.tfvars': 'insecure = "true\nother = {\n' }), [], 'a tfvars file that does not parse may set anything');
    assert.deepEqual(tls({ 'terraform.tfvars': 'insecure = true\n' }), [], 'set but declared nowhere');
  });

  it('a default in the same file: reported at the use, naming the default\'s line', () => {
    const text = 'variable "insecure" {\n  default = true\n}\n' + main;
    const [f] = tls({}, text);
    assert.ok(f);
    assert.equal(f.line + 1, 6, 'at the use');
    assert.match(f.message, /from the default in main\.tf line 2/);
    assert.equal(f.fixes, undefined);
    assert.deepEqual(tls({ 'terraform.tfvars': 'insecure = false\n' }, text), [], 'overridden by terraform.tfvars');
  });

  it('a resource setting from terraform.tfvars reaches the vSwitch policy carrier: reported at the use with its source, no fix', () => {
    const text = 'resource "vsphere_host_port_group" "pg" {\n  name                = "lab"\n  virtual_switch_name = "vSwitch1"\n  allow_promiscuous   = var.promisc\n}\n';
    const run = (tfvars: string) => {
      const [r] = lintTogether([{ path: '/repo/n/network.tf', text }, { path: '/repo/n/variables.tf', text: 'variable "promisc" {\n  default = false\n}\n' }, { path: '/repo/n/terraform.tfvars', text: tfvars }].map((f) => ({ ...f, config: defaultConfig(), root: '/repo' })));
      return r!.findings.filter((f) => f.ruleId === 'TF-NET-PROMISC');
    };
    const [f] = run('promisc = true\n');
    assert.ok(f, 'reported');
    assert.equal(f.line + 1, 4);
    assert.match(f.message, /terraform\.tfvars line 1/);
    assert.equal(f.fixes, undefined);
    assert.deepEqual(run('promisc = false\n'), []);
  });

  it('a secret in terraform.tfvars is reported where the provider uses it, naming the line and never the value', () => {
    const text = 'variable "pw" {}\nprovider "vsphere" {\n  password = var.pw\n}\n';
    const [r] = lintTogether([{ path: '/repo/m/main.tf', text }, { path: '/repo/m/terraform.tfvars', text: 'pw = "Hunter2!"\n' }].map((f) => ({ ...f, config: defaultConfig(), root: '/repo' })));
    const f = r!.findings.find((x) => x.ruleId === 'TF-PROVIDER-CREDS')!;
    assert.ok(f);
    assert.equal(f.line + 1, 3);
    assert.match(f.message, /terraform\.tfvars line 1/);
    assert.ok(!f.message.includes('Hunter2'), 'the value is not copied');
  });

  it('the session checks main.tf again when variables.tf or terraform.tfvars changes, and when one is removed', () => {
    const texts = new Map<string, string>([['/repo/m/main.tf', main], ['/repo/m/variables.tf', decl('false')]]);
    const session = new Session(() => ({ config: defaultConfig(), ignored: false, scope: scopeOf('/repo/m/main.tf', '/repo') }), { reread: (path) => ({ path, text: texts.get(path)! }) });
    const count = () => session.findings('/repo/m/main.tf').filter((f) => f.ruleId === 'TF-TLS-NOVERIFY').length;
    session.batch(() => {
      for (const [path, text] of texts) session.update({ path, text });
    });
    assert.equal(count(), 0);
    texts.set('/repo/m/variables.tf', decl('true'));
    const changed = session.update({ path: '/repo/m/variables.tf', text: decl('true') });
    assert.ok(changed.has('/repo/m/main.tf'), 'main.tf is among the files whose findings changed');
    assert.equal(count(), 1);
    texts.set('/repo/m/terraform.tfvars', 'insecure = false\n');
    session.update({ path: '/repo/m/terraform.tfvars', text: 'insecure = false\n' });
    assert.equal(count(), 0, 'overridden');
    session.remove('/repo/m/terraform.tfvars');
    assert.equal(count(), 1, 'the override is gone');
    session.update({ path: '/repo/other/variables.tf', text: decl('false') });
    assert.equal(count(), 1, 'another folder is another module');
  });

  it('only the files that read a variable are checked again when its value changes', () => {
    const texts = new Map<string, string>([
      ['/repo/m/main.tf', main],
      ['/repo/m/switch.tf', 'resource "vsphere_host_virtual_switch" "s" {\n  name = "vSwitch1"\n}\n'],
      ['/repo/m/variables.tf', decl('false') + 'variable "unused" {\n  default = 1\n}\n'],
    ]);
    const reread: string[] = [];
    const session = new Session(() => ({ config: defaultConfig(), ignored: false, scope: scopeOf('/repo/m/main.tf', '/repo') }), { reread: (path) => (reread.push(path), { path, text: texts.get(path)! }) });
    session.batch(() => {
      for (const [path, text] of texts) session.update({ path, text });
    });
    assert.deepEqual(reread, ['/repo/m/main.tf'], 'main.tf was linted before variables.tf was in: once more; switch.tf reads no variable');
    reread.length = 0;
    session.update({ path: '/repo/m/variables.tf', text: decl('false') + 'variable "unused" {\n  default = 2\n}\n' });
    assert.deepEqual(reread, [], 'no file reads var.unused');
    session.update({ path: '/repo/m/variables.tf', text: decl('true') });
    assert.deepEqual(reread, ['/repo/m/main.tf']);
  });
});

describe('carriers', () => {
  it('vsphere_virtual_machine.extra_config feeds the VMX-* rules', () => {
    const text = 'resource "vsphere_virtual_machine" "vm" {\n  name = "web01"\n  extra_config = {\n    "RemoteDisplay.vnc.enabled" = "TRUE"\n    "isolation.tools.copy.disable" = "FALSE"\n  }\n}\n';
    const found = ids('/p/vm.tf', text);
    assert.ok(found.includes('VMX-CONSOLE-VNC@4'), found.join(' '));
    assert.ok(found.includes('VMX-ISO-CLIPBOARD@5'), found.join(' '));
    assert.ok(!found.some((i) => i.startsWith('VMX-CONSOLE-MAXCONN')), 'a partial carrier reports no missing key');
  });

  it('Packer vmx_data_post wins over vmx_data; configuration_parameters are read', () => {
    const left = 'source "vmware-iso" "w" {\n  vmx_data = {\n    "RemoteDisplay.vnc.enabled" = "TRUE"\n  }\n}\n';
    assert.ok(ids('/p/b.pkr.hcl', left).includes('VMX-CONSOLE-VNC@3'));
    const undone = left.replace('  }\n}', '  }\n  vmx_data_post = {\n    "RemoteDisplay.vnc.enabled" = "FALSE"\n  }\n}');
    assert.ok(!ids('/p/b.pkr.hcl', undone).some((i) => i.startsWith('VMX-CONSOLE-VNC')));
    const vsphere = 'source "vsphere-iso" "u" {\n  configuration_parameters = {\n    "isolation.tools.paste.disable" = "FALSE"\n  }\n}\n';
    assert.ok(ids('/p/b.pkr.hcl', vsphere).includes('VMX-ISO-CLIPBOARD@3'));
  });

  it('vsphere_role feeds the VC-* rules, one step higher when granted at a datacenter with propagation', () => {
    const role = 'resource "vsphere_role" "ops" {\n  name = "ops"\n  role_privileges = ["System.Read", "Authorization.ModifyPermissions"]\n}\n';
    const plain = lint('/p/roles.tf', role).findings.find((f) => f.ruleId === 'VC-PRIV-AUTHZ')!;
    assert.equal(plain.line + 1, 3);
    const bound = role + 'resource "vsphere_entity_permissions" "p" {\n  entity_id = data.vsphere_datacenter.dc.id\n  entity_type = "Datacenter"\n  permissions {\n    user_or_group = "VSPHERE.LOCAL\\\\ops"\n    is_group = true\n    propagate = true\n    role_id = vsphere_role.ops.id\n  }\n}\n';
    const raised = lint('/p/roles.tf', bound).findings.find((f) => f.ruleId === 'VC-PRIV-AUTHZ')!;
    assert.notEqual(raised.severity, plain.severity);
  });
});

describe('fabric', () => {
  const dvs = 'resource "vsphere_distributed_virtual_switch" "dvs" {\n  name = "dvs-prod"\n}\nresource "vsphere_distributed_port_group" "web" {\n  name = "web"\n  distributed_virtual_switch_uuid = vsphere_distributed_virtual_switch.dvs.id\n}\n';
  it('a Terraform DVS with a VM port group and no session is reported, with the Ansible task as template', () => {
    const [r] = lintTogether([{ path: '/repo/network.tf', text: dvs, config: defaultConfig(), root: '/repo' }]);
    const f = r!.findings.find((x) => x.ruleId === 'TF-MIR-DVS-NOSPAN')!;
    assert.ok(f, 'reported');
    assert.ok(!r!.findings.some((x) => x.ruleId === 'ANS-MIR-DVS-NOSPAN'), 'not reported twice');
    const t = applyEdits(dvs, f.templates![0]!.edits).text;
    assert.match(t, /# .*community\.vmware\.vmware_vspan_session:/);
    assert.deepEqual(parseHcl(t).diagnostics, [], 'the template keeps the file valid');
  });

  it('a live snapshot with a VSPAN session on the switch (by name) counts as its session, as an Ansible task does', () => {
    const snapshot = (switchName: string, enabled = true) => JSON.stringify({
      format: 'vharden-vsphere-snapshot',
      version: 1,
      source: { server: 'vc', collectedAt: '2026-01-01T00:00:00Z' },
      switches: [{ name: switchName, path: `/DC/network/${switchName}`, vspanSessions: [{ name: 'ids-tap', enabled, sourcePortTransmitted: ['10'], destinationPort: ['20'] }] }],
    }, null, 2);
    const run = (snap: string) => {
      const [tf] = lintTogether([
        { path: '/repo/network.tf', text: dvs, config: defaultConfig(), root: '/repo' },
        { path: '/repo/live/vc.vsphere.json', text: snap, config: defaultConfig(), root: '/repo' },
      ]);
      return tf!.findings.filter((x) => x.ruleId.endsWith('-MIR-DVS-NOSPAN')).map((x) => x.ruleId);
    };
    assert.deepEqual(run(snapshot('dvs-prod')), [], 'the live session on dvs-prod counts');
    assert.deepEqual(run(snapshot('dvs-lab')), ['TF-MIR-DVS-NOSPAN'], 'a session on another switch does not');
    // the snapshot sees the same switch: the .tf file's definition is still reported by the Terraform rule
    assert.deepEqual(run(snapshot('dvs-prod', false)), ['TF-MIR-DVS-NOSPAN'], 'a disabled session mirrors nothing');
  });

  it('a VMkernel adapter (vsphere_vnic) on the port group means no VM traffic', () => {
    const vnic = dvs + 'resource "vsphere_vnic" "v" {\n  distributed_port_group = vsphere_distributed_port_group.web.id\n}\n';
    const [r] = lintTogether([{ path: '/repo/network.tf', text: vnic, config: defaultConfig(), root: '/repo' }]);
    assert.ok(!r!.findings.some((x) => x.ruleId === 'TF-MIR-DVS-NOSPAN'));
  });
});

/** Terraform and Packer files, and the rules with such files among their bad fixtures (TF-* and the rules of shared carriers). */
const HCL_FILE = /\.(tf|tf\.json|pkr\.hcl|pkr\.json)$/;
const HCL_FIXTURE_RULES = readdirSync(FIXTURES).filter((d) => fixturesOf(d).fixtures.some((f) => f.kind === 'bad' && HCL_FILE.test(f.path)));

describe('Terraform and Packer fixes re-parse cleanly', () => {
  // No Debian or npm package ships Terraform, and terraform validate needs the providers downloaded by
  // terraform init, so every fix and template of the Terraform and Packer fixtures is applied and the result parsed again:
  // it must add no syntax error. Where a terraform binary is installed, terraform fmt checks them too (below).
  for (const id of HCL_FIXTURE_RULES) {
    it(id, () => {
      for (const fx of fixturesOf(id).fixtures.filter((f) => f.kind === 'bad' && HCL_FILE.test(f.path))) {
        const r = lintFixture(fx.path, fx.text, 'terraform');
        const json = fx.path.endsWith('.json');
        const parse = (t: string) => (json ? parseHclJson(t) : parseHcl(t)).diagnostics.length;
        const before = parse(fx.text);
        for (const f of r.findings.filter((x) => x.ruleId === id)) {
          for (const fix of [...(f.fixes ?? []), ...(f.templates ?? [])]) {
            const after = applyEdits(fx.text, fix.edits).text;
            assert.equal(parse(after), before, `${fx.rel}: "${fix.title}" keeps the file parseable`);
            if (f.fixes?.includes(fix)) {
              const again = lintFixture(fx.path, after, 'terraform').findings.filter((x) => x.ruleId === id && x.locator === f.locator);
              assert.deepEqual(again, [], `${fx.rel}: "${fix.title}" removes ${f.locator}`);
            }
          }
        }
      }
    });
  }
});

describe('Terraform fixes keep terraform fmt\'s layout', () => {
  const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
  const missing = terraform.status === 0 ? false : 'terraform not installed';
  /** terraform fmt -check on standard input: 0 formatted, 3 not formatted, 2 a syntax error. */
  const fmt = (text: string) => spawnSync('terraform', ['fmt', '-check', '-'], { input: text, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } }).status;

  it('an added attribute joins the aligned run above it, or starts its own after a blank line when its name is longer', () => {
    const text = 'resource "vsphere_host_virtual_switch" "s" {\n  name             = "vSwitch1"\n  network_adapters = ["vmnic1"]\n}\n';
    const added = lint('/p/main.tf', text).findings.filter((f) => f.ruleId === 'TF-VSS-INSECURE-DEFAULTS').map((f) => f.fixes![0]!.edits[0]!.newText);
    assert.deepEqual(added.sort(), ['\n  allow_forged_transmits = false\n', '\n  allow_mac_changes = false\n'], 'longer than network_adapters: a run of its own');
    const nic = 'resource "proxmox_vm_qemu" "vm" {\n  name = "a"\n  network {\n    bridge    = "vmbr0"\n    link_down = false\n  }\n}\n';
    const fw = lint('/p/main.tf', nic).findings.find((f) => f.ruleId === 'TF-PVE-NET-FIREWALL')!;
    assert.equal(fw.fixes![0]!.edits[0]!.newText, '    firewall  = true\n', 'padded to the column of link_down');
  });

  it('every TF-* fix and template of the fixtures keeps the verdict of the real terraform fmt -check', { skip: missing }, () => {
    let checked = 0;
    for (const id of HCL_FIXTURE_RULES) {
      for (const fx of fixturesOf(id).fixtures.filter((f) => f.kind === 'bad' && /\.(tf|pkr\.hcl)$/.test(f.path))) {
        const before = fmt(fx.text);
        const r = lintFixture(fx.path, fx.text, fx.path.endsWith('.tf') ? 'terraform' : 'packer');
        for (const f of r.findings) {
          for (const fix of [...(f.fixes ?? []), ...(f.templates ?? [])]) {
            assert.equal(fmt(applyEdits(fx.text, fix.edits).text), before, `${id} ${fx.rel}: "${fix.title}"`);
            checked++;
          }
        }
      }
    }
    assert.ok(checked >= 30, `${checked} fixes checked`);
  });
});
