import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONFIG_FILE_NAME } from '../engine/config-file';
import type { SessionInput } from '../engine/session';
import { readCandidate, scanRoots } from '../node/files';
import { ruleMeta } from '../catalog';
import { docsUri } from '../node/docs';
import { EFFECTIVE_CONFIG_REQUEST, SHOW_DOCS_COMMAND, TRUST_NOTIFICATION, type EffectiveConfigParams, type InitializationOptions, type ShowDocumentationArgs, type TrustParams } from '../protocol';
import type { RuleFixData } from './fix-rule';
import { workspaceRuleFix } from './workspace-fix';
import { ConfigProblems } from './config-problems';
import { setDocsPages } from './docs-link';
import { clientCaps, effectiveProfile, featureCapabilities, registerFeatures, type ClientCaps } from './features';
import { registerHostScan } from './host-scan';
import { DiskFiles } from './indexing';
import { IdleCollector } from './memory';
import { Publisher } from './publisher';
import { LintRunner } from './runner';
import { toOverrides, type ClientSettings } from './settings';
import { pathOf } from './uri';
import { Validator } from './validation';
import { startWatchdog, watchdogLimit } from './watchdog';
import { EditorWorkspace } from './workspace';

const VERSION = typeof VHARDEN_VERSION === 'string' ? VHARDEN_VERSION : '0.0.0-dev';

export interface ServerOptions {
  /** a script that runs the lint worker (see LintRunner); without it, every file is linted on the main thread */
  workerScript?: string;
  workerData?: unknown;
}

