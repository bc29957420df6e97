import type { Rule } from '../../engine/types';
import { PVE_VERSIONS, type PveVersion, type PveVersions } from '../../formats/proxmox-common/pve-version';
import { doc } from '../refs';
import { hypervisorData, todayOf } from './data';

function what(v: PveVersion, end: string): string {
  const release = `Proxmox VE ${v.major} reached end of life on ${end}`;
  if (v.kind === 'installed') return `${release} (${v.label}: ${v.version})`;
  const by = v.label.charAt(0).toUpperCase() + v.label.slice(1);
  return `${by} pins pve-manager to ${v.version}: ${release}`;
}

export const patchPveEol: Rule<PveVersions> = {
  meta: {
    id: 'PATCH-PVE-EOL',
    title: 'Proxmox VE release past end of life, installed or pinned',
    family: 'patch-level',
    severity: 'high',
    fixSafety: 'none',
    formats: ['dpkg-status', 'pveversion', 'ansible-vars', 'ansible', 'pve-pins'],
    risk: 'A Proxmox VE release past its end of life gets no more security updates, for the kernel, QEMU, the API and web interface alike. Every guest-to-host escape and every remote flaw of the management interface published since stays open on the host, and the host carries all its guests. Code that pins pve-manager to such a release keeps every host it configures there.',
    remedy: 'Upgrade the host to a supported release, one major release at a time, following the Proxmox VE upgrade guide after a backup (or move its guests to a supported cluster). Drop or raise the pin in code: an apt task `name: pve-manager=…`, a `pve_manager_version` variable, an apt preferences pin.',
    notes: 'Reads the pve-manager version a host runs (dpkg\'s package database of a host tree, `var/lib/dpkg/status`, read by host scans and `vharden collect ssh`; saved `pveversion` or `pveversion -v` output) and the versions code pins it to (outside comments): `pve-manager=VERSION` in Ansible apt tasks and shell commands (not in a task with `state: absent`), a `pve_manager_version` variable in Ansible variables files, and apt preferences stanzas for pve-manager with `Pin: version …` and a priority above 500 (a lower or negative priority holds nothing back). The major release is compared with the end-of-life months of the Proxmox VE FAQ (hypervisors data file, with today\'s date); a release without an announced end is not judged. End of life only: Proxmox publishes no per-CVE fixed versions of pve-manager or its own QEMU build (pve-qemu-kvm). One finding per file (a host tree holds one dpkg status), on the first version past its end; the others are in its details.',
    references: [
      doc('Proxmox', 'Proxmox VE FAQ: How long will my Proxmox VE version be supported?', 'https://pve.proxmox.com/wiki/FAQ'),
      doc('Debian', 'apt_preferences(5): how pins and priorities choose a version', 'https://manpages.debian.org/stable/apt/apt_preferences.5.en.html'),
    ],
  },
  input: PVE_VERSIONS,
  check(carrier, ctx) {
    const versions = carrier.versions(ctx.text, ctx.comments ?? []);
    if (versions.length === 0) return [];
    const data = hypervisorData(ctx);
    const today = todayOf(ctx);
    const past = versions.flatMap((v) => {
      const release = data.proxmox.find((p) => p.major === v.major);
      return release?.end && release.end < today ? [{ v, end: release.end }] : [];
    });
    const first = past[0];
    if (!first) return [];
    const { v, end } = first;
    const effect = v.kind === 'installed' ? 'the host and every guest on it get no more security updates. Upgrade to a supported Proxmox VE release' : 'every host it configures stays on a release without security updates. Pin a supported release, or drop the pin';
    return [{
      start: v.start,
      end: v.end,
      locator: 'proxmox-ve',
      message: `${what(v, end)}; ${effect}. Hypervisor data of ${data.updated}.`,
      details: past.slice(1).map((p) => what(p.v, p.end)),
    }];
  },
};
