import type { Fix, Reference } from '../../engine/types';
import { attr, blocks, type Attribute, type Block, type Body } from '../../formats/hcl/ast';
import { address, attrValue, blocksOf, boolOf, commentNear, fromNote, insertAttr, setAttr, strOf, valueOf, viaNote, type HclModel, type Value } from '../../formats/hcl/model';
import { doc } from '../refs';

export { address, attr, attrValue, blocks, blocksOf, boolOf, fromNote, insertAttr, setAttr, strOf, viaNote };
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

/** A commented template about attribute `a` of `body` (native syntax; see commentNear). */
export function template(model: HclModel, title: string, body: Body, a: Attribute, lines: string[]): Fix[] | undefined {
  const edit = commentNear(model, body, a, lines);
  return edit ? [{ title, safety: 'guarded', edits: [edit] }] : undefined;
}

/** A string value of an attribute, in place or from a variable (`at`: where it is written in this file, else the reference; `from`: where in its folder). */
export function valueOfAttr(model: HclModel, a: Attribute): { value: string; via?: string; from?: string; at: { start: number; end: number } } | undefined {
  const v = valueOf(model, a.value);
  if (!v || v.expr.kind !== 'string') return undefined;
  return { value: v.expr.value, via: v.via, from: v.from, at: v.via ? { start: v.expr.start, end: v.expr.end } : { start: a.start, end: a.end } };
}
