import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** The client only starts the server and shows its state; every rule lives in the server. */
let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.OutputChannel;
const findingsByUri = new Map<string, number>();

const LANGUAGES = ['vmx', 'proxmox-vm', 'proxmox-user', 'proxmox-firewall', 'proxmox-datacenter', 'proxmox-pveproxy'];

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
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
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
    documentSelector: LANGUAGES.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]),
    outputChannel: output,
    synchronize: { configurationSection: 'vharden' },
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
  client.onNotification('vharden/status', (p: { uri: string; findings: number }) => {
    findingsByUri.set(p.uri, p.findings);
    updateStatus();
  });
  context.subscriptions.push(client.onDidChangeState(() => updateStatus()));
  updateStatus();
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  findingsByUri.clear();
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
  if (n === undefined) setStatus('$(shield) vharden', 'vharden: ready');
  else if (n === 0) setStatus('$(shield) vharden: no findings', 'vharden: no findings in this file');
  else setStatus(`$(shield) vharden: ${n}`, `vharden: ${n} finding${n === 1 ? '' : 's'} in this file`);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
