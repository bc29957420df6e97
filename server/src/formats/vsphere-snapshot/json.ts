import type { Comment, ToolDiagnostic } from '../../engine/types';

/**
 * A JSON reader that keeps the range of every value, for snapshot files whose findings point at
 * the object they are about. Tolerant: a syntax error is a VH-PARSE-ERROR at its place and the
 * values read before it are kept. `//` comments on their own lines or after a value are allowed
 * (so `vharden-ignore` comments can be written). Linear in the input; nesting deeper than
 * MAX_DEPTH is reported, not followed.
 */

export type JsonNode = JsonObject | JsonArray | JsonScalar;

interface Base {
  start: number;
  end: number;
}

export interface JsonObject extends Base {
  kind: 'object';
  entries: JsonEntry[];
}

export interface JsonEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

export interface JsonArray extends Base {
  kind: 'array';
  items: JsonNode[];
}

export interface JsonScalar extends Base {
  kind: 'string' | 'number' | 'boolean' | 'null';
  value: string | number | boolean | null;
}

export interface JsonDocument {
  root: JsonNode | undefined;
  comments: Comment[];
  diagnostics: ToolDiagnostic[];
}

const MAX_DEPTH = 64;
const MAX_ERRORS = 20;

class Stop extends Error {}

export function parseJson(text: string): JsonDocument {
  const comments: Comment[] = [];
  const diagnostics: ToolDiagnostic[] = [];
  let i = 0;
  let lineHasCode = false;

  const fail = (start: number, end: number, message: string): never => {
    // at the end of the text (`i + 1` past it) the range is clamped to the text
    const s = Math.min(start, text.length);
    if (diagnostics.length < MAX_ERRORS) diagnostics.push({ code: 'VH-PARSE-ERROR', start: s, end: Math.min(Math.max(s, end), text.length), severity: 'low', message, locator: `json:${s}` });
    throw new Stop();
  };

  const skip = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        lineHasCode = false;
        i++;
      } else if (c === 32 || c === 9 || c === 0xfeff) i++;
      else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
        let e = i + 2;
        while (e < text.length && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
        comments.push({ start: i, end: e, text: text.slice(i + 2, e), trailing: lineHasCode });
        i = e;
      } else return;
    }
  };

  const string = (): JsonScalar => {
    const start = i;
    i++;
    let out = '';
    let from = i;
    for (;;) {
      if (i >= text.length) fail(start, i, 'This string has no closing quote.');
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 10 || c === 13) fail(start, i, 'This string has no closing quote before the end of the line.');
      if (c === 92 /* \ */) {
        out += text.slice(from, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail(i, i + 2, 'Unknown escape in a string.');
        from = i;
        continue;
      }
      i++;
    }
    out += text.slice(from, i);
    i++;
    return { kind: 'string', value: out, start, end: i };
  };

  /** reads one value; `attach` gets containers as soon as they open, so a broken document keeps what was read */
  const value = (depth: number, attach: (node: JsonNode) => void): JsonNode => {
    skip();
    lineHasCode = true;
    const start = i;
    const c = text[i];
    if (c === undefined) fail(i, i, 'The JSON text ends where a value is expected.');
    if (depth > MAX_DEPTH) fail(i, i + 1, `Values nested deeper than ${MAX_DEPTH} levels are not read.`);
    if (c === '"') {
      const s = string();
      attach(s);
      return s;
    }
    if (c === '{') {
      i++;
      const obj: JsonObject = { kind: 'object', entries: [], start, end: start };
      attach(obj);
      skip();
      if (text[i] === '}') {
        i++;
        obj.end = i;
        return obj;
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail(i, i + 1, 'A member name in double quotes is expected here.');
        const k = string();
        skip();
        if (text[i] !== ':') fail(i, i + 1, 'A `:` is expected after the member name.');
        i++;
        const v = value(depth + 1, (node) => obj.entries.push({ key: k.value as string, keyStart: k.start, keyEnd: k.end, value: node }));
        obj.end = v.end;
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          obj.end = i;
          return obj;
        }
        fail(i, i + 1, 'A `,` or `}` is expected here.');
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonArray = { kind: 'array', items: [], start, end: start };
      attach(arr);
      skip();
      if (text[i] === ']') {
        i++;
        arr.end = i;
        return arr;
      }
      for (;;) {
        const v = value(depth + 1, (node) => arr.items.push(node));
        arr.end = v.end;
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          arr.end = i;
          return arr;
        }
        fail(i, i + 1, 'A `,` or `]` is expected here.');
      }
    }
    const m = /^(?:-?(?:0|[1-9]\d{0,30})(?:\.\d{1,30})?(?:[eE][+-]?\d{1,4})?|true|false|null)/.exec(text.slice(i, i + 80));
    if (!m) fail(i, i + 1, 'A JSON value (string, number, object, array, true, false or null) is expected here.');
    const word = m![0];
    i += word.length;
    const scalar: JsonScalar =
      word === 'true' || word === 'false' ? { kind: 'boolean', value: word === 'true', start, end: i }
      : word === 'null' ? { kind: 'null', value: null, start, end: i }
      : { kind: 'number', value: Number(word), start, end: i };
    attach(scalar);
    return scalar;
  };

  let root: JsonNode | undefined;
  try {
    value(0, (node) => (root = node));
    skip();
    if (i < text.length) fail(i, i + 1, 'Text after the end of the JSON value.');
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  return { root, comments, diagnostics };
}

/** The member `key` of an object node. */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.kind !== 'object') return undefined;
  for (let k = node.entries.length - 1; k >= 0; k--) if (node.entries[k]!.key === key) return node.entries[k]!.value;
  return undefined;
}

export function str(node: JsonNode | undefined): string | undefined {
  return node?.kind === 'string' ? (node.value as string) : node?.kind === 'number' ? String(node.value) : undefined;
}

export function bool(node: JsonNode | undefined): boolean | undefined {
  return node?.kind === 'boolean' ? (node.value as boolean) : undefined;
}

export function num(node: JsonNode | undefined): number | undefined {
  return node?.kind === 'number' ? (node.value as number) : undefined;
}

export function items(node: JsonNode | undefined): JsonNode[] {
  return node?.kind === 'array' ? node.items : [];
}
