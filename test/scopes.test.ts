import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { scopeOf } from '../server/src/engine/fabric';
import { lintTogether as lintProject } from './helpers/session';
import { parseConfigFile } from '../server/src/engine/config-file';
import { LspClient, SERVER } from './helpers/lsp';

const CLI = join(__dirname, '..', 'dist', 'cli.js');

/** A Proxmox node's bridge as homelab repositories keep a copy of /etc/network/interfaces. */
const BRIDGE = `auto lo
iface lo inet loopback

auto vmbr0
iface vmbr0 inet static
    address 192.168.1.10/24
    gateway 192.168.1.1
    bridge-ports eno1
    bridge-stp off
    bridge-fd 0
`;
const vm = (id: number, name: string) => `boot: order=scsi0
cores: 2
memory: 4096
name: ${name}
net0: virtio=BC:24:11:5E:7A:${String(id % 100).padStart(2, '0')},bridge=vmbr0,firewall=1
scsi0: local-lvm:vm-${id}-disk-0,size=32G
scsihw: virtio-scsi-pci
`;

/**
 * One workspace (or scan root) holding unrelated projects side by side, none of them a host tree:
 *   bridge-only/   a repository with a bridge and no VMs (a git checkout)
 *   vms-only/      a folder with a VM on "vmbr0" and no bridge (a downloaded archive, no git)
 *   together/      the bridge at the folder's top and its VM below it (no git)
 *   repo/          a git repository with the bridge and the VM in sibling folders
 *   declared/      the same without git, declared one scope by `scopes: [.]`
 *   siblings/      the same without git or declaration: two unrelated folders
 */
const FILES: Record<string, string> = {
  'bridge-only/.git/HEAD': 'ref: refs/heads/main\n',
  'bridge-only/pve/interfaces': BRIDGE,
  'vms-only/vms/101.conf': vm(101, 'web01'),
  'together/interfaces': BRIDGE,
  'together/vms/102.conf': vm(102, 'db01'),
  'repo/.git/HEAD': 'ref: refs/heads/main\n',
  'repo/network/interfaces': BRIDGE,
  'repo/guests/103.conf': vm(103, 'app01'),
  'declared/.vharden.yaml': 'scopes: [.]\n',
  'declared/net/interfaces': BRIDGE,
  'declared/vms/104.conf': vm(104, 'mail01'),
  'siblings/net/interfaces': BRIDGE,
  'siblings/vms/105.conf': vm(105, 'ci01'),
};

function makeWorkspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'vharden-scopes-'));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(ws, rel)), { recursive: true });
    writeFileSync(join(ws, rel), text);
  }
  return ws;
}

/** What each bridge file is told about guests: rel path → VM names in the mirror finding. */
const EXPECTED = {
  'bridge-only/pve/interfaces': [],
  'together/interfaces': ['VM 102'],
  'repo/network/interfaces': ['VM 103'],
  'declared/net/interfaces': ['VM 104'],
  'siblings/net/interfaces': [],
};

const vmsIn = (message: string): string[] => [...message.matchAll(/VM \d+/g)].map((m) => m[0]);

describe('scopes: the scope rule', () => {
  it('explicit scope, then host tree, then repository, else loose (split by folder)', () => {
    assert.equal(scopeOf('/ws/a/etc/network/interfaces', '/ws', { explicit: '/ws' }), 'scope:/ws');
    assert.equal(scopeOf('/ws/a/etc/network/interfaces', '/ws', { repo: '/ws/a' }), 'host:/ws/a');
    assert.equal(scopeOf('/ws/a/net/interfaces', '/ws', { repo: '/ws/a' }), 'repo:/ws/a');
    assert.equal(scopeOf('/ws/a/net/interfaces', '/ws'), 'root:/ws\n/ws/a/net');
  });

  it('loose files: a bridge reaches the guests in its own folder and below, never a sibling folder\'s', () => {
    const config = defaultConfig();
    const r = lintProject([
      { path: 'ws/a/interfaces', text: BRIDGE, config, root: 'ws' },
      { path: 'ws/a/vms/201.conf', text: vm(201, 'x'), config, root: 'ws' },
      { path: 'ws/b/network/interfaces', text: BRIDGE, config, root: 'ws' },
      { path: 'ws/c/vms/202.conf', text: vm(202, 'y'), config, root: 'ws' },
    ]);
    const msgs = r.flatMap((f) => f.findings.filter((x) => x.ruleId === 'PVE-BRIDGE-MIR-MISSING').map((x) => `${f.path}: ${vmsIn(x.message).join(',')}`));
    assert.deepEqual(msgs, ['ws/a/interfaces: VM 201']);
  });

  it('.vharden.yaml validates scopes: a list of folder globs', () => {
    assert.deepEqual(parseConfigFile('scopes: [., "sites/*"]\n').config?.scopes, ['.', 'sites/*']);
    assert.match(parseConfigFile('scopes: sites\n').errors[0]!.message, /scopes must be a list/);
  });
});

describe('scopes: two unrelated trees side by side in one scan', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  let ws: string;
  before(() => (ws = makeWorkspace()));
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('never attributes one project\'s guests to another project\'s bridge', () => {
    const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json', '--fail-on', 'never'], { cwd: ws, encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, r.stderr);
    const findings = JSON.parse(r.stdout).findings.filter((f: any) => f.ruleId === 'PVE-BRIDGE-MIR-MISSING');
    const got: Record<string, string[]> = {};
    for (const rel of Object.keys(EXPECTED)) got[rel] = findings.filter((f: any) => f.path === rel).flatMap((f: any) => vmsIn(f.message));
    assert.deepEqual(got, EXPECTED);
  });
});

describe('scopes: the same in the language server', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let ws: string;
  let client: LspClient;
  before(async () => {
    ws = makeWorkspace();
    client = new LspClient();
    await client.initialize({}, [pathToFileURL(ws).href]);
  });
  after(async () => {
    await client.close();
    rmSync(ws, { recursive: true, force: true });
  });

  it('a workspace folder with unrelated projects: each bridge names only its own project\'s guests', async () => {
    const vmsOf = (p: { diagnostics: { code?: string | number; message: string }[] }) => p.diagnostics.filter((d) => d.code === 'PVE-BRIDGE-MIR-MISSING').flatMap((d) => vmsIn(d.message));
    for (const [rel, vms] of Object.entries(EXPECTED).filter(([, v]) => v.length > 0)) {
      const p = await client.waitForDiagnostics(pathToFileURL(join(ws, rel)).href, (x) => vmsOf(x).length > 0);
      assert.deepEqual(vmsOf(p), vms, rel);
    }
    // indexing is done: the bridges of the other projects got nothing (opening one shows its diagnostics)
    for (const [rel] of Object.entries(EXPECTED).filter(([, v]) => v.length === 0)) {
      const uri = pathToFileURL(join(ws, rel)).href;
      await client.open(uri, 'debian-interfaces', BRIDGE);
      const p = await client.waitForDiagnostics(uri, (x) => x.version === 1);
      assert.deepEqual(vmsOf(p), [], rel);
    }
  });
});
