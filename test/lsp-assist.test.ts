import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER, applyLspEdits } from './helpers/lsp';

const VMX_URI = 'file:///tmp/vharden-lsp-assist/web.vmx';
const VMX = 'displayName = "web"\nRemoteDisplay.vnc.enabled = "TRUE"\nusb.pre\n';
const LXC_URI = 'file:///tmp/vharden-lsp-assist/etc/pve/lxc/120.conf';
const LXC = 'hostname: web\nunprivileged: 1\nfeatures: nesting=1,\n';

describe('language server: completion and hover on keys', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    const init = await client.initialize();
    assert.ok(init.capabilities.completionProvider);
  });
  after(async () => {
    await client.close();
  });

  it('.vmx: completes a key with its hardened value and documents the rule', async () => {
    await client.open(VMX_URI, 'vmx', VMX);
    const items = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri: VMX_URI }, position: { line: 2, character: 7 } })) as any[];
    const usb = items.find((i) => i.label === 'usb.present')!;
    assert.equal(applyLspEdits(VMX, [usb.textEdit]), 'displayName = "web"\nRemoteDisplay.vnc.enabled = "TRUE"\nusb.present = "FALSE"\n');
    assert.equal(usb.documentation.kind, 'markdown');
    assert.match(usb.documentation.value, /VMX-ISO-USB/);
  });

  it('.vmx: hover on a key with a finding shows the finding, then the key', async () => {
    await client.waitForDiagnostics(VMX_URI, (p) => p.diagnostics.some((d) => d.code === 'VMX-CONSOLE-VNC'));
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: VMX_URI }, position: { line: 1, character: 4 } })) as any;
    const [finding, key] = String(hover.contents.value).split('\n\n---\n\n');
    assert.match(finding!, /^\*\*VMX-CONSOLE-VNC\*\*/);
    assert.match(key!, /^\*\*RemoteDisplay\.vnc\.enabled\*\*/);
    assert.match(key!, /\*\*Default:\*\* `FALSE`/);
    const plain = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: VMX_URI }, position: { line: 0, character: 3 } })) as any;
    assert.equal(plain, null);
  });

  it('Proxmox container: completes the options of features', async () => {
    await client.open(LXC_URI, 'proxmox-lxc', LXC);
    const items = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri: LXC_URI }, position: { line: 2, character: 20 } })) as any[];
    assert.deepEqual(items.map((i) => i.label).sort(), ['fuse', 'keyctl', 'mount', 'nesting']);
    const keyctl = items.find((i) => i.label === 'keyctl')!;
    assert.equal(applyLspEdits(LXC, [keyctl.textEdit]), 'hostname: web\nunprivileged: 1\nfeatures: nesting=1,keyctl=\n');
  });
});

describe('language server: rule documentation opens in the client\'s docs view', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  const link = (id: string) => `command:vharden.showDocumentation?${encodeURIComponent(JSON.stringify([id]))}`;
  it('a client with the docs command gets command links in hovers and in the Problems entry; others get the Markdown file', async () => {
    for (const [commands, expected] of [[['vharden.showDocumentation'], link('VMX-CONSOLE-VNC')], [[], undefined]] as const) {
      const client = new LspClient();
      try {
        await client.initialize({ clientCommands: commands });
        await client.open(VMX_URI, 'vmx', VMX);
        const { diagnostics } = await client.waitForDiagnostics(VMX_URI, (p) => p.diagnostics.some((d) => d.code === 'VMX-CONSOLE-VNC'));
        const href = diagnostics.find((d) => d.code === 'VMX-CONSOLE-VNC')!.codeDescription!.href;
        const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: VMX_URI }, position: { line: 1, character: 4 } })) as any;
        if (expected) {
          assert.equal(href, expected);
          assert.ok(hover.contents.value.includes(`[Documentation](${expected})`));
          assert.ok(hover.contents.value.includes(`[VMX-CONSOLE-VNC](${expected})`), 'the key\'s rules link to the docs view too');
        } else {
          assert.match(href, /^file:.*\/docs\/rules\/VMX-CONSOLE-VNC\.md$/);
          assert.ok(!hover.contents.value.includes('command:'));
        }
      } finally {
        await client.close();
      }
    }
  });
});

describe('language server: code lenses and inlay hints', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  const base = 'file:///tmp/vharden-lsp-lens/h/etc';
  const IFACES = 'auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno1\n';
  const VM = 'name: web\nnet0: virtio=BC:24:11:00:00:01,bridge=vmbr0\n';
  it('a lens above the bridge counts the guests of the other open file; a hint shows the omitted firewall default; settings turn both off', async () => {
    const client = new LspClient();
    try {
      await client.initialize({}, [], { configuration: true });
      await client.open(`${base}/network/interfaces`, 'debian-interfaces', IFACES);
      await client.open(`${base}/pve/qemu-server/100.conf`, 'proxmox-vm', VM);
      await client.waitForDiagnostics(`${base}/pve/qemu-server/100.conf`, (p) => p.diagnostics.some((d) => d.code === 'PVE-VM-NET-FIREWALL'));
      const lenses = (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: `${base}/network/interfaces` } })) as any[];
      assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command.title]), [[1, '1 guest · not mirrored']]);
      const range = { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } };
      const hints = (await client.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri: `${base}/pve/qemu-server/100.conf` }, range })) as any[];
      assert.deepEqual(hints.map((h) => [h.position, h.label]), [[{ line: 1, character: VM.split('\n')[1]!.length }, 'firewall=0']]);
      client.settings = { codeLens: false, inlayHints: false };
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: `${base}/network/interfaces` } }), []);
      assert.deepEqual(await client.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri: `${base}/pve/qemu-server/100.conf` }, range }), []);
    } finally {
      await client.close();
    }
  });
});

describe('language server: permission lenses', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  const uri = 'file:///tmp/vharden-lsp-lens/p/etc/pve/user.cfg';
  const CFG = 'role:acl_manager:Permissions.Modify,Sys.Audit:\nacl:1:/:@ops:Administrator:\nacl:0:/vms/100:alice@pve:acl_manager:\n';
  it('a lens above each acl line says what it grants; vharden.permissionLens turns them off and vharden.codeLens all lenses', async () => {
    const client = new LspClient();
    try {
      await client.initialize({}, [], { configuration: true });
      await client.open(uri, 'proxmox-user', CFG);
      await client.waitForDiagnostics(uri, () => true);
      const lenses = (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as any[];
      assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command.title]), [
        [1, 'Administrator on / (propagates) for @ops: all 47 privileges incl. Permissions.Modify, Sys.Modify'],
        [2, 'acl_manager on /vms/100 (this path only) for alice@pve: 2 privileges: Permissions.Modify, Sys.Audit · can grant itself any role here (Permissions.Modify)'],
      ]);
      for (const settings of [{ permissionLens: false }, { codeLens: false }]) {
        client.settings = settings;
        await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
        await new Promise((r) => setTimeout(r, 300));
        assert.deepEqual(await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }), []);
      }
    } finally {
      await client.close();
    }
  });
});
