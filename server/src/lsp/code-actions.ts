import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleMeta, isToolRule } from '../catalog';
import { fixesOfRule } from '../engine/fix-rule';
import { diffEdits } from '../engine/text';
import type { Finding, Format } from '../engine/types';
import { FIX_ALL_KIND, INSERT_SUPPRESSION_COMMAND, SHOW_DOCS_COMMAND, type InsertSuppressionArgs, type ShowDocumentationArgs } from '../protocol';
import { suppressFileEdit, suppressLineEdit } from './actions';
import { toLspEdits, type DiagnosticData } from './diagnostics';
import { ruleFixEdit, ruleKind, type RuleFixData } from './fix-rule';
import { maxFileTimeMs } from './settings';
import { pathOf } from './uri';
import type { LintWorkspace, Runner, Validator } from './validation';

export interface ActionDeps {
  workspace: LintWorkspace;
  validator: Validator;
  runner: Runner;
  isCurrent: (doc: TextDocument) => boolean;
  /** the client inserts suppressions as snippets (VS Code client); otherwise a plain edit */
  snippetSuppressions: () => boolean;
  /** the client accepts versioned document edits */
  versionedEdits: () => boolean;
  /** the client confirms change annotations (guarded fixes go into fix-all-of-a-rule with a preview) */
  annotatedEdits: () => boolean;
  /** the client resolves a code action's edit lazily (the workspace-wide fix of a rule) */
  resolvesEdits: () => boolean;
}

/**
 * Code actions from the document's current result (never a new check): each finding's fixes and
 * templates, suppress on this line / in this file, show documentation; and fix-all, computed off the
 * main thread for large files and sent as the edits it makes against the version it was computed for.
 */
export async function codeActions(doc: TextDocument, params: CodeActionParams, deps: ActionDeps): Promise<CodeAction[]> {
  const own = await deps.validator.current(doc, deps.isCurrent);
  const format = deps.validator.formatOf(doc);
  if (!own || !format || !own.format) return [];
  const path = pathOf(doc.uri);
  const findings = deps.workspace.session.findings(path);
  const only = params.context.only;
  const actions: CodeAction[] = [];
  const ruleKinds = only?.filter((k) => k.startsWith(`${FIX_ALL_KIND}.`)) ?? [];
  for (const k of ruleKinds) {
    // named in codeActionsOnSave or a keybinding: safe fixes only, nothing to confirm
    const ruleId = k.slice(FIX_ALL_KIND.length + 1);
    const chosen = fixesOfRule(findings, ruleId, false);
    if (chosen.length) actions.push({ title: `Apply the safe ${ruleId} fixes`, kind: k, edit: ruleFixEdit([{ doc, version: doc.version, chosen }], false, deps.versionedEdits()) });
  }
  if (ruleKinds.length && only?.every((k) => k.startsWith(`${FIX_ALL_KIND}.`))) return actions;
  const wantsFixAll = !!only?.some((k) => k === FIX_ALL_KIND || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source);
  if (wantsFixAll) {
    const fix = await fixAllAction(doc, format, deps);
    if (fix) actions.push(fix);
    if (only?.every((k) => k !== CodeActionKind.QuickFix)) return actions;
  }
  const ours = params.context.diagnostics.filter((d) => d.source === 'vharden' && typeof d.code === 'string');
  const seenRules = new Set<string>();
  for (const d of ours) {
    const data = d.data as DiagnosticData | undefined;
    const finding =
      findings.find((f) => !f.suppressed && f.ruleId === d.code && f.locator === (data?.locator ?? f.locator) && f.line === d.range.start.line) ??
      findings.find((f) => !f.suppressed && f.ruleId === d.code && f.locator === data?.locator);
    if (!finding) continue;
    for (const fix of finding.fixes ?? []) {
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.safety === 'safe', edit: edit(doc, toLspEdits(doc, fix.edits), deps) });
    }
    for (const template of finding.templates ?? []) {
      actions.push({ title: template.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(doc, toLspEdits(doc, template.edits), deps) });
    }
    actions.push(suppressAction(doc, format, finding, 'line', d, deps));
    if (!seenRules.has(finding.ruleId)) {
      seenRules.add(finding.ruleId);
      actions.push(suppressAction(doc, format, finding, 'file', d, deps));
      actions.push(...fixRuleActions(doc, finding.ruleId, findings, d, deps));
      actions.push({ title: `Show documentation for ${finding.ruleId}`, kind: CodeActionKind.QuickFix, diagnostics: [d], command: docsCommand(finding) });
    }
  }
  return actions;
}

