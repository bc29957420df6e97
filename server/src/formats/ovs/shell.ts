import type { Comment } from '../../engine/types';

/** A shell word: its value after quote removal and the raw range it occupies in the file. */
export interface Word {
  value: string;
  start: number;
  end: number;
  /** contains an expansion vharden cannot resolve ($VAR it does not know, $(...), backticks, globs) */
  dynamic: boolean;
  /** the word is exactly one positional parameter (`$1`, `"${1}"`): its number */
  param?: number;
}

export interface ShellCommand {
  words: Word[];
}

export interface ShellScan {
  commands: ShellCommand[];
  comments: Comment[];
  /** quotes or substitutions left open at the end of the text */
  unterminated?: { start: number; what: string };
}

/**
 * Split shell text into simple commands (separated by newlines, `;`, `&`, `|`, `&&`, `||`,
 * parentheses), with quotes, backslash escapes and line continuations resolved. Variables
 * assigned plainly (`BR=br0`) are substituted in later words; `vars` seeds them (`IFACE`).
 * Here-document bodies are skipped. Linear in the length of the text. `keep` picks the commands to
 * return (a script of a million unrelated commands would otherwise be held in memory).
 */
export function scanShell(text: string, seed: Record<string, string> = {}, base = 0, keep?: (cmd: ShellCommand) => boolean): ShellScan {
  const vars = new Map(Object.entries(seed));
  const commands: ShellCommand[] = [];
  const comments: Comment[] = [];
  let words: Word[] = [];
  const heredocs: { delim: string; strip: boolean }[] = [];
  let unterminated: ShellScan['unterminated'];
  let lineHasCode = false;
  let i = 0;
  const n = text.length;

  const endCommand = (): void => {
    if (words.length === 0) return;
    // a command made only of assignments sets variables
    if (words.every((w) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value))) {
      for (const w of words) {
        const eq = w.value.indexOf('=');
        if (w.dynamic) vars.delete(w.value.slice(0, eq));
        else vars.set(w.value.slice(0, eq), w.value.slice(eq + 1));
      }
    } else if (!keep || keep({ words })) commands.push({ words });
    words = [];
  };

  const skipHeredocs = (): void => {
    // i is just after a newline
    while (heredocs.length) {
      const h = heredocs.shift()!;
      while (i < n) {
        let e = text.indexOf('\n', i);
        if (e < 0) e = n;
        let line = text.slice(i, e).replace(/\r$/, '');
        if (h.strip) line = line.replace(/^\t+/, '');
        i = Math.min(n, e + 1);
        if (line === h.delim) break;
      }
    }
  };

  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (c === '\n') {
      endCommand();
      lineHasCode = false;
      i++;
      skipHeredocs();
      continue;
    }
    if (c === '#') {
      let e = text.indexOf('\n', i);
      if (e < 0) e = n;
      const end = text[e - 1] === '\r' ? e - 1 : e;
      comments.push({ start: base + i, end: base + end, text: text.slice(i + 1, end), trailing: lineHasCode });
      i = e;
      continue;
    }
    lineHasCode = true;
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endCommand();
      i++;
      if ((c === '&' || c === '|' || c === ';') && text[i] === c) i++;
      continue;
    }
    if (c === '<' || c === '>' || (/[0-9]/.test(c) && /^[0-9]+[<>]/.test(text.slice(i, i + 4)))) {
      while (i < n && /[0-9]/.test(text[i]!)) i++;
      const op = /^(<<-?|<<<|>>|>&|<&|&>|>\||<>|<|>)/.exec(text.slice(i, i + 3))?.[0] ?? text[i]!;
      i += op.length;
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
      const target = readWord(text, i, vars, base);
      i = target.next;
      if (op.startsWith('<<') && op !== '<<<' && target.word) heredocs.push({ delim: target.word.value, strip: op === '<<-' });
      continue;
    }
    const r = readWord(text, i, vars, base);
    if (r.unterminated && !unterminated) unterminated = { start: base + i, what: r.unterminated };
    if (r.word) words.push(r.word);
    i = Math.max(r.next, i + 1);
  }
  endCommand();
  return { commands, comments, unterminated };
}

