import { detectEol } from '../../engine/text';
import type { TextEdit } from '../../engine/types';
import { attr, blocks, type Attribute, type Block, type Body, type Expr } from './ast';
import { runTime, type ModuleVar } from './variables';

export interface HclModel {
  text: string;
  body: Body;
  /** JSON syntax (`.tf.json`, `.pkr.json`) */
  json: boolean;
  /** `variable "x" { default = … }` of this file, by name */
  variables: Map<string, Block>;
  /** `locals { x = … }` of this file, by name */
  locals: Map<string, Attribute>;
  /**
   * The variables its module folder decides (defaults and `.tfvars` of every file of the folder, see
   * `resolveModule`), when the file was linted with its folder; undefined: alone (this file's defaults only)
   */
  module?: Map<string, ModuleVar>;
  /** the file's path (for telling this file's literals from the folder's others) */
  path?: string;
  /** the parser reported problems: something may be missing from the model */
  damaged?: boolean;
}

export function modelOf(text: string, body: Body, json: boolean, path?: string): HclModel {
  const variables = new Map<string, Block>();
  const locals = new Map<string, Attribute>();
  for (const b of body.blocks) {
    if (b.type === 'variable' && b.labels.length === 1) variables.set(b.labels[0]!, b);
    if (b.type === 'locals') for (const a of b.body.attrs) locals.set(a.name, a);
  }
  return { text, body, json, variables, locals, path };
}

/** Top-level blocks `kind "type" …` (resource, data, provider, source) whose first label is one of `types`. */
export function blocksOf(model: HclModel, kind: string, ...types: string[]): Block[] {
  return blocks(model.body, kind).filter((b) => types.includes(b.labels[0] ?? ''));
}

/** A literal value, and the variable or local it came from when it was a reference. */
export interface Value {
  expr: Expr;
  /** `var.x` or `local.x` when the value is that reference's literal default in this file */
  via?: string;
  /** where a variable's value was found in its module folder, for messages (never the value itself) */
  from?: string;
}

/**
 * The value of an expression as far as this file, or its module folder, decides it: a literal, or a
 * reference to a local whose value is a literal, or to a variable whose value the folder's defaults and
 * `.tfvars` decide (alone: whose `default` in this file is a literal). Anything computed, and
 * variables whose value is not decided, are unknown (undefined). A value from a variable carries no
 * position of its own: its expression spans the reference, and messages name where it was found.
 */
export function valueOf(model: HclModel, e: Expr | undefined, seen = 0): Value | undefined {
  if (!e) return undefined;
  if (e.kind === 'other') return undefined;
  if (e.kind !== 'ref') return { expr: e };
  if (seen > 8 || e.path.length !== 2) return undefined;
  const [root, name] = e.path as [string, string];
  if (root === 'var' && model.module) {
    const m = model.module.get(name);
    if (!m) return undefined;
    // the literal's own place when it is in this file, else the reference
    const at = m.path === model.path ? { start: m.start, end: m.end } : { start: e.start, end: e.end };
    const expr: Expr = typeof m.value === 'boolean' ? { kind: 'bool', value: m.value, ...at } : typeof m.value === 'number' ? { kind: 'number', value: m.value, ...at } : { kind: 'string', value: m.value, quoted: false, ...at };
    return { expr, via: `var.${name}`, from: m.from };
  }
  if (root === 'var') {
    const d = model.variables.get(name);
    const def = d ? attr(d.body, 'default') : undefined;
    const v = valueOf(model, def?.value, seen + 1);
    return v ? { expr: v.expr, via: v.via ?? `var.${name}` } : undefined;
  }
  if (root === 'local') {
    const v = valueOf(model, model.locals.get(name)?.value, seen + 1);
    return v ? { ...v, via: v.via ?? `local.${name}` } : undefined;
  }
  return undefined;
}

