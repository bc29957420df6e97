import type { Comment, ToolDiagnostic } from '../../engine/types';
import { TemplateSpans, hasTemplate, templateOpener } from '../common/template';

/**
 * A small, tolerant XML scanner that keeps exact ranges. It is written for configuration files
 * being edited: it never throws, recovers from unclosed tags, half-typed attributes and stray end
 * tags, and reports each problem as a VH-PARSE-ERROR at the place it occurs.
 *
 * Security properties (tested): it never reads anything but the text it is given, never expands
 * entities (only the five predefined entities and character references are decoded in values;
 * `&name;` stays literal), reports DOCTYPE entity declarations, uses no recursion (nesting depth
 * is limited only by memory) and runs in time linear in the input.
 *
 * Template code in XML templates (Jinja `{{ … }}`/`{% … %}`/`{# … #}`, ERB `<% … %>`) is skipped
 * where it stands for markup (between elements, among attributes) and kept as text inside values,
 * which are then marked `templated`: the rest of the document is read as usual.
 */

export interface XmlAttr {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** decoded value ('' when the attribute has no value) */
  value: string;
  /** range of the value between the quotes (the raw text) */
  valueStart: number;
  valueEnd: number;
  /** quote character; '' when the value is unquoted or missing */
  quote: '"' | "'" | '';
  /** offset just after the attribute (after its closing quote when there is one) */
  end: number;
  /** the value holds template code: its real value is unknown */
  templated?: boolean;
}

export interface XmlElement {
  name: string;
  /** offset of `<` */
  start: number;
  nameStart: number;
  nameEnd: number;
  /** offset just after the `>` of the start tag (or where the broken start tag ends) */
  openEnd: number;
  /** offset of `</` of the end tag; equals `end` for self-closing or unclosed elements */
  closeStart: number;
  /** offset just after the end tag (or the self-closing start tag) */
  end: number;
  selfClosing: boolean;
  /** false when the element was never closed */
  closed: boolean;
  attrs: XmlAttr[];
  children: XmlElement[];
  parent: XmlElement | undefined;
  /** decoded character data of this element's own text nodes (whitespace-only ones skipped) and CDATA sections */
  text: string;
  /** range of the first non-blank text node, if any */
  textStart: number;
  textEnd: number;
}

export interface XmlDocument {
  /** the first top-level element */
  root: XmlElement | undefined;
  comments: Comment[];
  diagnostics: ToolDiagnostic[];
}

const MAX_DIAGNOSTICS = 50;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Characters that end an XML name in this tolerant reading. */
function endsName(c: number): boolean {
  return isSpace(c) || c === 62 /* > */ || c === 47 /* / */ || c === 61 /* = */ || c === 60 /* < */ || c === 34 || c === 39 || Number.isNaN(c);
}

export function attr(el: XmlElement | undefined, name: string): XmlAttr | undefined {
  if (!el) return undefined;
  for (const a of el.attrs) if (a.name === name) return a;
  return undefined;
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** Decode the predefined entities and character references; any other `&name;` stays as written. */
export function decodeXmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z]{2,4});/g, (all, ref: string) => {
    if (ref.startsWith('#x')) return safeChar(parseInt(ref.slice(2), 16), all);
    if (ref.startsWith('#')) return safeChar(parseInt(ref.slice(1), 10), all);
    return PREDEFINED[ref] ?? all;
  });
}

function safeChar(code: number, fallback: string): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

