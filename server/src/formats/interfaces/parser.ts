import { LineIndex } from '../../engine/text';
import type { Comment, ParsedDocument, ToolDiagnostic } from '../../engine/types';
import { isTemplateLine } from '../common/template';
import { diagnosticList } from '../../engine/diagnostics';

/** One option line of an `iface` stanza: `bridge-ports eth0`, `ovs_extra …`. */
export interface IfaceOption {
  /** as written */
  key: string;
  /** lower case, `_` written as `-` (ifupdown accepts both) */
  name: string;
  keyStart: number;
  keyEnd: number;
  value: string;
  valueStart: number;
  valueEnd: number;
  line: number;
}

export interface Stanza {
  /** iface, mapping, auto, allow-hotplug, source, … */
  keyword: string;
  /** iface: the interface name; auto/allow-*: the names; source: the pattern */
  names: { value: string; start: number; end: number }[];
  family?: string;
  method?: string;
  start: number;
  /** end of the stanza's last line (before its line break) */
  end: number;
  line: number;
  lastLine: number;
  options: IfaceOption[];
}

export interface InterfacesModel {
  stanzas: Stanza[];
  index: LineIndex;
  /** switches, ports and mirrors the stanzas define (filled in by the format) */
  net?: import('../ovs/commands').NetFacts;
}

const STANZA = new Set(['iface', 'mapping', 'auto', 'source', 'source-directory', 'source-dir', 'rename', 'no-auto-down', 'no-scripts']);

/**
 * Parse ifupdown's interfaces(5) syntax: stanzas start with a keyword at any indentation, the
 * option lines that follow belong to the last `iface` or `mapping`. `\` at the end of a line
 * continues it. Lines starting with `#` are comments (ifupdown has no end-of-line comments).
 */
export function parseInterfaces(text: string): ParsedDocument<InterfacesModel> {
  const index = new LineIndex(text);
  const stanzas: Stanza[] = [];
  const comments: Comment[] = [];
  const diagnostics: ToolDiagnostic[] = diagnosticList();
  let current: Stanza | undefined;

  for (let line = 0; line < index.lineCount; line++) {
    const ls = index.lineStart(line);
    let le = index.lineEnd(line);
    const first = line;
    // join continuation lines
    while (text[le - 1] === '\\' && line + 1 < index.lineCount) {
      line++;
      le = index.lineEnd(line);
    }
    let i = ls;
    while (i < le && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i === le) continue;
    if (text[i] === '#') {
      comments.push({ start: i, end: le, text: text.slice(i + 1, le), trailing: false });
      continue;
    }
    if (isTemplateLine(text, i, le)) continue; // `{% for … %}` in a Jinja template
    const words = splitWords(text, i, le);
    const head = words[0];
    if (!head) continue; // only continuation backslashes
    const kw = head.value.toLowerCase();
    if (STANZA.has(kw) || kw.startsWith('allow-')) {
      const stanza: Stanza = { keyword: kw, names: words.slice(1), start: i, end: le, line: first, lastLine: line, options: [] };
      if (kw === 'iface' || kw === 'mapping') {
        stanza.names = words.slice(1, 2);
        stanza.family = words[2]?.value;
        stanza.method = words[3]?.value;
        if (words.length < 2) diagnostics.push(parseError(i, le, first, `\`${kw}\` needs an interface name.`));
        current = stanza;
      } else current = undefined;
      stanzas.push(stanza);
      continue;
    }
    if (!current) {
      diagnostics.push(parseError(head.start, head.end, first, `\`${short(head.value)}\` is an option outside any \`iface\` stanza; ifup rejects the file ("misplaced option").`));
      continue;
    }
    const valueStart = words[1]?.start ?? head.end;
    current.options.push({
      key: head.value,
      name: kw.replace(/_/g, '-'),
      keyStart: head.start,
      keyEnd: head.end,
      value: text.slice(valueStart, le).replace(/\\\r?\n/g, ' '),
      valueStart,
      valueEnd: le,
      line: first,
    });
    current.end = le;
    current.lastLine = line;
  }
  return { format: 'interfaces', model: { stanzas, index }, comments, diagnostics };
}

/** Words separated by blanks (continuations count as blanks), with offsets. */
export function splitWords(text: string, from: number, to: number): { value: string; start: number; end: number }[] {
  const out: { value: string; start: number; end: number }[] = [];
  const blank = (c: number) => c === 32 || c === 9 || c === 13 || c === 10;
  let i = from;
  while (i < to) {
    while (i < to && (blank(text.charCodeAt(i)) || text.charCodeAt(i) === 92)) i++;
    const s = i;
    while (i < to && !blank(text.charCodeAt(i)) && !(text.charCodeAt(i) === 92 && (text.charCodeAt(i + 1) === 13 || text.charCodeAt(i + 1) === 10))) i++;
    if (i > s) out.push({ value: text.slice(s, i), start: s, end: i });
  }
  return out;
}

/** A word as shown in a message: long ones (a binary or minified line) are cut. */
function short(word: string, max = 60): string {
  return word.length > max ? `${word.slice(0, max)}…` : word;
}

function parseError(start: number, end: number, line: number, message: string): ToolDiagnostic {
  return { code: 'VH-PARSE-ERROR', start, end, severity: 'low', message, locator: `line-shape:${line}` };
}
