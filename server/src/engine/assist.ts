/**
 * Completion and hover on the keys and values of the line-based formats vharden owns, from the key
 * tables (`formats/keys.ts`) and the metadata of the rules they name. Pure: offsets in, suggestions
 * and Markdown out; the language server adapts them (`lsp/assist.ts`).
 */
import { ruleMeta } from '../catalog';
import { parseAnsible } from '../formats/ansible';
import { ANSIBLE_OPTIONS } from '../formats/ansible/keys';
import type { Task } from '../formats/ansible/tasks';
import { KEY_TABLES, XML_KEY_TABLES } from '../formats/keys';
import { scanXml, type XmlElement } from '../formats/libvirt-xml/scanner';
import { findKey, optionAt, sampleKey, spotAt, writeLine, type FormatKeys, type KeyDoc, type LineSpot } from './keys';
import type { RuleMeta } from './types';

export interface Suggestion {
  label: string;
  kind: 'key' | 'value' | 'option';
  /** replaces [start, end) of the text */
  insert: string;
  start: number;
  end: number;
  /** one line: hardened, reported by a rule, the default */
  detail: string;
  /** Markdown: what the key does, the rules that judge it and their benchmark ids */
  doc: string;
  /** orders the list: hardened values first, then the table's order */
  sort: string;
}

export interface KeyHover {
  start: number;
  end: number;
  markdown: string;
}

/** Links of rule ids in Markdown (the editor's docs view); without it, ids are plain text. */
export type DocsLink = (ruleId: string) => string;

/** Whether the editor knows the keys of this format. */
export function hasKeyTable(formatId: string): boolean {
  return formatId in KEY_TABLES;
}

/** Completion at `offset`: keys on a key, values (hardened first) after the separator, options in property strings. */
export function completions(formatId: string, text: string, offset: number, link?: DocsLink): Suggestion[] {
  const table = KEY_TABLES[formatId];
  if (!table) return [];
  const spot = spotAt(text, offset, table.syntax);
  if (!spot) return [];
  if (spot.part === 'key') return keySuggestions(table, text, spot, link);
  const doc = findKey(table.keys, spot.key, table.syntax.caseInsensitive);
  if (!doc) return [];
  if (doc.options) {
    const opt = optionAt(text, spot, offset);
    if (opt.part === 'value') {
      const o = doc.options.find((x) => x.key === opt.name);
      return o ? valueSuggestions(o, opt.equals + 1, opt.end, '', link) : [];
    }
    const names = doc.options.map((o, i): Suggestion => ({
      label: o.key,
      kind: 'option',
      insert: `${o.key}=`,
      start: opt.start,
      end: opt.equals < 0 ? opt.end : opt.equals + 1,
      detail: detailOf(o),
      doc: describe(o, link),
      sort: `1${pad(i)}`,
    }));
    const whole = spot.valueStart === spot.valueEnd ? valueSuggestions(doc, spot.valueStart, spot.valueEnd, '', link) : [];
    return [...whole, ...names];
  }
  const quote = table.syntax.quoted && text[spot.valueStart - 1] !== '"' ? '"' : '';
  return valueSuggestions(doc, spot.valueStart, spot.valueEnd, quote, link);
}

/** Hover on a key the tables know, on its line's key or value (an option of a property string: that option). */
export function keyHover(formatId: string, text: string, offset: number, link?: DocsLink): KeyHover | undefined {
  const table = KEY_TABLES[formatId];
  if (!table) return undefined;
  const spot = spotAt(text, offset, table.syntax);
  if (!spot || spot.key === '') return undefined;
  const doc = findKey(table.keys, spot.key, table.syntax.caseInsensitive);
  if (!doc || (doc.section && doc.section !== spot.section)) return undefined;
  if (spot.part === 'value' && doc.options) {
    const opt = optionAt(text, spot, offset);
    const o = doc.options.find((x) => x.key === opt.name);
    if (o) return { start: opt.start, end: opt.end, markdown: `**${spot.key}: ${o.key}**\n\n${describe(o, link)}` };
  }
  if (offset > Math.max(spot.valueEnd, spot.keyEnd)) return undefined;
  return { start: spot.keyStart, end: Math.max(spot.keyEnd, spot.valueEnd), markdown: `**${doc.key}**\n\n${describe(doc, link)}` };
}

/** Hover in libvirt XML on an element or attribute a rule reads (the XML extension does the schema). */
export function xmlHover(formatId: string, text: string, offset: number, link?: DocsLink): KeyHover | undefined {
  const table = XML_KEY_TABLES[formatId];
  if (!table) return undefined;
  let el = scanXml(text).root;
  if (!el || offset < el.start || offset >= el.end) return undefined;
  const names = [el.name];
  const inner = (e: XmlElement) => e.children.find((c) => c.start <= offset && offset < c.end);
  for (let c = inner(el); c; c = inner(c)) {
    el = c;
    names.push(c.name);
  }
  if (offset >= el.openEnd) return undefined;
  const path = `/${names.join('/')}`;
  const a = el.attrs.find((x) => x.nameStart <= offset && offset <= x.end);
  const [key, start, end] = a ? [`${path}/@${a.name}`, a.nameStart, a.end] : offset <= el.nameEnd ? [path, el.nameStart, el.nameEnd] : [undefined, 0, 0];
  const doc = key === undefined ? undefined : table.find((d) => d.key === key);
  return doc && { start, end, markdown: `**${a ? `${el.name} ${a.name}` : `<${el.name}>`}**\n\n${describe(doc, link)}` };
}

