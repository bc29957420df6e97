import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER, applyLspEdits } from './helpers/lsp';

const BRIDGE = `auto vmbr1
iface vmbr1 inet static
    address 10.0.10.5/24
    ovs_type OVSBridge
    ovs_ports eno1
`;
const GUESTS = `#!/bin/sh
ovs-vsctl --may-exist add-port vmbr1 vnet0
ovs-vsctl --may-exist add-port vmbr1 vnet1
`;
const VMX = `displayName = "app01"
ethernet0.present = "TRUE"
ethernet0.networkName = "App Network"
RemoteDisplay.vnc.enabled = "TRUE"
RemoteDisplay.vnc.port = "5901"
`;
const MIRROR = `ovs-vsctl --may-exist add-port vmbr1 span0 -- set interface span0 type=internal
ovs-vsctl -- --id=@p get port span0 -- --id=@m create mirror name=span-vmbr1 select-all=true output-port=@p -- set bridge vmbr1 mirrors=@m
`;

describe('language server: the switch fabric across files', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: LspClient;
  let ws: string;
  let bridgeUri: string;
  let guestsUri: string;
  let guestsPath: string;
  let vmxUri: string;
  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'vharden-fabric-'));
    mkdirSync(join(ws, 'host1', 'etc', 'network', 'if-up.d'), { recursive: true });
    writeFileSync(join(ws, 'host1', 'etc', 'network', 'interfaces'), BRIDGE);
    guestsPath = join(ws, 'host1', 'etc', 'network', 'if-up.d', 'guest-ports');
    writeFileSync(guestsPath, GUESTS);
    mkdirSync(join(ws, 'vms'));
    writeFileSync(join(ws, 'vms', 'app01.vmx'), VMX);
    vmxUri = pathToFileURL(join(ws, 'vms', 'app01.vmx')).href;
    bridgeUri = pathToFileURL(join(ws, 'host1', 'etc', 'network', 'interfaces')).href;
    guestsUri = pathToFileURL(guestsPath).href;
    client = new LspClient();
    await client.initialize({}, [pathToFileURL(ws).href]);
  });
  after(async () => {
    await client.close();
    rmSync(ws, { recursive: true, force: true });
  });

  const missing = (p: { diagnostics: { code?: string | number }[] }): number => p.diagnostics.filter((d) => d.code === 'OVS-MIR-MISSING').length;

  it('watches the file system and indexes the workspace: the bridge in a file nobody opened gets the warning', async () => {
    const p = await client.waitForDiagnostics(bridgeUri, (x) => missing(x) === 1);
    const d = p.diagnostics.find((x) => x.code === 'OVS-MIR-MISSING')!;
    assert.match(d.message, /vmbr1 carries the traffic of vnet0 and vnet1/);
    assert.equal(d.severity, 2, 'warning');
    assert.deepEqual(d.range.start, { line: 1, character: 6 });
    assert.ok(client.registered.includes('workspace/didChangeWatchedFiles'), 'file watcher registered dynamically');
  });

  it('a file the index kept for its facts shows its own findings, their hover and fixes once opened', async () => {
    await client.waitForDiagnostics(bridgeUri, (x) => missing(x) === 1);
    await client.open(vmxUri, 'vmx', VMX);
    const p = await client.waitForDiagnostics(vmxUri, (x) => x.version === 1 && x.diagnostics.some((d) => d.code === 'VMX-CONSOLE-VNC'));
    const d = p.diagnostics.find((x) => x.code === 'VMX-CONSOLE-VNC')!;
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: vmxUri }, position: d.range.start });
    assert.match(JSON.stringify(hover), /VMX-CONSOLE-VNC/);
    const actions = await client.codeActions(vmxUri, [d]);
    assert.ok(actions.some((a) => a.edit?.changes?.[vmxUri]?.length), `a fix among: ${actions.map((a) => a.title).join(' | ')}`);
    await client.closeDocument(vmxUri);
  });

  it('adding a mirror in the open guest script clears the warning on the bridge in the other file', async () => {
    await client.open(guestsUri, 'shellscript', GUESTS);
    await client.change(guestsUri, 2, GUESTS + MIRROR);
    await client.waitForDiagnostics(bridgeUri, (x) => missing(x) === 0);
    await client.change(guestsUri, 3, GUESTS);
    await client.waitForDiagnostics(bridgeUri, (x) => missing(x) === 1);
  });

  it('closing the unsaved document falls back to the file on disk; a mirror written to disk clears the warning', async () => {
    await client.change(guestsUri, 4, GUESTS + MIRROR);
    await client.waitForDiagnostics(bridgeUri, (x) => missing(x) === 0);
    await client.closeDocument(guestsUri);
    await client.waitForDiagnostics(bridgeUri, (x) => missing(x) === 1);
    const mirrorPath = join(ws, 'host1', 'etc', 'network', 'if-up.d', 'span');
    writeFileSync(mirrorPath, '#!/bin/sh\n' + MIRROR);
    await client.filesChanged([{ uri: pathToFileURL(mirrorPath).href, type: 1 }]);
    await client.waitForDiagnostics(bridgeUri, (x) => missing(x) === 0);
    rmSync(mirrorPath);
    await client.filesChanged([{ uri: pathToFileURL(mirrorPath).href, type: 3 }]);
    await client.waitForDiagnostics(bridgeUri, (x) => missing(x) === 1);
  });

  it('offers a template that inserts a commented ovs_extra mirror in the bridge stanza', async () => {
    await client.open(bridgeUri, 'debian-interfaces', BRIDGE);
    const p = await client.waitForDiagnostics(bridgeUri, (x) => missing(x) === 1 && x.version === 1);
    const d = p.diagnostics.find((x) => x.code === 'OVS-MIR-MISSING')!;
    const actions = await client.codeActions(bridgeUri, [d]);
    const template = actions.find((a) => /mirror template for vmbr1/.test(a.title));
    assert.ok(template, `template offered among: ${actions.map((a) => a.title).join(' | ')}`);
    const text = applyLspEdits(BRIDGE, template.edit.changes[bridgeUri]);
    assert.match(text, /ovs_ports eno1\n    # vharden: mirror this bridge[^\n]*\n    # ovs_extra -- --id=@p get port SENSOR_PORT -- --id=@m create mirror name=span-\$\{IFACE\} select-all=true output-port=@p -- set bridge \$\{IFACE\} mirrors=@m\n$/);
  });
});
