import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { detectFormat } from '../server/src/catalog';
import { LspClient, SERVER } from './helpers/lsp';

// One path from input to findings: the CLI, a host scan in the language server and the editor's own
// diagnostics (open documents plus the disk files of the cross-file checks) agree on the same tree.

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const EXAMPLES = join(__dirname, '..', 'examples');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

const key = (rel: string, ruleId: string, line: number, severity: string) => `${rel}:${line} ${ruleId} ${severity}`;
const SEVERITY_OF_LSP = ['', 'high-or-critical', 'medium', 'low', 'info'];
/** LSP severities are coarser than vharden's: compare in LSP terms. */
const lspSeverity = (s: string) => (s === 'critical' || s === 'high' ? 'high-or-critical' : s);

describe('the CLI, a host scan and the editor give the same findings on one tree', { skip: existsSync(SERVER) && existsSync(CLI) ? false : 'run npm run build first' }, () => {
  let root: string;
  let client: LspClient;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'vharden-one-path-'));
    // two host trees side by side: Proxmox with its firewall and users, a KVM host with OVS and guests
    cpSync(join(EXAMPLES, 'proxmox'), join(root, 'pve1'), { recursive: true });
    cpSync(join(EXAMPLES, 'host-kvm01'), join(root, 'kvm01'), { recursive: true });
    client = new LspClient();
    await client.initialize({}, [pathToFileURL(root).href], {}, true);
    // what the editor shows once it has read the workspace: host evidence (user.cfg tenants) judges the others
    await client.progressEnded();
  });
  after(async () => {
    await client.close();
    rmSync(root, { recursive: true, force: true });
  });

  for (const host of ['pve1', 'kvm01']) {
    it(`${host}: CLI --root, vharden/scanHost and the editor agree`, async () => {
      const hostRoot = join(root, host);
      const cli = spawnSync(process.execPath, [CLI, 'scan', '--root', hostRoot, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.equal(cli.status, 0, cli.stderr);
      const fromCli = new Set<string>();
      const relOf = (p: string) => (p.startsWith(hostRoot) ? p.slice(hostRoot.length) : p);
      for (const f of JSON.parse(cli.stdout).findings) if (!f.suppressed) fromCli.add(key(relOf(f.path), f.ruleId, f.line, lspSeverity(f.severity)));

      const scan: any = await client.conn.sendRequest('vharden/scanHost', { target: 'folder', path: hostRoot });
      const fromScan = new Set<string>();
      for (const d of scan.diagnostics) {
        const rel = '/' + relative(hostRoot, new URL(d.uri).pathname);
        for (const x of d.diagnostics) fromScan.add(key(rel, String(x.code), x.range.start.line + 1, SEVERITY_OF_LSP[x.severity ?? 0]!));
      }

      const fromEditor = new Set<string>();
      for (const path of filesUnder(hostRoot)) {
        const text = readFileSync(path, 'utf8');
        const format = detectFormat(path, text);
        if (!format) continue;
        const uri = pathToFileURL(path).href;
        await client.open(uri, format.languageId, text);
        const p = await client.waitForDiagnostics(uri, (x) => x.version === 1);
        for (const x of p.diagnostics) fromEditor.add(key('/' + relative(hostRoot, path), String(x.code), x.range.start.line + 1, SEVERITY_OF_LSP[x.severity ?? 0]!));
      }
      for (const path of filesUnder(hostRoot)) await client.closeDocument(pathToFileURL(path).href);

      assert.ok(fromCli.size > 0, 'the CLI found findings');
      assert.deepEqual([...fromScan].sort(), [...fromCli].sort(), 'host scan = CLI');
      assert.deepEqual([...fromEditor].sort(), [...fromCli].sort(), 'editor = CLI');
    });
  }
});
