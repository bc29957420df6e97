import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig, matchesAny, ruleOverride, type EffectiveConfig } from '../server/src/engine/config';
import { MAX_MESSAGE, MAX_PER_CODE } from '../server/src/engine/diagnostics';
import { MAX_FACTS, MAX_FINDINGS, lintFile, lintText } from '../server/src/engine/engine';
import { pathMatcher, withConfigFile } from '../server/src/engine/config-file';
import { lintTogether as lintProject } from './helpers/session';
import { isCrossFileRuleId } from '../server/src/catalog';
import { MAX_SUPPRESSION_IDS } from '../server/src/engine/suppress';
import { applyEdits } from '../server/src/engine/text';
import type { Finding } from '../server/src/engine/types';
import { directiveIdsEnd } from '../server/src/lsp/actions';
import { EVIL_GLOBS, EVIL_PATH_GLOBS, hostileCases, lines, ovsdb } from '../scripts/bench/hostile.mjs';
import { cpuNow } from './helpers/cpu-time';

// Issue 13, "scans that never hang": each attack from the issue, through the public engine
// functions. The bounds are generous (a hang or a quadratic blow-up is the failure; speed is
// measured in `npm run bench -- hostile`).

const HANG_MS = 5000;

function bounded<T>(what: string, fn: () => T, ms = HANG_MS): T {
  const t0 = cpuNow();
  const r = fn();
  const took = cpuNow() - t0;
  assert.ok(took < ms, `${what}: ${Math.round(took)} ms (bound ${ms} ms)`);
  return r;
}

const lint = (path: string, text: string, config: EffectiveConfig = defaultConfig()) => bounded(path, () => lintText({ path, text, config }));
const ids = (fs: Finding[]) => fs.map((f) => f.ruleId);
const VMX = '.encoding = "UTF-8"\nconfig.version = "8"\nRemoteDisplay.vnc.enabled = "TRUE"\n';

