/**
 * The catalogue: every format and rule vharden has, joined (rules by format, metadata by id,
 * detection of a file's format). The engine asks it; formats and rules never import it.
 */
import { FORMATS } from './formats';
import { CROSS_FILE_RULES, RULES } from './rules';
import { nameGlob } from './engine/glob';
import { firstLine, isBinary, startsJsonOrXml } from './engine/sniff';
import { TOOL_RULES, type ToolRuleMeta } from './engine/tool-rules';
import { lfBreaks } from './engine/text';
import type { Format, CrossFileRule, Rule, RuleMeta } from './engine/types';

const byId = new Map<string, RuleMeta | ToolRuleMeta>();
for (const r of [...RULES, ...CROSS_FILE_RULES]) {
  if (byId.has(r.meta.id)) throw new Error(`duplicate rule id ${r.meta.id}`);
  byId.set(r.meta.id, r.meta);
}
for (const t of TOOL_RULES) byId.set(t.id, t);
/** former ids (see RuleMeta.aliases) → the rule's id */
const canonical = new Map<string, string>();
for (const r of [...RULES, ...CROSS_FILE_RULES]) {
  for (const a of r.meta.aliases ?? []) {
    if (byId.has(a)) throw new Error(`alias ${a} of ${r.meta.id} is a rule id`);
    byId.set(a, r.meta);
    canonical.set(a, r.meta.id);
  }
}

/** The rule id an id stands for: itself, or the rule a former id became. */
export function canonicalRuleId(id: string): string {
  return canonical.get(id.toUpperCase()) ?? id;
}

/** Former ids of a rule (none for most). */
export function aliasesOf(id: string): readonly string[] {
  const m = byId.get(id.toUpperCase());
  return m && 'aliases' in m ? (m.aliases ?? []) : [];
}

const rulesByFormat = new Map<string, Rule<any>[]>();
// a rule runs on the formats that give it its input: the formats providing its carrier kind, else the formats it names
for (const r of RULES) {
  const on = r.input ? FORMATS.filter((f) => f.provides?.includes(r.input!)).map((f) => f.id) : r.meta.formats;
  for (const f of on) {
    let list = rulesByFormat.get(f);
    if (!list) rulesByFormat.set(f, (list = []));
    list.push(r);
  }
}

/** The formats a rule runs on (what `meta.formats` documents). */
export function formatsOf(rule: Rule<any>): string[] {
  return rule.input ? FORMATS.filter((f) => f.provides?.includes(rule.input!)).map((f) => f.id) : rule.meta.formats;
}

/** Every rule, per-file and cross-file rules alike (metadata, docs, listings). */
export function allRules(): readonly (Rule<any> | CrossFileRule)[] {
  return [...RULES, ...CROSS_FILE_RULES];
}

export function crossFileRules(): readonly CrossFileRule[] {
  return CROSS_FILE_RULES;
}

export function isCrossFileRule(rule: Rule<any> | CrossFileRule): rule is CrossFileRule {
  return 'checkScope' in rule;
}

export function allFormats(): readonly Format<any>[] {
  return FORMATS;
}

export function rulesFor(formatId: string): readonly Rule<any>[] {
  return rulesByFormat.get(formatId) ?? [];
}

export function ruleMeta(id: string): RuleMeta | ToolRuleMeta | undefined {
  return byId.get(id.toUpperCase()) ?? byId.get(id);
}

export function isKnownRule(id: string): boolean {
  return ruleMeta(id) !== undefined;
}

export function isToolRule(meta: RuleMeta | ToolRuleMeta): meta is ToolRuleMeta {
  return 'tool' in meta;
}

const formatsById = new Map(FORMATS.map((f) => [f.id, f]));

export function formatById(id: string): Format<any> | undefined {
  return formatsById.get(id);
}

/** Editor languages that also hold files vharden does not read (VS Code's plain text, XML, YAML, JSON, shell scripts, PowerShell; HashiCorp's Terraform and HCL): only detection decides. */
const SHARED_LANGUAGES = new Set(['xml', 'yaml', 'json', 'shellscript', 'powershell', 'terraform', 'hcl', 'plaintext']);

/**
 * The format of an editor document. The language id narrows the choice; when several formats
 * share it (`libvirt-conf`, `xml`), path and content decide. A document in a language vharden
 * owns falls back to that language's first format (unless its path gave that format and its
 * content contradicts it); one in a shared language (an unrelated `pom.xml`) gets none.
 * Languages no format uses fall back to plain detection.
 */
