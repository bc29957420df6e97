import type { GuestOsId } from '../common/guest-os';
import { liveEntry, type KvDocument } from '../proxmox-common/kv';

/** The live section's `ostype` (the guest OS type qemu-server optimises for), if it is set. */
export function pveGuestOs(doc: KvDocument): GuestOsId[] {
  const e = liveEntry(doc, 'ostype');
  const id = e?.value.trim();
  if (!e || !id) return [];
  return [{ scheme: 'proxmox', id, start: e.valueStart, end: e.valueEnd, label: `ostype: ${id}`, locator: e.locator, vm: liveEntry(doc, 'name')?.value.trim() || undefined }];
}
