import type { Rule } from '../../engine/types';
import { insertChild, setAttrValue } from '../../formats/libvirt-xml/edit';
import type { LibvirtXmlModel } from '../../formats/libvirt-xml/model';
import { attr, child } from '../../formats/libvirt-xml/scanner';
import { LIBVIRT_DOMAIN } from '../libvirt-refs';
import { attachment, natContext, onOwnSegment } from './no-filterref';
import { startTagSpan } from './xml';

export const domPortIsolation: Rule<LibvirtXmlModel> = {
  meta: {
    id: 'DOM-PORT-ISOLATION',
    title: 'Guest port not isolated from other guests on the bridge',
    family: 'vswitch-policy',
    severity: 'info',
    fixSafety: 'guarded',
    formats: ['libvirt-domain'],
    risk: 'Guests on the same Linux bridge reach each other directly, below any host firewall. When tenants or untrusted guests share a bridge, one compromised guest can attack the others at layer 2. `<port isolated=\'yes\'/>` lets the guest talk to the uplink but not to other isolated ports.',
    remedy: 'Add `<port isolated=\'yes\'/>` to interfaces of guests that must not talk to each other (or set it once in the network definition).',
    notes: 'A hint (info): most hosts want guest-to-guest traffic. Checks interfaces of type bridge and network without a `<virtualport>` (libvirt rejects port isolation on Open vSwitch and 802.1Qbg/Qbh ports) that lack `<port isolated=\'yes\'/>`. Isolation set in the network XML is not visible here. Interfaces on libvirt\'s NAT `default` network of a desktop or lab, and the bridged interfaces of a desktop or lab guest whose host tree shows no sign of being shared, are left alone (see DOM-NO-FILTERREF), and the hint is not repeated on an interface another finding already marks (a missing `<filterref>`): fixing that one is the first step. The catalog lists this fix as safe; vharden marks it guarded because fix-all would cut traffic between guests that rely on it.',
    references: [LIBVIRT_DOMAIN],
    quietWhereMarked: true,
  },
  check(m, ctx) {
    if (m.kind !== 'domain') return [];
    const out = [];
    for (const i of m.interfaces) {
      if ((i.type !== 'bridge' && i.type !== 'network') || i.hasVirtualport || i.portIsolated || onOwnSegment(i, ctx.system)) continue;
      const existing = attr(child(i.element, 'port'), 'isolated');
      const context = natContext(i, ctx.system);
      out.push({
        ...startTagSpan(i.element),
        locator: i.locator,
        message: `Interface on ${attachment(i)} is not isolated: other guests on the segment reach it directly.${context ? ` (${context})` : ''}`,
        ...(context ? { context } : {}),
        fixes: [{
          title: "Add <port isolated='yes'/> (guarded: traffic to other isolated guests on the bridge stops)",
          safety: 'guarded' as const,
          edits: [existing ? setAttrValue(existing, 'yes') : insertChild(ctx.text, i.element, "<port isolated='yes'/>")],
        }],
      });
    }
    return out;
  },
};