/** Hover in a playbook on a community.vmware module (the options the rules read, defaults of omitted ones) or on one of those options. */
export function ansibleHover(text: string, offset: number, link?: DocsLink): KeyHover | undefined {
  const task = taskAt(parseAnsible(text).model.tasks, offset);
  const options = task && optionsOf(task.module);
  if (!task || !options) return undefined;
  if (task.start <= offset && offset <= task.end) {
    const omitted = omittedDefaults(task);
    const lines = [
      `Options vharden's rules read: ${options.map((o) => `\`${o.key}\``).join(', ')}.`,
      ...(omitted.length ? [`**Omitted here, the module default applies:** ${omitted.map((o) => `\`${o.key}: ${o.default}\``).join(', ')}`] : []),
      ...[...new Set(options.flatMap((o) => o.see ?? []))].map((id) => ruleLine('Read by', id, link)),
    ];
    return { start: task.start, end: task.end, markdown: `**${task.module}**\n\n${lines.join('\n\n')}` };
  }
  for (const o of options) {
    const opt = task.opt(o.key);
    if (opt && opt.name === o.key && opt.keyStart <= offset && offset <= opt.keyStart + o.key.length) return { start: opt.keyStart, end: opt.end, markdown: `**${task.module}: ${o.key}**\n\n${describe(o, link)}` };
  }
  return undefined;
}

/** The innermost task whose mapping holds the offset. */
function taskAt(tasks: readonly Task[], offset: number): Task | undefined {
  let best: Task | undefined;
  for (const t of tasks) if (t.range.start <= offset && offset < t.range.end && (!best || t.range.end - t.range.start < best.range.end - best.range.start)) best = t;
  return best;
}

function optionsOf(module: string): KeyDoc[] | undefined {
  const own = ANSIBLE_OPTIONS[module];
  return own ? [...own, ...ANSIBLE_OPTIONS['*']!] : undefined;
}

/** Options of the task's module with a default that its rules judge, not written in the task. */
function omittedDefaults(task: Task): KeyDoc[] {
  if (task.opaqueArgs) return [];
  return (ANSIBLE_OPTIONS[task.module] ?? []).filter((o) => o.default !== undefined && !task.opt(o.key));
}

function keySuggestions(table: FormatKeys, text: string, spot: LineSpot, link?: DocsLink): Suggestion[] {
  const present = writtenKeys(text, table);
  const { syntax } = table;
  return table.keys
    .filter((k) => (!k.section || k.section === spot.section) && (k.key.includes('<') || !present.has(syntax.caseInsensitive ? k.key.toLowerCase() : k.key)))
    .map((k, i): Suggestion => {
      const key = sampleKey(k.key, syntax);
      // a line without a separator yet gets the whole `key = "hardened value"`
      const value = spot.separator < 0 ? k.values?.[0] : undefined;
      const insert = spot.separator >= 0 ? key : writeLine(syntax, key, value ?? '');
      return { label: k.key, kind: 'key', insert, start: spot.keyStart, end: spot.separator < 0 ? spot.lineEnd : spot.keyEnd, detail: detailOf(k), doc: describe(k, link), sort: `0${pad(i)}` };
    });
}

function valueSuggestions(doc: KeyDoc, start: number, end: number, quote: string, link?: DocsLink): Suggestion[] {
  return (doc.values ?? []).map((v, i): Suggestion => ({
    label: v,
    kind: 'value',
    insert: `${quote}${v}${quote}`,
    start,
    end,
    detail: valueDetail(doc, v, i),
    doc: describe(doc, link),
    sort: `0${pad(i)}`,
  }));
}

/** Hardened (the first value of a key a rule judges), reported (the value the rule reports), default. */
function valueDetail(doc: KeyDoc, value: string, index: number): string {
  const judged = doc.rules ?? [];
  const notes: string[] = [];
  if (judged.length && value === doc.insecure) notes.push(`reported by ${judged.join(', ')}`);
  else if (judged.length && index === 0) notes.push(`hardened (${judged.join(', ')})`);
  if (doc.default !== undefined && (doc.default === value || doc.default.startsWith(`${value} `))) notes.push('default');
  return notes.join(' · ');
}

function detailOf(doc: KeyDoc): string {
  const judged = doc.rules ?? [];
  return judged.length ? `${judged.join(', ')}${doc.values?.[0] ? ` · hardened: ${doc.values[0]}` : ''}` : doc.summary;
}

/** The Markdown of a key: summary, default, hardened value, the rules that judge or read it with their benchmark ids, the source. */
export function describe(doc: KeyDoc, link?: DocsLink): string {
  const lines = [doc.summary];
  if (doc.default !== undefined) lines.push(`**Default:** \`${doc.default}\``);
  if (doc.rules?.length && doc.values?.[0] !== undefined) lines.push(`**Hardened:** \`${doc.values[0]}\``);
  for (const id of doc.rules ?? []) lines.push(ruleLine('Judged by', id, link));
  for (const id of doc.see ?? []) lines.push(ruleLine('Read by', id, link));
  if (doc.source) lines.push(`**Source:** ${doc.source}`);
  return lines.join('\n\n');
}

