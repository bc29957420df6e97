import type { HostPackage, HostPackages } from '../../formats/dpkg-status';
import { compareDebianVersions } from '../../formats/dpkg-status/version';

/** Debian source packages of the hypervisor stack whose versions the patch rules judge. */
export const HYPERVISOR_SOURCES = ['qemu', 'libvirt'] as const;
export type HypervisorSource = (typeof HYPERVISOR_SOURCES)[number];

/** "QEMU", "libvirt" */
export const SOURCE_NAMES: Record<HypervisorSource, string> = { qemu: 'QEMU', libvirt: 'libvirt' };

/**
 * The installed binary package of each hypervisor source package with the lowest version (a host
 * half way through an upgrade runs the older code somewhere), Proxmox's own QEMU build aside.
 */
export function hypervisorPackages(m: HostPackages): Map<HypervisorSource, HostPackage> {
  const out = new Map<HypervisorSource, HostPackage>();
  for (const p of m.packages) {
    const src = p.source as HypervisorSource;
    if (!HYPERVISOR_SOURCES.includes(src)) continue;
    const have = out.get(src);
    if (!have || (compareDebianVersions(p.version, have.version) ?? 0) < 0) out.set(src, p);
  }
  return out;
}
