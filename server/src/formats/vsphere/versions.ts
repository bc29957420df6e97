/**
 * Version and build literals of ESXi and vCenter found in any text: installer and depot
 * file names, and variables or keys that name a product version or build. Pure and linear:
 * no file access, regular expressions without nested quantifiers.
 */

import type { Comment } from '../../engine/types';
import type { ProductVersions } from './carriers';

export type VersionProduct = 'esxi' | 'vcenter';

export interface VersionLiteral {
  product: VersionProduct;
  /** major.minor, e.g. "8.0" */
  branch: string;
  /** update number (8.0 U2 → 2; 8.0.2 → 2; 8.0 GA → 0), undefined when the text does not say */
  update?: number;
  /** patch letters after the update (U3d → "d"), "" when the text names the update without letters */
  patch?: string;
  build?: number;
  /** the literal as written */
  text: string;
  /** offsets of the literal in the text */
  start: number;
  end: number;
  /** what carries it: the variable or key name, or the kind of file name ("ESXi installer image") */
  label: string;
}

interface NamePattern {
  re: RegExp;
  /** text every match holds (a cheap test that skips the pattern) */
  literal: string;
  product: VersionProduct;
  label: string;
  /** the build in this name is the one release notes use */
  buildIsReleaseBuild: boolean;
}

const VERSION_PART = String.raw`(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?(?:[Uu]\d{1,2}[a-z]{0,2}|\.update0?\d{1,2})?)`;

const NAME_PATTERNS: NamePattern[] = [
  { re: new RegExp(String.raw`VMware-VMvisor-Installer-${VERSION_PART}-(\d{7,9})`, 'g'), literal: 'VMware-VMvisor-Installer-', product: 'esxi', label: 'ESXi installer image', buildIsReleaseBuild: true },
  { re: new RegExp(String.raw`VMware-ESXi-${VERSION_PART}-(\d{7,9})`, 'g'), literal: 'VMware-ESXi-', product: 'esxi', label: 'ESXi offline bundle', buildIsReleaseBuild: true },
  { re: new RegExp(String.raw`\bESXi-${VERSION_PART}-(\d{7,9})-(?:standard|no-tools)`, 'g'), literal: 'ESXi-', product: 'esxi', label: 'ESXi image profile', buildIsReleaseBuild: true },
  // `vmware -v` / inventory output: "VMware ESXi 7.0.3 build-20328353"
  { re: /VMware ESXi (\d{1,2}\.\d{1,2}\.\d{1,2}) build-(\d{7,9})/g, literal: 'VMware ESXi ', product: 'esxi', label: 'ESXi version string', buildIsReleaseBuild: true },
  { re: new RegExp(String.raw`VMware-VCSA-all-(\d{1,2}\.\d{1,2}\.\d{1,2})-(\d{7,9})`, 'g'), literal: 'VMware-VCSA-all-', product: 'vcenter', label: 'vCenter installer image', buildIsReleaseBuild: true },
  // appliance patch/OVA names carry the appliance version (8.0.2.00300); their build may not be the release-notes build
  { re: /VMware-vCenter-Server-Appliance-(\d{1,2}\.\d{1,2}\.\d{1,2})\.\d{5}-(\d{7,9})/g, literal: 'VMware-vCenter-Server-Appliance-', product: 'vcenter', label: 'vCenter appliance image', buildIsReleaseBuild: false },
];

/** `8.0`, `8.0.2`, `8.0U3d`, `8.0 U3d`, `8.0 Update 3`, `6.7.0.update03` → parts; undefined when it is not such a version. */
export function parseVersion(s: string): { branch: string; update?: number; patch?: string } | undefined {
  const m = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?(?:\s*(?:[Uu]|[Uu]pdate\s*)(\d{1,2})([a-z]{0,2})|\.update0?(\d{1,2}))?$/.exec(s.trim());
  if (!m) return undefined;
  const major = Number(m[1]);
  if (major < 3 || major > 12) return undefined;
  const branch = `${major}.${Number(m[2])}`;
  const third = m[3] !== undefined ? Number(m[3]) : undefined;
  const named = m[4] ?? m[6];
  if (named !== undefined) {
    const update = Number(named);
    if (third !== undefined && third !== 0 && third !== update) return undefined; // 8.0.2 U3: contradictory
    return { branch, update, patch: m[5] ?? '' };
  }
  // 6.x products report x.y.0 for every update (vmware -v prints "6.5.0" on 6.5 U2): the 0 says nothing there
  if (third === undefined || (major < 7 && third === 0)) return { branch };
  return { branch, update: third, patch: undefined };
}

