import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { detectEol, type LineIndex } from '../../engine/text';
import type { TextEdit } from '../../engine/types';
import { VMWARE_MODULES } from './modules';
import { MAX_DEPTH, asMap, hasMergeKey, isTemplate, keyName, pairOf, scalarText, seqItems } from './yaml';

/** One module option as written in a task: a YAML pair or a `key=value` word of a free-form string. */
export interface Opt {
  name: string;
  /** value node; undefined for free-form words and for `key:` without a value */
  node?: Node;
  /** the value's text when it is a scalar (free-form words included) */
  text?: string;
  templated: boolean;
  keyStart: number;
  /** value range (the key's range when the value is empty) */
  start: number;
  end: number;
  /** free-form `key=value` words are rewritten raw */
  inline: boolean;
}

export interface Task {
  /** module short name, e.g. `vmware_host_service_manager` */
  module: string;
  /** the module name as written (FQCN or short) */
  written: string;
  /** range of the module name */
  start: number;
  end: number;
  /** range of the whole task mapping */
  range: { start: number; end: number };
  /** the task's `name`, when it is a plain string */
  name?: string;
  /** stable locator: the task name, or the module and its occurrence number */
  locator: string;
  /** true when options may come from somewhere vharden cannot read (merge keys, templated args) */
  opaqueArgs: boolean;
  /** the first of these options the task sets: a name and up to two aliases (the same object each time it is asked: read it, never change it) */
  opt(name: string, alias?: string, alias2?: string): Opt | undefined;
  /** edit that adds `name: value` (or `name=value`) to the task's arguments, when there is a place for it */
  insert(name: string, yamlValue: string): TextEdit | undefined;
}

const FQCN = /^community\.vmware\.([a-z0-9_]+)$/;
const PLAY_LISTS = ['tasks', 'pre_tasks', 'post_tasks', 'handlers'];
const BLOCK_LISTS = ['block', 'rescue', 'always'];

export function moduleShortName(written: string): string | undefined {
  const m = FQCN.exec(written);
  if (m) return m[1];
  return VMWARE_MODULES.has(written) ? written : undefined;
}

/** Every community.vmware task of the documents: plays, task files, nested blocks; with `first`, only the first one. */
export function findTasks(docs: Document.Parsed[], text: string, index: LineIndex, first = false): Task[] {
  const tasks: Task[] = [];
  const seen = new Map<string, number>();
  const walkList = (list: Node | null | undefined, depth: number, inPlayFile: boolean): void => {
    if (depth > MAX_DEPTH) return;
    for (const item of seqItems(list)) {
      if (first && tasks.length > 0) return;
      const map = asMap(item);
      if (!map) continue;
      if (inPlayFile && isPlay(map)) {
        for (const key of PLAY_LISTS) walkList(pairOf(map, key)?.value, depth + 1, false);
        continue;
      }
      // a node read before as a task, or as no task, was no block then and is none now (nodes never change)
      if (!piecesOf.has(map) && BLOCK_LISTS.some((k) => pairOf(map, k))) {
        for (const key of BLOCK_LISTS) walkList(pairOf(map, key)?.value, depth + 1, false);
        continue;
      }
      const task = readTask(map, text, index, seen);
      if (task) tasks.push(task);
    }
  };
  for (const doc of docs) walkList(doc.contents, 0, true);
  return tasks;
}

function isPlay(map: YAMLMap): boolean {
  return !!(pairOf(map, 'hosts') || pairOf(map, 'import_playbook') || PLAY_LISTS.some((k) => isSeq(pairOf(map, k)?.value)) || pairOf(map, 'roles'));
}

interface Source {
  map?: YAMLMap<Node, Node | null>;
  words?: Opt[];
  /** where `key=value` words are appended (end of the free-form string) */
  wordsEnd?: number;
}

/**
 * What a task mapping says, apart from where it sits among the other tasks (its locator's number)
 * and the text around it (fixes' line breaks). It depends only on the node and the text inside its
 * range, so it is kept per node: a node the incremental parse keeps from the previous keystroke's
 * parse (every task but the edited one) is read once, and the options asked of it stay looked up.
 * The offsets in it are those of when the node started at `base`: a node after an edit has moved
 * since (yaml-incremental.ts moves nodes in place), and its pieces move with it when next read.
 */
interface TaskPieces {
  /** where the task mapping started when these offsets were right */
  base: number;
  module: string;
  written: string;
  start: number;
  end: number;
  name?: string;
  opaqueArgs: boolean;
  sources: Source[];
  /** the options asked so far, by name, with the aliases asked for with it; null for one the task does not set */
  looked: Map<string, { alias?: string; alias2?: string; opt: Opt | null }[]>;
}

/**
 * Pieces per task node; `null` for a mapping that is no community.vmware task. A node's content
 * never changes (an edited item is a new node), only where it is, so entries stay true once moved.
 */
const piecesOf = new WeakMap<YAMLMap, TaskPieces | null>();

