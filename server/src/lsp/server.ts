import {
  CodeAction,
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  DiagnosticSeverity,
  MarkupKind,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EffectiveConfig } from '../engine/config';
import { defaultConfig } from '../engine/config';
import { CONFIG_FILE_NAME, parseProjectConfig, withProjectConfig, type ConfigError } from '../engine/project-config';
import { fixAll, type FileFacts, type FileResult } from '../engine/engine';
import { formatForDocument, isToolRule, ruleMeta } from '../engine/registry';
import type { Finding, Format } from '../engine/types';
import { loadAdvisoriesFile } from '../node/advisories';
import { docsUri } from '../node/docs';
import type { AdvisoryData } from '../rules/patch/advisories';
import type { ConfigFileError } from '../node/config-file';
import { suppressFileEdit, suppressLineEdit } from './actions';
import { toDiagnostic, toLspEdits, type DiagnosticData } from './diagnostics';
import { FabricIndex, type ConfigFor } from './fabric-index';
import { registerHostScan } from './host-scan';
import { EditorProject } from './project';
import { LintRunner } from './runner';
import { maxFileTimeMs, toOverrides, type ClientSettings } from './settings';

export const FIX_ALL_KIND = 'source.fixAll.vharden';
const SHOW_DOCS_COMMAND = 'vharden.showDocumentation';
export const EFFECTIVE_CONFIG_REQUEST = 'vharden/effectiveConfig';
const VERSION = typeof VHARDEN_VERSION === 'string' ? VHARDEN_VERSION : '0.0.0-dev';

export interface ServerOptions {
  /** a script that runs the lint worker (see LintRunner); without it, every file is linted on the main thread */
  workerScript?: string;
  workerData?: unknown;
}

