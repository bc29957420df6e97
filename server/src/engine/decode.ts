import type { Format, ToolDiagnostic } from './types';

/**
 * Bytes → text. UTF-8 (with or without BOM) and UTF-16 with a BOM are read; a file that declares
 * another encoding (a `.vmx` written by Workstation on a Windows host: `.encoding =
 * "windows-1252"`, `"Shift_JIS"`, `"windows-949"`) is read in it. Bytes the encoding cannot read
 * become U+FFFD and one diagnostic says where the first one is. Offsets in the result refer to the
 * decoded text, which is what editors show.
 */
export type Encoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | LegacyEncoding;

/** A declared encoding other than UTF-8, with what is needed to write a fixed text back exactly. */
export interface LegacyEncoding {
  /** the decoder's name for it (`windows-1252`, `shift_jis`, `euc-kr`) */
  name: string;
  /** the file as read, and its text */
  bytes: Uint8Array;
  text: string;
}

export interface Decoded {
  text: string;
  encoding: Encoding;
  problems: ToolDiagnostic[];
}

/**
 * The bytes read again in the encoding their text declares for `format` (a `.vmx` `.encoding`), or
 * `decoded` (their UTF-8 or BOM reading) when it declares none: the text a scan checks.
 */
export function inDeclaredEncoding(bytes: Uint8Array, decoded: Decoded, format: Pick<Format, 'declaredEncoding'>): Decoded {
  const declared = format.declaredEncoding?.(decoded.text);
  return declared ? decodeBytes(bytes, declared) : decoded;
}

/** A stateful encoding: ASCII bytes do not always mean ASCII there, so it is never re-encoded. */
const NOT_WRITABLE = new Set(['iso-2022-jp']);

export function decodeBytes(bytes: Uint8Array, declared?: string): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf16le', problems: [] };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf16be', problems: [] };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (declared && !bom) {
    const legacy = decodeDeclared(bytes, declared);
    if (legacy) return legacy;
  }
  const body = bom ? bytes.subarray(3) : bytes;
  const decoded = strictly(body, 'utf-8', bom ? 'utf8bom' : 'utf8', 'UTF-8');
  if (declared && !bom && !decoderFor(declared)) {
    decoded.problems.unshift(problem(0, `The file declares the encoding "${declared.slice(0, 40)}", which vharden cannot decode; it was read as UTF-8.`));
  }
  return decoded;
}

/**
 * The decoder's name for an encoding label (`windows-949` → `euc-kr`); undefined when no decoder
 * knows it. VMware writes ICU names, some with the year of their table (`windows-949-2000`).
 */
function decoderFor(label: string): string | undefined {
  for (const name of [label.trim(), label.trim().replace(/-\d{4}$/, '')]) {
    try {
      return new TextDecoder(name).encoding;
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

/** Bytes in a declared encoding that is not UTF-8; undefined when the label is UTF-8 or unknown. */
function decodeDeclared(bytes: Uint8Array, label: string): Decoded | undefined {
  const name = decoderFor(label);
  if (!name || ['utf-8', 'utf-16le', 'utf-16be', 'replacement'].includes(name)) return undefined;
  const d = strictly(bytes, name, 'utf8', label.trim());
  return { ...d, encoding: { name, bytes, text: d.text } };
}

/** Strict decoders by encoding name, made once (a decode without `stream` leaves no state behind). */
const strictDecoders = new Map<string, InstanceType<typeof TextDecoder>>();

function strictly(bytes: Uint8Array, name: string, encoding: Encoding, shown: string): Decoded {
  let decoder = strictDecoders.get(name);
  if (!decoder) strictDecoders.set(name, (decoder = new TextDecoder(name, { fatal: true, ignoreBOM: true })));
  try {
    return { text: decoder.decode(bytes), encoding, problems: [] };
  } catch {
    const text = new TextDecoder(name, { ignoreBOM: true }).decode(bytes);
    const at = Math.max(0, text.indexOf('\uFFFD'));
    return { text, encoding, problems: [problem(at, `The file is not valid ${shown}; unreadable bytes were replaced with U+FFFD and the rest was checked.`)] };
  }
}

function problem(at: number, message: string): ToolDiagnostic {
  return { code: 'VH-PARSE-ERROR', start: at, end: at + 1, severity: 'low', message, locator: 'encoding' };
}

/**
 * Bytes to write back for a fixed text read as `encoding`, or why vharden will not write them.
 * UTF-8 (with its BOM) is written as is. A legacy encoding is written line by line: a line the fix
 * left alone gets its original bytes back, a changed line must be plain ASCII (all fixes write
 * ASCII), and the result must decode to the fixed text; otherwise the file is not written. UTF-16
 * and stateful encodings (ISO-2022-JP) are never written.
 */
export function encodeFor(text: string, encoding: Encoding): { bytes: Uint8Array } | { refused: string } {
  if (encoding === 'utf8') return { bytes: new TextEncoder().encode(text) };
  if (encoding === 'utf8bom') {
    const body = new TextEncoder().encode(text);
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(body, 3);
    return { bytes: out };
  }
  if (typeof encoding === 'string') return { refused: `fixes are not written to ${encoding === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE'} files` };
  const refused = (why: string) => ({ refused: `fixes not written: ${why} (the file is ${encoding.name})` });
  if (NOT_WRITABLE.has(encoding.name)) return refused('vharden does not write this encoding');
  const byText = new Map<string, Uint8Array | null>();
  const textLines = encoding.text.split('\n');
  const byteLines = splitBytes(encoding.bytes);
  if (textLines.length !== byteLines.length) return refused('its lines could not be matched to its bytes');
  textLines.forEach((line, i) => {
    const known = byText.get(line);
    byText.set(line, known === undefined || (known !== null && sameBytes(known, byteLines[i]!)) ? byteLines[i]! : null);
  });
  const parts: Uint8Array[] = [];
  for (const line of text.split('\n')) {
    const original = byText.get(line);
    if (original) parts.push(original);
    else if (/^[\x00-\x7f]*$/.test(line)) parts.push(new TextEncoder().encode(line));
    else return refused('a changed line holds characters outside ASCII');
  }
  const out = joinLines(parts);
  if (new TextDecoder(encoding.name).decode(out) !== text) return refused('the result would not read back as the fixed text');
  return { bytes: out };
}

/** Lines of a byte array at 0x0A (which no ASCII-superset encoding uses inside a character). */
function splitBytes(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      out.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  out.push(bytes.subarray(start));
  return out;
}

function joinLines(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0) + Math.max(0, parts.length - 1));
  let at = 0;
  parts.forEach((p, i) => {
    if (i > 0) out[at++] = 0x0a;
    out.set(p, at);
    at += p.length;
  });
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
