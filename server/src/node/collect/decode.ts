import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readRegularFile } from '../files';
import { CollectError } from './snapshot';

/** The most a host's archive or database dump may hold, decoded. */
export const MAX_ARCHIVE = 512 * 1024 * 1024;

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


/** The bytes of a file a host's output was saved in (`-`: standard input), at most MAX_ARCHIVE. */
export function readHostOutput(file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = file === '-' ? readFileSync(0) : readRegularFile(file).bytes;
  } catch (err) {
    throw new CollectError(`${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (bytes.length > MAX_ARCHIVE) throw new CollectError(`${file}: larger than ${MAX_ARCHIVE / 1048576} MB`);
  return bytes;
}
