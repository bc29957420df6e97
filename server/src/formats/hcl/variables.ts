import type { ModuleValue } from '../../engine/types';
import { attr, type Expr } from './ast';
import type { HclModel } from './model';

/**
 * Terraform variables across the files of a module folder: `variable "x" { default = … }` in any
 * `.tf`/`.tf.json` file, and assignments in `terraform.tfvars`, `terraform.tfvars.json` and
 * `*.auto.tfvars(.json)`, which Terraform loads by itself, later ones overriding earlier ones:
 * defaults, then `terraform.tfvars`, then `terraform.tfvars.json`, then the `*.auto.tfvars` files in
 * lexical order of their names. Other `.tfvars` files are loaded only with `-var-file`: one that sets
 * another value makes the variable unknown, as do a variable declared twice (or nowhere), a value set
 * twice in one file, a computed value, and a `.tfvars` file that did not parse cleanly.
 */

/** `-var`, `-var-file` and `TF_VAR_x` can still set any variable: messages say so. */
export const runTime = (name: string) => `-var, -var-file or TF_VAR_${name} may set another value`;

type Literal = boolean | number | string;

/** A variable's value as far as the module folder decides it. */
export interface ModuleVar {
  value: Literal;
  /** where it was found, for messages (never the value): `terraform.tfvars line 3, over the default in variables.tf line 5` */
  from: string;
  /** where the literal is written */
  path: string;
  start: number;
  end: number;
}

const base = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** A `.tfvars` file Terraform loads by itself: its rank (lower loads first), else undefined (a `-var-file`). */
function autoRank(path: string): number | undefined {
  const name = base(path).toLowerCase();
  if (name === 'terraform.tfvars') return 0;
  if (name === 'terraform.tfvars.json') return 1;
  if (/\.auto\.tfvars(\.json)?$/.test(name)) return 2;
  return undefined;
}

export const isTfvars = (path: string) => /\.tfvars(\.json)?$/i.test(path);

function literalOf(e: Expr | undefined): Literal | undefined {
  if (e?.kind === 'string' || e?.kind === 'number' || e?.kind === 'bool') return e.value;
  return undefined;
}

/** 0-based line of each offset (offsets in any order), in one pass over the text. */
function linesAt(text: string, offsets: number[]): Map<number, number> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map<number, number>();
  let line = 0;
  let at = 0;
  for (const o of sorted) {
    for (let n = text.indexOf('\n', at); n >= 0 && n < o; n = text.indexOf('\n', n + 1)) {
      line++;
      at = n + 1;
    }
    out.set(o, line);
  }
  return out;
}

/** What this file declares for its module folder: variable declarations (`.tf`), or assignments (`.tfvars`). */
export function moduleValuesOf(model: HclModel, path: string): ModuleValue[] {
  const found: Omit<ModuleValue, 'line'>[] = [];
  if (isTfvars(path)) {
    // a .tfvars file that did not parse cleanly may set anything
    if (model.damaged) found.push({ name: '*', path, source: 'damaged', start: 0, end: 0 });
    for (const a of model.body.attrs) found.push({ name: a.name, path, source: 'tfvars', value: literalOf(a.value), start: a.start, end: a.end });
  } else {
    for (const b of model.body.blocks) {
      if (b.type !== 'variable' || b.labels.length !== 1) continue;
      const d = attr(b.body, 'default');
      found.push(d ? { name: b.labels[0]!, path, source: 'default', value: literalOf(d.value), start: d.start, end: d.end } : { name: b.labels[0]!, path, source: 'declared', start: b.start, end: b.headEnd });
    }
  }
  const lines = linesAt(model.text, found.map((f) => f.start));
  return found.map((f) => ({ ...f, line: lines.get(f.start) ?? 0 }));
}

/** The names of the variables a file refers to (`var.x`, comments included: a superset is harmless). */
export function variablesUsed(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_-]*)/g)) out.add(m[1]!);
  return [...out];
}

const where = (v: ModuleValue) => `${base(v.path)} line ${v.line + 1}`;

/** Each variable of the folder whose value is decided, by name; the rest are unknown. */
export function resolveModule(values: readonly ModuleValue[]): Map<string, ModuleVar> {
  const out = new Map<string, ModuleVar>();
  const byName = new Map<string, ModuleValue[]>();
  for (const v of values) {
    // a .tfvars file that did not parse cleanly may set anything
    if (v.source === 'damaged') return out;
    let list = byName.get(v.name);
    if (!list) byName.set(v.name, (list = []));
    list.push(v);
  }
  for (const [name, list] of byName) {
    const decls = list.filter((v) => v.source === 'default' || v.source === 'declared');
    if (decls.length !== 1) continue;
    const sets = list.filter((v) => v.source === 'tfvars');
    const perFile = new Set(sets.map((v) => v.path));
    if (perFile.size !== sets.length) continue; // set twice in one file: Terraform refuses it
    const auto = sets.filter((v) => autoRank(v.path) !== undefined).sort((a, b) => autoRank(a.path)! - autoRank(b.path)! || (base(a.path) < base(b.path) ? -1 : base(a.path) > base(b.path) ? 1 : 0));
    const decl = decls[0]!;
    const chain = decl.source === 'default' ? [decl, ...auto] : auto;
    const last = chain[chain.length - 1];
    if (last?.value === undefined) continue;
    const value = last.value;
    const others = sets.filter((v) => autoRank(v.path) === undefined);
    if (others.some((v) => v.value !== value)) continue; // a -var-file sets another value (or a computed one)
    const from = last.source === 'default' ? `the default in ${where(last)}` : where(last);
    const over = last !== decl && decl.source === 'default' ? `, over the default in ${where(decl)}` : '';
    out.set(name, { value, from: `${from}${over}`, path: last.path, start: last.start, end: last.end });
  }
  return out;
}
