import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { EFFECTIVE_CONFIG_REQUEST, INSERT_SUPPRESSION_COMMAND, SHOW_DOCS_COMMAND, type InsertSuppressionArgs, type ShowDocumentationArgs } from '../../server/src/protocol';

// What the desktop client (extension.ts) and the web client (browser.ts) share; neither uses Node here.

// yaml: VS Code's own language; ansible: Red Hat's Ansible extension; terraform, hcl: HashiCorp's extensions. The server
// reads YAML only when it uses community.vmware modules or is netplan, shell scripts only when they build switches
// (ovs-vsctl, brctl, tc mirred), and Terraform and Packer only when they use a provider or builder it checks.
export const LANGUAGES = ['vmx', 'esxconf', 'proxmox-vm', 'proxmox-lxc', 'proxmox-user', 'proxmox-firewall', 'proxmox-datacenter', 'proxmox-pveproxy', 'libvirt-conf', 'xml', 'yaml', 'ansible', 'debian-interfaces', 'shellscript', 'powershell', 'terraform', 'hcl'];
/** Terraform and Packer files in whatever language the editor gives them (plain text or JSON without HashiCorp's extensions), and `.tfvars` files, which give values to the `.tf` files beside them. */
export const HCL_FILES = '**/*.{tf,tf.json,tfvars,tfvars.json,pkr.hcl,pkr.json}';
const CONFIG_SCHEME = 'vharden-config';
const DOCS_SCHEME = 'vharden-docs';

/**
 * The commands both clients contribute: rule pages (rendered read-only in the Markdown preview),
 * suppressions inserted as snippets, and the effective configuration of the current file.
 */
export function registerSharedCommands(context: vscode.ExtensionContext, client: () => BaseLanguageClient | undefined): void {
  const docs = new ReadOnlyDocs();
  context.subscriptions.push(
    docs,
    vscode.workspace.registerTextDocumentContentProvider(CONFIG_SCHEME, docs),
    vscode.workspace.registerTextDocumentContentProvider(DOCS_SCHEME, docs),
    vscode.commands.registerCommand('vharden.showEffectiveConfig', () => showEffectiveConfig(client(), docs)),
    vscode.commands.registerCommand(SHOW_DOCS_COMMAND, (args: ShowDocumentationArgs | string) => showDocumentation(context, args, docs)),
    vscode.commands.registerCommand(INSERT_SUPPRESSION_COMMAND, (args: InsertSuppressionArgs) => insertSuppression(args)),
  );
}

/** Read-only documents the client shows: effective configuration (JSON) and rule pages (Markdown). */
class ReadOnlyDocs implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The resolved configuration of the current file, in a read-only document (nothing to save). */
async function showEffectiveConfig(client: BaseLanguageClient | undefined, docs: ReadOnlyDocs): Promise<void> {
  const uri = vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!uri || !client?.isRunning()) {
    void vscode.window.showInformationMessage('vharden: open a file first.');
    return;
  }
  const target = uri.scheme === 'file' && vscode.workspace.workspaceFolders?.some((f) => f.uri.toString() === uri.toString()) ? vscode.Uri.joinPath(uri, 'x') : uri;
  const result = await client.sendRequest(EFFECTIVE_CONFIG_REQUEST, { uri: target.toString() });
  const name = uri.path.split('/').filter(Boolean).pop() || 'workspace';
  const view = vscode.Uri.from({ scheme: CONFIG_SCHEME, path: `/${name} (effective configuration).json` });
  docs.set(view, JSON.stringify(result, null, 2) + '\n');
  const doc = await vscode.workspace.openTextDocument(view);
  await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(doc, { preview: true });
}

/** A rule's page (shipped in the extension's docs/rules), read through the editor's file system so it works in the browser too. */
async function showDocumentation(context: vscode.ExtensionContext, args: ShowDocumentationArgs | string, docs: ReadOnlyDocs): Promise<void> {
  const a: ShowDocumentationArgs = typeof args === 'string' ? { ruleId: args } : args;
  if (!/^[A-Z0-9-]+$/i.test(a.ruleId)) return;
  let page: string;
  try {
    page = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${a.ruleId}.md`)));
  } catch {
    void vscode.window.showWarningMessage(`vharden: no documentation page for ${a.ruleId}.`);
    return;
  }
  const note = a.severity && a.defaultSeverity ? `> **This finding is ${a.severity}; the rule's default is ${a.defaultSeverity}** (${a.why ?? 'set by configuration'}).\n\n` : '';
  const view = vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${a.ruleId}.md` });
  docs.set(view, note + page);
  await vscode.commands.executeCommand('markdown.showPreview', view);
}

/** Insert a suppression comment as a snippet, with the reason selected for typing. */
async function insertSuppression(a: InsertSuppressionArgs): Promise<void> {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === a.uri) ?? (await vscode.window.showTextDocument(vscode.Uri.parse(a.uri)));
  if (editor.document.version !== a.version) {
    void vscode.window.showWarningMessage('vharden: the file changed; ask for the suppression again.');
    return;
  }
  await editor.insertSnippet(new vscode.SnippetString(a.snippet), new vscode.Position(a.line, a.character));
}
