import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { HostFindingsProvider, SummaryProvider, type ScanHostResult } from './host-view';

/** The client only starts the server and shows its state; every rule lives in the server. */
let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.OutputChannel;
const findingsByUri = new Map<string, number>();
/** per document: what Restricted Mode kept the server from applying (the workspace's baseline, loosening .vharden.yaml entries) */
const restrictedByUri = new Map<string, string[]>();

// yaml: VS Code's own language; ansible: Red Hat's Ansible extension. The server reads YAML only when it uses
// community.vmware modules or is netplan, and shell scripts only when they build switches (ovs-vsctl, brctl, tc mirred).
const LANGUAGES = ['vmx', 'esxconf', 'proxmox-vm', 'proxmox-lxc', 'proxmox-user', 'proxmox-firewall', 'proxmox-datacenter', 'proxmox-pveproxy', 'libvirt-conf', 'xml', 'yaml', 'ansible', 'debian-interfaces', 'shellscript'];
const hostFindings = new HostFindingsProvider();
const summary = new SummaryProvider();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('vharden');
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 50);
  status.name = 'vharden';
  status.command = 'vharden.showOutput';
  context.subscriptions.push(output, status);

  context.subscriptions.push(
    vscode.commands.registerCommand('vharden.restartServer', async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.commands.registerCommand('vharden.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('vharden.scanHost', () => scanHost()),
    vscode.commands.registerCommand('vharden.exportReport', () => exportReport()),
    vscode.commands.registerCommand('vharden.showEffectiveConfig', () => showEffectiveConfig()),
    vscode.window.registerTreeDataProvider('vharden.hostFindings', hostFindings),
    vscode.window.registerTreeDataProvider('vharden.summary', summary),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
    // the server ignores what a repository ships that loosens checks until the workspace is trusted
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('vharden/trust', { trusted: true })),
  );
  await startClient(context);
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]),
      { scheme: 'file', pattern: '**/.vharden.yaml' },
    ],
    outputChannel: output,
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }),
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
  client.onNotification('vharden/status', (p: { uri: string; findings: number; restricted?: string[] }) => {
    findingsByUri.set(p.uri, p.findings);
    restrictedByUri.set(p.uri, p.restricted ?? []);
    updateStatus();
  });
  context.subscriptions.push(client.onDidChangeState(() => updateStatus()));
  updateStatus();
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  findingsByUri.clear();
  restrictedByUri.clear();
  if (c) await c.stop().catch(() => undefined);
}

function setStatus(text: string, tooltip: string): void {
  status.text = text;
  status.tooltip = tooltip;
  status.show();
}

function updateStatus(): void {
  if (!client || !client.isRunning()) {
    setStatus('$(error) vharden', 'vharden: language server stopped. Run "vharden: Restart Server".');
    return;
  }
  const uri = vscode.window.activeTextEditor?.document.uri.toString();
  const n = uri ? findingsByUri.get(uri) : undefined;
  const restricted = (uri && restrictedByUri.get(uri)) || [];
  const lock = restricted.length ? ' $(workspace-untrusted)' : '';
  const why = restricted.length ? `\n\nRestricted Mode: not applied until you trust this workspace:\n${restricted.map((r) => `- ${r}`).join('\n')}` : '';
  if (n === undefined) setStatus('$(shield) vharden', 'vharden: ready');
  else if (n === 0) setStatus(`$(shield) vharden: no findings${lock}`, `vharden: no findings in this file${why}`);
  else setStatus(`$(shield) vharden: ${n}${lock}`, `vharden: ${n} finding${n === 1 ? '' : 's'} in this file${why}`);
}

/** "vharden: Scan Host…": the scan runs in the language server; this only asks what to scan and shows the result. */
async function scanHost(): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('vharden: scanning host paths needs a trusted workspace (Restricted Mode is on).');
    return;
  }
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage('vharden: the language server is not running.');
    return;
  }
  const picks = [
    { label: 'This workspace', description: 'every folder of the workspace', target: 'workspace' as const },
    { label: "This machine's configuration", description: '/etc/libvirt, /etc/pve, /etc/network/interfaces, /etc/openvswitch/conf.db, /etc/vmware, …', target: 'machine' as const },
    { label: "A folder holding a copy of a host's files", description: 'the folder is treated as the host root', target: 'folder' as const },
  ];
  const pick = await vscode.window.showQuickPick(picks, { title: 'vharden: Scan Host', placeHolder: 'What should vharden scan?' });
  if (!pick) return;
  let path: string | undefined;
  if (pick.target === 'folder') {
    const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Scan as host root' });
    if (!chosen?.[0]) return;
    path = chosen[0].fsPath;
  }
  try {
    const result = await client.sendRequest<ScanHostResult>('vharden/scanHost', { target: pick.target, path });
    hostFindings.set(result);
    summary.set(result);
    void vscode.commands.executeCommand('vharden.hostFindings.focus');
    const r = result.report;
    void vscode.window.showInformationMessage(`vharden: ${result.host}: ${r.findings.length} findings in ${r.read.length} files${r.notRead.length ? `, ${r.notRead.length} paths not read` : ''}${r.cancelled ? ' (cancelled)' : ''}.`);
  } catch (err) {
    void vscode.window.showErrorMessage(`vharden: host scan failed: ${String((err as Error)?.message ?? err)}`);
  }
}

async function exportReport(): Promise<void> {
  if (!client?.isRunning()) return;
  const formats = [
    { label: 'HTML', format: 'html', ext: 'html' },
    { label: 'Markdown', format: 'markdown', ext: 'md' },
    { label: 'SARIF', format: 'sarif', ext: 'sarif' },
  ];
  const pick = await vscode.window.showQuickPick(formats, { title: 'vharden: Export Report of the last host scan' });
  if (!pick) return;
  const base = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({ defaultUri: base ? vscode.Uri.joinPath(base, `vharden-report.${pick.ext}`) : undefined, filters: { [pick.label]: [pick.ext] } });
  if (!target) return;
  try {
    await client.sendRequest('vharden/exportReport', { format: pick.format, path: target.fsPath });
    const open = await vscode.window.showInformationMessage(`vharden: report written to ${target.fsPath}`, 'Open');
    if (open) await vscode.commands.executeCommand('vscode.open', target);
  } catch (err) {
    void vscode.window.showErrorMessage(`vharden: export failed: ${String((err as Error)?.message ?? err)}`);
  }
}

async function showEffectiveConfig(): Promise<void> {
  const uri = vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!uri || !client?.isRunning()) {
    void vscode.window.showInformationMessage('vharden: open a file first.');
    return;
  }
  const target = uri.scheme === 'file' && vscode.workspace.workspaceFolders?.some((f) => f.uri.toString() === uri.toString()) ? vscode.Uri.joinPath(uri, 'x') : uri;
  const result = await client.sendRequest('vharden/effectiveConfig', { uri: target.toString() });
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(result, null, 2) });
  await vscode.window.showTextDocument(doc, { preview: true });
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
