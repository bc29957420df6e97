/**
 * What a text starts with, for confirming a format its path gave: the first line that is not
 * blank or a comment. Bounded: looks at most at the first 64 KiB.
 */
const LOOK = 65536;

/** The first significant line (trimmed), skipping a BOM, blank lines and lines starting with `lineComment`; '' when there is none. */
export function firstLine(text: string, lineComment?: string): string {
  const head = text.length > LOOK ? text.slice(0, LOOK) : text;
  let i = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < head.length) {
    let end = head.indexOf('\n', i);
    if (end < 0) end = head.length;
    const line = head.slice(i, end).trim();
    if (line !== '' && !(lineComment && line.startsWith(lineComment))) return line;
    i = end + 1;
  }
  return '';
}

/** A JSON document or an XML/HTML element starts here. */
export function startsJsonOrXml(line: string): boolean {
  return /^(\{|\[\s*([{["\d\]]|$)|<[?!A-Za-z])/.test(line);
}

/** The text contains a NUL: binary, which the engine reports itself (never a contradiction). */
export function isBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\u0000');
}
