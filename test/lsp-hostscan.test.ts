import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER } from './helpers/lsp';

const INSECURE = join(__dirname, '..', 'examples', 'vmware', 'build-fw-lab.vmx');

interface Progress {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; cancellable?: boolean };
}

describe('language server: vharden/scanHost, exportReport, effectiveConfig', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: LspClient;
  const progress: Progress[] = [];
  const messages: string[] = [];
  let workspace: string;
  let host: string;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'vharden-lsp-ws-'));
    mkdirSync(join(workspace, 'lab'));
    copyFileSync(INSECURE, join(workspace, 'lab', 'fw.vmx'));
    writeFileSync(join(workspace, '.vharden.yaml'), 'rules:\n  VMX-ISO-*: off\n');
    host = mkdtempSync(join(tmpdir(), 'vharden-lsp-host-'));
    mkdirSync(join(host, 'etc', 'vmware'), { recursive: true });
    copyFileSync(INSECURE, join(host, 'etc', 'vmware', 'template.vmx'));
    client = new LspClient();
    client.conn.onNotification('$/progress', (p: Progress) => progress.push(p));
    client.conn.onNotification('window/showMessage', (p: { message: string }) => messages.push(p.message));
    await client.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }],
      capabilities: { window: { workDoneProgress: true } },
      initializationOptions: {},
    });
    await client.conn.sendNotification('initialized', {});
  });
  after(async () => {
    await client.close();
  });

  it('scans a folder as a host root: result grouped data, diagnostics for files not open (in the result, not published), work-done progress', async () => {
    const uri = pathToFileURL(join(host, 'etc', 'vmware', 'template.vmx')).href;
    const publishedBefore = client.published.length;
    const result: any = await client.conn.sendRequest('vharden/scanHost', { target: 'folder', path: host, workDoneToken: 'scan-1' });
    assert.equal(result.target, 'folder');
    assert.equal(result.root, host);
    assert.deepEqual(result.report.read, ['/etc/vmware/template.vmx']);
    assert.equal(result.report.findings[0].severity, 'critical', 'worst first');
    assert.equal(result.report.findings[0].absPath, join(host, 'etc', 'vmware', 'template.vmx'));
    assert.equal(result.report.counts['exposed-management'].critical, 1);
    const { diagnostics } = result.diagnostics.find((d: { uri: string }) => d.uri === uri);
    assert.ok(diagnostics.some((d: any) => d.code === 'VMX-CONSOLE-VNC' && d.range.start.line === 16));
    assert.ok(!client.published.slice(publishedBefore).some((p) => p.uri === uri), 'a host scan never publishes over the editor\'s diagnostics');
    const mine = progress.filter((p) => p.token === 'scan-1').map((p) => p.value.kind);
    assert.equal(mine[0], 'begin');
    assert.equal(mine.at(-1), 'end');
  });

  it('scans the workspace with its .vharden.yaml applied (the same resolution as the CLI)', async () => {
    const result: any = await client.conn.sendRequest('vharden/scanHost', { target: 'workspace', workDoneToken: 'scan-2' });
    assert.match(result.host, /^workspace/);
    const rules = new Set(result.report.findings.map((f: any) => f.ruleId));
    assert.ok(rules.has('VMX-CONSOLE-VNC'));
    assert.ok(![...rules].some((r) => String(r).startsWith('VMX-ISO-')), 'VMX-ISO-* turned off by .vharden.yaml');
  });

  it('exports the last scan as HTML, Markdown and SARIF', async () => {
    for (const format of ['html', 'markdown', 'sarif'] as const) {
      const out = join(workspace, `report.${format}`);
      const r: any = await client.conn.sendRequest('vharden/exportReport', { format, path: out });
      assert.equal(r.written, out);
      const text = readFileSync(out, 'utf8');
      if (format === 'html') assert.match(text, /<section id="summary">/);
      if (format === 'markdown') assert.match(text, /^# vharden report/);
      if (format === 'sarif') assert.equal(JSON.parse(text).version, '2.1.0');
    }
  });

  it('creates a baseline from the last host scan in its root; the next scan reports those findings as baselined', async () => {
    const first: any = await client.conn.sendRequest('vharden/scanHost', { target: 'folder', path: host });
    assert.ok(first.report.findings.length > 0);
    const r: any = await client.conn.sendRequest('vharden/createBaseline');
    assert.deepEqual([r.written, r.replaced, r.findings], [join(host, '.vharden-baseline.json'), false, first.report.findings.length]);
    const saved = JSON.parse(readFileSync(r.written, 'utf8'));
    assert.equal(saved.pathsRelativeTo, 'host-root');
    assert.ok(saved.entries.every((e: any) => e.path === 'etc/vmware/template.vmx'));
    const again: any = await client.conn.sendRequest('vharden/scanHost', { target: 'folder', path: host });
    assert.deepEqual(again.report.findings, []);
    assert.equal(again.report.baselined.length, first.report.findings.length);
    assert.equal(((await client.conn.sendRequest('vharden/createBaseline')) as any).replaced, true);
  });

  it('cancellation stops a long scan and returns a partial result', async () => {
    const big = mkdtempSync(join(tmpdir(), 'vharden-lsp-big-'));
    const dir = join(big, 'etc', 'libvirt');
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 20_000; i++) writeFileSync(join(dir, `f${i}.txt`), 'x');
    const { CancellationTokenSource } = await import('vscode-jsonrpc/node');
    const source = new CancellationTokenSource();
    const pending = client.conn.sendRequest('vharden/scanHost', { target: 'folder', path: big, workDoneToken: 'scan-3' }, source.token);
    await new Promise((r) => setTimeout(r, 30));
    source.cancel();
    const result: any = await pending.catch((err) => ({ error: err }));
    console.log(result.error ? `cancelled with error: ${result.error.message}` : `cancelled after ${result.report.visited} files`);
    if (result.error) assert.match(String(result.error.message ?? result.error), /cancel/i);
    else {
      assert.equal(result.report.cancelled, true);
      assert.ok(result.report.visited < 20_000, `stopped early at ${result.report.visited}`);
    }
  });

  it('effective configuration: file, precedence, settings and the resolved rules', async () => {
    const uri = pathToFileURL(join(workspace, 'lab', 'fw.vmx')).href;
    const r: any = await client.conn.sendRequest('vharden/effectiveConfig', { uri });
    assert.equal(r.configFile, join(workspace, '.vharden.yaml'));
    assert.deepEqual(r.effective.rules, { 'VMX-ISO-*': 'off' });
    assert.match(r.precedence, /defaults.*\.vharden\.yaml.*editor settings/);
    assert.equal(r.configError, null);
    assert.equal(r.profile.setting, 'auto');
    assert.ok(r.profile.effects.some((e: { rules: string[] }) => e.rules.includes('DOM-HOSTDEV-PASSTHRU')), 'the profile table says what applies');
  });

  it('an invalid .vharden.yaml: a diagnostic on the file itself and a window message, with the position', async () => {
    const sub = join(workspace, 'broken');
    mkdirSync(sub);
    const configPath = join(sub, '.vharden.yaml');
    writeFileSync(configPath, 'rules:\n  VMX-CONSOLE-VNC: loud\n');
    const vmUri = pathToFileURL(join(sub, 'vm.vmx')).href;
    const configUri = pathToFileURL(configPath).href;
    const waiting = client.waitForDiagnostics(configUri, (p) => p.diagnostics.length > 0);
    await client.open(vmUri, 'vmx', readFileSync(INSECURE, 'utf8'));
    const { diagnostics } = await waiting;
    assert.equal(diagnostics[0]!.code, 'VH-CONFIG');
    assert.match(diagnostics[0]!.codeDescription!.href, /docs\/rules\/VH-CONFIG\.md$/, 'the config diagnostic links its docs page');
    assert.deepEqual(diagnostics[0]!.range.start, { line: 1, character: 19 });
    assert.match(diagnostics[0]!.message, /must be off, on/);
    const deadline = Date.now() + 5000;
    while (!messages.some((m) => /broken\/\.vharden\.yaml is invalid/.test(m)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(messages.some((m) => /is invalid and is not used: .*line 2, column 20/.test(m)), messages.join('\n'));
    // the file is still checked, with defaults
    const vm = await client.waitForDiagnostics(vmUri, (p) => p.diagnostics.length > 0);
    assert.ok(vm.diagnostics.some((d) => d.code === 'VMX-CONSOLE-VNC'));
  });

  it('a file that .vharden.yaml ignores gets no diagnostics in the editor', async () => {
    const dir = join(workspace, 'ignored');
    mkdirSync(dir);
    writeFileSync(join(dir, '.vharden.yaml'), 'ignore:\n  - "*.vmx"\n');
    const uri = pathToFileURL(join(dir, 'vm.vmx')).href;
    await client.open(uri, 'vmx', readFileSync(INSECURE, 'utf8'));
    const { diagnostics } = await client.waitForDiagnostics(uri);
    assert.deepEqual(diagnostics, []);
    const r: any = await client.conn.sendRequest('vharden/effectiveConfig', { uri });
    assert.equal(r.ignored, true);
  });

  it('an open .vharden.yaml is validated from its text as it is edited', async () => {
    const uri = pathToFileURL(join(workspace, 'edited', '.vharden.yaml')).href;
    await client.open(uri, 'yaml', 'ignore: nope\n');
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.match(diagnostics[0]!.message, /ignore must be a list/);
    await client.change(uri, 2, 'ignore:\n  - nope\n');
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
  });

  it('a .vharden-baseline.json next to the file marks baselined findings as hints', async () => {
    const dir = join(workspace, 'based');
    mkdirSync(dir);
    writeFileSync(join(dir, '.vharden-baseline.json'), JSON.stringify({ version: 1, tool: 'vharden', created: '', pathsRelativeTo: 'baseline-file', entries: [{ path: 'vm.vmx', ruleId: 'VMX-CONSOLE-VNC', locator: 'remotedisplay.vnc.enabled', count: 1 }] }));
    chmodSync(dir, 0o755);
    const uri = pathToFileURL(join(dir, 'vm.vmx')).href;
    await client.open(uri, 'vmx', readFileSync(INSECURE, 'utf8'));
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    const vnc = diagnostics.find((d) => d.code === 'VMX-CONSOLE-VNC')!;
    assert.equal(vnc.severity, 4, 'hint');
    assert.match(vnc.message, /\(baselined; was critical\)$/);
    assert.equal(diagnostics.find((d) => d.code === 'VMX-SERIAL-NET')!.severity, 1, 'others unchanged');
  });
});