/**
 * Fix all of one rule: in this file (when it has two fixes or more), and in the workspace (resolved on
 * demand). Guarded fixes go in only when the client previews annotated edits; the titles say so.
 */
function fixRuleActions(doc: TextDocument, ruleId: string, findings: Finding[], d: Diagnostic, deps: ActionDeps): CodeAction[] {
  const guarded = deps.annotatedEdits();
  const chosen = fixesOfRule(findings, ruleId, guarded);
  if (chosen.length === 0) return [];
  const out: CodeAction[] = [];
  const confirm = chosen.some((c) => c.fix.safety === 'guarded') ? ' (guarded fixes ask for confirmation)' : '';
  if (chosen.length >= 2) {
    out.push({ title: `Fix all ${chosen.length} ${ruleId} findings in this file${confirm}`, kind: ruleKind('quickfix', ruleId), diagnostics: [d], edit: ruleFixEdit([{ doc, version: doc.version, chosen }], guarded, deps.versionedEdits()) });
  }
  if (deps.resolvesEdits() && deps.workspace.folders.length) {
    const data: RuleFixData = { vhardenFixRule: ruleId, guarded };
    out.push({ title: `Fix all ${ruleId} findings in the workspace${guarded ? ' (preview)' : ' (safe fixes)'}`, kind: `${ruleKind('quickfix', ruleId)}.workspace`, diagnostics: [d], data });
  }
  return out;
}

async function fixAllAction(doc: TextDocument, format: Format<any>, deps: ActionDeps): Promise<CodeAction | undefined> {
  const path = pathOf(doc.uri);
  const settings = deps.workspace.settingsOf(path);
  if (settings.ignored) return undefined;
  const text = doc.getText();
  const fixed = await deps.runner.fixAll(doc.uri, { path, text, config: settings.config, formatId: format.id }, maxFileTimeMs(deps.workspace.clientSettings(path)));
  if (!fixed || fixed.text === text || !deps.isCurrent(doc)) return undefined;
  return { title: 'Apply all safe vharden fixes', kind: FIX_ALL_KIND, edit: edit(doc, toLspEdits(doc, diffEdits(text, fixed.text)), deps) };
}

/** A workspace edit against this version of the document (versioned when the client accepts that). */
function edit(doc: TextDocument, edits: LspTextEdit[], deps: ActionDeps): WorkspaceEdit {
  if (deps.versionedEdits()) return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] };
  return { changes: { [doc.uri]: edits } };
}

function suppressAction(doc: TextDocument, format: Format<any>, finding: Finding, kind: 'line' | 'file', d: CodeAction['diagnostics'] extends (infer T)[] | undefined ? T : never, deps: ActionDeps): CodeAction {
  const text = doc.getText();
  const e = kind === 'line' ? suppressLineEdit(text, format, finding) : suppressFileEdit(text, format, finding.ruleId);
  const title = kind === 'line' ? `Suppress ${finding.ruleId} on this line` : `Suppress ${finding.ruleId} in this file`;
  if (deps.snippetSuppressions() && e.start === e.end) {
    const at = doc.positionAt(e.start);
    const args: InsertSuppressionArgs = { uri: doc.uri, version: doc.version, line: at.line, character: at.character, snippet: snippetOf(e.newText) };
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title, command: INSERT_SUPPRESSION_COMMAND, arguments: [args] } };
  }
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(doc, toLspEdits(doc, [e]), deps) };
}

/** The inserted comment as a snippet: `$`, `}` and `\` escaped, the placeholder reason selected. */
function snippetOf(text: string): string {
  const escaped = text.replace(/[$}\\]/g, (c) => `\\${c}`);
  const i = escaped.lastIndexOf('reason');
  return i < 0 ? escaped : `${escaped.slice(0, i)}\${1:reason}${escaped.slice(i + 'reason'.length)}`;
}

/** "Show documentation", saying when this finding's severity is not the rule's default. */
export function docsCommand(finding: Finding): Command {
  const meta = ruleMeta(finding.ruleId);
  const args: ShowDocumentationArgs = { ruleId: finding.ruleId };
  const original = finding.baselined?.severity ?? finding.severity;
  if (meta && original !== meta.severity) {
    args.severity = original;
    args.defaultSeverity = meta.severity;
    args.why = isToolRule(meta) ? 'set by configuration' : 'set by configuration, or by what the rule found in this context (see the message)';
  }
  if (finding.baselined) args.why = `${args.why ? `${args.why}; ` : ''}shown at info because a baseline accepts it`;
  return { title: `Show documentation for ${finding.ruleId}`, command: SHOW_DOCS_COMMAND, arguments: [args] };
}
