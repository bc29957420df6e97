import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { defaultConfig, type EffectiveConfig } from '../engine/config';
import { tighteningOnly } from '../engine/config-effects';
import { codeOf, readRegularFile } from './files';
import { CONFIG_FILE_NAME, parseConfigFile, pathMatcher, scopeMatcher, withConfigFile, type ConfigError, type ConfigFile } from '../engine/config-file';

/** A `.vharden.yaml` that does not validate; the message lists every error as `file:line:column: message`. */
export class ConfigFileError extends Error {
  constructor(readonly file: string, readonly errors: ConfigError[]) {
    super(errors.map((e) => `${file}:${e.line}:${e.column}: ${e.message}`).join('\n'));
  }
}

export interface ResolvedConfig {
  config: EffectiveConfig;
  /** the `.vharden.yaml` in effect (nearest one upward), if any */
  file?: string;
  /** true when the file's path matches an `ignore` glob of that config */
  ignored: boolean;
  /** set when the nearest config file is invalid; `config` then holds defaults and overrides only */
  error?: ConfigFileError;
  /** untrusted resolution: what `file` turns off, lowers or ignores, which was not applied */
  withheld?: string[];
  /** the folder of the `scopes:` entry of that config that covers the file (its cross-file scope), if any */
  scope?: string;
}

interface Loaded {
  mtimeMs: number;
  size: number;
  project?: ConfigFile;
  isIgnored?: (rel: string) => boolean;
  scopeOf?: (relDir: string) => string | undefined;
  error?: ConfigFileError;
}

/**
 * Finds and loads `.vharden.yaml` files the same way for the CLI and the editor: from the file's
 * folder upward to the deepest stop folder (workspace folder, scan root) that holds the file.
 * The nearest config wins as a whole; configs are not merged. Precedence: built-in defaults, then
 * the config file, then `overrides` (CLI flags, editor settings).
 */
export class ConfigResolver {
  private readonly roots: Set<string>;
  private readonly loaded = new Map<string, Loaded>();
  /** `fixed`: file name → folder → the nearest such file from it upward (null: none) */
  private readonly found?: Map<string, Map<string, string | null>>;
  /** `fixed`: config file ('' for none) and trust → the configuration it gives */
  private readonly configs?: Map<string, EffectiveConfig>;

  /**
   * `fixed`: the files do not change while this resolver is in use (one scan), so each folder is
   * looked up once and each config file read and turned into a configuration once, shared by its files.
   */
  constructor(stopAt: string[], private readonly overrides: ConfigFile = {}, private readonly fixed = false) {
    this.roots = new Set(stopAt.map((r) => resolve(r)));
    if (fixed) {
      this.found = new Map();
      this.configs = new Map();
    }
  }

  /** Let go of the folders' answers (the files read stay): see `SettingsResolver.forgetFolders`. */
  forgetFolders(): void {
    this.found?.clear();
  }

  /** The config file that applies to `path` (a file), or undefined. */
  findConfigFile(path: string): string | undefined {
    return this.findUpward(path, CONFIG_FILE_NAME);
  }

  /** The nearest file called `name` from `path`'s folder upward to the stop folder. */
  findUpward(path: string, name: string): string | undefined {
    const start = dirname(resolve(path));
    const known = this.found?.get(name);
    const hit = known?.get(start);
    if (hit !== undefined) return hit ?? undefined;
    // The deepest stop folder holding `start`: its nearest ancestor (or itself) in the set. Linear in
    // the folder depth, not in the number of stops (a scan of thousands of file paths has as many).
    let root = start;
    for (let dir = start; ; dir = dirname(dir)) {
      if (this.roots.has(dir)) {
        root = dir;
        break;
      }
      if (dirname(dir) === dir) break;
    }
    // every folder from `start` up to `root` has that root too, so their answers are remembered on the way
    const passed: string[] = [];
    let result: string | null = null;
    for (let dir = start; ; dir = dirname(dir)) {
      const above = dir === start ? undefined : known?.get(dir);
      if (above !== undefined) {
        result = above;
        break;
      }
      passed.push(dir);
      const candidate = join(dir, name);
      if (existsSync(candidate)) {
        result = candidate;
        break;
      }
      if (dir === root || dirname(dir) === dir) break;
    }
    if (this.found) {
      let map = known;
      if (!map) this.found.set(name, (map = new Map()));
      for (const d of passed) map.set(d, result);
    }
    return result ?? undefined;
  }

  /**
   * The configuration of `path`. `trusted: false` (an untrusted editor workspace) applies only the
   * config's entries that tighten (see `tighteningOnly`) and no `ignore` globs; `withheld` lists the rest.
   */
  resolve(path: string, overrides: ConfigFile = this.overrides, trusted = true): ResolvedConfig {
    const file = this.findConfigFile(path);
    // one configuration per config file in a fixed tree (with the resolver's own overrides)
    const shared = (make: () => EffectiveConfig): EffectiveConfig => {
      if (!this.configs || overrides !== this.overrides) return make();
      const key = `${trusted ? 1 : 0}${file ?? ''}`;
      let c = this.configs.get(key);
      if (!c) this.configs.set(key, (c = make()));
      return c;
    };
    if (!file) return { config: shared(() => withConfigFile(defaultConfig(), overrides)), ignored: false };
    const l = this.load(file);
    if (l.error) return { config: shared(() => withConfigFile(defaultConfig(), overrides)), file, ignored: false, error: l.error };
    if (!trusted) {
      const t = tighteningOnly(l.project ?? {});
      return { config: shared(() => withConfigFile(withConfigFile(defaultConfig(), t.config), overrides)), file, ignored: false, withheld: t.dropped };
    }
    const rel = relative(dirname(file), resolve(path)).split(sep).join('/');
    const scoped = l.scopeOf?.(rel.split('/').slice(0, -1).join('/'));
    return {
      config: shared(() => withConfigFile(withConfigFile(defaultConfig(), l.project), overrides)),
      file,
      ignored: !!l.isIgnored?.(rel),
      scope: scoped === undefined ? undefined : join(dirname(file), scoped),
    };
  }

  /** Load (cached while size and mtime stay the same) and validate one config file. */
  load(file: string): Loaded {
    const loaded = this.fixed ? this.loaded.get(file) : undefined;
    if (loaded) return loaded;
    let st;
    try {
      st = statSync(file);
    } catch {
      return { mtimeMs: 0, size: 0, error: new ConfigFileError(file, [{ message: 'cannot read the file', start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 }]) };
    }
    const cached = this.loaded.get(file);
    if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached;
    let text: string;
    try {
      text = readRegularFile(file).bytes.toString('utf8');
    } catch (err) {
      return { mtimeMs: 0, size: 0, error: new ConfigFileError(file, [{ message: `cannot read the file: ${codeOf(err)}`, start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 }]) };
    }
    const parsed = parseConfigFile(text);
    const entry: Loaded = parsed.config
      ? {
          mtimeMs: st.mtimeMs,
          size: st.size,
          project: parsed.config,
          isIgnored: parsed.config.ignore?.length ? pathMatcher(parsed.config.ignore) : undefined,
          scopeOf: parsed.config.scopes?.length ? scopeMatcher(parsed.config.scopes) : undefined,
        }
      : { mtimeMs: st.mtimeMs, size: st.size, error: new ConfigFileError(file, parsed.errors) };
    this.loaded.set(file, entry);
    return entry;
  }
}

export function isInside(path: string, folder: string): boolean {
  const r = relative(folder, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}
