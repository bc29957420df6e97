/**
 * What kind of system a file describes: a multi-tenant server, one person's desktop, or a
 * nested/test lab. The same key means different things on each (GPU passthrough is the point of a
 * gaming desktop and a tenant-isolation question on a shared host), so rules that depend on it ask
 * the context and name its evidence in their messages. Pure: formats supply the evidence, the
 * engine resolves it with the configured `profile`.
 */

export const PROFILES = ['auto', 'server', 'desktop', 'lab'] as const;
/** `auto` infers the kind from evidence; the others state it for every file they apply to. */
export type Profile = (typeof PROFILES)[number];
export type SystemKind = Exclude<Profile, 'auto'>;

export function isProfile(v: unknown): v is Profile {
  return typeof v === 'string' && (PROFILES as readonly string[]).includes(v);
}

export interface Evidence {
  kind: SystemKind;
  /** a short phrase naming what was seen: "VFIO GPU passthrough of 09:00.0", "SPICE display" */
  text: string;
  /**
   * `file`: the file's own content. `host`: the host or tree the file belongs to (its path, or
   * another file of its scope); weaker than the file's own evidence, and shared with the scope.
   */
  scope: 'file' | 'host';
  /**
   * enough to decide the kind, not to take the whole file for one person's: libvirt's NAT `default`
   * network speaks for one network only, and virt-manager gives every new VM a SPICE display
   */
  weak?: boolean;
  /**
   * the evidence shows that several parties run guests on this host (per-VM or per-pool grants to
   * other users, per-user libvirt access control, a cloud's instances): what multi-tenant rules need
   */
  tenants?: true;
}

/** The product family a format describes, for labels: "desktop KVM", "hosted VMware", "Proxmox server". */
export type Product = 'KVM' | 'VMware' | 'Proxmox' | 'Hyper-V';

export interface SystemContext {
  profile: Profile;
  /** the kind rules judge for: the profile when it names one, else what the evidence shows; undefined without evidence */
  kind: SystemKind | undefined;
  /** the evidence that decided the kind (inferred), or every piece seen (a stated profile) */
  evidence: Evidence[];
  /** evidence of other kinds that was outweighed (a desktop VM in a host tree whose bridge carries several guests) */
  contrary: Evidence[];
  /** evidence, at any level, that several parties share the host (see `Evidence.tenants`) */
  tenants?: Evidence;
  product?: Product;
}

/** What a format's `context` hook returns for one file. */
export interface ContextFacts {
  product?: Product;
  evidence: Evidence[];
}

/** When the same level shows several kinds: reporting more is the safer mistake, and a desktop label beats a lab one. */
const PRECEDENCE: SystemKind[] = ['server', 'desktop', 'lab'];

/**
 * Resolve the context of one file. A stated profile wins. With `auto`, the file's own evidence
 * decides; only when it has none does evidence of its host or scope count; at one level, server
 * evidence wins over desktop, and desktop over lab.
 */
export function resolveContext(profile: Profile, evidence: Evidence[], product?: Product): SystemContext {
  const seen = dedupe(evidence);
  const tenants = seen.find((e) => e.tenants);
  const with_ = <T extends object>(c: T): T & { tenants?: Evidence } => (tenants ? { ...c, tenants } : c);
  if (profile !== 'auto') return with_({ profile, kind: profile, evidence: seen, contrary: [], product });
  for (const scope of ['file', 'host'] as const) {
    const at = seen.filter((e) => e.scope === scope);
    const kind = PRECEDENCE.find((k) => at.some((e) => e.kind === k));
    if (kind) return with_({ profile, kind, evidence: at.filter((e) => e.kind === kind), contrary: seen.filter((e) => e.kind !== kind), product });
  }
  return with_({ profile, kind: undefined, evidence: [], contrary: [], product });
}

function dedupe(evidence: Evidence[]): Evidence[] {
  const out: Evidence[] = [];
  const keys = new Set<string>();
  for (const e of evidence) {
    const k = `${e.kind}\0${e.scope}\0${e.text}`;
    if (!keys.has(k)) {
      keys.add(k);
      out.push(e);
    }
  }
  return out;
}

const LABELS: Record<Product, Record<SystemKind, string>> = {
  KVM: { server: 'KVM server', desktop: 'desktop KVM', lab: 'KVM lab' },
  VMware: { server: 'ESXi', desktop: 'hosted VMware (Workstation, Fusion, Player)', lab: 'VMware lab' },
  Proxmox: { server: 'Proxmox server', desktop: 'single-user Proxmox VM', lab: 'Proxmox lab' },
  'Hyper-V': { server: 'Hyper-V on Windows Server', desktop: 'Hyper-V on Windows 10/11', lab: 'Hyper-V lab' },
};

