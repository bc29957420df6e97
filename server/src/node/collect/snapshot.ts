import { closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A command line mistake (unknown flag, missing value, unusable out folder): the CLI exits 2. */
export class CollectUsageError extends Error {}

/** The source could not be read (tool missing, connection refused, remote error): the CLI exits 1. */
export class CollectError extends Error {}

export type FlagSpec = Record<string, 'string' | 'boolean'>;

/** Refuse flags a collector does not know, and values of the wrong kind. */
export function checkFlags(source: string, flags: Record<string, string | boolean>, spec: FlagSpec): void {
  for (const [name, value] of Object.entries(flags)) {
    const kind = spec[name];
    if (!kind) throw new CollectUsageError(`collect ${source}: unknown option --${name} (options: ${Object.keys(spec).map((k) => `--${k}`).join(', ') || 'none'})`);
    if (kind === 'string' && typeof value !== 'string') throw new CollectUsageError(`collect ${source}: --${name} needs a value`);
    if (kind === 'boolean' && value !== true) throw new CollectUsageError(`collect ${source}: --${name} takes no value`);
  }
}

export function stringFlag(flags: Record<string, string | boolean>, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * A name from the source (a domain or network name) as one safe file name component: characters
 * outside `A-Za-z0-9._+@-` and a leading dot are percent-encoded, so `..`, `/` or a hidden name
 * can never be made from it.
 */
export function safeName(name: string): string {
  let out = '';
  for (const ch of name) {
    const ok = /^[A-Za-z0-9._+@-]$/.test(ch) && !(out === '' && ch === '.');
    out += ok ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out || '%00';
}

/** A relative path inside the snapshot: no absolute path, no empty, `.` or `..` component, no NUL. */
export function isSafeRelative(rel: string): boolean {
  if (rel === '' || rel.startsWith('/') || rel.includes('\0') || rel.includes('\\')) return false;
  return rel.split('/').every((c) => c !== '' && c !== '.' && c !== '..');
}

/**
 * Writes the files of one snapshot into `out`, which must be absent or an empty folder. Every file
 * is created new (never an existing file, never through a link) under folders this writer made.
 */
export class SnapshotWriter {
  private readonly written: string[] = [];
  private readonly dirs = new Set<string>(['']);

  constructor(readonly out: string) {
    let entries: string[] | undefined;
    try {
      const st = lstatSync(out);
      if (!st.isDirectory()) throw new CollectUsageError(`--out ${out}: not a folder`);
      entries = readdirSync(out);
    } catch (err) {
      if (err instanceof CollectUsageError) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new CollectUsageError(`--out ${out}: ${(err as Error).message}`);
    }
    if (entries && entries.length > 0) throw new CollectUsageError(`--out ${out}: the folder is not empty (a snapshot goes into a new or empty folder)`);
    mkdirSync(out, { recursive: true, mode: 0o755 });
  }

  /** Create the folder `rel` (and its parents) inside out. */
  folder(rel: string): void {
    if (!isSafeRelative(rel)) throw new Error(`unsafe snapshot path ${JSON.stringify(rel)}`);
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join('/');
      if (this.dirs.has(sub)) continue;
      const p = join(this.out, sub);
      try {
        mkdirSync(p, { mode: 0o755 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      // made by us or already there: it must be a real folder, never a link
      if (!lstatSync(p).isDirectory()) throw new Error(`${sub} in the snapshot is not a folder`);
      this.dirs.add(sub);
    }
  }

  has(rel: string): boolean {
    return this.written.includes(rel);
  }

  /** Write a new file at `rel`; refuses one that exists already. */
  file(rel: string, content: string | Uint8Array): void {
    if (!isSafeRelative(rel)) throw new Error(`unsafe snapshot path ${JSON.stringify(rel)}`);
    const slash = rel.lastIndexOf('/');
    if (slash > 0) this.folder(rel.slice(0, slash));
    const fd = openSync(join(this.out, rel), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o644);
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    } finally {
      closeSync(fd);
    }
    this.written.push(rel);
  }

  files(): string[] {
    return [...this.written].sort();
  }
}
