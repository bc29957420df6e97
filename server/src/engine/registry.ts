import { FORMATS, RULES } from '../rules';
import { TOOL_RULES, type ToolRuleMeta } from './tool-rules';
import type { Format, Rule, RuleMeta } from './types';

const byId = new Map<string, RuleMeta | ToolRuleMeta>();
for (const r of RULES) {
  if (byId.has(r.meta.id)) throw new Error(`duplicate rule id ${r.meta.id}`);
  byId.set(r.meta.id, r.meta);
}
for (const t of TOOL_RULES) byId.set(t.id, t);

const rulesByFormat = new Map<string, Rule<any>[]>();
for (const r of RULES) {
  for (const f of r.meta.formats) {
    let list = rulesByFormat.get(f);
    if (!list) rulesByFormat.set(f, (list = []));
    list.push(r);
  }
}

export function allRules(): readonly Rule<any>[] {
  return RULES;
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

export function formatById(id: string): Format<any> | undefined {
  return FORMATS.find((f) => f.id === id);
}

export function formatByLanguageId(languageId: string): Format<any> | undefined {
  return FORMATS.find((f) => !f.contentGated && f.languageId === languageId);
}

/**
 * The format of an editor document: its language id when that alone identifies a format;
 * for shared languages (YAML, XML) a format that claims the language and matches the content;
 * otherwise detection by path and content.
 */
export function formatForDocument(languageId: string, path: string, text: string): Format<any> | undefined {
  const byLanguage = formatByLanguageId(languageId);
  if (byLanguage) return byLanguage;
  const normalized = path.replace(/\\/g, '/');
  const gated = FORMATS.find(
    (f) => f.contentGated && (f.languageId === languageId || f.extraLanguageIds?.includes(languageId)) && f.matchesContent?.(text, normalized),
  );
  return gated ?? detectFormat(path, text);
}

/** Recognise a file by its path, then by its content. */
export function detectFormat(path: string, text?: string): Format<any> | undefined {
  const normalized = path.replace(/\\/g, '/');
  const byPath = FORMATS.find((f) => f.matchesPath(normalized));
  if (byPath || text === undefined) return byPath;
  return FORMATS.find((f) => f.matchesContent?.(text, normalized));
}
