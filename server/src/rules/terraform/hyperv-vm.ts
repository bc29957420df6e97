import type { FindingDraft, Rule } from '../../engine/types';
import { objectItem } from '../../formats/hcl/ast';
import { attr, attrValue, blocks, blocksOf, boolOf, label, setFix, strOf, tfDoc, type HclModel } from './common';

export const tfHypervVm: Rule<HclModel> = {
  meta: {
    id: 'TF-HYPERV-VM',
    title: 'Hyper-V VM with Secure Boot off or the Guest Service Interface enabled',
    family: 'guest-isolation',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['terraform'],
    risk: 'With `enable_secure_boot = "Off"` a generation 2 VM boots any unsigned boot loader or kernel, so a bootkit survives reinstalls of the OS it hides under. The Guest Service Interface integration service lets the host copy files into the guest (Copy-VMFile) without any guest credential: whoever controls the host or its management gets a path into every such guest.',
    remedy: 'Set `enable_secure_boot = "On"` in `vm_firmware` (with the Microsoft UEFI CA template for Linux guests), and leave "Guest Service Interface" false in `integration_services` unless the guest needs Copy-VMFile.',
    notes: 'Secure Boot off is medium; the Guest Service Interface (off by default in Hyper-V) is low, reported only when the file enables it. The Secure Boot fix is guarded (guests without a signed boot loader stop booting); turning the Guest Service Interface off is guarded too (Copy-VMFile to the guest stops working).',
    references: [tfDoc('taliesins/hyperv', 'hyperv_machine_instance vm_firmware, integration_services'), { source: 'Microsoft Learn', id: 'Hyper-V integration services; Set-VMFirmware -EnableSecureBoot' }],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const b of blocksOf(model, 'resource', 'hyperv_machine_instance')) {
      for (const fw of blocks(b.body, 'vm_firmware')) {
        const found = attrValue(model, fw.body, 'enable_secure_boot');
        if (!found || strOf(model, found.attr.value)?.toLowerCase() !== 'off') continue;
        out.push({ start: found.attr.start, end: found.attr.end, locator: `${b.labels.join('.')}/vm_firmware/enable_secure_boot`, message: `${label(b)} boots with Secure Boot off: unsigned boot loaders and kernels run.`, fixes: setFix(found.attr, found.value, 'On', 'Set enable_secure_boot to On (guarded: guests without a signed boot loader stop booting)', 'guarded') });
      }
      const services = attr(b.body, 'integration_services');
      const gsi = objectItem(services?.value, 'Guest Service Interface');
      if (gsi && boolOf(model, gsi.value) === true) {
        out.push({ start: gsi.start, end: gsi.end, severity: 'low', locator: `${b.labels.join('.')}/integration_services/guest-service-interface`, message: `${label(b)} enables the Guest Service Interface: the host can copy files into this guest without a guest credential.`, fixes: gsi.value.kind === 'bool' || gsi.value.kind === 'string' ? [{ title: 'Turn the Guest Service Interface off (guarded: Copy-VMFile to this guest stops working)', safety: 'guarded', edits: [{ start: gsi.value.start, end: gsi.value.end, newText: 'false' }] }] : undefined });
      }
    }
    return out;
  },
};
