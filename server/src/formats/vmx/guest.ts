import type { GuestOsId } from '../common/guest-os';
import type { VmxSettings } from './settings';

/** The `guestOS` key of a .vmx (the guest OS type the VM was created for), if it is set. */
export function vmxGuestOs(s: VmxSettings): GuestOsId[] {
  const g = s.get('guestOS');
  const id = g?.value.trim();
  if (!g || !id) return [];
  return [{ scheme: 'vmx', id, start: g.valueStart, end: g.valueEnd, label: `guestOS = "${id}"`, locator: g.locator, vm: s.get('displayName')?.value.trim() || undefined }];
}
