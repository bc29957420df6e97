/**
 * What the editor knows about the keys of a line-based format vharden owns (`.vmx`, esx.conf, Proxmox
 * and libvirt daemon configs): for completion and hover. The tables live with their format
 * (`formats/<format>/keys.ts`, listed in `formats/keys.ts`) and name the rules that judge each key by
 * id; `test/keys.test.ts` proves every claim against the rules (the insecure value is reported there,
 * the hardened one is not). Pure: no rule logic, no editor types.
 */

export interface KeyDoc {
  /** the key as written; `<n>` stands for an index (`serial<n>.fileName`), `<name>` for a name without separators */
  key: string;
  /** one line: what the key does */
  summary: string;
  /** values to offer as written in the file (without the quotes of quoting formats), the hardened one first */
  values?: string[];
  /** what the product does when the key is absent */
  default?: string;
  /** rules that report an insecure value of this key on its line */
  rules?: string[];
  /** a value those rules report (the tests write it, after `with`) */
  insecure?: string;
  /** lines the rules judge the key together with (shown in the hover; the tests write them first) */
  with?: string[];
  /** rules that read this key to decide about another one (no finding on this line of its own) */
  see?: string[];
  /** options of a property-string value (`net<n>: virtio=…,bridge=vmbr0,firewall=1`), same shape */
  options?: KeyDoc[];
  /** where the entry comes from when no rule reads the key (`rules` and `see` empty): a manual page and its address */
  source?: string;
  /** the `[SECTION]` a key belongs to (firewall files); absent: any */
  section?: string;
}

export interface KeySyntax {
  /** what separates key and value */
  separator: '=' | ':';
  /** values are written in double quotes (`.vmx`, esx.conf) */
  quoted: boolean;
  /** keys match case-insensitively (`.vmx`) */
  caseInsensitive: boolean;
  /** the first index as the format writes it (esx.conf: `0000`); absent: `0` */
  firstIndex?: string;
  /** no spaces around the separator (shell variables: `ALLOW_FROM="…"`) */
  tight?: boolean;
  /** the first character that may start a key (keys are matched up to the separator) */
  comment: string;
}

export interface FormatKeys {
  syntax: KeySyntax;
  keys: KeyDoc[];
}

