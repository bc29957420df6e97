import { diagnosticList } from '../../engine/diagnostics';
import type { Format, ParsedDocument } from '../../engine/types';
import { parseError } from '../proxmox-common/kv';
import { fixedVersions, pveMajor, PVE_VERSIONS, type PveVersion } from '../proxmox-common/pve-version';

/**
 * Saved output of `pveversion` (`pve-manager/8.1.4/ec5affc9e41f1d79 (running kernel: 6.5.11-8-pve)`)
 * or `pveversion -v` (one `package: version` line per Proxmox VE package, `pve-manager: 8.1.4
 * (running version: 8.1.4/ec5affc9e41f1d79)` among them), as support bundles and inventories keep
 * it. vharden reads the pve-manager version, the release the host runs.
 */
export interface PveVersionModel {
  text: string;
  /** the pve-manager version, where the output names one */
  manager?: PveVersion;
}

const SHORT = /^pve-manager\/(\d[^/\s]*)\/[0-9a-f]{6,40}(?: \(running kernel: [^)\n]+\))?$/;
/** `pve-manager: 8.1.4 (running version: 8.1.4/ec5affc9e41f1d79)`, `ceph: not correctly installed` */
const PACKAGE = /^([a-z0-9][a-z0-9.+-]*): (?:not correctly installed|(\S+)(?: \([^)\n]*\))?)$/;

/** Does the text start like `pveversion` output? (the first non-empty line names proxmox-ve or pve-manager) */
export function looksLikePveversion(text: string): boolean {
  const first = /^\s*([^\r\n]*)/.exec(text.slice(0, 4096))![1]!;
  return SHORT.test(first) || (/^(proxmox-ve|pve-manager): \d/.test(first) && PACKAGE.test(first));
}

export function parsePveversion(text: string): ParsedDocument<PveVersionModel> {
  const diagnostics = diagnosticList();
  let manager: PveVersion | undefined;
  let line = 0;
  // lines end with LF, CRLF or CR
  for (const m of text.matchAll(/([^\r\n]*)(\r\n|\r|\n|$)/g)) {
    const pos = m.index;
    const body = m[1]!;
    if (body.trim() !== '') {
      const short = SHORT.exec(body);
      const pkg = short ? undefined : PACKAGE.exec(body);
      if (!short && !pkg) diagnostics.push(parseError(pos, pos + body.length, line, 'This line is not `package: version` as `pveversion -v` prints it.'));
      const version = short?.[1] ?? (pkg?.[1] === 'pve-manager' ? pkg[2] : undefined);
      const major = version ? pveMajor(version) : undefined;
      if (version && major !== undefined && !manager) {
        const start = pos + body.indexOf(version, short ? 'pve-manager/'.length : 'pve-manager: '.length);
        manager = { version, major, kind: 'installed', label: 'pve-manager in pveversion output', start, end: start + version.length };
      }
    }
    if (m[2] === '') break;
    line++;
  }
  return { format: 'pveversion', model: { text, ...(manager ? { manager } : {}) }, comments: [], diagnostics };
}

export const pveversionFormat: Format<PveVersionModel> = {
  id: 'pveversion',
  name: 'pveversion output (Proxmox VE package versions)',
  languageId: 'plaintext',
  comment: { line: '#' },
  matchesPath: () => false,
  matchesContent: (text) => looksLikePveversion(text),
  confirms: (text) => text.trim() === '' || looksLikePveversion(text),
  parse: (text) => parsePveversion(text),
  provides: [PVE_VERSIONS],
  carriers: (model) => ({ [PVE_VERSIONS]: [fixedVersions(model.manager ? [model.manager] : [])] }),
};
