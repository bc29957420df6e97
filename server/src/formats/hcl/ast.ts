/**
 * The HCL model shared by Terraform and Packer, from native syntax (`.tf`, `.pkr.hcl`) and JSON
 * syntax (`.tf.json`, `.pkr.json`) alike. Offsets are into the file text. Expressions keep only what
 * the rules read: literals, collections of them and plain references (`var.x`, `data.a.b.id`);
 * anything computed (function calls, operators, templates with interpolation) is `other` and unknown.
 */

export interface Span {
  start: number;
  end: number;
}

export type Expr =
  | (Span & { kind: 'string'; value: string; /** `"…"` (native) or JSON string: the range includes the quotes */ quoted: boolean })
  | (Span & { kind: 'number'; value: number })
  | (Span & { kind: 'bool'; value: boolean })
  | (Span & { kind: 'null' })
  | (Span & { kind: 'tuple'; items: Expr[] })
  | (Span & { kind: 'object'; items: ObjectItem[] })
  | (Span & { kind: 'ref'; path: string[] })
  /** a string with `${…}` or `%{…}` in it, a heredoc with them, or any other computed expression */
  | (Span & { kind: 'other'; template?: boolean });

export interface ObjectItem extends Span {
  /** the key as written (unquoted); undefined when the key is computed (`(var.k) = …`) */
  key?: string;
  keyStart: number;
  keyEnd: number;
  value: Expr;
}

export interface Attribute extends Span {
  name: string;
  nameStart: number;
  nameEnd: number;
  value: Expr;
}

export interface Block extends Span {
  type: string;
  labels: string[];
  typeStart: number;
  typeEnd: number;
  /** end of the last label (or of the type): where "the block" is reported */
  headEnd: number;
  body: Body;
}

export interface Body {
  attrs: Attribute[];
  blocks: Block[];
  /** offset just after `{` (0 for a file) */
  open: number;
  /** offset of the closing `}` (the text length for a file or an unclosed block) */
  close: number;
  /** JSON syntax: the body is a JSON object, so edits are written as JSON members */
  json?: boolean;
}

export function attr(body: Body, name: string): Attribute | undefined {
  let found: Attribute | undefined;
  for (const a of body.attrs) if (a.name === name) found = a;
  return found;
}

export function blocks(body: Body, type: string): Block[] {
  return body.blocks.filter((b) => b.type === type);
}

/** Items of an object expression by key (the last one wins). */
export function objectItem(e: Expr | undefined, key: string): ObjectItem | undefined {
  if (e?.kind !== 'object') return undefined;
  let found: ObjectItem | undefined;
  for (const it of e.items) if (it.key === key) found = it;
  return found;
}
