import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { BASELINE_FILE_NAME } from '../engine/baseline';
import { CONFIG_FILE_NAME } from '../engine/project-config';
import { decodeBytes, type Encoding } from '../engine/decode';
import { detectFormat } from '../engine/registry';
import type { ToolDiagnostic } from '../engine/types';

export interface WalkProblem {
  path: string;
  reason: string;
}

export interface Candidate {
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

/**
 * Every file under the given paths, recursing into folders. Symbolic links to folders are followed
 * after every real folder has been walked, so files are reported under their real paths and a
 * folder reached twice (Proxmox's /etc/pve/local → nodes/<host>) is read once. Loops and broken
 * links are reported, not fatal. Read-only.
 */
export function* walk(paths: string[], problems: WalkProblem[]): Generator<string> {
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const stack: { path: string; follow: boolean }[] = [...paths].reverse().map((path) => ({ path, follow: true }));
  const deferred: { path: string; follow: boolean }[] = [];
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
    if (st.isDirectory()) {
      if (isLink && !item.follow) {
        deferred.push({ path: p, follow: true });
        continue;
      }
      let real: string;
      try {
        real = realpathSync(p);
      } catch (err) {
        problems.push({ path: p, reason: codeOf(err) });
        continue;
      }
      if (seenDirs.has(real)) {
        if (isLink && isLoop(p, real)) problems.push({ path: p, reason: 'symbolic link loop (points at a folder that contains it)' });
        continue;
      }
      seenDirs.add(real);
      let names: string[];
      try {
        names = readdirSync(p).sort();
      } catch (err) {
        problems.push({ path: p, reason: codeOf(err) });
        continue;
      }
      for (let i = names.length - 1; i >= 0; i--) if (!SKIP_DIRS.has(names[i]!)) stack.push({ path: join(p, names[i]!), follow: false });
    } else if (st.isFile()) {
      if (isLink) {
        let real: string;
        try {
          real = realpathSync(p);
        } catch {
          real = p;
        }
        if (seenFiles.has(real)) continue;
        seenFiles.add(real);
      } else if (seenFiles.has(p)) continue;
      else seenFiles.add(p);
      yield p;
    }
  }
}

/** Files up to this size are read whole to recognise them by content; larger ones by their first SNIFF_HEAD_BYTES. */
const SNIFF_WHOLE_BYTES = 1024 * 1024;
const SNIFF_HEAD_BYTES = 64 * 1024;

function readHead(path: string, bytes: number, problems: WalkProblem[]): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, readSync(fd, buf, 0, bytes, 0));
  } catch (err) {
    problems.push({ path, reason: codeOf(err) });
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads a file when vharden recognises it by path or content; undefined otherwise. */
export function readCandidate(path: string, maxBytes: number, problems: WalkProblem[]): Candidate | undefined {
  if (OWN_FILES.has(basename(path))) return undefined; // vharden's own config and baseline are not configuration to check
  const byPath = detectFormat(path);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    problems.push({ path, reason: codeOf(err) });
    return undefined;
  }
  let format = byPath;
  if (!format && size > SNIFF_WHOLE_BYTES) {
    // Large and not recognised by name: recognise it by its first bytes, without reading it all.
    const head = readHead(path, SNIFF_HEAD_BYTES, problems);
    if (!head || head.subarray(0, 8000).includes(0)) return undefined;
    format = detectFormat(path, decodeBytes(head).text);
    if (!format) return undefined;
  }
  if (format && size > maxBytes) {
    return {
      path,
      text: '',
      formatId: format.id,
      encoding: 'utf8',
      decodeProblems: [],
      skipReason: `The file is ${size} bytes, over the ${maxBytes}-byte limit; it was not checked.`,
    };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    problems.push({ path, reason: codeOf(err) });
    return undefined;
  }
  if (!format && bytes.subarray(0, 8000).includes(0)) return undefined;
  let decoded = decodeBytes(bytes);
  // a format the name gave is confirmed by the content (a JSON datacenter.cfg is not Proxmox's)
  if (!format || format === byPath) format = detectFormat(path, decoded.text);
  if (!format) return undefined;
  const declared = format.declaredEncoding?.(decoded.text);
  if (declared) decoded = decodeBytes(bytes, declared);
  return { path, text: decoded.text, decodeProblems: decoded.problems, encoding: decoded.encoding, formatId: format.id };
}

export function displayPath(path: string, cwd = process.cwd()): string {
  const r = relative(cwd, path);
  return r && !r.startsWith('..') ? r.split('\\').join('/') : path;
}

/** True when the link points at one of the folders that contain it. */
function isLoop(link: string, target: string): boolean {
  let parent: string;
  try {
    parent = realpathSync(dirname(link));
  } catch {
    return false;
  }
  const r = relative(target, parent);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

function codeOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ENOENT') return 'no such file or folder';
  if (e?.code === 'ELOOP') return 'symbolic link loop';
  return e?.message ?? String(err);
}
