import { attr, child, type XmlElement } from './scanner';

/** The host PCI address of a `<hostdev type='pci'>`: "0000:09:00.0", or undefined without one. */
export function pciAddress(h: XmlElement): string | undefined {
  const a = child(child(h, 'source'), 'address');
  if (!a) return undefined;
  const part = (n: string, w: number) => (attr(a, n)?.value ?? '').replace(/^0x/i, '').padStart(w, '0');
  return `${part('domain', 4)}:${part('bus', 2)}:${part('slot', 2)}.${part('function', 1)}`;
}

/** "PCI 0000:01:00.0", "USB 046d:c52b" — what the admin recognises. */
export function describeHostdev(h: XmlElement): string {
  const type = attr(h, 'type')?.value ?? 'unknown';
  const source = child(h, 'source');
  if (type === 'pci') {
    const address = pciAddress(h);
    return address ? `PCI ${address}` : 'PCI device';
  }
  if (type === 'usb') {
    const v = attr(child(source, 'vendor'), 'id')?.value;
    const p = attr(child(source, 'product'), 'id')?.value;
    if (v && p) return `USB ${v.replace(/^0x/i, '')}:${p.replace(/^0x/i, '')}`;
    const a = child(source, 'address');
    return a ? `USB bus ${attr(a, 'bus')?.value ?? '?'} device ${attr(a, 'device')?.value ?? '?'}` : 'USB device';
  }
  return `${type.toUpperCase()} device`;
}
