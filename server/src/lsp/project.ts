import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { applyBaseline, BASELINE_FILE_NAME, type Baseline } from '../engine/baseline';
import type { EffectiveConfig } from '../engine/config';
import type { Finding } from '../engine/types';
import { loadBaseline } from '../node/baseline-file';
import { ConfigResolver, isInside, type ConfigFileError } from '../node/config-file';
import { toOverrides, type ClientSettings } from './settings';

export interface EditorConfig {
  config: EffectiveConfig;
  /** the `.vharden.yaml` in effect */
  configFile?: string;
  ignored: boolean;
  configError?: ConfigFileError;
  baselineFile?: string;
  baselineError?: string;
}

/**
 * The editor's view of project configuration: the same upward search as the CLI, stopping at the
 * workspace folder that holds the file. Precedence: defaults, `.vharden.yaml`, then editor settings.
 */
export class EditorProject {
  private resolver: ConfigResolver;
  private baselines = new Map<string, { mtimeMs: number; baseline?: Baseline; error?: string }>();

  constructor(private folders: string[]) {
    this.resolver = new ConfigResolver(folders);
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
    this.resolver = new ConfigResolver(folders);
  }

  resolve(path: string, settings: ClientSettings): EditorConfig {
    const r = this.resolver.resolve(path, toOverrides(settings));
    const out: EditorConfig = { config: r.config, configFile: r.file, ignored: r.ignored, configError: r.error };
    const baselineFile = this.baselineFileFor(path, settings);
    if (baselineFile) {
      out.baselineFile = baselineFile;
      const b = this.loadBaseline(baselineFile);
      if (b.error) out.baselineError = b.error;
    }
    return out;
  }

  /** The folder of the `scopes:` entry (nearest `.vharden.yaml`) that covers a file, if any. */
  declaredScope(path: string): string | undefined {
    return this.resolver.resolve(path).scope;
  }

  /** Mark this file's baselined findings (in place). */
  applyBaseline(path: string, findings: Finding[], baselineFile: string | undefined): void {
    if (!baselineFile) return;
    const b = this.loadBaseline(baselineFile).baseline;
    if (!b) return;
    const rel = relative(dirname(baselineFile), resolve(path)).split(sep).join('/');
    applyBaseline([{ relPath: rel, findings }], b);
  }

  private baselineFileFor(path: string, settings: ClientSettings): string | undefined {
    const set = typeof settings.baseline === 'string' ? settings.baseline.trim() : '';
    if (set) {
      if (isAbsolute(set)) return set;
      const folder = this.folders.filter((f) => isInside(resolve(path), f)).sort((a, b) => b.length - a.length)[0];
      return folder ? join(folder, set) : undefined;
    }
    return this.resolver.findUpward(path, BASELINE_FILE_NAME);
  }

  private loadBaseline(file: string): { baseline?: Baseline; error?: string } {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return { error: `baseline ${file} not found` };
    }
    const cached = this.baselines.get(file);
    if (cached && cached.mtimeMs === mtimeMs) return cached;
    let entry: { mtimeMs: number; baseline?: Baseline; error?: string };
    try {
      entry = { mtimeMs, baseline: loadBaseline(file) };
    } catch (err) {
      entry = { mtimeMs, error: (err as Error).message };
    }
    this.baselines.set(file, entry);
    return entry;
  }
}