/** A key pattern as a regular expression (anchored; linear: placeholders never overlap). */
export function keyRegExp(key: string, caseInsensitive: boolean): RegExp {
  const parts = key.split(/(<n>|<name>)/);
  const src = parts.map((p) => (p === '<n>' ? '\\d+' : p === '<name>' ? '[^/.:=\\s\\[\\]]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${src}$`, caseInsensitive ? 'i' : '');
}

/** A concrete key for a pattern (what completion inserts and tests write): `<n>` → the first index, `<name>` → `name`. */
export function sampleKey(key: string, syntax: KeySyntax, name = 'name'): string {
  return key.replace(/<n>/g, syntax.firstIndex ?? '0').replace(/<name>/g, name);
}

/** The entry of a table for a key as written. */
export function findKey(keys: readonly KeyDoc[], written: string, caseInsensitive: boolean): KeyDoc | undefined {
  const exact = keys.find((k) => !k.key.includes('<') && (caseInsensitive ? k.key.toLowerCase() === written.toLowerCase() : k.key === written));
  return exact ?? keys.find((k) => k.key.includes('<') && keyRegExp(k.key, caseInsensitive).test(written));
}

/** Where the cursor is on a `key<sep>value` line. Offsets are into the whole text. */
export interface LineSpot {
  lineStart: number;
  lineEnd: number;
  /** the key as written ('' when the line has none yet) and its range */
  key: string;
  keyStart: number;
  keyEnd: number;
  /** -1 when the line has no separator yet */
  separator: number;
  /** the value's range, quotes excluded */
  valueStart: number;
  valueEnd: number;
  /** `key`: the cursor is in the key (or the line has no separator yet); `value`: after the separator */
  part: 'key' | 'value';
  /** the `[SECTION]` the line is in (firewall files), upper-cased; undefined before any */
  section?: string;
}

/**
 * Reads the line holding `offset` as `key<sep>value`. Undefined on comment lines, section headers and
 * when the cursor is after a comment. Linear in the line (and, for the section, in the lines above,
 * bounded to 2,000 of them).
 */
export function spotAt(text: string, offset: number, syntax: KeySyntax): LineSpot | undefined {
  const lineStart = lastBreak(text, offset) + 1;
  let lineEnd = offset;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  let a = lineStart;
  while (a < lineEnd && (text[a] === ' ' || text[a] === '\t')) a++;
  if (text.startsWith(syntax.comment, a) || text[a] === '[') return undefined;
  const sep = text.indexOf(syntax.separator, a);
  const separator = sep >= 0 && sep < lineEnd ? sep : -1;
  let keyEnd = separator < 0 ? lineEnd : separator;
  while (keyEnd > a && (text[keyEnd - 1] === ' ' || text[keyEnd - 1] === '\t')) keyEnd--;
  let valueStart = separator < 0 ? lineEnd : separator + 1;
  while (valueStart < lineEnd && (text[valueStart] === ' ' || text[valueStart] === '\t')) valueStart++;
  let valueEnd = lineEnd;
  while (valueEnd > valueStart && (text[valueEnd - 1] === ' ' || text[valueEnd - 1] === '\t')) valueEnd--;
  if (syntax.quoted && text[valueStart] === '"') {
    valueStart++;
    const close = text.indexOf('"', valueStart);
    valueEnd = close >= 0 && close < lineEnd ? close : Math.max(valueStart, valueEnd);
  }
  const part = separator < 0 || offset <= separator ? 'key' : 'value';
  return { lineStart, lineEnd, key: text.slice(a, keyEnd), keyStart: a, keyEnd, separator, valueStart, valueEnd, part, section: sectionAbove(text, lineStart) };
}

function lastBreak(text: string, offset: number): number {
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) if (text[i] === '\n' || text[i] === '\r') return i;
  return -1;
}

/** The `[NAME …]` header above a line, its first word upper-cased (firewall sections), within 2,000 lines. */
function sectionAbove(text: string, lineStart: number): string | undefined {
  let end = lineStart - 1;
  for (let n = 0; n < 2000 && end > 0; n++) {
    const start = lastBreak(text, end) + 1;
    const line = text.slice(start, end).trim();
    if (line.startsWith('[')) return /^\[\s*([^\]\s]+)/.exec(line)?.[1]?.toUpperCase();
    end = start - 1;
  }
  return undefined;
}

/** One `name=value` option of a property string at the cursor (`net0: virtio=…,bridge=vmbr0,fire|`). */
export interface OptionSpot {
  /** the option name written so far, and its range */
  name: string;
  start: number;
  /** end of the option (next comma or end of the value) */
  end: number;
  /** -1 when it has no `=` yet */
  equals: number;
  part: 'name' | 'value';
}

/** The option of a property-string value at `offset` (inside `[valueStart, valueEnd]`). */
export function optionAt(text: string, spot: LineSpot, offset: number): OptionSpot {
  let start = spot.valueStart;
  for (let i = Math.min(offset, spot.valueEnd) - 1; i >= spot.valueStart; i--) {
    if (text[i] === ',') {
      start = i + 1;
      break;
    }
  }
  let end = text.indexOf(',', offset);
  if (end < 0 || end > spot.valueEnd) end = spot.valueEnd;
  const eq = text.indexOf('=', start);
  const equals = eq >= 0 && eq < end ? eq : -1;
  const nameEnd = equals < 0 ? end : equals;
  return { name: text.slice(start, nameEnd).trim(), start, end, equals, part: equals < 0 || offset <= equals ? 'name' : 'value' };
}

/** A `key<sep>value` line as the format writes it. */
export function writeLine(syntax: KeySyntax, key: string, value: string): string {
  if (syntax.separator === ':') return `${key}: ${value}`;
  const q = syntax.quoted ? '"' : '';
  return `${key}${syntax.tight ? '=' : ' = '}${q}${value}${q}`;
}
