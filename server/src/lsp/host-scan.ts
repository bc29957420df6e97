import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver';
import { COLLECTORS } from '../node/collect';
import { PASSWORD_ENV, USER_ENV } from '../node/collect/vsphere';
import type { ConfigFileError } from '../node/config-search';
import { runScanAsync, type ScanOutcome } from '../node/run-scan';
import { baselineOf } from '../node/baseline-file';
import { writeAllAtomically } from '../node/safe-write';
import { BASELINE_FILE_NAME } from '../engine/baseline';
import type { AdvisoryData } from '../rules/patch/advisories';
import type { DataSet } from '../node/data-store';
import { CREATE_BASELINE_REQUEST, EXPORT_REPORT_REQUEST, SCAN_HOST_REQUEST, type CreateBaselineResult, type ExportReportParams, type LiveSource, type ScanHostParams, type ScanHostResult } from '../protocol';
import { buildReportModel } from '../report/model';
import { renderReport } from '../report/render';
import { toDiagnostic } from './diagnostics';
import { toOverrides, type ClientSettings } from './settings';

export interface HostScanDeps {
  connection: Connection;
  folders: () => string[];
  settingsFor: (uri: string) => Promise<ClientSettings>;
  publishConfigError: (err: ConfigFileError) => void;
  /** the user's advisories data (vharden.advisoriesFile), undefined for the bundled data */
  advisoriesFor: (settings: ClientSettings) => AdvisoryData | undefined;
  /** the data bundle installed with `vharden advisories update` */
  installedData: () => DataSet;
  /** workspace trust: host scans read paths outside the workspace and the workspace's baseline, so they need it */
  trusted: () => boolean;
  version: string;
}


/**
 * `vharden/scanHost`, `vharden/exportReport` and `vharden/createBaseline`: the editor's host scan, run by the same code as the
 * CLI's, in a session of its own. Its findings go back in the response as their own collection of
 * diagnostics; they are never published over the editor's, so a scan cannot clear them.
 */
