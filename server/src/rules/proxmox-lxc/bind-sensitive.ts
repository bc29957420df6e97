import type { FindingDraft, Rule } from '../../engine/types';
import type { PveLxcModel } from '../../formats/proxmox-lxc';
import { containerName, hostMounts, normalPath, privilege } from '../../formats/proxmox-lxc/container';
import { bySeverity, kind, LIVE_NOTE, pctDoc } from './common';

/** Host paths whose bind mount hands the host to the container, with what each gives. */
const SENSITIVE = new Map<string, string>(Object.entries({
  '/': "the host's whole file system",
  '/etc': "the host's configuration, password hashes and SSH host keys",
  '/etc/pve': "the cluster's configuration and private keys",
  '/root': "root's home directory, with its SSH keys",
  '/root/.ssh': "root's SSH keys",
  '/boot': "the host's kernels and boot loader",
  '/dev': "every host device, its disks included",
  '/proc': "the host's processes and kernel settings",
  '/sys': "the host's kernel and device settings",
  '/run': "the host's runtime sockets (Docker, systemd, D-Bus)",
  '/var/run': "the host's runtime sockets (Docker, systemd, D-Bus)",
  '/run/docker.sock': "the host's Docker daemon, which runs anything as host root",
  '/var/run/docker.sock': "the host's Docker daemon, which runs anything as host root",
  '/run/containerd/containerd.sock': "the host's containerd, which runs anything as host root",
  '/run/podman/podman.sock': "the host's root Podman service, which runs anything as host root",
}));

export const lxcBindSensitive: Rule<PveLxcModel> = {
  meta: {
    id: 'PVE-LXC-BIND-SENSITIVE',
    title: 'Sensitive host path bind-mounted into a container',
    family: 'guest-isolation',
    severity: 'high',
    fixSafety: 'none',
    formats: ['proxmox-lxc'],
    risk: 'A bind mount hands a host directory or socket to the container as it is. Mounting `/`, `/etc`, `/root`, `/boot`, `/dev`, `/proc`, `/sys` or `/run` exposes the host\'s secrets and lets the container change what the host runs; the Docker socket lets anyone in the container start a privileged Docker container on the host, which is host root. Read-only does not help for a socket, and still exposes keys and password hashes.',
    remedy: 'Mount only the data the container needs (a dataset or a directory made for it: `mp0: /tank/media,mp=/media`). Run Docker inside the container (unprivileged, `features: nesting=1,keyctl=1`) rather than reaching the host\'s daemon, and pass single devices with `devN:` rather than `/dev`.',
    notes: `Reads \`mpN:\` mount points whose volume is a host path (a path under \`/dev/\` is a device mount and is not a bind) and \`lxc.mount.entry\` lines of type \`none\` with \`bind\` or \`rbind\`. Sensitive paths, matched exactly after removing repeated and trailing slashes: ${[...SENSITIVE.keys()].map((p) => `\`${p}\``).join(', ')}. Subdirectories such as \`/dev/dri\`, \`/dev/net/tun\` or \`/etc/localtime\` are not reported. High in a privileged container, medium in an unprivileged one, where host files owned by root appear owned by nobody but world-readable files and permissive sockets stay open. There is no automatic fix: what to mount instead depends on what the container does. ${LIVE_NOTE}`,
    references: [pctDoc('Bind Mount Points'), pctDoc('Security Considerations')],
  },
  check(ct, ctx) {
    const { privileged } = privilege(ct);
    const out: FindingDraft[] = [];
    for (const m of hostMounts(ct)) {
      const path = normalPath(m.source);
      const what = SENSITIVE.get(path);
      if (what === undefined) continue;
      const severity = bySeverity(privileged, 'medium');
      out.push({
        start: m.start,
        end: m.end,
        locator: `${m.entry.lower}:${path}`,
        message: `${m.entry.key} bind-mounts ${path}${m.target ? ` at ${m.target}` : ''}${m.readOnly ? ' read-only' : ''} into ${containerName(ct, ctx.path)}, a ${kind(privileged)} container: it gets ${what}.`,
        ...(severity ? { severity } : {}),
      });
    }
    return out;
  },
};
