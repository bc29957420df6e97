import { detectEol } from '../../engine/text';
import type { TextEdit } from '../../engine/types';
import type { XmlAttr, XmlElement } from './scanner';

/** XML text edits that change only the bytes they mean to: values inside their quotes, inserted markup indented like its siblings. */

export function escapeAttr(value: string, quote: string): string {
  let out = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  if (quote === "'") out = out.replace(/'/g, '&apos;');
  else out = out.replace(/"/g, '&quot;');
  return out;
}

/** Replace an attribute's value inside its existing quotes. */
export function setAttrValue(a: XmlAttr, value: string): TextEdit {
  if (a.quote) return { start: a.valueStart, end: a.valueEnd, newText: escapeAttr(value, a.quote) };
  return { start: a.nameStart, end: a.valueEnd, newText: `${a.name}='${escapeAttr(value, "'")}'` };
}

/** The quote character the element (or else its nearest ancestor) uses for attributes; `'` by default. */
export function quoteOf(el: XmlElement): string {
  for (let e: XmlElement | undefined = el; e; e = e.parent) {
    const q = e.attrs.find((a) => a.quote)?.quote;
    if (q) return q;
  }
  return "'";
}

/** Insert `name="value"` after the element's last attribute, in the element's quote style. */
export function insertAttr(el: XmlElement, name: string, value: string): TextEdit {
  const q = quoteOf(el);
  const last = el.attrs[el.attrs.length - 1];
  const at = last ? last.end : el.nameEnd;
  return { start: at, end: at, newText: ` ${name}=${q}${escapeAttr(value, q)}${q}` };
}

/** Whitespace before the element on its line, or '' when other content precedes it. */
export function indentOf(text: string, el: XmlElement): string {
  // back over blanks only: reading back to the line start would be quadratic on a one-line document
  let s = el.start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  return s === 0 || text[s - 1] === '\n' || text[s - 1] === '\r' ? text.slice(s, el.start) : '';
}

/**
 * Insert a child element (markup given with `'` quotes; converted to the element's quote style)
 * as the element's last child, on its own line, indented like the other children.
 */
export function insertChild(text: string, el: XmlElement, markup: string): TextEdit {
  const q = quoteOf(el);
  const body = q === '"' ? markup.replace(/'/g, '"') : markup;
  const eol = detectEol(text);
  const own = indentOf(text, el);
  const last = el.children[el.children.length - 1];
  if (last) {
    const childIndent = indentOf(text, last) || own + unitOf(text, el);
    return { start: last.end, end: last.end, newText: `${eol}${childIndent}${body}` };
  }
  const inner = own + unitOf(text, el);
  if (el.selfClosing) {
    let s = el.openEnd - 2;
    while (s > el.nameEnd && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
    return { start: s, end: el.openEnd, newText: `>${eol}${inner}${body}${eol}${own}</${el.name}>` };
  }
  return { start: el.openEnd, end: el.openEnd, newText: `${eol}${inner}${body}${eol}${own}` };
}

/** The indentation step of the document: a child's indent minus its parent's, two spaces by default. */
function unitOf(text: string, el: XmlElement): string {
  for (let e: XmlElement | undefined = el; e; e = e.parent) {
    const c = e.children[0];
    if (!c) continue;
    const parentIndent = indentOf(text, e);
    const childIndent = indentOf(text, c);
    if (childIndent.length > parentIndent.length && childIndent.startsWith(parentIndent)) return childIndent.slice(parentIndent.length);
  }
  return '  ';
}
