import type { FindingDraft, Rule } from '../../engine/types';
import { insertAttr, setAttrValue } from '../../formats/libvirt-xml/edit';
import { xmlPath, type LibvirtXmlModel } from '../../formats/libvirt-xml/model';
import { attr, child, type XmlElement } from '../../formats/libvirt-xml/scanner';
import { LIBVIRT_DOMAIN, LIBVIRT_QEMU } from '../libvirt-refs';
import { attrSpan, isAnyAddress } from './xml';

interface Listener {
  el: XmlElement;
  source: XmlElement;
  host: string;
  service: string;
}

/** A TCP character device in bind (server) mode on a wildcard or empty host, without TLS. */
function openListener(el: XmlElement): Listener | undefined {
  if (attr(el, 'type')?.value !== 'tcp') return undefined;
  const source = child(el, 'source');
  if (!source || attr(source, 'mode')?.value !== 'bind') return undefined;
  if (attr(source, 'tls')?.value === 'yes') return undefined;
  const protocol = attr(child(el, 'protocol'), 'type')?.value;
  if (protocol === 'telnets' || protocol === 'tls') return undefined;
  const host = attr(source, 'host')?.value.trim() ?? '';
  if (host !== '' && !isAnyAddress(host)) return undefined;
  return { el, source, host, service: attr(source, 'service')?.value ?? '' };
}

export const domChardevTcp: Rule<LibvirtXmlModel> = {
  meta: {
    id: 'DOM-CHARDEV-TCP',
    title: 'Serial console or channel served on the network without TLS',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['libvirt-domain'],
    risk: 'A `<serial>`, `<console>`, `<channel>` or `<parallel>` of type \'tcp\' with `<source mode=\'bind\'>` makes QEMU listen on a TCP port and hand the guest\'s console (often a root login prompt) or agent channel to whoever connects: no authentication and, with raw or telnet protocol, no encryption. Without a host, or with 0.0.0.0, it listens on every host interface.',
    remedy: 'Use type=\'pty\' or \'unix\' and reach the console with virsh console, or bind to 127.0.0.1, or protect the socket with TLS (tls=\'yes\' on `<source>` and chardev_tls = 1 in qemu.conf).',
    notes: 'Reports bind-mode TCP character devices whose host is absent, empty or a wildcard, unless `<source tls=\'yes\'>` or a telnets/tls protocol is used. chardev_tls = 1 in qemu.conf also enables TLS and is not visible here. A `<console>` that repeats the first `<serial>` (same host and service, as virsh dumpxml writes it) is reported once, on the `<serial>`. The guarded fix binds the device to 127.0.0.1.',
    references: [LIBVIRT_DOMAIN, LIBVIRT_QEMU],
  },
  check(m) {
    if (m.kind !== 'domain') return [];
    const listeners = m.chardevs.map(openListener).filter((l): l is Listener => l !== undefined);
    const serials = listeners.filter((l) => l.el.name === 'serial');
    const out: FindingDraft[] = [];
    for (const l of listeners) {
      if (l.el.name === 'console' && serials.some((s) => s.host === l.host && s.service === l.service)) continue;
      const hostAttr = attr(l.source, 'host');
      const protocol = attr(child(l.el, 'protocol'), 'type')?.value ?? 'raw';
      const where = l.host ? l.host : 'every host interface (no host given)';
      out.push({
        ...(hostAttr ? attrSpan(hostAttr) : { start: l.source.start, end: l.source.openEnd }),
        locator: xmlPath(l.el),
        message: `<${l.el.name}> listens on ${where}${l.service ? ` port ${l.service}` : ''} over ${protocol} TCP without TLS: whoever connects gets this guest's ${l.el.name === 'channel' ? 'channel' : 'console'}.`,
        fixes: [{
          title: 'Bind to 127.0.0.1 (guarded: remote console clients stop working)',
          safety: 'guarded',
          edits: [hostAttr ? setAttrValue(hostAttr, '127.0.0.1') : insertAttr(l.source, 'host', '127.0.0.1')],
        }],
      });
    }
    return out;
  },
};
