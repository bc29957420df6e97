import { ruleOverride, type EffectiveConfig } from './config';
import { resolveContext, type ContextFacts, type Evidence, type SystemContext } from './context';
import { MAX_PER_CODE, boundTexts, omittedDiagnostics } from './diagnostics';
import type { At, MirrorFact, PortFact, Span, SwitchFact } from './fabric';
import { aliasesOf, detectFormat, formatById, isKnownRule, isCrossFileRuleId, ruleMeta, rulesFor } from '../catalog';
import { applySuppressions, hiddenProblems, isUnreasonedWildcard, parseDirectives, reasonProblems, type Directive } from './suppress';
import { TOOL_RULES } from './tool-rules';
import { staleData, todayUtc } from './data-files';
import { LineIndex, applyEdits, detectEol, lfBreaks, withEol } from './text';
import { SEVERITIES, byPosition, type Finding, type FindingDraft, type Format, type ModuleValue, type ParsedDocument, type RuleContext, type Severity, type TextEdit, type ToolDiagnostic } from './types';

/** Findings listed per file, the most severe first; the rest are summed up in one VH-TOO-MANY-FINDINGS. */
export const MAX_FINDINGS = 1000;

/** Switches, ports and mirrors (each) one file contributes to the cross-file rules; more are reported, not linked. */
export const MAX_FACTS = 10_000;

export interface LintInput {
  path: string;
  text: string;
  config: EffectiveConfig;
  /** force a format (the editor's language id mapped to a format), skipping detection */
  formatId?: string;
  /** problems found while decoding the bytes (invalid UTF-8...) */
  decodeProblems?: ToolDiagnostic[];
  /** the caller did not read the file (too large...): report this and nothing else */
  skipReason?: string;
  /** what the other files of the file's scope show about its host (see `scopeEvidence`) */
  hostEvidence?: Evidence[];
  /** what the files of its folder declare for it (Terraform variables; see `Session.moduleValues`) */
  moduleValues?: ModuleValue[];
}

export interface FileResult {
  path: string;
  /** undefined when the file is not a format vharden reads */
  format?: string;
  findings: Finding[];
  /** the kind of system the rules judged the file for (formats with a context hook only) */
  context?: SystemContext;
}

/** Lint one file's text. Never throws: what cannot be read becomes a finding. */
export function lintText(input: LintInput): FileResult {
  return lintFile(input).result;
}

/** What a file contributes to the cross-file pass: its fabric facts and suppression comments, no text. */
export interface FileFacts {
  path: string;
  format: string;
  switches: At<SwitchFact>[];
  ports: At<PortFact>[];
  mirrors: At<MirrorFact>[];
  /** suppression comments that name cross-file rules */
  directives: Directive[];
}

/** What lintFile gives: the result, fabric facts for the cross-file rules, and the file's own context evidence. */
export interface Linted {
  result: FileResult;
  facts?: FileFacts;
  /** context evidence from the file itself; its `host` items also count for the other files of its scope */
  evidence?: Evidence[];
  /** values the file declares for the other files of its folder (its format's `moduleValues`) */
  moduleValues?: ModuleValue[];
  /** the names of its folder's values the file reads (its format's `moduleUses`) */
  moduleUses?: string[];
  /** the values of those names in the other files of its folder it was linted with (`moduleSignature`), when it was given any */
  moduleSeen?: string;
}

/**
 * Lint one file and, when its format describes switches, ports or mirrors, return those facts
 * for the cross-file rules. Never throws.
 */
export function lintFile(input: LintInput): Linted {
  // Lone CRs (old Mac line ends) end lines for LineIndex, editors and LSP, but not for every parser (the
  // yaml package, line splitters): parsers read them as LF, and fixes still add the file's own line break.
  const parseText = lfBreaks(input.text);
  return parseText === input.text ? lintWith(input, parseText) : withEol(parseText, detectEol(input.text), () => lintWith(input, parseText));
}

