import { CompletionItemKind, MarkupKind, type CodeLens, type CompletionItem, type CompletionParams, type InlayHint } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ansibleHover, completions, defaultHints, keyHover, xmlHover } from '../engine/assist';
import { permissionLenses } from '../engine/acl-lenses';
import { switchLenses, type FactLens } from '../engine/lenses';
import type { Session } from '../engine/session';
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
  if (!formatId) return undefined;
  const text = doc.getText();
  const found = formatId === 'ansible' ? ansibleHover(text, offset, docsLink) : (keyHover(formatId, text, offset, docsLink) ?? xmlHover(formatId, text, offset, docsLink));
  return found?.markdown;
}

/**
 * Code lenses: above the switches this document defines, the guests on each and where it is mirrored
 * (engine/lenses.ts); above its ACL lines and vCenter permissions, what they grant (engine/acl-lenses.ts),
 * unless `permissions` is false.
 */
export function codeLenses(doc: TextDocument, path: string, session: Session, formatId: string | undefined, permissions: boolean): CodeLens[] {
  const linked = session.linkedFacts(path);
  const lenses: FactLens[] = linked ? switchLenses(linked.key, linked.facts, path) : [];
  if (permissions && formatId) lenses.push(...permissionLenses(formatId, doc.getText(), path));
  return lenses.map((l) => ({
    range: { start: { line: l.line, character: l.character }, end: { line: l.endLine, character: l.endCharacter } },
    command: { title: l.title, command: '' },
  }));
}

/** Inlay hints for the defaults of omitted options a rule judges (engine/assist.ts). */
export function inlayHints(doc: TextDocument, formatId: string | undefined): InlayHint[] {
  if (!formatId) return [];
  return defaultHints(formatId, doc.getText()).map((h) => ({ position: doc.positionAt(h.offset), label: h.label, paddingLeft: true, tooltip: h.tooltip }));
}