/** Variable/key names that hold a product version or build: `esxi_version`, `vcenter_build`, `vcsa-version`. */
const VERSION_KEY = /(version|build|release)$/i;
/** keys that name something else's version even though they mention the product */
const OTHER_KEY = /(tools|hardware|hw|switch|dvs|vds|api|sdk|python|pyvmomi|ansible|module|collection|vmx|vm_|guest|compat)/i;

function productOfKey(key: string): VersionProduct | undefined {
  const k = key.toLowerCase();
  if (!VERSION_KEY.test(k) || OTHER_KEY.test(k)) return undefined;
  const words = k.split(/[^a-z0-9]+/).filter(Boolean);
  if (words.some((w) => w.startsWith('vcenter') || w.startsWith('vcsa'))) return 'vcenter';
  if (words.some((w) => w === 'esx' || w.startsWith('esxi'))) return 'esxi';
  return undefined;
}

/** esx.conf keys that carry the host's own version (key shapes unverified: matched only when present). */
const ESXCONF_KEYS: Record<string, 'version' | 'build'> = { '/system/version': 'version', '/system/build': 'build' };

interface Assignment {
  key: string;
  /** the enclosing YAML mapping key, when the value sits in a nested block (`esxi:` → `version: 8.0.2`) */
  parent?: string;
  value: string;
  start: number;
  end: number;
}

const ASSIGNED_WORD = /version|build|release/i;

/**
 * `key: value`, `key = value`, `key = "value"` on one line (YAML, INI, HCL, esx.conf), with the
 * exact range of the value inside its quotes, and the YAML key of the block it is nested in.
 * Jinja/HCL templates are skipped: their value is unknown.
 */
