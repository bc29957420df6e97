import { Composer, Parser, isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { withoutStacks } from '../../engine/text';
import type { Comment, ToolDiagnostic } from '../../engine/types';
import { copyDiagnostics } from '../../engine/diagnostics';
import { collectComments } from './yaml-comments';
import { yamlDiagnostics } from './yaml-diagnostics';
import { reparse } from './yaml-incremental';

/** Documents nested deeper than this are not walked (task lists never come close). */
export const MAX_DEPTH = 64;

export interface YamlParse {
  docs: Document.Parsed[];
  comments: Comment[];
  diagnostics: ToolDiagnostic[];
}

/** Texts shorter than this are never parsed incrementally: only the last one is kept, for the same text again. */
const REUSE_FROM = 16 * 1024;
/** Recent parses kept for reuse: the same text (detection, then linting) or an edit of it (a keystroke). */
const RECENT = 4;
/** At most this many characters of text behind the recent parses (their trees are about 50 times that). */
const RECENT_CHARS = 1024 * 1024;
const recent: { text: string; parse: YamlParse }[] = [];
/** The last short text parsed: detection (`matchesContent`) and linting of one file share its parse. */
let lastShort: { text: string; parse: YamlParse } | undefined;

/**
 * Parse every document of a YAML stream, keeping node ranges; reuses a recent parse of the same text,
 * or takes over one of a text that differs from it in one block-sequence item (see
 * yaml-incremental.ts). The nodes are shared with other callers: read them, never change them, and
 * keep them no longer than the work on this text (a later call for an edited text moves them).
 * Comments and diagnostics are the caller's own.
 */
export function parseYaml(text: string): YamlParse {
  if (fresh > 0) return parseYamlFull(text);
  if (text.length < REUSE_FROM) {
    if (lastShort?.text !== text) lastShort = { text, parse: parseYamlFull(text) };
    return callersCopy(lastShort.parse);
  }
  let parse: YamlParse | undefined;
  const same = recent.findIndex((r) => r.text === text);
  if (same >= 0) parse = recent.splice(same, 1)[0]!.parse;
  for (let i = 0; !parse && i < recent.length; i++) {
    parse = reparse(recent[i]!.text, recent[i]!.parse, text);
    // a reparse takes over the parse it started from: its nodes are the new text's now
    if (parse) recent.splice(i, 1);
  }
  parse ??= parseYamlFull(text);
  recent.unshift({ text, parse });
  let chars = 0;
  for (let i = 0; i < recent.length; i++) {
    chars += recent[i]!.text.length;
    if (i >= RECENT || chars > RECENT_CHARS) {
      recent.length = i;
      break;
    }
  }
  return callersCopy(parse);
}

/** A parse whose comments and diagnostics the caller may change (the nodes stay shared). */
function callersCopy(parse: YamlParse): YamlParse {
  return { docs: parse.docs, comments: parse.comments.map((c) => ({ ...c })), diagnostics: copyDiagnostics(parse.diagnostics) };
}

let fresh = 0;

/**
 * Run `work` with every YAML text parsed in full and nothing reused or remembered (new nodes, so
 * nothing kept per node applies either): what incremental work is compared with in tests.
 */
export function withoutReuse<T>(work: () => T): T {
  fresh++;
  try {
    return work();
  } finally {
    fresh--;
  }
}

/**
 * Parse every document of a YAML stream, keeping node ranges. Aliases are never expanded
 * (nothing here calls toJS), so alias bombs cost only their source size. Comments come from
 * the CST tokens with their exact offsets.
 */
export function parseYamlFull(text: string): YamlParse {
  const tokens = [...new Parser().parse(text)];
  const docs = withoutStacks(() => [...new Composer({ keepSourceTokens: false, prettyErrors: false, uniqueKeys: true }).compose(tokens, true, text.length)] as Document.Parsed[]);
  const comments: Comment[] = [];
  for (const t of tokens) collectComments(t, text, comments, 0);
  comments.sort((a, b) => a.start - b.start);
  return { docs, comments, diagnostics: yamlDiagnostics(docs, text) };
}

/** The key of a pair as a string, when it is a scalar. */
export function keyName(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number' || typeof k.value === 'boolean')) return String(k.value);
  return undefined;
}

/** The pair for a key; with duplicate keys the last one, as Ansible (PyYAML) reads it. */
export function pairOf(map: YAMLMap, name: string): Pair<Node, Node | null> | undefined {
  const items = map.items as Pair<Node, Node | null>[];
  for (let i = items.length - 1; i >= 0; i--) if (keyName(items[i]!) === name) return items[i];
  return undefined;
}

export function hasMergeKey(map: YAMLMap): boolean {
  return map.items.some((p) => keyName(p as Pair) === '<<' || isAlias((p as Pair).key));
}

export function asMap(n: unknown): YAMLMap<Node, Node | null> | undefined {
  return isMap(n) ? (n as YAMLMap<Node, Node | null>) : undefined;
}

export function seqItems(n: unknown): Node[] {
  return isSeq(n) ? (n.items as Node[]) : [];
}

export function isTemplate(s: string): boolean {
  return s.includes('{{') || s.includes('{%');
}

/** The scalar's text as written (for booleans: `yes`, `True`, `on` as in the source). */
export function scalarText(node: Scalar, text: string): string {
  if (typeof node.value === 'string') return node.value;
  const r = node.range;
  if (r && node.type === 'PLAIN') return text.slice(r[0], r[1]);
  return String(node.value);
}

/** Replace a scalar's value keeping its quoting style; plain values that YAML would read otherwise get quoted. */
export function scalarReplacement(node: Scalar | undefined, value: string, kind: 'str' | 'raw'): string {
  if (kind === 'raw') return value;
  if (node?.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  if (node?.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  return /^[A-Za-z0-9_.\-]+$/.test(value) && !/^(y|n|yes|no|on|off|true|false|null|~|[0-9.\-+]+)$/i.test(value) ? value : `'${value}'`;
}
