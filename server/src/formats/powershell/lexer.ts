/**
 * A tolerant PowerShell tokenizer for the subset vharden judges: commands, parameters, literal
 * strings, numbers, variables, splats, hashtables and script blocks, with exact offsets.
 *
 * Why not tree-sitter's PowerShell grammar: the engine is pure and synchronous, and the grammar
 * ships as WebAssembly that must be loaded asynchronously in every entry point (CLI, language
 * server, its lint worker threads, every test file) before the first parse; the checks here need
 * only the command/parameter layer of the language, which this tokenizer reads in one linear pass
 * and never throws on. Anything it does not understand becomes an unknown value, never judged.
 */

export type TokKind =
  | 'word' // bareword: command name, unquoted argument (On, External, C:\VMs)
  | 'param' // -Name (value: Name; colon: written -Name:value)
  | 'string' // quoted string or here-string (literal: no expansion)
  | 'var' // $name, ${name}
  | 'splat' // @name
  | 'number'
  | 'nl'
  | 'semi'
  | 'pipe'
  | 'comma'
  | 'eq' // = (also +=, -= …: op says which)
  | 'lbrace'
  | 'rbrace'
  | 'lparen' // ( $( @(
  | 'rparen'
  | 'hash' // @{
  | 'lbracket'
  | 'rbracket'
  | 'op';

export interface Tok {
  kind: TokKind;
  start: number;
  end: number;
  /** word, param, var, splat: the name; string: the decoded value; op/eq/lparen: the source text */
  value: string;
  /** string: no `$` expansion or subexpression (its value is what the script passes) */
  literal?: boolean;
  /** param written `-Name:value` */
  colon?: boolean;
}

export interface LexComment {
  start: number;
  end: number;
  text: string;
  trailing: boolean;
}

export interface LexResult {
  tokens: Tok[];
  comments: LexComment[];
  /** a string or block comment never closed: it runs to the end of the file */
  unterminated?: { start: number; what: string };
}

const WORD_STOP = new Set([' ', '\t', '\r', '\n', '\f', '\v', '\u00a0', '{', '}', '(', ')', '[', ']', ';', '|', ',', '=', "'", '"', '\u2018', '\u2019', '\u201c', '\u201d']);
const NAME = /[A-Za-z0-9_?]/;
const SINGLE: Partial<Record<string, TokKind>> = { '{': 'lbrace', '}': 'rbrace', '(': 'lparen', ')': 'rparen', '[': 'lbracket', ']': 'rbracket', ';': 'semi', ',': 'comma' };
const VAR_NAME = /[A-Za-z0-9_:]/;

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0';
}

