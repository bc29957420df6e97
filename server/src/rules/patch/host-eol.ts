import type { FindingDraft, Rule } from '../../engine/types';
import { HOST_PACKAGES, type HostPackages } from '../../formats/dpkg-status';
import { doc } from '../refs';
import { guestData, judgedWithGuestData, todayOf } from './data';
import { familyById } from './guests';
import { hypervisorPackages, SOURCE_NAMES } from './host-packages';

export const patchHostEol: Rule<HostPackages> = {
  meta: {
    id: 'PATCH-HOST-EOL',
    title: 'KVM host on a Debian release past end of life',
    family: 'patch-level',
    severity: 'high',
    fixSafety: 'none',
    formats: ['dpkg-status'],
    risk: 'A Debian release past its end of life gets no more security updates, for the kernel, QEMU, libvirt and the management stack alike. Every guest-to-host escape and every remote flaw of the management interface published since stays open on the host, and the host carries all its guests.',
    remedy: 'Upgrade the host to the next Debian stable release, or move its guests to a supported host. Until then keep the management network isolated.',
    notes: 'Reads dpkg\'s package database of a host tree (`var/lib/dpkg/status`, read by host scans). A host that has QEMU or libvirt installed is judged by its Debian release, told by the base-files version (12.4+deb12u5 is Debian 12) or a stable update\'s +debNNuM suffix, against the end of Debian LTS (guest OS data file, debian-N). Ubuntu hosts and files without a Debian release say nothing. A Proxmox VE host (pve-manager installed) is judged by its Proxmox VE release instead (PATCH-PVE-EOL): one finding per host. One finding per host, on the version that tells the release.',
    references: [
      doc('Debian', 'Debian Long Term Support', 'https://wiki.debian.org/LTS'),
    ],
  },
  input: HOST_PACKAGES,
  check(m, ctx) {
    // a Proxmox VE host is judged by its Proxmox VE release (PATCH-PVE-EOL), whose end comes before its Debian base's
    if (m.get('pve-manager')) return [];
    const today = todayOf(ctx);
    const stack = hypervisorPackages(m);
    if (stack.size === 0 || !m.debian) return [];
    const data = guestData(ctx);
    const family = familyById(data, `debian-${m.debian.release}`);
    if (!family) return [];
    judgedWithGuestData(ctx, data);
    if (!family.end || family.end >= today) return [];
    const what = [...stack].map(([src, p]) => `${SOURCE_NAMES[src]} ${p.version}`).join(' and ');
    const out: FindingDraft = { start: m.debian.package.start, end: m.debian.package.end, locator: `debian-release:${m.debian.release}`, message: `${family.name}, whose ${what} this host runs (release told by ${m.debian.from}), reached the end of its support on ${family.end}: QEMU, libvirt and the kernel get no more security updates. Upgrade the host to a supported Debian release. Guest OS data of ${data.updated}.` };
    return [out];
  },
};
