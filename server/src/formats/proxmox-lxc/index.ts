import type { Format } from '../../engine/types';
import { isTemplateLine } from '../common/template';
import { kvGuestNics, PVE_GUEST_NICS } from '../proxmox-common/guest-nics';
import { parseKv, type KvDocument } from '../proxmox-common/kv';
import { pveLxcContext } from './context';
import { pveLxcFabric } from './fabric';

/**
 * A Proxmox VE container config (`/etc/pve/lxc/<vmid>.conf`). Parsed like a VM config: `key: value`
 * lines, `[snapshot]`, `[pve:pending]` sections (kept for positions and duplicate keys, not judged), the
 * description in the leading `#` lines, and raw `lxc.*` keys. Its NICs are guest ports on their
 * bridges for the mirror rules and carry the per-NIC firewall flag (`PVE_GUEST_NICS`); the PVE-LXC-*
 * rules read the model.
 */
export type PveLxcModel = KvDocument;

/** Keys with dots (`lxc.apparmor.profile`, `lxc.cgroup2.devices.allow`) are valid in container configs. */
const KEY = /^[A-Za-z][A-Za-z0-9_.-]*$/;
/** Raw LXC keys: Proxmox keeps every line, in order (`lxc.mount.entry`, `lxc.cgroup2.devices.allow` repeat). */
const RAW = /^lxc\./;
/** Keys only a container config has. */
const LXC_ONLY = /^(rootfs|unprivileged|hostname|ostype|mp\d+|lxc\.[\w.]+|cmode|console|tty|nameserver|searchdomain)$/;
/** Keys only a QEMU VM config has. */
const QEMU_ONLY = /^(bootdisk|scsihw|smbios1|vmgenid|args|agent|vga|machine|bios|boot|sockets|cpu|numa|(hostpci|scsi|virtio|ide|sata|efidisk|tpmstate|usb)\d+)$/;

/**
 * Content detection: every line before the first section is a `key: value` line at the start of
 * the line (no YAML nesting), no key is QEMU-only, and the file has `rootfs:`, or `arch:` with
 * `ostype:`/`hostname:`, or a NIC written the container way (`name=eth0,…`).
 */
export function looksLikeLxcConf(text: string): boolean {
  const keys = new Set<string>();
  let lxcNic = false;
  for (const raw of text.slice(0, 8192).split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('#') || isTemplateLine(line, 0, line.length)) continue;
    if (line.startsWith('[')) break;
    const m = /^([A-Za-z][\w.-]*): ?(.*)$/.exec(line);
    if (!m) return false;
    const key = m[1]!.toLowerCase();
    if (QEMU_ONLY.test(key)) return false;
    keys.add(key);
    if (/^net\d+$/.test(key) && /(^|,)name=[^,]+/.test(m[2]!) && /(^|,)(bridge|type)=/.test(m[2]!)) lxcNic = true;
  }
  return keys.has('rootfs') || (keys.has('arch') && (keys.has('ostype') || keys.has('hostname'))) || (lxcNic && [...keys].some((k) => LXC_ONLY.test(k)));
}

export const pveLxcFormat: Format<PveLxcModel> = {
  id: 'proxmox-lxc',
  name: 'Proxmox VE container config',
  languageId: 'proxmox-lxc',
  comment: { line: '#' },
  matchesPath: (path) => /(^|\/)(pve\/|nodes\/[^/]+\/)lxc\/\d+\.conf$/i.test(path),
  matchesContent: (text) => looksLikeLxcConf(text),
  parse: (text) => {
    const doc = parseKv(text, 'container config', true, KEY, RAW);
    return { format: 'proxmox-lxc', model: doc, comments: doc.comments, diagnostics: doc.diagnostics };
  },
  provides: [PVE_GUEST_NICS],
  carriers: (doc) => ({ [PVE_GUEST_NICS]: [kvGuestNics(doc, 'container', 'hostname')] }),
  fabric: (doc, ctx) => pveLxcFabric(doc, ctx.path),
  context: (doc, ctx) => pveLxcContext(doc, ctx.path),
};
