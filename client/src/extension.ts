import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { EXPORT_REPORT_REQUEST, INSERT_SUPPRESSION_COMMAND, SCAN_HOST_REQUEST, SHOW_DOCS_COMMAND, STATUS_NOTIFICATION, TRUST_NOTIFICATION, type InitializationOptions, type ScanHostResult, type StatusParams } from '../../server/src/protocol';
import { HostFindingsProvider, SummaryProvider } from './host-view';
import { askLibvirt, askSsh, askVsphere, forgetCredentials, type LiveRequest } from './live-scan';
import { HCL_FILES, LANGUAGES, registerSharedCommands } from './shared';
import { createBaseline, openExample } from './walkthrough';

/** The client only starts the server and shows its state; every rule lives in the server. */
let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
/** the data files the patch-level rules judge with, as the server last told (status tooltip) */
let dataLines: string[] = [];
let output: vscode.OutputChannel;
let hostCollection: vscode.DiagnosticCollection;
/** the last host scans' diagnostics by URI; shown for files the editor itself publishes nothing for */
const hostDiagnostics = new Map<string, vscode.Diagnostic[]>();
const formats = new Map<string, string | null>();
/** per document: what Restricted Mode kept the server from applying (the workspace's baseline, loosening .vharden.yaml entries) */
const restrictedByUri = new Map<string, string[]>();

/** Hyper-V host snapshots (JSON, whatever language the editor gives them). */
const SNAPSHOT_FILES = '**/*.hyperv.json';
const hostFindings = new HostFindingsProvider();
const summary = new SummaryProvider();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // host scans, live scans, report export and their views need this Node extension (the web one has none): package.json shows them on this key
  void vscode.commands.executeCommand('setContext', 'vharden.hostScans', true);
  output = vscode.window.createOutputChannel('vharden');
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 50);
  status.name = 'vharden';
  status.command = 'vharden.showOutput';
  hostCollection = vscode.languages.createDiagnosticCollection('vharden host scan');
  context.subscriptions.push(output, status, hostCollection);
  registerSharedCommands(context, () => client);

  context.subscriptions.push(
    vscode.commands.registerCommand('vharden.restartServer', async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.commands.registerCommand('vharden.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('vharden.scanHost', () => scanHost()),
    vscode.commands.registerCommand('vharden.scanVsphere', () => scanLive(() => askVsphere(context))),
    vscode.commands.registerCommand('vharden.scanLibvirt', () => scanLive(() => askLibvirt(context))),
    vscode.commands.registerCommand('vharden.scanSsh', () => scanLive(() => askSsh(context))),
    vscode.commands.registerCommand('vharden.forgetCredentials', () => forgetCredentials(context)),
    vscode.commands.registerCommand('vharden.exportReport', () => exportReport()),
    vscode.commands.registerCommand('vharden.createBaseline', () => createBaseline(client)),
    vscode.commands.registerCommand('vharden.openExample', () => openExample(context)),
    vscode.window.registerTreeDataProvider('vharden.hostFindings', hostFindings),
    vscode.window.registerTreeDataProvider('vharden.summary', summary),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
    vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => hostDiagnostics.has(u.toString()))) refreshHostCollection();
      updateStatus();
    }),
    // the server ignores what a repository ships that loosens checks until the workspace is trusted
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(TRUST_NOTIFICATION, { trusted: true })),
  );
  await startClient(context);
}

