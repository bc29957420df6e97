import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { StaleEntry } from '../engine/baseline';
import type { ProjectConfig } from '../engine/project-config';
import type { AdvisoryData } from '../rules/patch/advisories';
import { loadBaseline } from './baseline-file';
import { isInside, type ConfigFileError } from './config-file';
import { hostTargets, type HostTargets } from './host';
import { ProjectSettings, type BaselinePolicy } from './project-settings';
import { scanPaths, scanPathsAsync, type ScanOptions, type ScanResult } from './scan';

/** One scan as the CLI and the editor ask for it: paths or a host tree, config files, a baseline. */
export interface ScanRequest {
  /** files and folders to scan (ignored when `host` is set) */
  paths?: string[];
  /** scan the standard configuration locations under `root` ("/" for this machine) */
  host?: { root: string; includeVmfs?: boolean };
  /** CLI flags or editor settings; they win over `.vharden.yaml` */
  overrides?: ProjectConfig;
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
  fix?: boolean;
  onFile?: ScanOptions['onFile'];
  isCancelled?: ScanOptions['isCancelled'];
}

export interface ScanOutcome {
  result: ScanResult;
  host?: HostTargets;
  /** baseline entries that matched nothing (fixed or moved) */
  stale: StaleEntry[];
  /** invalid config files met during the scan (non-strict mode) */
  configErrors: ConfigFileError[];
  /** baseline files that applied to some file */
  baselineFiles: string[];
}

/** CLI default: the current folder for paths inside it, else the scanned path itself. */
export function configStops(paths: string[], cwd = process.cwd()): string[] {
  return paths.map((p) => (isInside(resolve(p), cwd) ? cwd : resolve(p)));
}

function prepare(req: ScanRequest): { paths: string[]; options: ScanOptions; finish: (r: ScanResult) => ScanOutcome } {
  const host = req.host ? hostTargets(resolve(req.host.root), { includeVmfs: req.host.includeVmfs }) : undefined;
  const paths = host ? host.present : req.paths?.length ? req.paths : ['.'];
  // a named baseline that cannot be read is an error before anything is scanned
  if (req.baseline?.file) loadBaseline(req.baseline.file);
  const settings = new ProjectSettings({
    roots: host ? [host.root] : paths.map((p) => scanRoot(p)),
    configStops: req.configStopAt ?? (host ? [host.root] : configStops(paths)),
    overrides: req.overrides,
    configFiles: req.configFiles,
    baseline: req.baseline,
    hostRoot: host?.root,
    advisories: req.advisories,
  });
  const options: ScanOptions = {
    settings: (path) => {
      const s = settings.forFile(path);
      if (s.configError && req.strictConfig) throw s.configError;
      return s;
    },
    advisories: req.advisories,
    fix: req.fix,
    onFile: req.onFile,
    isCancelled: req.isCancelled,
  };
  const finish = (result: ScanResult): ScanOutcome => ({ result, host, stale: result.stale, configErrors: settings.configErrors(), baselineFiles: settings.baselineFiles() });
  return { paths, options, finish };
}

/** The folder a scan argument stands for: the folder itself, or a file's folder. */
function scanRoot(path: string): string {
  try {
    return statSync(path).isDirectory() ? resolve(path) : dirname(resolve(path));
  } catch {
    return resolve(path);
  }
}

export function runScan(req: ScanRequest): ScanOutcome {
  const { paths, options, finish } = prepare(req);
  return finish(scanPaths(paths, options));
}

export async function runScanAsync(req: ScanRequest): Promise<ScanOutcome> {
  const { paths, options, finish } = prepare(req);
  return finish(await scanPathsAsync(paths, options));
}
