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

describe('Hyper-V policy, context and Packer rules', () => {
  const lintAs = (path: string, text: string, config = defaultConfig()) => lintTogether([{ path, text, config, root: '/r' }])[0]!.findings;
  const ids = (path: string, text: string, prefix: string, config = defaultConfig()) => lintAs(path, text, config).filter((f) => f.ruleId.startsWith(prefix)).map((f) => [f.ruleId, f.severity, f.line + 1]);

  it('@() of quoted literals is an array; barewords, variables and commands in it are not literals', () => {
    const c = cmd("Add-LocalGroupMember -Group 'Hyper-V Administrators' -Member @(\n  'a'\n  'b', 'c'\n)\n", 'Add-LocalGroupMember');
    assert.deepEqual(param(c, 'Member')?.value?.items?.map((x) => x.text), ['a', 'b', 'c']);
    assert.equal(param(cmd('Add-X -Member @(hostname)\n', 'Add-X'), 'Member')?.value?.kind, 'unknown');
    assert.equal(param(cmd("Add-X -Member @('a', $b)\n", 'Add-X'), 'Member')?.value?.kind, 'unknown');
  });

  it('HV-VM-VTPM reports nothing without a shielding policy, and only the VMs it names with one', () => {
    const text = "New-VM -Name 'db01' -Generation 2\nNew-VM -Name 'web01' -Generation 2\n";
    assert.deepEqual(ids('/r/a.ps1', text, 'HV-VM-VTPM'), []);
    const config = { ...defaultConfig(), shielding: { requiredFor: ['db*'] } };
    assert.deepEqual(ids('/r/a.ps1', text, 'HV-VM-VTPM', config), [['HV-VM-VTPM', 'medium', 1]]);
    assert.deepEqual(ids('/r/a.ps1', text + "Enable-VMTPM 'db01'\n", 'HV-VM-VTPM', config), []);
  });

  it('shielding.requiredFor is read from .vharden.yaml and unknown keys are errors', async () => {
    const { parseConfigFile, withConfigFile } = await import('../server/src/engine/config-file');
    const ok = parseConfigFile("shielding:\n  requiredFor: ['dc*']\n");
    assert.deepEqual(ok.errors, []);
    assert.deepEqual(withConfigFile(defaultConfig(), ok.config).shielding, { requiredFor: ['dc*'] });
    assert.match(parseConfigFile('shielding:\n  vms: [a]\n').errors[0]!.message, /shielding\.vms/);
    assert.equal(withConfigFile(defaultConfig(), parseConfigFile('profile: server\n').config).shielding, undefined);
    const { toConfig } = await import('../server/src/lsp/settings');
    assert.deepEqual(toConfig({ shielding: { requiredFor: ['db*', 3] } }).shielding, { requiredFor: ['db*'] });
    assert.equal(toConfig({ shielding: { requiredFor: [] } }).shielding, undefined);
  });

  it('nested virtualization and enhanced sessions are judged on servers only (profile or file evidence)', () => {
    const text = "Set-VMProcessor -VMName 'app01' -ExposeVirtualizationExtensions $true\nSet-VMHost -EnableEnhancedSessionMode $true\n";
    assert.deepEqual(ids('/r/a.ps1', text, 'HV-'), []);
    assert.deepEqual(ids('/r/a.ps1', `Install-WindowsFeature Hyper-V\n${text}`, 'HV-'), [['HV-VM-NESTED', 'low', 2], ['HV-HOST-ENHANCEDSESSION', 'low', 3]]);
    assert.deepEqual(ids('/r/a.ps1', text, 'HV-', { ...defaultConfig(), profile: 'server' }), [['HV-VM-NESTED', 'medium', 1], ['HV-HOST-ENHANCEDSESSION', 'low', 2]]);
    assert.deepEqual(ids('/r/a.ps1', text, 'HV-', { ...defaultConfig(), profile: 'lab' }), []);
  });

  it('Hyper-V Administrators: broad principals are high, named members medium, and a desktop owner adding themselves is quiet', () => {
    const text = "net localgroup \"Hyper-V Administrators\" Everyone /add\nAdd-LocalGroupMember 'Hyper-V Administrators' 'CONTOSO\\ops'\nAdd-LocalGroupMember -Group 'Administrators' -Member 'CONTOSO\\x'\n";
    assert.deepEqual(ids('/r/a.ps1', text, 'HV-HOST-ADMINS'), [['HV-HOST-ADMINS', 'high', 1], ['HV-HOST-ADMINS', 'medium', 2]]);
    assert.deepEqual(ids('/r/a.ps1', `New-VM -Name x -SwitchName 'Default Switch'\n${text}`, 'HV-HOST-ADMINS'), [['HV-HOST-ADMINS', 'high', 2]]);
    assert.equal(detectFormat('a.ps1', "Add-LocalGroupMember -Group 'Hyper-V Administrators' -Member bob\n")?.id, 'hyperv-ps');
  });

  it('Packer hyperv-iso feeds the same rules: MAC spoofing, Secure Boot on generation 2, nested virtualization on a server', () => {
    const src = 'source "hyperv-iso" "w" {\n  generation = 2\n  enable_mac_spoofing = true\n  enable_secure_boot = false\n  enable_virtualization_extensions = true\n}\n';
    assert.deepEqual(ids('/r/w.pkr.hcl', src, 'HV-'), [['HV-NIC-MACSPOOF', 'medium', 3], ['HV-VM-SECUREBOOT', 'medium', 4]]);
    const server = ids('/r/w.pkr.hcl', src, 'HV-', { ...defaultConfig(), profile: 'server' });
    assert.ok(server.some((f) => f[0] === 'HV-VM-NESTED' && f[2] === 5));
    const findings = lintAs('/r/w.pkr.hcl', src, { ...defaultConfig(), profile: 'server' }).filter((f) => f.ruleId.startsWith('HV-'));
    const fixed = applyEdits(src, findings.flatMap((f) => f.fixes![0]!.edits)).text;
    assert.match(fixed, /enable_mac_spoofing = false\n  enable_secure_boot = true\n  enable_virtualization_extensions = false/);
    // generation 1 has no Secure Boot; a value from elsewhere is reported without a fix
    assert.deepEqual(ids('/r/w.pkr.hcl', 'source "hyperv-iso" "w" {\n  enable_secure_boot = false\n}\n', 'HV-'), []);
    const viaVar = lintAs('/r/w.pkr.hcl', 'variable "spoof" {\n  default = true\n}\nsource "hyperv-iso" "w" {\n  enable_mac_spoofing = var.spoof\n}\n').filter((f) => f.ruleId === 'HV-NIC-MACSPOOF');
    assert.equal(viaVar.length, 1);
    assert.equal(viaVar[0]!.fixes?.length ?? 0, 0);
  });
});
