import { deleteLines } from '../../engine/text';
import type { Rule } from '../../engine/types';
import type { PveLxcModel } from '../../formats/proxmox-lxc';
import { containerName, liveAll, privilege } from '../../formats/proxmox-lxc/container';
import type { KvEntry } from '../../formats/proxmox-common/kv';
import { LIVE_NOTE, lxcConf, pctDoc } from './common';

/** What LXC's common configuration, which Proxmox includes for every container, drops. */
export const DEFAULT_DROP = ['mac_admin', 'mac_override', 'sys_time', 'sys_module', 'sys_rawio'];

/**
 * The capabilities of the default drop list that the config's `lxc.cap.drop` lines give back: an
 * empty line clears every drop set before it, a line with names adds them. `clears` are the empty lines.
 */
export function restoredCaps(lines: KvEntry[]): { missing: string[]; clears: KvEntry[] } {
  let dropped = new Set(DEFAULT_DROP);
  const clears: KvEntry[] = [];
  for (const e of lines) {
    const names = e.value.trim().toLowerCase().split(/\s+/).filter((n) => n !== '');
    if (names.length === 0) {
      dropped = new Set();
      clears.push(e);
    } else for (const n of names) dropped.add(n.replace(/^cap_/, ''));
  }
  return { missing: DEFAULT_DROP.filter((c) => !dropped.has(c)), clears };
}

export const lxcCapDrop: Rule<PveLxcModel> = {
  meta: {
    id: 'PVE-LXC-CAP-DROP',
    title: 'Privileged container keeps capabilities LXC drops',
    family: 'guest-isolation',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['proxmox-lxc'],
    risk: 'LXC drops `sys_module`, `sys_rawio`, `sys_time`, `mac_admin` and `mac_override` from every container. An empty `lxc.cap.drop:` clears that list, so the root user of a privileged container can load kernel modules into the host\'s kernel, access I/O ports and raw memory, set the host\'s clock and change its AppArmor policy: each is a way out of the container.',
    remedy: 'Delete the empty `lxc.cap.drop:` line. If the container really needs one of these capabilities, clear and re-add the others explicitly (`lxc.cap.drop:` followed by `lxc.cap.drop: mac_admin mac_override sys_module sys_rawio`), and prefer doing that work on the host or in a VM.',
    notes: `Follows LXC's order: an empty \`lxc.cap.drop:\` clears every drop set before it (Proxmox writes the raw \`lxc.*\` keys after LXC's common configuration), a line with names adds them. Reported once, on the first line that clears the list, naming the capabilities of the default drop list that are no longer dropped. Only in privileged containers (\`unprivileged\` absent or 0): in an unprivileged container these capabilities belong to the container's user namespace and do not reach the host (loading modules, raw I/O and the clock need them in the host's). Not reported when \`lxc.cap.keep\` lists capabilities, which drops all others. The fix deletes the empty lines and is guarded: software that needed these capabilities stops working. ${LIVE_NOTE}`,
    references: [lxcConf('lxc.cap.drop'), pctDoc('Security Considerations, privileged containers')],
  },
  check(ct, ctx) {
    if (!privilege(ct).privileged) return [];
    if (liveAll(ct, 'lxc.cap.keep').some((e) => e.value.trim() !== '' && e.value.trim().toLowerCase() !== 'none')) return [];
    const { missing, clears } = restoredCaps(liveAll(ct, 'lxc.cap.drop'));
    const at = clears[0];
    if (!at || missing.length === 0) return [];
    return [
      {
        start: at.keyStart,
        end: at.valueEnd,
        locator: 'lxc.cap.drop',
        message: `An empty lxc.cap.drop clears LXC's capability drops: ${containerName(ct, ctx.path)}, a privileged container, keeps ${missing.join(', ')}, which act on the host's kernel.`,
        fixes: [
          {
            title: `Delete the empty lxc.cap.drop line${clears.length > 1 ? 's' : ''} (guarded: software in the container that needed these capabilities stops working)`,
            safety: 'guarded',
            edits: deleteLines(ct.index, clears.map((e) => e.line)),
          },
        ],
      },
    ];
  },
};
