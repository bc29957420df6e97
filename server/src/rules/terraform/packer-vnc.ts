import type { FindingDraft, Rule } from '../../engine/types';
import { isLoopback, isWildcard } from '../net';
import { attrValue, blocksOf, boolOf, label, packerDoc, setFix, strOf, type HclModel } from './common';

export const tfPackerVnc: Rule<HclModel> = {
  meta: {
    id: 'TF-PACKER-VNC',
    title: 'Packer build VM console (VNC) on the network or without a password',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['packer'],
    risk: 'The qemu and VMware builders type the boot command over VNC. With `vnc_bind_address` on a network address, anyone who reaches the port during the build watches and drives the installer (and the passwords it types); the qemu builder sets no VNC password unless `vnc_use_password = true`, and `vnc_disable_password = true` removes the VMware builder\'s.',
    remedy: 'Leave `vnc_bind_address` at its default (127.0.0.1), keep a VNC password (`vnc_use_password = true` for qemu, no `vnc_disable_password`), and watch builds through an SSH tunnel when needed.',
    notes: 'Critical when the console is on the network without a password, high with one; `vnc_disable_password = true` on a loopback console is low (only local users can connect). Values from variables declared elsewhere are not judged. Fixes are guarded: a VNC viewer on another machine can no longer watch the build.',
    references: [packerDoc('qemu', 'vnc_bind_address, vnc_use_password'), packerDoc('vmware-iso', 'vnc_bind_address, vnc_disable_password')],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const b of blocksOf(model, 'source', 'qemu', 'vmware-iso', 'vmware-vmx')) {
      const qemu = b.labels[0] === 'qemu';
      const bind = attrValue(model, b.body, 'vnc_bind_address');
      const addr = bind ? strOf(model, bind.attr.value) : '127.0.0.1';
      const disable = attrValue(model, b.body, 'vnc_disable_password');
      const noPassword = qemu ? boolOf(model, attrValue(model, b.body, 'vnc_use_password')?.attr.value) !== true : boolOf(model, disable?.attr.value) === true;
      if (bind && addr !== undefined && !isLoopback(addr)) {
        out.push({
          start: bind.attr.start,
          end: bind.attr.end,
          severity: noPassword ? 'critical' : 'high',
          locator: `${b.labels.join('.')}/vnc_bind_address`,
          message: `${label(b)} opens the build VM's VNC console on ${isWildcard(addr) ? 'every interface' : addr}${noPassword ? ' with no password' : ''}: whoever reaches it drives the installer.`,
          fixes: setFix(bind.attr, bind.value, '127.0.0.1', 'Bind VNC to 127.0.0.1 (guarded: a VNC viewer on another machine can no longer watch the build)', 'guarded'),
        });
      } else if (!qemu && disable && noPassword) {
        out.push({
          start: disable.attr.start,
          end: disable.attr.end,
          severity: 'low',
          locator: `${b.labels.join('.')}/vnc_disable_password`,
          message: `${label(b)} turns the VNC password off (vnc_disable_password = true): every local user can drive the build VM's console.`,
          fixes: setFix(disable.attr, disable.value, false, 'Set vnc_disable_password to false (guarded: VNC viewers other than Packer need the generated password)', 'guarded'),
        });
      }
    }
    return out;
  },
};
