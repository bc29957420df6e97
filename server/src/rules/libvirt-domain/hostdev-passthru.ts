import { applianceIn, describeTenancy, isMultiTenant } from '../../engine/context';
import type { FindingDraft, Rule } from '../../engine/types';
import { describeHostdev } from '../../formats/libvirt-xml/hostdev';
import { trimmedText, type LibvirtXmlModel } from '../../formats/libvirt-xml/model';
import { attr, child } from '../../formats/libvirt-xml/scanner';
import { LIBVIRT_DOMAIN } from '../libvirt-refs';
import { stig } from '../refs';
import { devicesMessage } from '../passthrough';
import { startTagSpan } from './xml';

export const domHostdevPassthru: Rule<LibvirtXmlModel> = {
  meta: {
    id: 'DOM-HOSTDEV-PASSTHRU',
    title: 'Host device passed through to a guest on a shared host',
    family: 'guest-isolation',
    severity: 'low',
    fixSafety: 'none',
    formats: ['libvirt-domain'],
    risk: 'A `<hostdev>` gives the guest direct access to a host PCI, USB, SCSI or mediated device. The guest drives the hardware itself: DMA-capable devices depend on the IOMMU for isolation, device firmware can be reflashed, and USB passthrough hands over whatever is plugged in (tokens, storage). On a host shared by several tenants that weakens the isolation between them and the host; it also pins the guest to this host.',
    remedy: 'Pass through only devices that are on an approved list for this guest, keep the IOMMU enabled, prefer virtio devices otherwise, and remove passthrough that is no longer needed.',
    notes: 'Reports `<hostdev mode=\'subsystem\'>` (PCI, USB, SCSI, SCSI host, mediated devices) once per domain, on its first passed device, naming every device (the full list is in the hover and in SARIF result properties). Only where the host is shared by several tenants: the profile `server`, or with `auto` evidence of other tenants in the host tree (`user.cfg` ACLs granting single VMs or pools to users other than root@pam, the polkit access driver in a libvirt daemon config, an OpenStack Nova instance). A server that one owner runs many guests on (a Proxmox host tree, a cluster, a bridge carrying several guests) is not shared by itself. Intentional single-user passthrough is no finding: desktop evidence (a VFIO GPU passed with its audio function or with the emulated video off, SPICE or egl-headless, audio to a user\'s sound server, evdev input, Looking Glass, the NAT `default` network, `qemu:///session`) and labs, and files with no evidence either way, are left alone. So are router and firewall appliances (OPNsense, pfSense, VyOS, OpenWrt, … in the domain\'s name, title or description): the NICs passed to them are their ports. The vSphere analogue is VMCH-80-000214 (no unauthorized passthrough devices).',
    references: [LIBVIRT_DOMAIN, stig('VMCH-80-000214 (analogue)')],
  },
  check(m, ctx) {
    if (m.kind !== 'domain' || !isMultiTenant(ctx.system)) return [];
    if (applianceIn([m.name, trimmedText(child(m.root, 'title')), trimmedText(child(m.root, 'description'))].join(' '))) return [];
    const passed = m.hostdevs.filter((h) => (attr(h, 'mode')?.value ?? 'subsystem') === 'subsystem');
    const first = passed[0];
    if (!first) return [];
    const devices = passed.map(describeHostdev);
    const context = describeTenancy(ctx.system);
    const out: FindingDraft = {
      ...startTagSpan(first),
      locator: 'devices/hostdev',
      message: `${devicesMessage(devices, 'this guest')}: it drives the host hardware directly (${context}).`,
      details: devices,
      context,
    };
    return [out];
  },
};