function assignments(text: string): Assignment[] {
  const out: Assignment[] = [];
  // every key that can name a version (keyOf, ESXCONF_KEYS) ends in one of these words, written as such
  if (!ASSIGNED_WORD.test(text)) return out;
  const blocks: { indent: number; key: string }[] = [];
  const re = /^([ \t]*(?:-[ \t]+)?)["']?([A-Za-z0-9_./-]{3,80})["']?[ \t]*[:=][ \t]*([^\r\n]*)$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const indent = m[1]!.length;
    const key = m[2]!;
    let raw = m[3]!;
    let valueStart = m.index + m[0].length - raw.length;
    while (blocks.length && blocks[blocks.length - 1]!.indent >= indent) blocks.pop();
    const parent = blocks[blocks.length - 1]?.key;
    // drop a trailing comment (YAML ` #`, esx.conf/INI ` #`)
    const hash = raw.search(/(^|\s)#/);
    if (hash >= 0) raw = raw.slice(0, hash);
    raw = raw.trimEnd();
    // a key with nothing after it, or only an anchor or tag (`esxi: &esxi`), opens a block
    if (!raw || /^[&!][^\s]+$/.test(raw)) {
      blocks.push({ indent, key });
      continue;
    }
    const q = raw[0];
    if ((q === '"' || q === "'") && raw.length >= 2 && raw.endsWith(q)) {
      raw = raw.slice(1, -1);
      valueStart += 1;
    }
    if (!raw || raw.includes('{{') || raw.includes('${')) continue;
    out.push({ key, parent, value: raw, start: valueStart, end: valueStart + raw.length });
  }
  return out;
}

/** The key a value is known by: `esxi_version`, or `esxi.version` for a generic key in a product block. */
function keyOf(a: Assignment): { product: VersionProduct; label: string } | undefined {
  const own = productOfKey(a.key);
  if (own) return { product: own, label: a.key };
  if (!a.parent || !/^(version|build|release)$/i.test(a.key)) return undefined;
  const inherited = productOfKey(`${a.parent}_${a.key}`);
  return inherited ? { product: inherited, label: `${a.parent}.${a.key}` } : undefined;
}

/** ESXi full version string, as in image and VIB metadata: 8.0.2-0.0.22380479 */
const FULL_VERSION = /^(\d{1,2}\.\d{1,2}\.\d{1,2})-\d{1,3}\.\d{1,3}\.(\d{7,9})$/;

const BUILD = /^\d{7,9}$/;

/** the three patch rules read the same text one after the other: keep the last answer */
let last: { text: string; literals: VersionLiteral[] } | undefined;
let lastMasked: { text: string; comments: readonly Comment[]; masked: string } | undefined;

/**
 * The version literals a file deploys: those outside its comments (`# was 7.0 U3`, a commented-out
 * variable, an XML comment). Comment characters become `#` (not spaces: a long run of blanks is
 * slow for the assignment scan), so offsets stay those of the file.
 */
export function deployedVersions(text: string, comments: readonly Comment[] = []): VersionLiteral[] {
  // masking comments only takes text away: a text with nothing a literal needs has none outside comments either
  if (comments.length === 0 || !mayHoldVersions(text)) return extractVersions(text);
  if (lastMasked?.text !== text || lastMasked.comments !== comments) lastMasked = { text, comments, masked: blank(text, comments) };
  return extractVersions(lastMasked.masked);
}

/** `text` with every character of every comment replaced by `#` (line breaks kept). */
function blank(text: string, comments: readonly Comment[]): string {
  const sorted = comments.every((c, k) => k === 0 || comments[k - 1]!.start <= c.start) ? comments : [...comments].sort((a, b) => a.start - b.start);
  const fills = new Map<number, string>();
  const parts: string[] = [];
  let at = 0;
  for (const c of sorted) {
    const start = Math.max(c.start, at);
    if (c.end <= start) continue;
    parts.push(text.slice(at, start));
    let multiline = false;
    for (let k = start; k < c.end && !multiline; k++) multiline = text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13;
    if (multiline) parts.push(text.slice(start, c.end).replace(/[^\r\n]/g, '#'));
    else {
      let fill = fills.get(c.end - start);
      if (fill === undefined) fills.set(c.end - start, (fill = '#'.repeat(c.end - start)));
      parts.push(fill);
    }
    at = c.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Every ESXi/vCenter version literal in the text, in order of appearance. Callers must not change the result. */
export function extractVersions(text: string): VersionLiteral[] {
  if (last?.text === text) return last.literals;
  const literals = scan(text);
  last = { text, literals };
  return literals;
}

/** Whether the text holds what a version literal needs (a name pattern's fixed text, or a version key's word). */
function mayHoldVersions(text: string): boolean {
  return ASSIGNED_WORD.test(text) || NAME_PATTERNS.some((p) => text.includes(p.literal));
}

function scan(text: string): VersionLiteral[] {
  const found: VersionLiteral[] = [];
  for (const p of NAME_PATTERNS) {
    if (!text.includes(p.literal)) continue;
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const v = parseVersion(m[1]!);
      if (!v) continue;
      found.push({ product: p.product, ...v, build: p.buildIsReleaseBuild ? Number(m[2]) : undefined, text: m[0], start: m.index, end: m.index + m[0].length, label: p.label });
    }
  }

  const versions: VersionLiteral[] = [];
  const builds = new Map<VersionProduct, Assignment[]>();
  for (const a of assignments(text)) {
    const esxconf = ESXCONF_KEYS[a.key];
    const known = esxconf ? { product: 'esxi' as const, label: a.key } : keyOf(a);
    if (!known) continue;
    const { product, label } = known;
    const isBuildKey = esxconf === 'build' || /build$/i.test(a.key);
    if (isBuildKey) {
      if (BUILD.test(a.value)) {
        const list = builds.get(product);
        if (list) list.push(a);
        else builds.set(product, [a]);
      }
      continue;
    }
    const full = FULL_VERSION.exec(a.value);
    const v = parseVersion(full ? full[1]! : a.value);
    if (!v) continue;
    versions.push({ product, ...v, build: full ? Number(full[2]) : undefined, text: a.value, start: a.start, end: a.end, label });
  }
  // a build variable pairs with the version variable of the same product when each is unique in the file
  const perProduct = new Map<VersionProduct, number>();
  for (const v of versions) perProduct.set(v.product, (perProduct.get(v.product) ?? 0) + 1);
  for (const v of versions) {
    const b = builds.get(v.product);
    if (v.build === undefined && b?.length === 1 && perProduct.get(v.product) === 1) v.build = Number(b[0]!.value);
  }
  found.push(...versions);
  return found.sort((a, b) => a.start - b.start);
}

/** The versions carrier of a text format: its version literals outside comments. */
export const VERSIONS_IN_TEXT: ProductVersions = { literals: deployedVersions };
