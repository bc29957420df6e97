/**
 * Incremental YAML: after an edit, re-parse only the block-sequence item (a play, a task, a list
 * item) whose text changed, and reuse the rest of the previous parse. A 5,000-line playbook costs the
 * yaml library about 40 ms to parse; one task about 0.1 ms.
 *
 * The previous parse is taken over, as an editor's syntax tree is edited: the new item takes the old
 * one's place, the nodes after the edit move by its length where they are (copying them cost more
 * than the re-parse, most of it in garbage collection), and the path from the document to the item
 * takes its new ranges. So the previous parse is the new text's after a reparse, and no longer its
 * own text's: the caller drops it (yaml.ts). A reparse that gives up changes nothing. Nodes keep
 * their identity across keystrokes, so what is kept per node (tasks.ts) must move with them too.
 * Any doubt falls back to a full parse (the caller's job when this returns undefined): the
 * edit touches an item's boundary (its dash, its first or its last line break), the edited item would
 * no longer be one block-map item of its sequence (a line at or left of its dash, a document marker),
 * it holds anchors, aliases or merge keys (which reach across items), or it has a syntax error that may
 * reach outside it (a quote or bracket left open; an error that ends it early). A syntax error of the
 * item's own is kept (typing breaks the YAML for a keystroke or two, and those keystrokes are re-parsed
 * item by item too); errors elsewhere in the document, or not the old item's own, mean a full parse.
 * `test/yaml-incremental.test.ts` proves the result equal to a full parse over random edits.
 */
import { Composer, Parser, isMap, isPair, isSeq, type CST, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Document } from 'yaml';
import type { Comment } from '../../engine/types';
import { MAX_TOKEN_DEPTH, collectComments } from './yaml-comments';
import type { YamlParse } from './yaml';
import { yamlDiagnostics } from './yaml-diagnostics';

