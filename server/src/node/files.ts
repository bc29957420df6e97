import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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

/**
 * Every file under the given paths, recursing into folders, following symbolic links once
 * (loops and broken links are reported, not fatal). Read-only.
 */
export function* walk(paths: string[], problems: WalkProblem[]): Generator<string> {
  const seen = new Set<string>();
  const stack = [...paths].reverse();
  while (stack.length) {
    const p = stack.pop()!;
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      let broken = false;
      try {
        broken = lstatSync(p).isSymbolicLink();
      } catch {
        /* does not exist at all */
      }
      problems.push({ path: p, reason: broken ? 'broken symbolic link' : codeOf(err) });
      continue;
    }
    if (st.isDirectory()) {
      let real: string;
      try {
        real = realpathSync(p);
      } catch (err) {
        problems.push({ path: p, reason: codeOf(err) });
        continue;
      }
      if (seen.has(real)) {
        if (lstatSync(p).isSymbolicLink()) problems.push({ path: p, reason: 'symbolic link loop (folder already scanned)' });
        continue;
      }
      seen.add(real);
      let names: string[];
      try {
        names = readdirSync(p).sort();
      } catch (err) {
        problems.push({ path: p, reason: codeOf(err) });
        continue;
      }
      for (let i = names.length - 1; i >= 0; i--) if (!SKIP_DIRS.has(names[i]!)) stack.push(join(p, names[i]!));
    } else if (st.isFile()) {
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
  const { text, encoding, problems: decodeProblems } = decodeBytes(bytes);
  format ??= detectFormat(path, text);
  if (!format) return undefined;
  return { path, text, decodeProblems, encoding, formatId: format.id };
}

export function displayPath(path: string, cwd = process.cwd()): string {
  const r = relative(cwd, path);
  return r && !r.startsWith('..') ? r.split('\\').join('/') : path;
}

function codeOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ENOENT') return 'no such file or folder';
  if (e?.code === 'ELOOP') return 'symbolic link loop';
  return e?.message ?? String(err);
}
