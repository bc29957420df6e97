import { CodeActionKind, TextDocumentSyncKind, type Connection, type InitializeParams, type ServerCapabilities, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { EffectiveConfig } from '../engine/config';
import { describeContext, effectsFor } from '../engine/context';
import type { FileResult } from '../engine/engine';
import { FIX_ALL_KIND, INSERT_SUPPRESSION_COMMAND, SHOW_DOCS_COMMAND, type InitializationOptions } from '../protocol';
import { codeLenses, completion, inlayHints } from './assist';
import { codeActions } from './code-actions';
import { openDocsViaCommand } from './docs-link';
import { hover } from './hover';
import { pathOf } from './uri';
import type { LintWorkspace, Runner, Validator } from './validation';

/** What the client said it can do, at initialize. */
export interface ClientCaps {
  clientCommands: string[];
  versionedEdits: boolean;
  annotatedEdits: boolean;
  resolvesEdits: boolean;
  lensRefresh: boolean;
  /** the client shows server-started progress (window/workDoneProgress/create) */
  progress: boolean;
}

export function clientCaps(params: InitializeParams): ClientCaps {
  const init = (params.initializationOptions ?? {}) as InitializationOptions;
  const clientCommands = Array.isArray(init.clientCommands) ? init.clientCommands.filter((c) => typeof c === 'string') : [];
  openDocsViaCommand(clientCommands.includes(SHOW_DOCS_COMMAND));
  const versionedEdits = !!params.capabilities.workspace?.workspaceEdit?.documentChanges;
  return {
    clientCommands,
    versionedEdits,
    annotatedEdits: versionedEdits && !!params.capabilities.workspace?.workspaceEdit?.changeAnnotationSupport,
    resolvesEdits: !!params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit'),
    lensRefresh: !!params.capabilities.workspace?.codeLens?.refreshSupport,
    progress: !!params.capabilities.window?.workDoneProgress,
  };
}

/** The capabilities both servers (Node and web worker) answer with. */
export function featureCapabilities(caps: ClientCaps): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll], resolveProvider: true },
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['=', ',', '"'] },
    codeLensProvider: {},
    inlayHintProvider: true,
    executeCommandProvider: { commands: [SHOW_DOCS_COMMAND].filter((c) => !caps.clientCommands.includes(c)) },
  };
}

export interface FeatureDeps {
  workspace: LintWorkspace;
  validator: Validator;
  runner: Runner;
  documents: TextDocuments<TextDocument>;
  caps: () => ClientCaps;
}

/**
 * The per-document features, the same in the Node server and the web worker: code actions, hover,
 * completion, code lenses and inlay hints, all from the session's current results.
 */
export function registerFeatures(connection: Connection, deps: FeatureDeps): void {
  const { workspace, validator, runner, documents } = deps;
  const isCurrent = (doc: TextDocument): boolean => documents.get(doc.uri)?.version === doc.version;

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    return codeActions(doc, params, {
      workspace,
      validator,
      runner,
      isCurrent,
      snippetSuppressions: () => deps.caps().clientCommands.includes(INSERT_SUPPRESSION_COMMAND),
      versionedEdits: () => deps.caps().versionedEdits,
      annotatedEdits: () => deps.caps().annotatedEdits,
      resolvesEdits: () => deps.caps().resolvesEdits,
    });
  });

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? hover(doc, params, workspace, validator, isCurrent) : null;
  });

  connection.onCompletion((params) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? completion(doc, params, validator.formatOf(doc)?.id) : [];
  });

  connection.onCodeLens(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const settings = doc ? workspace.clientSettings(pathOf(doc.uri)) : undefined;
    if (!doc || settings?.codeLens === false || !(await validator.current(doc, isCurrent))) return [];
    return codeLenses(doc, pathOf(doc.uri), workspace.session, validator.formatOf(doc)?.id, settings?.permissionLens !== false);
  });

  connection.languages.inlayHint.on((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || workspace.clientSettings(pathOf(doc.uri)).inlayHints === false) return [];
    return inlayHints(doc, validator.formatOf(doc)?.id);
  });
}

/** How a file's profile was judged, for the effective-configuration request. */
export function effectiveProfile(effective: EffectiveConfig, context: FileResult['context'] | undefined) {
  return {
    setting: effective.profile,
    judgedAs: context?.kind ?? null,
    summary: context ? describeContext(context) : null,
    evidence: (context?.evidence ?? []).map((e) => `${e.kind}: ${e.text} (${e.scope === 'file' ? 'this file' : 'its host or scope'})`),
    effects: effectsFor(context?.kind ?? (effective.profile === 'auto' ? undefined : effective.profile)),
  };
}
