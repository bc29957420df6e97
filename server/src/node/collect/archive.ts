import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readRegularFile } from '../files';
import { checkFlags, CollectError, CollectUsageError, SnapshotWriter, stringFlag } from './snapshot';
import { extractHostTar, remoteScript } from './ssh';
import type { CollectOptions, CollectResult, Collector } from './types';

const MAX_ARCHIVE = 512 * 1024 * 1024;

/**
 * The archive a host's own `tar` made of its standard locations, as the bytes were written: a tar,
 * gzip'd or not, or the base64 text of either (what a remote command can return as text, as the
 * Ansible collection does). An empty file means none of the locations existed.
 */
export function decodeArchive(bytes: Buffer): Buffer {
  let data = bytes;
  const text = data.toString('latin1');
  if (data.length && /^[A-Za-z0-9+/=\s]+$/.test(text)) data = Buffer.from(text.replace(/\s+/g, ''), 'base64');
  if (data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data, { maxOutputLength: MAX_ARCHIVE });
    } catch (err) {
      throw new CollectError(`the archive is not valid gzip (${(err as Error).message})`);
    }
  }
  return data;
}

/**
 * `vharden collect archive FILE` (`-`: standard input): a tar of a host's standard locations, made on the host by the same
 * read-only script `collect ssh` runs (`--print-script` shows it), extracted like `collect ssh`'s:
 * regular files and folders under the locations only, no secrets, passwords removed.
 */
export const archiveCollector: Collector = {
  id: 'archive',
  usage: 'archive FILE|- [--print-script [--remote-root PREFIX] [--sudo]]',
  script(flags) {
    checkFlags('archive', flags, { 'print-script': 'boolean', 'remote-root': 'string', sudo: 'boolean' });
    const root = stringFlag(flags, 'remote-root') ?? '/';
    if (!root.startsWith('/') || root.includes('\0') || root.includes('\n')) throw new CollectUsageError('collect archive: --remote-root takes an absolute path');
    return remoteScript(root, flags.sudo === true);
  },
  async collect(target: string | undefined, opts: CollectOptions): Promise<CollectResult> {
    checkFlags('archive', opts.flags, {});
    if (!target) throw new CollectUsageError('collect archive: name the archive file: vharden collect archive FILE --out DIR');
    let bytes: Buffer;
    try {
      bytes = target === '-' ? readFileSync(0) : readRegularFile(target).bytes;
    } catch (err) {
      throw new CollectError(`${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (bytes.length > MAX_ARCHIVE) throw new CollectError(`${target}: larger than ${MAX_ARCHIVE / 1048576} MB`);
    const writer = new SnapshotWriter(opts.out);
    const data = decodeArchive(bytes);
    const notes = data.length ? extractHostTar(data, writer).notes : ['the archive is empty: none of the standard locations existed on the host'];
    return { files: writer.files(), notes };
  },
};
