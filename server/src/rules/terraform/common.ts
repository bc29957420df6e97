import type { Fix, Reference } from '../../engine/types';
import { attr, blocks, type Attribute, type Block, type Body } from '../../formats/hcl/ast';
import { address, attrValue, blocksOf, boolOf, commentLines, indentAt, insertAttr, setAttr, strOf, valueOf, viaNote, type HclModel, type Value } from '../../formats/hcl/model';
import { doc } from '../refs';

export { address, attr, attrValue, blocks, blocksOf, boolOf, insertAttr, setAttr, strOf, viaNote };
export type { Attribute, Block, Body, HclModel, Value };

export const tfDoc = (provider: string, page: string): Reference => doc(`Terraform ${provider} provider`, page);
export const packerDoc = (builder: string, option: string): Reference => doc(`Packer ${builder} builder`, option);

/** `resource "type" "name"` or `source "type" "name"`, for messages. */
export function label(b: Block): string {
  return `${b.type} ${b.labels.map((l) => `"${l}"`).join(' ')}`;
}

/** A fix that writes a value in place; none when the value came from a variable's default elsewhere in the file. */
export function setFix(a: Attribute, v: Value | undefined, to: boolean | number | string, title: string, safety: 'safe' | 'guarded' = 'safe'): Fix[] | undefined {
  if (!v || v.via) return undefined;
  return [{ title, safety, edits: [setAttr(a, to)] }];
}

/** A commented template after the line where `at` ends, at the indentation of that line (native syntax). */
export function template(model: HclModel, title: string, at: number, from: number, lines: string[]): Fix[] | undefined {
  const edit = commentLines(model, at, indentAt(model.text, from), lines);
  return edit ? [{ title, safety: 'guarded', edits: [edit] }] : undefined;
}

/** A string value of an attribute, in place or from a variable's literal default (`at`: where it is written). */
export function valueOfAttr(model: HclModel, a: Attribute): { value: string; via?: string; at: { start: number; end: number } } | undefined {
  const v = valueOf(model, a.value);
  if (!v || v.expr.kind !== 'string') return undefined;
  return { value: v.expr.value, via: v.via, at: v.via ? { start: v.expr.start, end: v.expr.end } : { start: a.start, end: a.end } };
}