export function scanXml(text: string): XmlDocument {
  const n = text.length;
  const comments: Comment[] = [];
  const diagnostics: ToolDiagnostic[] = [];
  let suppressed = 0;
  const error = (start: number, end: number, message: string, locator = 'xml') => {
    if (diagnostics.length >= MAX_DIAGNOSTICS) {
      suppressed++;
      return;
    }
    diagnostics.push({ code: 'VH-PARSE-ERROR', start, end: Math.max(start, end), severity: 'low', message, locator: `${locator}:${start}` });
  };

  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  /**
   * How many elements of each name are open, so an end tag without an open match costs O(1).
   * Counted from the first end tag that does not close the innermost element (a well-formed
   * document never needs it).
   */
  let openCount: Map<string, number> | undefined;
  const push = (el: XmlElement) => {
    stack.push(el);
    if (openCount) openCount.set(el.name, (openCount.get(el.name) ?? 0) + 1);
  };
  const pop = (): XmlElement => {
    const el = stack.pop()!;
    if (openCount) openCount.set(el.name, openCount.get(el.name)! - 1);
    return el;
  };
  const isOpen = (name: string): boolean => {
    if (!openCount) {
      openCount = new Map();
      for (const e of stack) openCount.set(e.name, (openCount.get(e.name) ?? 0) + 1);
    }
    return (openCount.get(name) ?? 0) > 0;
  };
  let extraRootReported = false;
  let i = 0;
  let lineHasCode = false;
  const templates = new TemplateSpans(text);

  const addText = (start: number, end: number, decoded: string) => {
    const el = stack[stack.length - 1];
    if (!el) {
      if (decoded.trim() !== '' && withoutTemplates(text.slice(start, end), templates, start).trim() !== '') error(start, end, 'Text outside the root element.');
      return;
    }
    el.text += decoded;
    if (el.textStart < 0 && decoded.trim() !== '') {
      el.textStart = start;
      el.textEnd = end;
    }
  };

  while (i < n) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    let blank = true;
    for (let k = i; k < textEnd; k++) {
      const c = text.charCodeAt(k);
      if (c === 10 || c === 13) lineHasCode = false;
      else if (c !== 32 && c !== 9) {
        blank = false;
        break;
      }
    }
    if (!blank) {
      const raw = text.slice(i, textEnd);
      checkAmpersands(raw, i, error);
      addText(i, textEnd, decodeXmlText(raw));
      const lastBreak = Math.max(raw.lastIndexOf('\n'), raw.lastIndexOf('\r'));
      if (lastBreak >= 0) lineHasCode = raw.slice(lastBreak + 1).trim() !== '';
      else if (raw.trim() !== '') lineHasCode = true;
    }
    if (lt < 0) break;
    i = lt;

    const next = text.charCodeAt(i + 1);
    const erb = next === 37 /* % */ ? templates.endOf(i) : undefined;
    if (erb !== undefined) {
      // an ERB tag stands for markup or text: kept as text so values that hold it read as templated
      const el = stack[stack.length - 1];
      if (el) el.text += text.slice(i, erb);
      lineHasCode = true;
      i = erb;
      continue;
    }
    if (next === 33 /* ! */ && text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      const end = close < 0 ? n : close + 3;
      if (close < 0) error(i, i + 4, 'This comment is not closed with `-->`.');
      comments.push({ start: i, end, text: text.slice(i + 4, close < 0 ? n : close), trailing: lineHasCode });
      i = end;
      continue;
    }
    if (next === 33 && text.startsWith('<![CDATA[', i)) {
      const close = text.indexOf(']]>', i + 9);
      const end = close < 0 ? n : close + 3;
      if (close < 0) error(i, i + 9, 'This CDATA section is not closed with `]]>`.');
      addText(i, end, text.slice(i + 9, close < 0 ? n : close));
      lineHasCode = true;
      i = end;
      continue;
    }
    if (next === 63 /* ? */) {
      const close = text.indexOf('?>', i + 2);
      const end = close < 0 ? n : close + 2;
      if (close < 0) error(i, i + 2, 'This processing instruction is not closed with `?>`.');
      i = end;
      continue;
    }
    if (next === 33) {
      i = scanDeclaration(text, i, error);
      continue;
    }
    lineHasCode = true;

    if (next === 47 /* / */) {
      // end tag
      let p = i + 2;
      const nameStart = p;
      while (p < n && !endsName(text.charCodeAt(p))) p++;
      const name = text.slice(nameStart, p);
      while (p < n && isSpace(text.charCodeAt(p))) p++;
      let end: number;
      if (text[p] === '>') end = p + 1;
      else {
        error(i, p, `The end tag </${name}> is not closed with \`>\`.`);
        end = p;
      }
      let match = stack.length > 0 && stack[stack.length - 1]!.name === name ? stack.length - 1 : -1;
      for (let s = match < 0 && isOpen(name) ? stack.length - 1 : -1; s >= 0; s--) {
        if (stack[s]!.name === name) {
          match = s;
          break;
        }
      }
      if (match < 0) {
        error(i, end, name ? `Unexpected end tag </${name}>: no open <${name}> element.` : 'Empty end tag.');
      } else {
        while (stack.length - 1 > match) {
          const open = pop();
          error(open.nameStart - 1, open.nameEnd, `<${open.name}> is not closed before </${name}>.`, 'unclosed');
          open.closeStart = i;
          open.end = i;
        }
        const el = pop();
        el.closed = true;
        el.closeStart = i;
        el.end = end;
      }
      i = Math.max(end, i + 2);
      continue;
    }

    // start tag
    const nameStart = i + 1;
    let p = nameStart;
    while (p < n && !endsName(text.charCodeAt(p))) p++;
    if (p === nameStart) {
      error(i, i + 1, 'A `<` that starts no tag; write `&lt;` for a literal less-than sign.');
      addText(i, i + 1, '<');
      i++;
      continue;
    }
    const el: XmlElement = {
      name: text.slice(nameStart, p),
      start: i,
      nameStart,
      nameEnd: p,
      openEnd: p,
      closeStart: p,
      end: p,
      selfClosing: false,
      closed: false,
      attrs: [],
      children: [],
      parent: stack[stack.length - 1],
      text: '',
      textStart: -1,
      textEnd: -1,
    };
    const tag = scanAttributes(text, p, el, error, templates);
    el.openEnd = tag.end;
    el.closeStart = tag.end;
    el.end = tag.end;
    if (el.parent) el.parent.children.push(el);
    else if (!root) root = el;
    else if (!extraRootReported) {
      extraRootReported = true;
      error(el.start, el.nameEnd, `A second top-level element <${el.name}>: an XML document has exactly one root element.`);
    }
    if (tag.selfClosing) {
      el.selfClosing = true;
      el.closed = true;
    } else if (!tag.atEof) {
      // also a start tag cut short by a `<`: keep it open, its children may follow
      push(el);
    }
    i = Math.max(tag.end, i + 1);
  }

  for (let s = stack.length - 1; s >= 0; s--) {
    const open = stack[s]!;
    error(open.nameStart - 1, open.nameEnd, `<${open.name}> is not closed.`, 'unclosed');
    open.closeStart = n;
    open.end = n;
  }
  if (!root) error(0, 0, 'No root element: the file is empty or holds no XML element.');
  if (suppressed > 0) {
    diagnostics.push({ code: 'VH-PARSE-ERROR', start: 0, end: 0, severity: 'low', message: `${suppressed} more XML syntax problems are not listed.`, locator: 'xml:more' });
  }
  return { root, comments, diagnostics };
}