function ruleLine(what: string, id: string, link?: DocsLink): string {
  const meta = ruleMeta(id) as RuleMeta | undefined;
  const name = link ? `[${id}](${link(id)})` : id;
  if (!meta) return `**${what}:** ${name}`;
  const refs = meta.references.map((r) => `${r.source} ${r.id}`).join('; ');
  return `**${what}:** ${name} — ${meta.title}${refs ? ` (${refs})` : ''}`;
}

/** Keys written in the file (not to offer twice); one pass over the lines. */
function writtenKeys(text: string, table: FormatKeys): Set<string> {
  const out = new Set<string>();
  const { separator, caseInsensitive } = table.syntax;
  for (const line of text.split(/\r\n|\n|\r/)) {
    const i = line.indexOf(separator);
    if (i <= 0) continue;
    const key = line.slice(0, i).trim();
    out.add(caseInsensitive ? key.toLowerCase() : key);
  }
  return out;
}

function pad(i: number): string {
  return String(i).padStart(3, '0');
}

export interface DefaultHint {
  /** where the hint goes: the end of the line (a value) or of the `[SECTION]` header */
  offset: number;
  label: string;
  tooltip: string;
}

/**
 * Inlay hints for defaults a rule judges when they are omitted: options of a property string
 * (`net0: virtio,bridge=vmbr0` takes `firewall=0`) and keys of a `[SECTION]` (`[OPTIONS]` without
 * `enable:` takes 0). Only entries of the tables that name both a rule and a default. One pass over the lines.
 */
export function defaultHints(formatId: string, text: string): DefaultHint[] {
  if (formatId === 'ansible') return ansibleHints(text);
  const table = KEY_TABLES[formatId];
  if (!table) return [];
  const { separator, caseInsensitive, comment } = table.syntax;
  const judged = (d: KeyDoc) => !!d.rules?.length && d.default !== undefined;
  const out: DefaultHint[] = [];
  let section: { name: string; end: number; written: Set<string> } | undefined;
  const closeSection = () => {
    if (!section) return;
    const missing = table.keys.filter((k) => k.section === section!.name && judged(k) && !section!.written.has(k.key));
    if (missing.length) out.push({ offset: section.end, label: missing.map((k) => `${k.key}: ${k.default}`).join(' · '), tooltip: missing.map((k) => tip(k)).join('\n') });
  };
  const re = /[^\r\n]*(\r\n|\n|\r|$)/g;
  for (let m = re.exec(text); m && m[0] !== ''; m = re.exec(text)) {
    const start = m.index;
    const raw = m[0].slice(0, m[0].length - m[1]!.length);
    const end = start + raw.trimEnd().length;
    const line = raw.trim();
    if (line.startsWith('[')) {
      closeSection();
      const name = /^\[\s*([^\]\s]+)/.exec(line)?.[1]?.toUpperCase();
      section = name ? { name, end, written: new Set() } : undefined;
      continue;
    }
    const sep = line.indexOf(separator);
    if (line === '' || line.startsWith(comment) || sep <= 0) continue;
    const key = line.slice(0, sep).trim();
    section?.written.add(key);
    const doc = findKey(table.keys, key, caseInsensitive);
    if (!doc?.options) continue;
    const names = new Set(line.slice(sep + 1).split(',').map((p) => p.split('=')[0]!.trim()));
    const missing = doc.options.filter((o) => judged(o) && !names.has(o.key));
    if (missing.length) out.push({ offset: end, label: missing.map((o) => `${o.key}=${o.default}`).join(','), tooltip: missing.map((o) => tip(o)).join('\n') });
  }
  closeSection();
  return out;
}

/** Playbooks: after a module's name, the defaults its omitted options take (`state: start`). */
function ansibleHints(text: string): DefaultHint[] {
  const out: DefaultHint[] = [];
  for (const task of parseAnsible(text).model.tasks) {
    const omitted = omittedDefaults(task);
    if (!omitted.length) continue;
    let end = task.end;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    while (end > task.end && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    out.push({ offset: end, label: omitted.map((o) => `${o.key}: ${o.default}`).join(' · '), tooltip: omitted.map((o) => `${o.key} is omitted: the module default ${o.default} applies (read by ${o.see!.join(', ')}).`).join('\n') });
  }
  return out;
}

function tip(d: KeyDoc): string {
  return `${d.key} is omitted: the default ${d.default} applies (judged by ${d.rules!.join(', ')}).`;
}
