import type { Rule } from '../../engine/types';
import { xmlPath, type LibvirtXmlModel } from '../../formats/libvirt-xml/model';
import { attr, child, type XmlElement } from '../../formats/libvirt-xml/scanner';
import { LIBVIRT_DOMAIN } from '../libvirt-refs';
import { stig } from '../refs';
import { startTagSpan } from './xml';

/** "PCI 0000:01:00.0", "USB 046d:c52b" — what the admin recognises. */
function describe(h: XmlElement): string {
  const type = attr(h, 'type')?.value ?? 'unknown';
  const source = child(h, 'source');
  if (type === 'pci') {
    const a = child(source, 'address');
    const part = (n: string, w: number) => (attr(a, n)?.value ?? '').replace(/^0x/i, '').padStart(w, '0');
    return a ? `PCI ${part('domain', 4)}:${part('bus', 2)}:${part('slot', 2)}.${part('function', 1)}` : 'PCI device';
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

export const domHostdevPassthru: Rule<LibvirtXmlModel> = {
  meta: {
    id: 'DOM-HOSTDEV-PASSTHRU',
    title: 'Host device passed through to the guest',
    family: 'guest-isolation',
    severity: 'low',
    fixSafety: 'none',
    formats: ['libvirt-domain'],
    risk: 'A `<hostdev>` gives the guest direct access to a host PCI, USB, SCSI or mediated device. The guest drives the hardware itself: DMA-capable devices depend on the IOMMU for isolation, device firmware can be reflashed, and USB passthrough hands over whatever is plugged in (tokens, storage). It also pins the guest to this host.',
    remedy: 'Pass through only devices that are on an approved list for this guest, keep the IOMMU enabled, prefer virtio devices otherwise, and remove passthrough that is no longer needed.',
    notes: 'Reports every `<hostdev mode=\'subsystem\'>` (PCI, USB, SCSI, SCSI host, mediated devices). Low by default: GPU and USB passthrough is common on desktop and lab hosts; suppress it per file with a reason, or turn the rule off for such repositories. The vSphere analogue is VMCH-80-000214 (no unauthorized passthrough devices).',
    references: [LIBVIRT_DOMAIN, stig('VMCH-80-000214 (analogue)')],
  },
  check(m) {
    if (m.kind !== 'domain') return [];
    const out = [];
    for (const h of m.hostdevs) {
      const mode = attr(h, 'mode')?.value ?? 'subsystem';
      if (mode !== 'subsystem') continue;
      const what = describe(h);
      out.push({ ...startTagSpan(h), locator: `${xmlPath(h)}[${what}]`, message: `${what} is passed through to this guest: it drives the host hardware directly.` });
    }
    return out;
  },
};
