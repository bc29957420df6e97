import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig, type EffectiveConfig } from '../server/src/engine/config';
import { unsupportedKeywords, validateSchema, type Schema } from '../server/src/engine/json-schema';
import { compareDebianVersions, debianReleaseOfUpdate } from '../server/src/formats/dpkg-status/version';
import { BUNDLED_ADVISORIES, validateAdvisoryData } from '../server/src/rules/patch/advisories';
import { BUNDLED_GUESTS, familiesOf, validateGuestData } from '../server/src/rules/patch/guests';
import { BUNDLED_HYPERVISORS, validateHypervisorData } from '../server/src/rules/patch/hypervisors';
import type { GuestIdScheme } from '../server/src/formats/common/guest-os';
import { lintTogether } from './helpers/session';

const ROOT = join(__dirname, '..');
const SCHEMAS = join(ROOT, 'schemas', 'data');

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function lint(path: string, text: string, config: Partial<EffectiveConfig>) {
  return lintTogether([{ path, text, config: { ...defaultConfig(), ...config }, root: '/' }])[0]!;
}

describe('data files and their schemas', () => {
  for (const name of readdirSync(SCHEMAS)) {
    it(`${name} uses only keywords the validator implements, and the bundled file conforms`, () => {
      const schema = JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as Schema;
      assert.deepEqual(unsupportedKeywords(schema), []);
      const data = JSON.parse(readFileSync(join(ROOT, 'server', 'data', name.replace('.schema', '')), 'utf8'));
      assert.equal(validateSchema(data, schema), undefined);
    });
  }

  it('every entry names its source, and every file its date', () => {
    for (const d of [BUNDLED_ADVISORIES, BUNDLED_GUESTS, BUNDLED_HYPERVISORS]) assert.match(d.updated, /^\d{4}-\d{2}-\d{2}$/);
    for (const f of BUNDLED_GUESTS.families) assert.ok(f.source.trim() && f.url.startsWith('https://'), f.id);
    for (const p of BUNDLED_HYPERVISORS.proxmox) assert.ok(p.source.trim(), `proxmox ${p.major}`);
    for (const f of BUNDLED_HYPERVISORS.debianFixes) assert.match(f.url, /^https:\/\/security-tracker\.debian\.org\/tracker\/CVE-/);
  });

  it('refuses a corrupt file with the reason and where it is', () => {
    const guests = structuredClone(BUNDLED_GUESTS) as unknown as { families: { end?: string }[]; updated: unknown };
    guests.families[3]!.end = '2024-13-01';
    assert.match((validateGuestData(guests) as { error: string }).error, /^families\[3\]\.end .*YYYY-MM-DD/);
    const { updated: _, ...undated } = BUNDLED_GUESTS;
    assert.match((validateGuestData(undated) as { error: string }).error, /lacks "updated"/);
    const ids = structuredClone(BUNDLED_GUESTS);
    ids.ids.vmx['windows7-64'] = 'windows-seven';
    assert.match((validateGuestData(ids) as { error: string }).error, /unknown family "windows-seven"/);
    const fixes = structuredClone(BUNDLED_HYPERVISORS) as unknown as { debianFixes: { fixed: string; impact: string }[] };
    fixes.debianFixes[0]!.impact = 'bad';
    assert.match((validateHypervisorData(fixes) as { error: string }).error, /^debianFixes\[0\]\.impact must be one of/);
    assert.match((validateAdvisoryData([]) as { error: string }).error, /not a JSON object/);
  });
});

