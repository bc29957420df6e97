import type { FindingDraft, Rule } from '../../engine/types';
import { attr, attrValue, blocks, blocksOf, boolOf, fromNote, insertAttr, label, setFix, strOf, tfDoc, type HclModel } from './common';

const CONTAINERS = ['proxmox_lxc', 'proxmox_virtual_environment_container'];

export const tfPveLxcPrivileged: Rule<HclModel> = {
  meta: {
    id: 'TF-PVE-LXC-PRIVILEGED',
    title: 'Proxmox container runs privileged (worse with nesting or mount features)',
    family: 'guest-isolation',
    severity: 'medium',
    fixSafety: 'guarded',
    formats: ['terraform'],
    risk: 'A privileged container runs its root as the host\'s root: a kernel bug or a misconfigured device or mount lets it take over the Proxmox node and every guest on it. Both Proxmox providers create containers privileged unless `unprivileged = true` is written. With `nesting` (and `mount` or `fuse`), the container can mount /proc and /sys of its own and run other containers, which removes most of what AppArmor still confines.',
    remedy: 'Write `unprivileged = true` and drop `nesting`, `mount` and `fuse` unless an unprivileged container needs them (nesting is meant for unprivileged containers). Changing `unprivileged` recreates the container: back up its data and shift file ownership when restoring.',
    notes: 'An omitted `unprivileged` takes the providers\' default (false: privileged). High when the container also enables `nesting`, `mount` or `fuse` in its features block. The fix is guarded: Terraform replaces the container when `unprivileged` changes. Values from variables declared elsewhere are not judged.',
    references: [tfDoc('Telmate/proxmox', 'proxmox_lxc unprivileged, features'), tfDoc('bpg/proxmox', 'proxmox_virtual_environment_container unprivileged, features'), { source: 'Proxmox VE docs', id: 'pct: privileged and unprivileged containers; container features' }],
  },
  check(model) {
    const out: FindingDraft[] = [];
    for (const b of blocksOf(model, 'resource', ...CONTAINERS)) {
      const found = attrValue(model, b.body, 'unprivileged');
      if (found && boolOf(model, found.attr.value) !== false) continue;
      const features = blocks(b.body, 'features').flatMap((f) => ['nesting', 'mount', 'fuse'].filter((n) => {
        const a = attr(f.body, n);
        return a && (boolOf(model, a.value) === true || (n === 'mount' && ((strOf(model, a.value) ?? '').trim() !== '' || (a.value.kind === 'tuple' && a.value.items.length > 0))));
      }));
      const weak = features.length ? ` with ${features.join(', ')}` : '';
      const fix = '(guarded: Terraform recreates the container; restore its data with shifted ownership)';
      out.push(found
        ? { start: found.attr.start, end: found.attr.end, severity: weak ? 'high' : undefined, locator: `${b.labels.join('.')}/unprivileged`, message: `${label(b)} is a privileged container (unprivileged = false)${fromNote(found.value)}${weak}: its root is the host's root.`, fixes: setFix(found.attr, found.value, true, `Set unprivileged to true ${fix}`, 'guarded') }
        : { start: b.typeStart, end: b.headEnd, severity: weak ? 'high' : undefined, locator: `${b.labels.join('.')}/unprivileged#default`, message: `${label(b)} does not set unprivileged, so the provider's default makes it a privileged container${weak}: its root is the host's root.`, fixes: [{ title: `Add unprivileged = true ${fix}`, safety: 'guarded', edits: [insertAttr(model, b.body, 'unprivileged', true)] }] });
    }
    return out;
  },
};
