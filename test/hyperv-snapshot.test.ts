/**
 * The Hyper-V live inventory: the bundled collector script (resources/vharden-hyperv-inventory.ps1),
 * its snapshot schema (schemas/hyperv-snapshot.schema.json) and the hyperv-snapshot format, through
 * which the HV-* rules and the Hyper-V mirror rules judge a host. pwsh is not available offline here,
 * so the script is never run: its pure snapshot function is mirrored in test/helpers/hyperv-inventory.ts
 * and the snapshot that gives for recorded cmdlet results is checked in and validated.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { detectFormat, formatForDocument } from '../server/src/catalog';
import { defaultConfig } from '../server/src/engine/config';
import { lintText } from '../server/src/engine/engine';
import { HYPERV_HOST_BUILD, hypervSnapshotFormat, type HypervHostBuild } from '../server/src/formats/hyperv-snapshot';
import { parseScript } from '../server/src/formats/powershell/parser';
import { sarifResults, sarifRules } from '../server/src/report/sarif';
import { lintFixture } from './helpers/fixtures';
import { snapshotOf } from './helpers/hyperv-inventory';

const ROOT = join(__dirname, '..');
const SCRIPT = readFileSync(join(ROOT, 'resources', 'vharden-hyperv-inventory.ps1'), 'utf8');
const DIR = join(__dirname, 'fixtures', 'hyperv-inventory');
const RESULTS = JSON.parse(readFileSync(join(DIR, 'results.json'), 'utf8'));
const EXPECTED_PATH = join(DIR, 'expected.hyperv.json');
const EXPECTED_TEXT = readFileSync(EXPECTED_PATH, 'utf8');
const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'hyperv-snapshot.schema.json'), 'utf8')));

/** Cmdlets a read-only collector may call besides Get-*: none of them changes the host. */
const ALLOWED = new Set(['convertto-json', 'select-object', 'where-object', 'foreach-object', 'sort-object', 'write-output', 'write-verbose', 'write-warning']);
/** .NET static calls the script makes: writing the snapshot to the -OutFile the admin names. */
const ALLOWED_STATIC = new Set(['::writealltext', '::new', '::utcnow']);

/** What the script calls that a read-only collector must not: anything but Get-*, the allow-list and its own functions. */
function disallowedCalls(text: string): string[] {
  const script = parseScript(text);
  assert.equal(script.unterminated, undefined, 'the script parses to its end');
  assert.deepEqual(script.unbalanced, [], 'braces and parentheses balance');
  const own = new Set([...text.matchAll(/^\s*function\s+([\w-]+)/gim)].map((m) => m[1]!.toLowerCase()));
  const bad: string[] = [];
  for (const c of script.commands) {
    const name = c.name.toLowerCase();
    if (/^get-[a-z]+$/.test(name) || ALLOWED.has(name) || own.has(name) || ALLOWED_STATIC.has(name)) continue;
    // `& $read …`: the script's own helper block
    if (name === '&' && /^&\s*\$(read|Call)\b/.test(text.slice(c.start, c.start + 12))) continue;
    bad.push(c.name);
  }
  for (const m of text.matchAll(/\]::(\w+)/g)) if (!ALLOWED_STATIC.has(`::${m[1]!.toLowerCase()}`)) bad.push(m[0]);
  return bad;
}

