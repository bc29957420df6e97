import { NESTED_NAME, type ContextFacts, type Evidence } from '../../engine/context';
import { pciAddress } from './hostdev';
import type { DomainModel, LibvirtXmlModel } from './model';
import { attr, child, childrenNamed } from './scanner';

/** Sound servers of a logged-in user's session: the guest plays through someone's desktop. */
const SESSION_AUDIO = new Set(['pulseaudio', 'pipewire', 'jack', 'sdl', 'coreaudio', 'spice']);

/**
 * What a libvirt document shows about its host. Desktop: a passed-through GPU (VFIO), a local or
 * SPICE display, audio to the user's sound server, evdev input, Looking Glass, the NAT `default`
 * network, user-mode networking, a session (`qemu:///session`) path. Server: an OpenStack Nova
 * instance. Lab: nested virtualization required of the CPU, a VM named for a nested hypervisor.
 */
export function libvirtContext(m: LibvirtXmlModel, path: string): ContextFacts {
  const evidence: Evidence[] = [];
  const file = (kind: Evidence['kind'], text: string, weak?: boolean) => evidence.push({ kind, text, scope: 'file', ...(weak ? { weak } : {}) });
  if (/(^|\/)\.config\/libvirt\//.test(path.replace(/\\/g, '/'))) evidence.push({ kind: 'desktop', text: 'qemu:///session (~/.config/libvirt)', scope: 'host' });
  if (m.kind === 'network') {
    if (m.name === 'default' && m.forwardMode === 'nat') evidence.push({ kind: 'desktop', text: "libvirt's NAT default network", scope: 'file', weak: true });
    return { product: 'KVM', evidence };
  }
  if (m.kind !== 'domain' || !m.root) return { product: 'KVM', evidence };

  const gpu = passedGpu(m);
  if (gpu) file('desktop', `VFIO GPU passthrough of ${gpu}`);
  const displays = new Set(m.graphics.map((g) => attr(g, 'type')?.value).filter((t): t is string => !!t));
  if (displays.has('spice')) file('desktop', 'SPICE display', true);
  if (displays.has('egl-headless')) file('desktop', 'egl-headless display');
  if (displays.has('sdl') || displays.has('gtk') || displays.has('dbus')) file('desktop', 'a window on the local desktop');
  const devs = m.devices?.children ?? [];
  const audio = devs.find((d) => d.name === 'audio' && SESSION_AUDIO.has(attr(d, 'type')?.value ?? ''));
  if (audio) file('desktop', `audio to the user's ${attr(audio, 'type')!.value} session`, attr(audio, 'type')!.value === 'spice');
  if (devs.some((d) => d.name === 'input' && attr(d, 'type')?.value === 'evdev') || m.text.includes('input-linux') || m.text.includes('evdev=/dev/input')) file('desktop', 'evdev keyboard and mouse');
  if (devs.some((d) => d.name === 'shmem' && /looking.?glass/i.test(attr(d, 'name')?.value ?? ''))) file('desktop', 'Looking Glass shared memory');
  if (m.interfaces.some((i) => i.type === 'network' && i.sourceNetwork === 'default')) evidence.push({ kind: 'desktop', text: "libvirt's NAT default network", scope: 'file', weak: true });
  if (m.interfaces.some((i) => i.type === 'user')) file('desktop', 'user-mode networking (qemu:///session)');

  const metadata = child(m.root, 'metadata');
  // a cloud's instance: other tenants' guests run on the same compute host
  if (metadata?.children.some((c) => c.name.startsWith('nova:'))) evidence.push({ kind: 'server', text: 'OpenStack Nova instance', scope: 'file', tenants: true });

  const nested = childrenNamed(child(m.root, 'cpu'), 'feature').find((f) => /^(vmx|svm)$/.test(attr(f, 'name')?.value ?? '') && /^(require|force)$/.test(attr(f, 'policy')?.value ?? ''));
  if (nested) file('lab', `nested virtualization (CPU feature ${attr(nested, 'name')!.value})`);
  if (m.name && NESTED_NAME.test(m.name)) file('lab', `nested hypervisor VM (name ${m.name})`);
  return { product: 'KVM', evidence };
}

/**
 * The host address of a passed-through GPU ("09:00.0"), when the domain shows one: PCI passthrough
 * with the emulated video switched off, the hypervisor hidden from the guest driver, a ROM file,
 * or a device passed with its audio function (functions .0 and .1 of one slot).
 */
function passedGpu(m: DomainModel): string | undefined {
  const pci = m.hostdevs.filter((h) => (attr(h, 'mode')?.value ?? 'subsystem') === 'subsystem' && attr(h, 'type')?.value === 'pci');
  const addresses = pci.map(pciAddress).filter((a): a is string => !!a);
  if (addresses.length === 0) return undefined;
  const short = (a: string) => a.replace(/^0000:/, '');
  const all = new Set(addresses);
  const paired = addresses.find((a) => a.endsWith('.0') && all.has(`${a.slice(0, -2)}.1`));
  if (paired) return short(paired);
  const features = child(m.root, 'features');
  const videoOff = (m.devices?.children ?? []).some((d) => d.name === 'video' && attr(child(d, 'model'), 'type')?.value === 'none');
  const hidden = attr(child(child(features, 'kvm'), 'hidden'), 'state')?.value === 'on' || attr(child(child(features, 'hyperv'), 'vendor_id'), 'state')?.value === 'on';
  const rom = pci.some((h) => attr(child(h, 'rom'), 'file') !== undefined);
  return videoOff || hidden || rom ? short(addresses[0]!) : undefined;
}
