import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completions, keyHover } from '../engine/assist';
import { docsLink } from './docs-link';

/** Completion of keys and values (engine/assist.ts) as LSP items; `formatId` from the document's detected format. */
export function completion(doc: TextDocument, params: CompletionParams, formatId: string | undefined): CompletionItem[] {
  if (!formatId) return [];
  const text = doc.getText();
  return completions(formatId, text, doc.offsetAt(params.position), docsLink).map((s) => ({
    label: s.label,
    kind: s.kind === 'key' ? CompletionItemKind.Property : s.kind === 'option' ? CompletionItemKind.Field : CompletionItemKind.Value,
    detail: s.detail || undefined,
    documentation: { kind: MarkupKind.Markdown, value: s.doc },
    sortText: s.sort,
    textEdit: { range: { start: doc.positionAt(s.start), end: doc.positionAt(s.end) }, newText: s.insert },
  }));
}

/** The Markdown of the key under the cursor, or undefined. */
export function keyDoc(doc: TextDocument, offset: number, formatId: string | undefined): string | undefined {
  return formatId ? keyHover(formatId, doc.getText(), offset, docsLink)?.markdown : undefined;
}
