import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { decodeBytes } from '../server/src/engine/decode';
import { lintText, type FileResult } from '../server/src/engine/engine';
import { detectFormat } from '../server/src/catalog';
import { CORPUS, hasCorpus, hitTable, filesUnder } from './helpers/corpus';

/**
 * Scans a corpus folder. Corpus copies lose their /etc/pve path (`test1.cfg`, `100__test.fw`), so files
 * that neither path nor content identify are linted as the folder's format: the parser must cope anyway.
 */
function scanFolder(folder: string, formatId: string, config = defaultConfig()): { results: FileResult[]; detected: number } {
  let detected = 0;
  const results: FileResult[] = [];
  for (const path of filesUnder(join(CORPUS, folder))) {
    const text = decodeBytes(readFileSync(path)).text;
    const found = detectFormat(path, text);
    if (found) {
      assert.equal(found.id, formatId, `${path} detected as ${found.id}`);
      detected++;
    }
    const result = lintText({ path, text, config, formatId });
    for (const f of result.findings) {
      assert.notEqual(f.ruleId, 'VH-RULE-ERROR', `${path}: ${f.message}`);
      assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${path}: ${f.ruleId} range inside the file`);
    }
    results.push(result);
  }
  return { results, detected };
}

const filesWith = (results: FileResult[], id: string) => results.filter((r) => r.findings.some((f) => f.ruleId === id)).length;

describe('corpus: proxmox-*', { skip: hasCorpus ? false : `no corpus at ${CORPUS}` }, () => {
  it('VM configs (proxmox-qemu-conf)', () => {
    const { results, detected } = scanFolder('proxmox-qemu-conf', 'proxmox-vm');
    console.log(`proxmox-qemu-conf: ${results.length} files, ${detected} recognised without help\n${hitTable(results)}`);
    assert.ok(results.length >= 190 && detected >= results.length * 0.6, `${detected} of ${results.length} recognised`);
    assert.ok(filesWith(results, 'PVE-VM-NET-FIREWALL') < results.length / 2, 'NET-FIREWALL does not fire on most files');
    assert.ok(filesWith(results, 'PVE-VM-NET-FIREWALL') >= 20, 'catalog §10: a large share of VM configs have NICs without firewall=1');
    // corpus copies lose their /etc/pve path: nothing says the host is shared
    assert.equal(filesWith(results, 'PVE-VM-PASSTHRU'), 0, 'passthrough without multi-tenant evidence is no finding');
    const server = scanFolder('proxmox-qemu-conf', 'proxmox-vm', { ...defaultConfig(), profile: 'server' }).results;
    assert.ok(filesWith(server, 'PVE-VM-PASSTHRU') >= 5, 'with the profile server the passthrough configs are found');
  });

  it('LXC configs (proxmox-lxc-conf) are not taken for VM configs', () => {
    const paths = filesUnder(join(CORPUS, 'proxmox-lxc-conf'));
    const taken = paths.filter((p) => detectFormat(p, decodeBytes(readFileSync(p)).text)?.id === 'proxmox-vm');
    console.log(`proxmox-lxc-conf: ${paths.length} files, ${taken.length} detected as VM configs`);
    assert.ok(paths.length >= 60);
    assert.deepEqual(taken, []);
  });

  it('user.cfg (proxmox-user-cfg)', () => {
    const { results, detected } = scanFolder('proxmox-user-cfg', 'proxmox-user');
    console.log(`proxmox-user-cfg: ${results.length} files, ${detected} recognised without help\n${hitTable(results)}`);
    assert.ok(detected >= 8, `${detected} recognised`);
    assert.ok(filesWith(results, 'PVE-TOKEN-NOPRIVSEP') >= 2, 'the privsep-0 tokens of the access-control tests are found');
    assert.ok(filesWith(results, 'PVE-ROLE-DANGEROUS-PRIV') >= 2, 'roles with Permissions.Modify are found');
  });

  it('firewall files (proxmox-firewall-fw)', () => {
    const { results, detected } = scanFolder('proxmox-firewall-fw', 'proxmox-firewall');
    console.log(`proxmox-firewall-fw: ${results.length} files, ${detected} recognised without help\n${hitTable(results)}`);
    const empty = filesUnder(join(CORPUS, 'proxmox-firewall-fw')).filter((p) => readFileSync(p, 'utf8').trim() === '').length;
    assert.equal(detected, results.length - empty, 'every non-empty .fw file is recognised');
    const demon = results.find((r) => r.path.includes('demonarch'))!;
    assert.ok(demon.findings.some((f) => f.ruleId === 'PVE-FW-DISABLED'), 'the "disable firewall" cluster.fw is reported');
    assert.ok(filesWith(results, 'PVE-FW-MGMT-OPEN') >= 2, 'open SSH rules in cluster/host files are found');
  });

  it('no file outside the proxmox-* folders is taken for a Proxmox file', () => {
    const wrong: string[] = [];
    for (const folder of readdirSync(CORPUS).filter((d) => !d.startsWith('proxmox-') && statSync(join(CORPUS, d)).isDirectory())) {
      for (const path of filesUnder(join(CORPUS, folder))) {
        if (statSync(path).size > 1024 * 1024) continue;
        const id = detectFormat(path, decodeBytes(readFileSync(path)).text)?.id;
        if (id?.startsWith('proxmox-')) wrong.push(`${path} as ${id}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
