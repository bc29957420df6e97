import type { FindingDraft, Rule } from '../../engine/types';
import { isLoopback } from '../net';
import { attr, attrValue, blocks, blocksOf, fromNote, label, setFix, strOf, tfDoc, type HclModel } from './common';

export const tfLibvirtGraphics: Rule<HclModel> = {
  meta: {
    id: 'TF-LIBVIRT-GRAPHICS',
    title: 'libvirt domain console (VNC/SPICE) listens on the network',
    family: 'exposed-management',
    severity: 'high',
    fixSafety: 'guarded',
    formats: ['terraform'],
    risk: 'A `libvirt_domain` graphics block with `listen_type = "address"` and a `listen_address` that is not loopback opens the VM\'s VNC or SPICE console on the host\'s network. The dmacvicar/libvirt provider has no attribute for a console password, so whoever reaches the port gets the VM\'s screen, keyboard and boot menu.',
    remedy: 'Set `listen_address = "127.0.0.1"` (the provider\'s default) and reach the console through an SSH tunnel or virt-manager over SSH.',
    notes: 'The provider\'s defaults (listen_type "none", listen_address "127.0.0.1") are not reported. The fix is guarded: remote console clients must then use a tunnel. Addresses from variables declared elsewhere are not judged.',
    references: [tfDoc('dmacvicar/libvirt', 'libvirt_domain graphics'), { source: 'libvirt docs', id: 'Domain XML format: graphical framebuffers (listen)' }],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const b of blocksOf(model, 'resource', 'libvirt_domain')) {
      blocks(b.body, 'graphics').forEach((g, i) => {
        if (strOf(model, attr(g.body, 'listen_type')?.value) !== 'address') return;
        const found = attrValue(model, g.body, 'listen_address');
        const addr = found ? strOf(model, found.attr.value) : undefined;
        if (!found || addr === undefined || isLoopback(addr)) return;
        const type = strOf(model, attr(g.body, 'type')?.value) ?? 'spice';
        out.push({
          start: found.attr.start,
          end: found.attr.end,
          locator: `${b.labels.join('.')}/graphics[${i}]/listen_address`,
          message: `${label(b)} opens its ${type.toUpperCase()} console on ${addr === '0.0.0.0' || addr === '::' ? 'every host interface' : addr}${fromNote(found.value)}, and the provider cannot set a console password.`,
          fixes: setFix(found.attr, found.value, '127.0.0.1', 'Listen on 127.0.0.1 (guarded: remote console clients must use an SSH tunnel)', 'guarded'),
        });
      });
    }
    return out;
  },
};
