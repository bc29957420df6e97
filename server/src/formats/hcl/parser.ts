import { diagnosticList } from '../../engine/diagnostics';
import type { Comment, ToolDiagnostic } from '../../engine/types';
import type { Attribute, Block, Body, Expr, ObjectItem } from './ast';

/**
 * A hand-written parser for HCL native syntax (Terraform `.tf`, Packer `.pkr.hcl`). It keeps exact
 * offsets and never throws: what it cannot read becomes a VH-PARSE-ERROR and parsing goes on at the
 * next line, so a half-typed attribute (`allow_forged_transmits =` with nothing after it) leaves the
 * attributes below it intact, and a block left open is closed when a top-level block starts at the
 * beginning of a line. Every character is looked at a bounded number of times; nesting deeper than
 * MAX_DEPTH is skipped without recursion.
 *
 * Why hand-written and not web-tree-sitter with the tree-sitter HCL grammar (measured on the 166 corpus
 * `.tf` files; CONTRIBUTING.md, "The HCL parser", has the method and every number): both give identical
 * offsets for all 2,335 attributes and blocks, but on half-typed files tree-sitter gives `name =` the
 * value of the next line in 658 of 745 cases and keeps 67.7% of the other attributes (28.7% after an
 * unclosed string, 21.0% after a missing `}`), where this parser keeps 100%, 100% and 99.8% and gives the
 * half-typed attribute no value. It is also 11 to 37 times faster on the corpus and adds 16 KB to the
 * bundle instead of 380 KB (tree-sitter's runtime, grammar and glue; JSON syntax would still need json.ts).
 */

export interface HclParse {
  body: Body;
  comments: Comment[];
  diagnostics: ToolDiagnostic[];
}

const MAX_DEPTH = 64;
/** Block types that only ever appear at the top of a file: one at the start of a line closes a block left open above it. */
const TOP_LEVEL = new Set(['resource', 'data', 'provider', 'variable', 'locals', 'module', 'output', 'terraform', 'source', 'build', 'packer', 'moved', 'import', 'check']);

const isIdStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
const isIdChar = (c: number) => isIdStart(c) || (c >= 48 && c <= 57) || c === 45;
const isDigit = (c: number) => c >= 48 && c <= 57;
/** A name from the file, cut for a message. */
const short = (name: string) => (name.length > 60 ? `${name.slice(0, 60)}…` : name);

export function parseHcl(text: string): HclParse {
  return new Parser(text).run();
}

class Parser {
  private i = 0;
  readonly comments: Comment[] = [];
  readonly diagnostics = diagnosticList();
  constructor(private readonly s: string) {}

  run(): HclParse {
    const body = this.body(0, false);
    return { body, comments: this.comments, diagnostics: this.diagnostics };
  }

  private error(start: number, end: number, message: string): void {
    this.diagnostics.push({ code: 'VH-PARSE-ERROR', start, end: Math.max(start, end), severity: 'low', message, locator: `parse:${start}` });
  }

  private code(at = this.i): number {
    return this.s.charCodeAt(at);
  }

  private lineStart(at: number): number {
    return this.s.lastIndexOf('\n', at - 1) + 1;
  }

  private lineEnd(at: number): number {
    const n = this.s.indexOf('\n', at);
    return n < 0 ? this.s.length : n;
  }