/**
 * Wires the engine to an LSP connection; the work is done by the modules it connects: the
 * workspace (settings and the one session), validation of open documents, files on disk, the
 * publisher, code actions, hover, host scans. Works with any LSP client; VS Code is one of them.
 */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  setDocsPages(docsUri);
  const documents = new TextDocuments(TextDocument);
  const runner = new LintRunner(options.workerScript, options.workerData);
  // the session checks a file again when its host tree's evidence changes how it is judged: from the open document, else the disk
  const reread = (path: string): SessionInput | undefined => {
    const doc = documents.get(publisher.uriOf(path));
    if (doc) {
      const format = validator.formatOf(doc);
      return format ? { path, text: doc.getText(), version: doc.version, formatId: format.id } : undefined;
    }
    const folders = workspace.folders;
    const c = readCandidate(path, workspace.settingsOf(path).config.maxFileSize, [], folders.length ? scanRoots(folders) : undefined);
    return c && { path, text: c.text, formatId: c.formatId, decodeProblems: c.decodeProblems, skipReason: c.skipReason };
  };
  const workspace = new EditorWorkspace(connection, reread);
  const publisher = new Publisher(connection, documents, workspace.session, (path) => (path.startsWith('/') ? workspace.resolve(path).restricted : []), (path) => pathToFileURL(path).href);
  const validator = new Validator(workspace, runner, publisher);
  const collector = new IdleCollector();
  const disk = new DiskFiles(workspace, runner, publisher, (path) => documents.get(publisher.uriOf(path)) !== undefined);
  const configProblems = new ConfigProblems(connection, documents);
  const isCurrent = (doc: TextDocument): boolean => documents.get(doc.uri)?.version === doc.version;
  let caps: ClientCaps = { clientCommands: [], versionedEdits: false, annotatedEdits: false, resolvesEdits: false, lensRefresh: false, progress: false };
  let watchDynamically = false;
  const watchdog = watchdogLimit() > 0 ? startWatchdog(watchdogLimit()) : undefined;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    caps = clientCaps(params);
    // cross-file facts change with other files: lenses are asked for again once their diagnostics are out
    publisher.onDrained = () => {
      if (caps.lensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      collector.settled();
    };
    workspace.trusted = init.trusted !== false;
    watchDynamically = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    workspace.init(uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u)), !!params.capabilities.workspace?.configuration, init.settings as ClientSettings | undefined);
    return {
      capabilities: featureCapabilities(caps),
      serverInfo: { name: 'vharden-language-server', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (watchDynamically) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }).catch(() => undefined);
    }
    await workspace.refresh();
    for (const doc of documents.all()) check(doc, true);
    await indexWithProgress();
  });

  /**
   * Index the workspace folders, shown as progress where the client supports it: until it ends, the
   * findings of open files may still change as the other files of their host trees come in.
   */
  async function indexWithProgress(): Promise<void> {
    const progress = caps.progress && workspace.folders.length ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('vharden: checking the workspace', undefined, undefined, false);
    try {
      await disk.indexFolders();
    } finally {
      progress?.done();
    }
  }

  /** Settings or configuration files changed: every open document and every disk file is checked again. */
  async function recheckAll(reindex: boolean): Promise<void> {
    await workspace.refresh();
    for (const doc of documents.all()) check(doc, true);
    if (reindex) await indexWithProgress();
    else await disk.rereadAll();
  }

  function check(doc: TextDocument, now = false): void {
    collector.cancel();
    const path = pathOf(doc.uri);
    if (basename(path) === CONFIG_FILE_NAME) {
      void configProblems.validateOpen(doc);
      return;
    }
    if (doc.uri.startsWith('file:')) {
      const r = workspace.resolve(path);
      configProblems.note(r.configFile, r.configError);
    }
    validator.schedule(doc, now);
  }

  connection.onDidChangeConfiguration((change) => {
    workspace.pushed((change.settings as { vharden?: ClientSettings } | undefined)?.vharden);
    void recheckAll(false);
  });

  documents.onDidOpen((e) => check(e.document, true));
  documents.onDidChangeContent((e) => {
    if (workspace.clientSettings(pathOf(e.document.uri)).run === 'onSave' && basename(pathOf(e.document.uri)) !== CONFIG_FILE_NAME) return;
    check(e.document);
  });
  documents.onDidSave((e) => {
    if (basename(pathOf(e.document.uri)) === CONFIG_FILE_NAME) void recheckAll(true);
    else if (workspace.clientSettings(pathOf(e.document.uri)).run === 'onSave') check(e.document, true);
  });
  documents.onDidClose(async (e) => {
    const uri = e.document.uri;
    const path = pathOf(uri);
    validator.cancel(uri);
    const changed = workspace.session.remove(path);
    // the file on disk takes the place of the closed document (when it takes part in the cross-file checks)
    if (uri.startsWith('file:')) await disk.read(path);
    publisher.publish(changed);
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    const changes = params.changes.filter((c) => c.uri.startsWith('file:')).map((c) => ({ path: pathOf(c.uri), deleted: c.type === FileChangeType.Deleted }));
    if ((await disk.changed(changes)) === 'all') await recheckAll(true);
  });

  // VS Code's client says when the user trusts the workspace: from then on its baseline and whole configuration apply
  connection.onNotification(TRUST_NOTIFICATION, async (p: TrustParams) => {
    const trusted = p?.trusted !== false;
    if (trusted === workspace.trusted) return;
    workspace.trusted = trusted;
    await recheckAll(true);
  });

  registerFeatures(connection, { workspace, validator, runner, documents, caps: () => caps });

  // the workspace-wide fix of one rule is computed when the user picks it
  connection.onCodeActionResolve(async (action) => {
    const data = action.data as RuleFixData | undefined;
    if (typeof data?.vhardenFixRule !== 'string') return action;
    const uriOf = (path: string) => publisher.uriOf(path);
    action.edit = await workspaceRuleFix(data.vhardenFixRule, data.guarded === true && caps.annotatedEdits, { workspace, documents, validator, runner, isCurrent, uriOf, versionedEdits: caps.versionedEdits });
    return action;
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command !== SHOW_DOCS_COMMAND) return;
    const arg = params.arguments?.[0] as ShowDocumentationArgs | string | undefined;
    const id = typeof arg === 'string' ? arg : String(arg?.ruleId ?? '');
    if (!ruleMeta(id)) return;
    await connection.window.showDocument({ uri: docsUri(id), takeFocus: true }).catch(() => undefined);
  });

  connection.onRequest(EFFECTIVE_CONFIG_REQUEST, (params: EffectiveConfigParams) => {
    const path = pathOf(params.uri);
    const settings = workspace.clientSettings(path);
    const r = params.uri.startsWith('file:') ? workspace.resolve(path) : undefined;
    const effective = r?.config ?? workspace.settingsOf(path).config;
    const context = workspace.session.ownResult(path)?.context;
    return {
      file: path,
      precedence: "built-in defaults, then the nearest .vharden.yaml (from the file's folder up to the workspace folder; not merged with configs further up), then editor settings (vharden.*)",
      configFile: r?.configFile ?? null,
      configError: r?.configError?.message ?? null,
      ignored: (r?.ignored ?? false) || settings.enable === false,
      scope: r?.scope ?? null,
      baselineFile: r?.baselineFile ?? null,
      baselineError: r?.baselineError ?? null,
      baselineNotes: r?.baselineNotes ?? [],
      trusted: workspace.trusted,
      restricted: r?.restricted ?? [],
      settingsOverrides: toOverrides(settings),
      effective,
      profile: effectiveProfile(effective, context),
    };
  });

  registerHostScan({
    connection,
    folders: () => workspace.folders,
    settingsFor: async (uri) => workspace.clientSettings(pathOf(uri)),
    publishConfigError: (err) => configProblems.report(err),
    advisoriesFor: (settings) => workspace.advisories(workspace.folders[0], settings),
    installedData: () => workspace.installedData,
    trusted: () => workspace.trusted,
    version: VERSION,
  });

  connection.onShutdown(() => {
    runner.dispose();
    watchdog?.stop();
  });
  documents.listen(connection);
  connection.listen();
}

declare const VHARDEN_VERSION: string;
