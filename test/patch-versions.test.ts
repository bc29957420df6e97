import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_ADVISORIES, advisoriesInfo, validateAdvisoryData } from '../server/src/rules/patch/advisories';
import { judgeAll, pastEol } from '../server/src/rules/patch/judge';
import { extractVersions, parseVersion, type VersionLiteral } from '../server/src/formats/vsphere/versions';

function brief(text: string): string[] {
  return extractVersions(text).map((v) => `${v.product} ${v.branch} u=${v.update ?? '-'}${v.patch ?? ''} b=${v.build ?? '-'} [${text.slice(v.start, v.end)}]`);
}

describe('parseVersion', () => {
  it('reads the ways versions are written', () => {
    assert.deepEqual(parseVersion('8.0'), { branch: '8.0' });
    assert.deepEqual(parseVersion('8.0.2'), { branch: '8.0', update: 2, patch: undefined });
    assert.deepEqual(parseVersion('8.0U3d'), { branch: '8.0', update: 3, patch: 'd' });
    assert.deepEqual(parseVersion('7.0 U3'), { branch: '7.0', update: 3, patch: '' });
    assert.deepEqual(parseVersion('7.0 Update 3'), { branch: '7.0', update: 3, patch: '' });
    assert.deepEqual(parseVersion('6.7.0.update03'), { branch: '6.7', update: 3, patch: '' });
    assert.deepEqual(parseVersion('8.0.3 U3e'), { branch: '8.0', update: 3, patch: 'e' });
    assert.deepEqual(parseVersion('8.0.0'), { branch: '8.0', update: 0, patch: undefined });
    assert.deepEqual(parseVersion('6.5.0'), { branch: '6.5' }, '6.x says x.y.0 on every update');
  });
  it('refuses what is not a product version', () => {
    for (const s of ['10.0.2.15', '2024-08-01', '1.2', '8.0.2 U3', '8.0.x', 'v8', '22380479', '0.9']) assert.equal(parseVersion(s), undefined, s);
  });
});

describe('extractVersions', () => {
  it('ESXi and vCenter installer, depot and profile names, with exact ranges', () => {
    const text = [
      'iso: "[ds1] iso/VMware-VMvisor-Installer-8.0U2-22380479.x86_64.iso"',
      'bundle: /depot/VMware-ESXi-7.0U3j-21053776-depot.zip',
      'profile: ESXi-7.0U3j-21053776-standard',
      'vcsa: VMware-VCSA-all-8.0.2-22385739.iso',
      'old: VMware-VMvisor-Installer-6.7.0.update03-14320388.x86_64.iso',
      'patch: VMware-vCenter-Server-Appliance-7.0.3.01400-21477706-patch-FP.iso',
      '# esx01: VMware ESXi 6.5.0 build-8294253',
    ].join('\n');
    assert.deepEqual(brief(text), [
      'esxi 8.0 u=2 b=22380479 [VMware-VMvisor-Installer-8.0U2-22380479]',
      'esxi 7.0 u=3j b=21053776 [VMware-ESXi-7.0U3j-21053776]',
      'esxi 7.0 u=3j b=21053776 [ESXi-7.0U3j-21053776-standard]',
      'vcenter 8.0 u=2 b=22385739 [VMware-VCSA-all-8.0.2-22385739]',
      'esxi 6.7 u=3 b=14320388 [VMware-VMvisor-Installer-6.7.0.update03-14320388]',
      'vcenter 7.0 u=3 b=- [VMware-vCenter-Server-Appliance-7.0.3.01400-21477706]',
      'esxi 6.5 u=- b=8294253 [VMware ESXi 6.5.0 build-8294253]',
    ]);
  });

  it('Ansible-style variables: version with its build, quoted or not, value range only', () => {
    const text = 'esxi_version: "8.0.2"\nesxi_build: 22380479\nvcenter_version: \'7.0 U3\'  # lab\n';
    assert.deepEqual(brief(text), ['esxi 8.0 u=2 b=22380479 [8.0.2]', 'vcenter 7.0 u=3 b=- [7.0 U3]']);
  });

  it('generic version/build keys inside a product block, and full version strings', () => {
    const text = [
      'esxi:',
      '  # pinned for the lab',
      '  version: "8.0.2"',
      '  build: 22380479',
      'vcenter: &vc',
      '  appliance:',
      '    version: 8.0.3',
      '  version: 8.0 U3d',
      '- name: Create a DVS',
      '  community.vmware.vmware_dvswitch:',
      '    version: 6.5.0',
    ].join('\n');
    assert.deepEqual(brief(text), ['esxi 8.0 u=2 b=22380479 [8.0.2]', 'vcenter 8.0 u=3d b=- [8.0 U3d]']);
    assert.deepEqual(extractVersions(text).map((v) => v.label), ['esxi.version', 'vcenter.version']);
    assert.deepEqual(brief('image:\n  esxi_version: 8.0.2-0.0.22380479\n'), ['esxi 8.0 u=2 b=22380479 [8.0.2-0.0.22380479]']);
  });

  it('esx.conf /system/version with /system/build', () => {
    assert.deepEqual(brief('/system/version = "7.0.3"\n/system/build = "21313628"\n'), ['esxi 7.0 u=3 b=21313628 [7.0.3]']);
  });

  it('does not match IP addresses, dates, random numbers, templates or other products\' versions', () => {
    const text = [
      'esxi_host: 10.0.2.15',
      'esxi_release_date: 2024-08-01',
      'vcenter_port: 443',
      'esxi_version: "{{ lookup(\'env\', \'ESXI_VERSION\') }}"',
      'vcenter_version = "${var.vc_version}"',
      'version: 6.5.0',
      'switch_version: 6.5.0',
      'esxi_tools_version: 12.3.0',
      'vcenter_api_version: 8.0.1',
      'hardware_version: 19',
      'build: 22380479',
      'esxi_build: 22380479',
      'vsphere_version: 7.0',
      'image: ubuntu-22.04-server-cloudimg-amd64.img',
      'VMware-VMvisor-Installer-201912001-15160138.x86_64.iso',
      'serial: 4C4C4544-0051-3310-8052-B3C04F593232',
    ].join('\n');
    assert.deepEqual(brief(text), []);
  });

  it('a build pairs with the version only when each is unique for the product', () => {
    const text = 'esxi_version: 8.0.2\nesxi_old_version: 7.0.3\nesxi_build: 22380479\n';
    assert.deepEqual(brief(text), ['esxi 8.0 u=2 b=- [8.0.2]', 'esxi 7.0 u=3 b=- [7.0.3]']);
  });

  it('stays linear on long hostile lines and on many literals', () => {
    const text = 'VMware-VMvisor-Installer-' + '8.0.'.repeat(50_000) + '\n' + 'esxi_version: ' + '1'.repeat(200_000) + '\n' + 'esxi_version: 8.0.2\nesxi_build: 22380479\n'.repeat(50_000);
    const t0 = Date.now();
    assert.equal(extractVersions(text).length, 50_000);
    // a hang guard, not a speed goal: about 0.3 s quiet, minutes if a regex backtracked (speed: npm run bench)
    assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
  });
});

