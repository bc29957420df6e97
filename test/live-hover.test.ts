import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { allRules } from '../server/src/catalog';
import { defaultConfig } from '../server/src/engine/config';
import { hoverText } from '../server/src/lsp/hover';
import { buildReportModel } from '../server/src/report/model';
import { sarifResults, sarifRules } from '../server/src/report/sarif';
import { lintTogether } from './helpers/session';
import { LspClient, SERVER } from './helpers/lsp';

/** Rules that run on vSphere snapshots without a how-to, and why: what fixes them is not a setting. */
const NO_LIVE: Record<string, string> = {
  'PATCH-EOL': 'an upgrade of ESXi or vCenter (vSphere Lifecycle Manager, the appliance update), not a setting',
  'PATCH-ESXI-VMSA': 'an update of the host to a fixed build, not a setting',
  'PATCH-VCENTER-VMSA': 'an update of vCenter to a fixed build, not a setting',
  'PATCH-GUEST-EOL': 'an upgrade or replacement of the guest operating system, not a setting',
};

const HOST = readFileSync(join(__dirname, 'fixtures', 'rules', 'ESXCONF-FW-SSH', 'bad', 'esx01.vsphere.json'), 'utf8');
const VM = JSON.stringify({
  format: 'vharden-vsphere-snapshot',
  version: 1,
  source: { server: 'vc01.example.com', collectedAt: '2026-01-05T10:00:00Z' },
  vms: [{ moref: 'vm-42', name: 'web01', path: '/DC1/vm/web01', extraConfig: [{ key: 'RemoteDisplay.vnc.enabled', value: 'TRUE' }] }],
}, null, 2);

const findingsOf = (path: string, text: string, ruleId: string) =>
  lintTogether([{ path, text, config: defaultConfig() }])[0]!.findings.filter((f) => f.ruleId === ruleId);

