import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type BigIntStats, type Dirent } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { BASELINE_FILE_NAME } from '../engine/baseline';
import { CONFIG_FILE_NAME } from '../engine/config-file';
import { decodeBytes, inDeclaredEncoding, type Encoding } from '../engine/decode';
import { detectByContent, detectFormat } from '../catalog';
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

/** The roots of each `Within` as a set, so a check walks up the path once instead of comparing it with every root. */
const rootSets = new WeakMap<Within, Set<string>>();

function isWithin(real: string, within: Within): boolean {
  let roots = rootSets.get(within);
  if (!roots) rootSets.set(within, (roots = new Set(within.roots)));
  if (roots.size === 0) return false;
  for (let dir = real; ; ) {
    if (roots.has(dir)) return true;
    const up = dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
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

/** A file the walk found. */
export interface WalkedFile {
  path: string;
  /** its real path, resolved by the walk (a file listed in a real folder: the folder's real path and its name) */
  real: string;
  /** set for a file listed in a real folder: the walk has not looked at its inode, the reader claims it (hard links) */
  seen?: SeenFiles;
}

/**
 * What a walk has reached, so a file reached twice (through links, under two hard-linked names, or
 * named and also inside a named folder) is read once. Files listed in real folders are not
 * recorded one by one: their folder is (memory follows the folders and the links, not the files).
 */
export class SeenFiles {
  /** real folders walked */
  readonly dirs = new Set<string>();
  /** real paths of files reached by name or through a link */
  private readonly files = new Set<string>();
  /** dev:ino of files that had more than one name when reached */
  private readonly inodes = new Set<string>();

  /** True when the file at `real` (a regular file, not itself a link) was reached by name or through a link. */
  reachedByName(real: string): boolean {
    return this.files.has(real);
  }

  /** True when a file reached by name or through a link was reached before; records it otherwise. */
  reach(real: string, st: { dev: number | bigint; ino: number | bigint; nlink: number | bigint }): boolean {
    if (this.files.has(real) || this.isListed(real) || this.claim(st)) return true;
    this.files.add(real);
    return false;
  }

  /** True when a file listed in a walked folder was reached before under another name (a hard link); reading it records its inode. */
  claim(st: { dev: number | bigint; ino: number | bigint; nlink: number | bigint }): boolean {
    if (!st.ino) return false;
    const id = `${st.dev}:${st.ino}`;
    if (this.inodes.has(id)) return true;
    // an inode with one name can only be met again through a name it had when first met (--fix
    // replaces a file by a new inode; the other hard link keeps the old one)
    if (Number(st.nlink) > 1) this.inodes.add(id);
    return false;
  }

  /** The walk is over: what only it asks (folders walked, files reached by name) is let go; readers still claim inodes. */
  walked(): void {
    this.dirs.clear();
    this.files.clear();
  }

  /** A regular file in a walked folder was yielded when the folder was listed (or reported, if it is a leftover temporary file). */
  private isListed(real: string): boolean {
    const name = basename(real);
    return this.dirs.has(dirname(real)) && !SKIP_DIRS.has(name);
  }
}

/**
 * Every regular file under the given paths, recursing into folders, as paths. See `walkFiles`;
 * this also looks at each listed file's inode, so hard links are left out here.
 */
export function* walk(paths: string[], problems: WalkProblem[], within: Within = scanRoots(paths)): Generator<string> {
  for (const f of walkFiles(paths, problems, within)) {
    if (f.seen) {
      let st;
      try {
        st = statSync(f.real);
      } catch {
        continue; // gone since it was listed
      }
      if (f.seen.claim(st)) continue;
    }
    yield f.path;
  }
}

/**
 * Every regular file under the given paths, recursing into folders. Folders are listed with the
 * types of their entries, so a regular file in a real folder costs no call before it is read.
 * Symbolic links are followed after every real folder has been walked, so files are reported
 * under their real paths and a file or folder reached twice (Proxmox's /etc/pve/local →
 * nodes/<host>) is read once. Links whose target is outside `within` (default: the real paths of
 * `paths`) or in /proc or /sys, FIFOs, sockets, devices, loops and broken links are reported, not
 * fatal. Read-only; opens no file. A listed file whose inode has other names (hard links) is
 * left for its reader to claim (`WalkedFile.seen`).
 */
export function* walkFiles(paths: string[], problems: WalkProblem[], within: Within = scanRoots(paths), given?: SeenFiles): Generator<WalkedFile> {
  const seen = given ?? new SeenFiles();
  /**
   * `real`: the real path when known (an entry of a real folder that is not a link); `kind`: its
   * type as its folder listed it (then it is within the roots and not a pseudo-file: its folder was checked)
   */
  type Item = { path: string; follow: boolean; real?: string; kind?: 'file' | 'dir' | 'other' };
  const stack: Item[] = [...paths].reverse().map((path) => ({ path, follow: true }));
  const deferred: Item[] = [];
  const list = (p: string, real: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(p, { withFileTypes: true });
    } catch (err) {
      problems.push({ path: p, reason: codeOf(err) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i]!;
      if (SKIP_DIRS.has(e.name)) continue;
      const kind = e.isSymbolicLink() ? undefined : e.isFile() ? 'file' : e.isDirectory() ? 'dir' : 'other';
      stack.push({ path: join(p, e.name), follow: false, real: join(real, e.name), kind });
    }
  };
  for (;;) {
    const item = stack.pop() ?? deferred.shift();
    if (!item) {
      // a walk's own record (a caller's may serve more walks); its files stay until they are read
      if (!given) seen.walked();
      break;
    }
    const p = item.path;
    if (item.kind === 'file') {
      // its folder is listed once; it may have been reached by name before (a path named twice)
      if (seen.reachedByName(item.real!)) continue;
      if (TEMP_NAME.test(basename(p))) problems.push({ path: p, reason: LEFTOVER_TEMP });
      else yield { path: flat(p), real: item.real === p ? p : flat(item.real!), seen };
      continue;
    }
    if (item.kind === 'dir') {
      if (seen.dirs.has(item.real!)) continue;
      seen.dirs.add(flat(item.real!));
      list(p, item.real!);
      continue;
    }
    if (item.kind === 'other') {
      problems.push({ path: p, reason: NOT_REGULAR });
      continue;
    }
    let st;
    let isLink = false;
    try {
      const own = lstatSync(p);
      isLink = own.isSymbolicLink();
      st = isLink ? statSync(p) : own;
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
      if (seen.dirs.has(real)) continue;
      seen.dirs.add(flat(real));
      list(p, real);
    } else if (st.isFile()) {
      // the same file under two names (links, hard links) is read once; by real path too, as --fix
      // replaces a file (new inode) before a link to it is reached
      if (seen.reach(real, st)) continue;
      if (TEMP_NAME.test(basename(real))) problems.push({ path: p, reason: LEFTOVER_TEMP });
      else yield { path: flat(p), real: real === p ? p : flat(real) };
    } else problems.push({ path: p, reason: NOT_REGULAR });
  }
}

/**
 * The string in one piece. `join` and templates build a path from pieces, which V8 keeps as a tree
 * of them (about 500 bytes for a path of 60 characters, against 90 flat); reading a character makes
 * V8 flatten it in place. A scan holds every walked path until it reads the file (and its path
 * after), and caches answers per folder.
 */
export function flat(s: string): string {
  s.charCodeAt(0);
  return s;
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

/**
 * Opens a file the walk found at its real path: never follows a link swapped in since (the last
 * part of the path), checks the type on the descriptor. Undefined when the file is a second name
 * of a file read before (a hard link).
 */
function openWalked(file: WalkedFile): { fd: number; real: string; stat: BigIntStats } | undefined {
  let fd: number;
  try {
    fd = openSync(file.real, READ_FLAGS);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new ReadRefused('changed while being opened');
    throw err;
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    if (!stat.isFile()) throw new ReadRefused(NOT_REGULAR);
    if (file.seen?.claim(stat)) {
      closeSync(fd);
      return undefined;
    }
    return { fd, real: file.real, stat };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Up to `length` bytes from the start of an open file. */
function readBytes(fd: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
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
 * Reads a file when vharden recognises it by path or content; undefined otherwise (also for a
 * second name of a file the walk gave before). Only regular files whose real path is inside
 * `within` (when given) are read; a file from `walkFiles` was checked by the walk.
 */
export function readCandidate(file: string | WalkedFile, maxBytes: number, problems: WalkProblem[], within?: Within): Candidate | undefined {
  const path = typeof file === 'string' ? file : file.path;
  if (OWN_FILES.has(basename(path))) return undefined; // vharden's own config and baseline are not configuration to check
  const byPath = detectFormat(path);
  let opened;
  try {
    opened = typeof file === 'string' ? openRegular(path, within) : openWalked(file);
  } catch (err) {
    problems.push({ path, reason: codeOf(err) });
    return undefined;
  }
  if (!opened) return undefined;
  const { fd, real, stat } = opened;
  try {
    const size = Number(stat.size);
    let format = byPath;
    if (!format && size > SNIFF_WHOLE_BYTES) {
      // Large and not recognised by name: recognise it by its first bytes, without reading it all.
      const head = readBytes(fd, SNIFF_HEAD_BYTES);
      if (head.subarray(0, 8000).includes(0)) return undefined;
      format = detectByContent(path, decodeBytes(head).text, byPath);
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
    const utf8 = decodeBytes(bytes);
    // a format the name gave is confirmed by the content (a JSON datacenter.cfg is not Proxmox's)
    if (!format || format === byPath) format = detectByContent(path, utf8.text, byPath);
    if (!format) return undefined;
    const decoded = inDeclaredEncoding(bytes, utf8, format);
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
