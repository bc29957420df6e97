import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { applyBaseline, BASELINE_FILE_NAME, baselineNotes, type Baseline } from '../engine/baseline';
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
  /** notes on the baseline (entries of an older vharden that match by key only) */
  baselineNotes: string[];
  /** untrusted workspace: what the repository ships that was not applied (its baseline, loosening config entries) */
  restricted: string[];
}

/**
 * The editor's view of project configuration: the same upward search as the CLI, stopping at the
 * workspace folder that holds the file. Precedence: defaults, `.vharden.yaml`, then editor settings.
 */
export class EditorProject {
  private resolver: ConfigResolver;
  private baselines = new Map<string, { mtimeMs: number; baseline?: Baseline; error?: string }>();
  /**
   * Workspace trust (VS Code's, told by the client; other clients say nothing and are trusted).
   * Untrusted: a `.vharden-baseline.json` found in the workspace is not used, and `.vharden.yaml`
   * files apply only entries that tighten.
   */
  trusted = true;

  constructor(private folders: string[]) {
    this.resolver = new ConfigResolver(folders);
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
    this.resolver = new ConfigResolver(folders);
  }

  resolve(path: string, settings: ClientSettings): EditorConfig {
    const r = this.resolver.resolve(path, toOverrides(settings), this.trusted);
    const restricted = (r.withheld ?? []).map((w) => `${r.file}: ${w}`);
    const out: EditorConfig = { config: r.config, configFile: r.file, ignored: r.ignored, configError: r.error, restricted, baselineNotes: [] };
    let baselineFile = this.baselineFileFor(path, settings);
    if (baselineFile && !this.trusted && !configured(settings)) {
      restricted.unshift(`baseline ${baselineFile} (shipped with the workspace)`);
      baselineFile = undefined;
    }
    if (baselineFile) {
      out.baselineFile = baselineFile;
      const b = this.loadBaseline(baselineFile);
      if (b.error) out.baselineError = b.error;
      if (b.baseline) out.baselineNotes = baselineNotes(b.baseline);
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
    const set = configured(settings);
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

/**
 * The `vharden.baseline` setting, if set. VS Code withholds workspace values of this restricted
 * setting in Restricted Mode, so a value that arrives there is the user's own.
 */
function configured(settings: ClientSettings): string {
  return typeof settings.baseline === 'string' ? settings.baseline.trim() : '';
}
