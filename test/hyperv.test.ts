import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules, detectFormat, formatForDocument } from '../server/src/catalog';
import { defaultConfig } from '../server/src/engine/config';
import { applyEdits } from '../server/src/engine/text';
import { parseHyperVScript } from '../server/src/formats/powershell';
import { parseScript, type PsCommand } from '../server/src/formats/powershell/parser';
import { fixturesOf, lintFixture } from './helpers/fixtures';
import { lintTogether } from './helpers/session';

function cmd(text: string, name: string): PsCommand {
  const c = parseScript(text).commands.find((x) => x.name.toLowerCase() === name.toLowerCase());
  assert.ok(c, `${name} is read`);
  return c;
}

function param(c: PsCommand, name: string) {
  return c.params.find((p) => p.name.toLowerCase() === name.toLowerCase());
}

describe('PowerShell parser', () => {
  it('keeps exact offsets of parameters and literal values (quoted, bare, boolean, colon form)', () => {
    const text = "Set-VMNetworkAdapter -VMName 'web01' -MacAddressSpoofing On `\r\n  -DhcpGuard:Off -AllowTeaming $true\n";
    const c = cmd(text, 'Set-VMNetworkAdapter');
    const vm = param(c, 'VMName')!.value!;
    assert.equal(text.slice(vm.start, vm.end), "'web01'");
    assert.equal(vm.text, 'web01');
    const spoof = param(c, 'MacAddressSpoofing')!;
    assert.equal(text.slice(spoof.start, spoof.end), '-MacAddressSpoofing');
    assert.equal(text.slice(spoof.value!.start, spoof.value!.end), 'On');
    assert.equal(param(c, 'DhcpGuard')!.value!.text, 'Off', 'backtick continuation and -Param:value');
    assert.equal(param(c, 'AllowTeaming')!.value!.kind, 'bool');
  });

  it('reads splatted literal hashtables, literal variables and pipelines', () => {
    const text = "$sw = 'LAN'\n$p = @{ Name = 'web01'; SwitchName = $sw }\nNew-VM @p -Generation 2\nGet-VM web01 | Set-VMNetworkAdapter -DhcpGuard On\n";
    const nv = cmd(text, 'New-VM');
    assert.deepEqual(nv.splats[0]!.map((e) => [e.key, e.value.text]), [['Name', 'web01'], ['SwitchName', 'LAN']]);
    const set = cmd(text, 'Set-VMNetworkAdapter');
    assert.ok(set.input && 'name' in set.input && set.input.name === 'Get-VM', 'the piped command is known');
    const hv = parseHyperVScript(text).model.hv;
    assert.deepEqual(hv.nics.map((n) => [n.vm, n.switch]), [['web01', 'LAN']]);
    assert.deepEqual(hv.nicSettings.map((s) => [s.key, s.vms, s.setting.value]), [['dhcpguard', ['web01'], 'on']]);
  });

  it('leaves anything that is not a literal unknown', () => {
    const text = [
      '$a = Get-Content names.txt',
      '$b = "web-$env:COMPUTERNAME"',
      "if ($x) { $c = 'On' } else { $c = 'Off' }",
      "function Set-Lab { param([string]$d = 'On') Set-VMNetworkAdapter -VMName x -MacAddressSpoofing $d }",
      "foreach ($e in 'a','b') { Set-VMNetworkAdapter -VMName $e -MacAddressSpoofing $c }",
      'Set-VMNetworkAdapter -VMName $a -MacAddressSpoofing $b',
      'Set-VMNetworkAdapter -VMName (Get-VM).Name -MacAddressSpoofing "$(Get-Mode)"',
    ].join('\n');
    const hv = parseHyperVScript(text).model.hv;
    assert.deepEqual(hv.nicSettings, [], 'no setting with an unknown value is kept');
    const all = parseScript(text).commands.filter((c) => c.name === 'Set-VMNetworkAdapter');
    assert.equal(all.length, 4, 'commands inside functions, loops and branches are read');
    for (const c of all) assert.equal(param(c, 'VMName')!.value!.kind === 'unknown' || param(c, 'VMName')!.value!.text === 'x', true);
  });

  it('reads DSC resource blocks with their entries', () => {
    const text = "Configuration C {\n  Import-DscResource -ModuleName HyperVDsc\n  Node localhost {\n    VMSwitch 'LAN' {\n      Name = 'LAN'\n      Type = 'External'\n      AllowManagementOS = $true\n    }\n  }\n}\n";
    const s = parseScript(text);
    assert.equal(s.dsc.length, 1);
    assert.equal(s.dsc[0]!.instance, 'LAN');
    assert.deepEqual(s.dsc[0]!.entries.map((e) => [e.key, e.value.kind]), [['Name', 'string'], ['Type', 'string'], ['AllowManagementOS', 'bool']]);
    assert.deepEqual(parseHyperVScript(text).diagnostics, []);
  });

  it('reports broken scripts with a diagnostic and reads the rest', () => {
    for (const text of ["Set-VMNetworkAdapter -VMName 'web01 -MacAddressSpoofing On\n", 'foreach ($x in $y) {\n New-VMSwitch -Name A -SwitchType Internal\n', '<# never closed\nNew-VM x', '}\nNew-VM -Name a\n', "@'\nhere\n"]) {
      const d = parseHyperVScript(text);
      assert.ok(d.diagnostics.some((x) => x.code === 'VH-PARSE-ERROR'), JSON.stringify(text));
    }
    assert.deepEqual(parseHyperVScript('foreach ($x in $y) {\n New-VMSwitch -Name A -SwitchType Internal\n').model.hv.switches.map((s) => s.name), ['A']);
  });

  it('is linear and bounded on hostile input (deep nesting, long lines, many quotes)', () => {
    for (const unit of ['{', '(', '@{', '$(', '"', "'", '`', '@(', '[', '-a ', 'x,', '<#', '$x = ', 'A B {']) {
      const text = `New-VMSwitch -Name s\n${unit.repeat(Math.floor(100_000 / unit.length))}`;
      const t0 = performance.now();
      parseHyperVScript(text);
      const ms = performance.now() - t0;
      assert.ok(ms < 2000, `${JSON.stringify(unit)} x ${text.length}: ${ms.toFixed(0)} ms`);
    }
  });
});

