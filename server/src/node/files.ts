import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
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
        if (lstatSync(p).isSymbolicLink()) problems.push({ path: p, reason: linkReason(p, real) });
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
  if (!byPath && size > 1024 * 1024) return undefined; // content sniffing only for ordinary-sized files
  if (byPath && size > maxBytes) {
    return {
      path,
      text: '',
      formatId: byPath.id,
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
  if (!byPath && bytes.subarray(0, 8000).includes(0)) return undefined;
  const { text, encoding, problems: decodeProblems } = decodeBytes(bytes);
  const format = byPath ?? detectFormat(path, text);
  if (!format) return undefined;
  return { path, text, decodeProblems, encoding, formatId: format.id };
}

export function displayPath(path: string, cwd = process.cwd()): string {
  const r = relative(cwd, path);
  return r && !r.startsWith('..') ? r.split('\\').join('/') : path;
}

/** A link to a folder already scanned: a loop when it points at one of its own ancestors. */
function linkReason(link: string, target: string): string {
  let parent: string;
  try {
    parent = realpathSync(dirname(link));
  } catch {
    return 'symbolic link to a folder already scanned';
  }
  const r = relative(target, parent);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r)) ? 'symbolic link loop (points at its own parent folder)' : 'symbolic link to a folder already scanned (not scanned twice)';
}

function codeOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ENOENT') return 'no such file or folder';
  if (e?.code === 'ELOOP') return 'symbolic link loop';
  return e?.message ?? String(err);
}
