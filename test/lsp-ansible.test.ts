import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER, applyLspEdits } from './helpers/lsp';

const PLAYBOOK = readFileSync(join(__dirname, '..', 'examples', 'ansible', 'prepare-hosts.yml'), 'utf8');

describe('language server: YAML documents', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(async () => {
    await client.close();
  });

  for (const languageId of ['yaml', 'ansible']) {
    it(`a community.vmware playbook opened as ${languageId} lights up, with fixes`, async () => {
      const uri = `file:///tmp/vharden-lsp-test/${languageId}/prepare-hosts.yml`;
      await client.open(uri, languageId, PLAYBOOK);
      const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
      const codes = new Set(diagnostics.map((d) => d.code));
      for (const id of ['ANS-SSH-SERVICE', 'ANS-PERM-ADMIN-ROOT', 'ANS-VSWITCH-SECURITY']) assert.ok(codes.has(id), `${id} reported`);
      const promisc = diagnostics.find((d) => d.code === 'ANS-VSWITCH-SECURITY')!;
      const fix = (await client.codeActions(uri, [promisc])).find((a) => a.isPreferred)!;
      assert.equal(fix.title, 'Set promiscuous_mode to false');
      assert.match(applyLspEdits(PLAYBOOK, fix.edit.changes[uri]), /\n {10}promiscuous_mode: false\n/);
    });
  }

  it('a Kubernetes manifest opened as yaml gets no diagnostics', async () => {
    const uri = 'file:///tmp/vharden-lsp-test/k8s/deploy.yaml';
    await client.open(uri, 'yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n');
    const { diagnostics } = await client.waitForDiagnostics(uri);
    assert.deepEqual(diagnostics, []);
  });
});