export function registerHostScan(deps: HostScanDeps): void {
  const { connection } = deps;
  let last: { outcome: ScanOutcome; baseline: boolean; root?: string; folder?: string; settings: ClientSettings; folders: string[] } | undefined;

  connection.onRequest(SCAN_HOST_REQUEST, async (params: ScanHostParams, token: CancellationToken): Promise<ScanHostResult> => {
    if (!deps.trusted()) throw new Error('scanning host paths needs a trusted workspace');
    const folders = deps.folders();
    const settings = await deps.settingsFor(folders[0] ? pathToFileURL(folders[0]).href : '');
    let host: string;
    let root: string | undefined;
    let paths: string[] | undefined;
    let notCollected: string[] | undefined;
    const progress = await reporter(connection, params);
    if (params.target === 'live') {
      if (!params.live || !params.path) throw new Error('a live scan needs the source and a folder for its snapshot');
      progress.begin(`vharden: collecting ${params.live.target ?? params.live.source}`, undefined, 'connecting', true);
      let collected: Awaited<ReturnType<typeof collectLive>>;
      try {
        collected = await collectLive(params.live, params.path, progress, token);
      } catch (err) {
        progress.done();
        throw err;
      }
      ({ notCollected } = collected);
      host = collected.host;
      if (collected.asFiles) paths = [params.path];
      else root = params.path;
    } else if (params.target === 'workspace') {
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
    if (params.target === 'live') progress.report(`scanning the snapshot of ${host}`);
    else progress.begin(`vharden: scanning ${host}`, undefined, 'listing files', true);
    let lastReport = 0;
    const outcome = await runScanAsync({
      paths: root ? undefined : (paths ?? folders),
      host: root ? { root, includeVmfs: !!params.includeVmfs } : undefined,
      overrides: toOverrides(settings),
      configStopAt: root ? [root] : (paths ?? folders),
      // the editor's baseline policy: the vharden.baseline setting, else the nearest .vharden-baseline.json
      baseline: { file: settingBaseline(settings, folders), nearest: true },
      advisories: deps.advisoriesFor(settings),
      data: deps.installedData(),
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
    last = { outcome, baseline: outcome.baselineFiles.length > 0, root, folder: root ?? paths?.[0] ?? folders[0], settings, folders };
    const report = buildReportModel(outcome.result, { version: deps.version, host: outcome.host && root ? { root, absent: outcome.host.absent } : undefined, configuration: outcome.configuration });
    return { host, target: params.target, root, report, configErrors: outcome.configErrors.map((e) => e.message), notCollected, diagnostics: diagnosticsOf(outcome) };
  });

  connection.onRequest(EXPORT_REPORT_REQUEST, (params: ExportReportParams): { written: string } => {
    if (!last) throw new Error('run "vharden: Scan Host…" first');
    writeFileSync(params.path, renderReport(params.format, last.outcome, { version: deps.version, baseline: last.baseline }));
    return { written: params.path };
  });

  connection.onRequest(CREATE_BASELINE_REQUEST, (): CreateBaselineResult => {
    if (!last) throw new Error('run "vharden: Scan Host…" first');
    const target = settingBaseline(last.settings, last.folders) ?? (last.folder ? join(last.folder, BASELINE_FILE_NAME) : undefined);
    if (!target) throw new Error('the last scan has no folder to keep a baseline in');
    const baseline = baselineOf(last.outcome.result, last.root ?? dirname(target), last.root !== undefined);
    const replaced = existsSync(target);
    const failed = writeAllAtomically([{ path: target, bytes: Buffer.from(JSON.stringify(baseline, null, 2) + '\n') }]);
    if (failed) throw new Error(`cannot write ${target}: ${failed}`);
    return { written: target, findings: baseline.entries.reduce((n, e) => n + e.count, 0), entries: baseline.entries.length, replaced };
  });
}

/** Collects a live source into `out` with the collector `vharden collect` uses; the credentials answer its questions. */
async function collectLive(live: LiveSource, out: string, progress: Progress, token: CancellationToken): Promise<{ host: string; asFiles: boolean; notCollected: string[] }> {
  const collector = COLLECTORS.find((c) => c.id === live.source);
  if (!collector) throw new Error(`unknown live source ${live.source}`);
  const abort = new AbortController();
  const stop = [token.onCancellationRequested(() => abort.abort()), progress.token?.onCancellationRequested(() => abort.abort())];
  try {
    const result = await collector.collect(live.target, {
      out,
      flags: live.flags ?? {},
      // the editor's credentials (SecretStorage) answer, not variables the editor happened to start with
      env: { ...process.env, [USER_ENV]: undefined, [PASSWORD_ENV]: undefined },
      progress: (m) => progress.report(m),
      ask: async (_question, { secret }) => (secret ? live.password : live.user),
      signal: abort.signal,
    });
    const name = live.target ?? live.source;
    return { host: `${name} (${live.source})`, asFiles: collector.snapshot === 'files', notCollected: result.notes };
  } finally {
    for (const d of stop) d?.dispose();
  }
}

/** Every scanned file's unsuppressed findings as diagnostics (without fixes: those come with the open document). */
function diagnosticsOf(outcome: ScanOutcome): ScanHostResult['diagnostics'] {
  const out: ScanHostResult['diagnostics'] = [];
  for (const file of outcome.result.files) {
    const shown = file.findings.filter((f) => !f.suppressed);
    if (shown.length) out.push({ uri: pathToFileURL(file.path).href, diagnostics: shown.map((f) => toDiagnostic(f, undefined)) });
  }
  return out;
}

/** The `vharden.baseline` setting as a path (relative to the first workspace folder), if set. */
function settingBaseline(settings: ClientSettings, folders: string[]): string | undefined {
  const set = typeof settings.baseline === 'string' ? settings.baseline.trim() : '';
  if (!set) return undefined;
  return isAbsolute(set) || !folders[0] ? set : join(folders[0], set);
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
