/**
 * Text from scanned files (values in messages, paths, reasons, snippets) made safe to show:
 * it must never drive a terminal, reorder what is shown, or turn into markup.
 */

/** C0 and C1 controls (ESC, BEL, CR, LF…), DEL, bidi controls, zero-width characters and line separators. Tabs stay. */
const CONTROLS = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Controls shown as escapes (`\x1b`, `\n`, `\u202e`): visible, so an attempt is seen, and inert. */
export function visible(s: string): string {
  return s.replace(CONTROLS, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Text safe inside a Markdown paragraph, list item or table cell, for hovers and the Markdown report:
 * one line, every character that could open markup escaped (links whose text hides their target,
 * images, raw HTML, emphasis, strikethrough, code, tables), and a zero-width space after `@`, so a
 * value never mentions (notifies) anyone. A bare URL may still be linked by the renderer: it shows
 * where it goes.
 */
export function mdText(s: string): string {
  return visible(s)
    .replace(/[\\`*_{}[\]<>()#+!|~&]/g, '\\$&')
    .replace(/@/g, '@\u200b');
}
