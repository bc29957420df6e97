import { diagnosticList } from '../../engine/diagnostics';
import type { ToolDiagnostic } from '../../engine/types';
import type { Attribute, Block, Body, Expr, ObjectItem } from './ast';
import type { HclParse } from './parser';

/**
 * HCL's JSON syntax (`.tf.json`, `.pkr.json`) read into the same model as native syntax. A JSON
 * object has no schema to say which members are blocks, so every member is an attribute, and a
 * member whose value is an object (or an array of objects) is also a block of that type; block
 * labels follow the top-level block types (`resource` and `data` have two, `provider` one, …).
 * Legacy Packer JSON templates (`"builders": [{ "type": … }]`) become `source` blocks. A string that
 * is exactly `${a.b.c}` is a reference; any other string with `${` is a template (unknown).
 */

const MAX_DEPTH = 64;
const LABELS: Record<string, number> = { resource: 2, data: 2, source: 2, provider: 1, variable: 1, module: 1, output: 1 };

export function parseHclJson(text: string): HclParse {
  const p = new JsonParser(text);
  const value = p.document();
  const diagnostics = p.diagnostics;
  if (value?.kind !== 'object') {
    if (value) diagnostics.push({ code: 'VH-PARSE-ERROR', start: value.start, end: value.end, severity: 'low', message: 'The file is JSON but not an object: it holds no HCL body.', locator: 'parse:root' });
    return { body: { attrs: [], blocks: [], open: 0, close: text.length, json: true }, comments: [], diagnostics };
  }
  return { body: topBody(value, text), comments: [], diagnostics };
}

function topBody(obj: Extract<Expr, { kind: 'object' }>, text: string): Body {
  const body = bodyOf(obj, text);
  for (const item of obj.items) {
    const n = item.key !== undefined ? LABELS[item.key] : undefined;
    if (item.key === 'builders' && item.value.kind === 'tuple') {
      // legacy Packer JSON: each builder is a source block named by its type (and name)
      for (const b of item.value.items) {
        if (b.kind !== 'object') continue;
        const type = strItem(b, 'type') ?? 'unknown';
        body.blocks.push(block('source', [type, strItem(b, 'name') ?? type], item, b, text));
      }
      continue;
    }
    if (!n || item.key === undefined) continue;
    // replace the unlabelled blocks bodyOf made for this member with labelled ones
    body.blocks = body.blocks.filter((b) => b.typeStart !== item.keyStart);
    labelled(item.key, n, [], item, item.value, body.blocks, text);
  }
  return body;
}

function labelled(type: string, n: number, labels: string[], item: ObjectItem, value: Expr, out: Block[], text: string): void {
  if (labels.length === n) {
    for (const v of value.kind === 'tuple' ? value.items : [value]) if (v.kind === 'object') out.push(block(type, labels, item, v, text));
    return;
  }
  if (value.kind !== 'object') return;
  for (const it of value.items) if (it.key !== undefined) labelled(type, n, [...labels, it.key], it, it.value, out, text);
}

function block(type: string, labels: string[], item: ObjectItem, value: Extract<Expr, { kind: 'object' }>, text: string): Block {
  return { type, labels, typeStart: item.keyStart, typeEnd: item.keyEnd, headEnd: item.keyEnd, start: item.keyStart, end: value.end, body: bodyOf(value, text) };
}

function strItem(obj: Extract<Expr, { kind: 'object' }>, key: string): string | undefined {
  let v: Expr | undefined;
  for (const it of obj.items) if (it.key === key) v = it.value;
  return v?.kind === 'string' ? v.value : undefined;
}

function bodyOf(obj: Extract<Expr, { kind: 'object' }>, text: string): Body {
  const attrs: Attribute[] = [];
  const blocks: Block[] = [];
  for (const it of obj.items) {
    if (it.key === undefined || it.key === '//') continue;
    attrs.push({ name: it.key, nameStart: it.keyStart, nameEnd: it.keyEnd, value: it.value, start: it.start, end: it.end });
    const list = it.value.kind === 'tuple' ? it.value.items : [it.value];
    if (list.length && list.every((v) => v.kind === 'object')) for (const v of list) blocks.push(block(it.key, [], it, v as Extract<Expr, { kind: 'object' }>, text));
  }
  return { attrs, blocks, open: obj.start + 1, close: Math.max(obj.start + 1, text[obj.end - 1] === '}' ? obj.end - 1 : obj.end), json: true };
}

class JsonParser {
  private i = 0;
  readonly diagnostics: ToolDiagnostic[] = diagnosticList();
  constructor(private readonly s: string) {}

  private error(start: number, end: number, message: string): void {
    this.diagnostics.push({ code: 'VH-PARSE-ERROR', start, end: Math.max(start, end), severity: 'low', message, locator: `parse:${start}` });
  }

