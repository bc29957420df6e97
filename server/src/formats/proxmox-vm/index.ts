import { firstLine, startsJsonOrXml } from '../../engine/sniff';
import type { Format } from '../../engine/types';
import { isTemplateLine } from '../common/template';
import { kvGuestNics, PVE_GUEST_NICS } from '../proxmox-common/guest-nics';
import { parseKv, type KvDocument } from '../proxmox-common/kv';
import { pveVmContext } from './context';
import { pveVmFabric } from './fabric';
import { GUEST_OS } from '../common/guest-os';
import { pveGuestOs } from './guest';

/** A Proxmox VE QEMU VM config. Rules read only the live (first) section; snapshots and [PENDING] are history or not yet applied. */
export type PveVmModel = KvDocument;

/** Keys only a QEMU VM config has (LXC configs share cores/memory/net but not these). */
const QEMU_KEY = /^(bootdisk|scsihw|smbios1|vmgenid|args|agent|vga|machine|bios|(hostpci|scsi|virtio|ide|sata|efidisk|tpmstate)\d+)$/;
const NIC_MODEL = /^(virtio|e1000e?|rtl8139|vmxnet3|ne2k_pci|i82551|i82557b|i82559er|pcnet|ne2k_isa|e1000-82540em|e1000-82544gc|e1000-82545em)=/;
const LXC_KEY = /^(rootfs|arch|hostname|unprivileged|mp\d+|lxc\.[\w.]+|nameserver|searchdomain|cmode|tty)$/;

export function looksLikeQemuConf(text: string): boolean {
  let strong = 0;
  let lines = 0;
  for (const raw of text.slice(0, 8192).split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('#') || isTemplateLine(line, 0, line.length)) continue;
    if (line.startsWith('[')) break;
    const m = /^([A-Za-z][\w.-]*): ?(.*)$/.exec(line);
    if (!m) return false;
    lines++;
    const key = m[1]!.toLowerCase();
    if (LXC_KEY.test(key)) return false;
    if (QEMU_KEY.test(key) || (/^net\d+$/.test(key) && NIC_MODEL.test(m[2]!))) strong++;
  }
  return lines > 0 && strong > 0;
}

export const pveVmFormat: Format<PveVmModel> = {
  id: 'proxmox-vm',
  name: 'Proxmox VE VM config',
  languageId: 'proxmox-vm',
  comment: { line: '#' },
  matchesPath: (path) => /(^|\/)qemu-server\/[^/]+\.conf$/i.test(path),
  matchesContent: (text) => looksLikeQemuConf(text),
  // the live section comes first: a file that opens with `[section]` or JSON/XML is something else
  // (QEMU's own `-readconfig` files such as /usr/share/qemu-server/pve-q35.conf)
  confirms: (text) => {
    const first = firstLine(text, '#');
    return !first.startsWith('[') && !startsJsonOrXml(first);
  },
  parse: (text) => {
    const doc = parseKv(text, 'VM config', true);
    return { format: 'proxmox-vm', model: doc, comments: doc.comments, diagnostics: doc.diagnostics };
  },
  provides: [PVE_GUEST_NICS, GUEST_OS],
  carriers: (doc) => ({ [PVE_GUEST_NICS]: [kvGuestNics(doc, 'VM', 'name')], [GUEST_OS]: pveGuestOs(doc) }),
  fabric: (doc, ctx) => pveVmFabric(doc, ctx.path),
  context: (doc, ctx) => pveVmContext(doc, ctx.path),
};
