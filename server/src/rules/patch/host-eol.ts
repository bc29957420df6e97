import type { FindingDraft, Rule } from '../../engine/types';
import { HOST_PACKAGES, type HostPackages } from '../../formats/dpkg-status';
import { doc } from '../refs';
import { guestData, hypervisorData, judgedWithGuestData, todayOf } from './data';
import { familyById } from './guests';
import { hypervisorPackages, proxmoxMajor, SOURCE_NAMES } from './host-packages';

export const patchHostEol: Rule<HostPackages> = {
  meta: {
    id: 'PATCH-HOST-EOL',
    title: 'Hypervisor host on a Proxmox VE or Debian release past end of life',
    family: 'patch-level',
    severity: 'high',
    fixSafety: 'none',
    formats: ['dpkg-status'],
    risk: 'A Proxmox VE release or a Debian release past its end of life gets no more security updates, for the kernel, QEMU, libvirt and the management stack alike. Every guest-to-host escape and every remote flaw of the management interface published since stays open on the host, and the host carries all its guests.',
    remedy: 'Upgrade the host to a supported release (Proxmox VE: one major release at a time, following the upgrade guide after a backup; Debian: the next stable release), or move its guests to a supported host. Until then keep the management network isolated.',
    notes: 'Reads dpkg\'s package database of a host tree (`var/lib/dpkg/status`, read by host scans). A Proxmox VE host is judged by its pve-manager version against the end-of-life months of the Proxmox VE FAQ (hypervisors data file); any other host that has QEMU or libvirt installed is judged by its Debian release, told by the base-files version (12.4+deb12u5 is Debian 12) or a stable update\'s +debNNuM suffix, against the end of Debian LTS (guest OS data file, debian-N). Ubuntu hosts and files without a Debian release say nothing. One finding per host, on the version that tells the release. A Proxmox VE version in a VM config (`meta: creation-qemu=…`) is the QEMU a VM was created with, not the installed one, and is not read.',
    references: [
      doc('Proxmox', 'Proxmox VE FAQ: How long will my Proxmox VE version be supported?', 'https://pve.proxmox.com/wiki/FAQ'),
      doc('Debian', 'Debian Long Term Support', 'https://wiki.debian.org/LTS'),
    ],
  },
  input: HOST_PACKAGES,
  check(m, ctx) {
    const today = todayOf(ctx);
    const pve = m.get('pve-manager');
    if (pve) {
      const major = proxmoxMajor(pve.version);
      const data = hypervisorData(ctx);
      const release = data.proxmox.find((p) => p.major === major);
      if (!release?.end || release.end >= today) return [];
      return [{ start: pve.start, end: pve.end, locator: 'proxmox-ve', message: `Proxmox VE ${major} (pve-manager ${pve.version}) reached end of life on ${release.end}: the host and every guest on it get no more security updates. Upgrade to a supported Proxmox VE release. Hypervisor data of ${data.updated}.` }];
    }
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