/** "desktop KVM: VFIO GPU passthrough of 09:00.0, SPICE display"; "profile server (.vharden.yaml or settings)". */
export function describeContext(c: SystemContext): string {
  if (!c.kind) return 'no evidence of the kind of system';
  const label = c.product ? LABELS[c.product][c.kind] : c.kind;
  const texts = c.evidence.filter((e) => e.kind === c.kind).map((e) => e.text);
  const shown = texts.length > 3 ? [...texts.slice(0, 3), `${texts.length - 3} more`] : texts;
  if (c.profile !== 'auto') return `profile ${c.profile}${shown.length ? ` (${label}: ${shown.join(', ')})` : ''}`;
  return `${label}: ${shown.join(', ')}`;
}

/** Names labs give nested hypervisors: esxi1, esxi-01, nested-pve. */
export const NESTED_NAME = /(^|[-_.\s])(esxi|nested)([-_.\s\d]|$)/i;

/** Router and firewall appliances: their NICs route and filter for others, and passed-through NICs are their ports. */
const APPLIANCE = /\b(opnsense|pfsense|vyos|openwrt|ipfire|routeros|mikrotik|sophos[-_ ]?xg|fortigate|untangle)\b/i;

/** The appliance a VM's name, tags or description names ("OPNsense"), if any. */
export function applianceIn(text: string): string | undefined {
  return APPLIANCE.exec(text)?.[1];
}

/**
 * True when several parties share the host (what multi-tenant rules need before they report): the
 * profile `server`, or evidence of other tenants (per-VM or per-pool grants to other users, per-user
 * libvirt access control, a cloud's instances). A server that one owner runs many guests on is not
 * multi-tenant by itself: a Proxmox host tree or a bridge with several guests says server, not tenants.
 */
export function isMultiTenant(c: SystemContext): boolean {
  return c.profile === 'server' || c.tenants !== undefined;
}

/** What makes the host shared, for messages: the tenants evidence, else the stated profile. */
export function describeTenancy(c: SystemContext): string {
  if (c.tenants) return `shared host: ${c.tenants.text}`;
  return describeContext(c);
}

/** True when the context is one person's machine or a disposable lab (desktop or lab). */
export function isSingleUser(c: SystemContext): boolean {
  return c.kind === 'desktop' || c.kind === 'lab';
}

/**
 * True when the whole file is one person's: a stated desktop or lab profile, or desktop or lab
 * evidence that is not weak, with nothing in its host tree saying the host is shared.
 */
export function isOwnHost(c: SystemContext): boolean {
  if (!isSingleUser(c)) return false;
  if (c.profile !== 'auto') return true;
  return c.evidence.some((e) => !e.weak) && !c.contrary.some((e) => e.kind === 'server');
}

/**
 * What each profile changes, for the docs, the README and Show Effective Configuration. The rules
 * named here read the context; with `auto` each file is judged as the kind its evidence shows.
 */
export interface ProfileEffect {
  rules: string[];
  what: string;
  server: string;
  desktop: string;
  lab: string;
  /** with `auto` and no evidence either way */
  none: string;
}

export const PROFILE_EFFECTS: ProfileEffect[] = [
  {
    rules: ['DOM-HOSTDEV-PASSTHRU', 'PVE-VM-PASSTHRU'],
    what: 'host devices passed through to a VM',
    server: 'one finding per VM naming its devices',
    desktop: 'no finding',
    lab: 'no finding',
    none: 'no finding (no multi-tenant evidence)',
  },
  {
    rules: ['PVE-LXC-PRIVILEGED'],
    what: 'privileged Proxmox containers',
    server: 'high',
    desktop: 'no finding',
    lab: 'no finding',
    none: 'medium (with `auto`, high with evidence of other tenants)',
  },
  {
    rules: ['VMX-ISO-USB'],
    what: 'USB controller of a hosted VM (Workstation, Fusion, Player)',
    server: 'low',
    desktop: 'no finding',
    lab: 'no finding',
    none: 'not hosted: the rule\'s default severity',
  },
  {
    rules: ['DOM-NO-FILTERREF', 'DOM-PORT-ISOLATION', 'NET-MIR-LINUXBRIDGE'],
    what: 'guests on libvirt\'s NAT `default` network',
    server: 'reported',
    desktop: 'no finding',
    lab: 'no finding',
    none: 'the NAT `default` network is itself desktop evidence: no finding',
  },
  {
    rules: ['DOM-NO-FILTERREF', 'DOM-PORT-ISOLATION'],
    what: 'a desktop or lab guest on a bridge (evidence beyond a SPICE display or the NAT `default` network), when nothing in its host tree says the host is shared',
    server: 'reported',
    desktop: 'no finding',
    lab: 'no finding',
    none: 'reported',
  },
];

