/**
 * The accounts qemu.conf's `user` and `group` name. Distributions run QEMU as a dedicated service
 * account (`qemu`, `libvirt-qemu`) in a dedicated group (`qemu`, `kvm`); single-user desktop guides
 * set a login user instead, and some set groups that carry rights of their own.
 */

/** Service accounts QEMU runs as out of the box (and names that say they are one). */
const SERVICE = /qemu|libvirt|virt|kvm|^nobody$|^nfsnobody$/i;

/** A `user` value that names a login account: not root, not a service account, not a system uid. */
export function loginUser(value: string): string | undefined {
  const v = value.trim();
  if (v === '' || /^(root|\+?0)$/i.test(v)) return undefined;
  const uid = /^\+(\d+)$/.exec(v)?.[1];
  if (uid !== undefined) return Number(uid) >= 1000 ? v : undefined;
  return SERVICE.test(v) || !/^[a-z_][a-z0-9_.-]*\$?$/i.test(v) ? undefined : v;
}

/** Groups whose members hold rights beyond the guest's own files; `rootEquivalent` ones are as good as root. */
const GROUPS: Record<string, { why: string; rootEquivalent: boolean }> = {
  disk: { why: 'raw read and write access to every block device (every disk, every guest image)', rootEquivalent: true },
  docker: { why: 'control of the Docker daemon, which starts root containers', rootEquivalent: true },
  lxd: { why: 'control of LXD, which starts privileged containers', rootEquivalent: true },
  incus: { why: 'control of Incus, which starts privileged containers', rootEquivalent: true },
  libvirt: { why: 'full access to the libvirt API: define guests that mount the host\'s disks', rootEquivalent: true },
  libvirtd: { why: 'full access to the libvirt API: define guests that mount the host\'s disks', rootEquivalent: true },
  shadow: { why: 'read access to /etc/shadow', rootEquivalent: true },
  wheel: { why: 'membership of the administrators group (sudo, su, polkit admin rules)', rootEquivalent: false },
  sudo: { why: 'membership of the administrators group (sudo, polkit admin rules)', rootEquivalent: false },
  admin: { why: 'membership of the administrators group (sudo, polkit admin rules)', rootEquivalent: false },
  adm: { why: 'read access to the system logs', rootEquivalent: false },
  input: { why: 'read access to every keyboard and mouse (a keylogger needs nothing more)', rootEquivalent: false },
  users: { why: 'access to the files every login user shares with the users group', rootEquivalent: false },
};

export function privilegedGroup(value: string): { name: string; why: string; rootEquivalent: boolean } | undefined {
  const name = value.trim().toLowerCase();
  const g = GROUPS[name];
  return g ? { name, ...g } : undefined;
}

export const PRIVILEGED_GROUPS = Object.keys(GROUPS);