const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>']);

function readWord(text: string, start: number, vars: Map<string, string>, base: number): { word?: Word; next: number; unterminated?: string } {
  let i = start;
  const n = text.length;
  let value = '';
  let dynamic = false;
  let unterminated: string | undefined;

  const expand = (quoted: boolean): void => {
    // text[i] === '$'
    const next = text[i + 1];
    if (next === '{') {
      const close = text.indexOf('}', i + 2);
      const name = close < 0 ? '' : text.slice(i + 2, close);
      if (close >= 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && vars.has(name)) value += vars.get(name)!;
      else dynamic = true;
      i = close < 0 ? n : close + 1;
    } else if (next === '(') {
      dynamic = true;
      let depth = 0;
      let j = i + 1;
      for (; j < n; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      if (j >= n) unterminated = '$(';
      i = Math.min(n, j + 1);
    } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(text[j]!)) j++;
      const name = text.slice(i + 1, j);
      if (vars.has(name)) value += vars.get(name)!;
      else dynamic = true;
      i = j;
    } else if (next !== undefined && /[0-9@*#?$!-]/.test(next)) {
      dynamic = true;
      i += 2;
    } else {
      value += '$';
      i++;
    }
    void quoted;
  };

  while (i < n && !WORD_END.has(text[i]!)) {
    const c = text[i]!;
    if (c === '\\') {
      if (text[i + 1] === '\n') i += 2;
      else if (text[i + 1] === '\r' && text[i + 2] === '\n') i += 3;
      else {
        value += text[i + 1] ?? '';
        i += 2;
      }
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) {
        unterminated = "'";
        value += text.slice(i + 1);
        i = n;
      } else {
        value += text.slice(i + 1, close);
        i = close + 1;
      }
    } else if (c === '"') {
      i++;
      while (i < n && text[i] !== '"') {
        const d = text[i]!;
        if (d === '\\' && i + 1 < n && '"\\$`\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== '\n') value += text[i + 1];
          i += 2;
        } else if (d === '$') expand(true);
        else if (d === '`') {
          dynamic = true;
          const close = text.indexOf('`', i + 1);
          i = close < 0 ? n : close + 1;
        } else {
          value += d;
          i++;
        }
      }
      if (i >= n) unterminated = '"';
      i++;
    } else if (c === '$') expand(false);
    else if (c === '`') {
      dynamic = true;
      const close = text.indexOf('`', i + 1);
      if (close < 0) unterminated = '`';
      i = close < 0 ? n : close + 1;
    } else {
      if (c === '*' || c === '?') dynamic = true;
      value += c;
      i++;
    }
  }
  const end = Math.min(i, n);
  if (end === start) return { next: end };
  const word: Word = { value, start: base + start, end: base + end, dynamic };
  const param = dynamic && value === '' && end - start <= 6 ? /^"?\$(?:([0-9])|\{([0-9])\})"?$/.exec(text.slice(start, end)) : null;
  if (param) word.param = Number(param[1] ?? param[2]);
  return { word, next: end, unterminated };
}

/** The program a command runs, after `sudo`, `env`, `exec`, `command` and variable assignments; and its arguments. */
export function programOf(cmd: ShellCommand): { name: string; args: Word[]; at: Word } | undefined {
  const w = cmd.words;
  let i = 0;
  while (i < w.length) {
    const v = w[i]!.value;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) i++;
    else if (v === 'sudo' || v === 'doas') {
      i++;
      while (i < w.length && w[i]!.value.startsWith('-')) i += /^-[ugCDhpRrtT]$/.test(w[i]!.value) ? 2 : 1;
    } else if (v === 'env' || v === 'exec' || v === 'command' || v === 'time' || v === 'nohup' || v === 'then' || v === 'do' || v === 'else' || v === '!' || v === '{') i++;
    else break;
  }
  const at = w[i];
  if (!at) return undefined;
  const name = at.value.slice(at.value.lastIndexOf('/') + 1);
  return { name, args: w.slice(i + 1), at };
}
