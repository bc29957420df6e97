/**
 * Commands, DSC resource blocks and literal variable assignments of a PowerShell script, read from
 * the tokens of lexer.ts. Tolerant and linear: every loop consumes a token, nesting deeper than
 * MAX_DEPTH is skipped flat, and anything that is not a literal (an expanding string, a
 * subexpression, a variable assigned anything but a literal, a loop variable, a parameter's
 * default) is an `unknown` value that rules never judge.
 */
import { lex, type LexComment, type Tok } from './lexer';

export interface PsValue {
  kind: 'string' | 'word' | 'number' | 'bool' | 'null' | 'array' | 'hash' | 'unknown';
  /** string, word, number: the text; bool: 'true' or 'false' */
  text?: string;
  items?: PsValue[];
  entries?: PsEntry[];
  start: number;
  end: number;
  /** written at this place as a literal (not through a variable): a fix may edit [start, end) */
  direct: boolean;
}

export interface PsEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: PsValue;
}

export interface PsParam {
  /** as written, without the dash */
  name: string;
  start: number;
  end: number;
  value?: PsValue;
}

export interface PsCommand {
  name: string;
  nameStart: number;
  nameEnd: number;
  params: PsParam[];
  /** positional arguments */
  args: PsValue[];
  /** `@name` arguments whose variable holds a literal hashtable: its entries act as parameters */
  splats: PsEntry[][];
  /** the pipeline element before this one: a command, or a value (`'web01' | Set-VM …`) */
  input?: PsCommand | PsValue;
  start: number;
  end: number;
}

/** `Resource InstanceName { Key = value … }` inside a DSC configuration */
export interface PsDscBlock {
  resource: string;
  resourceStart: number;
  resourceEnd: number;
  instance?: string;
  entries: PsEntry[];
  start: number;
  /** offset of the closing brace (or the end of the text when it is missing) */
  end: number;
}

export interface PsScript {
  commands: PsCommand[];
  dsc: PsDscBlock[];
  comments: LexComment[];
  unterminated?: { start: number; what: string };
  /** braces or parentheses that never close, or close nothing */
  unbalanced: { start: number; what: string }[];
  tooDeep?: number;
}

const MAX_DEPTH = 100;

const KEYWORDS = new Set(['if', 'elseif', 'else', 'foreach', 'for', 'while', 'do', 'until', 'switch', 'try', 'catch', 'finally', 'trap', 'function', 'filter', 'workflow', 'configuration', 'node', 'param', 'begin', 'process', 'end', 'dynamicparam', 'class', 'enum', 'data', 'parallel', 'sequence', 'inlinescript']);
/** keywords after which the rest of the statement is an ordinary pipeline */
const PREFIX_KEYWORDS = new Set(['return', 'throw', 'exit', 'break', 'continue', 'using']);
/** keywords that continue the statement of the block before them */
const FOLLOWERS = new Set(['elseif', 'else', 'catch', 'finally', 'until', 'while']);
/** common switch parameters: they never take the next argument as their value */
const SWITCHES = new Set(['passthru', 'force', 'asjob', 'whatif', 'confirm', 'verbose', 'debug', 'managementos', 'all', 'static', 'dynamicmacaddress', 'novhd', 'recurse', 'append', 'wait', 'nonewline', 'skipnetworkcheck', 'includeallsubfeature', 'includemanagementtools', 'restart']);

const TERMINATORS = new Set(['nl', 'semi', 'pipe', 'rbrace', 'rparen', 'rbracket']);

interface Binding {
  value?: PsValue;
  block: number;
}