/** Restart the server when it exits (a crash, or its watchdog ending a stuck server), at most 3 times in 3 minutes. */
function errorHandler(): ErrorHandler {
  const exits: number[] = [];
  return {
    error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
    closed: () => {
      const now = Date.now();
      exits.push(now);
      while (exits.length && now - exits[0]! > 3 * 60_000) exits.shift();
      if (exits.length <= 3) {
        output.appendLine(`The vharden language server stopped; restarting it (${exits.length} of 3 in 3 minutes).`);
        return { action: CloseAction.Restart };
      }
      setStatus('$(error) vharden', 'vharden: the language server keeps stopping and was not restarted. Run "vharden: Restart Server".');
      void vscode.window
        .showErrorMessage('vharden: the language server stopped 4 times in 3 minutes and was not restarted. Its output says why.', 'Show Output', 'Restart Server')
        .then((pick) => {
          if (pick === 'Show Output') output.show(true);
          if (pick === 'Restart Server') void vscode.commands.executeCommand('vharden.restartServer');
        });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // stdio: the server awaits each write, so a client that stops reading holds up the server's output instead of growing it
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const initializationOptions: InitializationOptions = { trusted: vscode.workspace.isTrusted, clientCommands: [SHOW_DOCS_COMMAND, INSERT_SUPPRESSION_COMMAND] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]),
      { scheme: 'file', pattern: '**/.vharden.yaml' },
      { scheme: 'file', pattern: HCL_FILES },
      { scheme: 'file', pattern: SNAPSHOT_FILES },
    ],
    outputChannel: output,
    initializationOptions,
    // rule documentation links in hovers are `command:` links to the docs view (see server/src/lsp/docs-link.ts)
    markdown: { isTrusted: { enabledCommands: [SHOW_DOCS_COMMAND] } },
    errorHandler: errorHandler(),
    synchronize: { configurationSection: 'vharden', fileEvents: vscode.workspace.createFileSystemWatcher('**/{.vharden.yaml,.vharden-baseline.json}') },
  };
  client = new LanguageClient('vharden', 'vharden', serverOptions, clientOptions);
  setStatus('$(sync~spin) vharden', 'vharden: starting');
  try {
    await client.start();
  } catch (err) {
    setStatus('$(error) vharden', `vharden: the language server did not start: ${String(err)}`);
    output.appendLine(`Language server failed to start: ${String(err)}`);
    return;
  }
  client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
    formats.set(p.uri, p.format);
    restrictedByUri.set(p.uri, p.restricted ?? []);
    if (p.data) dataLines = p.data;
    updateStatus();
  });
  context.subscriptions.push(client.onDidChangeState(() => updateStatus()));
  updateStatus();
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  formats.clear();
  restrictedByUri.clear();
  if (c) await c.stop().catch(() => undefined);
}

function setStatus(text: string, tooltip: string): void {
  status.text = text;
  status.tooltip = tooltip;
  status.show();
}

/** vharden's entries in the Problems view for a file: the editor's own and the last host scan's (each finding once). */
function problemsFor(uri: vscode.Uri): number {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'vharden').length;
}

function updateStatus(): void {
  if (!client || !client.isRunning()) {
    if (!status.text.startsWith('$(error)')) setStatus('$(error) vharden', 'vharden: language server stopped. Run "vharden: Restart Server".');
    return;
  }
  const uri = vscode.window.activeTextEditor?.document.uri;
  const known = uri && (formats.has(uri.toString()) || hostDiagnostics.has(uri.toString()));
  if (!uri || !known) return setStatus('$(shield) vharden', 'vharden: ready');
  const n = problemsFor(uri);
  const restricted = restrictedByUri.get(uri.toString()) ?? [];
  const lock = restricted.length ? ' $(workspace-untrusted)' : '';
  const data = dataLines.length ? `\n\nPatch-level data:\n${dataLines.map((d) => `- ${d}`).join('\n')}` : '';
  const why = `${restricted.length ? `\n\nRestricted Mode: not applied until you trust this workspace:\n${restricted.map((r) => `- ${r}`).join('\n')}` : ''}${data}`;
  if (n === 0) setStatus(`$(shield) vharden: no findings${lock}`, `vharden: no findings in this file${why}`);
  else setStatus(`$(shield) vharden: ${n}${lock}`, `vharden: ${n} finding${n === 1 ? '' : 's'} in this file (as in the Problems view)${why}`);
}

/**
 * Host-scan diagnostics, less those the language server already shows for the same file (same rule,
 * same range), so Problems lists each finding once: an open file's own findings come from the editor,
 * the scan adds what the editor does not show (the own findings of files that are not open).
 */
function refreshHostCollection(): void {
  const editorCollection = client?.diagnostics;
  for (const [key, list] of hostDiagnostics) {
    const uri = vscode.Uri.parse(key);
    const own = editorCollection?.get(uri) ?? [];
    const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
    hostCollection.set(uri, list.filter((d) => !own.some((o) => codeOf(o) === codeOf(d) && o.range.isEqual(d.range))));
  }
}

/** The running client for a host or live scan, which needs a trusted workspace; says why when there is none. */
function scanClient(untrusted: string): LanguageClient | undefined {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(`vharden: ${untrusted} (Restricted Mode is on).`);
    return undefined;
  }
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage('vharden: the language server is not running.');
    return undefined;
  }
  return client;
}