export function formatForDocument(languageId: string, path: string, raw: string): Format<any> | undefined {
  const text = lfBreaks(raw); // content checks read lone CRs as line breaks, like the parsers
  const candidates = FORMATS.filter((f) => f.languageId === languageId);
  if (candidates.length === 0) return detectFormat(path, text);
  const normalized = path.replace(/\\/g, '/');
  const byPath = candidates.find((f) => f.matchesPath(normalized));
  if (byPath && !contradicts(byPath, text)) return byPath;
  const found = candidates.find((f) => f !== byPath && f.matchesContent?.(text, normalized));
  if (found) return found;
  if (byPath) return undefined; // the path gave it and the content contradicts it
  // a shared language (JSON also holds Terraform's and Packer's JSON syntax): detection decides
  if (SHARED_LANGUAGES.has(languageId)) return detectFormat(path, text);
  // a language vharden owns: its format
  return candidates[0];
}

/**
 * Recognise a file by its path, then by its content. A format its path gives must be confirmed
 * by the content when there is one: a JSON `datacenter.cfg` is not Proxmox's, and is then
 * recognised by content like any other file (usually as nothing). The answer is the first format
 * in `FORMATS` order whose content check accepts the file; formats that the text's first
 * character already rules out (see `ruledOut`) are not asked.
 */
export function detectFormat(path: string, raw?: string): Format<any> | undefined {
  const byPath = FORMATS.find((f) => f.matchesPath(path.replace(/\\/g, '/')));
  return raw === undefined ? byPath : detectByContent(path, raw, byPath);
}

/** `detectFormat` of a file whose format by path (`detectFormat(path)`) is known already. */
export function detectByContent(path: string, raw: string, byPath: Format<any> | undefined): Format<any> | undefined {
  const normalized = path.replace(/\\/g, '/');
  const text = lfBreaks(raw); // content checks read lone CRs as line breaks, like the parsers
  if (SET_ASIDE.test(normalized)) return undefined;
  if (byPath && !contradicts(byPath, text)) return byPath;
  const skip = ruledOut(text);
  return FORMATS.find((f) => f !== byPath && !skip?.has(f.id) && f.matchesContent?.(text, normalized));
}

/**
 * Line formats whose content check rejects a text whose first non-blank character opens an XML
 * element, comment, declaration or processing instruction: each reads the first line that is not
 * blank (or a comment, or a whole-line template, none of which starts with `<` followed by
 * anything but `%`) and gives up when it is not one of its `key: value`, `KEY=`, `name = value`,
 * `type:…:` or `iface` lines; before that line there are only blank lines, so there is nothing
 * else they could have counted.
 */
const NOT_FOR_XML = new Set(['proxmox-vm', 'proxmox-lxc', 'proxmox-user', 'proxmox-datacenter', 'proxmox-pveproxy', 'libvirtd-conf', 'qemu-conf', 'interfaces']);

/** Formats the text's first character rules out (XML: the line formats of `NOT_FOR_XML`), or undefined. */
function ruledOut(text: string): Set<string> | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++i));
  return text.charCodeAt(i) === 60 /* < */ && text.charCodeAt(i + 1) !== 37 /* % (a template tag) */ ? NOT_FOR_XML : undefined;
}

/**
 * Copies a package manager set aside (`qemu.conf.pacnew`, `libvirtd.conf.rpmsave`, `.dpkg-old`, …):
 * the daemon never reads them, so their content is not taken for configuration in effect.
 */
const SET_ASIDE = /\.(pac(new|save|orig)|rpm(new|save|orig)|dpkg-(old|new|dist|bak|tmp)|ucf-(old|new|dist))$/i;

/** The content shows that a file its path assigns to `format` is something else. */
export function contradicts(format: Format<any>, text: string): boolean {
  if (isBinary(text)) return false;
  if (format.confirms) return !format.confirms(text);
  const xml = 'open' in format.comment;
  const first = firstLine(text, xml ? undefined : (format.comment as { line: string }).line);
  if (first === '') return false;
  return xml ? !first.startsWith('<') : startsJsonOrXml(first);
}

const projectIds = new Set(CROSS_FILE_RULES.map((r) => r.meta.id.toUpperCase()));

export function isCrossFileRuleId(id: string): boolean {
  if (projectIds.has(id.toUpperCase())) return true;
  if (!id.includes('*')) return false;
  const glob = nameGlob(id);
  return CROSS_FILE_RULES.some((r) => glob.test(r.meta.id));
}
