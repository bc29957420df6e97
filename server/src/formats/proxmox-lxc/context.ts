import type { ContextFacts, Evidence } from '../../engine/context';
import type { KvDocument } from '../proxmox-common/kv';
import { hostMounts, normalPath } from './container';

/** Host paths of one person's graphical session: the X11 and Wayland sockets, the sound server's socket. */
const SESSION = /^(\/tmp\/\.X11-unix(\/X\d+)?|\/(var\/)?run\/user\/\d+\/(wayland-\d+|pulse(\/native|\/socket)?|pipewire-\d+))$/;

/**
 * What a container config shows about its host. Server: it lives in a Proxmox host tree
 * (`/etc/pve/`, shared with the scope). Desktop: the host's graphical session (X11 or Wayland
 * socket, PulseAudio or PipeWire socket) bind-mounted into the container: one person's machine.
 */
export function pveLxcContext(ct: KvDocument, path: string): ContextFacts {
  const evidence: Evidence[] = [];
  if (/(^|\/)etc\/pve\//.test(path.replace(/\\/g, '/'))) evidence.push({ kind: 'server', text: 'Proxmox host tree (/etc/pve)', scope: 'host' });
  const session = hostMounts(ct).find((m) => SESSION.test(normalPath(m.source)));
  if (session) evidence.push({ kind: 'desktop', text: `the host's desktop session shared with the container (${session.entry.key} ${session.source})`, scope: 'file' });
  return { product: 'Proxmox', evidence };
}
