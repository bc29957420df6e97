import { DiagnosticSeverity, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity, TextEdit } from '../engine/types';
import { changedNote } from '../engine/baseline';
import { docsLink } from './docs-link';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  critical: DiagnosticSeverity.Error,
  high: DiagnosticSeverity.Error,
  medium: DiagnosticSeverity.Warning,
  low: DiagnosticSeverity.Information,
  info: DiagnosticSeverity.Hint,
};

/** What a diagnostic's `data` carries: enough to build fixes without re-reading the message. */
export interface DiagnosticData {
  ruleId: string;
  severity: Severity;
  locator: string;
  version: number;
  fixes: { title: string; safety: 'safe' | 'guarded'; edits: LspTextEdit[] }[];
}

export function toLspEdits(doc: TextDocument, edits: TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText }));
}

/**
 * A finding as an LSP diagnostic, the same for open documents, workspace files and host scans.
 * Without the document (a file that is not open) the fixes are left out: they come when it is opened.
 */
export function toDiagnostic(f: Finding, doc: TextDocument | undefined): Diagnostic {
  const data: DiagnosticData = {
    ruleId: f.ruleId,
    severity: f.severity,
    locator: f.locator,
    version: doc?.version ?? -1,
    fixes: doc ? (f.fixes ?? []).map((x) => ({ title: x.title, safety: x.safety, edits: toLspEdits(doc, x.edits) })) : [],
  };
  return {
    range: { start: { line: f.line, character: f.character }, end: { line: f.endLine, character: f.endCharacter } },
    severity: LSP_SEVERITY[f.severity],
    source: 'vharden',
    code: f.ruleId,
    codeDescription: { href: docsLink(f.ruleId) },
    message: f.baselined ? `${f.message} (baselined; was ${f.baselined.severity})` : f.baselineChanged ? `${f.message} (${changedNote(f.baselineChanged)})` : f.message,
    data,
  };
}

