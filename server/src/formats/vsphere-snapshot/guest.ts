import type { GuestOsId } from '../common/guest-os';
import type { VmTools } from '../common/vm-tools';
import type { Vm } from './model';

/** The guest OS a VM is configured for (`config.guestId`, a vSphere guest id). */
export function vmGuestOs(vm: Vm): GuestOsId[] {
  const g = vm.guestId;
  const id = g?.value.trim();
  if (!g || !id) return [];
  return [{ scheme: 'vsphere', id, start: g.start, end: g.end, label: `guestId "${id}"`, locator: 'guestId', vm: vm.name?.value.trim() || undefined }];
}

/** The VMware Tools state the VM reports (`guest.toolsVersionStatus2`, `guest.toolsRunningStatus`). */
export function vmTools(vm: Vm): VmTools {
  const at = (v: Vm['toolsVersion'], locator: string) => (v ? { value: v.value, start: v.start, end: v.end, locator } : undefined);
  return { vm: vm.name?.value, powerState: vm.powerState?.value, versionStatus: at(vm.toolsVersion, 'tools/versionStatus'), runningStatus: at(vm.toolsRunning, 'tools/runningStatus') };
}