/** Wire the engine to an LSP connection. Works with any LSP client; VS Code is one of them. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const runner = new LintRunner(options.workerScript, options.workerData);
  const settingsCache = new Map<string, Promise<ClientSettings>>();
  const results = new Map<string, { version: number; result: FileResult }>();
  const pending = new Map<string, NodeJS.Immediate>();
  let supportsConfiguration = false;
  let watchDynamically = false;
  let initSettings: ClientSettings | undefined;
  // files read from disk go through the runner like open documents (worker thread, time budget),
  // behind any open document waiting for it
  const fabric = new FabricIndex((path, input) => runner.lint(`vharden-index:${path}`, input, maxFileTimeMs(diskSettings), true));
  /** configuration for files read from disk into the fabric: `.vharden.yaml` and the first folder's settings */
  let diskConfig: ConfigFor = () => ({ config: defaultConfig(), ignored: false });
  let diskSettings: ClientSettings = {};
  const uriOfPath = new Map<string, string>();
  const project = new EditorProject([]);
  let folders: string[] = [];
  /** config files whose errors are published, with the message shown */
  const configProblems = new Map<string, string>();
  /** user advisories files by resolved path and modification time: the data, or undefined after a reported error (bundled data is used) */
  const advisoriesFiles = new Map<string, { mtimeMs: number; data: AdvisoryData | undefined }>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    supportsConfiguration = !!params.capabilities.workspace?.configuration;
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    project.setFolders(folders);
    fabric.folders = folders;
    watchDynamically = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    initSettings = (params.initializationOptions as { settings?: ClientSettings } | undefined)?.settings;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll] },
        hoverProvider: true,
        executeCommandProvider: { commands: [SHOW_DOCS_COMMAND] },
      },
      serverInfo: { name: 'vharden-language-server', version: VERSION },
    };
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    const pushed = (change.settings as { vharden?: ClientSettings } | undefined)?.vharden;
    if (pushed) initSettings = pushed;
    for (const doc of documents.all()) schedule(doc);
  });

  connection.onInitialized(async () => {
    if (watchDynamically) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }).catch(() => undefined);
    }
    if (folders.length === 0) return;
    await refreshDiskConfig();
    await fabric.indexFolders(diskConfig, (path) => documents.get(uriFor(path)) !== undefined);
    await refresh();
  });

  async function refreshDiskConfig(): Promise<void> {
    const first = folders[0];
    const settings = first ? await settingsFor(pathToFileURL(first).href) : initSettings ?? {};
    diskSettings = settings;
    const advisories = advisoriesFor(settings);
    diskConfig = (path) => {
      const r = project.resolve(path, settings);
      return { config: advisories ? { ...r.config, advisories } : r.config, ignored: r.ignored || settings.enable === false || basename(path) === CONFIG_FILE_NAME };
    };
  }

  function uriFor(path: string): string {
    return uriOfPath.get(path) ?? pathToFileURL(path).href;
  }

  /** Recompute the project findings and publish diagnostics of every file whose project findings changed. */
  async function refresh(except?: string): Promise<void> {
    for (const path of fabric.recompute(defaultConfig())) {
      if (path === except) continue;
      await publishPath(path);
    }
  }

  /** Publish a file's diagnostics: from its open document, or (not open) from what the fabric index keeps. */
  async function publishPath(path: string): Promise<void> {
    const uri = uriFor(path);
    const doc = documents.get(uri);
    const cached = results.get(uri);
    if (doc && cached) return publish(doc, cached.result);
    if (doc) return;
    const findings = withBaseline(path, [...fabric.storedFindings(path), ...fabric.projectFor(path)]).filter((f) => !f.suppressed);
    await connection.sendDiagnostics({ uri, diagnostics: findings.map((f) => toDiagnostic(f, undefined)) });
  }

  /** Copies of findings with the baseline in effect for the file applied (the index keeps the originals). */
  function withBaseline(path: string, findings: Finding[]): Finding[] {
    const copies = findings.map((f) => ({ ...f }));
    if (copies.length && isAbsolute(path)) project.applyBaseline(path, copies, project.resolve(path, diskSettings).baselineFile);
    return copies;
  }

  async function publish(doc: TextDocument, result: FileResult): Promise<void> {
    const findings = withProject(doc, result).filter((f) => !f.suppressed);
    await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: findings.map((f) => toDiagnostic(f, doc)) });
    connection.sendNotification('vharden/status', { uri: doc.uri, findings: findings.length, format: result.format ?? null });
  }

  /** The document's own findings and the project findings reported in it. */
  function withProject(doc: TextDocument, result: FileResult): Finding[] {
    const path = pathOf(doc.uri);
    const extra = fabric.projectFor(path);
    return extra.length ? [...result.findings, ...withBaseline(path, extra)].sort((a, b) => a.start - b.start) : result.findings;
  }

  async function settingsFor(uri: string): Promise<ClientSettings> {
    if (!supportsConfiguration) return initSettings ?? {};
    let p = settingsCache.get(uri);
    if (!p) {
      p = connection.workspace.getConfiguration({ scopeUri: uri, section: 'vharden' }).then(
        (s: ClientSettings | null) => s ?? initSettings ?? {},
        () => initSettings ?? {},
      );
      settingsCache.set(uri, p);
    }
    return p;
  }

  function formatFor(doc: TextDocument): Format<any> | undefined {
    return formatForDocument(doc.languageId, pathOf(doc.uri), doc.getText());
  }

  /** Lints through the runner; `result` is undefined when the document changed meanwhile (the work was cancelled). */
  async function lint(doc: TextDocument): Promise<{ result: FileResult | undefined; config: EffectiveConfig; format?: Format<any>; facts?: FileFacts }> {
    const settings = await settingsFor(doc.uri);
    const path = pathOf(doc.uri);
    const format = formatFor(doc);
    const resolved = doc.uri.startsWith('file:') ? project.resolve(path, settings) : undefined;
    const projectConfig = resolved?.config ?? withSettings(settings);
    const advisories = advisoriesFor(settings);
    const config = advisories ? { ...projectConfig, advisories } : projectConfig;
    if (resolved) noteConfig(resolved.configFile, resolved.configError);
    const isConfigFile = basename(path) === CONFIG_FILE_NAME;
    if (!format || isConfigFile || settings.enable === false || resolved?.ignored) return { result: { path, findings: [] }, config };
    const linted = await runner.lint(doc.uri, { path, text: doc.getText(), config, formatId: format.id }, maxFileTimeMs(settings));
    if (linted) project.applyBaseline(path, linted.result.findings, resolved?.baselineFile);
    return { result: linted?.result, config, format, facts: linted?.facts };
  }

  /** The result for the document's current version: cached from the last validation, or computed. */
  async function currentResult(doc: TextDocument): Promise<{ result: FileResult | undefined; config: EffectiveConfig; format?: Format<any> }> {
    const cached = results.get(doc.uri);
    if (!cached || cached.version !== doc.version) return lint(doc);
    const settings = await settingsFor(doc.uri);
    const resolved = doc.uri.startsWith('file:') ? project.resolve(pathOf(doc.uri), settings) : undefined;
    return { result: cached.result, config: resolved?.config ?? withSettings(settings), format: formatFor(doc) };
  }

  /** The advisories data named by `vharden.advisoriesFile`, undefined for the bundled data. */
  function advisoriesFor(settings: ClientSettings): AdvisoryData | undefined {
    const file = typeof settings.advisoriesFile === 'string' ? settings.advisoriesFile.trim() : '';
    return file ? userAdvisories(file) : undefined;
  }

  /** The user's advisories file, loaded again when it changes; a bad file is reported once and the bundled data is used. */
  function userAdvisories(file: string): AdvisoryData | undefined {
    const path = isAbsolute(file) || !folders[0] ? file : join(folders[0], file);
    let mtimeMs = -1;
    try {
      mtimeMs = statSync(path).mtimeMs;
    } catch {
      /* missing: loadAdvisoriesFile says so */
    }
    const cached = advisoriesFiles.get(path);
    if (cached && cached.mtimeMs === mtimeMs) return cached.data;
    const loaded = loadAdvisoriesFile(path);
    if ('error' in loaded) {
      advisoriesFiles.set(path, { mtimeMs, data: undefined });
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `vharden: ${loaded.error}. Using the bundled advisories data instead.` });
      return undefined;
    }
    advisoriesFiles.set(path, { mtimeMs, data: loaded.data });
    return loaded.data;
  }

  function withSettings(settings: ClientSettings): EffectiveConfig {
    return withProjectConfig(defaultConfig(), toOverrides(settings));
  }

  /** Publish (or clear) the errors of a `.vharden.yaml`, and say so once in a window message. */
  function noteConfig(file: string | undefined, error: ConfigFileError | undefined): void {
    if (!file) return;
    if (error) publishConfigError(error);
    else if (configProblems.has(file)) {
      configProblems.delete(file);
      if (!documents.get(pathToFileURL(file).href)) void connection.sendDiagnostics({ uri: pathToFileURL(file).href, diagnostics: [] });
    }
  }

  function publishConfigError(error: ConfigFileError): void {
    if (configProblems.get(error.file) === error.message) return;
    configProblems.set(error.file, error.message);
    const uri = pathToFileURL(error.file).href;
    if (!documents.get(uri)) void connection.sendDiagnostics({ uri, diagnostics: error.errors.map(configDiagnostic) });
    const first = error.errors[0];
    const message = `vharden: ${error.file} is invalid and is not used: ${first?.message ?? ''} (line ${first?.line ?? 1}, column ${first?.column ?? 1})`;
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message });
  }

  function schedule(doc: TextDocument): void {
    runner.cancel(doc.uri); // work on an older version is stale
    const prev = pending.get(doc.uri);
    if (prev) clearImmediate(prev);
    pending.set(doc.uri, setImmediate(() => {
      pending.delete(doc.uri);
      void validate(doc.uri);
    }));
  }

  async function validate(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    if (basename(pathOf(uri)) === CONFIG_FILE_NAME) {
      const { errors } = parseProjectConfig(doc.getText());
      await connection.sendDiagnostics({ uri, version: doc.version, diagnostics: errors.map(configDiagnostic) });
      return;
    }
    const version = doc.version;
    const { result, config, facts } = await lint(doc);
    const current = documents.get(uri);
    if (!result || !current || current.version !== version) return; // a newer change is on its way
    results.set(uri, { version, result });
    const path = pathOf(uri);
    uriOfPath.set(path, uri);
    fabric.update(path, facts, result.findings, config);
    await refresh(path);
    await publish(doc, result);
  }

  documents.onDidOpen((e) => schedule(e.document));
  // files changed on disk: the fabric re-reads them (open documents win over the disk); a changed
  // .vharden.yaml or baseline changes every open file's results
  connection.onDidChangeWatchedFiles(async (params) => {
    await refreshDiskConfig();
    for (const change of params.changes) {
      if (!change.uri.startsWith('file:') || documents.get(change.uri)) continue;
      const path = pathOf(change.uri);
      uriOfPath.set(path, change.uri);
      if (change.type === FileChangeType.Deleted) fabric.remove(path);
      else await fabric.readFromDisk(path, diskConfig);
    }
    await refresh();
    for (const doc of documents.all()) schedule(doc);
  });
  documents.onDidSave((e) => {
    if (basename(pathOf(e.document.uri)) === CONFIG_FILE_NAME) for (const doc of documents.all()) schedule(doc);
  });
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose(async (e) => {
    const uri = e.document.uri;
    runner.cancel(uri);
    results.delete(uri);
    const path = pathOf(uri);
    // the file on disk takes the place of the closed document in the fabric
    const onDisk = uri.startsWith('file:') && (await fabric.readFromDisk(path, diskConfig));
    if (!onDisk) fabric.remove(path);
    await refresh(path);
    if (fabric.projectFor(path).length > 0) await publishPath(path);
    else await connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onCodeAction(async (params: CodeActionParams) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const { result: own, config, format } = await currentResult(doc);
    if (!format || !own) return [];
    const result = { ...own, findings: withProject(doc, own) };
    const only = params.context.only;
    const wantsFixAll = !!only?.some((k) => k === FIX_ALL_KIND || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source);
    const actions: CodeAction[] = [];
    if (wantsFixAll) {
      const fixed = fixAll({ path: pathOf(doc.uri), text: doc.getText(), config, formatId: format.id });
      if (fixed.text !== doc.getText()) {
        actions.push({
          title: 'Apply all safe vharden fixes',
          kind: FIX_ALL_KIND,
          edit: { changes: { [doc.uri]: [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, newText: fixed.text }] } },
        });
      }
      if (only?.every((k) => k !== CodeActionKind.QuickFix)) return actions;
    }
    const ours = params.context.diagnostics.filter((d) => d.source === 'vharden' && typeof d.code === 'string');
    const seenRules = new Set<string>();
    for (const d of ours) {
      const data = d.data as DiagnosticData | undefined;
      const finding = result.findings.find((f) => !f.suppressed && f.ruleId === d.code && f.locator === (data?.locator ?? f.locator) && f.line === d.range.start.line)
        ?? result.findings.find((f) => !f.suppressed && f.ruleId === d.code && f.locator === data?.locator);
      if (!finding) continue;
      for (const fix of finding.fixes ?? []) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: fix.safety === 'safe',
          edit: { changes: { [doc.uri]: toLspEdits(doc, fix.edits) } },
        });
      }
      for (const template of finding.templates ?? []) {
        actions.push({ title: template.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [doc.uri]: toLspEdits(doc, template.edits) } } });
      }
      actions.push({
        title: `Suppress ${finding.ruleId} on this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: { changes: { [doc.uri]: toLspEdits(doc, [suppressLineEdit(doc.getText(), format, finding)]) } },
      });
      if (!seenRules.has(finding.ruleId)) {
        seenRules.add(finding.ruleId);
        actions.push({
          title: `Suppress ${finding.ruleId} in this file`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: { changes: { [doc.uri]: toLspEdits(doc, [suppressFileEdit(doc.getText(), format, finding.ruleId)]) } },
        });
        actions.push({
          title: `Show documentation for ${finding.ruleId}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: `Show documentation for ${finding.ruleId}`, command: SHOW_DOCS_COMMAND, arguments: [finding.ruleId] },
        });
      }
    }
    return actions;
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === SHOW_DOCS_COMMAND) {
      const id = String(params.arguments?.[0] ?? '');
      if (!ruleMeta(id)) return;
      await connection.window.showDocument({ uri: docsUri(id), takeFocus: true }).catch(() => undefined);
    }
  });

  connection.onHover(async (params: HoverParams): Promise<Hover | null> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const { result: own } = await currentResult(doc);
    if (!own) return null;
    const result = { ...own, findings: withProject(doc, own) };
    const offset = doc.offsetAt(params.position);
    const hits = result.findings.filter((f) => !f.suppressed && f.start <= offset && offset <= Math.max(f.end, f.start + 1));
    if (hits.length === 0) return null;
    return { contents: { kind: MarkupKind.Markdown, value: hits.map(hoverText).join('\n\n---\n\n') } };
  });

  connection.onShutdown(() => runner.dispose());
  connection.onRequest(EFFECTIVE_CONFIG_REQUEST, async (params: { uri: string }) => {
    const settings = await settingsFor(params.uri);
    const path = pathOf(params.uri);
    const r = params.uri.startsWith('file:') ? project.resolve(path, settings) : undefined;
    return {
      file: path,
      precedence: 'built-in defaults, then the nearest .vharden.yaml (from the file\'s folder up to the workspace folder; not merged with configs further up), then editor settings (vharden.*)',
      configFile: r?.configFile ?? null,
      configError: r?.configError?.message ?? null,
      ignored: r?.ignored ?? false,
      baselineFile: r?.baselineFile ?? null,
      baselineError: r?.baselineError ?? null,
      settingsOverrides: toOverrides(settings),
      effective: r?.config ?? withSettings(settings),
    };
  });

  registerHostScan({ connection, documents, folders: () => folders, settingsFor, publishConfigError, advisoriesFor, version: VERSION });

  documents.listen(connection);
  connection.listen();
}

