import type { Rule } from '../../engine/types';
import { HYPERV_HOST_BUILD, type HypervHostBuild } from '../../formats/hyperv-snapshot';
import { doc } from '../refs';
import { hypervisorData, todayOf } from './data';
import type { WindowsServerRelease } from './hypervisors';

/** `10.0.17763` → 17763, `6.3.9600` → 9600, `17763.5576` → 17763, `20348` → 20348; undefined otherwise */
export function buildNumber(build: string): number | undefined {
  const m = /^\s*(?:\d{1,2}\.\d{1,2}\.(\d{4,5})(?:\.\d+)?|(\d{4,5})(?:\.\d+)?)\s*$/.exec(build);
  return m ? Number(m[1] ?? m[2]) : undefined;
}

/** The release year a product name gives (`2012 R2`, `2019`), to check it against the build's. */
function yearOf(name: string): string | undefined {
  return /\b(20\d\d(?: R2)?)\b/.exec(name)?.[1];
}

/**
 * The Windows Server release of a host, when its build and product say the same thing: a client
 * Windows (Windows 10 1809 is build 17763 too), Azure Stack HCI (its own lifecycle), or a product
 * whose year contradicts the build cannot be told.
 */
export function serverRelease(host: HypervHostBuild, releases: WindowsServerRelease[]): WindowsServerRelease | undefined {
  if (!/\bServer\b/i.test(host.product) || /\bAzure\b/i.test(host.product)) return undefined;
  const build = buildNumber(host.build);
  const release = releases.find((r) => r.build === build);
  if (!release) return undefined;
  const year = yearOf(host.product);
  return year && year !== yearOf(release.product) ? undefined : release;
}

export const patchHypervEol: Rule<HypervHostBuild> = {
  meta: {
    id: 'PATCH-HYPERV-EOL',
    title: 'Hyper-V host on a Windows Server release past end of support',
    family: 'patch-level',
    severity: 'high',
    fixSafety: 'none',
    formats: ['hyperv-snapshot'],
    risk: 'A Windows Server release past the end of its extended support gets no more security updates, for the hypervisor, the VM worker processes and the host\'s own services alike. Hyper-V guest-to-host flaws (the VMSwitch and VMBus remote code execution bugs Microsoft fixes most months) stay open on such a host, and the host carries all its guests.',
    remedy: 'Move the host to a supported Windows Server release (an in-place upgrade, or a new host and live migration of its guests). Extended Security Updates buy time for 2012 R2 (until 2026-10-13), not a fix.',
    notes: 'Reads the product name and build a Hyper-V host reports (`host.os` of a Hyper-V snapshot written by the collector script, the `hyperv-host-build` carrier). The build number (the third part of 10.0.17763) names the release: 9600 Windows Server 2012 R2, 14393 2016, 17763 2019, 20348 2022, 26100 2025 (hypervisors data file, from Microsoft\'s lifecycle page of each release). Judged only when the product is a Windows Server or Hyper-V Server whose name does not contradict the build: client Windows shares these build numbers and Azure Stack HCI has its own lifecycle. Past the end of extended support: high; during Extended Security Updates: medium, naming their end. End of support only: Microsoft\'s CVE records list the fixing KB update per build, not a fixed build per release, so no CVE is judged by build. One finding per host.',
    references: [
      doc('Microsoft', 'Windows Server 2012 R2 lifecycle', 'https://learn.microsoft.com/lifecycle/products/windows-server-2012-r2'),
      doc('Microsoft', 'Windows Server release information (builds)', 'https://learn.microsoft.com/windows/release-health/windows-server-release-info'),
    ],
  },
  input: HYPERV_HOST_BUILD,
  check(host, ctx) {
    const data = hypervisorData(ctx);
    const release = serverRelease(host, data.windowsServer);
    const today = todayOf(ctx);
    if (!release || release.end >= today) return [];
    const during = release.extendedEnd && release.extendedEnd >= today;
    const what = `${host.product} (build ${host.build}) is ${release.product}, whose extended support ended on ${release.end}`;
    const then = during
      ? `: security updates come only with ${release.extended} until ${release.extendedEnd}. Plan the move to a supported release now.`
      : `${release.extendedEnd ? ` (${release.extended} ended ${release.extendedEnd} too)` : ''}: the hypervisor and every guest on it get no more security updates. Move the host to a supported Windows Server release.`;
    return [{ start: host.start, end: host.end, severity: during ? 'medium' : 'high', locator: 'hyperv-host-release', message: `${what}${then} Hypervisor data of ${data.updated}.` }];
  },
};
