import { NESTED_NAME, type ContextFacts, type Evidence } from '../../engine/context';
import { guestAppliance } from '../proxmox-common/guest-nics';
import { liveEntry, parseProps, type KvDocument } from '../proxmox-common/kv';

/**
 * What a Proxmox VM config shows about its host. Server: it lives in a Proxmox host tree
 * (`/etc/pve/`, shared with the scope). Desktop: a GPU passed through as the VM's display
 * (`x-vga=1`, or `vga: none` with `hostpciN`), the hypervisor hidden from the guest's GPU driver,
 * evdev input, Looking Glass. Lab: nested virtualization (`+vmx`/`+svm` CPU flags, a nested hypervisor's name).
 */
export function pveVmContext(vm: KvDocument, path: string): ContextFacts {
  const evidence: Evidence[] = [];
  const file = (kind: Evidence['kind'], text: string) => evidence.push({ kind, text, scope: 'file' });
  if (/(^|\/)etc\/pve\//.test(path.replace(/\\/g, '/'))) evidence.push({ kind: 'server', text: 'Proxmox host tree (/etc/pve)', scope: 'host' });
  const live = vm.entries.filter((e) => e.section === undefined);
  const text = vm.index.text;
  const hostpci = live.filter((e) => /^hostpci\d+$/.test(e.lower));
  const vga = hostpci.find((e) => parseProps(text, e.valueStart, e.valueEnd).some((p) => p.key === 'x-vga' && p.value.trim() === '1'));
  if (vga) file('desktop', `GPU passed through as the VM's display (${vga.key} x-vga=1)`);
  else if (hostpci[0] && liveEntry(vm, 'vga')?.value.trim() === 'none') file('desktop', `GPU passed through as the VM's display (${hostpci[0].key}, vga: none)`);
  const args = liveEntry(vm, 'args')?.value ?? '';
  const cpu = liveEntry(vm, 'cpu')?.value ?? '';
  if (/\bkvm=off\b|\bhv_vendor_id=|\bhypervisor=off\b/.test(args) || /\bhidden=1\b/.test(cpu)) file('desktop', 'hypervisor hidden from the guest\'s GPU driver');
  if (/input-linux|evdev=\/dev\/input/.test(args)) file('desktop', 'evdev keyboard and mouse');
  if (/looking.?glass/i.test(args) || /looking.?glass/i.test(liveEntry(vm, 'ivshmem')?.value ?? '')) file('desktop', 'Looking Glass shared memory');
  const nested = /[+](vmx|svm)\b|\b(vmx|svm)=on\b/.exec(`${args} ${cpu}`);
  if (nested) file('lab', `nested virtualization (CPU flag ${nested[1] ?? nested[2]})`);
  const name = liveEntry(vm, 'name')?.value.trim() ?? '';
  if (NESTED_NAME.test(name)) file('lab', `nested hypervisor VM (name ${name})`);
  return { product: 'Proxmox', evidence };
}

/** "OPNsense (name opnsense01)", when the VM's name, tags or description say it is a router or firewall appliance. */
export function routerAppliance(vm: KvDocument): string | undefined {
  return guestAppliance(vm, ['name', 'tags', 'description']);
}
