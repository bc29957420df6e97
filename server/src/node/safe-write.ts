import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, copyFileSync, existsSync, linkSync, fchmodSync, fchownSync, fsyncSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { codeOf, readRegularFile, tempNameOf, type ReadFile, type Within } from './files';

export const CHANGED = 'changed since it was read';
export const READ_ONLY = 'read-only (no write permission for its owner)';

/**
 * Replace a file vharden read (`file`, at `file.path`) with `bytes`, or say why not (undefined:
 * written). Refuses a file that changed since it was read (other bytes, size, modification time,
 * or another file or link now at its path), a file with other hard links (the rename would split
 * them), a read-only file (also for root), a file the process
 * may not write, and a real path outside `within`. Writes a temporary file in the same folder,
 * gives it the file's owner (when the process can) and mode, syncs it to disk and renames it over
 * the file: a crash or a full disk leaves the old file or the new one, never a mix. A failed write
 * removes its temporary file.
 */
export function writeSafely(file: ReadFile & { path: string }, bytes: Uint8Array, within?: Within): string | undefined {
  let now: ReadFile;
  try {
    now = readRegularFile(file.path, within);
  } catch (err) {
    return `${CHANGED} (${codeOf(err)})`;
  }
  if (!sameFile(now, file) || !now.bytes.equals(file.bytes)) return CHANGED;
  // the rename below gives this name a new file: the other names would keep the old one, unfixed
  const names = Number(now.stat.nlink);
  if (names > 1) return `the file has ${names} names (hard links); replacing it would leave the others unchanged`;
  const mode = Number(now.stat.mode) & 0o7777;
  if ((mode & 0o200) === 0) return READ_ONLY;
  try {
    accessSync(now.real, constants.W_OK);
  } catch (err) {
    return `write failed: ${codeOf(err)}`;
  }
  const temp = join(dirname(now.real), tempNameOf(basename(now.real), `${process.pid}-${randomBytes(4).toString('hex')}`));
  let fd: number | undefined;
  let renamed = false;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    const uid = Number(now.stat.uid);
    const gid = Number(now.stat.gid);
    if (process.getuid && (uid !== process.getuid() || gid !== process.getgid?.())) {
      try {
        fchownSync(fd, uid, gid);
      } catch {
        /* not allowed: the new file keeps the process's owner */
      }
    }
    fchmodSync(fd, mode);
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    const last = lstatSync(now.real, { bigint: true });
    if (last.dev !== now.stat.dev || last.ino !== now.stat.ino || last.size !== now.stat.size || last.mtimeNs !== now.stat.mtimeNs) return CHANGED;
    renameSync(temp, now.real);
    renamed = true;
    syncFolder(dirname(now.real));
    return undefined;
  } catch (err) {
    return `write failed: ${codeOf(err)}`;
  } finally {
    if (fd !== undefined) closeSync(fd);
    if (!renamed) {
      try {
        unlinkSync(temp);
      } catch {
        /* never created */
      }
    }
  }
}

function sameFile(a: ReadFile, b: ReadFile): boolean {
  return a.real === b.real && a.stat.dev === b.stat.dev && a.stat.ino === b.stat.ino && a.stat.size === b.stat.size && a.stat.mtimeNs === b.stat.mtimeNs;
}

/** Make the rename itself durable (best effort: not every platform can open a folder). */
function syncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = openSync(folder, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    /* the rename is done; only its durability across a power loss is not confirmed */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Write several new files (or replace them) all or nothing: each is written to a temporary file in
 * its folder and synced first, and the file it replaces is kept under a backup name (a hard link, or
 * a copy where links are not supported). Only when every one is on disk are they renamed into
 * place. A failure before the renames removes the temporary files; a failure during them puts the
 * files already replaced back from their backups (or removes the ones that were new). Either way
 * every old file is as it was. Returns why it failed, or undefined when written. `rename` is for tests.
 */
export function writeAllAtomically(files: { path: string; bytes: Uint8Array }[], mode = 0o644, rename: (from: string, to: string) => void = renameSync): string | undefined {
  const staged: { temp: string; path: string; backup?: string; placed: boolean }[] = [];
  const suffix = () => `${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    for (const f of files) {
      const s: (typeof staged)[number] = { temp: join(dirname(f.path), tempNameOf(basename(f.path), suffix())), path: f.path, placed: false };
      staged.push(s);
      const fd = openSync(s.temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), mode);
      try {
        for (let off = 0; off < f.bytes.length; ) off += writeSync(fd, f.bytes, off, f.bytes.length - off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (existsSync(f.path)) {
        s.backup = join(dirname(f.path), tempNameOf(`${basename(f.path)}.old`, suffix()));
        try {
          linkSync(f.path, s.backup);
        } catch {
          copyFileSync(f.path, s.backup, constants.COPYFILE_EXCL);
        }
      }
    }
    for (const s of staged) {
      rename(s.temp, s.path);
      s.placed = true;
    }
    for (const folder of new Set(staged.map((s) => dirname(s.path)))) syncFolder(folder);
    return undefined;
  } catch (err) {
    for (const s of staged.filter((x) => x.placed)) {
      try {
        if (s.backup) renameSync(s.backup, s.path);
        else unlinkSync(s.path);
      } catch {
        /* the backup stays beside the file */
      }
      s.backup = undefined;
    }
    return `write failed: ${codeOf(err)}`;
  } finally {
    for (const name of staged.flatMap((s) => [s.placed ? undefined : s.temp, s.backup])) {
      if (!name) continue;
      try {
        unlinkSync(name);
      } catch {
        /* never created */
      }
    }
  }
}