function lintWith(input: LintInput, parseText: string): Linted {
  const { path, text, config } = input;
  const format: Format<any> | undefined = input.formatId ? formatById(input.formatId) : detectFormat(path, parseText);
  if (!format) return { result: { path, findings: [] } };
  const index = LineIndex.of(text);
  const tool: ToolDiagnostic[] = [...(input.decodeProblems ?? [])];

  if (input.skipReason) {
    tool.push(skipped(input.skipReason));
    return { result: { path, format: format.id, findings: finish(tool, [], index, config) } };
  }
  if (text.length > config.maxFileSize) {
    tool.push(skipped(`The file is ${text.length} characters long, over the ${config.maxFileSize}-byte limit; it was not checked.`));
    return { result: { path, format: format.id, findings: finish(tool, [], index, config) } };
  }
  if (text.includes('\u0000')) {
    tool.push(skipped('The file contains NUL bytes and looks binary; it was not checked.'));
    return { result: { path, format: format.id, findings: finish(tool, [], index, config) } };
  }

  let parsed: ParsedDocument<any>;
  try {
    parsed = format.parse(parseText, input.moduleValues ? { path, moduleValues: input.moduleValues } : { path });
  } catch (err) {
    tool.push({ code: 'VH-PARSE-ERROR', start: 0, end: 0, severity: 'low', message: `vharden could not parse this ${format.name} file: ${errorText(err)}`, locator: 'parse' });
    return { result: { path, format: format.id, findings: finish(tool, [], index, config) } };
  }
  for (const d of parsed.diagnostics) tool.push(d);
  const omitted = omittedDiagnostics(parsed.diagnostics);

  let own: ContextFacts | undefined;
  if (format.context) {
    try {
      own = format.context(parsed.model, { path, text });
    } catch (err) {
      tool.push({ code: 'VH-RULE-ERROR', start: 0, end: 0, severity: 'low', message: `Reading the kind of system from this file failed: ${errorText(err)}`, locator: 'context' });
    }
  }
  const system = resolveContext(config.profile, [...(own?.evidence ?? []), ...(input.hostEvidence ?? [])], own?.product);

  const ruleFindings: Finding[] = [];
  const quiet = new Set<string>();
  const today = config.today ?? todayUtc();
  const used = new Map<string, string>();
  const usedData = (d: { name: string; updated: string }) => void used.set(d.name, d.updated);
  /** the format's carriers, worked out once for all the rules that read one */
  let carriers: Record<string, unknown[]> | undefined;
  /** what every rule is told about the file: one object for all (rules read it, never change it) */
  const ctx: RuleContext = { path, text, config, comments: parsed.comments, system, today, usedData };
  for (const rule of rulesFor(format.id)) {
    const setting = ruleOverride(config, rule.meta.id, rule.meta.aliases);
    if (setting === 'off') continue;
    const inputs: unknown[] = rule.input ? ((carriers ??= format.carriers?.(parsed.model) ?? {})[rule.input] ?? []) : [parsed.model];
    let drafts: FindingDraft[];
    try {
      if (inputs.length === 1) drafts = rule.check(inputs[0], ctx);
      else {
        drafts = [];
        for (const model of inputs) for (const d of rule.check(model, ctx)) drafts.push(d);
      }
    } catch (err) {
      tool.push({ code: 'VH-RULE-ERROR', start: 0, end: 0, severity: 'low', message: `Rule ${rule.meta.id} failed on this file: ${errorText(err)}`, locator: `rule:${rule.meta.id}` });
      continue;
    }
    if (rule.meta.quietWhereMarked) quiet.add(rule.meta.id);
    for (const d of drafts) {
      const severity: Severity = setting && setting !== 'on' ? setting : (d.severity ?? rule.meta.severity);
      // a fix without edits (a carrier that cannot be edited, such as a snapshot of a live system) is no fix
      const draft = d.fixes?.some((f) => f.edits.length === 0) ? { ...d, fixes: d.fixes.filter((f) => f.edits.length > 0) } : d;
      const finding = toFinding(rule.meta.id, d.onFile ? { ...draft, start: 0, end: 0 } : draft, severity, index);
      const object = format.objectAt?.(parsed.model, d.start);
      if (object) finding.object = object;
      ruleFindings.push(finding);
    }
  }
  const kept = dropMarkedHints(ruleFindings, quiet);
  for (const d of staleData(used, today)) tool.push(d);

  const written = parseDirectives(parsed.comments, index, text);
  for (const d of reasonProblems(written)) tool.push(d);
  for (const d of hiddenProblems(written)) tool.push(d);
  const directives = written.filter((d) => !isUnreasonedWildcard(d) && !d.hidden);
  // directives naming cross-file rules are judged by the cross-file pass, which sees their findings
  for (const d of applySuppressions(kept, directives, isKnownRule, aliasesOf)) if (!namesCrossFileRule(d.locator)) tool.push(d);
  let facts: FileFacts | undefined;
  if (format.fabric) {
    try {
      const f = format.fabric(parsed.model, { path, text });
      if (f.switches.length + f.ports.length + f.mirrors.length > 0) {
        const at = <T extends Span>(x: T): At<T> => {
          // a copy, then plain properties: a spread into a literal with more properties is twenty times
          // slower in V8 (an eighth of a playbook keystroke, for 232 facts)
          const fact = Object.assign({}, x) as unknown as At<T>;
          fact.path = path;
          placeLines(fact, index);
          const object = format.objectAt?.(parsed.model, x.start);
          if (object) fact.object = object;
          return fact;
        };
        const over = Math.max(f.switches.length, f.ports.length, f.mirrors.length) > MAX_FACTS;
        // a file of 50,000 bridges is not a host's network: link the first ones and say so
        if (over) tool.push({ code: 'VH-TOO-MANY-FINDINGS', start: 0, end: 0, severity: 'low', message: `This file defines ${f.switches.length} switches, ${f.ports.length} ports and ${f.mirrors.length} mirrors; only the first ${MAX_FACTS} of each are used by the cross-file checks.`, locator: 'too-many-facts' });
        const first = <T extends Span>(xs: T[]) => (xs.length > MAX_FACTS ? xs.slice(0, MAX_FACTS) : xs).map(at);
        facts = { path, format: format.id, switches: first(f.switches), ports: first(f.ports), mirrors: first(f.mirrors), directives: directives.filter((d) => d.ids.some(isCrossFileRuleId)) };
      }
    } catch (err) {
      tool.push({ code: 'VH-RULE-ERROR', start: 0, end: 0, severity: 'low', message: `Reading switches and mirrors from this file failed: ${errorText(err)}`, locator: 'fabric' });
    }
  }
  const context = format.context ? system : undefined;
  let moduleValues: ModuleValue[] | undefined;
  if (format.moduleValues) {
    try {
      moduleValues = format.moduleValues(parsed.model, { path, text });
    } catch (err) {
      tool.push({ code: 'VH-RULE-ERROR', start: 0, end: 0, severity: 'low', message: `Reading the values this file declares for its folder failed: ${errorText(err)}`, locator: 'module-values' });
    }
  }
  let seen: { moduleUses: string[]; moduleSeen: string } | undefined;
  if (input.moduleValues && format.moduleUses) {
    try {
      const uses = format.moduleUses(parsed.model);
      seen = { moduleUses: uses, moduleSeen: moduleSignature(input.moduleValues, path, uses) };
    } catch (err) {
      tool.push({ code: 'VH-RULE-ERROR', start: 0, end: 0, severity: 'low', message: `Reading the values this file takes from its folder failed: ${errorText(err)}`, locator: 'module-uses' });
    }
  }
  return { result: { path, format: format.id, findings: finish(tool, kept, index, config, omitted), ...(context ? { context } : {}) }, facts, evidence: own?.evidence, ...(moduleValues ? { moduleValues } : {}), ...(seen ?? {}) };
}

