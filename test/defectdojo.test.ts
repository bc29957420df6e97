/**
 * DefectDojo imports vharden's SARIF with its "SARIF" scan type. This test reads our logs (one scan, and
 * a merged fleet log) the way that parser does (dojo/tools/sarif/parser.py) and fails where it would
 * raise or lose a field: per run `tool.driver.name`/`version` and `rules` by id; per result `kind`
 * (only `fail` is imported), `message.text` (a `message.id` would be looked up in the rule's
 * `messageStrings`), the first location's `artifactLocation.uri` and `region.startLine`, the rule's
 * `shortDescription`/`fullDescription`, its `properties.security-severity` (parsed as a float: it sets
 * the finding's severity), `fixes[].description.text` (joined as the mitigation) and
 * `partialFingerprints` keys (`name/vN`, the version parsed as an integer) for deduplication, and
 * whether `suppressions` is non-empty (such a result becomes an inactive false positive; the
 * suppression's kind, status and justification are not read, so the reason does not reach DefectDojo).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ruleMeta } from '../server/src/catalog';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const INSECURE = readFileSync(join(ROOT, 'examples', 'vmware', 'build-fw-lab.vmx'), 'utf8');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** DefectDojo's severity from a rule's `security-severity` (a CVSS-like score). */
function dojoSeverity(cvss: number): string {
  return cvss >= 9 ? 'Critical' : cvss >= 7 ? 'High' : cvss >= 4 ? 'Medium' : cvss > 0 ? 'Low' : 'Info';
}

interface DojoFinding { title: string; active: boolean; falsePositive: boolean; severity: string; description: string; filePath?: string; line?: number; vulnIdFromTool: string; mitigation?: string; uniqueIdFromTool?: string }

/** What the SARIF parser builds from a log, asserting every field it reads without a default. */
function dojoImport(log: any): { tests: { name: string; version?: string; findings: DojoFinding[] }[] } {
  assert.ok(Array.isArray(log.runs), 'runs');
  return {
    tests: log.runs.map((run: any) => {
      assert.equal(typeof run.tool.driver.name, 'string', 'tool.driver.name');
      const rules = new Map<string, any>();
      for (const rule of run.tool.driver.rules ?? []) {
        assert.equal(typeof rule.id, 'string', 'rule id');
        rules.set(rule.id, rule);
      }
      const findings: DojoFinding[] = [];
      for (const result of run.results ?? []) {
        if ((result.kind ?? 'fail') !== 'fail') continue;
        const rule = rules.get(result.ruleId);
        assert.ok(rule, `rule ${result.ruleId} is described in its run`);
        assert.equal(result.message.id, undefined, 'message.id would be looked up in messageStrings');
        assert.equal(typeof result.message.text, 'string', 'message.text');
        assert.equal(typeof rule.shortDescription.text, 'string', `${rule.id} shortDescription`);
        assert.equal(typeof rule.fullDescription.text, 'string', `${rule.id} fullDescription`);
        let filePath: string | undefined;
        let line: number | undefined;
        const loc = result.locations?.[0];
        if (loc?.physicalLocation) {
          filePath = loc.physicalLocation.artifactLocation.uri;
          assert.equal(typeof filePath, 'string', 'artifactLocation.uri');
          if (loc.physicalLocation.region) {
            line = loc.physicalLocation.region.startLine;
            assert.ok(Number.isInteger(line) && line! >= 1, 'region.startLine');
          }
        }
        const cvss = Number.parseFloat(rule.properties['security-severity']);
        assert.ok(cvss >= 0 && cvss <= 10, `${rule.id} security-severity`);
        const mitigation = result.fixes?.map((f: any) => {
          assert.equal(typeof f.description.text, 'string', 'fix description.text');
          return f.description.text;
        }).join('\n');
        let uniqueIdFromTool: string | undefined;
        if (result.partialFingerprints) {
          uniqueIdFromTool = Object.keys(result.partialFingerprints).sort().map((k) => {
            if (k.includes('/')) assert.match(k.split('/').at(-1)!, /^v?\d+$/, `fingerprint key ${k}`);
            return `${k.includes('/') ? k.split('/').at(-2) : k}:${result.partialFingerprints[k]}`;
          }).join('|');
        }
        const suppressed = Array.isArray(result.suppressions) && result.suppressions.length > 0;
        findings.push({
          title: result.message.text.slice(0, 150),
          active: !suppressed,
          falsePositive: suppressed,
          severity: dojoSeverity(cvss),
          description: `**Result message:** ${result.message.text}\n**Rule name:** ${rule.name}\n**Rule short description:** ${rule.shortDescription.text}\n**Rule full description:** ${rule.fullDescription.text}`,
          filePath,
          line,
          vulnIdFromTool: result.ruleId,
          mitigation,
          uniqueIdFromTool,
        });
      }
      return { name: run.tool.driver.name, version: run.tool.driver.version, findings };
    }),
  };
}

