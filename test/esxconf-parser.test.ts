import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { MAX_FINDINGS, lintText } from '../server/src/engine/engine';
import { detectFormat } from '../server/src/catalog';
import { applyEdits } from '../server/src/engine/text';
import { parseEsxConf } from '../server/src/formats/esxconf/parser';
import { cpuNow } from './helpers/cpu-time';

const HOST = [
  '# backup of esx-lab01',
  '/net/vswitch/child[0001]/name = "vSwitch1"',
  '/net/vswitch/child[0001]/portgroup/child[0001]/name = "Trunk"',
  '/net/vswitch/child[0001]/portgroup/child[0001]/vlanId = "4095"  # guest tagging',
  '/adv/Misc/HostName = "esx \\"lab\\" 01"',
  '/adv/UserVars/ESXiShellTimeOut = "0"',
].join('\n') + '\n';

describe('esx.conf parser', () => {
  it('keeps exact key and value ranges, trailing comments and escapes', () => {
    const { model, comments, diagnostics } = parseEsxConf(HOST);
    assert.deepEqual(diagnostics, []);
    const vlan = model.get('/net/vswitch/child[0001]/portgroup/child[0001]/vlanId')!;
    assert.equal(HOST.slice(vlan.keyStart, vlan.keyEnd), '/net/vswitch/child[0001]/portgroup/child[0001]/vlanId');
    assert.equal(HOST.slice(vlan.valueStart, vlan.valueEnd), '"4095"');
    assert.equal(model.get('/adv/Misc/HostName')!.value, 'esx "lab" 01');
    assert.deepEqual(comments.map((c) => [c.text.trim(), c.trailing]), [['backup of esx-lab01', false], ['guest tagging', true]]);
  });

  it('names child[NNNN] objects through their name siblings', () => {
    const { model } = parseEsxConf(HOST);
    assert.equal(model.describe('/net/vswitch/child[0001]/portgroup/child[0001]/vlanId'), 'vSwitch1 / port group Trunk');
    assert.equal(model.describe('/net/vswitch/child[0002]/securityPolicy/forgedTx'), 'vswitch[2]');
  });

  it('reports malformed lines and duplicate keys at their place, never throws', () => {
    const text = '/a/b = "1"\nnot a key line\n/a/b = "2\nfoo = "x"\n/c = "1" trailing\n';
    const { model, diagnostics } = parseEsxConf(text);
    assert.deepEqual(diagnostics.map((d) => `${d.code}@${text.slice(d.start, d.end)}`), [
      'VH-PARSE-ERROR@not a key line',
      'VH-PARSE-ERROR@"2',
      'VH-PARSE-ERROR@foo',
      'VH-PARSE-ERROR@trailing',
      'VH-DUPLICATE-KEY@/a/b = "1"',
    ]);
    assert.equal(model.get('/a/b')!.value, '2');
    for (const junk of ['', '\u0000', '=', '"', '/', '/x = ', '#', '\r\n\r\n', '/'.repeat(100_000)]) parseEsxConf(junk);
  });

  it('the duplicate-key fix removes every overridden line at once, so applying it again changes nothing', () => {
    const text = '/a/b = "1"\n/c = "x"\n/a/b = "2"\n/a/b = "3"\n';
    const dups = lintText({ path: 'esx.conf', text, config: defaultConfig() }).findings.filter((f) => f.ruleId === 'VH-DUPLICATE-KEY');
    assert.deepEqual(dups.map((d) => d.line), [0, 2]);
    const once = applyEdits(text, dups[0]!.fixes![0]!.edits).text;
    assert.equal(once, '/c = "x"\n/a/b = "3"\n');
    assert.equal(dups[1]!.fixes, undefined, 'the fix is carried once, by the first duplicate of the key');
    assert.match(dups[1]!.message, /fix on line 1/);
  });

  it('fixes keep CRLF and the quoting; added keys go after their group', () => {
    const text = '/adv/UserVars/SuppressShellWarning = "1"\r\n/adv/UserVars/ESXiShellTimeOut = "0"\r\n/firewall/services/CIMSLP/enabled = "true"\r\n';
    const result = lintText({ path: '/backup/etc/vmware/esx.conf', text, config: defaultConfig() });
    const edits = result.findings.filter((f) => f.ruleId !== 'ESXADV-SHELL-IDLE').flatMap((f) => f.fixes?.[0]?.edits ?? []);
    const idle = result.findings.find((f) => f.ruleId === 'ESXADV-SHELL-IDLE')!;
    const fixed = applyEdits(text, [...edits, ...idle.fixes![0]!.edits]).text;
    assert.equal(fixed, '/adv/UserVars/SuppressShellWarning = "1"\r\n/adv/UserVars/ESXiShellTimeOut = "600"\r\n/adv/UserVars/ESXiShellInteractiveTimeOut = "900"\r\n/firewall/services/CIMSLP/enabled = "false"\r\n');
  });
});