/**
 * What the values of a folder's files other than `path` are, as one string (to tell whether they
 * changed); with `uses`, only the values of those names (and `*` ones, which stand for every name).
 */
export function moduleSignature(values: readonly ModuleValue[], path: string, uses?: readonly string[]): string {
  const names = uses && new Set(uses);
  return values
    .filter((v) => v.path !== path && (!names || v.name === '*' || names.has(v.name)))
    .map((v) => `${v.path}\0${v.name}\0${v.source}\0${v.line}\0${v.start}\0${v.end}\0${typeof v.value}\0${String(v.value)}`)
    .join('\n');
}

/** Hints of `quiet` rules that mark exactly the lines another finding already marks add nothing: leave them out. */
function dropMarkedHints(findings: Finding[], quiet: Set<string>): Finding[] {
  if (quiet.size === 0) return findings;
  const marked = new Set(findings.filter((f) => !quiet.has(f.ruleId)).map((f) => `${f.line}:${f.endLine}`));
  return findings.filter((f) => !quiet.has(f.ruleId) || !marked.has(`${f.line}:${f.endLine}`));
}

function namesCrossFileRule(locator: string): boolean {
  const id = /^suppression:(?:line|file):(.+)$/.exec(locator)?.[1];
  return !!id && isCrossFileRuleId(id);
}

/**
 * The file's findings in position order: tool diagnostics capped at MAX_PER_CODE per code (with one
 * closing "N more" of that code, counting what the parser already left out), then everything capped
 * at MAX_FINDINGS, keeping unsuppressed and more severe findings first.
 */
function finish(tool: ToolDiagnostic[], ruleFindings: Finding[], index: LineIndex, config: EffectiveConfig, omitted?: Map<string, number>): Finding[] {
  const out = [...ruleFindings];
  const kept = new Map<string, number>();
  const more = new Map<string, { n: number; severity: Severity }>();
  for (const [code, n] of omitted ?? []) more.set(code, { n, severity: 'info' });
  for (const t of tool) {
    const setting = ruleOverride(config, t.code);
    if (setting === 'off') continue;
    const severity = setting && setting !== 'on' ? setting : t.severity;
    const n = kept.get(t.code) ?? 0;
    if (n < MAX_PER_CODE) {
      kept.set(t.code, n + 1);
      out.push(toFinding(t.code, t, severity, index));
      continue;
    }
    const m = more.get(t.code) ?? { n: 0, severity: 'info' };
    more.set(t.code, { n: m.n + 1, severity: worse(m.severity, severity) });
  }
  for (const [code, m] of more) {
    const setting = ruleOverride(config, code);
    if (setting === 'off') continue;
    const severity = setting && setting !== 'on' ? setting : worse(m.severity, ruleMeta(code)?.severity ?? 'low');
    out.push(toFinding(code, { start: 0, end: 0, severity, message: `${m.n} more ${code} diagnostics in this file are not listed (at most ${MAX_PER_CODE} are).`, locator: `${code}:more` }, severity, index));
  }
  return capFindings(out, index, config).sort(byPosition);
}

