import type { ContextFacts, Evidence } from '../../engine/context';
import type { ConfModel } from './parser';

/** Accounts distributions run QEMU as; anything else (a name, not a number) is someone's login. */
const SERVICE_USERS = new Set(['root', 'qemu', 'libvirt-qemu', 'libvirt', 'kvm', 'nobody', 'nfsnobody', 'daemon']);

/**
 * What qemu.conf shows about its host, for the other files of its tree: guests run as a login user
 * (`user = "alice"`, what desktop how-tos for audio and GPU passthrough set), or evdev input devices
 * are handed to guests (`cgroup_device_acl` with `/dev/input/by-id/…`). Both say one person's desktop.
 */
export function qemuConfContext(m: ConfModel): ContextFacts {
  const evidence: Evidence[] = [];
  const user = m.get('user');
  const name = user?.value.kind === 'string' ? user.value.str?.trim() ?? '' : '';
  if (/^[a-z_][a-z0-9_.-]*$/i.test(name) && !SERVICE_USERS.has(name.toLowerCase())) evidence.push({ kind: 'desktop', text: `qemu.conf runs guests as login user ${name}`, scope: 'host' });
  const acl = m.get('cgroup_device_acl');
  if (acl?.value.items?.some((i) => i.str?.startsWith('/dev/input/'))) evidence.push({ kind: 'desktop', text: 'evdev input devices in qemu.conf cgroup_device_acl', scope: 'host' });
  return { product: 'KVM', evidence };
}

/**
 * What a libvirt daemon config shows about its host, for the other files of its tree: the polkit
 * access driver (`access_drivers = [ "polkit" ]`) gives users rights on single guests, which is
 * how a libvirt host is shared between several people.
 */
export function daemonConfContext(m: ConfModel): ContextFacts {
  const drivers = m.get('access_drivers');
  const polkit = drivers?.value.items?.some((i) => i.str?.trim() === 'polkit');
  return { product: 'KVM', evidence: polkit ? [{ kind: 'server', scope: 'host', tenants: true, text: 'libvirtd access_drivers = ["polkit"] (per-user rights on guests)' }] : [] };
}
