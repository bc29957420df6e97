import type { ToolDiagnostic } from './types';

/**
 * Bytes → text. UTF-8 (with or without BOM) and UTF-16 with a BOM are read; invalid UTF-8
 * sequences become U+FFFD and one diagnostic says where the first one is. Offsets in the
 * result refer to the decoded text, which is what editors show.
 */
export type Encoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be';

export interface Decoded {
  text: string;
  encoding: Encoding;
  problems: ToolDiagnostic[];
}

export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf16le', problems: [] };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf16be', problems: [] };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const encoding: Encoding = bom ? 'utf8bom' : 'utf8';
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding, problems: [] };
  } catch {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
    const at = text.indexOf('\uFFFD');
    return {
      text,
      encoding,
      problems: [{
        code: 'VH-PARSE-ERROR',
        start: Math.max(0, at),
        end: Math.max(0, at) + 1,
        severity: 'low',
        message: 'The file is not valid UTF-8; unreadable bytes were replaced with U+FFFD and the rest was checked.',
        locator: 'encoding',
      }],
    };
  }
}

/** Bytes to write back for text read as `encoding` (UTF-8 only; fixes are not written to UTF-16 files). */
export function encodeText(text: string, encoding: Encoding): Uint8Array | undefined {
  if (encoding === 'utf8') return new TextEncoder().encode(text);
  if (encoding === 'utf8bom') {
    const body = new TextEncoder().encode(text);
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(body, 3);
    return out;
  }
  return undefined;
}