function configDiagnostic(e: ConfigError): Diagnostic {
  return {
    range: { start: { line: e.line - 1, character: e.column - 1 }, end: { line: e.endLine - 1, character: e.endColumn - 1 } },
    severity: DiagnosticSeverity.Error,
    source: 'vharden',
    code: 'VH-CONFIG',
    codeDescription: { href: docsUri('VH-CONFIG') },
    message: e.message,
  };
}

export function hoverText(f: Finding): string {
  const meta = ruleMeta(f.ruleId);
  if (!meta) return f.message;
  const family = isToolRule(meta) ? 'file check' : meta.family;
  const fix = isToolRule(meta) ? '' : ` · fix: ${meta.fixSafety}`;
  const refs = meta.references.map((r) => `${r.source} ${r.url ? `[${r.id}](${r.url})` : r.id}`).join('; ');
  return [
    `**${meta.id}** — ${meta.title}`,
    `*${f.severity}* · ${family}${fix}`,
    f.message,
    `**Risk.** ${meta.risk}`,
    `**Fix.** ${meta.remedy}`,
    refs ? `**References.** ${refs}` : '',
    `[Documentation](${docsUri(meta.id)})`,
  ].filter(Boolean).join('\n\n');
}

function pathOf(uri: string): string {
  if (uri.startsWith('file://')) {
    try {
      return decodeURIComponent(new URL(uri).pathname);
    } catch {
      return uri;
    }
  }
  return uri;
}

declare const VHARDEN_VERSION: string;
