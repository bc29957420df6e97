import { statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { BASELINE_FILE_NAME, baselineNotes, type Baseline } from '../engine/baseline';
import { configEffects, type ConfigEffects } from '../engine/config-effects';
import { defaultConfig, type EffectiveConfig } from '../engine/config';
import { withConfigFile, type ConfigFile } from '../engine/config-file';
import type { FileSettings } from '../engine/session';
import type { AdvisoryData } from '../rules/patch/advisories';
import type { DataSet } from './data-store';
import { loadBaseline } from './baseline-file';
import { ConfigResolver, type ConfigFileError } from './config-search';
import { Scopes } from './scope';

/**
 * How the baseline of a file is found: a named file (CLI flag; editor setting, made absolute by the
 * caller), else, when `nearest`, the nearest `.vharden-baseline.json` upward.
 */
export interface BaselinePolicy {
  file?: string;
  nearest: boolean;
}

export interface SettingsResolverOptions {
  /**
   * Folders a scan or workspace starts from (scan roots, workspace folders, a host root): the upward
   * search for `.vharden.yaml` and baselines stops at the deepest one holding a file, and files outside
   * host trees take their cross-file scope from it.
   */
  roots: string[];
  /** CLI flags or editor settings; they win over `.vharden.yaml` */
  overrides?: ConfigFile;
  /** read `.vharden.yaml` files (default true) */
  configFiles?: boolean;
  baseline?: BaselinePolicy;
  /** a host scan's root: baselines made from a host tree name paths relative to it */
  hostRoot?: string;
  /** advisories data from a user file, replacing the bundled one for every file (a function: asked per file, so an edited file is read again) */
  advisories?: AdvisoryData | (() => AdvisoryData | undefined);
  /** data installed with `vharden advisories update` (newer than the bundled data); `advisories` wins over its advisories */
  data?: DataSet | (() => DataSet);
  /** the date the patch-level rules judge on, YYYY-MM-DD (reproducible runs and tests); absent: today */
  today?: string;
  /** folders where the config search stops even above a root (defaults to `roots`) */
  configStops?: string[];
  /**
   * Workspace trust (the editor's; CLI and host scans are trusted). Untrusted: `.vharden.yaml` files
   * apply only their entries that tighten (see `tighteningOnly`) and no `ignore` globs, and a
   * baseline found in the workspace is not used (a baseline named by the user still is).
   */
  trusted?: boolean;
  /**
   * The files do not change while the resolver is in use (a scan): config files and baselines are
   * looked up once per folder and read once, and the files under one config share its configuration.
   */
  fixed?: boolean;
}

/** A file's settings with where they came from, for messages and "Show Effective Configuration". */
export interface ResolvedSettings extends FileSettings {
  configFile?: string;
  configError?: ConfigFileError;
  baselineFile?: string;
  baselineError?: string;
  /** notes on the baseline (entries of an older vharden that match by key only) */
  baselineNotes: string[];
  /** untrusted: what the workspace ships that was not applied (its baseline, loosening config entries) */
  restricted: string[];
}

/**
 * Resolves the settings of each file of a scan, a workspace or a host tree, the same way for the
 * CLI, the language server and host scans: configuration (defaults, then the nearest
 * `.vharden.yaml`, then flags or settings), ignore globs, cross-file scope and baseline.
 * Config files and baselines are loaded once and reloaded when they change on disk.
 */
export class SettingsResolver {
  private readonly resolver?: ConfigResolver;
  private readonly roots: string[];
  private readonly baselines = new Map<string, { mtimeMs: number; size: number; baseline?: Baseline; error?: string }>();
  private readonly errors = new Map<string, ConfigFileError>();
  private readonly scopes = new Scopes();
  private readonly rootSet: Set<string>;
  /** finds baselines when config files are not read */
  private readonly baselineFinder: ConfigResolver;
  /** `fixed`: a configuration → it with the advisories data */
  private readonly withAdvisories = new WeakMap<EffectiveConfig, EffectiveConfig>();
  private readonly plain?: EffectiveConfig;
  /** `fixed`, with no advisories or data asked per file: folder → the settings its files share */
  private readonly byFolder?: Map<string, ResolvedSettings>;

  constructor(private readonly options: SettingsResolverOptions) {
    this.roots = options.roots.map((r) => resolve(r));
    this.rootSet = new Set(this.roots);
    const fixed = !!options.fixed;
    if (options.configFiles !== false) this.resolver = new ConfigResolver(options.configStops ?? this.roots, options.overrides ?? {}, fixed);
    this.baselineFinder = this.resolver ?? new ConfigResolver(this.roots, {}, fixed);
    if (fixed && !this.resolver) this.plain = withConfigFile(defaultConfig(), options.overrides ?? {});
    if (fixed && typeof options.advisories !== 'function' && typeof options.data !== 'function') this.byFolder = new Map();
  }

  /** The settings of one file (an absolute path, or one relative to the current folder). */
  forFile(path: string): ResolvedSettings {
    const abs = resolve(path);
    if (!this.byFolder) return this.resolveFile(abs);
    // `fixed`: the files of a folder share their settings unless a baseline or `ignore` globs apply
    // (those are matched by the file's own path)
    const folder = dirname(abs);
    const known = this.byFolder.get(folder);
    if (known) return known;
    const settings = this.resolveFile(abs);
    const perFile = settings.baselineFile !== undefined || (settings.configFile !== undefined && !!this.resolver?.load(settings.configFile).isIgnored);
    if (!perFile) this.byFolder.set(folder, settings);
    return settings;
  }

  private resolveFile(abs: string): ResolvedSettings {
    const trusted = this.options.trusted !== false;
    const r = this.resolver?.resolve(abs, undefined, trusted);
    if (r?.error) this.errors.set(r.error.file, r.error);
    const base = r?.config ?? this.plain ?? withConfigFile(defaultConfig(), this.options.overrides ?? {});
    const a = this.options.advisories;
    const advisories = typeof a === 'function' ? a() : a;
    const d = this.options.data;
    const installed = typeof d === 'function' ? d() : d;
    const today = this.options.today;
    let config: EffectiveConfig = base;
    if (advisories || installed || today) {
      const cacheable = this.options.fixed && typeof a !== 'function' && typeof d !== 'function';
      const known = cacheable ? this.withAdvisories.get(base) : undefined;
      config = known ?? { ...base, ...installed, ...(advisories ? { advisories } : {}), ...(today ? { today } : {}) };
      if (!known && cacheable) this.withAdvisories.set(base, config);
    }
    const restricted = (r?.withheld ?? []).map((w) => `${r!.file}: ${w}`);
    const out: ResolvedSettings = { config, ignored: !!r?.ignored, scope: this.scopes.of(abs, this.rootOf(abs), r?.scope), configFile: r?.file, configError: r?.error, baselineNotes: [], restricted };
    let baselineFile = this.baselineFileFor(abs);
    if (baselineFile && !trusted && !this.options.baseline?.file) {
      restricted.unshift(`baseline ${baselineFile} (shipped with the workspace)`);
      baselineFile = undefined;
    }
    if (baselineFile) {
      out.baselineFile = baselineFile;
      const b = this.loadBaseline(baselineFile);
      if (b.error) out.baselineError = b.error;
      else if (b.baseline) {
        out.baselineNotes = baselineNotes(b.baseline);
        const from = b.baseline.pathsRelativeTo === 'host-root' && this.options.hostRoot ? resolve(this.options.hostRoot) : dirname(baselineFile);
        out.baseline = { id: baselineFile, baseline: b.baseline, relPath: relative(from, abs).split(sep).join('/') };
      }
    }
    return out;
  }

  /** What a `.vharden.yaml` changes (for "configuration in effect" in reports). */
  effectsOf(file: string): ConfigEffects {
    return configEffects(this.resolver?.load(file).project ?? {});
  }

  /** A baseline file as loaded (for reports: its entries and notes). */
  baseline(file: string): Baseline | undefined {
    return this.loadBaseline(file).baseline;
  }

  /** Baseline files applied so far. */
  baselineFiles(): string[] {
    return [...this.baselines.entries()].filter(([, b]) => b.baseline).map(([file]) => file);
  }

  /** Invalid `.vharden.yaml` files met so far. */
  configErrors(): ConfigFileError[] {
    return [...this.errors.values()];
  }

  /** The deepest root holding `path`, else the path's own folder. */
  rootOf(path: string): string {
    if (this.rootSet.size === 0) return dirname(path);
    for (let dir = resolve(path); ; ) {
      if (this.rootSet.has(dir)) return dir;
      const up = dirname(dir);
      if (up === dir) return dirname(path);
      dir = up;
    }
  }

  private baselineFileFor(path: string): string | undefined {
    const policy = this.options.baseline;
    if (!policy) return undefined;
    if (policy.file) return resolve(policy.file);
    if (!policy.nearest) return undefined;
    return this.baselineFinder.findUpward(path, BASELINE_FILE_NAME);
  }

  private loadBaseline(file: string): { baseline?: Baseline; error?: string } {
    const known = this.options.fixed ? this.baselines.get(file) : undefined;
    if (known) return known;
    let st;
    try {
      st = statSync(file);
    } catch {
      return { error: `baseline ${file} not found` };
    }
    const cached = this.baselines.get(file);
    if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached;
    let entry: { mtimeMs: number; size: number; baseline?: Baseline; error?: string };
    try {
      entry = { mtimeMs: st.mtimeMs, size: st.size, baseline: loadBaseline(file) };
    } catch (err) {
      entry = { mtimeMs: st.mtimeMs, size: st.size, error: (err as Error).message };
    }
    this.baselines.set(file, entry);
    return entry;
  }
}
