import { describeTenancy, isMultiTenant } from '../../engine/context';
import type { FindingDraft, Rule } from '../../engine/types';
import { parseProps } from '../../formats/proxmox-common/kv';
import type { PveVmModel } from '../../formats/proxmox-vm';
import { argsPassthrough } from '../../formats/proxmox-vm/passthrough';
import { routerAppliance } from '../../formats/proxmox-vm/context';
import { devicesMessage } from '../passthrough';
import { stig } from '../refs';
import { pveDoc } from './common';

export const vmPassthru: Rule<PveVmModel> = {
  meta: {
    id: 'PVE-VM-PASSTHRU',
    title: 'Host PCI or USB device passed through to a VM on a shared host',
    family: 'guest-isolation',
    severity: 'low',
    fixSafety: 'none',
    formats: ['proxmox-vm'],
    risk: '`hostpciN:` and `usbN: host=...` hand a physical device of the host to the guest. The guest drives the hardware directly (DMA for PCI devices), which weakens the isolation between guest and host, pins the VM to this node and can expose whatever the device is connected to.',
    remedy: 'Keep passthrough to VMs that need it (GPU, HBA, dongle) and document it; suppress the finding on its line with a reason (`# vharden-ignore PVE-VM-PASSTHRU -- GPU for the render VM`). Remove it elsewhere.',
    notes: 'Reported once per VM, on its first passed device, naming every `hostpciN` and `usbN: host=…` device and every device passed with raw QEMU arguments (`args: -device usb-host,…`, `-device vfio-pci,host=…`, `-usbdevice host:…`) (the full list is in the hover and in SARIF result properties). Only where the host is shared by several tenants: the profile `server`, or with `auto` evidence of other tenants in the host tree (`user.cfg` ACLs granting single VMs or pools to users other than root@pam, the polkit access driver in a libvirt daemon config, an OpenStack Nova instance). A server that one owner runs many guests on (a Proxmox host tree, a cluster, a bridge carrying several guests) is not shared by itself. Intentional single-user passthrough is no finding: a GPU passed as the VM\'s display (`x-vga=1`, or `vga: none`), the hypervisor hidden from the guest\'s GPU driver (`kvm=off`, `hidden=1`), evdev input or Looking Glass make the VM a desktop, nested virtualization a lab, and a config with no evidence either way is left alone. Router and firewall appliances (OPNsense, pfSense, VyOS, OpenWrt, … in the VM\'s name, tags or description) are left alone too: the NICs passed to them are their ports. USB `spice` redirection is not host passthrough and is not reported. Reads the live section only. Catalog entry "ISO-PASSTHRU (Proxmox)".',
    references: [pveDoc('qm.conf: hostpci[n], usb[n]'), stig('VMCH-80-000214', undefined, 'VMware vSphere 8.0 (analogue)')],
  },
  check(vm, ctx) {
    if (!isMultiTenant(ctx.system) || routerAppliance(vm)) return [];
    const devices: string[] = [];
    let at: { start: number; end: number } | undefined;
    for (const e of vm.entries) {
      if (e.section !== undefined) continue;
      const pci = /^hostpci\d+$/.test(e.lower);
      if (!pci && !/^usb\d+$/.test(e.lower)) continue;
      const dev = parseProps(vm.index.text, e.valueStart, e.valueEnd).find((p) => p.key === '' || p.key === 'host' || p.key === 'mapping');
      if (!pci && (!dev || dev.value.toLowerCase() === 'spice')) continue;
      at ??= { start: e.keyStart, end: e.valueEnd };
      devices.push(`${e.key}: ${dev?.key === 'mapping' ? 'mapped ' : ''}${pci ? 'PCI' : 'USB'} ${dev?.value ?? e.value}`);
    }
    for (const d of argsPassthrough(vm)) {
      at ??= d;
      devices.push(`args: host ${d.kind === 'usb' ? 'USB' : 'PCI'} ${d.device} (${d.driver === '-usbdevice' ? '-usbdevice' : `-device ${d.driver}`})`);
    }
    if (!at) return [];
    const context = describeTenancy(ctx.system);
    const out: FindingDraft = {
      start: at.start,
      end: at.end,
      locator: 'passthrough',
      message: `${devicesMessage(devices, 'this VM')}: the guest drives host hardware directly (${context}).`,
      details: devices,
      context,
    };
    return [out];
  },
};
