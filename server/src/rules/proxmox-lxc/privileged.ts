import { describeContext, describeTenancy, isMultiTenant, isSingleUser } from '../../engine/context';
import type { FindingDraft, Rule } from '../../engine/types';
import type { PveLxcModel } from '../../formats/proxmox-lxc';
import { containerName, privilege } from '../../formats/proxmox-lxc/container';
import { LIVE_NOTE, pctDoc } from './common';

export const lxcPrivileged: Rule<PveLxcModel> = {
  meta: {
    id: 'PVE-LXC-PRIVILEGED',
    title: 'Privileged container',
    family: 'guest-isolation',
    severity: 'medium',
    fixSafety: 'none',
    formats: ['proxmox-lxc'],
    risk: 'A privileged container maps its root user to the host\'s root: only AppArmor, seccomp, dropped capabilities and namespaces stand between them. The LXC project considers such containers unsafe, and Proxmox says to use them only in trusted environments: a kernel bug, a weakened profile or a mounted host path turns a compromise of the container into a compromise of the host and of every guest on it.',
    remedy: 'Run the container unprivileged. Back it up (`vzdump <vmid>`) and restore it with `pct restore <vmid> <archive> --unprivileged 1`, which shifts the ownership of its files; give bind-mounted host paths matching ownership or an `lxc.idmap`. Do not just write `unprivileged: 1`: the files on its volumes stay owned by host uid 0, which the container then sees as nobody, and its services break.',
    notes: `\`unprivileged\` defaults to 0 in a container config (only creation defaults to 1, and writes \`unprivileged: 1\`), so a config without it is privileged. Judged by context: high where the host is shared by several tenants (the profile \`server\`, or \`user.cfg\` ACLs granting single guests or pools to users other than root@pam in the host tree), where the tenant's root would be the host's root; the default severity on a host with no such evidence (a homelab host tree or a lone config); no finding on one person's machine (the profile \`desktop\` or \`lab\`, or the host's desktop session, its X11, Wayland or sound server socket, bind-mounted into the container, unless the host is shared). There is no automatic fix: the conversion needs a backup and restore. ${LIVE_NOTE}`,
    common: 'A config without `unprivileged: 1` is privileged, and many real ones are (containers made by scripts, tools and tests that leave the key out); the shared corpus\'s container configs are mostly the pve-container project\'s own test configs, and 57 of its 58 are privileged. Each finding is still a container whose root is the host\'s root; on one person\'s machine (profile `desktop` or `lab`) it is not reported.',
    references: [pctDoc('Security Considerations, privileged containers'), pctDoc('pct.conf unprivileged (default 0)')],
  },
  check(ct, ctx) {
    const p = privilege(ct);
    const live = ct.entries.filter((e) => e.section === undefined);
    if (!p.privileged || live.length === 0) return [];
    const shared = isMultiTenant(ctx.system);
    if (!shared && isSingleUser(ctx.system)) return [];
    const at = p.entry ?? live.find((e) => e.lower === 'hostname') ?? live[0]!;
    const context = shared ? describeTenancy(ctx.system) : ctx.system.kind ? describeContext(ctx.system) : undefined;
    const out: FindingDraft = {
      start: at.keyStart,
      end: at.valueEnd,
      locator: 'unprivileged',
      message: `${containerName(ct, ctx.path)} is privileged (${p.entry ? `unprivileged: ${p.entry.value}` : 'no unprivileged: 1'}): root in the container is root on the host, so any escape from it compromises the host${shared ? ` (${context})` : ''}.`,
      ...(shared ? { severity: 'high' as const } : {}),
      ...(context ? { context } : {}),
    };
    return [out];
  },
};