/** The effects that apply to a kind (for Show Effective Configuration). */
export function effectsFor(kind: SystemKind | undefined): { rules: string[]; what: string; effect: string }[] {
  return PROFILE_EFFECTS.map((e) => ({ rules: e.rules, what: e.what, effect: kind ? e[kind] : e.none }));
}

/** A guest port as the fabric facts give it (enough to count guests per bridge). */
export interface GuestPort {
  switch: string;
  namespace: string;
  role: string;
  guest?: string;
}

/** Bridges carrying at least this many guests are a shared host. */
export const SHARED_BRIDGE_GUESTS = 3;

/**
 * Evidence a scope (a host tree or folder) gives each of its files: the `host` evidence of its
 * files, host bridges carrying several guests, and Proxmox cluster nodes (`/etc/pve/nodes/<node>/`).
 */
export function scopeEvidence(paths: string[], evidence: Evidence[], ports: GuestPort[]): Evidence[] {
  const out = evidence.filter((e) => e.scope === 'host');
  const guests = new Map<string, Set<string>>();
  for (const p of ports) {
    if (p.role !== 'guest' || p.namespace !== 'netdev' || !p.guest) continue;
    let set = guests.get(p.switch);
    if (!set) guests.set(p.switch, (set = new Set()));
    set.add(p.guest);
  }
  for (const [sw, set] of guests) {
    if (set.size < SHARED_BRIDGE_GUESTS) continue;
    const names = [...set].slice(0, 3);
    out.push({ kind: 'server', scope: 'host', text: `bridge ${sw} carries ${set.size} guests (${names.join(', ')}${set.size > 3 ? ', …' : ''})` });
  }
  const nodes = new Set<string>();
  for (const p of paths) {
    const m = /\/etc\/pve\/nodes\/([^/]+)\//.exec(p.replace(/\\/g, '/'));
    if (m) nodes.add(m[1]!);
  }
  if (nodes.size > 1) out.push({ kind: 'server', scope: 'host', text: `Proxmox cluster (nodes ${[...nodes].slice(0, 3).join(', ')}${nodes.size > 3 ? ', …' : ''})` });
  return dedupe(out);
}

/**
 * True when a file judged without its scope's evidence would be judged otherwise with it (another
 * kind, other evidence named, or other evidence outweighed): the file is then linted again with the scope's evidence, so a
 * file's context is the same whether its scope is read in one go (CLI) or file by file (editor).
 */
export function contextChanges(c: SystemContext | undefined, own: Evidence[] | undefined, host: Evidence[]): boolean {
  if (!c || host.length === 0) return false;
  const next = resolveContext(c.profile, [...(own ?? []), ...host], c.product);
  const texts = (list: Evidence[]) => list.map((e) => `${e.kind}:${e.text}`).join('\0');
  return next.kind !== c.kind || texts(next.evidence) !== texts(c.evidence) || texts(next.contrary) !== texts(c.contrary) || next.tenants?.text !== c.tenants?.text;
}

/** How a scan's files were judged, for reports: the profiles in effect and the kinds the judged files got. */
export interface ProfileSummary {
  /** profiles in effect, with the number of judged files each applied to (the scan's own profile with 0 when none was judged) */
  profiles: Partial<Record<Profile, number>>;
  /** judged files per kind; `none`: no evidence either way */
  kinds: Record<SystemKind | 'none', number>;
}

export function profileSummary(files: { context?: SystemContext }[], fallback: Profile): ProfileSummary {
  const tally = profileTally();
  tally.add(files);
  return tally.summary(fallback);
}

/** The `profileSummary` of files given a few at a time (a streamed report counts each group as it passes). */
export function profileTally(): { add(files: { context?: SystemContext }[]): void; summary(fallback: Profile): ProfileSummary } {
  const counted: ProfileSummary = { profiles: {}, kinds: { server: 0, desktop: 0, lab: 0, none: 0 } };
  return {
    add(files) {
      for (const f of files) {
        if (!f.context) continue;
        counted.profiles[f.context.profile] = (counted.profiles[f.context.profile] ?? 0) + 1;
        counted.kinds[f.context.kind ?? 'none']++;
      }
    },
    summary(fallback) {
      const out = { profiles: { ...counted.profiles }, kinds: { ...counted.kinds } };
      if (Object.keys(out.profiles).length === 0) out.profiles[fallback] = 0;
      return out;
    },
  };
}

/** "profile auto; judged by context: 3 desktop, 1 server, 2 without evidence" */
export function profileLine(s: ProfileSummary): string {
  const profiles = Object.keys(s.profiles).join(', ');
  const judged = (['desktop', 'server', 'lab'] as const).filter((k) => s.kinds[k] > 0).map((k) => `${s.kinds[k]} ${k}`);
  if (s.kinds.none > 0) judged.push(`${s.kinds.none} without evidence`);
  return `profile ${profiles}${judged.length ? `; files judged by context: ${judged.join(', ')}` : ''}`;
}