/**
 * At most MAX_FINDINGS findings: unsuppressed before suppressed, more severe first, then in file
 * order; one VH-TOO-MANY-FINDINGS (at `locator`) sums up the rest. `index` places it at the start of
 * the file (absent: line 0).
 */
export function capFindings(findings: Finding[], index: LineIndex | undefined, config: EffectiveConfig, what = 'findings', locator = 'too-many-findings'): Finding[] {
  if (findings.length <= MAX_FINDINGS) return findings;
  const rank = (f: Finding) => (f.suppressed ? SEVERITIES.length : 0) + SEVERITIES.indexOf(f.severity);
  const sorted = [...findings].sort((a, b) => rank(a) - rank(b) || a.start - b.start);
  const kept = sorted.slice(0, MAX_FINDINGS - 1);
  const left = sorted.slice(MAX_FINDINGS - 1);
  const byRule = new Map<string, number>();
  for (const f of left) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  const counts = [...byRule].sort((a, b) => b[1] - a[1]);
  const listed = counts.slice(0, 5).map(([id, n]) => `${n} ${id}`).join(', ') + (counts.length > 5 ? `, ${counts.length - 5} more rules` : '');
  const setting = ruleOverride(config, 'VH-TOO-MANY-FINDINGS');
  if (setting === 'off') return kept;
  const open = left.filter((f) => !f.suppressed);
  const worst = open.reduce<Severity>((s, f) => worse(s, f.severity), 'info');
  const severity = setting && setting !== 'on' ? setting : worst;
  const message = `${left.length} more ${what} in this file are not listed (at most ${MAX_FINDINGS} per file; the most severe are): ${listed}.`;
  const draft = { start: 0, end: 0, message, locator };
  kept.push(index ? toFinding('VH-TOO-MANY-FINDINGS', draft, severity, index) : { ...draft, ruleId: 'VH-TOO-MANY-FINDINGS', severity, line: 0, character: 0, endLine: 0, endCharacter: 0 });
  return kept;
}

function worse(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b;
}

function toFinding(ruleId: string, d: FindingDraft, severity: Severity, index: LineIndex): Finding {
  // the same keys in the same order as a spread, without its cost (see the fabric facts above)
  const f = Object.assign({}, d) as Finding;
  f.ruleId = ruleId;
  f.severity = severity;
  placeLines(f, index);
  return boundTexts(f);
}

/** Set the line and character of a span's start and end. */
function placeLines(o: { start: number; end: number; line: number; character: number; endLine: number; endCharacter: number }, index: LineIndex): void {
  const s = index.position(o.start);
  const e = index.position(Math.max(o.start, o.end));
  o.line = s.line;
  o.character = s.character;
  o.endLine = e.line;
  o.endCharacter = e.character;
}

const skippedMeta = TOOL_RULES.find((r) => r.id === 'VH-FILE-SKIPPED')!;

function skipped(message: string): ToolDiagnostic {
  return { code: 'VH-FILE-SKIPPED', start: 0, end: 0, severity: skippedMeta.severity, message, locator: 'file' };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The edits of every safe fix of unsuppressed findings (first fix per finding; overlapping edits dropped). */
export function safeFixEdits(findings: Finding[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const f of findings) {
    if (f.suppressed) continue;
    const fix = f.fixes?.find((x) => x.safety === 'safe');
    if (fix) for (const e of fix.edits) edits.push(e);
  }
  return edits;
}

/**
 * Apply safe fixes until nothing changes (at most `rounds` passes, since one fix can
 * make room for another). Returns the new text and how many fixes were applied.
 */
export function fixAll(input: LintInput, rounds = 5): { text: string; applied: number } {
  let text = input.text;
  let applied = 0;
  for (let i = 0; i < rounds; i++) {
    const result = lintText({ ...input, text });
    const edits = safeFixEdits(result.findings);
    if (edits.length === 0) break;
    const next = applyEdits(text, edits);
    if (next.text === text) break;
    applied += edits.length - next.skipped;
    text = next.text;
  }
  return { text, applied };
}
