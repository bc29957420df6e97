import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { createBaseline } from '../server/src/engine/baseline';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/engine';
import { LspClient, SERVER } from './helpers/lsp';

// In an untrusted workspace the repository decides nothing that hides findings: its baseline is
// ignored, and so is every .vharden.yaml entry that turns rules off, lowers them, ignores paths or
// raises the size limit; entries that only tighten still apply.
const INSECURE = readFileSync(join(__dirname, '..', 'examples', 'vmware', 'build-fw-lab.vmx'), 'utf8');

interface Status {
  uri: string;
  findings: number;
  restricted?: string[];
}

function workspace(): { dir: string; vm: string; ignored: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vharden-trust-'));
  mkdirSync(join(dir, 'lab'));
  const vm = join(dir, 'vm.vmx');
  const ignored = join(dir, 'lab', 'x.vmx');
  writeFileSync(vm, INSECURE);
  writeFileSync(ignored, INSECURE);
  writeFileSync(join(dir, '.vharden.yaml'), 'rules:\n  VMX-CONSOLE-VNC: off\n  VMX-ISO-*: info\n  VMX-PATCH-HWVERSION: critical\nignore:\n  - lab/**\n');
  const findings = lintText({ path: vm, text: INSECURE, config: defaultConfig() }).findings;
  writeFileSync(join(dir, '.vharden-baseline.json'), JSON.stringify(createBaseline([{ relPath: 'vm.vmx', findings }], 'baseline-file', '')));
  return { dir, vm, ignored };
}

/** The last status the server sent for `uri`, once one has come (it follows the diagnostics). */
async function lastStatus(statuses: Status[], uri: string, pred: (s: Status) => boolean = () => true): Promise<Status> {
  for (let i = 0; i < 100; i++) {
    const s = statuses.filter((x) => x.uri === uri).at(-1);
    if (s && pred(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no matching vharden/status for ${uri}: ${JSON.stringify(statuses)}`);
}

async function start(dir: string, trusted: boolean | undefined): Promise<{ client: LspClient; statuses: Status[] }> {
  const client = new LspClient();
  const statuses: Status[] = [];
  client.conn.onNotification('vharden/status', (s: Status) => statuses.push(s));
  await client.initialize(trusted === undefined ? {} : { trusted }, [pathToFileURL(dir).href]);
  return { client, statuses };
}

const codes = (ds: { code?: string | number }[]) => new Set(ds.map((d) => String(d.code)));

describe('language server: workspace trust', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  it('untrusted: the repository baseline and loosening .vharden.yaml entries are ignored; tightening ones apply; the status says what was ignored', async () => {
    const { dir, vm, ignored } = workspace();
    const { client, statuses } = await start(dir, false);
    try {
      const uri = pathToFileURL(vm).href;
      await client.open(uri, 'vmx', INSECURE);
      const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
      assert.ok(codes(diagnostics).has('VMX-CONSOLE-VNC'), 'the "off" entry is not applied');
      assert.ok(!diagnostics.some((d) => /baselined/.test(d.message)), 'the repository baseline is not applied');
      assert.ok(diagnostics.filter((d) => String(d.code).startsWith('VMX-ISO-')).every((d) => d.severity !== 4), 'the lowering entry is not applied');
      assert.equal(diagnostics.find((d) => d.code === 'VMX-PATCH-HWVERSION')?.severity, 1, 'the raising entry applies (critical: Error)');
      const other = pathToFileURL(ignored).href;
      await client.open(other, 'vmx', INSECURE);
      await client.waitForDiagnostics(other, (p) => p.diagnostics.length > 0);
      const status = await lastStatus(statuses, uri);
      const said = (status.restricted ?? []).join('\n');
      assert.match(said, /\.vharden-baseline\.json/);
      assert.match(said, /turns off VMX-CONSOLE-VNC/);
      assert.match(said, /lowers VMX-ISO-\* to info/);
      assert.match(said, /ignores lab\/\*\*/);
      const effective: any = await client.conn.sendRequest('vharden/effectiveConfig', { uri });
      assert.equal(effective.trusted, false);
      assert.equal(effective.baselineFile, null);
      assert.ok(effective.restricted.length >= 4);

      // trust granted: everything applies, the open documents are checked again
      await client.conn.sendNotification('vharden/trust', { trusted: true });
      const after = await client.waitForDiagnostics(uri, (p) => !codes(p.diagnostics).has('VMX-CONSOLE-VNC'));
      assert.ok(after.diagnostics.some((d) => /baselined/.test(d.message)));
      await client.waitForDiagnostics(other, (p) => p.diagnostics.length === 0);
      await lastStatus(statuses, uri, (s) => (s.restricted ?? []).length === 0);
    } finally {
      await client.close();
    }
  });

  it('trusted (or a client that says nothing about trust, like Neovim): the baseline and the whole config apply', async () => {
    const { dir, vm } = workspace();
    for (const trusted of [true, undefined]) {
      const { client, statuses } = await start(dir, trusted);
      try {
        const uri = pathToFileURL(vm).href;
        await client.open(uri, 'vmx', INSECURE);
        const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
        assert.ok(!codes(diagnostics).has('VMX-CONSOLE-VNC'));
        assert.ok(diagnostics.some((d) => /baselined/.test(d.message)));
        assert.deepEqual((await lastStatus(statuses, uri)).restricted ?? [], []);
      } finally {
        await client.close();
      }
    }
  });
});
