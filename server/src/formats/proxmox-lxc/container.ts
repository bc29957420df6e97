import { argWords } from '../proxmox-vm/passthrough';
import { liveEntry, parseProps, type KvDocument, type KvEntry, type PropOption } from '../proxmox-common/kv';

/** Perl truthiness, as Proxmox reads 0/1 flags: '' and '0' are false. */
function truthy(value: string | undefined): boolean {
  const v = value?.trim();
  return v !== undefined && v !== '' && v !== '0';
}

/**
 * Whether the container runs privileged: `unprivileged` defaults to 0 in a container config
 * (pve-container `PVE::LXC::Config`; only creation defaults to 1, and writes `unprivileged: 1`).
 * `entry` is the `unprivileged:` line when there is one.
 */
export function privilege(ct: KvDocument): { privileged: boolean; entry?: KvEntry } {
  const entry = liveEntry(ct, 'unprivileged');
  return { privileged: !truthy(entry?.value), entry };
}

/** "CT 102 (clash)", "container clash" or "this container", for messages. */
export function containerName(ct: KvDocument, path: string): string {
  const vmid = /(?:^|\/)(\d+)\.conf$/.exec(path)?.[1];
  const name = liveEntry(ct, 'hostname')?.value.trim();
  return vmid ? `CT ${vmid}${name ? ` (${name})` : ''}` : name ? `container ${name}` : 'this container';
}

/** The live section's entries of `key` (raw `lxc.*` keys may repeat), in file order. */
export function liveAll(ct: KvDocument, key: string): KvEntry[] {
  return ct.entries.filter((e) => e.section === undefined && e.lower === key);
}

/** The `features:` options of the live section (`nesting=1,keyctl=1`). */
export function features(ct: KvDocument): { entry: KvEntry; props: PropOption[] } | undefined {
  const entry = liveEntry(ct, 'features');
  return entry ? { entry, props: parseProps(ct.index.text, entry.valueStart, entry.valueEnd) } : undefined;
}

export function featureOn(props: PropOption[], name: string): PropOption | undefined {
  const p = props.find((x) => x.key === name);
  return p && truthy(p.value) ? p : undefined;
}

/** A host path mounted into the container: `mpN: /host/path,mp=/ct/path` or `lxc.mount.entry: /host/path ct/path none bind`. */
export interface HostMount {
  entry: KvEntry;
  /** the host path as written, with its range */
  source: string;
  start: number;
  end: number;
  /** the path inside the container, as written */
  target: string;
  readOnly: boolean;
}

/**
 * Bind mounts of host paths: `mpN` whose volume is an absolute path outside `/dev/`
 * (a path under `/dev/` is a device mount; `/dev` itself is a bind), and `lxc.mount.entry`
 * lines of type `none` with the `bind` or `rbind` option.
 */
export function hostMounts(ct: KvDocument): HostMount[] {
  const out: HostMount[] = [];
  const text = ct.index.text;
  for (const e of ct.entries) {
    if (e.section !== undefined) continue;
    if (/^mp\d+$/.test(e.lower)) {
      const props = parseProps(text, e.valueStart, e.valueEnd);
      const vol = props.find((p) => p.key === '' || p.key === 'volume');
      if (!vol) continue;
      const v = vol.value.trim();
      if (!v.startsWith('/') || (v.startsWith('/dev/') && v.length > 5)) continue;
      const start = vol.valueStart + vol.value.indexOf(v);
      out.push({ entry: e, source: v, start, end: start + v.length, target: props.find((p) => p.key === 'mp')?.value.trim() ?? '', readOnly: truthy(props.find((p) => p.key === 'ro')?.value) });
    } else if (e.lower === 'lxc.mount.entry') {
      const w = argWords(text, e.valueStart, e.valueEnd);
      if (w.length < 4 || !w[0]!.value.startsWith('/') || w[2]!.value !== 'none') continue;
      const opts = w[3]!.value.split(',');
      if (!opts.includes('bind') && !opts.includes('rbind')) continue;
      out.push({ entry: e, source: w[0]!.value, start: w[0]!.start, end: w[0]!.end, target: w[1]!.value, readOnly: opts.includes('ro') });
    }
  }
  return out;
}

/** Path without repeated or trailing slashes: `//etc/` → `/etc`. */
export function normalPath(p: string): string {
  const s = p.replace(/\/+/g, '/');
  return s.length > 1 ? s.replace(/\/$/, '') : s;
}