function lit(partial: Partial<VersionLiteral>): VersionLiteral {
  return { product: 'esxi', branch: '8.0', text: 'x', start: 0, end: 1, label: 'esxi_version', ...partial };
}

function verdicts(l: VersionLiteral): string[] {
  return judgeAll(l, BUNDLED_ADVISORIES).map((v) => `${v.id}:${v.verdict}`).sort();
}

describe('judging a version against the advisories', () => {
  it('a build on a fixed update line is compared with that line\'s fix', () => {
    assert.deepEqual(verdicts(lit({ update: 2, patch: '', build: 22380479 })), ['VMSA-2024-0006:vulnerable', 'VMSA-2025-0004:vulnerable', 'VMSA-2025-0013:vulnerable']);
    assert.deepEqual(verdicts(lit({ update: 2, patch: 'd', build: 24585300 })), ['VMSA-2024-0006:fixed', 'VMSA-2025-0004:fixed', 'VMSA-2025-0013:vulnerable']);
    assert.deepEqual(verdicts(lit({ update: 3, patch: 'f', build: 24784735 })), ['VMSA-2024-0006:fixed', 'VMSA-2025-0004:fixed', 'VMSA-2025-0013:fixed']);
  });
  it('a version without a build: unknown on a fixed line, proven only by a letter or an older line', () => {
    assert.deepEqual(verdicts(lit({ branch: '7.0', update: 3, patch: '' })), ['VMSA-2020-0023:fixed', 'VMSA-2021-0002:fixed', 'VMSA-2022-0004:unknown', 'VMSA-2024-0006:unknown', 'VMSA-2025-0004:unknown', 'VMSA-2025-0013:unknown']);
    assert.deepEqual(verdicts(lit({ branch: '7.0', update: 3, patch: 'q' })), ['VMSA-2020-0023:fixed', 'VMSA-2021-0002:fixed', 'VMSA-2022-0004:fixed', 'VMSA-2024-0006:fixed', 'VMSA-2025-0004:vulnerable', 'VMSA-2025-0013:vulnerable']);
    assert.deepEqual(verdicts(lit({ update: 0 })), ['VMSA-2024-0006:vulnerable', 'VMSA-2025-0004:vulnerable', 'VMSA-2025-0013:vulnerable']);
    assert.deepEqual(verdicts(lit({})), [], 'a bare 8.0 says nothing');
    assert.deepEqual(verdicts(lit({ update: 2, patch: 'c' })).filter((v) => v.startsWith('VMSA-2024-0006')), ['VMSA-2024-0006:unknown'], '"sb" letters are not ordered');
  });
  it('branches and products without data give no verdict', () => {
    assert.deepEqual(verdicts(lit({ branch: '6.7', update: 3, build: 14320388 })), []);
    assert.deepEqual(verdicts(lit({ branch: '9.0', update: 0, build: 24755230 })), []);
    assert.deepEqual(verdicts(lit({ product: 'vcenter', update: 2, build: 22385739 })), ['VMSA-2024-0012:vulnerable', 'VMSA-2024-0019:vulnerable']);
    // vCenter 8.0 U2e (VMSA-2024-0019.2 refresh, not in the data): a build past the 8.0 U3b fix is not called vulnerable
    assert.deepEqual(verdicts(lit({ product: 'vcenter', update: 2, patch: 'e', build: 24321653 })), ['VMSA-2024-0012:fixed', 'VMSA-2024-0019:unknown']);
  });
  it('end of general support by branch, and older branches than the table', () => {
    assert.equal(pastEol(lit({ branch: '6.7' }), BUNDLED_ADVISORIES, '2026-01-01')?.entry.endOfGeneralSupport, '2022-10-15');
    assert.equal(pastEol(lit({ branch: '5.5' }), BUNDLED_ADVISORIES, '2026-01-01')?.older, true);
    assert.equal(pastEol(lit({ branch: '7.0' }), BUNDLED_ADVISORIES, '2025-10-01'), undefined);
    assert.ok(pastEol(lit({ branch: '7.0' }), BUNDLED_ADVISORIES, '2025-10-03'));
    assert.equal(pastEol(lit({ branch: '8.0' }), BUNDLED_ADVISORIES, '2026-11-27'), undefined);
  });
});

