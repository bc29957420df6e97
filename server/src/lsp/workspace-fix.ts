import type { TextDocuments, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isCrossFileRuleId, rulesFor } from '../catalog';
import { fixesOfRule } from '../engine/fix-rule';
import type { Finding } from '../engine/types';
import { readCandidate, scanRoots, walk } from '../node/files';
import { ruleFixEdit, type FileFixes } from './fix-rule';
import type { LintRunner } from './runner';
import { maxFileTimeMs } from './settings';
import { pathOf } from './uri';
import type { Validator } from './validation';
import type { EditorWorkspace } from './workspace';

export interface WorkspaceFixDeps {
  workspace: EditorWorkspace;
  documents: TextDocuments<TextDocument>;
  validator: Validator;
  runner: LintRunner;
  isCurrent: (doc: TextDocument) => boolean;
  uriOf: (path: string) => string;
  versionedEdits: boolean;
}

/**
 * Every fix of one rule in the workspace: open documents from their current result, the other files
 * of the workspace folders read and checked now (per-file rules; the cross-file rules' findings of a
 * file come with the open document).
 */
export async function workspaceRuleFix(ruleId: string, guarded: boolean, deps: WorkspaceFixDeps): Promise<WorkspaceEdit> {
  const files: FileFixes[] = [];
  const seen = new Set<string>();
  for (const doc of deps.documents.all()) {
    const path = pathOf(doc.uri);
    seen.add(path);
    if (!(await deps.validator.current(doc, deps.isCurrent))) continue;
    const chosen = fixesOfRule(deps.workspace.session.findings(path), ruleId, guarded);
    if (chosen.length) files.push({ doc, version: doc.version, chosen });
  }
  const folders = deps.workspace.folders;
  if (!isCrossFileRuleId(ruleId) && folders.length) {
    for (const path of walk(folders, [], scanRoots(folders))) {
      if (seen.has(path)) continue;
      const findings = await diskFindings(path, ruleId, deps);
      const chosen = findings ? fixesOfRule(findings.findings, ruleId, guarded) : [];
      if (findings && chosen.length) files.push({ doc: TextDocument.create(deps.uriOf(path), findings.formatId, 0, findings.text), version: null, chosen });
    }
  }
  return ruleFixEdit(files, guarded, deps.versionedEdits);
}

async function diskFindings(path: string, ruleId: string, deps: WorkspaceFixDeps): Promise<{ findings: Finding[]; text: string; formatId: string } | undefined> {
  const settings = deps.workspace.settingsOf(path);
  if (settings.ignored) return undefined;
  const c = readCandidate(path, settings.config.maxFileSize, [], scanRoots(deps.workspace.folders));
  // a file that did not decode cleanly is not edited from here: its offsets may not be the editor's
  if (!c || !c.formatId || c.skipReason || c.decodeProblems?.length || !rulesFor(c.formatId).some((r) => r.meta.id === ruleId)) return undefined;
  const input = { path, text: c.text, config: settings.config, formatId: c.formatId, hostEvidence: deps.workspace.session.hostEvidence(settings.scope), moduleValues: deps.workspace.session.moduleValues(path) };
  const linted = await deps.runner.lint(`fix-rule:${path}`, input, maxFileTimeMs(deps.workspace.clientSettings(path)), true);
  return linted && { findings: linted.result.findings, text: c.text, formatId: c.formatId };
}