export function parseScript(text: string): PsScript {
  const { tokens, comments, unterminated } = lex(text);
  const out: PsScript = { commands: [], dsc: [], comments, unterminated, unbalanced: [] };
  const vars = new Map<string, Binding>();
  let i = 0;
  let depth = 0;
  let blockCount = 0;
  let poison = 0; // inside param(…): defaults are not the values the script runs with
  const peek = (k = 0): Tok | undefined => tokens[i + k];
  const at = (kind: string): boolean => tokens[i]?.kind === kind;

  const unknown = (start: number, end: number): PsValue => ({ kind: 'unknown', start, end, direct: false });

  /** Skip a construct too deeply nested to read: to its matching close, counting brackets only. */
  function skipFlat(): void {
    let d = 0;
    for (; i < tokens.length; i++) {
      const k = tokens[i]!.kind;
      if (k === 'lbrace' || k === 'lparen' || k === 'hash' || k === 'lbracket') d++;
      else if (k === 'rbrace' || k === 'rparen' || k === 'rbracket') {
        if (--d <= 0) {
          i++;
          return;
        }
      }
    }
  }

  /** Too deeply nested to read (the opener just consumed): skipped flat, with a diagnostic. */
  function tooDeep(open: Tok | undefined): boolean {
    if (depth < MAX_DEPTH) return false;
    out.tooDeep ??= open?.start ?? 0;
    i--;
    skipFlat();
    return true;
  }

  /** A line break or semicolon between statements or entries: consumed. */
  function separator(t: Tok): boolean {
    if (t.kind !== 'nl' && t.kind !== 'semi') return false;
    i++;
    return true;
  }

  function assign(name: string, value: PsValue | undefined, block: number): void {
    const key = name.toLowerCase();
    const prev = vars.get(key);
    // assigned in two blocks (a branch, a loop): which value holds at a later use is unknown
    if (poison > 0 || (prev && prev.block !== block) || (prev && !prev.value)) vars.set(key, { block: prev?.block ?? block });
    else vars.set(key, { value, block });
  }

  function lookup(tok: Tok): PsValue {
    const name = tok.value.toLowerCase();
    if (name === 'true' || name === 'false') return { kind: 'bool', text: name, start: tok.start, end: tok.end, direct: true };
    if (name === 'null') return { kind: 'null', start: tok.start, end: tok.end, direct: true };
    const b = vars.get(name);
    if (!b?.value) return unknown(tok.start, tok.end);
    return { ...b.value, start: tok.start, end: tok.end, direct: false };
  }

  /** A statement list up to its closer (`}` or `)`), or the end of the text. Returns false when too deep. */
  function block(closer: 'rbrace' | 'rparen' | undefined, open?: Tok): void {
    if (tooDeep(open)) return;
    depth++;
    const id = ++blockCount;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (separator(t)) continue;
      if (t.kind === closer) {
        i++;
        depth--;
        return;
      }
      if (t.kind === 'rbrace' || t.kind === 'rparen' || t.kind === 'rbracket') {
        if (closer) break; // the enclosing construct's closer: ours is missing
        out.unbalanced.push({ start: t.start, what: `'${t.value}' closes nothing` });
        i++;
        continue;
      }
      const before = i;
      statement(id);
      if (i === before) i++;
    }
    if (closer && open) out.unbalanced.push({ start: open.start, what: `'${open.value}' is never closed` });
    depth--;
  }

  function statement(blockId: number): void {
    // type constraints before an assignment: [string]$name = …
    while (at('lbracket') && tokens.slice(i, i + 8).some((t) => t.kind === 'var')) {
      const open = tokens[i]!;
      i++;
      bracket(open);
      if (!at('lbracket') && !at('var')) return;
    }
    const t = peek()!;
    if (t.kind === 'var' && peek(1)?.kind === 'eq') {
      i += 2;
      while (at('nl')) i++;
      const value = assignedValue();
      assign(t.value, value.kind === 'unknown' ? undefined : value, blockId);
      return;
    }
    if (t.kind === 'word') {
      const lower = t.value.toLowerCase();
      if (KEYWORDS.has(lower)) return keywordStatement(lower);
      if (PREFIX_KEYWORDS.has(lower)) {
        i++;
        if (!TERMINATORS.has(peek()?.kind ?? 'nl')) pipeline();
        return;
      }
      if (isDscBlock()) return dscBlock(t);
    }
    pipeline();
  }

  /** `Resource Name {` or `Resource 'Name' {` with a resource name that is not a command (Verb-Noun). */
  function isDscBlock(): boolean {
    const t = peek()!;
    const name = peek(1);
    if (/^[A-Za-z]+-[A-Za-z]/.test(t.value) || !/^[A-Za-z_][\w.]*$/.test(t.value)) return false;
    if (!name || !(name.kind === 'word' || name.kind === 'string' || name.kind === 'var')) return false;
    let k = 2;
    while (peek(k)?.kind === 'nl') k++;
    return peek(k)?.kind === 'lbrace';
  }

  function dscBlock(t: Tok): void {
    const name = tokens[i + 1]!;
    i += 2;
    while (at('nl')) i++;
    const open = tokens[i]!;
    i++;
    const entries = hashBody(open, 'rbrace');
    const close = tokens[i - 1];
    out.dsc.push({
      resource: t.value,
      resourceStart: t.start,
      resourceEnd: t.end,
      instance: name.kind === 'var' || (name.kind === 'string' && !name.literal) ? undefined : name.value,
      entries,
      start: t.start,
      end: close && close.kind === 'rbrace' ? close.start : text.length,
    });
  }

  function keywordStatement(kw: string): void {
    i++;
    let sawBlock = false;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (t.kind === 'lparen') {
        i++;
        if (kw === 'foreach' && at('var')) assign(tokens[i]!.value, undefined, -1);
        // parameter defaults are not the values a script runs with
        const defaults = kw === 'param' || kw === 'function' || kw === 'filter' || kw === 'workflow';
        if (defaults) poison++;
        block('rparen', t);
        if (defaults) poison--;
        if (kw === 'param') break;
        continue;
      }
      if (t.kind === 'lbrace') {
        i++;
        if (kw === 'switch') switchBody(t);
        else block('rbrace', t);
        sawBlock = true;
        let k = 0;
        while (peek(k)?.kind === 'nl') k++;
        const next = peek(k);
        if (next?.kind === 'word' && FOLLOWERS.has(next.value.toLowerCase()) && !(next.value.toLowerCase() === 'while' && kw !== 'do')) {
          i += k + 1;
          kw = next.value.toLowerCase();
          continue;
        }
        break;
      }
      if (t.kind === 'nl') {
        if (sawBlock) break;
        i++;
        continue;
      }
      if (t.kind === 'semi' || t.kind === 'rbrace' || t.kind === 'rparen') break;
      if (t.kind === 'hash') {
        i++;
        hashBody(t, 'rbrace');
        continue;
      }
      if (t.kind === 'lbracket') {
        i++;
        bracket(t);
        continue;
      }
      i++;
    }
  }

  /** `switch (…) { 'a' { … } default { … } }`: conditions and script blocks. */
  function switchBody(open: Tok): void {
    while (i < tokens.length && !at('rbrace')) {
      const t = tokens[i]!;
      if (t.kind === 'lbrace') {
        i++;
        block('rbrace', t);
      } else i++;
    }
    if (at('rbrace')) i++;
    else out.unbalanced.push({ start: open.start, what: "'{' is never closed" });
  }

  function bracket(open: Tok): void {
    let d = 1;
    while (i < tokens.length && d > 0) {
      const k = tokens[i]!.kind;
      if (k === 'lbracket') d++;
      else if (k === 'rbracket') d--;
      else if (k === 'nl' || k === 'lbrace' || k === 'rbrace') break;
      i++;
    }
    if (d > 0) out.unbalanced.push({ start: open.start, what: "'[' is never closed" });
  }

  /** The right side of `$x = …`: a literal value, else a pipeline (whose commands are read) and unknown. */
  function assignedValue(): PsValue {
    const t = peek();
    if (!t) return unknown(0, 0);
    if (t.kind === 'word' && !KEYWORDS.has(t.value.toLowerCase())) {
      pipeline();
      return unknown(t.start, tokens[i - 1]?.end ?? t.end);
    }
    if (t.kind === 'word') {
      keywordStatement(t.value.toLowerCase());
      return unknown(t.start, t.end);
    }
    const v = value();
    if (at('pipe')) {
      // `$vms = 'a','b' | …`: the pipeline's output
      pipelineFrom(v);
      return unknown(t.start, tokens[i - 1]?.end ?? t.end);
    }
    if (!TERMINATORS.has(peek()?.kind ?? 'nl')) {
      // an expression (`1 + 2`, `-join …`): read to its end, value unknown
      while (i < tokens.length && !TERMINATORS.has(tokens[i]!.kind)) {
        const before = i;
        value();
        if (i === before) i++;
      }
      return unknown(t.start, tokens[i - 1]?.end ?? t.end);
    }
    return v;
  }

  function pipeline(): void {
    pipelineFrom(undefined);
  }

  function pipelineFrom(first: PsValue | undefined): void {
    let input: PsCommand | PsValue | undefined = first;
    if (first && at('pipe')) i++;
    for (;;) {
      input = element(input);
      if (!at('pipe')) return;
      i++;
      while (at('nl')) i++;
    }
  }

  /** One pipeline element: a command, or an expression. */
  function element(input: PsCommand | PsValue | undefined): PsCommand | PsValue {
    const t = peek();
    if (!t) return unknown(0, 0);
    // `& 'Set-VMSwitch' …`, `. .\lib.ps1`: the call operator runs the command named next
    const target = peek(1);
    if (t.kind === 'word' && (t.value === '&' || t.value === '.') && target && (target.kind === 'word' || (target.kind === 'string' && target.literal))) {
      i++;
      return command(target, input);
    }
    if (t.kind === 'word' && !KEYWORDS.has(t.value.toLowerCase())) return command(t, input);
    const start = t.start;
    let v: PsValue | undefined;
    while (i < tokens.length && !TERMINATORS.has(tokens[i]!.kind)) {
      const before = i;
      const x = value();
      v = v === undefined ? x : unknown(start, x.end);
      if (i === before) i++;
    }
    return v ?? unknown(start, start);
  }

  function command(nameTok: Tok, input: PsCommand | PsValue | undefined): PsCommand {
    i++;
    const cmd: PsCommand = { name: nameTok.value, nameStart: nameTok.start, nameEnd: nameTok.end, params: [], args: [], splats: [], input, start: nameTok.start, end: nameTok.end };
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (TERMINATORS.has(t.kind)) break;
      if (t.kind === 'param') {
        i++;
        const p: PsParam = { name: t.value, start: t.start, end: t.end };
        const next = peek();
        if (next && !TERMINATORS.has(next.kind) && next.kind !== 'param' && (t.colon || !SWITCHES.has(t.value.toLowerCase()))) p.value = value();
        cmd.params.push(p);
      } else if (t.kind === 'splat') {
        i++;
        const b = vars.get(t.value.toLowerCase());
        if (b?.value?.kind === 'hash' && b.value.entries) cmd.splats.push(b.value.entries);
      } else {
        const before = i;
        cmd.args.push(value());
        if (i === before) i++;
      }
      cmd.end = tokens[i - 1]!.end;
    }
    out.commands.push(cmd);
    return cmd;
  }

  /** One argument or operand: a literal, an array of them, a hashtable, or an unknown construct. */
  function value(): PsValue {
    const first = primary();
    if (!at('comma')) return first;
    const items = [first];
    while (at('comma')) {
      i++;
      while (at('nl')) i++;
      if (!peek() || TERMINATORS.has(peek()!.kind)) break;
      items.push(primary());
    }
    return { kind: 'array', items, start: first.start, end: items[items.length - 1]!.end, direct: items.every((x) => x.direct) };
  }

  function primary(): PsValue {
    const t = peek();
    if (!t) return unknown(0, 0);
    let v: PsValue;
    i++;
    switch (t.kind) {
      case 'string':
        v = t.literal ? { kind: 'string', text: t.value, start: t.start, end: t.end, direct: true } : unknown(t.start, t.end);
        break;
      case 'word':
        v = /\$/.test(t.value) ? unknown(t.start, t.end) : { kind: 'word', text: t.value, start: t.start, end: t.end, direct: true };
        break;
      case 'number':
        v = { kind: 'number', text: t.value, start: t.start, end: t.end, direct: true };
        break;
      case 'var':
        v = lookup(t);
        break;
      case 'hash': {
        const entries = hashBody(t, 'rbrace');
        v = { kind: 'hash', entries, start: t.start, end: tokens[i - 1]?.end ?? t.end, direct: true };
        break;
      }
      case 'lbrace':
        block('rbrace', t);
        v = unknown(t.start, tokens[i - 1]?.end ?? t.end);
        break;
      case 'lparen':
        v = (t.value === '@(' && literalArray(t)) || (block('rparen', t), unknown(t.start, tokens[i - 1]?.end ?? t.end));
        break;
      case 'lbracket':
        bracket(t);
        v = unknown(t.start, tokens[i - 1]?.end ?? t.end);
        break;
      default:
        v = unknown(t.start, t.end);
    }
    // characters glued to a value (`$vm.Name`, `web$n`, `[int]$x`) make one argument whose value is unknown
    while (i < tokens.length && tokens[i]!.start === tokens[i - 1]!.end && !TERMINATORS.has(tokens[i]!.kind) && tokens[i]!.kind !== 'comma' && tokens[i]!.kind !== 'eq') {
      const before = i;
      const glued = primaryNoGlue();
      v = unknown(v.start, glued.end);
      if (i === before) i++;
    }
    return v;
  }

  /**
   * `@('a', 'b')` or one quoted string or number per line, up to its `)`: an array of literals. Anything else in it
   * (a variable, a command, a nested construct) and it is read as a block instead; the attempt only
   * passes literals, commas and newlines, so no token is read more than twice.
   */
  function literalArray(open: Tok): PsValue | undefined {
    const from = i;
    const items: PsValue[] = [];
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (t.kind === 'nl' || t.kind === 'comma') {
        i++;
        continue;
      }
      if (t.kind === 'rparen') {
        i++;
        return { kind: 'array', items, start: open.start, end: t.end, direct: true };
      }
      const next = tokens[i + 1];
      // inside @( ) a bareword starts a command (`@(hostname)`): only quoted strings and numbers are literals
      const literal = (t.kind === 'string' && t.literal) || t.kind === 'number';
      if (!literal || (next && next.kind !== 'nl' && next.kind !== 'comma' && next.kind !== 'rparen')) break;
      items.push({ kind: t.kind === 'string' ? 'string' : 'number', text: t.value, start: t.start, end: t.end, direct: true });
      i++;
    }
    i = from;
    return undefined;
  }

  function primaryNoGlue(): PsValue {
    const t = tokens[i]!;
    if (t.kind === 'lbrace' || t.kind === 'lparen' || t.kind === 'hash' || t.kind === 'lbracket') return primary();
    i++;
    return unknown(t.start, t.end);
  }

  /** `key = value` entries up to the closing brace (hashtables, DSC resource bodies). */
  function hashBody(open: Tok, closer: 'rbrace'): PsEntry[] {
    const entries: PsEntry[] = [];
    if (tooDeep(open)) return entries;
    depth++;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (separator(t)) continue;
      if (t.kind === closer) {
        i++;
        depth--;
        return entries;
      }
      if (t.kind === 'rparen' || t.kind === 'rbracket') break;
      const before = i;
      if ((t.kind === 'word' || t.kind === 'string' || t.kind === 'number') && peek(1)?.kind === 'eq') {
        i += 2;
        while (at('nl')) i++;
        const v = entryValue();
        entries.push({ key: t.value, keyStart: t.start, keyEnd: t.end, value: v });
      } else if (t.kind === 'word' && isDscBlock()) {
        dscBlock(t); // a nested resource (rare; composite configurations)
      } else {
        // not an entry (`DependsOn` written oddly, a nested statement): read it as a statement
        statement(-1);
      }
      if (i === before) i++;
    }
    out.unbalanced.push({ start: open.start, what: `'${open.value}' is never closed` });
    depth--;
    return entries;
  }

  function entryValue(): PsValue {
    const t = peek();
    if (!t) return unknown(0, 0);
    if (t.kind === 'word' && /^[A-Za-z]+-[A-Za-z]/.test(t.value)) {
      pipeline();
      return unknown(t.start, tokens[i - 1]?.end ?? t.end);
    }
    const v = value();
    if (at('pipe') || !TERMINATORS.has(peek()?.kind ?? 'nl')) {
      if (at('pipe')) pipelineFrom(v);
      else
        while (i < tokens.length && !TERMINATORS.has(tokens[i]!.kind)) {
          const before = i;
          value();
          if (i === before) i++;
        }
      return unknown(v.start, tokens[i - 1]?.end ?? v.end);
    }
    return v;
  }

  block(undefined);
  return out;
}

/** A value's text when it is a plain literal (string, bareword, number, bool), else undefined. */
export function literalText(v: PsValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'string' || v.kind === 'word' || v.kind === 'number' || v.kind === 'bool') return v.text;
  return undefined;
}
