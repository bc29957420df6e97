import type { FindingDraft, Rule } from '../../engine/types';
import { setAttrValue } from '../../formats/libvirt-xml/edit';
import type { LibvirtXmlModel } from '../../formats/libvirt-xml/model';
import type { XmlAttr } from '../../formats/libvirt-xml/scanner';
import { LIBVIRT_DOMAIN, LIBVIRT_NETWORK } from '../libvirt-refs';
import { attrSpan } from '../libvirt-domain/xml';

export const netTrustRx: Rule<LibvirtXmlModel> = {
  meta: {
    id: 'NET-TRUST-RX',
    title: 'Host trusts the guest\'s receive filters',
    family: 'vswitch-policy',
    severity: 'medium',
    fixSafety: 'safe',
    formats: ['libvirt-network', 'libvirt-domain'],
    risk: 'trustGuestRxFilters=\'yes\' makes the host follow the receive filter the guest programs into its virtio NIC: when the guest changes its MAC address or joins multicast groups, the host\'s macvtap device changes with it. A guest can then take over another machine\'s MAC address and receive its traffic — the libvirt counterpart of allowing MAC address changes on a vSwitch.',
    remedy: 'Set trustGuestRxFilters=\'no\' (the default) unless the guest is trusted and needs to change its MAC or multicast filters (some routers and clustering software).',
    notes: 'Reports trustGuestRxFilters=\'yes\' on a `<network>`, on its `<portgroup>`s, and on domain `<interface>`s. The safe fix sets the attribute to \'no\', libvirt\'s default.',
    references: [LIBVIRT_NETWORK, LIBVIRT_DOMAIN],
  },
  check(m) {
    const spots: { a: XmlAttr; where: string; locator: string }[] = [];
    if (m.kind === 'network') {
      if (m.trustGuestRxFilters) spots.push({ a: m.trustGuestRxFilters, where: `network ${m.name ?? ''}`.trim(), locator: '/network/@trustGuestRxFilters' });
      for (const pg of m.portgroups) if (pg.trustGuestRxFilters) spots.push({ a: pg.trustGuestRxFilters, where: `portgroup ${pg.name ?? ''}`.trim(), locator: `/network/portgroup[${pg.name ?? ''}]/@trustGuestRxFilters` });
    } else if (m.kind === 'domain') {
      for (const i of m.interfaces) if (i.trustGuestRxFilters) spots.push({ a: i.trustGuestRxFilters, where: 'this interface', locator: `${i.locator}/@trustGuestRxFilters` });
    }
    const out: FindingDraft[] = [];
    for (const s of spots) {
      if (s.a.value.trim() !== 'yes') continue;
      out.push({
        ...attrSpan(s.a),
        locator: s.locator,
        message: `trustGuestRxFilters='yes' on ${s.where}: guests can change their MAC address and receive filters, and take over other machines' traffic.`,
        fixes: [{ title: "Set trustGuestRxFilters='no'", safety: 'safe', edits: [setAttrValue(s.a, 'no')] }],
      });
    }
    return out;
  },
};
