import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { baselineNotes, type StaleEntry } from '../engine/baseline';
import { configEffects, type ConfigInEffect } from '../engine/config-effects';
import { defaultConfig } from '../engine/config';
import { withProjectConfig, type ProjectConfig } from '../engine/project-config';
import type { AdvisoryData } from '../rules/patch/advisories';
import { applyBaselineFile, baselineBase, loadBaseline } from './baseline-file';
import { ConfigResolver, type ConfigFileError } from './config-file';
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
  /** every `.vharden.yaml` that applied and what it changes, and the baseline: every report lists them */
  configuration: ConfigInEffect;
}

/**
 * CLI default: each path's workspace, where the upward `.vharden.yaml` search stops: the git root
 * holding it (the nearest folder with a `.git` folder or file), else the scanned folder itself (a
 * file's own folder). Never the current folder: a scan run from `/`, or from any folder above the
 * repository, must not pick up a config from the repository's ancestors.
 */
export function configStops(paths: string[], cwd = process.cwd()): string[] {
  const roots = new Map<string, string | undefined>();
  return paths.map((p) => {
    const abs = resolve(cwd, p);
    const folder = isFolder(abs) ? abs : dirname(abs);
    return gitRoot(folder, roots) ?? folder;
  });
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

function prepare(req: ScanRequest): { paths: string[]; options: ScanOptions; finish: (r: ScanResult) => ScanOutcome } {
  const host = req.host ? hostTargets(resolve(req.host.root), { includeVmfs: req.host.includeVmfs }) : undefined;
  const paths = host ? host.present : req.paths?.length ? req.paths : ['.'];
  const overrides = req.overrides ?? {};
  const configErrors = new Map<string, ConfigFileError>();
  const resolver = req.configFiles === false ? undefined : new ConfigResolver(req.configStopAt ?? (host ? [host.root] : configStops(paths)), overrides);
  const baseline = req.baselineFile ? loadBaseline(req.baselineFile) : undefined;
  /** the config file of every file looked at, and how many files each config ignored */
  const configOf = new Map<string, string>();
  const ignoredBy = new Map<string, number>();
  const options: ScanOptions = {
    config: withProjectConfig(defaultConfig(), overrides),
    configFor: resolver
      ? (path) => {
          const r = resolver.resolve(path);
          if (r.error) {
            if (req.strictConfig) throw r.error;
            configErrors.set(r.error.file, r.error);
          } else if (r.file) {
            configOf.set(path, r.file);
            if (r.ignored) ignoredBy.set(r.file, (ignoredBy.get(r.file) ?? 0) + 1);
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
    const used = new Map<string, { files: number; ignored: number }>([...ignoredBy].map(([file, ignored]) => [file, { files: 0, ignored }]));
    for (const f of result.files) {
      const file = configOf.get(f.path);
      if (!file) continue;
      const n = used.get(file) ?? { files: 0, ignored: 0 };
      n.files++;
      used.set(file, n);
    }
    const configuration: ConfigInEffect = {
      files: [...used].map(([path, n]) => ({ path, ...n, ...configEffects(resolver?.load(path).project ?? {}) })),
      ...(baseline && req.baselineFile ? { baseline: { path: resolve(req.baselineFile), entries: baseline.entries.length, notes: baselineNotes(baseline) } } : {}),
    };
    return { result, host, stale, configErrors: [...configErrors.values()], configuration };
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