describe('Hyper-V recognition', () => {
  it('recognises .ps1/.psm1 files that use Hyper-V cmdlets or HyperVDsc resources', () => {
    assert.equal(detectFormat('deploy/hosts.ps1', 'New-VMSwitch -Name LAN -SwitchType Internal\n')?.id, 'hyperv-ps');
    assert.equal(detectFormat('dsc/Host.psm1', 'Configuration X {\n Import-DscResource -ModuleName xHyper-V\n}\n')?.id, 'hyperv-ps');
    assert.equal(detectFormat('a.ps1', "New-VM -Name web01 -Generation 2\n")?.id, 'hyperv-ps');
    assert.equal(formatForDocument('powershell', '/w/a.ps1', 'Set-VMFirmware -VMName x -EnableSecureBoot Off\n')?.id, 'hyperv-ps');
  });

  it('leaves other PowerShell alone (PowerCLI, plain scripts, other extensions)', () => {
    assert.equal(detectFormat('vmware.ps1', 'Connect-VIServer vc01\nNew-VM -Name web01 -VMHost esx01 -Datastore ds1\nGet-VM web01 | Start-VM\n'), undefined);
    assert.equal(detectFormat('build.ps1', 'Write-Host hello\n'), undefined);
    assert.equal(detectFormat('notes.txt', 'New-VMSwitch -Name LAN\n'), undefined);
    assert.equal(formatForDocument('powershell', '/w/b.ps1', 'Get-ChildItem\n'), undefined);
  });
});

describe('Hyper-V fixes', () => {
  it('every fix of a Hyper-V rule leaves a script that parses without errors', () => {
    let fixes = 0;
    for (const rule of allRules().filter((r) => r.meta.formats.includes('hyperv-ps'))) {
      const { fixtures, config } = fixturesOf(rule.meta.id);
      for (const fx of fixtures.filter((f) => f.kind === 'bad' && /\.psm?1$/i.test(f.path))) {
        const siblings = fixtures.filter((f) => f.kind === 'bad');
        for (const f of lintFixture(fx.path, fx.text, 'hyperv-ps', config, siblings).findings.filter((x) => x.ruleId === rule.meta.id)) {
          for (const fix of [...(f.fixes ?? []), ...(f.templates ?? [])]) {
            const after = applyEdits(fx.text, fix.edits).text;
            assert.deepEqual(parseHyperVScript(after).diagnostics.map((d) => d.message), [], `${rule.meta.id} ${fx.rel}: ${fix.title}`);
            fixes++;
          }
        }
      }
    }
    assert.ok(fixes >= 10, `${fixes} fixes checked`);
  });
});

describe('Hyper-V mirror policy', () => {
  const tap = "New-VMSwitch -Name 'Prod' -NetAdapterName 'Ethernet 2' -AllowManagementOS $false\nNew-VM -Name 'web01' -SwitchName 'Prod'\nNew-VM -Name 'ids01' -SwitchName 'Prod'\nSet-VMNetworkAdapter -VMName 'web01' -PortMirroring Source\nSet-VMNetworkAdapter -VMName 'ids01' -PortMirroring Destination\n";
  const lint = (text: string, config = defaultConfig()) => lintTogether([{ path: '/r/net.ps1', text, config, root: '/r' }])[0]!.findings.filter((f) => f.ruleId.startsWith('HV-MIR'));

  it('a Destination adapter on an authorised sensor is quiet; any other is high', () => {
    const config = defaultConfig();
    config.monitoring.authorizedSensors = ['ids*'];
    assert.deepEqual(lint(tap, config).map((f) => f.ruleId), []);
    config.monitoring.authorizedSensors = ['sensor01'];
    assert.deepEqual(lint(tap, config).map((f) => [f.ruleId, f.severity]), [['HV-MIR-DEST-UNAUTH', 'high']]);
  });

  it('switches outside monitoring.requiredFor get a hint when unmirrored', () => {
    const text = "New-VMSwitch -Name 'Lab' -SwitchType Internal\nNew-VM -Name 'a' -SwitchName 'Lab'\n";
    assert.deepEqual(lint(text).map((f) => [f.ruleId, f.severity]), [['HV-MIR-MISSING', 'medium']]);
    const config = defaultConfig();
    config.monitoring.requiredFor = ['Prod*'];
    assert.deepEqual(lint(text, config).map((f) => [f.ruleId, f.severity]), [['HV-MIR-MISSING', 'info']]);
  });

  it('the mirror template for a cmdlet switch is commented PowerShell naming the switch', () => {
    const text = "New-VMSwitch -Name 'Lab' -SwitchType Internal\nNew-VM -Name 'a' -SwitchName 'Lab'\n";
    const [f] = lint(text);
    const t = f!.templates![0]!;
    const after = applyEdits(text, t.edits).text;
    assert.match(after, /^# Set-VMNetworkAdapter -VMName SENSOR_VM -PortMirroring Destination$/m);
    assert.match(after, /\$_\.SwitchName -eq 'Lab'/);
  });
});