type ErrorFn = (start: number, end: number, message: string, locator?: string) => void;

/** Reports `&` that does not start a reference (libxml2 rejects the file). */
function checkAmpersands(raw: string, offset: number, error: ErrorFn): void {
  let from = 0;
  for (;;) {
    const a = raw.indexOf('&', from);
    if (a < 0) return;
    const m = /^&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_:][A-Za-z0-9_.:-]*);/.exec(raw.slice(a, a + 40));
    if (!m) error(offset + a, offset + a + 1, 'A bare `&`: write `&amp;`.');
    from = a + 1;
  }
}

/**
 * Reads attributes from `p` (just after the element name) to the end of the start tag.
 * A `<` always ends the tag: a value cannot contain it, so a missing quote or `>` cannot
 * swallow the rest of the file.
 */
function scanAttributes(text: string, p: number, el: XmlElement, error: ErrorFn, templates: TemplateSpans): { end: number; selfClosing: boolean; atEof?: boolean } {
  const n = text.length;
  for (;;) {
    while (p < n && isSpace(text.charCodeAt(p))) p++;
    if (p >= n) {
      error(el.start, el.nameEnd, `The start tag <${el.name}> is not closed with \`>\`.`);
      return { end: n, selfClosing: false, atEof: true };
    }
    const cc = text.charCodeAt(p);
    // template code among the attributes (`{% if x %} readonly='yes'{% endif %}`) is skipped
    const tag = cc === 123 /* { */ || cc === 60 /* < */ ? templates.endOnLine(p) : undefined;
    if (tag !== undefined) {
      p = tag;
      continue;
    }
    if (cc === 62 /* > */) return { end: p + 1, selfClosing: false };
    if (cc === 47 /* / */) {
      if (text.charCodeAt(p + 1) === 62) return { end: p + 2, selfClosing: true };
      error(p, p + 1, `Unexpected \`/\` in <${el.name}>.`);
      p++;
      continue;
    }
    if (cc === 60) {
      error(el.start, el.nameEnd, `The start tag <${el.name}> is not closed with \`>\`.`);
      return { end: p, selfClosing: false };
    }
    const nameStart = p;
    while (p < n && !endsName(text.charCodeAt(p))) p++;
    if (p === nameStart) {
      error(p, p + 1, `Unexpected \`${text[p]}\` in <${el.name}>.`);
      p++;
      continue;
    }
    const name = text.slice(nameStart, p);
    const a: XmlAttr = { name, nameStart, nameEnd: p, value: '', valueStart: p, valueEnd: p, quote: '', end: p };
    if (el.attrs.length < 32 ? hasAttr(el.attrs, name) : duplicateIn(el.attrs, name)) error(nameStart, p, `Attribute ${name} appears twice in <${el.name}>.`);
    el.attrs.push(a);
    let q = p;
    while (q < n && isSpace(text.charCodeAt(q))) q++;
    if (text.charCodeAt(q) !== 61 /* = */) {
      error(nameStart, p, `Attribute ${name} has no value (write ${name}='…').`);
      continue;
    }
    q++;
    while (q < n && isSpace(text.charCodeAt(q))) q++;
    const qc = text.charCodeAt(q);
    if (qc === 34 /* " */ || qc === 39 /* ' */) {
      const quote = qc === 34 ? '"' : "'";
      const vs = q + 1;
      let ve = vs;
      /** a `{` or `<` in the value: only then can it hold template code */
      let marked = false;
      for (;;) {
        let c = text.charCodeAt(ve);
        while (ve < n && c !== qc && c !== 60 /* < */ && c !== 123 /* { */) c = text.charCodeAt(++ve);
        if (ve >= n || c === qc) break;
        marked = true;
        // a template tag inside the value may hold quotes and `<` of its own
        const t = templates.endOnLine(ve);
        if (t !== undefined) ve = t;
        else if (c === 60) break;
        else ve++;
      }
      a.quote = quote;
      a.valueStart = vs;
      if (ve < n && text.charCodeAt(ve) === qc) {
        a.valueEnd = ve;
        a.end = ve + 1;
        p = ve + 1;
      } else {
        // no closing quote before `<` or EOF: the value ends at the end of its line
        let le = vs;
        while (le < ve && text[le] !== '\n' && text[le] !== '\r' && text[le] !== '>') le++;
        if (text[le] === '>' && text[le - 1] === '/' && le - 1 >= vs) le--; // `…/>` still self-closes the tag
        a.valueEnd = le;
        a.end = le;
        error(q, le, `The value of ${name} has no closing ${quote}.`);
        p = le;
      }
      const raw = text.slice(a.valueStart, a.valueEnd);
      if (marked && hasTemplate(raw)) a.templated = true;
      else if (raw.includes('&')) checkAmpersands(raw, a.valueStart, error);
      a.value = decodeXmlText(raw);
      continue;
    }
    // unquoted value
    const vs = q;
    let ve = q;
    while (ve < n && !isSpace(text.charCodeAt(ve)) && text[ve] !== '>' && text[ve] !== '<' && !(text[ve] === '/' && text[ve + 1] === '>')) ve++;
    a.valueStart = vs;
    a.valueEnd = ve;
    a.end = ve;
    a.value = decodeXmlText(text.slice(vs, ve));
    error(nameStart, Math.max(ve, q), ve > vs ? `The value of ${name} is not quoted.` : `Attribute ${name} has no value after \`=\`.`);
    p = Math.max(ve, q);
  }
}

