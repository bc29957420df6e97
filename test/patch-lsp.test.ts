import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LspClient, SERVER } from './helpers/lsp';

const BUNDLED = JSON.parse(readFileSync(join(__dirname, '..', 'server', 'data', 'advisories.json'), 'utf8'));
const HOST = '/system/version = "7.0.3"\n/system/build = "21313628"\n/firewall/services/CIMSLP/enabled = "true"\n';
const URI = 'file:///tmp/vharden-lsp-test/etc/vmware/esx.conf';

async function session(advisoriesFile: string): Promise<{ client: LspClient; warnings: string[] }> {
  const client = new LspClient();
  const warnings: string[] = [];
  client.conn.onNotification('window/showMessage', (p: { type: number; message: string }) => warnings.push(`${p.type}:${p.message}`));
  await client.initialize({ settings: { advisoriesFile } });
  await client.open(URI, 'esxconf', HOST);
  return { client, warnings };
}

describe('language server: advisories file setting', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  it('a bad file gives one warning and the bundled data is used; the hover shows the data date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vharden-lsp-adv-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ updated: 'yesterday' }));
    const { client, warnings } = await session(bad);
    try {
      const { diagnostics } = await client.waitForDiagnostics(URI, (p) => p.diagnostics.some((d) => d.code === 'PATCH-ESXI-VMSA'));
      const vmsa = diagnostics.find((d) => d.code === 'PATCH-ESXI-VMSA')!;
      assert.equal(vmsa.range.start.line, 0);
      assert.match(vmsa.message, new RegExp(`advisories data of ${BUNDLED.updated}`));
      assert.ok(diagnostics.some((d) => d.code === 'ESXCONF-FW-SLP'));
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0]!, /^2:vharden: advisories file .*bad\.json is not usable: "updated" must be a date.*Using the bundled advisories data instead\./);
      const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: vmsa.range.start }) as { contents: { value: string } };
      assert.match(hover.contents.value, /PATCH-ESXI-VMSA/);
      assert.match(hover.contents.value, new RegExp(`advisories data of ${BUNDLED.updated}`));
      assert.match(hover.contents.value, /https:\/\/support\.broadcom\.com\//);
    } finally {
      await client.close();
    }
  });

  it('a valid newer file replaces the bundled data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vharden-lsp-adv-'));
    const file = join(dir, 'newer.json');
    writeFileSync(file, JSON.stringify({ ...BUNDLED, updated: '2031-05-06' }));
    const { client, warnings } = await session(file);
    try {
      const { diagnostics } = await client.waitForDiagnostics(URI, (p) => p.diagnostics.some((d) => d.code === 'PATCH-ESXI-VMSA'));
      assert.match(diagnostics.find((d) => d.code === 'PATCH-ESXI-VMSA')!.message, /advisories data of 2031-05-06/);
      assert.deepEqual(warnings, []);
      // the file is edited in place: the next check reads it again
      writeFileSync(file, JSON.stringify({ ...BUNDLED, updated: '2032-02-03' }));
      const later = new Date(Date.now() + 60_000);
      utimesSync(file, later, later);
      await client.change(URI, 2, HOST + '# touched\n');
      const next = await client.waitForDiagnostics(URI, (p) => p.version === 2);
      assert.match(next.diagnostics.find((d) => d.code === 'PATCH-ESXI-VMSA')!.message, /advisories data of 2032-02-03/);
    } finally {
      await client.close();
    }
  });
});

describe('language server: installed data bundle', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  it('judges with the installed data and tells its date in the status', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vharden-lsp-data-'));
    const store = join(home, 'vharden', 'data');
    mkdirSync(store, { recursive: true });
    const guests = JSON.parse(readFileSync(join(__dirname, '..', 'server', 'data', 'guest-os.json'), 'utf8'));
    writeFileSync(join(store, 'guest-os.json'), JSON.stringify({ ...guests, updated: '2099-03-04' }));
    const saved = process.env.XDG_DATA_HOME;
    process.env.XDG_DATA_HOME = home;
    const client = new LspClient();
    if (saved === undefined) delete process.env.XDG_DATA_HOME;
    else process.env.XDG_DATA_HOME = saved;
    const statuses: { uri: string; data?: string[] }[] = [];
    client.conn.onNotification('vharden/status', (s: { uri: string; data?: string[] }) => statuses.push(s));
    try {
      await client.initialize({ settings: {} });
      const uri = 'file:///tmp/vharden-lsp-test/vms/db.vmx';
      await client.open(uri, 'vmx', '.encoding = "UTF-8"\nconfig.version = "8"\nguestOS = "centos7-64"\n');
      const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'PATCH-GUEST-EOL'));
      assert.match(diagnostics.find((d) => d.code === 'PATCH-GUEST-EOL')!.message, /Guest OS data of 2099-03-04/);
      for (let i = 0; i < 50 && !statuses.some((s) => s.uri === uri); i++) await new Promise((r) => setTimeout(r, 100));
      const data = statuses.filter((s) => s.uri === uri).at(-1)?.data ?? [];
      assert.ok(data.some((d) => /^Guest OS end-of-support dates: 2099-03-04 \(installed /.test(d)), data.join('\n'));
      assert.ok(data.some((d) => /^VMware advisories and end-of-support dates: \d{4}-\d{2}-\d{2} \(bundled/.test(d)), data.join('\n'));
    } finally {
      await client.close();
    }
  });
});
