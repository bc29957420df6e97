/**
 * Template markup inside configuration files: Jinja/Ansible (`{{ … }}`, `{% … %}`, `{# … #}`) and
 * ERB/Puppet/Chef (`<% … %>`, `<%= … %>`, `<%# … %>`). Parsers skip it so rules keep running on
 * the well-formed rest of the file; a value that holds template markup is unknown and never judged.
 */

const CLOSERS: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}', '<%': '%>' };

/** True when a value holds template markup (its real value is only known after rendering). */
export function hasTemplate(s: string): boolean {
  return s.includes('{{') || s.includes('{%') || s.includes('<%');
}

/** The template opener at `i` (`{{`, `{%`, `{#`, `<%`), if one starts there. */
export function templateOpener(text: string, i: number): string | undefined {
  const c = text.charCodeAt(i);
  if (c !== 123 /* { */ && c !== 60 /* < */) return undefined;
  const two = text.slice(i, i + 2);
  return CLOSERS[two] !== undefined ? two : undefined;
}

/**
 * Finds the ends of template tags in one text. Each closer is searched with one forward
 * `indexOf` whose answer is remembered, so a scan that asks in increasing order of position stays
 * linear even when thousands of openers have no closer.
 */
export class TemplateSpans {
  private readonly found = new Map<string, { from: number; at: number }>();
  constructor(private readonly text: string) {}

  /** Offset just after the tag opening at `i`, or undefined when no tag opens there or it is never closed. */
  endOf(i: number): number | undefined {
    const open = templateOpener(this.text, i);
    if (!open) return undefined;
    const close = CLOSERS[open]!;
    const from = i + 2;
    const memo = this.found.get(close);
    let at: number;
    if (memo && memo.from <= from && (memo.at < 0 || memo.at >= from)) at = memo.at;
    else {
      at = this.text.indexOf(close, from);
      this.found.set(close, { from, at });
    }
    return at < 0 ? undefined : at + close.length;
  }

  /** As `endOf`, for a tag that must close on its own line (inside an XML tag or value). */
  endOnLine(i: number): number | undefined {
    const end = this.endOf(i);
    if (end === undefined) return undefined;
    const memo = this.found.get('\n');
    let nl: number;
    if (memo && memo.from <= i && (memo.at < 0 || memo.at >= i)) nl = memo.at;
    else {
      nl = this.text.indexOf('\n', i);
      this.found.set('\n', { from: i, at: nl });
    }
    return nl >= 0 && nl < end ? undefined : end;
  }
}

/**
 * True when `text[start, end)` (one line) holds only template tags and blanks, such as
 * `{% if x %}`, `<% end -%>` or `{{ extra_lines }}`. An opener left unclosed on the line counts as
 * template code too (a tag continued on the next line).
 */
export function isTemplateLine(text: string, start: number, end: number): boolean {
  const line = text.slice(start, end);
  const spans = new TemplateSpans(line);
  let i = 0;
  let any = false;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\ufeff') {
      i++;
      continue;
    }
    if (!templateOpener(line, i)) return false;
    any = true;
    const e = spans.endOf(i);
    if (e === undefined) return true;
    i = e;
  }
  return any;
}
