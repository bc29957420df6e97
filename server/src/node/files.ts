import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type BigIntStats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { BASELINE_FILE_NAME } from '../engine/baseline';
import { CONFIG_FILE_NAME } from '../engine/config-file';
import { decodeBytes, type Encoding } from '../engine/decode';
import { detectFormat } from '../catalog';
import type { ToolDiagnostic } from '../engine/types';

export interface WalkProblem {
  path: string;
  reason: string;
}

export interface Candidate extends ReadFile {
  path: string;
  text: string;
  decodeProblems: ToolDiagnostic[];
  formatId: string;
  encoding: Encoding;
  /** set when the file was recognised but not read */
  skipReason?: string;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.svn', '.hg']);
const OWN_FILES = new Set([CONFIG_FILE_NAME, BASELINE_FILE_NAME]);

export const NOT_REGULAR = 'not a regular file';
export const PSEUDO_FILE = 'kernel pseudo-file (/proc, /sys)';
export const OUTSIDE_SCANNED_ROOTS = 'points outside the scanned roots';
export const OUTSIDE_ROOT = 'points outside the root';
export const LEFTOVER_TEMP = 'temporary file of an interrupted --fix (safe to delete)';

/** The temporary file `--fix` writes next to a file before renaming it over the file (`tag`: process and random). */
export function tempNameOf(name: string, tag: string): string {
  return `.${name.slice(0, 80)}.vharden-${tag}.tmp`;
}
const TEMP_NAME = /^\..*\.vharden-\d+-[0-9a-f]{8}\.tmp$/;

/** Where files may be read from: a path whose real path is outside every root is not read, for `reason`. */
export interface Within {
  /** real paths */
  roots: string[];
  reason: string;
}

/** The scanned paths as roots: their real paths (a link named on the command line is the user's choice). */
export function scanRoots(paths: string[], reason = OUTSIDE_SCANNED_ROOTS): Within {
  const roots: string[] = [];
  for (const p of paths) {
    try {
      roots.push(realpathSync.native(p));
    } catch {
      /* a missing path is reported by the walk */
    }
  }
  return { roots, reason };
}

function isWithin(real: string, within: Within): boolean {
  return within.roots.some((r) => isInsideFolder(real, r));
}

/** /proc and /sys hold kernel files whose reads can block or never end (/proc/kmsg); they are never read. */
function isPseudo(real: string): boolean {
  return process.platform !== 'win32' && /^\/(proc|sys)(\/|$)/.test(real);
}

/**
 * Why a path must not be read, from its real path: a kernel pseudo-file or a path outside the roots.
 * Undefined when it may be read.
 */
function refusal(real: string, within: Within | undefined): string | undefined {
  if (isPseudo(real)) return PSEUDO_FILE;
  if (within && !isWithin(real, within)) return within.reason;
  return undefined;
}

/**
 * Every regular file under the given paths, recursing into folders. Symbolic links are followed
 * after every real folder has been walked, so files are reported under their real paths and a
 * file or folder reached twice (Proxmox's /etc/pve/local → nodes/<host>) is read once. Links whose
 * target is outside `within` (default: the real paths of `paths`) or in /proc or /sys, FIFOs,
 * sockets, devices, loops and broken links are reported, not fatal. Read-only; opens no file.
 */
export function* walk(paths: string[], problems: WalkProblem[], within: Within = scanRoots(paths)): Generator<string> {
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  /** `real`: the real path when known (a child of a real folder that is not a link) */
  type Item = { path: string; follow: boolean; real?: string };
  const stack: Item[] = [...paths].reverse().map((path) => ({ path, follow: true }));
  const deferred: Item[] = [];
  for (;;) {
    const item = stack.pop() ?? deferred.shift();
    if (!item) break;
    const p = item.path;
    let st;
    let isLink = false;
    try {
      isLink = lstatSync(p).isSymbolicLink();
      st = statSync(p);
    } catch (err) {
      const reason = codeOf(err);
      problems.push({ path: p, reason: isLink ? (reason === 'symbolic link loop' ? reason : 'broken symbolic link') : reason });
      continue;
    }
    if (isLink && !item.follow) {
      deferred.push({ path: p, follow: true });
      continue;
    }
    let real = isLink ? undefined : item.real;
    if (real === undefined) {
      try {
        real = realpathSync.native(p);
      } catch (err) {
        problems.push({ path: p, reason: codeOf(err) });
        continue;
      }
    }
    const refused = refusal(real, within);
    if (refused) {
      problems.push({ path: p, reason: refused });
      continue;
    }
    if (st.isDirectory()) {
      if (isLink && isLoop(p, real)) {
        problems.push({ path: p, reason: 'symbolic link loop (points at a folder that contains it)' });
        continue;
      }
      if (seenDirs.has(real)) continue;
      seenDirs.add(real);
      let names: string[];
      try {
        names = readdirSync(p).sort();
      } catch (err) {
        problems.push({ path: p, reason: codeOf(err) });
        continue;
      }
      for (let i = names.length - 1; i >= 0; i--) if (!SKIP_DIRS.has(names[i]!)) stack.push({ path: join(p, names[i]!), follow: false, real: join(real, names[i]!) });
    } else if (st.isFile()) {
      // the same file under two names (links, hard links) is read once; by real path too, as --fix
      // replaces a file (new inode) before a link to it is reached
      const id = `${st.dev}:${st.ino}`;
      if (seenFiles.has(real) || (st.ino && seenFiles.has(id))) continue;
      seenFiles.add(real).add(id);
      if (TEMP_NAME.test(basename(real))) problems.push({ path: p, reason: LEFTOVER_TEMP });
      else yield p;
    } else problems.push({ path: p, reason: NOT_REGULAR });
  }
}

/** Files up to this size are read whole to recognise them by content; larger ones by their first SNIFF_HEAD_BYTES. */
const SNIFF_WHOLE_BYTES = 1024 * 1024;
const SNIFF_HEAD_BYTES = 64 * 1024;

/** Flags for opening a file to read: never blocks (a FIFO swapped in), never follows a last-component link, never takes a terminal. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0) | (constants.O_NOCTTY ?? 0);

/** A regular file as read: its real path, the bytes read and the status of the open descriptor. */
export interface ReadFile {
  real: string;
  bytes: Buffer;
  stat: BigIntStats;
}

/** Opens a regular file for reading; checks its type before opening and again on the descriptor. */
function openRegular(path: string, within?: Within): { fd: number; real: string; stat: BigIntStats } {
  const real = realpathSync.native(path);
  const refused = refusal(real, within);
  if (refused) throw new ReadRefused(refused);
  const before = statSync(real, { bigint: true });
  if (!before.isFile()) throw new ReadRefused(NOT_REGULAR);
  const fd = openSync(real, READ_FLAGS);
  try {
    const stat = fstatSync(fd, { bigint: true });
    if (!stat.isFile()) throw new ReadRefused(NOT_REGULAR);
    if (stat.dev !== before.dev || stat.ino !== before.ino) throw new ReadRefused('changed while being opened');
    return { fd, real, stat };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Up to `length` bytes from the start of an open file. */
function readBytes(fd: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let n = 0;
  while (n < length) {
    const got = readSync(fd, buf, n, length - n, n);
    if (got === 0) break;
    n += got;
  }
  return buf.subarray(0, n);
}

/**
 * The bytes of a regular file (not a FIFO, device, socket or kernel pseudo-file), read without
 * blocking: as many as its size said when it was opened. Throws with a plain reason otherwise.
 */
export function readRegularFile(path: string, within?: Within): ReadFile {
  const { fd, real, stat } = openRegular(path, within);
  try {
    return { real, stat, bytes: readBytes(fd, Number(stat.size)) };
  } finally {
    closeSync(fd);
  }
}

/** A read that vharden refuses (the message is the reason shown). */
class ReadRefused extends Error {}

/**
 * Reads a file when vharden recognises it by path or content; undefined otherwise. Only regular
 * files whose real path is inside `within` (when given) are read.
 */
export function readCandidate(path: string, maxBytes: number, problems: WalkProblem[], within?: Within): Candidate | undefined {
  if (OWN_FILES.has(basename(path))) return undefined; // vharden's own config and baseline are not configuration to check
  const byPath = detectFormat(path);
  let opened;
  try {
    opened = openRegular(path, within);
  } catch (err) {
    problems.push({ path, reason: codeOf(err) });
    return undefined;
  }
  const { fd, real, stat } = opened;
  try {
    const size = Number(stat.size);
    let format = byPath;
    if (!format && size > SNIFF_WHOLE_BYTES) {
      // Large and not recognised by name: recognise it by its first bytes, without reading it all.
      const head = readBytes(fd, SNIFF_HEAD_BYTES);
      if (head.subarray(0, 8000).includes(0)) return undefined;
      format = detectFormat(path, decodeBytes(head).text);
      if (!format) return undefined;
    }
    if (format && size > maxBytes) {
      return {
        path,
        real,
        stat,
        bytes: Buffer.alloc(0),
        text: '',
        formatId: format.id,
        encoding: 'utf8',
        decodeProblems: [],
        skipReason: `The file is ${size} bytes, over the ${maxBytes}-byte limit; it was not checked.`,
      };
    }
    const bytes = readBytes(fd, size);
    if (!format && bytes.subarray(0, 8000).includes(0)) return undefined;
    let decoded = decodeBytes(bytes);
    // a format the name gave is confirmed by the content (a JSON datacenter.cfg is not Proxmox's)
    if (!format || format === byPath) format = detectFormat(path, decoded.text);
    if (!format) return undefined;
    const declared = format.declaredEncoding?.(decoded.text);
    if (declared) decoded = decodeBytes(bytes, declared);
    return { path, real, stat, bytes, text: decoded.text, decodeProblems: decoded.problems, encoding: decoded.encoding, formatId: format.id };
  } catch (err) {
    problems.push({ path, reason: codeOf(err) });
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export function displayPath(path: string, cwd = process.cwd()): string {
  const r = relative(cwd, path);
  return r && !r.startsWith('..') ? r.split('\\').join('/') : path;
}

/** True when the link points at one of the folders that contain it. */
function isLoop(link: string, target: string): boolean {
  let parent: string;
  try {
    parent = realpathSync.native(dirname(link));
  } catch {
    return false;
  }
  return isInsideFolder(parent, target);
}

function isInsideFolder(path: string, folder: string): boolean {
  const r = relative(folder, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

const ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'no such file or folder',
  ELOOP: 'symbolic link loop',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  ENAMETOOLONG: 'name too long',
};

/** A plain reason for a failed file operation. */
export function codeOf(err: unknown): string {
  if (err instanceof ReadRefused) return err.message;
  const e = err as NodeJS.ErrnoException;
  return (e?.code && ERRORS[e.code]) || (e?.message ?? String(err));
}