  /** Skip spaces, tabs and comments; newlines too when `newlines`. A comment is recorded once. */
  private skip(newlines: boolean): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = this.code();
      if (c === 32 || c === 9 || c === 13 || c === 0xfeff) this.i++;
      else if (c === 10) {
        if (!newlines) return;
        this.i++;
      } else if (c === 35 || (c === 47 && this.code(this.i + 1) === 47)) {
        const start = this.i;
        const end = this.lineEnd(start);
        this.comment(start, end, s.slice(start + (c === 35 ? 1 : 2), end).replace(/\r$/, ''));
        this.i = end;
      } else if (c === 47 && this.code(this.i + 1) === 42) {
        const start = this.i;
        const close = s.indexOf('*/', start + 2);
        const end = close < 0 ? s.length : close + 2;
        if (close < 0) this.error(start, start + 2, 'This /* comment is never closed.');
        this.comment(start, end, s.slice(start + 2, close < 0 ? s.length : close));
        this.i = end;
      } else return;
    }
  }

  private comment(start: number, end: number, text: string): void {
    const before = this.s.slice(this.lineStart(start), start);
    this.comments.push({ start, end, text, trailing: before.trim() !== '' });
  }

  private ident(): { name: string; start: number; end: number } | undefined {
    const start = this.i;
    if (!isIdStart(this.code())) return undefined;
    while (this.i < this.s.length && isIdChar(this.code())) this.i++;
    return { name: this.s.slice(start, this.i), start, end: this.i };
  }

  /** Skip the rest of the line (error recovery). */
  private toLineEnd(): void {
    this.i = this.lineEnd(this.i);
  }

  /** A body up to `}` (inBlock) or the end of the file. */
  private body(depth: number, inBlock: boolean): Body {
    const open = this.i;
    const attrs: Attribute[] = [];
    const blocks: Block[] = [];
    const s = this.s;
    for (;;) {
      this.skip(true);
      if (this.i >= s.length) return { attrs, blocks, open, close: s.length };
      const c = this.code();
      if (c === 125) {
        if (inBlock) return { attrs, blocks, open, close: this.i };
        this.error(this.i, this.i + 1, 'This } closes no block.');
        this.i++;
        continue;
      }
      const start = this.i;
      const id = c === 34 ? this.quotedName() : this.ident();
      if (!id) {
        this.error(start, Math.min(this.lineEnd(start), start + 1), 'Expected an attribute name or a block type here.');
        this.i = Math.max(start + 1, this.lineEnd(start));
        continue;
      }
      // a top-level block at the start of a line inside a block: the block above was left open
      if (inBlock && depth > 0 && start === this.lineStart(start) && TOP_LEVEL.has(id.name) && this.looksLikeBlockHead()) {
        this.i = start;
        return { attrs, blocks, open, close: start };
      }
      this.skip(false);
      const n = this.code();
      if (n === 61 && this.code(this.i + 1) !== 61) {
        this.i++;
        const value = this.expr(depth, 'body');
        attrs.push({ name: id.name, nameStart: id.start, nameEnd: id.end, value, start, end: value.end > value.start ? value.end : this.i });
        this.endOfItem();
        continue;
      }
      const block = this.block(id, depth);
      if (block) blocks.push(block);
    }
  }

  /** After the identifier: labels and `{` follow on the same line. */
  private looksLikeBlockHead(): boolean {
    const rest = this.s.slice(this.i, Math.min(this.lineEnd(this.i), this.i + 400));
    return /^\s*("[^"\n]*"\s*|[A-Za-z_][\w-]*\s+)*\{/.test(rest);
  }

  /** A quoted block label or (error recovery) attribute name. */
  private quotedName(): { name: string; start: number; end: number } | undefined {
    const start = this.i;
    const q = this.quoted();
    if (q.kind !== 'string') return undefined;
    return { name: q.value, start, end: this.i };
  }

  private block(id: { name: string; start: number; end: number }, depth: number): Block | undefined {
    const labels: string[] = [];
    let headEnd = id.end;
    for (;;) {
      this.skip(false);
      const c = this.code();
      if (c === 34) {
        const q = this.quoted();
        labels.push(q.kind === 'string' ? q.value : this.s.slice(q.start + 1, Math.max(q.start + 1, q.end - 1)));
        headEnd = this.i;
      } else if (isIdStart(c)) {
        labels.push(this.ident()!.name);
        headEnd = this.i;
      } else break;
    }
    if (this.code() !== 123) {
      this.error(id.start, Math.max(headEnd, this.i), labels.length || this.i >= this.s.length ? `The block ${short(id.name)} has no { body }.` : `Expected = or a block after ${short(id.name)}.`);
      this.toLineEnd();
      return undefined;
    }
    this.i++;
    if (depth >= MAX_DEPTH) {
      this.error(id.start, headEnd, `Blocks nested deeper than ${MAX_DEPTH} levels are not read.`);
      this.i = skipBalanced(this.s, this.i, [125]);
      const close = this.i;
      if (this.code() === 125) this.i++;
      return { type: id.name, labels, typeStart: id.start, typeEnd: id.end, headEnd, start: id.start, end: this.i, body: { attrs: [], blocks: [], open: close, close } };
    }
    const body = this.body(depth + 1, true);
    if (this.code() === 125 && this.i === body.close) this.i++;
    else this.error(id.start, headEnd, `The block ${short([id.name, ...labels.map((l) => `"${l}"`)].join(' '))} is not closed with }.`);
    return { type: id.name, labels, typeStart: id.start, typeEnd: id.end, headEnd, start: id.start, end: this.i, body };
  }

  /** After an attribute: only a comment may follow on its line (or `}` of a one-line block). */
  private endOfItem(): void {
    this.skip(false);
    const c = this.code();
    if (this.i >= this.s.length || c === 10 || c === 125) return;
    const start = this.i;
    this.error(start, this.lineEnd(start), 'Unexpected text after the value.');
    this.toLineEnd();
  }

  /**
   * One expression. `ctx` says what ends it at the outer level: a newline or `}` in a body, `,` or the
   * closing bracket in a collection. A literal, collection or reference followed by anything but its
   * end (an operator, a call, an index) makes the whole expression `other`.
   */
  private expr(depth: number, ctx: 'body' | 'tuple' | 'object'): Expr {
    this.skip(ctx !== 'body');
    const start = this.i;
    const c = this.code();
    if (this.i >= this.s.length || (ctx === 'body' && (c === 10 || c === 125)) || (ctx !== 'body' && (c === 44 || c === 93 || c === 125))) {
      this.error(start, start, 'A value is missing here.');
      return { kind: 'other', start, end: start };
    }
    let e: Expr | undefined;
    if (depth >= MAX_DEPTH) {
      this.error(start, start + 1, `Values nested deeper than ${MAX_DEPTH} levels are not read.`);
    } else if (c === 34) e = this.quoted();
    else if (c === 60 && this.code(this.i + 1) === 60) e = this.heredoc();
    else if (isDigit(c) || (c === 45 && isDigit(this.code(this.i + 1)))) e = this.number();
    else if (c === 91) e = this.tuple(depth);
    else if (c === 123) e = this.object(depth);
    else if (isIdStart(c)) e = this.reference();
    if (e) {
      const save = this.i;
      while (this.i < this.s.length && (this.code() === 32 || this.code() === 9 || this.code() === 13)) this.i++;
      const n = this.code();
      const ended = this.i >= this.s.length || n === 10 || n === 125 || n === 35 || (n === 47 && (this.code(this.i + 1) === 47 || this.code(this.i + 1) === 42)) || (ctx !== 'body' && (n === 44 || n === 93));
      this.i = save;
      if (ended) return e;
    }
    // computed: skip to the end of the expression
    const stops = ctx === 'body' ? [125] : ctx === 'tuple' ? [44, 93] : [44, 125];
    this.i = skipBalanced(this.s, start, stops, ctx === 'body' || ctx === 'object');
    let end = this.i;
    while (end > start && /\s/.test(this.s[end - 1]!)) end--;
    return { kind: 'other', start, end, template: e?.kind === 'other' ? e.template : undefined };
  }

  private number(): Expr {
    const start = this.i;
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(start, start + 64))!;
    this.i += m[0].length;
    return { kind: 'number', value: Number(m[0]), start, end: this.i };
  }

  /** `true`, `false`, `null`, or a traversal `a.b[0].c` (a call or splat is computed). */
  private reference(): Expr | undefined {
    const start = this.i;
    const first = this.ident()!;
    if (first.name === 'true' || first.name === 'false') return { kind: 'bool', value: first.name === 'true', start, end: this.i };
    if (first.name === 'null') return { kind: 'null', start, end: this.i };
    const path = [first.name];
    for (;;) {
      const c = this.code();
      if (c === 46 && isIdStart(this.code(this.i + 1))) {
        this.i++;
        path.push(this.ident()!.name);
      } else if (c === 91 && /^\[\s*(\d+|"[^"\\\n]*")\s*\]/.test(this.s.slice(this.i, this.i + 200))) {
        const m = /^\[\s*(\d+|"[^"\\\n]*")\s*\]/.exec(this.s.slice(this.i, this.i + 200))!;
        path.push(m[1]!.replace(/^"|"$/g, ''));
        this.i += m[0].length;
      } else break;
    }
    if (this.code() === 40) return undefined; // a function call
    return { kind: 'ref', path, start, end: this.i };
  }

  /** A quoted string; one holding `${…}`/`%{…}` is a template (`other`). Ends at the line end when unclosed. */
  private quoted(): Expr {
    const s = this.s;
    const start = this.i;
    let i = start + 1;
    let value = '';
    let template = false;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.i = i + 1;
        return template ? { kind: 'other', template: true, start, end: this.i } : { kind: 'string', value, quoted: true, start, end: this.i };
      }
      if (c === 10) break;
      if (c === 92) {
        const n = s[i + 1] ?? '';
        const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (n in esc) {
          value += esc[n];
          i += 2;
        } else if (n === 'u' || n === 'U') {
          const len = n === 'u' ? 4 : 8;
          const hex = s.slice(i + 2, i + 2 + len);
          const cp = /^[0-9a-fA-F]+$/.test(hex) && hex.length === len ? parseInt(hex, 16) : NaN;
          value += Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
          i += 2 + len;
        } else {
          value += n;
          i += 2;
        }
        continue;
      }
      if ((c === 36 || c === 37) && s.charCodeAt(i + 1) === 123) {
        if (s.charCodeAt(i - 1) === c && i - 1 > start && !template) {
          // `$${` / `%%{` is a literal `${` / `%{` (the first character was already added)
          value += '{';
          i += 2;
          continue;
        }
        template = true;
        i = skipBalanced(s, i + 2, [125], false);
        if (s.charCodeAt(i) === 125) i++;
        continue;
      }
      value += s[i];
      i++;
    }
    i = Math.min(i, s.length); // an escape at the very end steps past it
    this.error(start, i, 'This string is not closed with ".');
    this.i = i;
    return { kind: 'other', start, end: i };
  }

  /** `<<EOF` / `<<-EOF` … `EOF`. */
  private heredoc(): Expr | undefined {
    const s = this.s;
    const start = this.i;
    const m = /^<<(-?)([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(s.slice(start, start + 300));
    if (!m) return undefined;
    let i = start + m[0].length;
    const lines: string[] = [];
    while (i < s.length) {
      const e = this.lineEnd(i);
      const line = s.slice(i, e).replace(/\r$/, '');
      if (line.trim() === m[2]) {
        this.i = e;
        let strip = 0;
        if (m[1] === '-') strip = lines.reduce((min, l) => (l.trim() ? Math.min(min, /^[ \t]*/.exec(l)![0].length) : min), Infinity);
        const value = lines.map((l) => l.slice(Number.isFinite(strip) ? strip : 0)).join('\n') + (lines.length ? '\n' : '');
        return /[$%]\{/.test(value) ? { kind: 'other', template: true, start, end: e } : { kind: 'string', value, quoted: false, start, end: e };
      }
      lines.push(line);
      i = e + 1;
    }
    this.error(start, start + m[0].trimEnd().length, `The heredoc ${m[2]} is never closed.`);
    this.i = s.length;
    return { kind: 'other', start, end: s.length };
  }

  private tuple(depth: number): Expr | undefined {
    const start = this.i;
    if (/^\[\s*for\s/.test(this.s.slice(start, start + 20))) return undefined;
    this.i++;
    const items: Expr[] = [];
    for (;;) {
      this.skip(true);
      const c = this.code();
      if (this.i >= this.s.length) {
        this.error(start, start + 1, 'This [ is never closed.');
        return { kind: 'tuple', items, start, end: this.i };
      }
      if (c === 93) {
        this.i++;
        return { kind: 'tuple', items, start, end: this.i };
      }
      if (c === 125) {
        this.error(start, start + 1, 'This [ is never closed.');
        return { kind: 'tuple', items, start, end: this.i };
      }
      const before = this.i;
      items.push(this.expr(depth + 1, 'tuple'));
      this.skip(true);
      if (this.code() === 44) this.i++;
      else if (this.code() !== 93 && this.i === before) this.i++;
    }
  }

  private object(depth: number): Expr | undefined {
    const start = this.i;
    if (/^\{\s*for\s/.test(this.s.slice(start, start + 20))) return undefined;
    this.i++;
    const items: ObjectItem[] = [];
    for (;;) {
      this.skip(true);
      const c = this.code();
      if (this.i >= this.s.length) {
        this.error(start, start + 1, 'This { is never closed.');
        return { kind: 'object', items, start, end: this.i };
      }
      if (c === 125) {
        this.i++;
        return { kind: 'object', items, start, end: this.i };
      }
      if (c === 44) {
        this.i++;
        continue;
      }
      const keyStart = this.i;
      let key: string | undefined;
      if (c === 34) {
        const q = this.quoted();
        key = q.kind === 'string' ? q.value : undefined;
      } else if (isIdStart(c)) {
        const r = this.reference();
        key = r?.kind === 'ref' && r.path.length === 1 ? r.path[0] : r && r.kind !== 'ref' ? this.s.slice(keyStart, this.i) : undefined;
        if (!r) this.i = skipBalanced(this.s, keyStart, [61, 58, 44, 125], true);
      } else {
        this.i = skipBalanced(this.s, keyStart, [61, 58, 44, 125], true);
      }
      const keyEnd = this.i;
      this.skip(false);
      const sep = this.code();
      if (sep !== 61 && sep !== 58) {
        this.error(keyStart, Math.max(keyEnd, keyStart + 1), 'Expected = or : after this key.');
        this.i = skipBalanced(this.s, this.i, [44, 125], true);
        if (this.i === keyStart) this.i++;
        continue;
      }
      this.i++;
      const value = this.expr(depth + 1, 'object');
      items.push({ key, keyStart, keyEnd, value, start: keyStart, end: Math.max(value.end, keyEnd) });
    }
  }
}

/**
 * From `from`, the offset of the first character in `stops` (or a newline, when `newline`) outside
 * brackets, strings and interpolations; the text length when there is none. Iterative, so deep
 * nesting costs no stack; linear in the text it passes.
 */
export function skipBalanced(s: string, from: number, stops: number[], newline = false): number {
  // stack of open contexts: 40 '(', 91 '[', 123 '{' (code and interpolations), 34 '"' (string)
  const stack: number[] = [];
  let i = from;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const top = stack.length ? stack[stack.length - 1]! : 0;
    if (top === 34) {
      if (c === 92) i += 2;
      else if (c === 34) {
        stack.pop();
        i++;
      } else if (c === 10) {
        stack.pop(); // unclosed string: it ends with its line
      } else if ((c === 36 || c === 37) && s.charCodeAt(i + 1) === 123 && s.charCodeAt(i - 1) !== c) {
        stack.push(123);
        i += 2;
      } else i++;
      continue;
    }
    if (stack.length === 0 && (stops.includes(c) || (newline && c === 10))) return i;
    if (c === 34) stack.push(34);
    else if (c === 40 || c === 91 || c === 123) stack.push(c);
    else if (c === 41 || c === 93 || c === 125) {
      if (stack.length === 0) return i; // a closing bracket that is not ours ends the expression
      stack.pop();
    } else if (c === 35 || (c === 47 && s.charCodeAt(i + 1) === 47)) {
      const n = s.indexOf('\n', i);
      i = n < 0 ? s.length : n;
      continue;
    } else if (c === 47 && s.charCodeAt(i + 1) === 42) {
      const n = s.indexOf('*/', i + 2);
      i = n < 0 ? s.length : n + 2;
      continue;
    } else if (c === 60 && s.charCodeAt(i + 1) === 60) {
      const m = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(s.slice(i, i + 300));
      if (m) {
        // skip to the line that closes the heredoc
        let j = i + m[0].length;
        for (;;) {
          const e = s.indexOf('\n', j);
          const end = e < 0 ? s.length : e;
          if (s.slice(j, end).trim() === m[1]) {
            i = end;
            break;
          }
          if (e < 0) return s.length;
          j = e + 1;
        }
        continue;
      }
    }
    i++;
  }
  return s.length;
}
