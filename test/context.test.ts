import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig, type EffectiveConfig } from '../server/src/engine/config';
import { describeContext, resolveContext, scopeEvidence, type Evidence } from '../server/src/engine/context';
import { lintText, type FileResult } from '../server/src/engine/engine';
import { lintTogether as lintProject } from './helpers/session';
import { parseConfigFile } from '../server/src/engine/config-file';
import { toOverrides } from '../server/src/lsp/settings';
import { hoverText } from '../server/src/lsp/hover';
import { runScan } from '../server/src/node/run-scan';
import { pathToFileURL } from 'node:url';
import { LspClient, SERVER } from './helpers/lsp';
import { FIXTURES } from './helpers/fixtures';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const fx = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8');
const withProfile = (profile: EffectiveConfig['profile']): EffectiveConfig => ({ ...defaultConfig(), profile });
const hits = (r: FileResult, id: string) => r.findings.filter((f) => f.ruleId === id && !f.suppressed);
const lint = (path: string, text: string, config = defaultConfig()) => lintText({ path, text, config });

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vharden-context-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const DOMAIN_ON = (name: string, bridge: string, extra = '') => `<domain type='kvm'>
  <name>${name}</name>
  <memory unit='GiB'>4</memory>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <interface type='bridge'>
      <source bridge='${bridge}'/>
      <model type='virtio'/>
    </interface>${extra}
  </devices>
</domain>
`;
const USB_DONGLE = `
    <hostdev mode='subsystem' type='usb' managed='yes'>
      <source><vendor id='0x0529'/><product id='0x0001'/></source>
    </hostdev>`;

