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
    formats: ['vmx', 'ansible'],
    risk: 'Virtual USB controllers (UHCI/EHCI/xHCI) are attack surface between the guest and the hypervisor: VMSA-2024-0006 and VMSA-2022-0004 were VM escapes through them, and removing the controllers is the published workaround. They also allow USB devices to be passed into the VM.',
    remedy: 'Set usb.present, ehci.present and usb_xhci.present to "FALSE" unless the VM needs USB (smart-card passthrough, a hosted desktop VM). On an unpatched ESXi host this is the advisory workaround.',
    references: [
      stig('VMCH-80-000213', 'V-258726'),
      doc('VMware Security Advisory', 'VMSA-2024-0006'),
      doc('VMware Security Advisory', 'VMSA-2022-0004'),
    ],
  },
  check: (s) =>
    flagBoolean(
      s,
      ['usb.present', 'ehci.present', 'usb_xhci.present'],
      true,
      'FALSE',
      (key) => `${key} = "TRUE" adds a virtual USB controller, attack surface used by VM-escape advisories such as VMSA-2024-0006.`,
      'guarded',
    ).map((f) => (s.target === 'hosted' ? { ...f, severity: 'low' } : f)),
};
