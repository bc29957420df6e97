/**
 * A minimal reader of tar archives (POSIX ustar, pax extended headers, GNU long names), enough for
 * what `tar -c` on Linux, BusyBox and ESXi writes. It reads headers and data from a buffer and
 * never touches the file system: what to do with each entry is the caller's choice.
 */

export type TarType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  /** the path as the archive gives it (pax `path` and GNU long names applied) */
  path: string;
  type: TarType;
  /** the raw type flag, for messages */
  flag: string;
  data: Buffer;
}

export class TarError extends Error {}

const BLOCK = 512;

function cString(b: Buffer, start: number, len: number): string {
  const slice = b.subarray(start, start + len);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul < 0 ? len : nul).toString('utf8');
}

/** A numeric header field: octal text, or GNU base-256 when its first byte has the high bit set. */
function numberField(b: Buffer, start: number, len: number): number {
  if (b[start]! & 0x80) {
    let n = b[start]! & 0x7f;
    for (let i = 1; i < len; i++) n = n * 256 + b[start + i]!;
    return n;
  }
  const text = cString(b, start, len).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarError(`invalid number field "${text.slice(0, 20)}"`);
  return parseInt(text, 8);
}

function checksumOk(h: Buffer): boolean {
  const stored = numberField(h, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return sum === stored;
}

/** pax extended header records: `LEN key=value\n`, LEN counting the whole record. */
function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const len = Number(data.subarray(pos, space).toString('latin1'));
    if (!Number.isInteger(len) || len <= space - pos || pos + len > data.length) throw new TarError('invalid pax extended header');
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return out;
}

const TYPES: Record<string, TarType> = { '0': 'file', '\0': 'file', '7': 'file', '5': 'dir', '1': 'hardlink', '2': 'symlink' };

/** Every entry of the archive in order; throws a TarError on a damaged or truncated archive. */
export function* readTar(archive: Buffer): Generator<TarEntry> {
  let pos = 0;
  let longName: string | undefined;
  let pax = new Map<string, string>();
  let global = new Map<string, string>();
  while (pos + BLOCK <= archive.length) {
    const h = archive.subarray(pos, pos + BLOCK);
    if (h.every((x) => x === 0)) return; // end of archive (a second zero block, or the end of the stream, follows)
    if (!checksumOk(h)) throw new TarError(`damaged header at byte ${pos} (checksum mismatch)`);
    const flag = String.fromCharCode(h[156]!);
    const override = pax.get('size') ?? global.get('size');
    const size = override !== undefined ? Number(override) : numberField(h, 124, 12);
    if (!Number.isSafeInteger(size) || size < 0) throw new TarError(`invalid size at byte ${pos}`);
    const dataStart = pos + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > archive.length) throw new TarError('the archive ends inside an entry (truncated)');
    const data = archive.subarray(dataStart, dataEnd);
    pos = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === 'L') {
      longName = cString(data, 0, data.length);
      continue;
    }
    if (flag === 'K') continue; // GNU long link name: links are never extracted
    if (flag === 'x') {
      pax = paxRecords(data);
      continue;
    }
    if (flag === 'g') {
      global = paxRecords(data);
      continue;
    }
    const ustar = h.subarray(257, 263).toString('latin1') === 'ustar\0';
    const prefix = ustar ? cString(h, 345, 155) : '';
    const name = cString(h, 0, 100);
    const path = pax.get('path') ?? global.get('path') ?? longName ?? (prefix ? `${prefix}/${name}` : name);
    longName = undefined;
    pax = new Map();
    yield { path, type: TYPES[flag] ?? 'other', flag, data };
  }
  if (pos < archive.length) throw new TarError('the archive ends inside a header (truncated)');
}
