import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CancellationToken, Connection, TextDocuments, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { BASELINE_FILE_NAME } from '../engine/baseline';
import type { ConfigFileError } from '../node/config-file';
import { runScanAsync, type ScanOutcome } from '../node/run-scan';
import type { AdvisoryData } from '../rules/patch/advisories';
import { buildReportModel, type ReportModel } from '../report/model';
import { renderReport } from '../report/render';
import { toDiagnostic } from './diagnostics';
import { toOverrides, type ClientSettings } from './settings';

export const SCAN_HOST_REQUEST = 'vharden/scanHost';
export const EXPORT_REPORT_REQUEST = 'vharden/exportReport';

export interface ScanHostParams {
  /** workspace: the workspace folders; machine: standard locations under /; folder: standard locations under `path` */
  target: 'workspace' | 'machine' | 'folder';
  path?: string;
  includeVmfs?: boolean;
  workDoneToken?: string | number;
}

export interface ScanHostResult {
  /** what the tree shows as the host: workspace, this machine's host name, or the folder's name */
  host: string;
  target: ScanHostParams['target'];
  root?: string;
  report: ReportModel;
  /** invalid `.vharden.yaml` files met (their diagnostics are published on the files) */
  configErrors: string[];
}

export interface ExportReportParams {
  format: 'html' | 'markdown' | 'sarif';
  /** file system path to write */
  path: string;
}


export interface HostScanDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  folders: () => string[];
  settingsFor: (uri: string) => Promise<ClientSettings>;
  publishConfigError: (err: ConfigFileError) => void;
  /** the user's advisories data (vharden.advisoriesFile), undefined for the bundled data */
  advisoriesFor: (settings: ClientSettings) => AdvisoryData | undefined;
  /** workspace trust: host scans read paths outside the workspace and the workspace's baseline, so they need it */
  trusted: () => boolean;
  version: string;
}


/** `vharden/scanHost` and `vharden/exportReport`: the editor's host scan, run by the same code as the CLI's. */
export function registerHostScan(deps: HostScanDeps): void {
  const { connection } = deps;
  let last: { outcome: ScanOutcome; baseline: boolean } | undefined;
  let published = new Set<string>();

  connection.onRequest(SCAN_HOST_REQUEST, async (params: ScanHostParams, token: CancellationToken): Promise<ScanHostResult> => {
    if (!deps.trusted()) throw new Error('scanning host paths needs a trusted workspace');
    const folders = deps.folders();
    const settings = await deps.settingsFor(folders[0] ? pathToFileURL(folders[0]).href : '');
    let host: string;
    let root: string | undefined;
    if (params.target === 'workspace') {
      if (!folders.length) throw new Error('no workspace folder is open');
      host = `workspace (${folders.map((f) => basename(f)).join(', ')})`;
    } else if (params.target === 'machine') {
      root = '/';
      host = hostname();
    } else {
      if (!params.path) throw new Error('a folder is needed');
      root = params.path;
      host = basename(params.path) || params.path;
    }
    const progress = await reporter(connection, params);
    progress.begin(`vharden: scanning ${host}`, undefined, 'listing files', true);
    let lastReport = 0;
    const outcome = await runScanAsync({
      paths: root ? undefined : folders,
      host: root ? { root, includeVmfs: !!params.includeVmfs } : undefined,
      overrides: toOverrides(settings),
      configStopAt: root ? [root] : folders,
      baselineFile: baselineFor(params.target, settings, folders),
      advisories: deps.advisoriesFor(settings),
      onFile: (path, done) => {
        const now = Date.now();
        if (now - lastReport > 200) {
          lastReport = now;
          progress.report(`${done} files looked at: ${basename(path)}`);
        }
      },
      isCancelled: () => token.isCancellationRequested || !!progress.token?.isCancellationRequested,
    });
    progress.done();
    for (const err of outcome.configErrors) deps.publishConfigError(err);
    last = { outcome, baseline: !!baselineFor(params.target, settings, folders) };
    publish(outcome);
    const report = buildReportModel(outcome.result, { version: deps.version, host: outcome.host && root ? { root, absent: outcome.host.absent } : undefined, configuration: outcome.configuration });
    return { host, target: params.target, root, report, configErrors: outcome.configErrors.map((e) => e.message) };
  });

  connection.onRequest(EXPORT_REPORT_REQUEST, (params: ExportReportParams): { written: string } => {
    if (!last) throw new Error('run "vharden: Scan Host…" first');
    writeFileSync(params.path, renderReport(params.format, last.outcome, { version: deps.version, baseline: last.baseline }));
    return { written: params.path };
  });

  /** Publish every scanned file's findings (open files keep their live diagnostics); clear files no longer affected. */
  function publish(outcome: ScanOutcome): void {
    const now = new Set<string>();
    for (const file of outcome.result.files) {
      const uri = pathToFileURL(file.path).href;
      const shown = file.findings.filter((f) => !f.suppressed);
      if (!shown.length || deps.documents.get(uri)) continue;
      now.add(uri);
      void connection.sendDiagnostics({ uri, diagnostics: shown.map((f) => toDiagnostic(f, undefined)) });
    }
    for (const uri of published) if (!now.has(uri) && !deps.documents.get(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    published = now;
  }
}

/** The `vharden.baseline` setting, else a workspace scan's `.vharden-baseline.json` in the first folder. */
function baselineFor(target: ScanHostParams['target'], settings: ClientSettings, folders: string[]): string | undefined {
  const set = typeof settings.baseline === 'string' ? settings.baseline.trim() : '';
  if (set) return isAbsolute(set) || !folders[0] ? set : join(folders[0], set);
  const inFolder = folders[0] ? join(folders[0], BASELINE_FILE_NAME) : undefined;
  return target === 'workspace' && inFolder && existsSync(inFolder) ? inFolder : undefined;
}

interface Progress {
  token?: CancellationToken;
  begin(title: string, percentage: number | undefined, message: string, cancellable: boolean): void;
  report(message: string): void;
  done(): void;
}

/** The client's work-done token when it sent one, else a server-initiated progress (cancellable in VS Code). */
async function reporter(connection: Connection, params: ScanHostParams): Promise<Progress> {
  let r: WorkDoneProgressReporter & { token?: CancellationToken };
  if (params.workDoneToken !== undefined) r = connection.window.attachWorkDoneProgress(params.workDoneToken);
  else {
    try {
      r = await connection.window.createWorkDoneProgress();
    } catch {
      r = connection.window.attachWorkDoneProgress(undefined);
    }
  }
  return {
    token: r.token,
    begin: (title, percentage, message, cancellable) => r.begin(title, percentage, message, cancellable),
    report: (message) => r.report(message),
    done: () => r.done(),
  };
}
