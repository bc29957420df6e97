import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { baselineNotes, type StaleEntry } from '../engine/baseline';
import type { ConfigInEffect } from '../engine/config-effects';
import type { ConfigFile } from '../engine/config-file';
import type { AdvisoryData } from '../rules/patch/advisories';
import type { DataSet } from './data-store';
import { loadBaseline } from './baseline-file';
import type { ConfigFileError } from './config-search';
import { hostTargets, type HostTargets } from './host';
import { SettingsResolver, type BaselinePolicy } from './settings-resolver';
import { scanPaths, scanPathsAsync, type ScanOptions, type ScanResult } from './scan';

/** One scan as the CLI and the editor ask for it: paths or a host tree, config files, a baseline. */
export interface ScanRequest {
  /** files and folders to scan (ignored when `host` is set) */
  paths?: string[];
  /** scan the standard configuration locations under `root` ("/" for this machine) */
  host?: { root: string; includeVmfs?: boolean };
  /** CLI flags or editor settings; they win over `.vharden.yaml` */
  overrides?: ConfigFile;
  /** read `.vharden.yaml` files (default true) */
  configFiles?: boolean;
  /** folders where the upward search for `.vharden.yaml` stops (default: see `configStops`) */
  configStopAt?: string[];
  /** throw the first invalid `.vharden.yaml` instead of scanning with defaults (the CLI does) */
  strictConfig?: boolean;
  /** a named baseline file (CLI `--baseline`, editor setting), or the nearest `.vharden-baseline.json` upward */
  baseline?: BaselinePolicy;
  /** advisories data from a user file, replacing the bundled one for every file */
  advisories?: AdvisoryData;
  /** data installed with `vharden advisories update` (see node/data-store.ts loadInstalledData) */
  data?: DataSet;
  /** the date the patch-level rules judge on, YYYY-MM-DD; absent: today */
  today?: string;
  fix?: boolean;
  onFile?: ScanOptions['onFile'];
  /** receives each group's results once judged; `result.files` then keeps no findings (see `scanPaths`) */
  onGroup?: ScanOptions['onGroup'];
  isCancelled?: ScanOptions['isCancelled'];
}

export interface ScanOutcome {
  result: ScanResult;
  host?: HostTargets;
  /** baseline entries that matched nothing (fixed or moved) */
  stale: StaleEntry[];
  /** invalid config files met during the scan (non-strict mode) */
  configErrors: ConfigFileError[];
  /** every `.vharden.yaml` that applied and what it changes, and the baseline: every report lists them */
  configuration: ConfigInEffect;
  /** baseline files that applied to some file */
  baselineFiles: string[];
}

/**
 * CLI default: each path's workspace, where the upward `.vharden.yaml` search stops: the git root
 * holding it (the nearest folder with a `.git` folder or file), else the scanned folder itself (a
 * file's own folder). Never the current folder: a scan run from `/`, or from any folder above the
 * repository, must not pick up a config from the repository's ancestors.
 */
export function configStops(paths: string[], cwd = process.cwd()): string[] {
  return stopsOf(paths.map((p) => scanRoot(resolve(cwd, p))));
}

/** The stop of each scanned folder (see `configStops`). */
function stopsOf(folders: string[]): string[] {
  const roots = new Map<string, string | undefined>();
  return folders.map((folder) => gitRoot(folder, roots) ?? folder);
}

/** The nearest folder from `folder` upward with a `.git` entry; `known` remembers answers (thousands of paths share folders). */
function gitRoot(folder: string, known: Map<string, string | undefined>): string | undefined {
  if (known.has(folder)) return known.get(folder);
  const parent = dirname(folder);
  const root = existsSync(join(folder, '.git')) ? folder : parent === folder ? undefined : gitRoot(parent, known);
  known.set(folder, root);
  return root;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The folder a scan argument stands for: the folder itself, or a file's folder. */
function scanRoot(path: string): string {
  const abs = resolve(path);
  return isFolder(abs) ? abs : dirname(abs);
}

function prepare(req: ScanRequest): { paths: string[]; options: ScanOptions; finish: (r: ScanResult) => ScanOutcome } {
  const host = req.host ? hostTargets(resolve(req.host.root), { includeVmfs: req.host.includeVmfs }) : undefined;
  const paths = host ? host.present : req.paths?.length ? req.paths : ['.'];
  // a named baseline that cannot be read is an error before anything is scanned
  const named = req.baseline?.file ? loadBaseline(req.baseline.file) : undefined;
  // each path's folder, looked at once (a scan may name thousands of files)
  const folders = host ? [host.root] : paths.map(scanRoot);
  const settings = new SettingsResolver({
    roots: folders,
    configStops: req.configStopAt ?? (host ? [host.root] : stopsOf(folders)),
    overrides: req.overrides,
    configFiles: req.configFiles,
    baseline: req.baseline,
    hostRoot: host?.root,
    advisories: req.advisories,
    fixed: true,
    data: req.data,
    today: req.today,
  });
  const options: ScanOptions = {
    settings: (path) => {
      const s = settings.forFile(path);
      if (s.configError && req.strictConfig) throw s.configError;
      return s;
    },
    advisories: req.advisories,
    profile: req.overrides?.profile ?? 'auto',
    fix: req.fix,
    hostRoot: host?.root,
    onFile: req.onFile,
    onGroup: req.onGroup,
    isCancelled: req.isCancelled,
  };
  const finish = (result: ScanResult): ScanOutcome => {
    const baselines = settings.baselineFiles();
    const shown = req.baseline?.file ? resolve(req.baseline.file) : baselines[0];
    const baseline = shown ? (named && req.baseline?.file ? named : settings.baseline(shown)) : undefined;
    const configuration: ConfigInEffect = {
      files: [...result.configUse].map(([path, n]) => ({ path, ...n, ...settings.effectsOf(path) })),
      ...(shown && baseline ? { baseline: { path: shown, entries: baseline.entries.length, notes: baselineNotes(baseline) } } : {}),
    };
    return { result, host, stale: result.stale, configErrors: settings.configErrors(), configuration, baselineFiles: baselines };
  };
  return { paths, options, finish };
}

export function runScan(req: ScanRequest): ScanOutcome {
  const { paths, options, finish } = prepare(req);
  return finish(scanPaths(paths, options));
}

export async function runScanAsync(req: ScanRequest): Promise<ScanOutcome> {
  const { paths, options, finish } = prepare(req);
  return finish(await scanPathsAsync(paths, options));
}
