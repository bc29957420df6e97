import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER } from './helpers/lsp';

// Terraform variables are decided by the module folder: variables.tf and the .tfvars files beside
// main.tf, through the CLI's scan and the editor's session alike.

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const MAIN = 'provider "vsphere" {\n  user                 = "svc"\n  allow_unverified_ssl = var.insecure\n}\n';
const VARS = (def: boolean) => `variable "insecure" {\n  type    = bool\n  default = ${def}\n}\n`;

function module(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vharden-tfmod-'));
  mkdirSync(join(dir, 'lab'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'lab', name), text);
  return dir;
}

function scanTls(dir: string): any[] {
  const r = spawnSync(process.execPath, [CLI, 'scan', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  assert.ok(r.stdout, r.stderr);
  return JSON.parse(r.stdout).findings.filter((f: any) => f.ruleId === 'TF-TLS-NOVERIFY');
}

describe('CLI: Terraform variables from the module folder', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  it('a default in variables.tf is judged where main.tf uses it; terraform.tfvars overrides it', () => {
    const dirs = [module({ 'main.tf': MAIN, 'variables.tf': VARS(true) }), module({ 'main.tf': MAIN, 'variables.tf': VARS(true), 'terraform.tfvars': 'insecure = false\n' }), module({ 'main.tf': MAIN, 'variables.tf': VARS(false), 'lab.auto.tfvars': 'insecure = true\n' })];
    try {
      const [fromDefault] = scanTls(dirs[0]!);
      assert.ok(fromDefault, 'reported');
      assert.match(fromDefault.path ?? fromDefault.file ?? '', /main\.tf$/);
      assert.equal(fromDefault.line, 3);
      assert.match(fromDefault.message, /the default in variables\.tf line 3/);
      assert.deepEqual(scanTls(dirs[1]!), [], 'terraform.tfvars sets false');
      const [fromAuto] = scanTls(dirs[2]!);
      assert.match(fromAuto.message, /lab\.auto\.tfvars line 1, over the default in variables\.tf line 3/);
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('language server: Terraform variables from the module folder', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: LspClient;
  let ws: string;
  let mainUri: string;
  let varsUri: string;
  const tls = (p: { diagnostics: { code?: string | number }[] }) => p.diagnostics.filter((d) => d.code === 'TF-TLS-NOVERIFY');

  before(async () => {
    ws = module({ 'main.tf': MAIN, 'variables.tf': VARS(false) });
    mainUri = pathToFileURL(join(ws, 'lab', 'main.tf')).href;
    varsUri = pathToFileURL(join(ws, 'lab', 'variables.tf')).href;
    client = new LspClient();
    client.settings = {};
    await client.initialize({}, [pathToFileURL(ws).href], { configuration: true });
  });
  after(async () => {
    await client.close();
    rmSync(ws, { recursive: true, force: true });
  });

  it('editing variables.tf updates the finding in main.tf, open or not', async () => {
    await client.open(mainUri, 'terraform', MAIN);
    await client.waitForDiagnostics(mainUri, (p) => tls(p).length === 0);
    let from = client.published.length;
    await client.open(varsUri, 'terraform', VARS(false));
    await client.change(varsUri, 2, VARS(true));
    const on = await client.waitForPublish(mainUri, (p) => tls(p).length === 1, from);
    assert.equal((on.diagnostics[0] as any).range.start.line, 2);
    from = client.published.length;
    await client.change(varsUri, 3, VARS(false));
    await client.waitForPublish(mainUri, (p) => tls(p).length === 0, from);
    await client.closeDocument(varsUri);
    // a .tfvars file written on disk, not open: the watcher reports it
    from = client.published.length;
    writeFileSync(join(ws, 'lab', 'terraform.tfvars'), 'insecure = true\n');
    await client.filesChanged([{ uri: pathToFileURL(join(ws, 'lab', 'terraform.tfvars')).href, type: 1 }]);
    const fromTfvars = await client.waitForPublish(mainUri, (p) => tls(p).length === 1, from);
    assert.match(String(fromTfvars.diagnostics.find((d) => d.code === 'TF-TLS-NOVERIFY')!.message), /terraform\.tfvars line 1/);
  });
});