describe('DefectDojo SARIF import', { skip: existsSync(CLI) ? false : 'dist/cli.js missing: run npm run build' }, () => {
  it('a scan imports with file, line, rule id, severity, mitigation and a stable id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vharden-dojo-'));
    writeFileSync(join(dir, 'vm.vmx'), INSECURE);
    const r = cli(['scan', '-f', 'sarif', '.'], dir);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout);
    const { tests } = dojoImport(log);
    assert.equal(tests.length, 1);
    assert.equal(tests[0]!.name, 'vharden');
    assert.ok(tests[0]!.version);
    const findings = tests[0]!.findings;
    assert.equal(findings.length, log.runs[0].results.length);
    const vnc = findings.find((f) => f.vulnIdFromTool === 'VMX-CONSOLE-VNC')!;
    assert.deepEqual([vnc.filePath, vnc.line, vnc.severity], ['vm.vmx', 17, 'High']);
    assert.match(vnc.uniqueIdFromTool!, /^vharden:[0-9a-f]{32}$/);
    assert.ok(findings.some((f) => f.mitigation), 'safe fixes become mitigations');
    assert.equal(new Set(findings.map((f) => f.uniqueIdFromTool)).size, findings.length, 'distinct findings keep distinct ids');
    // DefectDojo takes the severity from the rule's security-severity (the rule's default severity)
    const expected: Record<string, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Low' };
    for (const rule of log.runs[0].tool.driver.rules) {
      const meta = ruleMeta(rule.id)!;
      assert.equal(dojoSeverity(Number.parseFloat(rule.properties['security-severity'])), expected[meta.severity], rule.id);
    }
  });

  it('a suppressed finding imports as an inactive false positive, its reason left behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vharden-dojo-'));
    writeFileSync(join(dir, 'vm.vmx'), INSECURE.replace('usb_xhci.present = "TRUE"', 'usb_xhci.present = "TRUE" # vharden-ignore VMX-ISO-USB -- smart-card reader'));
    const r = cli(['scan', '-f', 'sarif', '.'], dir);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    const usb = log.runs[0].results.find((x: any) => x.ruleId === 'VMX-ISO-USB');
    assert.deepEqual(usb.suppressions, [{ kind: 'inSource', status: 'accepted', justification: 'smart-card reader' }]);
    const findings = dojoImport(log).tests[0]!.findings;
    const imported = findings.filter((f) => f.vulnIdFromTool === 'VMX-ISO-USB');
    assert.ok(imported.length > 0);
    for (const f of imported) assert.deepEqual([f.active, f.falsePositive], [false, true]);
    assert.ok(!JSON.stringify(imported).includes('smart-card reader'), 'the parser reads no justification');
    assert.ok(findings.some((f) => f.active && !f.falsePositive), 'the other findings stay active');
    // the reason reaches auditors through the HDF export, as a waiver
    const hdf = JSON.parse(cli(['scan', '-f', 'hdf', '.'], dir).stdout);
    assert.ok(JSON.stringify(hdf).includes('smart-card reader'));
  });

  it('a merged fleet log imports one test per host, each run carrying the rules its results use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vharden-dojo-'));
    for (const host of ['esx01', 'esx02']) {
      writeFileSync(join(dir, `${host}.vmx`), INSECURE);
      const r = cli(['scan', '-f', 'sarif', '-o', `${host}.sarif`, `${host}.vmx`], dir);
      assert.equal(r.code, 1, r.stderr);
    }
    const m = cli(['merge', 'esx01.sarif', 'esx02.sarif', '-o', 'fleet.sarif'], dir);
    assert.equal(m.code, 0, m.stderr);
    const { tests } = dojoImport(JSON.parse(readFileSync(join(dir, 'fleet.sarif'), 'utf8')));
    assert.equal(tests.length, 2);
    for (const t of tests) assert.ok(t.findings.length > 0);
    assert.deepEqual(tests.map((t) => t.findings.find((f) => f.vulnIdFromTool === 'VMX-CONSOLE-VNC')!.filePath), ['esx01.vmx', 'esx02.vmx']);
  });
});
