import {
  CodeAction,
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  DiagnosticSeverity,
  MarkupKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import type { EffectiveConfig } from '../engine/config';
import { fixAll, lintFile, type FileResult } from '../engine/engine';
import { detectFormat, formatByLanguageId, isToolRule, ruleMeta } from '../engine/registry';
import type { Finding, Format, Severity, TextEdit } from '../engine/types';
import { docsUri } from '../node/docs';
import { suppressFileEdit, suppressLineEdit } from './actions';
import { FabricIndex } from './fabric-index';
import { toConfig, type ClientSettings } from './settings';

export const FIX_ALL_KIND = 'source.fixAll.vharden';
const SHOW_DOCS_COMMAND = 'vharden.showDocumentation';

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

function toLspEdits(doc: TextDocument, edits: TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText }));
}

/** Wire the engine to an LSP connection. Works with any LSP client; VS Code is one of them. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const settingsCache = new Map<string, Promise<ClientSettings>>();
  const results = new Map<string, { version: number; result: FileResult }>();
  const pending = new Map<string, NodeJS.Immediate>();
  let supportsConfiguration = false;
  let watchDynamically = false;
  let initSettings: ClientSettings | undefined;
  const fabric = new FabricIndex();
  /** settings of the last checked document; project rules run with them */
  let projectConfig: EffectiveConfig = toConfig(undefined);
  const uriOfPath = new Map<string, string>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    supportsConfiguration = !!params.capabilities.workspace?.configuration;
    watchDynamically = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    fabric.folders = folders.filter((u) => u.startsWith('file://')).map(pathOf);
    initSettings = (params.initializationOptions as { settings?: ClientSettings } | undefined)?.settings;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll] },
        hoverProvider: true,
        executeCommandProvider: { commands: [SHOW_DOCS_COMMAND] },
      },
      serverInfo: { name: 'vharden-language-server', version: typeof VHARDEN_VERSION === 'string' ? VHARDEN_VERSION : '0.0.0-dev' },
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
    if (fabric.folders.length === 0) return;
    projectConfig = toConfig(await settingsFor(pathToFileURL(fabric.folders[0]!).href));
    await fabric.indexFolders(projectConfig, (path) => documents.get(uriFor(path)) !== undefined);
    await refresh();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    for (const change of params.changes) {
      if (!change.uri.startsWith('file://') || documents.get(change.uri)) continue; // open documents win over the disk
      const path = pathOf(change.uri);
      uriOfPath.set(path, change.uri);
      if (change.type === FileChangeType.Deleted) fabric.remove(path);
      else fabric.readFromDisk(path, projectConfig);
    }
    await refresh();
  });

  function uriFor(path: string): string {
    return uriOfPath.get(path) ?? pathToFileURL(path).href;
  }

  /** Recompute the project findings and publish diagnostics of every file whose project findings changed. */
  async function refresh(except?: string): Promise<void> {
    for (const path of fabric.recompute(projectConfig)) {
      if (path === except) continue;
      await publishPath(path);
    }
  }

  async function publishPath(path: string): Promise<void> {
    const uri = uriFor(path);
    const doc = documents.get(uri);
    const cached = results.get(uri);
    if (doc && cached) return publish(doc, cached.result);
    if (doc) return;
    const findings = [...fabric.storedFindings(path), ...fabric.projectFor(path)].filter((f) => !f.suppressed);
    await connection.sendDiagnostics({ uri, diagnostics: findings.map((f) => toDiagnostic(undefined, f)) });
  }

  async function publish(doc: TextDocument, result: FileResult): Promise<void> {
    const findings = withProject(doc, result).filter((f) => !f.suppressed);
    await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: findings.map((f) => toDiagnostic(doc, f)) });
    connection.sendNotification('vharden/status', { uri: doc.uri, findings: findings.length, format: result.format ?? null });
  }

  /** The document's own findings and the project findings reported in it. */
  function withProject(doc: TextDocument, result: FileResult): Finding[] {
    const extra = fabric.projectFor(pathOf(doc.uri));
    return extra.length ? [...result.findings, ...extra].sort((a, b) => a.start - b.start) : result.findings;
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

  /** Languages several formats (or none of ours) share: there the content decides. */
  const SHARED_LANGUAGES = new Set(['yaml', 'xml', 'shellscript', 'json', 'plaintext']);

  function formatFor(doc: TextDocument): Format<any> | undefined {
    const detected = detectFormat(pathOf(doc.uri), doc.getText());
    if (detected || SHARED_LANGUAGES.has(doc.languageId)) return detected;
    return formatByLanguageId(doc.languageId);
  }

  async function lint(doc: TextDocument): Promise<{ result: FileResult; config: EffectiveConfig; format?: Format<any>; facts?: ReturnType<typeof lintFile>['facts'] }> {
    const settings = await settingsFor(doc.uri);
    const config = toConfig(settings);
    const format = formatFor(doc);
    if (!format || settings.enable === false) return { result: { path: pathOf(doc.uri), findings: [] }, config };
    const { result, facts } = lintFile({ path: pathOf(doc.uri), text: doc.getText(), config, formatId: format.id });
    return { result, config, format, facts };
  }

  function schedule(doc: TextDocument): void {
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
    const version = doc.version;
    const { result, config, facts } = await lint(doc);
    const current = documents.get(uri);
    if (!current || current.version !== version) return; // a newer change is on its way
    results.set(uri, { version, result });
    const path = pathOf(uri);
    uriOfPath.set(path, uri);
    projectConfig = config;
    fabric.update(path, facts, result.findings);
    await refresh(path);
    await publish(doc, result);
  }

  /** A finding as an LSP diagnostic; without the document (file not open) fixes are left out. */
  function toDiagnostic(doc: TextDocument | undefined, f: Finding): Diagnostic {
    const data: DiagnosticData = {
      ruleId: f.ruleId,
      severity: f.severity,
      locator: f.locator,
      version: doc?.version ?? 0,
      fixes: doc ? (f.fixes ?? []).map((x) => ({ title: x.title, safety: x.safety, edits: toLspEdits(doc, x.edits) })) : [],
    };
    return {
      range: { start: { line: f.line, character: f.character }, end: { line: f.endLine, character: f.endCharacter } },
      severity: LSP_SEVERITY[f.severity],
      source: 'vharden',
      code: f.ruleId,
      codeDescription: { href: docsUri(f.ruleId) },
      message: f.message,
      data,
    };
  }

  documents.onDidOpen((e) => schedule(e.document));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose(async (e) => {
    const uri = e.document.uri;
    results.delete(uri);
    const path = pathOf(uri);
    // the file on disk takes the place of the closed document in the fabric
    const onDisk = uri.startsWith('file://') && fabric.readFromDisk(path, projectConfig);
    if (!onDisk) fabric.remove(path);
    await refresh(path);
    if (fabric.projectFor(path).length > 0) await publishPath(path);
    else await connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onCodeAction(async (params: CodeActionParams) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const { result: own, config, format } = await lint(doc);
    if (!format) return [];
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
    const cached = results.get(doc.uri);
    const own = cached && cached.version === doc.version ? cached.result : (await lint(doc)).result;
    const result = { ...own, findings: withProject(doc, own) };
    const offset = doc.offsetAt(params.position);
    const hits = result.findings.filter((f) => !f.suppressed && f.start <= offset && offset <= Math.max(f.end, f.start + 1));
    if (hits.length === 0) return null;
    return { contents: { kind: MarkupKind.Markdown, value: hits.map(hoverText).join('\n\n---\n\n') } };
  });

  documents.listen(connection);
  connection.listen();
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