describe('globs from files vharden does not trust are matched in linear time', () => {
  it('vharden-ignore-file with `****************!`-style ids: no hang, reported as suppressing nothing', () => {
    const text = VMX + EVIL_GLOBS.map((g) => `# vharden-ignore-file ${g} -- lab VM, rebuilt nightly`).join('\n') + '\n';
    const r = lint('x.vmx', text);
    assert.ok(ids(r.findings).includes('VMX-CONSOLE-VNC'), 'nothing is suppressed');
    assert.equal(r.findings.filter((f) => f.ruleId === 'VH-UNUSED-SUPPRESSION').length, EVIL_GLOBS.length);
  });

  it('the same globs in an OVS script (suppressions naming project rules are read there too)', () => {
    const text = '#!/bin/sh\novs-vsctl add-br br0 -- add-port br0 tap1i0\n' + EVIL_GLOBS.map((g) => `# vharden-ignore ${g}`).join('\n') + '\n';
    bounded('project rules', () => lintProject([{ path: 'h/net.sh', text, config: defaultConfig(), root: 'h' }]));
    for (const g of EVIL_GLOBS) assert.equal(bounded(g, () => isCrossFileRuleId(g)), false);
  });

  it('`.vharden.yaml` rules, `--rule` and settings globs (ruleOverride)', () => {
    const config = withConfigFile(defaultConfig(), { rules: Object.fromEntries(EVIL_GLOBS.map((g) => [g, 'off'])) });
    const r = lint('x.vmx', VMX, config);
    assert.ok(ids(r.findings).includes('VMX-CONSOLE-VNC'));
    bounded('1,000 rule ids', () => {
      for (let i = 0; i < 1000; i++) assert.equal(ruleOverride(config, `VMX-RULE-${'A'.repeat(i % 40)}`), undefined);
    });
  });

  it('`.vharden.yaml` ignore globs against a path 20 folders deep', () => {
    const deep = `${'a'.repeat(40)}/`.repeat(20) + `${'a'.repeat(60)}.vmx`;
    const ignored = pathMatcher(EVIL_PATH_GLOBS);
    bounded('ignore', () => {
      for (let i = 0; i < 100; i++) assert.equal(ignored(deep), false);
    });
  });

  it('monitoring.requiredFor and authorizedSensors globs against long bridge names', () => {
    const name = 'a'.repeat(60);
    bounded('matchesAny', () => {
      for (let i = 0; i < 2000; i++) assert.equal(matchesAny(`${name}${i}`, EVIL_GLOBS), false);
    });
    const config = { ...defaultConfig(), monitoring: { requiredFor: EVIL_GLOBS, authorizedSensors: EVIL_GLOBS } };
    const text = '#!/bin/sh\n' + lines(500, (i) => `ovs-vsctl add-br ${name}${i} -- add-port ${name}${i} tap${i}i0 -- --id=@p get port tap${i}i0 -- --id=@m create mirror name=m${i} select-all=true output-port=@p -- set bridge ${name}${i} mirrors=@m`);
    const [r] = bounded('project', () => lintProject([{ path: 'h/net.sh', text, config, root: 'h' }]));
    assert.ok(ids(r!.findings).includes('OVS-MIR-OUTPUT'), 'the sensors allow-list matched nothing, so every mirror output is reported');
  });

  it(`a file may name at most ${MAX_SUPPRESSION_IDS} rule ids in suppressions; the rest get one diagnostic`, () => {
    const text = VMX + lines(MAX_SUPPRESSION_IDS + 500, (i) => `k${i} = "1" # vharden-ignore VMX-ISO-USB -- lab`);
    const r = lint('x.vmx', text);
    const over = r.findings.filter((f) => f.locator === 'suppression:too-many');
    assert.equal(over.length, 1);
    assert.match(over[0]!.message, /more than 1000 rule ids.*499 after it/);
  });

  it('a suppression id over the length cap is reported, not used', () => {
    const r = lint('x.vmx', VMX.replace('"TRUE"\n', `"TRUE" # vharden-ignore VMX-${'*'.repeat(300)} -- x\n`));
    assert.ok(ids(r.findings).includes('VMX-CONSOLE-VNC'));
    assert.match(r.findings.find((f) => f.locator === 'suppression:line:too-long')!.message, /at most 256 characters/);
  });
});

describe('regexes on file content are bounded', () => {
  it('the "suppress on this line" quick fix finds the id list on a 240 KB line at once, as before on normal lines', () => {
    const long = `# vharden-ignore VMX-ISO-USB${' '.repeat(240 * 1024)}x`;
    assert.equal(bounded('240 KB line', () => directiveIdsEnd(long)), long.length, 'the ids run to the x at the end, as the regex found (slowly)');
    const repeated = 'vharden-ignore '.repeat(20_000);
    assert.equal(bounded('keyword repeated', () => directiveIdsEnd(repeated)), repeated.length - 1);
    const cases: [string, number | undefined][] = [
      ['# vharden-ignore VMX-ISO-USB -- lab', '# vharden-ignore VMX-ISO-USB'.length],
      ['# vharden-ignore VMX-ISO-USB, VMX-ISO-HGFS', '# vharden-ignore VMX-ISO-USB, VMX-ISO-HGFS'.length],
      ['<!-- vharden-ignore DOM-GRAPHICS-PUBLIC: lab -->', '<!-- vharden-ignore DOM-GRAPHICS-PUBLIC'.length],
      ['# vharden-ignore-file VMX-ISO-USB', undefined],
      ['# vharden-ignore', undefined],
      ['# vharden-ignore a vharden-ignore\tB -- x', '# vharden-ignore a vharden-ignore\tB'.length],
    ];
    for (const [line, end] of cases) assert.equal(directiveIdsEnd(line), end, line);
    // the regex it replaces, as the oracle on short lines
    const old = (line: string) => {
      const m = /vharden-ignore(?!-file)\s+([A-Za-z0-9*?_,\- ]*?[A-Za-z0-9*?_-])(?=\s*(--|:|-->|$))/.exec(line);
      return m ? m.index + m[0].length : undefined;
    };
    const tokens = fc.array(fc.constantFrom('vharden-ignore', '-file', ' ', '\t', 'A', 'B1', ',', '-', '--', ':', '-->', '#', 'x!', '*'), { maxLength: 14 });
    fc.assert(fc.property(tokens, (t) => assert.equal(directiveIdsEnd(t.join('')), old(t.join('')), JSON.stringify(t.join('')))), { numRuns: 3000 });
  });

  it('content sniffing of unrelated 1 MB files', () => {
    const sniff = hostileCases().find((c) => c.name.startsWith('content sniffing'))!;
    for (const [path, text] of Object.entries(sniff.files)) lint(path, text);
  });
});

