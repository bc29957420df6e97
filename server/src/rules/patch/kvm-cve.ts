import type { FindingDraft, Rule } from '../../engine/types';
import { HOST_PACKAGES, type HostPackages } from '../../formats/dpkg-status';
import { compareDebianVersions } from '../../formats/dpkg-status/version';
import { doc } from '../refs';
import { hypervisorData } from './data';
import { hypervisorPackages, SOURCE_NAMES } from './host-packages';
import { BUNDLED_HYPERVISORS, type DebianFix } from './hypervisors';

function fixText(f: DebianFix): string {
  return `${f.cve} (fixed in ${f.fixed}, ${f.origin}; ${f.impact}: ${f.summary})`;
}

export const patchKvmCve: Rule<HostPackages> = {
  meta: {
    id: 'PATCH-KVM-CVE',
    title: 'QEMU or libvirt package below Debian\'s fix of a CVE',
    family: 'patch-level',
    severity: 'high',
    fixSafety: 'none',
    formats: ['dpkg-status'],
    risk: 'QEMU emulates the devices every guest talks to; a flaw in that emulation lets a guest crash its QEMU process on the host or, for the worst ones, run code on the host as the QEMU user. Debian backports such fixes into the version of its own release, so a host whose package is older than that fixed version keeps the flaw however new the upstream version number looks.',
    remedy: 'Install the updates of the host\'s Debian release (`apt update && apt full-upgrade`, with the security archive configured), then restart the guests so they run the fixed QEMU: a running guest keeps the old binary until it is restarted or migrated.',
    notes: `Reads dpkg's package database of a host tree (\`var/lib/dpkg/status\`, read by host scans): the installed binary packages of the qemu and libvirt source packages (the lowest version when they differ), and the host's Debian release (base-files, or a +debNNuM suffix). Each version is compared, with dpkg's ordering, against Debian's fixed version for that release only (hypervisors data file, from the Debian security tracker with the DSA or DLA that shipped it and its date); a release without an entry for a CVE is not judged for it: either its first version had the fix, or the data does not list that release's fix (no Debian 12 or 13 fixes are listed yet, so those hosts are judged by PATCH-HOST-EOL only). Hosts whose release cannot be told, Ubuntu hosts, and Proxmox's own QEMU build (pve-qemu-kvm, judged only by PATCH-HOST-EOL) are not judged. One finding per source package and host, naming every CVE it lacks. High when a lacking fix closes a guest escape, medium when they are denials of service. The bundled data (${BUNDLED_HYPERVISORS.updated}) lists ${BUNDLED_HYPERVISORS.debianFixes.length} fixed versions (${[...new Set(BUNDLED_HYPERVISORS.debianFixes.map((f) => f.cve))].join(', ')}); \`scripts/data-update.ts\` rebuilds the list from the tracker.`,
    references: [
      doc('Debian', 'Debian security tracker', 'https://security-tracker.debian.org/tracker/'),
      doc('QEMU', 'Security process', 'https://www.qemu.org/contribute/security-process/'),
    ],
  },
  input: HOST_PACKAGES,
  check(m, ctx) {
    if (!m.debian) return [];
    const stack = hypervisorPackages(m);
    if (stack.size === 0) return [];
    const data = hypervisorData(ctx);
    const out: FindingDraft[] = [];
    for (const [src, p] of stack) {
      const lacking = data.debianFixes.filter((f) => f.package === src && f.release === m.debian!.release && (compareDebianVersions(p.version, f.fixed) ?? 0) < 0);
      if (lacking.length === 0) continue;
      lacking.sort((a, b) => Number(b.impact === 'guest escape') - Number(a.impact === 'guest escape') || b.cve.localeCompare(a.cve));
      const first = lacking[0]!;
      const more = lacking.length > 1 ? ` and ${lacking.length - 1} more` : '';
      out.push({
        start: p.start,
        end: p.end,
        severity: lacking.some((f) => f.impact === 'guest escape') ? 'high' : 'medium',
        locator: `debian-fixes:${src}`,
        message: `${SOURCE_NAMES[src]} ${p.version} (${p.name}, Debian ${m.debian.release}) is below Debian's fix of ${fixText(first)}${more}. Tracker: ${first.url} (hypervisor data of ${data.updated})`,
        details: lacking.map(fixText),
      });
    }
    return out;
  },
};
