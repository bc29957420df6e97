import type { Format } from '../../engine/types';
import { isTemplateLine } from '../common/template';
import { daemonConfContext, qemuConfContext } from './context';
import { parseLibvirtConf, type ConfModel } from './parser';

/**
 * libvirt daemon configs (libvirtd and the modular virt*d daemons) and the QEMU driver config.
 * Both use libvirt's `key = value` syntax and share the `libvirt-conf` language.
 */

const DAEMONS = 'libvirtd|virtproxyd|virtqemud|virtnetworkd|virtnodedevd|virtnwfilterd|virtsecretd|virtstoraged|virtinterfaced|virtlxcd|virtxend|virtchd|virtbhyved|virtvboxd|virtvzd|virtlogd|virtlockd';
const DAEMON_FILE = new RegExp(`(^|/)(${DAEMONS})\\.conf$`, 'i');
const QEMU_FILE = /(^|\/)libvirt\/(.*\/)?qemu\.conf$/i;
/** other libvirt driver/client configs with the same syntax that vharden does not check */
const OTHER_LIBVIRT = /(^|\/)(lxc|libxl|bhyve|ch|sanlock|lockd|libvirt|libvirt-admin|virt-login-shell)\.conf$/i;

const LOOK = 16384;
const LINE = /^[ \t]*(?:#[ \t]*)?([A-Za-z][A-Za-z0-9_]*)[ \t]*=/;

/**
 * Content detection: within the first 16 KiB, every uncommented line is a `name = value`
 * statement or a list continuation, and one of the marker keys appears (set or as a commented
 * template line, as in the files libvirt ships). Lines of template code (`{% if … %}`) are skipped.
 */
function looksLike(text: string, markers: Set<string>): boolean {
  let marker = false;
  for (const line of text.slice(0, LOOK).split(/\r\n|\n|\r/)) {
    const t = line.trim();
    if (t === '') continue;
    const m = LINE.exec(line);
    if (m) {
      if (markers.has(m[1]!)) marker = true;
      continue;
    }
    if (t.startsWith('#') || /^["'\],]/.test(t) || isTemplateLine(line, 0, line.length)) continue;
    return false;
  }
  return marker;
}

const DAEMON_MARKERS = new Set(['listen_tcp', 'listen_tls', 'auth_tcp', 'auth_unix_rw', 'unix_sock_rw_perms', 'unix_sock_group']);
const QEMU_MARKERS = new Set(['vnc_listen', 'spice_listen', 'security_driver', 'vnc_tls', 'spice_tls']);

export const libvirtdConfFormat: Format<ConfModel> = {
  id: 'libvirtd-conf',
  name: 'libvirt daemon config (libvirtd.conf, virt*d.conf)',
  languageId: 'libvirt-conf',
  comment: { line: '#' },
  matchesPath: (path) => DAEMON_FILE.test(path),
  matchesContent: (text, path) => !OTHER_LIBVIRT.test(path) && looksLike(text, DAEMON_MARKERS),
  parse: (text) => parseLibvirtConf(text, 'libvirtd-conf'),
  context: (model) => daemonConfContext(model),
};

export const qemuConfFormat: Format<ConfModel> = {
  id: 'qemu-conf',
  name: 'libvirt QEMU driver config (qemu.conf)',
  languageId: 'libvirt-conf',
  comment: { line: '#' },
  matchesPath: (path) => QEMU_FILE.test(path),
  matchesContent: (text, path) => !OTHER_LIBVIRT.test(path) && looksLike(text, QEMU_MARKERS),
  parse: (text) => parseLibvirtConf(text, 'qemu-conf'),
  context: (model) => qemuConfContext(model),
};
