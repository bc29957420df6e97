import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER, applyLspEdits } from './helpers/lsp';

const VMX = 'displayName = "web"\nusb.present = "TRUE"\nehci.present = "TRUE"\nisolation.tools.copy.disable = "FALSE"\nisolation.tools.paste.disable = "FALSE"\n';

/** The edits of a workspace edit for one document, from documentChanges or changes. */
function editsOf(edit: any, uri: string): any[] {
  if (edit.changes) return edit.changes[uri] ?? [];
  return edit.documentChanges.filter((d: any) => d.textDocument.uri === uri).flatMap((d: any) => d.edits);
}

describe('language server: fix all of one rule', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: LspClient;
  let dir: string;
  let openUri: string;
  let diskUri: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vharden-fix-rule-'));
    writeFileSync(join(dir, 'web.vmx'), VMX);
    writeFileSync(join(dir, 'db.vmx'), VMX);
    openUri = pathToFileURL(join(dir, 'web.vmx')).href;
    diskUri = pathToFileURL(join(dir, 'db.vmx')).href;
    client = new LspClient();
    await client.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
      capabilities: {
        workspace: { workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } } },
        textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } },
      },
    });
    await client.conn.sendNotification('initialized', {});
    await client.open(openUri, 'vmx', VMX);
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('in this file: one action per rule, its own kind, guarded fixes annotated as needing confirmation', async () => {
    const { diagnostics } = await client.waitForDiagnostics(openUri, (p) => p.diagnostics.filter((d) => d.code === 'VMX-ISO-USB').length === 2);
    const usb = diagnostics.find((d) => d.code === 'VMX-ISO-USB')!;
    const actions = await client.codeActions(openUri, [usb]);
    const inFile = actions.find((a) => a.kind === 'quickfix.vharden.VMX-ISO-USB')!;
    assert.equal(inFile.title, 'Fix all 2 VMX-ISO-USB findings in this file (guarded fixes ask for confirmation)');
    const [change] = inFile.edit.documentChanges;
    assert.equal(change.textDocument.version, 1);
    assert.ok(change.edits.every((e: any) => inFile.edit.changeAnnotations[e.annotationId].needsConfirmation === true));
    assert.equal(applyLspEdits(VMX, change.edits), VMX.replace('usb.present = "TRUE"', 'usb.present = "FALSE"').replace('ehci.present = "TRUE"', 'ehci.present = "FALSE"'));
  });

  it('in this file: safe fixes need no confirmation; a rule named as a source kind gets its safe fixes only', async () => {
    const { diagnostics } = await client.waitForDiagnostics(openUri);
    const clip = diagnostics.find((d) => d.code === 'VMX-ISO-CLIPBOARD')!;
    const inFile = (await client.codeActions(openUri, [clip])).find((a) => a.kind === 'quickfix.vharden.VMX-ISO-CLIPBOARD')!;
    assert.ok(Object.values(inFile.edit.changeAnnotations).every((a: any) => a.needsConfirmation === false));
    const onSave = await client.codeActions(openUri, [], ['source.fixAll.vharden.VMX-ISO-USB', 'source.fixAll.vharden.VMX-ISO-CLIPBOARD']);
    assert.deepEqual(onSave.map((a) => a.kind), ['source.fixAll.vharden.VMX-ISO-CLIPBOARD']);
    assert.equal(applyLspEdits(VMX, editsOf(onSave[0].edit, openUri)), VMX.replace(/"FALSE"/g, '"TRUE"'));
  });

  it('in the workspace: resolved on demand, the open document at its version and the file on disk', async () => {
    const { diagnostics } = await client.waitForDiagnostics(openUri);
    const usb = diagnostics.find((d) => d.code === 'VMX-ISO-USB')!;
    const offered = (await client.codeActions(openUri, [usb])).find((a) => a.kind === 'quickfix.vharden.VMX-ISO-USB.workspace')!;
    assert.equal(offered.title, 'Fix all VMX-ISO-USB findings in the workspace (preview)');
    assert.equal(offered.edit, undefined);
    const resolved = await client.conn.sendRequest('codeAction/resolve', offered) as any;
    const docs = resolved.edit.documentChanges.map((d: any) => [d.textDocument.uri, d.textDocument.version]).sort();
    assert.deepEqual(docs, [[diskUri, null], [openUri, 1]].sort());
    const fixed = VMX.replace('usb.present = "TRUE"', 'usb.present = "FALSE"').replace('ehci.present = "TRUE"', 'ehci.present = "FALSE"');
    assert.equal(applyLspEdits(VMX, editsOf(resolved.edit, diskUri)), fixed);
    assert.ok(Object.values(resolved.edit.changeAnnotations).some((a: any) => a.needsConfirmation === true));
  });
});
