import { isSpace, type KvDocument } from '../proxmox-common/kv';

/** A host device handed to the guest through raw QEMU arguments in `args:` rather than `hostpciN`/`usbN`. */
export interface ArgsPassthrough {
  kind: 'usb' | 'pci';
  /** the QEMU device driver or option as written (`usb-host`, `vfio-pci`, `-usbdevice`) */
  driver: string;
  /** the device as the admin recognises it: `046d:c52b`, `bus 1 port 2`, `0000:01:00.0` */
  device: string;
  /** range of the device specification */
  start: number;
  end: number;
}

/** Words of `text[start, end)` split at blanks, with offsets. */
export function argWords(text: string, start: number, end: number): { value: string; start: number; end: number }[] {
  const out: { value: string; start: number; end: number }[] = [];
  let i = start;
  while (i < end) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    const s = i;
    while (i < end && !isSpace(text.charCodeAt(i))) i++;
    if (i > s) out.push({ value: text.slice(s, i), start: s, end: i });
  }
  return out;
}

function option(spec: string, name: string): string | undefined {
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === name) return part.slice(eq + 1);
  }
  return undefined;
}

function hex4(v: string | undefined): string | undefined {
  const m = v === undefined ? null : /^(?:0x)?([0-9a-f]{1,4})$/i.exec(v.trim());
  return m ? m[1]!.toLowerCase().padStart(4, '0') : undefined;
}

function usbDevice(spec: string): string {
  const vendor = hex4(option(spec, 'vendorid'));
  const product = hex4(option(spec, 'productid'));
  if (vendor && product) return `${vendor}:${product}`;
  const bus = option(spec, 'hostbus');
  const port = option(spec, 'hostport');
  const addr = option(spec, 'hostaddr');
  if (bus && port) return `bus ${bus} port ${port}`;
  if (bus && addr) return `bus ${bus} device ${addr}`;
  return option(spec, 'hostdevice') ?? 'a host USB device';
}

/**
 * Host USB and PCI devices passed through in the live section's `args:`: `-device usb-host,…`,
 * `-device vfio-pci,host=…` and the legacy `-usbdevice host:…`. Proxmox VM rules treat them like
 * `usbN: host=…` and `hostpciN:`.
 */
export function argsPassthrough(vm: KvDocument): ArgsPassthrough[] {
  const out: ArgsPassthrough[] = [];
  for (const e of vm.entries) {
    if (e.section !== undefined || e.lower !== 'args') continue;
    const words = argWords(vm.index.text, e.valueStart, e.valueEnd);
    for (let i = 0; i + 1 < words.length; i++) {
      const flag = words[i]!.value.replace(/^--/, '-');
      const spec = words[i + 1]!;
      const v = spec.value;
      if (flag === '-device') {
        const driver = v.split(',')[0]!;
        if (driver === 'usb-host') out.push({ kind: 'usb', driver, device: usbDevice(v), start: spec.start, end: spec.end });
        else if (driver === 'vfio-pci') out.push({ kind: 'pci', driver, device: option(v, 'host') ?? option(v, 'sysfsdev') ?? 'a host PCI device', start: spec.start, end: spec.end });
      } else if (flag === '-usbdevice' && v.startsWith('host:')) {
        out.push({ kind: 'usb', driver: '-usbdevice', device: v.slice(5), start: spec.start, end: spec.end });
      }
    }
  }
  return out;
}