/** Tokenize a whole script. Linear: every loop advances, strings and comments scan forward once. */
export function lex(text: string): LexResult {
  const tokens: Tok[] = [];
  const comments: LexComment[] = [];
  let unterminated: LexResult['unterminated'];
  const n = text.length;
  let i = 0;
  let lineHasCode = false;
  const push = (t: Tok) => {
    tokens.push(t);
    lineHasCode = true;
  };
  while (i < n) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'nl', start: i, end: i + 1, value: '\n' });
      lineHasCode = false;
      i++;
      continue;
    }
    if (c === '`') {
      // line continuation (backtick, optional spaces, line break), or an escaped character in a word
      let j = i + 1;
      while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
      if (j >= n || text[j] === '\n') {
        i = j + 1;
        continue;
      }
      const w = word(text, i);
      push({ kind: 'word', start: i, end: w, value: text.slice(i, w) });
      i = w;
      continue;
    }
    if (c === '<' && text[i + 1] === '#') {
      const close = text.indexOf('#>', i + 2);
      const end = close < 0 ? n : close + 2;
      if (close < 0) unterminated ??= { start: i, what: 'block comment (<# … #>)' };
      comments.push({ start: i, end, text: text.slice(i + 2, close < 0 ? n : close), trailing: lineHasCode });
      i = end;
      continue;
    }
    if (c === '#') {
      let e = text.indexOf('\n', i);
      if (e < 0) e = n;
      let te = e;
      if (text[te - 1] === '\r') te--;
      comments.push({ start: i, end: te, text: text.slice(i + 1, te), trailing: lineHasCode });
      i = e;
      continue;
    }
    if (c === '@' && (text[i + 1] === "'" || text[i + 1] === '"') && hereStart(text, i + 2)) {
      const q = text[i + 1]!;
      const r = hereString(text, i, q);
      if (r.unterminated) unterminated ??= { start: i, what: 'here-string' };
      push({ kind: 'string', start: i, end: r.end, value: r.value, literal: q === "'" || !expands(r.value) });
      i = r.end;
      continue;
    }
    if (c === "'" || c === '\u2018' || c === '\u2019') {
      const r = singleQuoted(text, i);
      if (r.unterminated) unterminated ??= { start: i, what: 'string' };
      push({ kind: 'string', start: i, end: r.end, value: r.value, literal: true });
      i = r.end;
      continue;
    }
    if (c === '"' || c === '\u201c' || c === '\u201d') {
      const r = doubleQuoted(text, i);
      if (r.unterminated) unterminated ??= { start: i, what: 'string' };
      push({ kind: 'string', start: i, end: r.end, value: r.value, literal: !r.expands });
      i = r.end;
      continue;
    }
    if (c === '$') {
      const d = text[i + 1];
      if (d === '(') {
        push({ kind: 'lparen', start: i, end: i + 2, value: '$(' });
        i += 2;
        continue;
      }
      if (d === '{') {
        const close = text.indexOf('}', i + 2);
        const end = close < 0 ? n : close + 1;
        push({ kind: 'var', start: i, end, value: text.slice(i + 2, close < 0 ? n : close) });
        i = end;
        continue;
      }
      let j = i + 1;
      if (d === '$' || d === '?' || d === '^') j++;
      else while (j < n && VAR_NAME.test(text[j]!)) j++;
      push({ kind: 'var', start: i, end: j, value: text.slice(i + 1, j) });
      i = j;
      continue;
    }
    if (c === '@') {
      const d = text[i + 1];
      if (d === '{') {
        push({ kind: 'hash', start: i, end: i + 2, value: '@{' });
        i += 2;
        continue;
      }
      if (d === '(') {
        push({ kind: 'lparen', start: i, end: i + 2, value: '@(' });
        i += 2;
        continue;
      }
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(text[j]!)) j++;
      if (j > i + 1) {
        push({ kind: 'splat', start: i, end: j, value: text.slice(i + 1, j) });
        i = j;
        continue;
      }
    }
    const kind = SINGLE[c];
    if (kind) {
      push({ kind, start: i, end: i + 1, value: c });
      i++;
      continue;
    }
    if (c === '|') {
      const two = text[i + 1] === '|';
      push({ kind: two ? 'op' : 'pipe', start: i, end: i + (two ? 2 : 1), value: two ? '||' : '|' });
      i += two ? 2 : 1;
      continue;
    }
    if (c === '=') {
      const two = text[i + 1] === '=';
      push({ kind: two ? 'op' : 'eq', start: i, end: i + (two ? 2 : 1), value: two ? '==' : '=' });
      i += two ? 2 : 1;
      continue;
    }
    if ((c === '+' || c === '*' || c === '/' || c === '%') && text[i + 1] === '=') {
      push({ kind: 'eq', start: i, end: i + 2, value: `${c}=` });
      i += 2;
      continue;
    }
    if ((c === '-' || c === '\u2013' || c === '\u2014') && /[A-Za-z_?]/.test(text[i + 1] ?? '')) {
      // a parameter (or an operator such as -eq: the parser tells them apart by place)
      let j = i + 1;
      while (j < n && NAME.test(text[j]!)) j++;
      let colon = false;
      if (text[j] === ':') {
        colon = true;
        j++;
      }
      if (j >= n || WORD_STOP.has(text[j]!) || colon) {
        push({ kind: 'param', start: i, end: j, value: text.slice(i + 1, colon ? j - 1 : j), colon });
        i = j;
        continue;
      }
    }
    if (c === '-' && text[i + 1] === '=') {
      push({ kind: 'eq', start: i, end: i + 2, value: '-=' });
      i += 2;
      continue;
    }
    const w = word(text, i);
    const value = text.slice(i, w);
    push({ kind: /^\d+(\.\d+)?([kmgtp]b)?$/i.test(value) || /^0x[0-9a-f]+$/i.test(value) ? 'number' : 'word', start: i, end: w, value });
    i = w;
  }
  return { tokens, comments, unterminated };
}