function readTask(map: YAMLMap<Node, Node | null>, text: string, index: LineIndex, seen: Map<string, number>): Task | undefined {
  let pieces = piecesOf.get(map);
  if (pieces === undefined) {
    pieces = readPieces(map, text) ?? null;
    piecesOf.set(map, pieces);
  }
  if (!pieces) return undefined;
  if (pieces.base !== map.range![0]) movePieces(pieces, map.range![0] - pieces.base);
  let locator: string;
  if (pieces.name) locator = `task[${pieces.name}]`;
  else {
    const n = (seen.get(pieces.module) ?? 0) + 1;
    seen.set(pieces.module, n);
    locator = `${pieces.module}#${n}`;
  }
  return new ReadTask(pieces, map, locator, text, index);
}

/** A task as read for one text: its pieces, where it is, and the text its fixes edit (methods, not closures per task). */
class ReadTask implements Task {
  readonly module: string;
  readonly written: string;
  readonly start: number;
  readonly end: number;
  readonly range: { start: number; end: number };
  readonly name?: string;
  readonly opaqueArgs: boolean;

  constructor(
    private readonly pieces: TaskPieces,
    map: YAMLMap,
    readonly locator: string,
    private readonly text: string,
    private readonly index: LineIndex,
  ) {
    this.module = pieces.module;
    this.written = pieces.written;
    this.start = pieces.start;
    this.end = pieces.end;
    this.range = { start: map.range![0], end: map.range![1] };
    if (pieces.name !== undefined) this.name = pieces.name;
    this.opaqueArgs = pieces.opaqueArgs;
  }

  opt(name: string, alias?: string, alias2?: string): Opt | undefined {
    // the rules, carriers and facts ask a task for the same options over and over: each is looked up
    // once, by its name (no key or array is made per call: there are several thousand a keystroke)
    const { looked, sources } = this.pieces;
    const asked = looked.get(name);
    if (asked) for (const a of asked) if (a.alias === alias && a.alias2 === alias2) return a.opt ?? undefined;
    let found: Opt | undefined;
    for (const s of sources) {
      for (const n of alias2 !== undefined ? [name, alias, alias2] : alias !== undefined ? [name, alias] : [name]) {
        if (n === undefined) continue;
        found = s.map ? mapOpt(s.map, n, this.text) : s.words?.find((w) => w.name === n);
        if (found) break;
      }
      if (found) break;
    }
    const entry = { alias, alias2, opt: found ?? null };
    if (asked) asked.push(entry);
    else looked.set(name, [entry]);
    return found;
  }