describe('parsers and cross-file passes are linear; findings are capped', () => {
  it(`1,000,000 junk lines: ${MAX_PER_CODE} parse errors and one "N more"`, () => {
    const r = lint('x.vmx', lines(1_000_000, () => 'x'));
    const errors = r.findings.filter((f) => f.ruleId === 'VH-PARSE-ERROR');
    assert.equal(errors.length, MAX_PER_CODE + 1);
    assert.match(errors.find((f) => f.locator === 'VH-PARSE-ERROR:more')!.message, /^999900 more VH-PARSE-ERROR/);
  });

  it('100,000 vharden-ignore comment lines (the next content line is found once, not per directive)', () => {
    lint('x.vmx', VMX + lines(100_000, () => '# vharden-ignore VMX-CONSOLE-VNC -- lab') + 'RemoteDisplay.vnc.port = "5900"\n');
  });

  it(`findings are capped at ${MAX_FINDINGS}, the most severe kept, with one VH-TOO-MANY-FINDINGS carrying the worst left out`, () => {
    const text = `<domain type='kvm'>\n  <name>big</name>\n  <devices>\n${lines(3000, (i) => `    <graphics type='vnc' port='${5900 + i}' listen='0.0.0.0'/>`)}  </devices>\n</domain>\n`;
    const r = lint('etc/libvirt/qemu/big.xml', text);
    assert.equal(r.findings.length, MAX_FINDINGS);
    const more = r.findings.filter((f) => f.ruleId === 'VH-TOO-MANY-FINDINGS');
    assert.equal(more.length, 1);
    const worstKept = Math.min(...r.findings.filter((f) => f !== more[0]).map((f) => ['critical', 'high', 'medium', 'low', 'info'].indexOf(f.severity)));
    assert.equal(['critical', 'high', 'medium', 'low', 'info'][worstKept], more[0]!.severity, 'the closing finding has the severity of the worst finding left out');
    assert.match(more[0]!.message, /more findings in this file are not listed.*DOM-GRAPHICS-PUBLIC/);
  });

  it('alternating duplicate keys: the fix is carried once per key, reports stay small, fix-all still removes them', () => {
    const text = lines(2000, (i) => (i % 2 ? 'b = "1"' : 'a = "1"'));
    const r = lint('x.vmx', text);
    const dups = r.findings.filter((f) => f.ruleId === 'VH-DUPLICATE-KEY');
    assert.equal(dups.filter((f) => f.fixes?.length).length, 2, 'one fix per key');
    assert.ok(JSON.stringify(r).length < 1_000_000, `${JSON.stringify(r).length} characters of JSON`);
    const edits = dups.flatMap((f) => f.fixes?.[0]?.edits ?? []);
    assert.equal(applyEdits(text, edits).text, 'a = "1"\nb = "1"\n');
  });

  for (const name of ['OVS script with 20,000 bridges', 'OVS script, 20,000 commands on one line', 'fabric join', 'domain XML with 40,000 `<graphics>` elements on one line', '/etc/network/interfaces of 3.2 MB', 'OVSDB conf.db with 10,000 bridges']) {
    it(`${name}: lints and links in bounded time`, () => {
      const c = hostileCases().find((x) => x.name.includes(name))!;
      const inputs = Object.entries(c.files).map(([path, text]) => ({ path: `h/${path}`, text, config: defaultConfig(), root: 'h' }));
      const results = bounded(name, () => lintProject(inputs), 20_000);
      for (const r of results) assert.ok(r.findings.length <= 2 * MAX_FINDINGS + 2, `${r.path}: ${r.findings.length} findings`);
    });
  }

  it(`a file contributes at most ${MAX_FACTS} switches, ports and mirrors each to the cross-file rules, and says so`, () => {
    const text = '#!/bin/sh\n' + lines(MAX_FACTS + 10, (i) => `ovs-vsctl add-br br${i} -- add-port br${i} tap${i}i0`);
    const { result, facts } = bounded('facts', () => lintFile({ path: 'h/net.sh', text, config: defaultConfig() }));
    assert.equal(facts!.switches.length, MAX_FACTS);
    assert.equal(facts!.ports.length, MAX_FACTS);
    assert.match(result.findings.find((f) => f.locator === 'too-many-facts')!.message, /defines 10010 switches, 10010 ports and 0 mirrors; only the first 10000/);
  });

  it('an OVSDB log with 10,000 bridges reports them (positions found in one pass over the record)', () => {
    const [r] = lintProject([{ path: 'h/etc/openvswitch/conf.db', text: ovsdb(10_000), config: defaultConfig(), root: 'h' }]);
    assert.ok(r!.findings.some((f) => f.ruleId === 'OVS-MIR-MISSING'), ids(r!.findings).slice(0, 5).join());
  });
});

