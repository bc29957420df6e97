import { TextDocuments, type Connection, type InitializeParams, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAll, lintFile } from '../engine/engine';
import type { SessionInput } from '../engine/session';
import { EFFECTIVE_CONFIG_REQUEST, type EffectiveConfigParams, type InitializationOptions } from '../protocol';
import { clientCaps, effectiveProfile, featureCapabilities, registerFeatures, type ClientCaps } from './features';
import { Publisher } from './publisher';
import { toOverrides, type ClientSettings } from './settings';
import { pathOf } from './uri';
import { Validator, type Runner } from './validation';
import { OpenDocumentsWorkspace } from './web-workspace';

const VERSION = typeof VHARDEN_VERSION === 'string' ? VHARDEN_VERSION : '0.0.0-dev';

/**
 * Runs the engine on the calling thread: the web worker is already off the editor's UI thread, and
 * has no threads of its own to stop a runaway check with (files over `maxFileSize` are not checked).
 */
const inThread: Runner = {
  lint: async (_uri, input) => lintFile(input),
  fixAll: async (_uri, input) => fixAll(input),
  cancel: () => undefined,
  dispose: () => undefined,
};

/**
 * The language server as a web worker (vscode.dev, github.dev): the same validation, diagnostics, code
 * actions, hover, completion, code lenses and inlay hints as the Node server, over the documents the
 * editor has open. No Node APIs: no files are read (no workspace indexing, `.vharden.yaml`, baselines,
 * advisories files), no host scans, live collectors or report export.
 */
export function startWebServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const reread = (path: string): SessionInput | undefined => {
    const doc = documents.get(publisher.uriOf(path));
    const format = doc && validator.formatOf(doc);
    return doc && format ? { path, text: doc.getText(), version: doc.version, formatId: format.id } : undefined;
  };
  const workspace = new OpenDocumentsWorkspace(connection, reread);
  const publisher = new Publisher(connection, documents, workspace.session);
  const validator = new Validator(workspace, inThread, publisher);
  let caps: ClientCaps = { clientCommands: [], versionedEdits: false, annotatedEdits: false, resolvesEdits: false, lensRefresh: false, progress: false };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    caps = clientCaps(params);
    if (caps.lensRefresh) publisher.onDrained = () => void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    workspace.init(!!params.capabilities.workspace?.configuration, init.settings as ClientSettings | undefined);
    // rule pages open through the client's command only (the worker has no files to show)
    return { capabilities: { ...featureCapabilities(caps), executeCommandProvider: undefined }, serverInfo: { name: 'vharden-language-server (web)', version: VERSION } };
  });

  const recheckAll = async (pushed?: ClientSettings): Promise<void> => {
    await workspace.refresh(pushed);
    for (const doc of documents.all()) validator.schedule(doc, true);
  };
  connection.onInitialized(() => void recheckAll());
  connection.onDidChangeConfiguration((change) => void recheckAll((change.settings as { vharden?: ClientSettings } | undefined)?.vharden));

  const onSave = (doc: TextDocument): boolean => workspace.clientSettings(pathOf(doc.uri)).run === 'onSave';
  documents.onDidOpen((e) => validator.schedule(e.document, true));
  documents.onDidChangeContent((e) => {
    if (!onSave(e.document)) validator.schedule(e.document);
  });
  documents.onDidSave((e) => {
    if (onSave(e.document)) validator.schedule(e.document, true);
  });
  documents.onDidClose((e) => {
    validator.cancel(e.document.uri);
    // a closed document leaves the session: its cross-file facts go with it
    publisher.publish(workspace.session.remove(pathOf(e.document.uri)));
  });

  registerFeatures(connection, { workspace, validator, runner: inThread, documents, caps: () => caps });
  // only this file's and the other open documents' fixes are offered: nothing to resolve
  connection.onCodeActionResolve((action) => action);

  connection.onRequest(EFFECTIVE_CONFIG_REQUEST, (params: EffectiveConfigParams) => {
    const path = pathOf(params.uri);
    const settings = workspace.clientSettings(path);
    const effective = workspace.settingsOf(path).config;
    return {
      file: path,
      precedence: 'built-in defaults, then editor settings (vharden.*); the web extension reads no .vharden.yaml or baseline',
      configFile: null,
      ignored: settings.enable === false,
      settingsOverrides: toOverrides(settings),
      effective,
      profile: effectiveProfile(effective, workspace.session.ownResult(path)?.context),
    };
  });

  documents.listen(connection);
  connection.listen();
}

declare const VHARDEN_VERSION: string;
