import type { AnnotatedTextEdit, ChangeAnnotation, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ChosenFix } from '../engine/fix-rule';

/** Code action kind of "fix all of one rule": `quickfix.vharden.<RULE-ID>` in the quick-fix menu, `source.fixAll.vharden.<RULE-ID>` on request (safe fixes only). */
export function ruleKind(base: 'quickfix' | 'source.fixAll', ruleId: string): string {
  return `${base}.vharden.${ruleId}`;
}

/** What `codeAction/resolve` gets back to compute the workspace-wide fix of a rule. */
export interface RuleFixData {
  vhardenFixRule: string;
  /** guarded fixes go in (the client confirms change annotations) */
  guarded: boolean;
}

export interface FileFixes {
  doc: TextDocument;
  /** null: the file as it is on disk (not open) */
  version: number | null;
  chosen: ChosenFix[];
}

/**
 * The chosen fixes of one or more files as a workspace edit. With `annotated`, every edit carries a
 * change annotation: safe fixes need no confirmation, each guarded fix needs one and is labelled with
 * its title (what it may break), so the client shows a preview before applying them.
 */
export function ruleFixEdit(files: FileFixes[], annotated: boolean, versioned = true): WorkspaceEdit {
  const annotations: Record<string, ChangeAnnotation> = {};
  const idOf = (c: ChosenFix): string => {
    const id = c.fix.safety === 'safe' ? 'safe' : `guarded: ${c.fix.title}`;
    annotations[id] ??= c.fix.safety === 'safe' ? { label: 'Safe fixes', needsConfirmation: false } : { label: c.fix.title, needsConfirmation: true, description: `${c.finding.ruleId} at line ${c.finding.line + 1}` };
    return id;
  };
  const documentChanges: TextDocumentEdit[] = files.map((f) => ({
    textDocument: { uri: f.doc.uri, version: f.version },
    edits: f.chosen.flatMap((c) =>
      c.fix.edits.map((e): TextEdit | AnnotatedTextEdit => {
        const edit = { range: { start: f.doc.positionAt(e.start), end: f.doc.positionAt(e.end) }, newText: e.newText };
        return annotated ? { ...edit, annotationId: idOf(c) } : edit;
      }),
    ),
  }));
  if (annotated) return { documentChanges, changeAnnotations: annotations };
  return versioned ? { documentChanges } : { changes: Object.fromEntries(documentChanges.map((d) => [d.textDocument.uri, d.edits])) };
}