describe('vharden-hyperv-inventory.ps1', () => {
  it('parses with vharden\'s PowerShell parser and calls only Get-* cmdlets and the read-only allow-list', () => {
    assert.deepEqual(disallowedCalls(SCRIPT), []);
    const calls = new Set(parseScript(SCRIPT).commands.map((c) => c.name));
    for (const need of ['Get-VMHost', 'Get-VMSwitch', 'Get-VM', 'Get-VMNetworkAdapter', 'Get-VMFirmware', 'Get-VMSecurity', 'Get-VMKeyProtector', 'Get-VMIntegrationService', 'Get-VMProcessor', 'Get-VMMigrationNetwork', 'Get-CimInstance', 'Get-ItemProperty', 'Get-LocalGroupMember', 'ConvertTo-Json']) {
      assert.ok(calls.has(need), `the script calls ${need}`);
    }
  });

  it('the allow-list check fails when a cmdlet that changes the host is added', () => {
    for (const line of ['Set-VMHost -EnableEnhancedSessionMode $true', 'New-VMSwitch -Name x -SwitchType Private', 'Remove-VM -Name web01 -Force', 'Enable-VMIntegrationService -VMName a -Name "Guest Service Interface"', '[System.IO.File]::Delete("C:\\x")']) {
      const text = SCRIPT.replace('  $vmHost = Get-VMHost\n', `  $vmHost = Get-VMHost\n  ${line}\n`);
      assert.notEqual(text, SCRIPT);
      assert.ok(disallowedCalls(text).length > 0, `${line} is caught`);
    }
  });

  it('is read by the hyperv-ps format with no finding and no diagnostic (it reads, it sets nothing)', () => {
    const r = lintText({ path: 'resources/vharden-hyperv-inventory.ps1', text: SCRIPT, config: defaultConfig() });
    assert.equal(r.format, 'hyperv-ps');
    assert.deepEqual(r.findings.map((f) => `${f.ruleId} ${f.line + 1}`), []);
  });

  it('the pure function writes the members the schema and the expected snapshot have', () => {
    const body = SCRIPT.slice(SCRIPT.indexOf('function ConvertTo-VhardenAdapter'), SCRIPT.indexOf('# Dot-sourced'));
    const written = new Set([...body.matchAll(/(?:^|[{;])\s*([a-zA-Z]+)\s+=\s/gm)].map((m) => m[1]!));
    const inSnapshot = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (inSnapshot.add(k), walk(x));
    };
    walk(JSON.parse(EXPECTED_TEXT));
    assert.deepEqual([...inSnapshot].filter((k) => !written.has(k)).sort(), [], 'every member of the snapshot is written by the script');
    assert.deepEqual([...written].filter((k) => !inSnapshot.has(k)).sort(), [], 'every member the script writes is in the expected snapshot');
  });
});

describe('hyperv snapshot of recorded cmdlet results', () => {
  it('is what the pure function gives for the recorded results', () => {
    assert.deepEqual(JSON.parse(EXPECTED_TEXT), snapshotOf(RESULTS, '2026-12-01T09:30:00Z'));
  });

  it('validates against schemas/hyperv-snapshot.schema.json', () => {
    assert.ok(validate(JSON.parse(EXPECTED_TEXT)), JSON.stringify(validate.errors));
  });

  it('a cmdlet that could not read leaves null and a notCollected entry, still valid', () => {
    const r = structuredClone(RESULTS);
    r.Administrators = null;
    r.UBR = null;
    r.VMs[0].NetworkAdapters = null;
    r.NotCollected = ['Get-LocalGroupMember Hyper-V Administrators: Access is denied.'];
    const snap = snapshotOf(r, '2026-12-01T09:30:00Z');
    assert.ok(validate(snap), JSON.stringify(validate.errors));
    const res = lintText({ path: 'hv01.hyperv.json', text: JSON.stringify(snap, null, 2), config: defaultConfig() });
    assert.deepEqual(res.findings.filter((f) => f.ruleId.startsWith('VH-')).map((f) => f.ruleId), ['VH-NOT-COLLECTED']);
  });

  it('the schema rejects an enum written as a number (ConvertTo-Json writes enums as numbers unless the script names them)', () => {
    const snap = JSON.parse(EXPECTED_TEXT);
    snap.vms[0].networkAdapters[0].macAddressSpoofing = 1;
    assert.equal(validate(snap), false);
  });
});

