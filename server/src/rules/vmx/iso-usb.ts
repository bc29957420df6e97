import { describeContext } from '../../engine/context';
import type { Rule } from '../../engine/types';
import { VMX_SETTINGS, type VmxSettings } from '../../formats/vmx/settings';
import { doc, stig } from '../refs';
import { flagBoolean } from './flag';

export const isoUsb: Rule<VmxSettings> = {
  input: VMX_SETTINGS,
  meta: {
    id: 'VMX-ISO-USB',
    title: 'USB controller present',
    family: 'guest-isolation',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['vmx', 'ansible', 'terraform', 'packer', 'vsphere-snapshot'],
    risk: 'Virtual USB controllers (UHCI/EHCI/xHCI) are attack surface between the guest and the hypervisor: VMSA-2024-0006 and VMSA-2022-0004 were VM escapes through them, and removing the controllers is the published workaround. They also allow USB devices to be passed into the VM.',
    remedy: 'Set usb.present, ehci.present and usb_xhci.present to "FALSE" unless the VM needs USB (smart-card passthrough, a hosted desktop VM). On an unpatched ESXi host this is the advisory workaround.',
    notes: 'Hosted VMs (Workstation, Fusion, Player: `virtualHW.productCompatibility = "hosted"`, NAT or host-only NICs, `vnet` NICs, `gui.*`, shared folders, and nothing that points at ESXi) are one person\'s desktop VMs, where USB is what the VM is for: no finding, unless the profile is `server` (then low, naming the evidence). ESXi VMs and VMs with no evidence either way keep the default severity.',
    live: {
      client: 'VM > Edit Settings > Virtual Hardware: remove the USB controller (with the VM powered off)',
      ansible: '`community.vmware.vmware_guest_controller` with `controllers: [{ type: usb2, state: absent }]` (`usb3` for an xHCI controller)',
    },
    references: [
      stig('VMCH-80-000213', 'V-258726'),
      doc('VMware Security Advisory', 'VMSA-2024-0006'),
      doc('VMware Security Advisory', 'VMSA-2022-0004'),
    ],
  },
  check(s, ctx) {
    const hosted = s.target === 'hosted';
    if (hosted && ctx.system.kind !== 'server') return [];
    const context = hosted ? describeContext(ctx.system) : undefined;
    return flagBoolean(
      s,
      ['usb.present', 'ehci.present', 'usb_xhci.present'],
      true,
      'FALSE',
      (key) => `${key} = "TRUE" adds a virtual USB controller, attack surface used by VM-escape advisories such as VMSA-2024-0006.${context ? ` Reported on a hosted VM because of the ${context}.` : ''}`,
      'USB devices passed to the guest, such as smart-card readers, license dongles and keyboards, stop working',
    ).map((f) => (context ? { ...f, severity: 'low', context } : f));
  },
};