/** Terraform converts "true"/"false" strings to bool; so does Packer. */
export function boolOf(model: HclModel, e: Expr | undefined): boolean | undefined {
  const v = valueOf(model, e)?.expr;
  if (v?.kind === 'bool') return v.value;
  if (v?.kind === 'string') {
    const t = v.value.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return undefined;
}

export function strOf(model: HclModel, e: Expr | undefined): string | undefined {
  const v = valueOf(model, e)?.expr;
  if (v?.kind === 'string') return v.value;
  if (v?.kind === 'number') return String(v.value);
  if (v?.kind === 'bool') return String(v.value);
  return undefined;
}

/** The attribute's value: a literal in place (fixable), from a variable default (`via`), or unknown. */
export function attrValue(model: HclModel, body: Body, name: string): { attr: Attribute; value?: Value } | undefined {
  const a = attr(body, name);
  return a ? { attr: a, value: valueOf(model, a.value) } : undefined;
}

/** " (the default of var.x; a .tfvars file or -var may set another)" for values that came from a variable. */
export function viaNote(v: Value | undefined): string {
  if (!v?.via) return '';
  if (v.from) {
    const name = v.via.startsWith('var.') ? v.via.slice(4) : undefined;
    const shown = v.expr.kind === 'string' ? JSON.stringify(v.expr.value) : v.expr.kind === 'number' || v.expr.kind === 'bool' ? String(v.expr.value) : '';
    return name ? ` (var.${name} = ${shown} from ${v.from}; ${runTime(name)})` : ` (from ${v.via}, ${v.from})`;
  }
  return v.via.startsWith('var.') ? ` (the default of ${v.via}; a .tfvars file or -var may set another value)` : ` (from ${v.via})`;
}

/** " (from var.x)", or with where its folder sets it: " (from var.x: terraform.tfvars line 2)"; '' for values written in place. */
export function fromNote(v: { via?: string; from?: string } | undefined): string {
  if (!v?.via) return '';
  return v.from ? ` (from ${v.via}: ${v.from})` : ` (from ${v.via})`;
}

/** The literal to write in this file's syntax: HCL and JSON agree for bools, numbers and strings. */
export function literal(v: boolean | number | string): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Replace an attribute's value written in place (not one that came from a variable). */
export function setAttr(a: Attribute, v: boolean | number | string): TextEdit {
  return { start: a.value.start, end: a.value.end, newText: literal(v) };
}

/** Insert `name = value` as the last line of a block body (JSON: a member after `{`). */
export function insertAttr(model: HclModel, body: Body, name: string, v: boolean | number | string): TextEdit {
  const text = model.text;
  if (body.json) {
    const rest = text.slice(body.open, body.close).trim();
    return { start: body.open, end: body.open, newText: `${JSON.stringify(name)}: ${literal(v)}${rest ? ', ' : ''}` };
  }
  const eol = detectEol(text);
  const lineStart = text.lastIndexOf('\n', body.close - 1) + 1;
  const closeIndent = /^[ \t]*/.exec(text.slice(lineStart, body.close))![0];
  const onOwnLine = text.slice(lineStart, body.close).trim() === '';
  const first = body.attrs[0] ?? body.blocks[0];
  const firstLine = first ? text.lastIndexOf('\n', first.start - 1) + 1 : -1;
  const indent = first && /^[ \t]*$/.test(text.slice(firstLine, first.start)) ? text.slice(firstLine, first.start) : `${closeIndent}  `;
  if (onOwnLine) {
    // terraform fmt aligns the `=` of consecutive one-line attributes: join the run above at its column,
    // or, when the new name is longer, start a run of its own after a blank line (other lines stay as they are)
    const width = runAbove(text, body, lineStart)?.width;
    const line = width === undefined || name.length <= width ? `${indent}${name.padEnd(width ?? 0)} = ${literal(v)}${eol}` : `${eol}${indent}${name} = ${literal(v)}${eol}`;
    return { start: lineStart, end: lineStart, newText: line };
  }
  // `{}` or a one-line block: break the line before the closing brace
  return { start: body.close, end: body.close, newText: `${eol}${indent}${name} = ${literal(v)}${eol}${closeIndent}` };
}

/**
 * terraform fmt aligns the `=` of consecutive one-line attributes. The run of them that ends on the line
 * just above `lineStart`: the start of its first line and its longest name; undefined when that line is
 * not a one-line attribute of `body`.
 */
function runAbove(text: string, body: Body, lineStart: number): { start: number; width: number } | undefined {
  const byLine = new Map<number, number>();
  for (const a of body.attrs) {
    const ls = text.lastIndexOf('\n', a.start - 1) + 1;
    if (!text.slice(a.start, a.end).includes('\n') && text.slice(ls, a.start).trim() === '') byLine.set(ls, a.nameEnd - a.nameStart);
  }
  let run: { start: number; width: number } | undefined;
  for (let at = lineStart; at > 0; ) {
    const prev = text.lastIndexOf('\n', at - 2) + 1;
    const w = byLine.get(prev);
    if (w === undefined) break;
    run = { start: prev, width: Math.max(run?.width ?? 0, w) };
    at = prev;
  }
  return run;
}

/**
 * Commented lines about attribute `a` of `body` (native syntax only): above the run of aligned
 * attributes that holds it, so that terraform fmt's alignment of the run is unchanged; after `a`
 * when it spans several lines.
 */
export function commentNear(model: HclModel, body: Body, a: Attribute, lines: string[]): TextEdit | undefined {
  if (model.json) return undefined;
  const text = model.text;
  const n = text.indexOf('\n', a.end);
  const run = text.slice(a.start, a.end).includes('\n') || n < 0 ? undefined : runAbove(text, body, n + 1);
  if (!run) return commentLines(model, a.end, indentAt(text, a.start), lines);
  const eol = detectEol(text);
  const indent = indentAt(text, a.start);
  return { start: run.start, end: run.start, newText: lines.map((l) => `${indent}# ${l}${eol}`).join('') };
}

/** A commented block of lines inserted after the line where `at` ends (native syntax only). */
export function commentLines(model: HclModel, at: number, indent: string, lines: string[]): TextEdit | undefined {
  if (model.json) return undefined;
  const eol = detectEol(model.text);
  const n = model.text.indexOf('\n', at);
  const pos = n < 0 ? model.text.length : model.text[n - 1] === '\r' ? n - 1 : n;
  return { start: pos, end: pos, newText: lines.map((l) => `${eol}${indent}# ${l}`).join('') };
}

/** The indentation of the line holding `at`. */
export function indentAt(text: string, at: number): string {
  const ls = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(ls))![0];
}

/** `resource "type" "name"` → `type.name`, for messages and locators. */
export function address(b: Block): string {
  return b.labels.join('.');
}
