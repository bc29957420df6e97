import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../server/src/engine/config';
import { resolveContext } from '../server/src/engine/context';
import type { RuleContext } from '../server/src/engine/types';
import type { HypervHostBuild } from '../server/src/formats/hyperv-snapshot';
import { buildNumber, patchHypervEol, serverRelease } from '../server/src/rules/patch/hyperv-eol';
import { BUNDLED_HYPERVISORS, validateHypervisorData } from '../server/src/rules/patch/hypervisors';

/** A host as the Hyper-V snapshot reports it; the range is that of the build value in `text`. */
function host(product: string, build: string): { carrier: HypervHostBuild; text: string } {
  const text = `{"product": "${product}", "build": "${build}"}`;
  const start = text.indexOf(build, text.indexOf('"build"'));
  return { carrier: { product, build, start, end: start + build.length }, text };
}

function judge(product: string, build: string, today: string) {
  const { carrier, text } = host(product, build);
  const used: string[] = [];
  const ctx: RuleContext = { path: '/snap/hyperv.json', text, config: defaultConfig(), system: resolveContext('auto', []), today, usedData: (d) => used.push(`${d.name} ${d.updated}`) };
  return { findings: patchHypervEol.check(carrier, ctx), used };
}

describe('PATCH-HYPERV-EOL (through the hyperv-host-build carrier)', () => {
  it('reads the build number of the forms Windows reports', () => {
    assert.equal(buildNumber('10.0.17763'), 17763);
    assert.equal(buildNumber('6.3.9600'), 9600);
    assert.equal(buildNumber('17763.5576'), 17763);
    assert.equal(buildNumber('20348'), 20348);
    assert.equal(buildNumber('10.0.26100.2033'), 26100);
    assert.equal(buildNumber('2019'), 2019);
    assert.equal(buildNumber('unknown'), undefined);
    assert.equal(buildNumber('10.0'), undefined);
  });

  it('every release of the data is a Windows Server release keyed by its build', () => {
    assert.deepEqual(BUNDLED_HYPERVISORS.windowsServer.map((w) => `${w.build} ${w.product}`), ['9600 Windows Server 2012 R2', '14393 Windows Server 2016', '17763 Windows Server 2019', '20348 Windows Server 2022', '26100 Windows Server 2025']);
    for (const w of BUNDLED_HYPERVISORS.windowsServer) assert.match(w.url, /^https:\/\/learn\.microsoft\.com\/lifecycle\/products\/windows-server-20\d\d(-r2)?$/);
  });

  it('a client Windows, Azure Stack HCI, an unknown build and a product contradicting its build cannot be told', () => {
    const w = BUNDLED_HYPERVISORS.windowsServer;
    assert.equal(serverRelease(host('Windows 10 Enterprise LTSC 2019', '10.0.17763').carrier, w), undefined);
    assert.equal(serverRelease(host('Azure Stack HCI', '10.0.20348').carrier, w), undefined);
    assert.equal(serverRelease(host('Windows Server 2019 Datacenter', '10.0.19045').carrier, w), undefined);
    assert.equal(serverRelease(host('Windows Server 2016 Standard', '10.0.17763').carrier, w), undefined);
    assert.equal(serverRelease(host('Windows Server 2019 Datacenter', '10.0.17763').carrier, w)?.product, 'Windows Server 2019');
    assert.equal(serverRelease(host('Microsoft Hyper-V Server 2016', '10.0.14393').carrier, w)?.product, 'Windows Server 2016');
    assert.equal(serverRelease(host('Windows Server Datacenter', '6.3.9600').carrier, w)?.product, 'Windows Server 2012 R2');
    for (const [p, b] of [['Windows 10 Enterprise LTSC 2019', '10.0.17763'], ['Windows Server 2019 Datacenter', 'not a build']]) assert.deepEqual(judge(p!, b!, '2035-01-01').findings, []);
  });

  it('2012 R2: medium during Extended Security Updates, high after them; the finding is on the build', () => {
    const during = judge('Windows Server 2012 R2 Datacenter', '6.3.9600', '2025-06-01');
    assert.equal(during.findings.length, 1);
    assert.equal(during.findings[0]!.severity, 'medium');
    assert.match(during.findings[0]!.message, /extended support ended on 2023-10-10: security updates come only with Extended Security Updates until 2026-10-13/);
    const after = judge('Windows Server 2012 R2 Datacenter', '6.3.9600', '2026-12-02');
    assert.equal(after.findings[0]!.severity, 'high');
    assert.match(after.findings[0]!.message, /Extended Security Updates ended 2026-10-13 too.*Hypervisor data of \d{4}-\d{2}-\d{2}/);
    const { text } = host('Windows Server 2012 R2 Datacenter', '6.3.9600');
    assert.equal(text.slice(after.findings[0]!.start, after.findings[0]!.end), '6.3.9600');
    assert.deepEqual(after.used, [`Proxmox VE and Windows Server end of life, Debian QEMU/libvirt fixes ${BUNDLED_HYPERVISORS.updated}`]);
  });

  it('nothing before the end of extended support (the end of mainstream support is no finding), high the day after', () => {
    assert.deepEqual(judge('Windows Server 2019 Standard', '10.0.17763', '2026-12-02').findings, []);
    assert.deepEqual(judge('Windows Server 2016 Datacenter', '10.0.14393', '2027-01-12').findings, []);
    const late = judge('Windows Server 2016 Datacenter', '10.0.14393', '2027-01-13').findings;
    assert.equal(late.length, 1);
    assert.equal(late[0]!.severity, 'high');
    assert.match(late[0]!.message, /is Windows Server 2016, whose extended support ended on 2027-01-12: the hypervisor and every guest on it get no more security updates/);
  });

  it('a data file that gives a build twice, or half of a paid extension, is refused', () => {
    const twice = structuredClone(BUNDLED_HYPERVISORS);
    twice.windowsServer.push({ ...twice.windowsServer[0]! });
    assert.match((validateHypervisorData(twice) as { error: string }).error, /build 9600 is given twice/);
    const half = structuredClone(BUNDLED_HYPERVISORS);
    delete half.windowsServer[0]!.extended;
    assert.match((validateHypervisorData(half) as { error: string }).error, /must give both extended and extendedEnd/);
  });
});