describe('guest OS ids map to families (real ids of each format)', () => {
  const table: [GuestIdScheme, string, string | undefined][] = [
    ['vmx', 'windows7-64', 'windows-7'],
    ['vmx', 'winNetEnterprise', 'windows-server-2003'],
    ['vmx', 'centos7-64', 'centos-7'],
    ['vmx', 'rhel7-64', 'rhel-7'],
    ['vmx', 'debian10-64', 'debian-10'],
    ['vmx', 'ubuntu-64', undefined],
    ['vmx', 'centos-64', undefined],
    ['vmx', 'otherlinux-64', undefined],
    ['vsphere', 'windows9Server64Guest', 'windows-server-2016'],
    ['vsphere', 'windows7_64Guest', 'windows-7'],
    ['vsphere', 'centos7_64Guest', 'centos-7'],
    ['vsphere', 'otherLinux64Guest', undefined],
    ['vsphere', 'windows8Server64Guest', 'windows-server-2012'],
    ['vsphere', 'rhel7_64Guest', 'rhel-7'],
    ['vsphere', 'debian12_64Guest', 'debian-12'],
    ['vsphere', 'windows11_64Guest', 'windows-11'],
    ['vsphere', 'ubuntu64Guest', undefined],
    ['proxmox', 'win7', 'windows-7'],
    ['proxmox', 'l26', undefined],
    ['proxmox', 'other', undefined],
    ['libosinfo', 'http://microsoft.com/win/7', 'windows-7'],
    ['libosinfo', 'http://centos.org/centos/7.0', 'centos-7'],
    ['libosinfo', 'http://redhat.com/rhel/9.2', 'rhel-9'],
    ['libosinfo', 'http://debian.org/debian/12', 'debian-12'],
    ['libosinfo', 'http://ubuntu.com/ubuntu/20.04', 'ubuntu-20.04'],
    ['libosinfo', 'http://ubuntu.com/ubuntu/21.10', undefined],
    ['libosinfo', 'http://fedoraproject.org/fedora/38', undefined],
    ['libosinfo', 'http://libosinfo.org/linux/2022', undefined],
  ];
  for (const [scheme, id, family] of table) {
    it(`${scheme} ${id} → ${family ?? 'cannot tell'}`, () => {
      const got = familiesOf(BUNDLED_GUESTS, scheme, id);
      if (family === undefined) assert.equal(got, undefined);
      else assert.ok(got?.some((f) => f.id === family), `${got?.map((f) => f.id).join(', ')}`);
    });
  }

  it('an id several families share maps to all of them (Proxmox win10: Windows 10, Server 2016 or 2019)', () => {
    assert.deepEqual(familiesOf(BUNDLED_GUESTS, 'proxmox', 'win10')?.map((f) => f.id).sort(), ['windows-10', 'windows-server-2016', 'windows-server-2019']);
  });

  const OSINFO = '/usr/share/osinfo/os';
  it('libosinfo ids agree with the osinfo-db database', { skip: existsSync(OSINFO) ? false : 'osinfo-db not installed' }, () => {
    const ids = new Set(execFileSync('grep', ['-rhoE', '<os id="[^"]+"', OSINFO], { encoding: 'utf8' }).split('\n').map((l) => l.slice('<os id="'.length, -1)).filter(Boolean));
    assert.ok(ids.size > 100, `read ${ids.size} ids`);
    for (const id of Object.keys(BUNDLED_GUESTS.ids.libosinfo)) assert.ok(ids.has(id), `${id} is an osinfo-db id`);
    let versioned = 0;
    for (const id of ids) {
      for (const v of BUNDLED_GUESTS.libosinfoVersions) {
        if (!id.startsWith(v.prefix)) continue;
        const got = familiesOf(BUNDLED_GUESTS, 'libosinfo', id);
        if (!got) continue;
        versioned++;
        const [major, minor] = id.slice(v.prefix.length).split(/[.-]/);
        assert.equal(got[0]!.id, v.family.replace('{major}', major!).replace('{minor}', minor ?? ''), id);
      }
    }
    assert.ok(versioned > 50, `${versioned} versioned ids mapped`);
  });
});

describe('dates decide (injected clock)', () => {
  const vmx = (guest: string) => `.encoding = "UTF-8"\nconfig.version = "8"\ndisplayName = "app01"\nguestOS = "${guest}"\n`;

  it('VH-DATA-STALE: once the data a file was judged with is over 90 days old, and only then', () => {
    const updated = BUNDLED_GUESTS.updated;
    const stale = (today: string, text = vmx('windows7-64')) => lint('/vms/app01.vmx', text, { today }).findings.filter((f) => f.ruleId === 'VH-DATA-STALE');
    assert.deepEqual(stale(addDays(updated, 90)), []);
    const late = stale(addDays(updated, 91));
    assert.equal(late.length, 1);
    assert.equal(late[0]!.severity, 'low');
    assert.match(late[0]!.message, new RegExp(`91 days old: .* of ${updated}`));
    // a guest the data cannot tell (no version) was not judged with the data: no finding
    assert.deepEqual(stale(addDays(updated, 400), vmx('ubuntu-64')), []);
  });

  it('PATCH-GUEST-EOL: nothing before the end, lower and naming the paid extension during it, the full severity after', () => {
    const at = (today: string) => lint('/vms/app01.vmx', vmx('windows7srv-64'), { today, profile: 'server' }).findings.filter((f) => f.ruleId === 'PATCH-GUEST-EOL');
    assert.deepEqual(at('2019-06-01'), []);
    const during = at('2021-06-01');
    assert.equal(during.length, 1);
    assert.equal(during[0]!.severity, 'medium');
    assert.match(during[0]!.message, /Extended Security Updates, until 2023-01-10/);
    const after = at('2024-06-01');
    assert.equal(after[0]!.severity, 'high');
    assert.match(after[0]!.message, /since 2020-01-14.*ended 2023-01-10 too.*Guest OS data of \d{4}-\d{2}-\d{2}/);
  });
});

