import type { FindingDraft, Rule } from '../../engine/types';
import { parseProps } from '../../formats/proxmox-common/kv';
import type { PveVmModel } from '../../formats/proxmox-vm';
import { argsPassthrough } from '../../formats/proxmox-vm/passthrough';
import { stig } from '../refs';
import { pveDoc } from './common';

export const vmPassthru: Rule<PveVmModel> = {
  meta: {
    id: 'PVE-VM-PASSTHRU',
    title: 'Host PCI or USB device passed through to the VM',
    family: 'guest-isolation',
    severity: 'low',
    fixSafety: 'none',
    formats: ['proxmox-vm'],
    risk: '`hostpciN:` and `usbN: host=...` hand a physical device of the host to the guest. The guest drives the hardware directly (DMA for PCI devices), which weakens the isolation between guest and host, pins the VM to this node and can expose whatever the device is connected to.',
    remedy: 'Keep passthrough to VMs that need it (GPU, HBA, dongle) and document it; suppress the finding on those lines with a reason (`# vharden-ignore PVE-VM-PASSTHRU -- GPU for the render VM`). Remove it elsewhere.',
    notes: 'Raw QEMU arguments count too: `args: -device usb-host,…`, `-device vfio-pci,host=…` and `-usbdevice host:…` are reported like `usbN`/`hostpciN`. USB `spice` redirection is not host passthrough and is not reported. Reads the live section only. Catalog entry "ISO-PASSTHRU (Proxmox)".',
    references: [pveDoc('qm.conf: hostpci[n], usb[n]'), stig('VMCH-80-000214', undefined, 'VMware vSphere 8.0 (analogue)')],
  },
  check(vm) {
    const out: FindingDraft[] = [];
    for (const e of vm.entries) {
      if (e.section !== undefined) continue;
      if (/^hostpci\d+$/.test(e.lower)) {
        const dev = parseProps(vm.index.text, e.valueStart, e.valueEnd).find((p) => p.key === '' || p.key === 'host' || p.key === 'mapping');
        out.push({ start: e.keyStart, end: e.valueEnd, locator: e.lower, message: `${e.key} passes ${dev?.key === 'mapping' ? 'mapped ' : ''}host PCI device ${dev?.value ?? e.value} through to this VM.` });
      } else if (/^usb\d+$/.test(e.lower)) {
        const dev = parseProps(vm.index.text, e.valueStart, e.valueEnd).find((p) => p.key === '' || p.key === 'host' || p.key === 'mapping');
        if (!dev || dev.value.toLowerCase() === 'spice') continue;
        out.push({ start: e.keyStart, end: e.valueEnd, locator: e.lower, message: `${e.key} passes ${dev.key === 'mapping' ? 'mapped ' : ''}host USB device ${dev.value} through to this VM.` });
      }
    }
    for (const d of argsPassthrough(vm)) {
      out.push({ start: d.start, end: d.end, locator: `args:${d.driver}:${d.device}`, message: `args passes host ${d.kind === 'usb' ? 'USB' : 'PCI'} device ${d.device} through to this VM with a raw ${d.driver === '-usbdevice' ? '-usbdevice' : `-device ${d.driver}`}.` });
    }
    return out;
  },
};