/** Where two texts differ: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

const CHUNK = 1024;

/** The one changed region between two texts, from their common prefix and suffix. */
export function textChange(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  let start = 0;
  // whole chunks first (string comparison runs natively), then characters
  while (start + CHUNK <= max && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail + CHUNK <= max - start && before.slice(before.length - tail - CHUNK, before.length - tail) === after.slice(after.length - tail - CHUNK, after.length - tail)) tail += CHUNK;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

/** One candidate for re-parsing: a block-map item of a block sequence, with its line region. */
interface Unit {
  /** the ancestors from the document's contents down to the sequence, and the index taken at each */
  path: { node: YAMLMap | YAMLSeq | Pair; index: number }[];
  seq: YAMLSeq;
  index: number;
  item: YAMLMap;
  /** start of the item's first line (the line of its dash) */
  lineStart: number;
  /** column of the dash */
  dash: number;
}

/**
 * The parse of `text`, made of `prev` (the parse of `prevText`, which it takes over: see above), or
 * undefined, with `prev` unchanged, when only a full parse will do.
 */
export function reparse(prevText: string, prev: YamlParse, text: string): YamlParse | undefined {
  const change = textChange(prevText, text);
  if (change.start === change.oldEnd && change.start === change.newEnd) return prev;
  const docIndex = prev.docs.findIndex((d) => d.range[0] <= change.start && change.oldEnd <= d.range[2]);
  const doc = prev.docs[docIndex];
  if (!doc) return undefined;
  const units = unitsAround(doc.contents, prevText, change);
  // the deepest item first: the smallest text to parse; an outer one only when the edit moved the inner one's end
  for (let i = units.length - 1; i >= 0; i--) {
    const unit = units[i]!;
    const end = regionEnd(prevText, unit.lineStart, unit.dash, prevText.length / 2);
    if (end === undefined) return undefined; // half the text or more: a full parse costs as much
    // the last item of the text: where the yaml library ends its enclosing nodes and the document
    // depends on whitespace after it, which no item holds (a full parse is simpler than the rules)
    if (end === prevText.length) return undefined;
    if (change.oldEnd >= end) continue; // the edit reaches the line break that ends this item
    const done = reparseUnit(prevText, prev, docIndex, unit, end, text, change);
    if (done !== 'outer') return done;
  }
  return undefined;
}

/** Block-map items of block sequences that hold the changed region, outermost first. */
function unitsAround(root: unknown, text: string, change: TextChange): Unit[] {
  const out: Unit[] = [];
  const path: Unit['path'] = [];
  let node: unknown = root;
  for (let depth = 0; depth < 64 && node; depth++) {
    if (isSeq(node)) {
      const seq = node as YAMLSeq;
      const index = seq.items.findIndex((it) => within(it, change));
      if (index < 0) break;
      const item = seq.items[index];
      if (!seq.flow && isMap(item) && !(item as YAMLMap).flow) {
        const unit = unitOf(text, [...path], seq, index, item as YAMLMap);
        // the edit stays off the dash's line prefix
        if (unit && change.start >= (item as YAMLMap).range![0]) out.push(unit);
      }
      path.push({ node: seq, index });
      node = item;
    } else if (isMap(node)) {
      const map = node as YAMLMap;
      if (map.flow) break;
      const index = map.items.findIndex((p) => within((p as Pair).value, change) || within((p as Pair).key, change));
      if (index < 0) break;
      const pair = map.items[index] as Pair;
      if (!within(pair.value, change)) break;
      path.push({ node: map, index });
      path.push({ node: pair, index: 1 });
      node = pair.value;
    } else break;
  }
  return out;
}

function within(n: unknown, change: TextChange): boolean {
  const r = (n as Node | null)?.range;
  return !!r && r[0] <= change.start && change.oldEnd <= r[2];
}

/** The item's line region, or undefined when the item does not start a line with its dash. */
function unitOf(text: string, path: Unit['path'], seq: YAMLSeq, index: number, item: YAMLMap): Unit | undefined {
  const start = item.range![0];
  let i = start - 1;
  while (i >= 0 && text[i] === ' ') i--;
  if (text[i] !== '-') return undefined;
  const dashAt = i;
  i--;
  while (i >= 0 && text[i] === ' ') i--;
  if (i >= 0 && text[i] !== '\n') return undefined;
  const lineStart = i + 1;
  const dash = dashAt - lineStart;
  return { path, seq, index, item, lineStart, dash };
}

/**
 * Start of the first line after `lineStart`'s with content (not blank, not a comment) at or left of
 * column `dash`, or the text's end; undefined past `limit` characters. Comments in between belong to
 * the item as far as its structure goes (one at its end is ruled out by endsInComment).
 */
function regionEnd(text: string, lineStart: number, dash: number, limit = Infinity): number | undefined {
  let at = text.indexOf('\n', lineStart);
  while (at >= 0) {
    const line = at + 1;
    if (line - lineStart > limit) return undefined;
    let col = 0;
    while (line + col < text.length && text[line + col] === ' ') col++;
    const c = text[line + col];
    if (c !== undefined && c !== '\n' && c !== '\r' && c !== '#' && col <= dash) return line;
    at = text.indexOf('\n', line);
  }
  return text.length;
}

/**
 * Whether the last line that is not blank holds a comment (or may: a `#` after a space, even in quotes).
 * The yaml library gives a comment at the end of a text to the document, one in the middle to a node.
 */
function endsInComment(unit: string): boolean {
  let end = unit.length;
  for (;;) {
    const start = unit.lastIndexOf('\n', end - 2) + 1;
    const line = unit.slice(start, end).trim();
    if (line) return line.startsWith('#') || /\s#/.test(line);
    if (start === 0) return false;
    end = start;
  }
}

/**
 * The same characters in a string of their own. A slice of a long text can keep the whole text alive
 * (the engine shares the characters), and the yaml library keeps slices of its input in the nodes it
 * makes (scalars' source): those nodes live on in every later parse, so without this each keystroke
 * would keep one more copy of the whole text.
 */
function detached(s: string): string {
  // joining forces a fresh flat string; the slice of it then refers to that, the item's size
  return `${s}\n`.slice(0, -1);
}

/** Errors of the yaml library that stay inside the item they are in (`test/yaml-incremental.test.ts`). */
const LOCAL_ERRORS = new Set<string>(['UNEXPECTED_TOKEN', 'DUPLICATE_KEY', 'MULTILINE_IMPLICIT_KEY', 'BLOCK_AS_IMPLICIT_KEY', 'BAD_INDENT', 'TAB_AS_INDENT']);

/**
 * Whether a CST token holds a quoted scalar without its closing quote, or anything of a flow collection
 * (which the lexer reads past line ends and, once in error, ends by rules of its own).
 */
function leftOpen(token: unknown, depth: number): boolean {
  // too deep to tell: taken as left open (a full parse)
  if (depth > MAX_TOKEN_DEPTH || token === null || typeof token !== 'object') return depth > MAX_TOKEN_DEPTH;
  if (Array.isArray(token)) return token.some((t) => leftOpen(t, depth + 1));
  const t = token as { type?: string; source?: string };
  if ((t.type === 'single-quoted-scalar' || t.type === 'double-quoted-scalar') && !closed(t.source ?? '')) return true;
  if (t.type !== undefined && FLOW.has(t.type)) return true;
  const fields = t as Record<string, unknown>;
  for (const k in fields) {
    if (k === 'source' || k === 'type' || k === 'offset' || k === 'indent') continue;
    const v = fields[k];
    if (v && typeof v === 'object' && leftOpen(v, depth + 1)) return true;
  }
  return false;
}

const FLOW = new Set(['flow-collection', 'flow-map-start', 'flow-map-end', 'flow-seq-start', 'flow-seq-end', 'flow-error-end']);

/** Whether a quoted scalar's source ends with its own quote (for `"`, one no backslash escapes). */
function closed(source: string): boolean {
  const q = source[0];
  if (source.length < 2 || source[source.length - 1] !== q) return false;
  if (q === "'") {
    // '' is an escaped quote: the closing one is the last of an odd run of quotes
    let run = 0;
    for (let i = source.length - 1; i > 0 && source[i] === "'"; i--) run++;
    return run % 2 === 1;
  }
  let backslashes = 0;
  for (let i = source.length - 2; i > 0 && source[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** Characters that make an item depend on text outside it (anchors, aliases, merge keys) or end a document. */
const CROSSES = /(^|[\s[{,])[&*]\S|<<|^(---|\.\.\.)(\s|$)|^%/m;

/**
 * The parse with `unit` re-parsed; 'outer' when the edit moved where the item ends (an enclosing item
 * may still do), undefined when only a full parse will do.
 */
function reparseUnit(prevText: string, prev: YamlParse, docIndex: number, unit: Unit, oldEnd: number, text: string, change: TextChange): YamlParse | 'outer' | undefined {
  const delta = change.newEnd - change.oldEnd;
  const newEnd = oldEnd + delta;
  const oldUnit = prevText.slice(unit.lineStart, oldEnd);
  const newUnit = detached(text.slice(unit.lineStart, newEnd));
  if (CROSSES.test(oldUnit) || CROSSES.test(newUnit)) return undefined;
  // a comment on or after an item's last line goes to the document when the item is parsed alone, to
  // an enclosing node in the whole text: an enclosing item may still do
  if (endsInComment(oldUnit) || endsInComment(newUnit)) return 'outer';
  // the item must still end where it did: no new line at or left of its dash
  if (regionEnd(text, unit.lineStart, unit.dash, newEnd - unit.lineStart) !== newEnd) return 'outer';
  const oldDoc = prev.docs[docIndex]!;
  // errors the old document had must have been the old item's own, the same when it is parsed alone
  if (oldDoc.errors.length > 0 && !ownErrors(oldDoc.errors, oldUnit, unit.lineStart, oldEnd)) return undefined;
  const parsed = parseItem(newUnit);
  if (!parsed) return undefined;
  const { tokens, doc: unitDoc } = parsed;
  const seq = unitDoc.contents;
  if (!isSeq(seq) || (seq as YAMLSeq).flow || (seq as YAMLSeq).items.length !== 1) return undefined;
  const fresh = (seq as YAMLSeq).items[0];
  if (!isMap(fresh) || (fresh as YAMLMap).flow) return undefined;
  const item = fresh as YAMLMap;
  moveInPlace(item, unit.lineStart);
  item.commentBefore = unit.item.commentBefore;
  item.spaceBefore = unit.item.spaceBefore;

  const oldItem = unit.item.range!;
  const newItem = item.range!;
  /** An offset of the old text outside the item, in the new text; undefined when it cannot be told. */
  const map = (o: number): number | undefined => {
    if (o < change.start) return o;
    // an enclosing node that ends where the item ends (the last item) ends where the new item ends
    for (let k = 0; k < 3; k++) if (o === oldItem[k]) return newItem[k];
    if (o >= oldEnd) return o + delta;
    return undefined;
  };

  // the new ranges of the path from the document's contents down to the sequence, all worked out
  // before anything is changed: a reparse that gives up leaves the previous parse as it was
  const chain = [...unit.path, { node: unit.seq, index: unit.index }];
  const ranges: ([number, number, number] | undefined)[] = [];
  for (const { node } of chain) {
    if (isPair(node)) ranges.push(undefined);
    else {
      const r = mapRange((node as YAMLMap).range!, map);
      if (!r) return undefined;
      ranges.push(r);
    }
  }
  const docRange = mapRange(oldDoc.range, map);
  if (!docRange) return undefined;
  const errors = unitDoc.errors.map((e) => moveError(e, (o) => o + unit.lineStart));
  const warnings = [...oldDoc.warnings.filter((w) => w.pos[1] <= unit.lineStart || w.pos[0] >= oldEnd).map((w) => moveError(w, map)), ...unitDoc.warnings.map((w) => moveError(w, (o) => o + unit.lineStart))];

  // the previous parse becomes this one: the path takes its new ranges, the new item takes the old
  // one's place, and every node after the edit moves by `delta` where it is (no copies)
  for (let i = 0; i < chain.length; i++) {
    const { node, index } = chain[i]!;
    if (isPair(node)) continue;
    (node as YAMLMap).range = ranges[i]!;
    const items = (node as YAMLSeq).items;
    for (let j = index + 1; j < items.length; j++) moveInPlace(items[j], delta);
  }
  unit.seq.items[unit.index] = item;
  oldDoc.range = docRange;
  oldDoc.errors = errors;
  oldDoc.warnings = warnings;
  for (let i = docIndex + 1; i < prev.docs.length; i++) moveDocument(prev.docs[i]!, delta);

  // the comments too (callers are given copies, so these objects are the parse's own): those before
  // the item stay, the item's own are its parse's, those after it move; that is text order
  const comments: Comment[] = [];
  let i = 0;
  for (; i < prev.comments.length && prev.comments[i]!.end <= unit.lineStart; i++) comments.push(prev.comments[i]!);
  const unitComments: Comment[] = [];
  for (const t of tokens) collectComments(t, newUnit, unitComments, 0);
  unitComments.sort((a, b) => a.start - b.start);
  for (const c of unitComments) {
    c.start += unit.lineStart;
    c.end += unit.lineStart;
    comments.push(c);
  }
  for (; i < prev.comments.length; i++) {
    const c = prev.comments[i]!;
    if (c.start < oldEnd) continue;
    c.start += delta;
    c.end += delta;
    comments.push(c);
  }
  return { docs: prev.docs, comments, diagnostics: yamlDiagnostics(prev.docs, text) };
}

/** The yaml library's parse of an item's text alone; undefined when it may differ from its parse in the whole text. */
function parseItem(unit: string): { tokens: CST.Token[]; doc: Document.Parsed } | undefined {
  const tokens = [...new Parser().parse(unit)];
  const docs = [...new Composer({ keepSourceTokens: false, prettyErrors: false, uniqueKeys: true }).compose(tokens, true, unit.length)];
  if (docs.length !== 1) return undefined;
  const doc = docs[0]!;
  if (doc.errors.length === 0) return { tokens, doc };
  // An error can end the item early; the yaml library then reads the rest of the text outside any
  // document (tokens after the document), in the whole text to its end.
  if (tokens.length !== 1 || tokens[0]!.type !== 'document') return undefined;
  // A quote left open ends at the end of the item's text alone, elsewhere in the whole text; flow
  // collections in error end by rules of their own.
  if (doc.errors.some((e) => !LOCAL_ERRORS.has(e.code)) || leftOpen(tokens, 0)) return undefined;
  return { tokens, doc };
}

/**
 * Whether the errors of the old document (`old`) are all in the old item (`[start, end)` of the old
 * text) and are what the item's text alone gives: an error after a quote or bracket left open in an
 * earlier item is reported further on, in an item that has no error of its own.
 */
function ownErrors(old: readonly { code: string; pos: [number, number] }[], oldUnit: string, start: number, end: number): boolean {
  if (old.some((e) => e.pos[0] < start || e.pos[1] > end)) return false;
  const alone = parseItem(oldUnit);
  if (!alone || alone.doc.errors.length !== old.length) return false;
  return alone.doc.errors.every((e, i) => e.code === old[i]!.code && e.pos[0] + start === old[i]!.pos[0] && e.pos[1] + start === old[i]!.pos[1]);
}

function mapRange(r: [number, number, number], map: (o: number) => number | undefined): [number, number, number] | undefined {
  const a = map(r[0]);
  const b = map(r[1]);
  const c = map(r[2]);
  return a === undefined || b === undefined || c === undefined ? undefined : [a, b, c];
}

/**
 * Move every offset of a subtree by `by`, in place: a freshly parsed item, or the nodes after an edit.
 * The range arrays themselves are changed (new ones would outlive the keystroke in every moved node,
 * garbage for the old generation): the yaml library gives each node of a tree its own array, which
 * `test/yaml-incremental.test.ts` checks over the corpus and tagged collections, as one shared by two
 * nodes would move twice.
 */
function moveInPlace(n: unknown, by: number): void {
  if (n === null || typeof n !== 'object') return;
  if (isPair(n)) {
    moveInPlace((n as Pair).key, by);
    moveInPlace((n as Pair).value, by);
    return;
  }
  const node = n as Node;
  const r = node.range;
  if (r) {
    r[0] += by;
    r[1] += by;
    r[2] += by;
  }
  if (isSeq(node) || isMap(node)) for (const it of (node as YAMLSeq).items) moveInPlace(it, by);
}

function moveDocument(doc: Document.Parsed, by: number): void {
  doc.range = [doc.range[0] + by, doc.range[1] + by, doc.range[2] + by];
  moveInPlace(doc.contents, by);
  doc.errors = doc.errors.map((e) => moveError(e, (o) => o + by));
  doc.warnings = doc.warnings.map((w) => moveError(w, (o) => o + by));
}

function moveError<E extends { pos: [number, number] }>(e: E, map: (o: number) => number | undefined): E {
  const copy = Object.create(Object.getPrototypeOf(e) as object) as E;
  Object.assign(copy, e);
  copy.pos = [map(e.pos[0]) ?? e.pos[0], map(e.pos[1]) ?? e.pos[1]];
  return copy;
}