  insert(name: string, yamlValue: string): TextEdit | undefined {
    const s = this.pieces.sources[0];
    if (!s) return undefined;
    if (s.map) return insertPair(s.map, name, yamlValue, this.text, this.index);
    if (s.wordsEnd !== undefined && !/[\s'"]/.test(yamlValue)) return { start: s.wordsEnd, end: s.wordsEnd, newText: ` ${name}=${yamlValue}` };
    return undefined;
  }
}

function readPieces(map: YAMLMap<Node, Node | null>, text: string): TaskPieces | undefined {
  let module: string | undefined;
  let written = '';
  let start = 0;
  let end = 0;
  const sources: Source[] = [];
  let opaqueArgs = hasMergeKey(map);
  for (const pair of map.items as Pair<Node, Node | null>[]) {
    const key = keyName(pair);
    if (key === undefined) continue;
    if (key === 'action' || key === 'local_action') {
      const v = pair.value;
      if (isScalar(v) && typeof v.value === 'string') {
        const words = splitWords(v, text);
        const first = words?.[0];
        const short = first ? moduleShortName(first.word) : undefined;
        if (!first || !short) continue;
        module = short;
        written = first.word;
        start = first.start;
        end = first.end;
        sources.push({ words: words.slice(1).flatMap((w) => wordOpt(w) ?? []), wordsEnd: v.range![1] - quoteWidth(v) });
      } else if (isMap(v)) {
        const m = v as YAMLMap<Node, Node | null>;
        const modPair = pairOf(m, 'module');
        const name = isScalar(modPair?.value) ? String((modPair!.value as Scalar).value) : '';
        const short = moduleShortName(name);
        if (!short) continue;
        module = short;
        written = name;
        start = modPair!.value!.range![0];
        end = modPair!.value!.range![1];
        sources.push({ map: m });
        if (hasMergeKey(m)) opaqueArgs = true;
      }
      continue;
    }
    const short = moduleShortName(key);
    if (!short) continue;
    module = short;
    written = key;
    start = (pair.key as Node).range![0];
    end = (pair.key as Node).range![1];
    const v = pair.value;
    if (isMap(v)) {
      sources.push({ map: v as YAMLMap<Node, Node | null> });
      if (hasMergeKey(v)) opaqueArgs = true;
    } else if (isScalar(v) && typeof v.value === 'string') {
      if (isTemplate(v.value)) opaqueArgs = true;
      const words = splitWords(v, text);
      if (words) sources.push({ words: words.flatMap((w) => wordOpt(w) ?? []), wordsEnd: v.range![1] - quoteWidth(v) });
      else opaqueArgs = true;
    } else if (isAlias(v)) opaqueArgs = true;
  }
  if (!module) return undefined;
  const argsPair = pairOf(map, 'args');
  if (argsPair) {
    if (isMap(argsPair.value)) sources.push({ map: argsPair.value as YAMLMap<Node, Node | null> });
    else opaqueArgs = true;
  }
  const nameNode = pairOf(map, 'name')?.value;
  const name = isScalar(nameNode) && typeof nameNode.value === 'string' ? nameNode.value : undefined;
  return { base: map.range![0], module, written, start, end, name, opaqueArgs, sources, looked: new Map() };
}

/** Move the offsets of a task's pieces by `by`: its node moved by that much since they were read. */
function movePieces(p: TaskPieces, by: number): void {
  p.base += by;
  p.start += by;
  p.end += by;
  const move = (o: Opt): void => {
    o.keyStart += by;
    o.start += by;
    o.end += by;
  };
  for (const s of p.sources) {
    if (s.wordsEnd !== undefined) s.wordsEnd += by;
    if (s.words) for (const w of s.words) move(w);
  }
  // an option looked up is a new object, or one of the free-form words just moved
  for (const asked of p.looked.values()) for (const { opt } of asked) if (opt && !opt.inline) move(opt);
}

/** An option in a YAML map, or undefined. */
export function mapOpt(map: YAMLMap<Node, Node | null>, name: string, text: string): Opt | undefined {
  const pair = pairOf(map, name);
  if (!pair) return undefined;
  return pairOpt(pair, name, text);
}

function pairOpt(pair: Pair<Node, Node | null>, name: string, text: string): Opt {
  const k = (pair.key as Node).range!;
  const v = pair.value;
  if (!v || !v.range || (isScalar(v) && v.value === null && v.range[0] === v.range[1])) {
    return { name, node: v ?? undefined, templated: false, keyStart: k[0], start: k[0], end: k[1], inline: false };
  }
  const str = isScalar(v) ? scalarText(v, text) : undefined;
  return { name, node: v, text: str, templated: str !== undefined && isTemplate(str), keyStart: k[0], start: v.range[0], end: v.range[1], inline: false };
}

interface Word {
  word: string;
  start: number;
  end: number;
}

function quoteWidth(s: Scalar): number {
  return s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE' ? 1 : 0;
}

/**
 * Words of a free-form string (`vmware_x a=1 b="two words"`) with their offsets, when the source
 * text maps one to one onto the value (plain or quoted without escapes, on one line).
 */
function splitWords(s: Scalar, text: string): Word[] | undefined {
  const value = String(s.value);
  const q = quoteWidth(s);
  const base = s.range![0] + q;
  if (text.slice(base, base + value.length) !== value) return undefined;
  const words: Word[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /\s/.test(value[i]!)) i++;
    if (i >= value.length) break;
    const st = i;
    let quote = '';
    while (i < value.length && (quote || !/\s/.test(value[i]!))) {
      const c = value[i]!;
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      i++;
    }
    words.push({ word: value.slice(st, i), start: base + st, end: base + i });
  }
  return words;
}

function wordOpt(w: Word): Opt | undefined {
  const eq = w.word.indexOf('=');
  if (eq <= 0) return undefined;
  let raw = w.word.slice(eq + 1);
  let start = w.start + eq + 1;
  let end = w.end;
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0])) {
    raw = raw.slice(1, -1);
    start++;
    end--;
  }
  return { name: w.word.slice(0, eq), text: raw, templated: isTemplate(raw), keyStart: w.start, start, end, inline: true };
}

/** Insert `name: value` as the last entry of a map, in block or flow style, in the file's line-break style. */
function insertPair(map: YAMLMap<Node, Node | null>, name: string, yamlValue: string, text: string, index: LineIndex): TextEdit | undefined {
  const last = map.items[map.items.length - 1] as Pair<Node, Node | null> | undefined;
  if (!map.range) return undefined;
  if (map.flow) {
    const lastEnd = last ? (last.value?.range?.[1] ?? (last.key as Node).range![1]) : undefined;
    if (lastEnd !== undefined) return { start: lastEnd, end: lastEnd, newText: `, ${name}: ${yamlValue}` };
    const close = text.lastIndexOf('}', map.range[1]);
    return close > map.range[0] ? { start: close, end: close, newText: ` ${name}: ${yamlValue} ` } : undefined;
  }
  if (!last) return undefined;
  const firstKey = (map.items[0] as Pair<Node>).key.range![0];
  const indent = index.position(firstKey).character;
  let endOff = last.value?.range?.[1] ?? (last.key as Node).range![1];
  while (endOff > 0 && /\s/.test(text[endOff - 1]!)) endOff--;
  const at = index.lineEnd(index.position(endOff).line);
  return { start: at, end: at, newText: `${detectEol(text)}${' '.repeat(indent)}${name}: ${yamlValue}` };
}