describe('messages stay short whatever a file repeats', () => {
  // a value quoted in a message (a name, a list left open) can run for pages in a damaged or hostile file
  const long = 'h'.repeat(50_000);
  const short = (fs: Finding[]) => {
    assert.ok(fs.length > 0, 'there are findings');
    for (const f of fs) {
      assert.ok(f.message.length <= MAX_MESSAGE, `${f.ruleId}: message of ${f.message.length} characters`);
      for (const fix of [...(f.fixes ?? []), ...(f.templates ?? [])]) assert.ok(fix.title.length <= MAX_MESSAGE, `${f.ruleId}: fix title of ${fix.title.length} characters`);
    }
  };
  it('findings of one file: the start and the end of the message are kept', () => {
    const ct = lint('etc/pve/lxc/101.conf', `arch: amd64\nhostname: ${long}\nunprivileged: 0\n`).findings;
    short(ct);
    const f = ct.find((x) => x.ruleId === 'PVE-LXC-PRIVILEGED')!;
    assert.match(f.message, /^CT 101 \(h+ … h+\) is privileged/);
    assert.match(f.message, /compromises the host\.$/);
    short(lint('etc/pve/qemu-server/101.conf', `name: ${long}\nnet0: virtio=BC:24:11:2C:69:EC,bridge=vmbr${long}\nostype: win7\n`).findings);
  });
  it('cross-file findings', () => {
    const config = defaultConfig();
    const results = bounded('cross-file', () => lintProject([
      { config, path: 'host/etc/pve/qemu-server/101.conf', text: `name: x\nnet0: virtio=BC:24:11:2C:69:EC,bridge=vmbr${long}\n` },
      { config, path: 'host/etc/network/interfaces', text: `auto vmbr${long}\niface vmbr${long} inet manual\n  bridge-ports eno1\n` },
    ]));
    const mirror = results.flatMap((r) => r.findings).filter((f) => isCrossFileRuleId(f.ruleId));
    short(mirror);
  });
  it('a cut never leaves half of a surrogate pair', async () => {
    const { boundedMessage } = await import('../server/src/engine/diagnostics');
    for (let n = MAX_MESSAGE - 4; n < MAX_MESSAGE + 4; n++) {
      for (const pad of ['', 'a']) {
        const m = boundedMessage(pad + '😀'.repeat(n));
        assert.ok(m.length <= MAX_MESSAGE);
        assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(m), `no lone surrogate (${n}, ${JSON.stringify(pad)})`);
      }
    }
  });
});
