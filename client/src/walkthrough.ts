import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CREATE_BASELINE_REQUEST, type CreateBaselineResult } from '../../server/src/protocol';

/** The examples the walkthrough opens (resources/walkthrough/samples/), each in the language its format has in the editor. */
const EXAMPLES = [
  { label: 'web01.vmx', description: 'VMware virtual machine with console, debugger and clipboard exposed', file: 'web01.vmx', language: 'vmx' },
  { label: 'user.cfg', description: 'Proxmox VE users, roles and ACLs (code lenses show what each ACL grants)', file: 'user.cfg', language: 'proxmox-user' },
];

/** "vharden: Open an Example": an untitled copy of a bundled example, so nothing on disk changes when its fixes are tried. */
export async function openExample(context: vscode.ExtensionContext): Promise<void> {
  const pick = await vscode.window.showQuickPick(EXAMPLES, { title: 'vharden: Open an Example', placeHolder: 'Which example?' });
  if (!pick) return;
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'resources', 'walkthrough', 'samples', pick.file));
  const doc = await vscode.workspace.openTextDocument({ language: pick.language, content: new TextDecoder().decode(bytes) });
  await vscode.window.showTextDocument(doc);
}

/** "vharden: Create Baseline from the Last Host Scan": the server writes it; this says where and offers to open it. */
export async function createBaseline(client: LanguageClient | undefined): Promise<void> {
  if (!client?.isRunning()) return;
  try {
    const r = await client.sendRequest<CreateBaselineResult>(CREATE_BASELINE_REQUEST);
    const what = `${r.findings} finding${r.findings === 1 ? '' : 's'} (${r.entries} entries)`;
    const open = await vscode.window.showInformationMessage(`vharden: baseline of ${what} ${r.replaced ? 'replaced' : 'written to'} ${r.written}. Later scans report only findings not in it.`, 'Open');
    if (open) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(r.written));
  } catch (err) {
    void vscode.window.showErrorMessage(`vharden: creating the baseline failed: ${String((err as Error)?.message ?? err)}`);
  }
}