/** "vharden: Scan Host…": the scan runs in the language server; this only asks what to scan and shows the result. */
async function scanHost(): Promise<void> {
  const server = scanClient('scanning host paths needs a trusted workspace');
  if (!server) return;
  const picks = [
    { label: 'This workspace', description: 'every folder of the workspace', target: 'workspace' as const },
    { label: "This machine's configuration", description: '/etc/libvirt, /etc/pve, /etc/network/interfaces, /etc/openvswitch/conf.db, /etc/vmware, …', target: 'machine' as const },
    { label: "A folder holding a copy of a host's files", description: 'the folder is treated as the host root', target: 'folder' as const },
  ];
  const pick = await vscode.window.showQuickPick(picks, { title: 'vharden: Scan Host', placeHolder: 'What should vharden scan?' });
  if (!pick) return;
  let folder: string | undefined;
  if (pick.target === 'folder') {
    const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Scan as host root' });
    if (!chosen?.[0]) return;
    folder = chosen[0].fsPath;
  }
  try {
    const result = await server.sendRequest<ScanHostResult>(SCAN_HOST_REQUEST, { target: pick.target, path: folder });
    await showScan(result);
    void vscode.commands.executeCommand('vharden.hostFindings.focus');
    const r = result.report;
    void vscode.window.showInformationMessage(`vharden: ${result.host}: ${r.findings.length} findings in ${r.read.length} files${r.notRead.length ? `, ${r.notRead.length} paths not read` : ''}${r.cancelled ? ' (cancelled)' : ''}.`);
  } catch (err) {
    void vscode.window.showErrorMessage(`vharden: host scan failed: ${String((err as Error)?.message ?? err)}`);
  }
}

/** The palette's live scans: collect (read-only) in the language server, then show the snapshot's findings like a host scan's. */
async function scanLive(ask: () => Promise<LiveRequest | undefined>): Promise<void> {
  const server = scanClient('live scans need a trusted workspace');
  if (!server) return;
  const request = await ask();
  if (!request) return;
  try {
    const result = await server.sendRequest<ScanHostResult>(SCAN_HOST_REQUEST, { target: 'live', path: request.path, live: request.live });
    await request.settle(true);
    await showScan(result);
    void vscode.commands.executeCommand('vharden.hostFindings.focus');
    for (const n of result.notCollected ?? []) output.appendLine(`${result.host}: not collected: ${n}`);
    const r = result.report;
    const notes = result.notCollected?.length ? ` ${result.notCollected.length} things not collected (see the output).` : '';
    void vscode.window.showInformationMessage(`vharden: ${result.host}: ${r.findings.length} findings in ${r.read.length} files${r.cancelled ? ' (cancelled)' : ''}.${notes}`);
  } catch (err) {
    const message = String((err as Error)?.message ?? err);
    await request.settle(false, message);
    void vscode.window.showErrorMessage(`vharden: ${message}`);
  }
}

/** A scan replaces only the previous scan of the same host, in the views and in its diagnostics collection. */
async function showScan(result: ScanHostResult): Promise<void> {
  const previous = hostFindings.get(result.host);
  for (const d of previous?.diagnostics ?? []) {
    hostDiagnostics.delete(d.uri);
    hostCollection.delete(vscode.Uri.parse(d.uri));
  }
  for (const d of result.diagnostics) hostDiagnostics.set(d.uri, await client!.protocol2CodeConverter.asDiagnostics(d.diagnostics));
  hostFindings.set(result);
  summary.set(result);
  refreshHostCollection();
  updateStatus();
}

async function exportReport(): Promise<void> {
  if (!client?.isRunning()) return;
  const choices = [
    { label: 'HTML', format: 'html', ext: 'html' },
    { label: 'Markdown', format: 'markdown', ext: 'md' },
    { label: 'SARIF', format: 'sarif', ext: 'sarif' },
  ];
  const pick = await vscode.window.showQuickPick(choices, { title: 'vharden: Export Report of the last host scan' });
  if (!pick) return;
  const base = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({ defaultUri: base ? vscode.Uri.joinPath(base, `vharden-report.${pick.ext}`) : undefined, filters: { [pick.label]: [pick.ext] } });
  if (!target) return;
  try {
    await client.sendRequest(EXPORT_REPORT_REQUEST, { format: pick.format, path: target.fsPath });
    const open = await vscode.window.showInformationMessage(`vharden: report written to ${target.fsPath}`, 'Open');
    if (open) await vscode.commands.executeCommand('vscode.open', target);
  } catch (err) {
    void vscode.window.showErrorMessage(`vharden: export failed: ${String((err as Error)?.message ?? err)}`);
  }
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
