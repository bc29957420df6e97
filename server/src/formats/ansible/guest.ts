import type { GuestOsId } from '../common/guest-os';
import type { Task } from './tasks';

/** `guest_id` of `vmware_guest` tasks (a vSphere guest id such as `windows9Server64Guest`); templated values are unknown. */
export function ansibleGuestOs(tasks: Task[]): GuestOsId[] {
  const out: GuestOsId[] = [];
  for (const t of tasks) {
    if (t.module !== 'vmware_guest') continue;
    const o = t.opt('guest_id');
    const id = o && !o.templated ? o.text?.trim() : undefined;
    if (!o || !id) continue;
    const name = t.opt('name');
    out.push({ scheme: 'vsphere', id, start: o.start, end: o.end, label: `guest_id: ${id}`, locator: `${t.locator}/guest_id`, vm: name && !name.templated ? name.text?.trim() || undefined : undefined });
  }
  return out;
}
