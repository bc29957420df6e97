import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';
import { INSERT_SUPPRESSION_COMMAND, SHOW_DOCS_COMMAND, type InitializationOptions } from '../../server/src/protocol';
import { HCL_FILES, LANGUAGES, registerSharedCommands } from './shared';
import { openExample } from './walkthrough';

/**
 * The web extension (vscode.dev, github.dev): starts the language server as a web worker and contributes
 * the commands that work without a machine to read. Host scans, live collectors and report export are
 * not registered here; package.json shows them only on the context key `vharden.hostScans`, which
 * the desktop client sets (code-server and Codespaces run that one, in a browser too).
 */
let client: LanguageClient | undefined;
const WEB_SCHEMES = ['file', 'untitled', 'vscode-vfs', 'vscode-remote', 'vscode-test-web'];
let output: vscode.OutputChannel;

/** The browser's Worker, which a web extension host has (the desktop build's types do not). */
declare const Worker: new (url: string, options?: { name?: string }) => ConstructorParameters<typeof LanguageClient>[3];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('vharden');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('vharden.restartServer', async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.commands.registerCommand('vharden.showOutput', () => output.show(true)),
    // the walkthrough's first step; its host scan, baseline and report steps show only with the desktop client
    vscode.commands.registerCommand('vharden.openExample', () => openExample(context)),
  );
  registerSharedCommands(context, () => client);
  await startClient(context);
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const initializationOptions: InitializationOptions = { trusted: vscode.workspace.isTrusted, clientCommands: [SHOW_DOCS_COMMAND, INSERT_SUPPRESSION_COMMAND] };
  const clientOptions: LanguageClientOptions = {
    // a browser host's files are not file: URIs: vscode-vfs: (github.dev, Remote Repositories), vscode-remote: (a
    // server's files, code-server or Codespaces, when this runs in the browser), vscode-test-web:;
    // not the read-only schemes of diffs and reviews (git:, review:, pr:), whose findings nobody would fix there
    documentSelector: WEB_SCHEMES.flatMap((scheme) => [...LANGUAGES.map((language) => ({ scheme, language })), { scheme, pattern: HCL_FILES }]),
    outputChannel: output,
    initializationOptions,
    markdown: { isTrusted: { enabledCommands: [SHOW_DOCS_COMMAND] } },
    synchronize: { configurationSection: 'vharden' },
  };
  try {
    client = new LanguageClient('vharden', 'vharden', clientOptions, await serverWorker(context));
    await client.start();
  } catch (err) {
    output.appendLine(`Language server failed to start: ${String(err)}`);
  }
}

/**
 * The server's web worker. A browser host serves the extension over https (vscode.dev) or, from VS Code
 * Server and code-server, as vscode-remote: URIs, which a worker cannot be started from; the script is
 * read through the editor's file system then and started from a blob: URL.
 */
async function serverWorker(context: vscode.ExtensionContext): Promise<ConstructorParameters<typeof LanguageClient>[3]> {
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  const options = { name: 'vharden-language-server' };
  if (script.scheme !== 'vscode-remote') return new Worker(script.toString(true), options);
  const bytes = await vscode.workspace.fs.readFile(script);
  return new Worker(URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' })), options);
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop().catch(() => undefined);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