/** End of a bareword starting at `i` (at least one character); a backtick escapes the next character. */
function word(text: string, i: number): number {
  let j = i;
  const n = text.length;
  do {
    if (text[j] === '`') j += 2;
    else j++;
  } while (j < n && !WORD_STOP.has(text[j]!));
  return Math.min(j, n);
}

function hereStart(text: string, i: number): boolean {
  let j = i;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
  return j >= text.length || text[j] === '\n';
}

/** `@'…'@` / `@"…"@`: the closing quote begins a line. */
function hereString(text: string, i: number, q: string): { end: number; value: string; unterminated: boolean } {
  const nl = text.indexOf('\n', i);
  if (nl < 0) return { end: text.length, value: '', unterminated: true };
  const body = nl + 1;
  const closeRe = q === "'" ? /\n[ \t]*'@/g : /\n[ \t]*"@/g;
  closeRe.lastIndex = body - 1;
  const m = closeRe.exec(text);
  if (!m) return { end: text.length, value: text.slice(body), unterminated: true };
  let valueEnd = m.index;
  if (text[valueEnd - 1] === '\r') valueEnd--;
  return { end: m.index + m[0].length, value: text.slice(body, Math.max(body, valueEnd)), unterminated: false };
}

function singleQuoted(text: string, i: number): { end: number; value: string; unterminated: boolean } {
  let out = '';
  let j = i + 1;
  const n = text.length;
  while (j < n) {
    const c = text[j]!;
    if (c === "'" || c === '\u2018' || c === '\u2019') {
      if (text[j + 1] === "'" || text[j + 1] === '\u2018' || text[j + 1] === '\u2019') {
        out += "'";
        j += 2;
        continue;
      }
      return { end: j + 1, value: out, unterminated: false };
    }
    out += c;
    j++;
  }
  return { end: n, value: out, unterminated: true };
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };

/** `"…"` with backtick escapes and `""`; `$name`, `${…}` and `$(…)` make it an expanding string. */
function doubleQuoted(text: string, i: number): { end: number; value: string; unterminated: boolean; expands: boolean } {
  let out = '';
  let j = i + 1;
  const n = text.length;
  let expandsIt = false;
  let depth = 0; // inside $( … ): quotes there belong to the subexpression (nested once, counted by parens)
  while (j < n) {
    const c = text[j]!;
    if (c === '`' && j + 1 < n) {
      out += ESCAPES[text[j + 1]!] ?? text[j + 1]!;
      j += 2;
      continue;
    }
    if (depth > 0) {
      if (c === '(') depth++;
      else if (c === ')') depth--;
      out += c;
      j++;
      continue;
    }
    if (c === '"' || c === '\u201c' || c === '\u201d') {
      if (text[j + 1] === '"' || text[j + 1] === '\u201c' || text[j + 1] === '\u201d') {
        out += '"';
        j += 2;
        continue;
      }
      return { end: j + 1, value: out, unterminated: false, expands: expandsIt };
    }
    if (c === '$') {
      const d = text[j + 1] ?? '';
      if (d === '(') {
        expandsIt = true;
        depth = 1;
        out += '$(';
        j += 2;
        continue;
      }
      if (/[A-Za-z_{?$^:]/.test(d)) expandsIt = true;
    }
    out += c;
    j++;
  }
  return { end: n, value: out, unterminated: true, expands: expandsIt };
}

function expands(s: string): boolean {
  return /\$[A-Za-z_{(?$^:]/.test(s);
}
