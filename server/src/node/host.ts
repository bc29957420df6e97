import { lstatSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where hypervisor hosts keep the configuration vharden reads, relative to the host's root.
 * `/vmfs/volumes` (ESXi datastores with .vmx files) is not walked unless asked: it holds VM disks
 * and can be terabytes of files on network storage. `run/libvirt` holds transient domains and
 * networks in snapshots written by `vharden collect libvirt`; `var/lib/openvswitch/conf.db` is where
 * Debian keeps the switch database (`/etc/openvswitch/conf.db` links to it).
 */
export const HOST_LOCATIONS = [
  'etc/libvirt',
  'run/libvirt',
  'etc/pve',
  'etc/network/interfaces',
  'etc/network/interfaces.d',
  'var/lib/openvswitch/conf.db',
  'etc/openvswitch/conf.db',
  'etc/vmware',
  'etc/default/pveproxy',
  'etc/ansible',
  'var/lib/dpkg/status',
];
export const VMFS_LOCATION = 'vmfs/volumes';

export interface HostTargets {
  root: string;
  /** standard locations present under root (as paths to scan) */
  present: string[];
  /** standard locations not present (reported, not an error) */
  absent: string[];
}

/** The standard locations under `root` ("/" for this machine, or a folder holding a copy of a host's files). */
export function hostTargets(root: string, opts: { includeVmfs?: boolean } = {}): HostTargets {
  const present: string[] = [];
  const absent: string[] = [];
  for (const rel of opts.includeVmfs ? [...HOST_LOCATIONS, VMFS_LOCATION] : HOST_LOCATIONS) {
    const p = join(root, rel);
    try {
      lstatSync(p);
      present.push(p);
    } catch {
      absent.push(p);
    }
  }
  return { root, present, absent };
}