describe('hyperv-snapshot format', () => {
  it('is detected by its format member and by the .hyperv.json name, not as a vSphere snapshot', () => {
    assert.equal(detectFormat('snap/hv01.json', EXPECTED_TEXT)?.id, 'hyperv-snapshot');
    assert.equal(detectFormat('hv01.hyperv.json', '{}')?.id, 'hyperv-snapshot');
    assert.notEqual(detectFormat('x.json', '{"format": "vharden-vsphere-snapshot", "version": 1}')?.id, 'hyperv-snapshot');
    assert.equal(detectFormat('x.json', '{"name": "HV01"}'), undefined);
  });

  it('the VS Code client sends *.hyperv.json files to the server, which reads them as JSON documents', () => {
    const extension = readFileSync(join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.match(extension, /SNAPSHOT_FILES = '\*\*\/\*\.hyperv\.json'/);
    assert.match(extension, /pattern: SNAPSHOT_FILES/);
    assert.ok(pkg.activationEvents.includes('workspaceContains:**/*.hyperv.json'));
    assert.equal(formatForDocument('json', '/p/hv01.hyperv.json', EXPECTED_TEXT)?.id, 'hyperv-snapshot');
  });

  it('the expected snapshot parses without diagnostics', () => {
    assert.deepEqual(hypervSnapshotFormat.parse(EXPECTED_TEXT, { path: 'hv01.hyperv.json' }).diagnostics, []);
  });

  it('the HV-* rules and the Hyper-V mirror rules judge it, at the value and naming the object', () => {
    const r = lintFixture(EXPECTED_PATH, EXPECTED_TEXT);
    const got = r.findings.filter((f) => !f.suppressed).map((f) => `${f.ruleId} ${f.line + 1}:${f.character + 1} ${f.severity} ${f.object ? `${f.object.kind} ${f.object.name}` : '-'}`);
    assert.deepEqual(got.sort(), [
      'HV-HOST-CREDSSP 17:7 medium host HV01',
      'HV-MIR-DEST-UNAUTH 177:11 low nic ids01/Monitor',
      'HV-NIC-GUARDS 100:11 low nic web01/Network Adapter',
      'HV-NIC-GUARDS 99:11 low nic web01/Network Adapter',
      'HV-NIC-MACSPOOF 136:11 medium nic web02/Network Adapter',
      'HV-SWITCH-MGMTOS 37:15 medium switch External',
      'HV-VM-GUESTSERVICE 167:11 low vm ids01',
      'HV-VM-SECUREBOOT 112:9 medium vm web02',
    ].sort());
    const lines = EXPECTED_TEXT.split('\n');
    assert.match(lines[16]!, /^\s*"authenticationType": "CredSSP"/);
    assert.match(lines[98]!, /^\s*"dhcpGuard": "Off"/);
    assert.match(lines[135]!, /^\s*"macAddressSpoofing": "On"/);
    assert.match(lines[176]!, /^\s*"portMirroring": "Destination"/);
    assert.ok(r.findings.every((f) => !f.fixes?.length), 'a snapshot is not where a setting is changed: no fixes');
    assert.equal(r.findings.find((f) => f.ruleId === 'HV-VM-SECUREBOOT')!.object!.path, 'HV01/web02');
    const sarif = sarifResults([r], sarifRules()) as { ruleId: string; locations: { logicalLocations?: unknown[] }[] }[];
    assert.deepEqual(sarif.find((x) => x.ruleId === 'HV-NIC-MACSPOOF')!.locations[0]!.logicalLocations, [{ name: 'web02/Network Adapter', fullyQualifiedName: 'HV01/web02/Network Adapter', kind: 'resource', properties: { objectKind: 'nic' } }], 'SARIF names the object');
  });

  it('a Source adapter with no Destination on its switch is reported; an authorised sensor is not', () => {
    const snap = JSON.parse(EXPECTED_TEXT);
    snap.vms[2].networkAdapters[0].portMirroring = 'None';
    const r = lintFixture('hv01.hyperv.json', JSON.stringify(snap, null, 2));
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('HV-MIR')).map((f) => `${f.ruleId} ${f.object?.name}`), ['HV-MIR-NO-DESTINATION web02/Network Adapter']);
    const config = { ...defaultConfig(), today: '2026-12-01', monitoring: { ...defaultConfig().monitoring, authorizedSensors: ['ids01'] } };
    const ok = lintFixture(EXPECTED_PATH, EXPECTED_TEXT, undefined, config);
    assert.deepEqual(ok.findings.filter((f) => f.ruleId.startsWith('HV-MIR')).map((f) => f.ruleId), []);
  });

  it('snapshots of two hosts in one folder keep their switches apart (a Destination on HV02 does not serve HV01)', () => {
    const a = JSON.parse(EXPECTED_TEXT);
    a.vms[2].networkAdapters[0].portMirroring = 'None';
    const b = JSON.parse(EXPECTED_TEXT);
    b.host.name = 'HV02';
    const files = [{ path: '/fleet/hv01.hyperv.json', text: JSON.stringify(a, null, 2) }, { path: '/fleet/hv02.hyperv.json', text: JSON.stringify(b, null, 2) }];
    const r = lintFixture(files[0]!.path, files[0]!.text, undefined, undefined, files);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'HV-MIR-NO-DESTINATION').map((f) => f.object?.path), ['HV01/web02/Network Adapter']);
  });

  it('judges by the host\'s state: CredSSP while migration is off, guards off on an unshared switch, Secure Boot of generation 1 are not findings', () => {
    const snap = JSON.parse(EXPECTED_TEXT);
    snap.host.migration.enabled = false;
    snap.vms[3].firmware = { secureBoot: 'Off', secureBootTemplate: null };
    const r = lintFixture('hv01.hyperv.json', JSON.stringify(snap, null, 2));
    const ids = r.findings.map((f) => `${f.ruleId} ${f.object?.name ?? ''}`);
    assert.ok(!ids.some((x) => x.startsWith('HV-HOST-CREDSSP')), ids.join('\n'));
    assert.ok(!ids.some((x) => x.includes('old01')), ids.join('\n'));
  });

  it(`gives the host's Windows build as the ${HYPERV_HOST_BUILD} carrier, at the build value`, () => {
    const parsed = hypervSnapshotFormat.parse(EXPECTED_TEXT, { path: 'hv01.hyperv.json' });
    const [b, ...rest] = hypervSnapshotFormat.carriers!(parsed.model)[HYPERV_HOST_BUILD] as HypervHostBuild[];
    assert.equal(rest.length, 0);
    assert.deepEqual({ product: b!.product, build: b!.build }, { product: 'Microsoft Windows Server 2022 Datacenter', build: '10.0.20348.2227' });
    assert.equal(EXPECTED_TEXT.slice(b!.start, b!.end), '"10.0.20348.2227"');
    const none = hypervSnapshotFormat.parse(EXPECTED_TEXT.replace('"build": "10.0.20348.2227"', '"build": null'), { path: 'x' });
    assert.deepEqual(hypervSnapshotFormat.carriers!(none.model)[HYPERV_HOST_BUILD], [], 'no UBR, no build: nothing to judge');
  });

  it('bad input: another version, values of the wrong type and broken JSON are diagnostics, never a crash', () => {
    const newer = lintText({ path: 'a.hyperv.json', text: EXPECTED_TEXT.replace('"version": 1', '"version": 2'), config: defaultConfig() });
    assert.ok(newer.findings.some((f) => f.ruleId === 'VH-PARSE-ERROR' && /newer/.test(f.message)));
    const wrong = lintText({ path: 'a.hyperv.json', text: EXPECTED_TEXT.replace('"generation": 2', '"generation": "two"').replace('"macAddressSpoofing": "On"', '"macAddressSpoofing": true'), config: defaultConfig() });
    const parseErrors = wrong.findings.filter((f) => f.ruleId === 'VH-PARSE-ERROR').map((f) => f.line + 1);
    assert.equal(parseErrors.length, 2, JSON.stringify(parseErrors));
    assert.ok(!wrong.findings.some((f) => f.ruleId === 'HV-NIC-MACSPOOF'), 'a value of the wrong type is not judged');
    const cut = lintText({ path: 'a.hyperv.json', text: EXPECTED_TEXT.slice(0, 3000), config: defaultConfig() });
    assert.ok(cut.findings.some((f) => f.ruleId === 'VH-PARSE-ERROR'));
    assert.ok(cut.findings.some((f) => f.ruleId === 'HV-HOST-CREDSSP'), 'what was read before the damage is still judged');
  });
});