describe('advisories data file', () => {
  it('the bundled file is valid, dated, and every entry says where it comes from', () => {
    assert.match(BUNDLED_ADVISORIES.updated, /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(advisoriesInfo(), { updated: BUNDLED_ADVISORIES.updated, source: BUNDLED_ADVISORIES.source, bundled: true });
    const ids = new Set(BUNDLED_ADVISORIES.advisories.map((a) => a.id));
    for (const id of ['VMSA-2025-0004', 'VMSA-2025-0013', 'VMSA-2024-0006', 'VMSA-2022-0004', 'VMSA-2024-0012', 'VMSA-2024-0019']) assert.ok(ids.has(id), id);
    const cves = new Set(BUNDLED_ADVISORIES.advisories.flatMap((a) => a.cves));
    assert.ok(cves.has('CVE-2021-21974') && cves.has('CVE-2020-3992'));
    for (const a of BUNDLED_ADVISORIES.advisories) assert.ok(a.source.length > 20, `${a.id} ${a.fixedVersion} has a source`);
  });

  it('rejects a bad shape with the place of the problem', () => {
    const good = JSON.parse(JSON.stringify(BUNDLED_ADVISORIES));
    const cases: [unknown, RegExp][] = [
      [[], /not a JSON object/],
      [{ ...good, updated: '27.11.2026' }, /"updated"/],
      [{ ...good, source: '' }, /"source"/],
      [{ ...good, advisories: {} }, /"advisories" must be an array/],
      [{ ...good, advisories: [{ ...good.advisories[0], product: 'workstation' }] }, /advisories\[0\]\.product/],
      [{ ...good, advisories: [good.advisories[0], { ...good.advisories[1], fixedBuild: '24585300' }] }, /advisories\[1\]\.fixedBuild/],
      [{ ...good, advisories: [{ ...good.advisories[0], fixedVersion: '7.0 U3d' }] }, /advisories\[0\]\.fixedVersion/],
      [{ ...good, advisories: [{ ...good.advisories[0], cves: [] }] }, /advisories\[0\]\.cves/],
      [{ ...good, advisories: [{ ...good.advisories[0], url: 'http://example' }] }, /advisories\[0\]\.url/],
      [{ ...good, eol: [{ product: 'esxi', branch: '6.7', endOfGeneralSupport: 'soon', source: 'x' }] }, /eol\[0\]\.endOfGeneralSupport/],
    ];
    for (const [json, re] of cases) {
      const r = validateAdvisoryData(json);
      assert.ok('error' in r, `rejected: ${re}`);
      assert.match(r.error, re);
    }
    assert.ok('data' in validateAdvisoryData(good));
  });
});
