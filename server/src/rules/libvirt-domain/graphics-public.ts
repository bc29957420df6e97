import type { Rule } from '../../engine/types';
import { setAttrValue } from '../../formats/libvirt-xml/edit';
import { xmlPath, type LibvirtXmlModel } from '../../formats/libvirt-xml/model';
import { attr, childrenNamed, type XmlAttr } from '../../formats/libvirt-xml/scanner';
import { LIBVIRT_DOMAIN, LIBVIRT_QEMU } from '../libvirt-refs';
import { attrSpan, isAnyAddress } from './xml';

export const domGraphicsPublic: Rule<LibvirtXmlModel> = {
  meta: {
    id: 'DOM-GRAPHICS-PUBLIC',
    title: 'Guest console (VNC/SPICE) listens on every host interface without a password',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['libvirt-domain'],
    risk: 'A `<graphics>` device whose listen address is 0.0.0.0 or :: opens the guest\'s screen and keyboard to anyone who reaches the host\'s VNC/SPICE port. Without a password there is nothing between a port scan and the guest\'s console: boot menu, login prompt, or an unlocked session.',
    remedy: 'Listen on 127.0.0.1 (or use `<listen type=\'socket\'/>`) and reach the console through SSH (virt-manager and virt-viewer tunnel automatically) or a console proxy. If the console must be reachable remotely, enable TLS with client certificates in qemu.conf (vnc_tls, vnc_tls_x509_verify) or SASL.',
    notes: 'Checks the listen attribute and every `<listen type=\'address\'>` child of VNC, SPICE and RDP graphics. The fix rewrites all of them to 127.0.0.1, so the attribute and the children keep agreeing (libvirt rejects a domain where they differ). Quiet when the element has a passwd (reported by DOM-GRAPHICS-PASSWD instead) and when no address is given (qemu.conf vnc_listen/spice_listen apply; default 127.0.0.1). TLS configured in qemu.conf is not visible here; a SPICE console with defaultMode=\'secure\' is reported as medium. `<listen type=\'network\'>` is not judged: the address depends on the network.',
    references: [LIBVIRT_DOMAIN, LIBVIRT_QEMU],
  },
  check(m) {
    if (m.kind !== 'domain') return [];
    const out = [];
    for (const g of m.graphics) {
      const type = attr(g, 'type')?.value ?? '';
      if (type !== 'vnc' && type !== 'spice' && type !== 'rdp') continue;
      if (attr(g, 'passwd')?.value) continue;
      const spots: XmlAttr[] = [];
      const listen = attr(g, 'listen');
      if (listen && isAnyAddress(listen.value)) spots.push(listen);
      for (const l of childrenNamed(g, 'listen')) {
        const t = attr(l, 'type')?.value ?? 'address';
        const a = attr(l, 'address');
        if (t === 'address' && a && isAnyAddress(a.value)) spots.push(a);
      }
      const first = spots[0];
      if (!first) continue;
      const secure = type === 'spice' && attr(g, 'defaultMode')?.value === 'secure';
      out.push({
        ...attrSpan(first),
        severity: secure ? ('medium' as const) : ('high' as const),
        locator: xmlPath(g),
        message: `${type.toUpperCase()} console listens on ${first.value.trim()} (every host interface) with no password${secure ? ' (TLS only, no client authentication)' : ''}: anyone who reaches the port gets this guest's screen and keyboard.`,
        fixes: [{ title: 'Listen on 127.0.0.1 only (guarded: remote viewers must tunnel over SSH)', safety: 'guarded' as const, edits: spots.map((a) => setAttrValue(a, '127.0.0.1')) }],
      });
    }
    return out;
  },
};
