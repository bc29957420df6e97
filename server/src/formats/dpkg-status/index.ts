import { diagnosticList } from '../../engine/diagnostics';
import type { Format, ParsedDocument, ToolDiagnostic } from '../../engine/types';
import { parseError } from '../proxmox-common/kv';
import { debianReleaseOfUpdate } from './version';
import { fixedVersions, pveMajor, PVE_VERSIONS, type PveVersion } from '../proxmox-common/pve-version';

/**
 * dpkg's database of installed packages, `/var/lib/dpkg/status` (Debian, Proxmox VE, Ubuntu): one
 * stanza of `Field: value` lines per package, blank lines between them, continuation lines indented.
 * vharden reads the name, source package, state and version of each package to judge the host's
 * hypervisor packages (QEMU, libvirt, Proxmox VE) and its Debian release. Host scans only: dpkg
 * writes this file, nobody edits it.
 */

/** Carrier kind: the packages installed on a host, with the distribution release they come from. */
export const HOST_PACKAGES = 'host-packages';

export interface HostPackage {
  name: string;
  /** the source package (`qemu` for `qemu-system-x86`); the package's own name when the stanza names none */
  source: string;
  /** the full version, epoch and revision included */
  version: string;
  /** range of the version value */
  start: number;
  end: number;
  locator: string;
}

export interface HostPackages {
  /** installed packages (stanzas whose Status says `installed`), in file order */
  packages: HostPackage[];
  /** the first installed package of that name */
  get(name: string): HostPackage | undefined;
  /**
   * The Debian release the packages come from, and how vharden told it: `base-files` (its version
   * starts with the release number: 12.4+deb12u5) or a stable update's `+debNNuM` suffix. Undefined
   * when the file does not say (an Ubuntu host, a partial file).
   */
  debian?: { release: number; from: string; package: HostPackage };
}

export interface DpkgStatusModel extends HostPackages {
  text: string;
}

/** the fields vharden reads; the others (descriptions, dependencies, conffiles) are skipped */
const READ = new Set(['package', 'status', 'version', 'source']);

const FIELD = /^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]?(.*)$/;

/** How far into a file content detection looks. */
const SNIFF = 4096;

export function looksLikeDpkgStatus(text: string): boolean {
  const head = text.slice(0, SNIFF);
  return /^Package: \S/.test(head) && /\nStatus: \S+ \S+ \S+/.test(head) && /\nVersion: \S/.test(head);
}

interface Stanza {
  fields: Map<string, { value: string; start: number; end: number }>;
}

function stanzas(text: string, diagnostics: ToolDiagnostic[]): Stanza[] {
  const out: Stanza[] = [];
  let current: Stanza | undefined;
  let pos = 0;
  let line = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl;
    const raw = text.slice(pos, lineEnd);
    const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (body.trim() === '') current = undefined;
    else if (body[0] === ' ' || body[0] === '\t') {
      if (!current) diagnostics.push(parseError(pos, lineEnd, line, 'A continuation line (indented) with no field before it; dpkg refuses such a status file.'));
    } else {
      const m = FIELD.exec(body);
      if (!m) diagnostics.push(parseError(pos, lineEnd, line, 'This line is not `Field: value`; dpkg refuses such a status file.'));
      else {
        if (!current) out.push((current = { fields: new Map() }));
        const key = m[1]!.toLowerCase();
        if (READ.has(key) && !current.fields.has(key)) {
          const valueStart = pos + body.length - m[2]!.length;
          const value = m[2]!.trimEnd();
          current.fields.set(key, { value, start: valueStart, end: valueStart + value.length });
        }
      }
    }
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  return out;
}

/** `12.4+deb12u5`, `11.1+deb11u9`, `13.2`: Debian's base-files version starts with the release number (Ubuntu's holds `ubuntu`). */
function releaseOfBaseFiles(version: string): number | undefined {
  const m = /^(\d{1,2})(\.\d+)*(\+deb\d+u\d+)?$/.exec(version);
  return m ? Number(m[1]) : undefined;
}

export function parseDpkgStatus(text: string): ParsedDocument<DpkgStatusModel> {
  const diagnostics = diagnosticList();
  const packages: HostPackage[] = [];
  const byName = new Map<string, HostPackage>();
  for (const s of stanzas(text, diagnostics)) {
    const name = s.fields.get('package')?.value;
    const status = s.fields.get('status')?.value.split(/\s+/);
    const version = s.fields.get('version');
    if (!name || !version || status?.[2] !== 'installed') continue;
    const source = s.fields.get('source')?.value.split(/\s/)[0] || name;
    const p: HostPackage = { name, source, version: version.value, start: version.start, end: version.end, locator: `package:${name}` };
    packages.push(p);
    if (!byName.has(name)) byName.set(name, p);
  }
  const base = byName.get('base-files');
  const fromBase = base && releaseOfBaseFiles(base.version);
  let debian: HostPackages['debian'];
  if (base && fromBase) debian = { release: fromBase, from: `base-files ${base.version}`, package: base };
  else if (!base || !/ubuntu/i.test(base.version)) {
    const updated = packages.find((p) => debianReleaseOfUpdate(p.version) !== undefined);
    if (updated) debian = { release: debianReleaseOfUpdate(updated.version)!, from: `${updated.name} ${updated.version}`, package: updated };
  }
  const model: DpkgStatusModel = { text, packages, get: (n) => byName.get(n), ...(debian ? { debian } : {}) };
  return { format: 'dpkg-status', model, comments: [], diagnostics };
}

/** The installed pve-manager: the Proxmox VE release the host runs. */
function installedPve(m: HostPackages): PveVersion[] {
  const p = m.get('pve-manager');
  const major = p && pveMajor(p.version);
  return p && major !== undefined ? [{ version: p.version, major, kind: 'installed', label: "pve-manager in dpkg's status", start: p.start, end: p.end }] : [];
}

export const dpkgStatusFormat: Format<DpkgStatusModel> = {
  id: 'dpkg-status',
  name: 'dpkg status (installed Debian packages)',
  languageId: 'dpkg-status',
  comment: { line: '#' },
  matchesPath: (path) => /(^|\/)var\/lib\/dpkg\/status$/.test(path),
  matchesContent: (text, path) => /(^|\/)status$/.test(path) && looksLikeDpkgStatus(text),
  confirms: (text) => text.trim() === '' || looksLikeDpkgStatus(text),
  parse: (text) => parseDpkgStatus(text),
  provides: [HOST_PACKAGES, PVE_VERSIONS],
  carriers: (model) => ({ [HOST_PACKAGES]: [model], [PVE_VERSIONS]: [fixedVersions(installedPve(model))] }),
};
