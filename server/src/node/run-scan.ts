import { resolve } from 'node:path';
import type { StaleEntry } from '../engine/baseline';
import { defaultConfig } from '../engine/config';
import { withProjectConfig, type ProjectConfig } from '../engine/project-config';
import type { AdvisoryData } from '../rules/patch/advisories';
import { applyBaselineFile, baselineBase, loadBaseline } from './baseline-file';
import { ConfigResolver, isInside, type ConfigFileError } from './config-file';
import { hostTargets, type HostTargets } from './host';
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
  baselineFile?: string;
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
}

/** CLI default: the current folder for paths inside it, else the scanned path itself. */
export function configStops(paths: string[], cwd = process.cwd()): string[] {
  return paths.map((p) => (isInside(resolve(p), cwd) ? cwd : resolve(p)));
}

function prepare(req: ScanRequest): { paths: string[]; options: ScanOptions; finish: (r: ScanResult) => ScanOutcome } {
  const host = req.host ? hostTargets(resolve(req.host.root), { includeVmfs: req.host.includeVmfs }) : undefined;
  const paths = host ? host.present : req.paths?.length ? req.paths : ['.'];
  const overrides = req.overrides ?? {};
  const configErrors = new Map<string, ConfigFileError>();
  const resolver = req.configFiles === false ? undefined : new ConfigResolver(req.configStopAt ?? (host ? [host.root] : configStops(paths)), overrides);
  const baseline = req.baselineFile ? loadBaseline(req.baselineFile) : undefined;
  const options: ScanOptions = {
    config: withProjectConfig(defaultConfig(), overrides),
    configFor: resolver
      ? (path) => {
          const r = resolver.resolve(path);
          if (r.error) {
            if (req.strictConfig) throw r.error;
            configErrors.set(r.error.file, r.error);
          }
          return r;
        }
      : undefined,
    advisories: req.advisories,
    fix: req.fix,
    hostRoot: host?.root,
    onFile: req.onFile,
    isCancelled: req.isCancelled,
  };
  const finish = (result: ScanResult): ScanOutcome => {
    const stale = baseline && req.baselineFile ? applyBaselineFile(result, baseline, baselineBase(req.baselineFile, baseline.pathsRelativeTo === 'host-root' ? host?.root : undefined)) : [];
    return { result, host, stale, configErrors: [...configErrors.values()] };
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
