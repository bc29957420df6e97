import type { FindingDraft, Rule } from '../../engine/types';
import { isLoopback, isWildcard } from '../net';
import { attr, blocksOf, fromNote, label, setFix, tfDoc, valueOfAttr, type HclModel } from './common';

/** A `-vnc host:display[,opts]` argument that listens on the network; the rewritten arguments bind it to loopback. */
export function networkVnc(args: string): { where: string; password: boolean; port: string; rewritten: string } | undefined {
  const tokens = args.split(/(\s+)/);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== '-vnc' && tokens[i] !== '--vnc') continue;
    const spec = tokens[i + 2];
    if (!spec) continue;
    const comma = spec.indexOf(',');
    const addr = comma < 0 ? spec : spec.slice(0, comma);
    if (addr === 'none' || addr.startsWith('unix:')) continue;
    const colon = addr.lastIndexOf(':');
    if (colon < 0) continue;
    const host = addr.slice(0, colon);
    if (host !== '' && isLoopback(host)) continue;
    const opts = comma < 0 ? [] : spec.slice(comma + 1).split(',');
    const display = Number(addr.slice(colon + 1));
    const rewritten = [...tokens.slice(0, i + 2), `127.0.0.1${spec.slice(colon)}`, ...tokens.slice(i + 3)].join('');
    return { where: host === '' || isWildcard(host) ? 'on every host interface' : `on ${host}`, password: opts.some((o) => o === 'password' || o === 'password=on'), port: Number.isInteger(display) ? ` (TCP ${5900 + display})` : '', rewritten };
  }
  return undefined;
}

export const tfPveArgsVnc: Rule<HclModel> = {
  meta: {
    id: 'TF-PVE-ARGS-VNC',
    title: 'Proxmox VM opens a raw QEMU VNC server (args / kvm_arguments with -vnc)',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['terraform'],
    risk: '`args` (Telmate/proxmox `proxmox_vm_qemu`) and `kvm_arguments` (bpg/proxmox `proxmox_virtual_environment_vm`) pass raw arguments to QEMU. `-vnc 0.0.0.0:N` (or `-vnc :N`) starts a second VNC server on TCP 5900+N on every host interface, outside pveproxy: no Proxmox login, no permission check, no audit log. Without `password=on` anyone who reaches the port controls the VM\'s keyboard, screen and boot menu.',
    remedy: 'Remove the `-vnc` argument and use the Proxmox console (noVNC/SPICE through port 8006). If a raw VNC server is needed, bind it to 127.0.0.1 and reach it through an SSH tunnel.',
    notes: 'The same check as PVE-VM-ARGS-VNC on the VM config Terraform writes. `-vnc unix:…`, `-vnc none` and loopback addresses are not reported. Critical without `password=on`. Arguments from variables declared elsewhere or computed are not judged.',
    references: [tfDoc('Telmate/proxmox', 'proxmox_vm_qemu args'), tfDoc('bpg/proxmox', 'proxmox_virtual_environment_vm kvm_arguments'), { source: 'Proxmox VE docs', id: 'qm.conf: args (arbitrary arguments passed to KVM)' }],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const [type, name] of [['proxmox_vm_qemu', 'args'], ['proxmox_virtual_environment_vm', 'kvm_arguments']] as const) {
      for (const b of blocksOf(model, 'resource', type)) {
        const a = attr(b.body, name);
        const v = a ? valueOfAttr(model, a) : undefined;
        const vnc = v ? networkVnc(v.value) : undefined;
        if (!a || !v || !vnc) continue;
        out.push({
          start: v.at.start,
          end: v.at.end,
          severity: vnc.password ? 'high' : 'critical',
          locator: `${b.labels.join('.')}/${name}`,
          message: `${label(b)} starts a QEMU VNC server ${vnc.where}${vnc.port}${vnc.password ? '' : ' with no password'}${fromNote(v)}, outside the Proxmox login: whoever reaches it controls this VM.`,
          fixes: setFix(a, v.via ? undefined : { expr: a.value }, vnc.rewritten, 'Bind the VNC server to 127.0.0.1 (guarded: remote VNC clients must use an SSH tunnel)', 'guarded'),
        });
      }
    }
    return out;
  },
};
