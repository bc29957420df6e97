import * as vscode from 'vscode';
import type { LiveSource } from '../../server/src/protocol';

/**
 * The palette's live scans: ask what to read, keep vSphere passwords in SecretStorage (never in
 * settings), and give the server a fresh snapshot folder in the extension's storage. The collection
 * and the scan run in the language server, with the same collectors as `vharden collect`.
 */

const SECRET_PREFIX = 'vharden.vsphere.password:';
const SERVERS_KEY = 'vharden.vsphere.servers';

export interface LiveRequest {
  live: LiveSource;
  /** a new or empty folder for the snapshot (the previous snapshot of the same system is removed first) */
  path: string;
  /** after the scan: keep a password that worked, forget one that was refused */
  settle(ok: boolean, error?: string): Promise<void>;
}

function secretKey(server: string, user: string): string {
  return `${SECRET_PREFIX}${user}@${server}`;
}

/** A folder name for a system: its kind and name with anything unusual replaced. */
async function snapshotFolder(context: vscode.ExtensionContext, source: string, name: string): Promise<string> {
  const folder = vscode.Uri.joinPath(context.globalStorageUri, 'snapshots', `${source}-${name.replace(/[^A-Za-z0-9._@-]/g, '_').slice(0, 80)}`);
  await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  return folder.fsPath;
}

export async function askVsphere(context: vscode.ExtensionContext): Promise<LiveRequest | undefined> {
  const known = context.globalState.get<{ server: string; user: string; ca?: string; insecure?: boolean }[]>(SERVERS_KEY, []);
  let server: string | undefined;
  let remembered: (typeof known)[number] | undefined;
  if (known.length) {
    const pick = await vscode.window.showQuickPick([...known.map((k) => ({ label: k.server, description: k.user, k })), { label: 'Another server…', description: '', k: undefined }], { title: 'vharden: Scan vCenter / ESXi' });
    if (!pick) return undefined;
    remembered = pick.k;
    server = pick.k?.server;
  }
  server ??= (await vscode.window.showInputBox({ title: 'vharden: Scan vCenter / ESXi', prompt: 'vCenter or ESXi host (name, host:port or https://host/sdk); read-only', placeHolder: 'vc01.example.com', ignoreFocusOut: true }))?.trim();
  if (!server) return undefined;
  let flags: Record<string, string | boolean> = remembered?.ca ? { ca: remembered.ca } : remembered?.insecure ? { insecure: true } : {};
  if (!remembered) {
    const tls = await vscode.window.showQuickPick(
      [
        { label: "Verify the certificate with the system's CAs", id: 'system' },
        { label: 'Trust the certificates in a PEM file…', description: 'for vCenter, its VMCA root certificate', id: 'ca' },
        { label: 'Do not verify the certificate', description: 'reported as VH-SNAPSHOT-INSECURE', id: 'insecure' },
      ],
      { title: `vharden: TLS for ${server}` },
    );
    if (!tls) return undefined;
    if (tls.id === 'ca') {
      const file = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectMany: false, openLabel: 'Trust', filters: { 'PEM certificates': ['pem', 'crt', 'cer'], 'All files': ['*'] } });
      if (!file?.[0]) return undefined;
      flags = { ca: file[0].fsPath };
    } else if (tls.id === 'insecure') flags = { insecure: true };
  }
  const user = remembered?.user ?? (await vscode.window.showInputBox({ title: `vharden: user on ${server}`, prompt: 'An account with the Read-only role is enough', placeHolder: 'auditor@vsphere.local', ignoreFocusOut: true }))?.trim();
  if (!user) return undefined;
  const key = secretKey(server, user);
  const saved = await context.secrets.get(key);
  const password = saved ?? (await vscode.window.showInputBox({ title: `vharden: password of ${user} on ${server}`, prompt: 'Kept in VS Code SecretStorage after a successful scan', password: true, ignoreFocusOut: true }));
  if (password === undefined) return undefined;
  return {
    live: { source: 'vsphere', target: server, flags, user, password },
    path: await snapshotFolder(context, 'vsphere', server),
    async settle(ok, error) {
      if (ok) {
        await context.secrets.store(key, password);
        const entry = { server, user, ca: typeof flags.ca === 'string' ? flags.ca : undefined, insecure: flags.insecure === true || undefined };
        await context.globalState.update(SERVERS_KEY, [entry, ...known.filter((k) => k.server !== server || k.user !== user)].slice(0, 20));
      } else if (error && /login as .* failed/.test(error)) await context.secrets.delete(key);
    },
  };
}

export async function askLibvirt(context: vscode.ExtensionContext): Promise<LiveRequest | undefined> {
  const uri = (await vscode.window.showInputBox({ title: 'vharden: Scan libvirt Host', prompt: 'libvirt URI, read through virsh (local, or qemu+ssh://user@host/system with your SSH keys)', value: 'qemu:///system', ignoreFocusOut: true }))?.trim();
  if (!uri) return undefined;
  return { live: { source: 'libvirt', target: uri }, path: await snapshotFolder(context, 'libvirt', uri), settle: async () => undefined };
}

export async function askSsh(context: vscode.ExtensionContext): Promise<LiveRequest | undefined> {
  const host = (await vscode.window.showInputBox({ title: 'vharden: Scan Host over SSH', prompt: '[user@]host, read with your ssh client and keys (host key checked; nothing is written on the host)', placeHolder: 'root@pve1', ignoreFocusOut: true }))?.trim();
  if (!host) return undefined;
  return { live: { source: 'ssh', target: host }, path: await snapshotFolder(context, 'ssh', host), settle: async () => undefined };
}

/** "Forget Saved vCenter / ESXi Passwords": every password this extension stored, and the server list. */
export async function forgetCredentials(context: vscode.ExtensionContext): Promise<void> {
  const known = context.globalState.get<{ server: string; user: string }[]>(SERVERS_KEY, []);
  for (const k of known) await context.secrets.delete(secretKey(k.server, k.user));
  await context.globalState.update(SERVERS_KEY, []);
  void vscode.window.showInformationMessage(`vharden: forgot ${known.length} saved vCenter / ESXi login${known.length === 1 ? '' : 's'}.`);
}