/** Text with its template tags removed (to tell template code outside the root from stray text). */
function withoutTemplates(raw: string, templates: TemplateSpans, offset: number): string {
  if (!raw.includes('{')) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const end = templateOpener(raw, i) ? templates.endOf(offset + i) : undefined;
    if (end !== undefined && end - offset <= raw.length) {
      i = end - offset;
      continue;
    }
    out += raw[i];
    i++;
  }
  return out;
}

function hasAttr(attrs: XmlAttr[], name: string): boolean {
  for (const a of attrs) if (a.name === name) return true;
  return false;
}

/** Duplicate check for elements with many attributes: a Set keeps hostile tags linear. */
const attrSets = new WeakMap<XmlAttr[], Set<string>>();
function duplicateIn(attrs: XmlAttr[], name: string): boolean {
  let set = attrSets.get(attrs);
  if (!set) attrSets.set(attrs, (set = new Set(attrs.map((a) => a.name))));
  const dup = set.has(name);
  set.add(name);
  return dup;
}

/**
 * `<!DOCTYPE …>` and other `<!` declarations. The internal subset is skipped with quote and
 * bracket tracking; entity declarations are reported and never used.
 */
function scanDeclaration(text: string, start: number, error: ErrorFn): number {
  const n = text.length;
  const isDoctype = text.slice(start, start + 9).toUpperCase() === '<!DOCTYPE';
  let p = start + 2;
  let depth = 0;
  let quote = '';
  while (p < n) {
    const c = text[p];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '>' && depth === 0) break;
    else if (c === '<' && text.startsWith('<!--', p)) {
      const close = text.indexOf('-->', p + 4);
      p = close < 0 ? n : close + 3;
      continue;
    }
    p++;
  }
  const end = p < n ? p + 1 : n;
  if (p >= n) error(start, Math.min(n, start + 9), 'This declaration is not closed with `>`.');
  if (!isDoctype) {
    error(start, Math.min(end, start + 9), 'Unexpected markup declaration outside a DOCTYPE.');
    return end;
  }
  const body = text.slice(start, end);
  const entities = (body.match(/<!ENTITY/g) ?? []).length;
  const external = /\b(SYSTEM|PUBLIC)\b/.test(body);
  if (entities > 0) {
    error(start, end, `This DOCTYPE declares ${entities} entit${entities === 1 ? 'y' : 'ies'}${external ? ' with external references' : ''}. vharden never expands entities or reads external resources, so references to them are checked as literal text; libvirt XML needs no DOCTYPE.`, 'doctype');
  } else {
    error(start, Math.min(end, start + 9), `A DOCTYPE declaration${external ? ' with an external reference (not fetched)' : ''}; libvirt XML needs none.`, 'doctype');
  }
  return end;
}
