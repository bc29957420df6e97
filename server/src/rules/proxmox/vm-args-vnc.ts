import type { FindingDraft, Rule } from '../../engine/types';
import { isSpace } from '../../formats/proxmox-common/kv';
import type { PveVmModel } from '../../formats/proxmox-vm';
import { isLoopback, isWildcard } from '../net';
import { pveDoc } from './common';

export const vmArgsVnc: Rule<PveVmModel> = {
  meta: {
    id: 'PVE-VM-ARGS-VNC',
    title: 'Raw QEMU VNC server opened with args: -vnc',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['proxmox-vm'],
    risk: '`args:` passes raw arguments to QEMU. `-vnc 0.0.0.0:N` (or `-vnc :N`) starts a second VNC server on TCP 5900+N on every host interface, outside pveproxy: no Proxmox login, no ticket, no permission check, no audit log. Without `password=on` anyone who reaches the port gets keyboard, screen and boot menu of the VM.',
    remedy: 'Remove the `-vnc` argument and use the built-in noVNC/SPICE console through the web UI (port 8006), which checks VM.Console. If a raw VNC server is needed, bind it to 127.0.0.1 and reach it through an SSH tunnel.',
    notes: 'Reads only the live section (snapshots are history). `-vnc unix:...`, `-vnc none` and loopback addresses are not reported. Severity is critical unless the argument carries `password=on` (QEMU VNC passwords are at most 8 characters and weakly protected, so that case stays high).',
    references: [pveDoc('qm.conf: args (arbitrary arguments passed to KVM)'), pveDoc('pve-firewall: ports used by Proxmox VE (VNC web console 5900-5999)')],
  },
  check(vm) {
    const out: FindingDraft[] = [];
    for (const e of vm.entries) {
      if (e.section !== undefined || e.lower !== 'args') continue;
      const text = vm.index.text;
      const tokens: { start: number; end: number }[] = [];
      let i = e.valueStart;
      while (i < e.valueEnd) {
        while (i < e.valueEnd && isSpace(text.charCodeAt(i))) i++;
        const s = i;
        while (i < e.valueEnd && !isSpace(text.charCodeAt(i))) i++;
        if (i > s) tokens.push({ start: s, end: i });
      }
      for (let t = 0; t + 1 < tokens.length; t++) {
        const flag = text.slice(tokens[t]!.start, tokens[t]!.end);
        if (flag !== '-vnc' && flag !== '--vnc') continue;
        const spec = tokens[t + 1]!;
        const raw = text.slice(spec.start, spec.end);
        const comma = raw.indexOf(',');
        const addr = comma < 0 ? raw : raw.slice(0, comma);
        const opts = comma < 0 ? [] : raw.slice(comma + 1).split(',');
        if (addr === 'none' || addr.startsWith('unix:')) continue;
        const colon = addr.lastIndexOf(':');
        if (colon < 0) continue;
        const host = addr.slice(0, colon);
        const display = Number(addr.slice(colon + 1));
        if (host !== '' && isLoopback(host)) continue;
        const password = opts.some((o) => o === 'password' || o === 'password=on');
        const port = Number.isInteger(display) ? ` (TCP ${5900 + display})` : '';
        const where = host === '' || isWildcard(host) ? 'on every host interface' : `on ${host}`;
        out.push({
          start: spec.start,
          end: spec.end,
          severity: password ? 'high' : 'critical',
          locator: `args:-vnc`,
          message: `args starts a QEMU VNC server ${where}${port}${password ? '' : ' with no password'}, outside the Proxmox login: whoever reaches it controls this VM.`,
          fixes: [{ title: 'Bind the VNC server to 127.0.0.1 (guarded: remote VNC clients must use an SSH tunnel)', safety: 'guarded', edits: [{ start: spec.start, end: spec.start + colon, newText: '127.0.0.1' }] }],
        });
      }
    }
    return out;
  },
};