  private ws(): void {
    while (this.i < this.s.length && /[\s\uFEFF]/.test(this.s[this.i]!)) this.i++;
  }

  document(): Expr | undefined {
    this.ws();
    if (this.i >= this.s.length) return undefined;
    const v = this.value(0);
    this.ws();
    if (this.i < this.s.length) this.error(this.i, this.s.length, 'Text after the end of the JSON document.');
    return v;
  }

  private value(depth: number): Expr {
    this.ws();
    const start = this.i;
    const c = this.s[this.i];
    if (depth >= MAX_DEPTH && (c === '{' || c === '[')) {
      this.error(start, start + 1, `Values nested deeper than ${MAX_DEPTH} levels are not read.`);
      this.i = skipJson(this.s, start);
      return { kind: 'other', start, end: this.i };
    }
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(start, start + 64));
    if (m) {
      this.i += m[0].length;
      const t = m[0];
      if (t === 'true' || t === 'false') return { kind: 'bool', value: t === 'true', start, end: this.i };
      if (t === 'null') return { kind: 'null', start, end: this.i };
      return { kind: 'number', value: Number(t), start, end: this.i };
    }
    // not JSON: skip to the next separator
    let j = this.i;
    while (j < this.s.length && !',}]\n'.includes(this.s[j]!)) j++;
    this.i = Math.max(j, start + (start < this.s.length ? 1 : 0));
    this.error(start, this.i, 'Expected a JSON value here.');
    return { kind: 'other', start, end: this.i };
  }

  private string(): Expr {
    const s = this.s;
    const start = this.i;
    let i = start + 1;
    let value = '';
    while (i < s.length) {
      const c = s[i]!;
      if (c === '"') {
        this.i = i + 1;
        const ref = /^\$\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*\}$/.exec(value);
        if (ref) return { kind: 'ref', path: ref[1]!.split('.'), start, end: this.i };
        if (/[$%]\{/.test(value.replace(/\$\$\{|%%\{/g, ''))) return { kind: 'other', template: true, start, end: this.i };
        return { kind: 'string', value: value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'), quoted: true, start, end: this.i };
      }
      if (c === '\n') break;
      if (c === '\\') {
        const n = s[i + 1] ?? '';
        const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
        if (n === 'u') {
          const hex = s.slice(i + 2, i + 6);
          value += /^[0-9a-fA-F]{4}$/.test(hex) ? String.fromCharCode(parseInt(hex, 16)) : '';
          i += 6;
        } else {
          value += esc[n] ?? n;
          i += 2;
        }
        continue;
      }
      value += c;
      i++;
    }
    i = Math.min(i, s.length); // an escape at the very end steps past it
    this.i = i;
    this.error(start, i, 'This string is not closed with ".');
    return { kind: 'other', start, end: i };
  }

  private object(depth: number): Expr {
    const start = this.i++;
    const items: ObjectItem[] = [];
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if (c === undefined) {
        this.error(start, start + 1, 'This { is never closed.');
        return { kind: 'object', items, start, end: this.i };
      }
      if (c === '}') {
        this.i++;
        return { kind: 'object', items, start, end: this.i };
      }
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c !== '"') {
        const at = this.i;
        this.value(depth + 1);
        if (this.i === at) this.i++;
        this.error(at, this.i, 'Expected a quoted member name.');
        continue;
      }
      const keyStart = this.i;
      const k = this.string();
      const keyEnd = this.i;
      this.ws();
      if (this.s[this.i] !== ':') {
        this.error(keyStart, keyEnd, 'Expected : after this member name.');
        continue;
      }
      this.i++;
      const value = this.value(depth + 1);
      const key = k.kind === 'string' ? k.value : k.kind === 'ref' || k.kind === 'other' ? this.s.slice(keyStart + 1, Math.max(keyStart + 1, keyEnd - 1)) : undefined;
      items.push({ key, keyStart, keyEnd, value, start: keyStart, end: value.end });
    }
  }

  private array(depth: number): Expr {
    const start = this.i++;
    const items: Expr[] = [];
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if (c === undefined || c === '}') {
        this.error(start, start + 1, 'This [ is never closed.');
        return { kind: 'tuple', items, start, end: this.i };
      }
      if (c === ']') {
        this.i++;
        return { kind: 'tuple', items, start, end: this.i };
      }
      if (c === ',') {
        this.i++;
        continue;
      }
      const at = this.i;
      items.push(this.value(depth + 1));
      if (this.i === at) this.i++;
    }
  }
}

/** The end of the JSON value at `from` (brackets balanced, strings skipped), without recursion. */
function skipJson(s: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"' && s[i] !== '\n') i += s[i] === '\\' ? 2 : 1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth <= 0) return i + 1;
    }
    i++;
  }
  return s.length;
}