describe('live how-to: hovers of snapshot findings', () => {
  it('a host finding names the host and its inventory path, and says where to close the ruleset', () => {
    const [f] = findingsOf('/snap/hosts/esx01.vsphere.json', HOST, 'ESXCONF-FW-SSH');
    assert.deepEqual(f!.object, { kind: 'host', name: 'esx01', path: '/DC1/host/Cluster1/esx01' });
    const hover = hoverText(f!);
    assert.match(hover, /\*\*Object\.\*\* host esx01 \(\/DC1\/host\/Cluster1\/esx01\)/);
    assert.match(hover, /\*\*Change it\.\*\* vSphere Client: Host > Configure > System > Firewall/);
    assert.match(hover, /PowerCLI: .*rulesetid='sshServer'; enabled=\$false/);
    assert.match(hover, /Ansible: `community\.vmware\.vmware_host_firewall_manager`.*name: sshServer, enabled: false/);
  });

  it('a VM finding names the VM and the configuration parameter to set', () => {
    const [f] = findingsOf('/snap/vms/web01.vsphere.json', VM, 'VMX-CONSOLE-VNC');
    assert.equal(f!.object?.name, 'web01');
    const hover = hoverText(f!);
    assert.match(hover, /\*\*Object\.\*\* vm web01 \(\/DC1\/vm\/web01\)/);
    assert.match(hover, /VM > Edit Settings > Advanced Parameters.*`RemoteDisplay\.vnc\.enabled`/);
    assert.match(hover, /New-AdvancedSetting -Entity \$vm -Name RemoteDisplay\.vnc\.enabled -Value FALSE/);
    assert.match(hover, /`community\.vmware\.vmware_guest` with `advanced_settings:/);
  });

  it('the same rule on a file (no live object) keeps its hover without object or how-to', () => {
    const [f] = findingsOf('/ws/web01.vmx', 'RemoteDisplay.vnc.enabled = "TRUE"\n', 'VMX-CONSOLE-VNC');
    assert.equal(f!.object, undefined);
    assert.doesNotMatch(hoverText(f!), /\*\*Object\.\*\*|\*\*Change it\.\*\*/);
  });

  it('a role finding names the role, a permission finding the object it is on, each with where to change it', () => {
    const text = JSON.stringify({
      format: 'vharden-vsphere-snapshot',
      version: 1,
      source: { server: 'vc01.example.com', collectedAt: '2026-01-05T10:00:00Z', tls: { verified: true }, notCollected: [] },
      roles: [{ id: 12, name: 'Tapper', system: false, privileges: ['System.View', 'DVSwitch.Vspan'] }],
      permissions: [{ entity: '/', entityType: 'Folder', principal: 'VSPHERE.LOCAL\\ops', group: true, role: 'Admin', roleId: -1, propagate: true }],
    }, null, 2);
    const [role] = findingsOf('/snap/inventory.vsphere.json', text, 'VC-PRIV-NETPOLICY');
    assert.deepEqual(role!.object, { kind: 'role', name: 'Tapper', path: 'roles/Tapper' });
    assert.match(hoverText(role!), /\*\*Object\.\*\* role Tapper \(roles\/Tapper\)/);
    assert.match(hoverText(role!), /\*\*Change it\.\*\* vSphere Client: .*Roles/);
    const [perm] = findingsOf('/snap/inventory.vsphere.json', text, 'ANS-PERM-ADMIN-ROOT');
    assert.deepEqual(perm!.object, { kind: 'permission', name: 'Admin for VSPHERE.LOCAL\\ops', path: '/ (permission: VSPHERE.LOCAL\\ops)' });
    // markdown-escaped: the backslash of the principal and the parentheses of the path
    assert.ok(hoverText(perm!).includes('**Object.** permission Admin for VSPHERE.LOCAL\\\\ops (/ \\(permission: VSPHERE.LOCAL\\\\ops\\))'), hoverText(perm!));
    assert.match(hoverText(perm!), /\*\*Change it\.\*\* vSphere Client: Select the object .* Permissions/);
  });

  it('reports carry the object: the report model (Host Findings view), and SARIF logicalLocations by inventory path', () => {
    const files = lintTogether([{ path: '/snap/hosts/esx01.vsphere.json', text: HOST, config: defaultConfig() }]);
    const model = buildReportModel({ files, roots: ['/snap'], problems: [], notWritten: [], ignored: 0, visited: 1, cancelled: false, advisories: { bundled: true } } as never, { version: '0' });
    const ssh = model.findings.find((f) => f.ruleId === 'ESXCONF-FW-SSH')!;
    assert.deepEqual(ssh.object, { kind: 'host', name: 'esx01', path: '/DC1/host/Cluster1/esx01' });
    const result = sarifResults(files, sarifRules()).find((r) => r.ruleId === 'ESXCONF-FW-SSH')!;
    assert.deepEqual(result.locations[0]!.logicalLocations, [{ name: 'esx01', fullyQualifiedName: '/DC1/host/Cluster1/esx01', kind: 'resource', properties: { objectKind: 'host' } }]);
    const plain = lintTogether([{ path: '/ws/web01.vmx', text: 'RemoteDisplay.vnc.enabled = "TRUE"\n', config: defaultConfig() }]);
    assert.equal(sarifResults(plain, sarifRules())[0]!.locations[0]!.logicalLocations, undefined);
  });

  it('every rule that reads vSphere snapshots says how to change it live, or is listed here with a reason', () => {
    const onSnapshots = allRules().map((r) => r.meta).filter((m) => m.formats.includes('vsphere-snapshot'));
    assert.ok(onSnapshots.length > 30);
    const missing = onSnapshots.filter((m) => !m.live && !NO_LIVE[m.id]).map((m) => m.id);
    assert.deepEqual(missing, [], 'rules on vsphere-snapshot without `live` and not in NO_LIVE');
    const stale = Object.keys(NO_LIVE).filter((id) => !onSnapshots.some((m) => m.id === id && !m.live));
    assert.deepEqual(stale, [], 'NO_LIVE entries that have a how-to or no longer read snapshots');
    for (const m of onSnapshots.filter((x) => x.live)) assert.ok(m.live!.client.trim(), `${m.id}: a vSphere Client path`);
  });
});

describe('live how-to: the language server hover', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  const URI = 'file:///tmp/vharden-live-hover/hosts/esx01.vsphere.json';
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(async () => {
    await client.close();
  });

  it('hover on a snapshot finding shows the object and how to change it', async () => {
    await client.open(URI, 'json', HOST);
    const diags = await client.waitForDiagnostics(URI, (p) => p.diagnostics.some((d) => d.code === 'ESXCONF-FW-SSH'));
    const d = diags.diagnostics.find((x) => x.code === 'ESXCONF-FW-SSH')!;
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: d.range.start })) as { contents: { value: string } };
    assert.match(hover.contents.value, /\*\*Object\.\*\* host esx01/);
    assert.match(hover.contents.value, /vSphere Client: Host > Configure > System > Firewall/);
  });
});
