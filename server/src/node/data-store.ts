import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { useDataFile } from '../engine/data-files';
import { ADVISORIES_DATA_FILE, ADVISORIES_DATA_NAME, BUNDLED_ADVISORIES, validateAdvisoryData, type AdvisoryData } from '../rules/patch/advisories';
import { BUNDLED_GUESTS, GUEST_DATA_FILE, GUEST_DATA_NAME, validateGuestData, type GuestData } from '../rules/patch/guests';
import { BUNDLED_HYPERVISORS, HYPERVISOR_DATA_FILE, HYPERVISOR_DATA_NAME, validateHypervisorData, type HypervisorData } from '../rules/patch/hypervisors';
import { codeOf } from './files';
import { writeAllAtomically } from './safe-write';

/**
 * Data bundles installed by `vharden advisories update`: newer copies of the bundled data files
 * (advisories.json, guest-os.json, hypervisors.json) in the user's data folder. A copy is used while
 * it is newer than the bundled file; one that cannot be read or does not match its schema is
 * reported and the bundled data is used.
 */

/** The data of a scan or an editor session: what is installed and newer than the bundled data. */
export interface DataSet {
  advisories?: AdvisoryData;
  guests?: GuestData;
  hypervisors?: HypervisorData;
}

interface Kind<T extends { updated: string }> {
  key: keyof DataSet;
  file: string;
  name: string;
  bundled: T;
  validate(json: unknown): { data: T } | { error: string };
}

const KINDS: Kind<{ updated: string }>[] = [
  { key: 'advisories', file: ADVISORIES_DATA_FILE, name: ADVISORIES_DATA_NAME, bundled: BUNDLED_ADVISORIES, validate: validateAdvisoryData },
  { key: 'guests', file: GUEST_DATA_FILE, name: GUEST_DATA_NAME, bundled: BUNDLED_GUESTS, validate: validateGuestData },
  { key: 'hypervisors', file: HYPERVISOR_DATA_FILE, name: HYPERVISOR_DATA_NAME, bundled: BUNDLED_HYPERVISORS, validate: validateHypervisorData },
];

/** The names of the files a bundle may hold. */
export const DATA_FILE_NAMES = KINDS.map((k) => k.file);

/** A checksum file of a bundle (`sha256sum` output: `<hex>  <name>` lines). */
export const CHECKSUM_FILE = 'SHA256SUMS';

/** Larger data files are refused (the bundled ones are a few hundred KB). */
const MAX_BYTES = 16 * 1024 * 1024;

/**
 * The user's data folder: `$XDG_DATA_HOME/vharden/data` (default `~/.local/share/vharden/data`); on
 * Windows `%LOCALAPPDATA%\vharden\data`, on macOS `~/Library/Application Support/vharden/data`
 * unless XDG_DATA_HOME is set.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  const xdg = env.XDG_DATA_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'vharden', 'data');
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'vharden', 'data');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'vharden', 'data');
  return join(home, '.local', 'share', 'vharden', 'data');
}

function readJson(path: string): { bytes: Buffer; json: unknown } | { error: string } {
  let bytes: Buffer;
  try {
    if (statSync(path).size > MAX_BYTES) return { error: `${path} is larger than ${MAX_BYTES} bytes` };
    bytes = readFileSync(path);
  } catch (err) {
    return { error: `cannot read ${path}: ${codeOf(err)}` };
  }
  try {
    return { bytes, json: JSON.parse(bytes.toString('utf8')) };
  } catch (err) {
    return { error: `${path} is not valid JSON: ${(err as Error).message}` };
  }
}

/** One data file of the installed bundle as loaded. */
export interface InstalledFile {
  file: string;
  name: string;
  path: string;
  updated?: string;
  /** used: newer than the bundled data; older: installed but not newer; invalid: refused (`problem` says why) */
  state: 'used' | 'older' | 'invalid';
  problem?: string;
}

/**
 * Load the installed bundle from `dir`. Files newer than the bundled data are returned for the
 * rules and, with `register`, become the data reports list (name, date, where it comes from).
 */
export function loadInstalledData(dir = dataDir(), register = true): { data: DataSet; files: InstalledFile[] } {
  const data: DataSet = {};
  const files: InstalledFile[] = [];
  for (const k of KINDS) {
    const path = join(dir, k.file);
    if (!existsSync(path)) continue;
    const read = readJson(path);
    const checked = 'error' in read ? read : k.validate(read.json);
    if ('error' in checked) {
      files.push({ file: k.file, name: k.name, path, state: 'invalid', problem: 'error' in read ? read.error : `${path} does not match its schema: ${checked.error}` });
      continue;
    }
    const updated = checked.data.updated;
    if (updated <= k.bundled.updated) {
      files.push({ file: k.file, name: k.name, path, updated, state: 'older' });
      continue;
    }
    (data as Record<string, unknown>)[k.key] = checked.data;
    files.push({ file: k.file, name: k.name, path, updated, state: 'used' });
    if (register) useDataFile({ name: k.name, date: updated, source: `installed ${path} (vharden advisories update)` });
  }
  return { data, files };
}