describe('esx.conf detection', () => {
  it('by path and by content, with a bounded look', () => {
    assert.equal(detectFormat('backup/etc/vmware/esx.conf')?.id, 'esxconf');
    assert.equal(detectFormat('ESX.CONF')?.id, 'esxconf');
    assert.equal(detectFormat('host-backup.txt', HOST)?.id, 'esxconf');
    assert.equal(detectFormat('notes.txt', '# some notes\n/usr/bin/foo = "bar"\nsomething else\nmore prose\nand more\n'), undefined);
    assert.equal(detectFormat('paths.txt', '/etc/a = "1"\n/etc/b = "2"\n/etc/c = "3"\n'), undefined, 'needs a host section');
    assert.equal(detectFormat('big.txt', 'x\n'.repeat(10_000) + HOST), undefined, 'only the start of the file is read');
  });
});

describe('esx.conf snippets', () => {
  it('the hardened snippet leaves no esx.conf finding, and every snippet parses cleanly', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const snippets = JSON.parse(readFileSync(join(__dirname, '..', 'snippets', 'esxconf.json'), 'utf8')) as Record<string, { body: string[] }>;
    for (const [name, s] of Object.entries(snippets)) {
      const text = s.body.filter((l) => l !== '$0').join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1') + '\n';
      assert.deepEqual(parseEsxConf(text).diagnostics, [], name);
    }
    const hardened = snippets['Hardened host options']!.body.filter((l) => l !== '$0').join('\n') + '\n';
    const findings = lintText({ path: 'etc/vmware/esx.conf', text: hardened, config: defaultConfig() }).findings;
    assert.deepEqual(findings.map((f) => f.ruleId), []);
  });
});

describe('esx.conf at scale', () => {
  it('a 100,000-line host file is parsed and checked in bounded time', () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const n = String(i).padStart(4, '0');
      lines.push(`/net/vswitch/child[${n}]/name = "vSwitch${i}"`, `/net/vswitch/child[${n}]/securityPolicy/forgedTx = "true"`, `/net/vswitch/child[${n}]/portgroup/child[0000]/vlanId = "4095"`, `/firewall/services/rs${i}/enabled = "true"`, `/adv/UserVars/Opt${i} = "0"`);
    }
    const text = lines.join('\n') + '\n';
    const t0 = cpuNow();
    const result = lintText({ path: 'etc/vmware/esx.conf', text, config: { ...defaultConfig(), maxFileSize: 10 * 1024 * 1024 } });
    const ms = cpuNow() - t0;
    // 1,000 findings are listed (the most severe), the rest counted by rule in one VH-TOO-MANY-FINDINGS
    assert.equal(result.findings.length, MAX_FINDINGS);
    const more = result.findings.find((f) => f.ruleId === 'VH-TOO-MANY-FINDINGS')!;
    const counted = Number(/(\d+) ESXCONF-VSS-VGT/.exec(more.message)?.[1] ?? 0);
    assert.equal(result.findings.filter((f) => f.ruleId === 'ESXCONF-VSS-VGT').length + counted, 20_000);
    assert.ok(ms < 10_000, `took ${ms} ms`); // about 1.5 s here; the quadratic version took minutes
  });
});
