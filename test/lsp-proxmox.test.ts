import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspClient, SERVER, applyLspEdits } from './helpers/lsp';

const USER_CFG = readFileSync(join(__dirname, '..', 'examples', 'proxmox', 'etc', 'pve', 'user.cfg'), 'utf8');
const USER_URI = 'file:///tmp/vharden-lsp-test/etc/pve/user.cfg';
const VM_CONF = readFileSync(join(__dirname, '..', 'examples', 'proxmox', 'etc', 'pve', 'qemu-server', '100.conf'), 'utf8');
const VM_URI = 'file:///tmp/vharden-lsp-test/etc/pve/qemu-server/100.conf';

describe('language server: Proxmox documents', { skip: existsSync(SERVER) ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(async () => {
    await client.close();
  });

  it('user.cfg: names the effective grant and offers a template, not a fix', async () => {
    await client.open(USER_URI, 'proxmox-user', USER_CFG);
    const { diagnostics } = await client.waitForDiagnostics(USER_URI, (p) => p.diagnostics.length > 0);
    const admin = diagnostics.find((d) => d.code === 'PVE-ACL-ADMIN-ROOT')!;
    assert.equal(admin.message, 'group operators (alice@pam, bob@pve) gets Administrator on / and everything below it.');
    const actions = await client.codeActions(USER_URI, [admin]);
    assert.ok(!actions.some((a) => a.isPreferred), 'no preferred (safe) fix');
    const template = actions.find((a) => /commented acl template/.test(a.title))!;
    const inserted = applyLspEdits(USER_CFG, template.edit.changes[USER_URI]);
    assert.match(inserted, /acl:1:\/:@operators:Administrator:\n# vharden template: acl:1:\/pool\/<pool>:@operators:PVEVMAdmin:/);
  });

  it('VM config: the firewall fix is the preferred action', async () => {
    await client.open(VM_URI, 'proxmox-vm', VM_CONF);
    const { diagnostics } = await client.waitForDiagnostics(VM_URI, (p) => p.diagnostics.length > 0);
    const net0 = diagnostics.find((d) => d.code === 'PVE-VM-NET-FIREWALL' && d.range.start.line === 8)!;
    const actions = await client.codeActions(VM_URI, [net0]);
    const fix = actions.find((a) => a.isPreferred)!;
    assert.equal(fix.title, 'Append ,firewall=1 to net0');
    assert.match(applyLspEdits(VM_CONF, fix.edit.changes[VM_URI]), /\nnet0: virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1\n/);
  });
});