describe('Debian versions compare as dpkg does', () => {
  const order = ['1:2.8+dfsg-6+deb9u13', '1:2.8+dfsg-6+deb9u14', '1:3.1+dfsg-8~deb10u1', '1:3.1+dfsg-8', '1:3.1+dfsg-8+deb10u9', '1:3.1+dfsg-8+deb10u10', '1:5.2+dfsg-11'];
  for (let i = 1; i < order.length; i++) {
    it(`${order[i - 1]} < ${order[i]}`, () => {
      assert.ok(compareDebianVersions(order[i - 1]!, order[i]!)! < 0);
      assert.ok(compareDebianVersions(order[i]!, order[i - 1]!)! > 0);
    });
  }
  it('an epoch wins over the upstream version; equal versions compare 0; a non-version is undefined', () => {
    assert.ok(compareDebianVersions('1:1.0', '9.9')! > 0);
    assert.equal(compareDebianVersions('5.0.0-4+deb10u1', '5.0.0-4+deb10u1'), 0);
    assert.equal(compareDebianVersions('not a version', '1.0'), undefined);
    assert.equal(debianReleaseOfUpdate('1:7.2+dfsg-7+deb12u6'), 12);
    assert.equal(debianReleaseOfUpdate('1:6.2+dfsg-2ubuntu6.17'), undefined);
  });
});

describe('scripts/data-update.ts (the maintainer refresh of the Debian fixes)', () => {
  const LIST = [
    '[05 Sep 2022] DLA-3099-1 qemu - LTS security update',
    '\t{CVE-2020-13253 CVE-2021-3416 CVE-2099-0001}',
    '\t[buster] - qemu 1:3.1+dfsg-8+deb10u9',
    '[10 Apr 2021] DLA-2623-1 qemu - LTS security update',
    '\t{CVE-2021-3416}',
    '\t[stretch] - qemu 1:2.8+dfsg-6+deb9u14',
    '[01 Jan 2021] DSA-9999-1 nginx - security update',
    '\t{CVE-2021-3416}',
    '\t[buster] - nginx 1.14.2-2+deb10u4',
    '',
  ].join('\n');

  it('reads the tracker lists into one fix per CVE, package and release, and names the CVEs nobody described', async () => {
    const { parseAdvisoryList, debianFixes } = await import('../scripts/data-update');
    const inputs = JSON.parse(readFileSync(join(ROOT, 'scripts', 'data-inputs.json'), 'utf8'));
    const listed = parseAdvisoryList(LIST);
    assert.equal(listed.length, 5);
    const { fixes, undescribed } = debianFixes(listed, inputs);
    assert.deepEqual(fixes.map((f) => `${f.cve} ${f.package} ${f.release} ${f.fixed} ${f.origin}`), ['CVE-2021-3416 qemu 9 1:2.8+dfsg-6+deb9u14 DLA-2623-1', 'CVE-2021-3416 qemu 10 1:3.1+dfsg-8+deb10u9 DLA-3099-1']);
    assert.deepEqual(undescribed, ['CVE-2020-13253 (qemu, DLA-3099-1)', 'CVE-2099-0001 (qemu, DLA-3099-1)']);
    // the bundled entries of those CVEs agree with what the lists say
    for (const f of fixes) assert.ok(BUNDLED_HYPERVISORS.debianFixes.some((b) => b.cve === f.cve && b.release === f.release && b.fixed === f.fixed && b.origin === f.origin && b.date === f.date), `${f.cve} ${f.release}`);
  });
});

describe('PATCH-GUEST-EOL and the VM name', () => {
  const eol = (name: string, guest: string) => lintTogether([{ path: '/vms/a.vmx', text: `.encoding = "UTF-8"\nconfig.version = "8"\ndisplayName = "${name}"\nguestOS = "${guest}"\n`, config: defaultConfig(), root: '/' }])[0]!.findings.filter((f) => f.ruleId === 'PATCH-GUEST-EOL').length;
  it('a name that names another OS than the id makes the file contradict itself: no finding', () => {
    assert.equal(eol('Fedora 20', 'rhel7-64'), 0);
    assert.equal(eol('android', 'windows7-64'), 0);
  });
  it('a name that agrees, or names no OS, leaves the finding', () => {
    assert.equal(eol('esx4.0-rhel4.8-i386', 'rhel4'), 1);
    assert.equal(eol('Windows 7 x64', 'windows7-64'), 1);
    assert.equal(eol('dokuwiki', 'rhel6-64'), 1);
  });
});