describe('context: resolving the kind of system', () => {
  const e = (kind: Evidence['kind'], scope: Evidence['scope'], text: string = kind): Evidence => ({ kind, scope, text });

  it('a stated profile wins; with auto the file\'s own evidence beats its host\'s; at one level server > desktop > lab', () => {
    assert.equal(resolveContext('desktop', [e('server', 'file')]).kind, 'desktop');
    assert.equal(resolveContext('auto', [e('server', 'host'), e('desktop', 'file')]).kind, 'desktop');
    assert.equal(resolveContext('auto', [e('server', 'host')]).kind, 'server');
    assert.equal(resolveContext('auto', [e('desktop', 'file'), e('server', 'file')]).kind, 'server');
    assert.equal(resolveContext('auto', [e('lab', 'file'), e('desktop', 'file')]).kind, 'desktop');
    assert.equal(resolveContext('auto', [e('lab', 'file')]).kind, 'lab');
    assert.equal(resolveContext('auto', []).kind, undefined);
  });

  it('messages name the product and the evidence that decided', () => {
    const c = resolveContext('auto', [e('desktop', 'file', 'VFIO GPU passthrough of 09:00.0'), e('desktop', 'file', 'SPICE display'), e('server', 'host', 'x')], 'KVM');
    assert.equal(describeContext(c), 'desktop KVM: VFIO GPU passthrough of 09:00.0, SPICE display');
    assert.equal(describeContext(resolveContext('server', [], 'KVM')), 'profile server');
  });

  it('a host bridge carrying three guests and two Proxmox nodes are server evidence for the tree', () => {
    const ports = ['a', 'b', 'c'].map((g) => ({ switch: 'vmbr0', namespace: 'netdev', role: 'guest', guest: g }));
    const two = ports.slice(0, 2);
    assert.deepEqual(scopeEvidence([], [], two), []);
    assert.match(scopeEvidence([], [], ports)[0]!.text, /bridge vmbr0 carries 3 guests/);
    assert.match(scopeEvidence(['/h/etc/pve/nodes/pve1/qemu-server/1.conf', '/h/etc/pve/nodes/pve2/qemu-server/2.conf'], [], [])[0]!.text, /Proxmox cluster \(nodes pve1, pve2\)/);
  });

  it('libvirt evidence: a VFIO GPU with its audio function, SPICE, pipewire audio, evdev and the NAT default network say desktop', () => {
    const r = lint('win11.xml', fx('DOM-HOSTDEV-PASSTHRU/good/gaming.xml'));
    assert.equal(r.context?.kind, 'desktop');
    assert.match(describeContext(r.context!), /^desktop KVM: VFIO GPU passthrough of 09:00\.0, SPICE display, audio to the user's pulseaudio session, 2 more$/);
    const nova = lint('instance.xml', fx('DOM-HOSTDEV-PASSTHRU/bad/instance-0000002a.xml'));
    assert.equal(describeContext(nova.context!), 'KVM server: OpenStack Nova instance');
    const nested = lint('lab.xml', DOMAIN_ON('lab01', 'br0').replace('<devices>', "<cpu mode='host-model'><feature policy='require' name='vmx'/></cpu>\n  <devices>"));
    assert.equal(describeContext(nested.context!), 'KVM lab: nested virtualization (CPU feature vmx)');
  });
});

describe('context: device passthrough', () => {
  it('intentional desktop passthrough is no finding; the profile server reports it once per VM naming every device', () => {
    const text = fx('DOM-HOSTDEV-PASSTHRU/good/gaming.xml');
    assert.deepEqual(hits(lint('win11.xml', text), 'DOM-HOSTDEV-PASSTHRU'), []);
    const [f, ...rest] = hits(lint('win11.xml', text, withProfile('server')), 'DOM-HOSTDEV-PASSTHRU');
    assert.equal(rest.length, 0, 'one finding per VM');
    assert.match(f!.message, /^3 host devices \(PCI 0000:09:00\.0, PCI 0000:09:00\.1 and USB 046d:c53d\) are passed through to this guest/);
    assert.deepEqual(f!.details, ['PCI 0000:09:00.0', 'PCI 0000:09:00.1', 'USB 046d:c53d']);
    assert.equal(f!.context, 'profile server');
    const hover = hoverText(f!);
    assert.match(hover, /\*\*Context\.\*\* profile server/);
    assert.match(hover, /\*\*All 3\.\*\*\n- PCI 0000:09:00\.0\n- PCI 0000:09:00\.1\n- USB 046d:c53d/);
  });

  it('a domain with no evidence either way is left alone; a server is not shared by itself; polkit access control on its host is, and the message names it', () => {
    const lone = DOMAIN_ON('ci-runner', 'br0', USB_DONGLE);
    assert.deepEqual(hits(lint('ci-runner.xml', lone), 'DOM-HOSTDEV-PASSTHRU'), []);
    const files: Record<string, string> = { 'qemu/ci-runner.xml': lone, 'qemu/web01.xml': DOMAIN_ON('web01', 'br0'), 'qemu/db01.xml': DOMAIN_ON('db01', 'br0') };
    const inTree = (root: string, extra: Record<string, string> = {}) =>
      lintProject(Object.entries({ ...files, ...extra }).map(([n, text]) => ({ path: `${root}/${n}`, text, config: defaultConfig(), root: '/ws' })));
    const owned = inTree('/ws/kvm01/etc/libvirt')[0]!;
    assert.equal(owned.context?.kind, 'server', 'a bridge carrying 3 guests: a server');
    assert.deepEqual(hits(owned, 'DOM-HOSTDEV-PASSTHRU'), [], 'one owner running many guests is not multi-tenant');
    const shared = inTree('/ws/kvm01/etc/libvirt', { 'libvirtd.conf': 'access_drivers = [ "polkit" ]\n' })[0]!;
    assert.match(hits(shared, 'DOM-HOSTDEV-PASSTHRU')[0]!.message, /USB 0529:0001 is passed through to this guest: .*\(shared host: libvirtd access_drivers = \["polkit"\]/);
    assert.deepEqual(hits(inTree('/ws/examples', { 'libvirtd.conf': 'access_drivers = [ "polkit" ]\n' })[0]!, 'DOM-HOSTDEV-PASSTHRU'), [], 'a folder of unrelated files is not a host: it shares no evidence');
  });

  it('qemu.conf running guests as a login user makes the domains of its tree desktop ones (CLI scan, lint again with the tree\'s evidence)', () => {
    const dir = tree({
      'etc/libvirt/qemu.conf': 'user = "alice"\ngroup = "kvm"\n',
      'etc/libvirt/qemu/a.xml': DOMAIN_ON('a', 'br0', USB_DONGLE),
      'etc/libvirt/qemu/b.xml': DOMAIN_ON('b', 'br0'),
      'etc/libvirt/qemu/c.xml': DOMAIN_ON('c', 'br0'),
    });
    const scan = (config: EffectiveConfig) => runScan({ paths: [dir], configFiles: false, overrides: { profile: config.profile } }).result.files.find((f) => f.path.endsWith('a.xml'))!;
    const a = scan(defaultConfig());
    // host evidence on both sides (a bridge with three guests, a login user): server wins at one level, and says so
    assert.equal(a.context?.kind, 'server');
    assert.equal(hits(a, 'DOM-HOSTDEV-PASSTHRU').length, 0, 'a server one person runs is not shared');
    assert.equal(hits(scan({ ...defaultConfig(), profile: 'server' }), 'DOM-HOSTDEV-PASSTHRU').length, 1, 'the profile server says it is');
    writeFileSync(join(dir, 'etc/libvirt/qemu/c.xml'), DOMAIN_ON('c', 'br1'));
    const desktop = scan(defaultConfig());
    assert.equal(desktop.context?.kind, 'desktop');
    assert.match(describeContext(desktop.context!), /qemu\.conf runs guests as login user alice/);
    assert.deepEqual(hits(desktop, 'DOM-HOSTDEV-PASSTHRU'), []);
  });

  it('the editor judges an open file of a host tree with the tree\'s evidence once the tree is read', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, async () => {
    const dir = tree({
      'h/etc/pve/nodes/pve1/qemu-server/310.conf': fx('PVE-VM-PASSTHRU/bad/etc/pve/nodes/pve1/qemu-server/310.conf'),
      'h/etc/pve/nodes/pve2/qemu-server/311.conf': fx('PVE-VM-PASSTHRU/bad/etc/pve/nodes/pve2/qemu-server/311.conf'),
      'h/etc/pve/user.cfg': fx('PVE-VM-PASSTHRU/bad/etc/pve/user.cfg'),
    });
    const client = new LspClient();
    try {
      await client.initialize({}, [pathToFileURL(dir).href]);
      const path = join(dir, 'h/etc/pve/nodes/pve1/qemu-server/310.conf');
      const uri = pathToFileURL(path).href;
      await client.open(uri, 'proxmox-vm', readFileSync(path, 'utf8'));
      // opened before or after the index read user.cfg: either way the finding comes, naming the tree's evidence
      const p = await client.waitForDiagnostics(uri, (x) => x.diagnostics.some((d) => d.code === 'PVE-VM-PASSTHRU'), 20_000);
      assert.match(p.diagnostics.find((d) => d.code === 'PVE-VM-PASSTHRU')!.message, /shared host: user\.cfg grants VMs or pools to alice@pve, bob@pve/);
    } finally {
      await client.close();
    }
  });

  it('Proxmox: a GPU as the VM\'s display is a desktop VM; on a host user.cfg shares with other users, the rest is reported once per VM with every device', () => {
    const gaming = lint('/h/etc/pve/qemu-server/302.conf', fx('PVE-VM-PASSTHRU/good/etc/pve/qemu-server/302.conf'));
    assert.equal(gaming.context?.kind, 'desktop');
    assert.deepEqual(hits(gaming, 'PVE-VM-PASSTHRU'), []);
    const vm = fx('PVE-VM-PASSTHRU/bad/etc/pve/nodes/pve1/qemu-server/310.conf');
    assert.deepEqual(hits(lint('/h/etc/pve/qemu-server/310.conf', vm), 'PVE-VM-PASSTHRU'), [], '/etc/pve says Proxmox server, not who shares it');
    const [tenant] = lintProject([
      { path: '/h/etc/pve/qemu-server/310.conf', text: vm, config: defaultConfig(), root: '/h' },
      { path: '/h/etc/pve/user.cfg', text: fx('PVE-VM-PASSTHRU/bad/etc/pve/user.cfg'), config: defaultConfig(), root: '/h' },
    ]);
    const [f, ...rest] = hits(tenant!, 'PVE-VM-PASSTHRU');
    assert.equal(rest.length, 0);
    assert.deepEqual(f!.details, ['hostpci0: mapped PCI nvme-pool-a', 'hostpci1: PCI 0000:81:00.2', 'usb0: USB 0529:0001']);
    assert.match(f!.message, /\(shared host: user\.cfg grants VMs or pools to alice@pve, bob@pve\)\.$/);
    assert.deepEqual(hits(lint('/x/qemu-server/310.conf', fx('PVE-VM-PASSTHRU/bad/etc/pve/nodes/pve1/qemu-server/310.conf')), 'PVE-VM-PASSTHRU'), [], 'no host tree: no evidence');
  });
});

describe('context: noise classes', () => {
  it('router and firewall appliances keep the VM firewall off their NICs; other VMs are reported', () => {
    for (const n of ['100', '101']) assert.deepEqual(hits(lint(`/h/etc/pve/qemu-server/${n}.conf`, fx(`PVE-VM-NET-FIREWALL/good/etc/pve/qemu-server/${n}.conf`)), 'PVE-VM-NET-FIREWALL'), []);
    const plain = fx('PVE-VM-NET-FIREWALL/good/etc/pve/qemu-server/100.conf').replace(/^#.*\n/, '');
    assert.equal(hits(lint('/h/etc/pve/qemu-server/100.conf', plain), 'PVE-VM-NET-FIREWALL').length, 3, 'without the OPNsense description nothing says it is a router');
  });

  it('hosted VMware: no USB or hardware-version finding; the profile server keeps USB at low, naming why; GSX files with a vnet are hosted', () => {
    const ws = fx('VMX-ISO-USB/good/workstation.vmx');
    const auto = lint('ws.vmx', ws);
    assert.equal(auto.context?.kind, 'desktop');
    assert.deepEqual([...hits(auto, 'VMX-ISO-USB'), ...hits(auto, 'VMX-PATCH-HWVERSION')], []);
    const server = lint('ws.vmx', ws, withProfile('server'));
    assert.deepEqual(hits(server, 'VMX-ISO-USB').map((f) => f.severity), ['low', 'low', 'low']);
    assert.match(hits(server, 'VMX-ISO-USB')[0]!.message, /because of the profile server/);
    assert.deepEqual(hits(server, 'VMX-PATCH-HWVERSION'), [], 'vSphere\'s minimum never applies to a hosted VM');
    const gsx = 'config.version = "8"\nvirtualHW.version = "4"\ndisplayName = "gsx"\nethernet0.vnet = "/dev/vmnet1"\nethernet0.networkName = "net1"\n';
    assert.equal(lint('gsx.vmx', gsx).context?.kind, 'desktop');
    const esxi = 'config.version = "8"\nvirtualHW.version = "13"\ndisplayName = "x"\nvirtualHW.productCompatibility = "hosted"\nethernet0.networkName = "VM Network"\n';
    assert.equal(lint('x.vmx', esxi).context?.kind, 'server', '"hosted" counts only when nothing points at ESXi');
    assert.equal(hits(lint('x.vmx', esxi), 'VMX-PATCH-HWVERSION').length, 1);
  });

  it('the NAT default network of a desktop: no filterref, isolation or mirror finding; the profile server brings them back', () => {
    const desktop = fx('DOM-NO-FILTERREF/good/desktop.xml');
    for (const id of ['DOM-NO-FILTERREF', 'DOM-PORT-ISOLATION']) {
      assert.deepEqual(hits(lint('d.xml', desktop), id), []);
      assert.equal(hits(lint('d.xml', desktop, withProfile('server')), id).length, id === 'DOM-NO-FILTERREF' ? 1 : 0, `${id} with profile server`);
    }
    const base = join(FIXTURES, 'NET-MIR-LINUXBRIDGE/good/desktop/etc/libvirt/qemu');
    const files = [join(base, 'networks/default.xml'), join(base, 'fedora40.xml')];
    const mirror = (config: EffectiveConfig) => lintProject(files.map((path) => ({ path, text: readFileSync(path, 'utf8'), config }))).flatMap((r) => hits(r, 'NET-MIR-LINUXBRIDGE'));
    assert.deepEqual(mirror(defaultConfig()), []);
    assert.equal(mirror(withProfile('server')).length, 1);
    assert.match(mirror(withProfile('server'))[0]!.message, /\(profile server\)$/, 'the message says why a desktop network is reported');
    assert.match(hits(lint('d.xml', desktop, withProfile('server')), 'DOM-NO-FILTERREF')[0]!.message, /\(profile server\)$/);
  });

  it('a desktop guest on its owner\'s bridge: no filterref finding, unless its host tree shows the bridge is shared (CLI scan as in fixtures)', () => {
    const vfio = fx('DOM-NO-FILTERREF/good/vfio-bridged.xml');
    assert.deepEqual(hits(lint('win10.xml', vfio), 'DOM-NO-FILTERREF'), []);
    assert.equal(hits(lint('win10.xml', vfio, withProfile('server')), 'DOM-NO-FILTERREF').length, 1);
    const spiceOnly = DOMAIN_ON('app01', 'br0', "\n    <graphics type='spice' autoport='yes'/>");
    assert.equal(lint('app01.xml', spiceOnly).context?.kind, 'desktop');
    assert.equal(hits(lint('app01.xml', spiceOnly), 'DOM-NO-FILTERREF').length, 1, 'a SPICE display (virt-manager\'s default) does not make the bridge the owner\'s');
    const render = runScan({ paths: [join(FIXTURES, 'DOM-NO-FILTERREF/bad/hv01')], configFiles: false }).result.files.find((f) => f.path.endsWith('render01.xml'))!;
    assert.equal(render.context?.kind, 'desktop');
    assert.match(render.context!.contrary.map((e) => e.text).join(), /bridge vmbr0 carries 3 guests/);
    assert.equal(hits(render, 'DOM-NO-FILTERREF').length, 1);
  });

  it('a port-isolation hint is not repeated on the lines a missing filterref already marks, and comes back when that rule is off', () => {
    const text = fx('DOM-PORT-ISOLATION/good/marked.xml');
    const r = lint('m.xml', text);
    assert.equal(hits(r, 'DOM-NO-FILTERREF').length, 1);
    assert.deepEqual(hits(r, 'DOM-PORT-ISOLATION'), []);
    const off = lint('m.xml', text, { ...defaultConfig(), rules: { 'DOM-NO-FILTERREF': 'off' } });
    assert.equal(hits(off, 'DOM-PORT-ISOLATION').length, 1);
  });
});

describe('where a finding points', () => {
  it('a missing .vmx key points at displayName, never at .encoding; without one the finding is about the file', () => {
    const named = lint('a.vmx', fx('VMX-CONSOLE-MAXCONN/bad/missing.vmx'));
    const f = hits(named, 'VMX-CONSOLE-MAXCONN')[0]!;
    assert.equal(named.findings.length > 0 && f.line, 3);
    assert.equal(fx('VMX-CONSOLE-MAXCONN/bad/missing.vmx').slice(f.start, f.end), 'displayName = "app01"');
    const nameless = hits(lint('t.vmtx', fx('VMX-CONSOLE-MAXCONN/bad/no-display-name.vmtx')), 'VMX-CONSOLE-MAXCONN')[0]!;
    assert.equal(nameless.onFile, true);
    assert.deepEqual([nameless.start, nameless.end], [0, 0]);
  });

  it('reports show no offending line for a finding about the whole file: text says "file", SARIF has no region, HTML and Markdown no snippet', { skip: existsSync(CLI) ? false : 'dist/cli.js missing' }, () => {
    const file = join(FIXTURES, 'VMX-CONSOLE-MAXCONN/bad/no-display-name.vmtx');
    const run = (format: string) => spawnSync(process.execPath, [CLI, 'scan', file, '--format', format, '--fail-on', 'never', '--rule', 'VMX-ISO-*=off', '--rule', 'PATCH-*=off'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' } }).stdout;
    assert.match(run('text'), /\n  file +medium +RemoteDisplay\.maxConnections is not set/);
    const sarif = JSON.parse(run('sarif'));
    const result = sarif.runs[0].results.find((x: any) => x.ruleId === 'VMX-CONSOLE-MAXCONN');
    assert.equal(result.locations[0].physicalLocation.region, undefined);
    assert.ok(!/\.encoding/.test(run('markdown').split('VMX-CONSOLE-MAXCONN')[1]!.split('\n- ')[0]!), 'no snippet with the first line');
    assert.match(run('html'), /no-display-name\.vmtx \(whole file\)/);
  });

  it('a patch finding names the most severe advisory and "N more"; the list is in details, JSON and SARIF', { skip: existsSync(CLI) ? false : 'dist/cli.js missing' }, () => {
    const dir = tree({ 'nested-esxi.vmx': 'config.version = "8"\nvirtualHW.version = "19"\ndisplayName = "esxi-lab"\nguestOS = "vmkernel7"\nide1:0.fileName = "VMware-VMvisor-Installer-7.0U3g-20328353.x86_64.iso"\n' });
    const r = lint(join(dir, 'nested-esxi.vmx'), readFileSync(join(dir, 'nested-esxi.vmx'), 'utf8'));
    const f = hits(r, 'PATCH-ESXI-VMSA')[0]!;
    const more = Number(/and (\d+) more advisor/.exec(f.message)?.[1]);
    assert.ok(more >= 1, f.message);
    assert.equal(f.details!.length, more + 1);
    assert.match(f.message, /below the fix of VMSA-2025-0004 \(fixed in 7\.0 U3s.*exploited in the wild\) and \d+ more advisories\./);
    const run = (format: string) => JSON.parse(spawnSync(process.execPath, [CLI, 'scan', dir, '--format', format, '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout);
    const json = run('json').findings.find((x: any) => x.ruleId === 'PATCH-ESXI-VMSA');
    assert.deepEqual(json.details, f.details);
    const sarif = run('sarif').runs[0];
    assert.deepEqual(sarif.results.find((x: any) => x.ruleId === 'PATCH-ESXI-VMSA').properties.details, f.details);
    assert.deepEqual(sarif.properties.profile, { profiles: { auto: 1 }, kinds: { server: 0, desktop: 0, lab: 1, none: 0 } });
  });
});

describe('profile setting', () => {
  it('.vharden.yaml profile: one of auto, server, desktop, lab; settings win when set', () => {
    assert.equal(parseConfigFile('profile: desktop\n').config?.profile, 'desktop');
    assert.match(parseConfigFile('profile: home\n').errors[0]!.message, /profile must be one of auto, server, desktop, lab/);
    assert.deepEqual(toOverrides({ profile: '' }), {}, 'an empty setting leaves the file\'s profile');
    assert.deepEqual(toOverrides({ profile: 'lab' }), { profile: 'lab' });
  });

  it('CLI --profile, and the profile in text, JSON, Markdown and HTML reports', { skip: existsSync(CLI) ? false : 'dist/cli.js missing' }, () => {
    const file = join(FIXTURES, 'DOM-HOSTDEV-PASSTHRU/good/gaming.xml');
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'scan', file, '--fail-on', 'never', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1' } });
    assert.match(run().stdout, /profile auto; files judged by context: 1 desktop/);
    assert.match(run('--profile', 'server').stdout, /3 host devices .* \(profile server\)\..*DOM-HOSTDEV-PASSTHRU/s);
    assert.equal(run('--profile', 'home').status, 2);
    assert.deepEqual(JSON.parse(run('--format', 'json').stdout).profile, { profiles: { auto: 1 }, kinds: { server: 0, desktop: 1, lab: 0, none: 0 } });
    assert.match(run('--format', 'markdown').stdout, /profile auto; files judged by context: 1 desktop\./);
    assert.match(run('--format', 'html', '--profile', 'server').stdout, /Context: profile server/);
  });
});
