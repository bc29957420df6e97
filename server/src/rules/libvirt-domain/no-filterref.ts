import { describeContext, isOwnHost, isSingleUser, type SystemContext } from '../../engine/context';
import type { Rule } from '../../engine/types';
import { insertChild } from '../../formats/libvirt-xml/edit';
import type { DomainInterface, LibvirtXmlModel } from '../../formats/libvirt-xml/model';
import { LIBVIRT_DOMAIN, LIBVIRT_FIREWALL } from '../libvirt-refs';
import { startTagSpan } from './xml';

/**
 * One person's segment: libvirt's stock NAT network of a desktop or lab, or any network of a
 * desktop or lab that nothing in its host tree shows as shared. Only that user's guests and
 * machines are on it, so neither anti-spoofing filters nor port isolation protect anyone else.
 */
export function onOwnSegment(i: DomainInterface, system: SystemContext): boolean {
  return (onStockNat(i) && isSingleUser(system)) || isOwnHost(system);
}

function onStockNat(i: DomainInterface): boolean {
  return i.type === 'network' && i.sourceNetwork === 'default';
}

/** The context that kept a finding on the NAT `default` network ("profile server"), for its message; undefined elsewhere. */
export function natContext(i: DomainInterface, system: SystemContext): string | undefined {
  return onStockNat(i) ? describeContext(system) : undefined;
}

/** Where an interface attaches, for messages: "bridge br0", "network default". */
export function attachment(i: DomainInterface): string {
  if (i.type === 'bridge') return `bridge ${i.sourceBridge ?? '(no source bridge)'}`;
  if (i.type === 'network') return `network ${i.sourceNetwork ?? '(no source network)'}`;
  return `type ${i.type ?? '(none)'}`;
}

export const domNoFilterref: Rule<LibvirtXmlModel> = {
  meta: {
    id: 'DOM-NO-FILTERREF',
    title: 'Guest interface without an anti-spoofing filter',
    family: 'vswitch-policy',
    severity: 'low',
    fixSafety: 'guarded',
    formats: ['libvirt-domain'],
    risk: 'Without an nwfilter a guest on a shared Linux bridge can send frames with any MAC and IP address: it can impersonate the gateway or another guest, poison ARP caches and evade IP-based firewall rules. This is libvirt\'s counterpart of allowing forged transmits and MAC changes on a vSwitch.',
    remedy: 'Add `<filterref filter=\'clean-traffic\'/>` to the interface (it learns the guest\'s IP on first use) or, better, pin the address with `<parameter name=\'IP\' value=\'…\'/>`. Use no-mac-spoofing / no-ip-spoofing if clean-traffic is too strict.',
    notes: 'Checks interfaces of type bridge and network that have no `<filterref>` at all (any filter counts: custom filters are not inspected). Interfaces with a `<virtualport>` (Open vSwitch and 802.1Qbg/Qbh ports) are skipped: nwfilter does not apply to them. Interfaces on libvirt\'s NAT `default` network of a desktop or lab (the `default` network is itself desktop evidence; the profile `server` or server evidence in the file brings them back) are left alone: only that user\'s guests share it. So are the bridged interfaces of a desktop or lab guest (a VFIO GPU, egl-headless, audio to a user\'s sound server, evdev input, Looking Glass, nested virtualization…: not only the `default` network or a SPICE display, which virt-manager gives every new VM; or the profile `desktop`/`lab`) when nothing in its host tree says the host is shared (a bridge carrying several guests, a Proxmox tree): the segment is its owner\'s home or lab network. Low by default because almost every public domain XML lacks a filter. The guarded fix inserts `<filterref filter=\'clean-traffic\'/>`: guests that use several addresses, change MAC, or run DHCP servers or routers need a different filter.',
    references: [LIBVIRT_DOMAIN, LIBVIRT_FIREWALL],
  },
  check(m, ctx) {
    if (m.kind !== 'domain') return [];
    const out = [];
    for (const i of m.interfaces) {
      if ((i.type !== 'bridge' && i.type !== 'network') || i.filterref !== undefined || i.hasVirtualport || onOwnSegment(i, ctx.system)) continue;
      const context = natContext(i, ctx.system);
      out.push({
        ...startTagSpan(i.element),
        locator: i.locator,
        message: `Interface on ${attachment(i)} has no <filterref>: the guest can spoof MAC and IP addresses on the shared segment.${context ? ` (${context})` : ''}`,
        ...(context ? { context } : {}),
        fixes: [{ title: "Add <filterref filter='clean-traffic'/> (guarded: guests with several addresses or bridging roles lose traffic)", safety: 'guarded' as const, edits: [insertChild(ctx.text, i.element, "<filterref filter='clean-traffic'/>")] }],
      });
    }
    return out;
  },
};