/** Each data file the rules use from `dir` (installed and newer, else bundled), with why an installed copy is not used. */
export function dataInUse(dir = dataDir()): { name: string; updated: string; source: string; problem?: string }[] {
  const { files } = loadInstalledData(dir, false);
  return KINDS.map((k) => {
    const f = files.find((x) => x.file === k.file);
    if (f?.state === 'used') return { name: k.name, updated: f.updated!, source: `installed ${f.path}` };
    const bundled = { name: k.name, updated: k.bundled.updated, source: `bundled ${k.file}` };
    if (f?.state === 'invalid') return { ...bundled, problem: f.problem! };
    if (f?.state === 'older') return { ...bundled, problem: `${f.path} is of ${f.updated}, not newer than the bundled data` };
    return bundled;
  });
}

/** `<hex>  <name>` or `<hex> *<name>` lines → name → lower-case hex. */
function parseChecksums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([0-9A-Fa-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m) out.set(basename(m[2]!.trim()), m[1]!.toLowerCase());
  }
  return out;
}

export interface UpdateResult {
  installed: { file: string; updated: string; previous: string }[];
  /** files of the bundle that were not newer than the data in use, and why they were left out */
  skipped: string[];
  /** the checksum file that was checked, if any */
  checksums?: string;
  dir: string;
}

/**
 * Install a data bundle: a folder holding some of advisories.json, guest-os.json and hypervisors.json
 * (and optionally SHA256SUMS), or one such file (with `<file>.sha256` or SHA256SUMS beside it). Every
 * file is checked before anything is written: its checksum when a checksum file comes with it, its
 * schema, and its date (a file not newer than the data in use is left out). Then all are written
 * at once (see writeAllAtomically). Any problem refuses the whole update with the reason, and the
 * data in use stays as it was.
 */
export function installBundle(from: string, dir = dataDir()): UpdateResult | { error: string } {
  let isDir: boolean;
  try {
    isDir = statSync(from).isDirectory();
  } catch (err) {
    return { error: `cannot read ${from}: ${codeOf(err)}` };
  }
  const folder = isDir ? from : dirname(from);
  const names = isDir ? DATA_FILE_NAMES.filter((n) => existsSync(join(from, n))) : [basename(from)];
  if (names.length === 0) return { error: `${from} holds none of ${DATA_FILE_NAMES.join(', ')}` };
  if (!isDir && !DATA_FILE_NAMES.includes(names[0]!)) return { error: `${from}: a data file must be named ${DATA_FILE_NAMES.join(', ')} (or give the folder of a bundle)` };

  const sumFile = [join(folder, CHECKSUM_FILE), ...(isDir ? [] : [`${from}.sha256`])].find((p) => existsSync(p));
  let sums: Map<string, string> | undefined;
  if (sumFile) {
    try {
      sums = parseChecksums(readFileSync(sumFile, 'utf8'));
    } catch (err) {
      return { error: `cannot read ${sumFile}: ${codeOf(err)}` };
    }
    if (!isDir && sums.size === 1 && sumFile.endsWith('.sha256')) sums = new Map([[names[0]!, [...sums.values()][0]!]]);
  }

  const current = loadInstalledData(dir, false);
  const writes: { path: string; bytes: Uint8Array }[] = [];
  const result: UpdateResult = { installed: [], skipped: [], dir, ...(sumFile ? { checksums: sumFile } : {}) };
  for (const name of names) {
    const kind = KINDS.find((k) => k.file === name)!;
    const path = join(folder, name);
    const read = readJson(path);
    if ('error' in read) return { error: `${read.error}; nothing was installed` };
    if (sums) {
      const want = sums.get(name);
      if (!want) return { error: `${path} is not listed in ${sumFile}; nothing was installed` };
      const got = createHash('sha256').update(read.bytes).digest('hex');
      if (got !== want) return { error: `${path} does not match its SHA-256 in ${sumFile} (expected ${want}, got ${got}): the file is corrupt or was changed; nothing was installed` };
    }
    const checked = kind.validate(read.json);
    if ('error' in checked) return { error: `${path} does not match the schema of ${name} (schemas/data/${name.replace(/\.json$/, '.schema.json')}): ${checked.error}; nothing was installed` };
    const inUse = current.files.find((f) => f.file === name && f.state === 'used')?.updated ?? kind.bundled.updated;
    if (checked.data.updated <= inUse) {
      result.skipped.push(`${name} is of ${checked.data.updated}, not newer than the data in use (${inUse})`);
      continue;
    }
    writes.push({ path: join(dir, name), bytes: read.bytes });
    result.installed.push({ file: name, updated: checked.data.updated, previous: inUse });
  }
  if (writes.length === 0) return { error: `nothing to install: ${result.skipped.join('; ')}` };
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    return { error: `cannot create ${dir}: ${codeOf(err)}` };
  }
  const failed = writeAllAtomically(writes);
  if (failed) return { error: `${dir}: ${failed}; the data in use is unchanged` };
  return result;
}
