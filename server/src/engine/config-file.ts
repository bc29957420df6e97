import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import { defaultConfig, isRuleSetting, type EffectiveConfig, type RuleSetting } from './config';
import { isProfile, PROFILES, type Profile } from './context';
import { MAX_GLOBS, globProblem, pathGlob } from './glob';
import { isKnownRule } from '../catalog';
import { LineIndex, lfBreaks } from './text';

export { pathMatcher } from './glob';

/** The contents of a `.vharden.yaml` file, validated. Every key is optional. */
export interface ConfigFile {
  rules?: Record<string, RuleSetting>;
  /** path globs relative to the config file's folder; matching files are not checked */
  ignore?: string[];
  monitoring?: { requiredFor?: string[]; authorizedSensors?: string[] };
  /** VM names (globs) that must be shielded (HV-VM-VTPM) */
  shielding?: { requiredFor?: string[] };
  managementNetworks?: string[];
  maxFileSize?: number;
  /** folder globs relative to the config file's folder (`.` for the folder itself): each matching folder is one cross-file scope */
  scopes?: string[];
  /** the kind of system the files describe: `auto` (inferred per file), `server`, `desktop` or `lab` */
  profile?: Profile;
}

export interface ConfigError {
  message: string;
  /** offsets into the config text */
  start: number;
  end: number;
  /** 1-based */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export const CONFIG_FILE_NAME = '.vharden.yaml';
const TOP_KEYS = ['rules', 'ignore', 'monitoring', 'shielding', 'managementNetworks', 'maxFileSize', 'scopes', 'profile'];
const MONITORING_KEYS = ['requiredFor', 'authorizedSensors'] as const;
const SHIELDING_KEYS = ['requiredFor'] as const;

/**
 * The largest `maxFileSize` a `.vharden.yaml` may set: the default. A repository's config can lower
 * the limit, never raise it (a bigger file costs time and memory on every machine that scans the
 * repository); the user's own `--max-file-size` and `vharden.maxFileSize` can.
 */
export const MAX_PROJECT_FILE_SIZE = defaultConfig().maxFileSize;

/** Parse and validate `.vharden.yaml` text. Errors carry positions; a config with any error is not used. */
export function parseConfigFile(text: string): { config?: ConfigFile; errors: ConfigError[] } {
  const index = new LineIndex(text);
  const errors: ConfigError[] = [];
  const fail = (message: string, start: number, end: number) => {
    const p = index.position(start);
    const q = index.position(Math.max(start, end));
    errors.push({ message, start, end, line: p.line + 1, column: p.character + 1, endLine: q.line + 1, endColumn: q.character + 1 });
  };
  const at = (node: Node | null | undefined, message: string) => fail(message, node?.range?.[0] ?? 0, node?.range?.[1] ?? 0);

  const doc = parseDocument(lfBreaks(text), { uniqueKeys: true, prettyErrors: false });
  for (const e of doc.errors) fail(e.message.split('\n')[0]!, e.pos[0], e.pos[1]);
  if (errors.length) return { errors };

  const config: ConfigFile = {};
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { config, errors };
  if (!isMap(root)) {
    at(root, 'the configuration must be a mapping (key: value lines)');
    return { errors };
  }

  const stringList = (node: unknown, what: string, globs: boolean): string[] | undefined => {
    if (!isSeq(node)) {
      at(node as Node, `${what} must be a list of strings`);
      return undefined;
    }
    if (globs && node.items.length > MAX_GLOBS) {
      at(node as Node, `${what}: at most ${MAX_GLOBS} patterns are allowed (${node.items.length} given)`);
      return undefined;
    }
    const out: string[] = [];
    for (const item of node.items) {
      const problem = globs && isScalar(item) && typeof item.value === 'string' ? globProblem(item.value) : undefined;
      if (problem) at(item as Node, `${what}: ${problem}`);
      else if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') out.push(item.value);
      else at(item as Node, `${what}: every entry must be a non-empty string`);
    }
    return out;
  };

  /** `section:` as a mapping of glob lists (`monitoring`, `shielding`) whose keys are `keys`. */
  const globLists = <K extends string>(section: string, value: unknown, keyNode: unknown, keys: readonly K[]): Partial<Record<K, string[]>> | undefined => {
    if (!isMap(value)) {
      at((value ?? keyNode) as Node, `${section} must be a mapping with ${keys.join(' and/or ')}`);
      return undefined;
    }
    const out: Partial<Record<K, string[]>> = {};
    for (const m of value.items as Pair<unknown, unknown>[]) {
      const k = keyOf(m);
      const known = keys.find((x) => x === k);
      if (!known) {
        at(m.key as Node, `unknown key "${section}.${k ?? ''}"; expected ${keys.length > 1 ? `one of ${keys.join(', ')}` : keys[0]}`);
        continue;
      }
      const list = stringList(m.value, `${section}.${known}`, true);
      if (list) out[known] = list;
    }
    return out;
  };

  for (const pair of root.items as Pair<unknown, unknown>[]) {
    const key = keyOf(pair);
    const keyNode = pair.key as Node;
    if (key === undefined || !TOP_KEYS.includes(key)) {
      at(keyNode, `unknown key ${JSON.stringify(key ?? '')}; expected one of ${TOP_KEYS.join(', ')}`);
      continue;
    }
    const value = pair.value;
    switch (key) {
      case 'rules': {
        if (!isMap(value)) {
          at((value ?? keyNode) as Node, 'rules must be a mapping of rule id or glob to off, on or a severity');
          break;
        }
        if (value.items.length > MAX_GLOBS) {
          at(value as Node, `rules: at most ${MAX_GLOBS} entries are allowed (${value.items.length} given)`);
          break;
        }
        const rules: Record<string, RuleSetting> = {};
        for (const r of value.items as Pair<unknown, unknown>[]) {
          const id = keyOf(r);
          const v = isScalar(r.value) ? (r.value.value === false ? 'off' : r.value.value === true ? 'on' : r.value.value) : undefined;
          const problem = id === undefined ? undefined : globProblem(id);
          if (!id) at(r.key as Node, 'a rule id must be a non-empty string');
          else if (problem) at(r.key as Node, `rule glob: ${problem}`);
          else if (!id.includes('*') && !id.includes('?') && !isKnownRule(id)) at(r.key as Node, `unknown rule id "${id}"`);
          else if (!isRuleSetting(v)) at((r.value ?? r.key) as Node, `rule "${id}": the setting must be off, on, critical, high, medium, low or info`);
          else rules[id] = v;
        }
        config.rules = rules;
        break;
      }
      case 'ignore':
      case 'scopes':
      case 'managementNetworks': {
        const list = stringList(value, key, key === 'ignore');
        if (list) config[key] = list;
        break;
      }
      case 'monitoring': {
        const monitoring = globLists('monitoring', value, keyNode, MONITORING_KEYS);
        if (monitoring) config.monitoring = monitoring;
        break;
      }
      case 'shielding': {
        const shielding = globLists('shielding', value, keyNode, SHIELDING_KEYS);
        if (shielding) config.shielding = shielding;
        break;
      }
      case 'maxFileSize': {
        const n = isScalar(value) ? value.value : undefined;
        if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) at((value ?? keyNode) as Node, 'maxFileSize must be a positive whole number of bytes');
        else if (n > MAX_PROJECT_FILE_SIZE) at(value as Node, `maxFileSize in .vharden.yaml can only lower the limit (at most ${MAX_PROJECT_FILE_SIZE}); a higher one can be set with --max-file-size or the vharden.maxFileSize setting`);
        else config.maxFileSize = n;
        break;
      }
      case 'profile': {
        const v = isScalar(value) ? value.value : undefined;
        if (!isProfile(v)) at((value ?? keyNode) as Node, `profile must be one of ${PROFILES.join(', ')}`);
        else config.profile = v;
        break;
      }
    }
  }
  return errors.length ? { errors } : { config, errors };
}

function keyOf(pair: Pair<unknown, unknown>): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value === 'string' && pair.key.value !== '' ? pair.key.value : undefined;
}

/** `base` with a project config laid over it: rules are appended (so they win), lists and numbers replace. */
export function withConfigFile(base: EffectiveConfig, p: ConfigFile | undefined): EffectiveConfig {
  if (!p) return base;
  return {
    rules: laterWins(base.rules, p.rules),
    monitoring: {
      requiredFor: p.monitoring?.requiredFor ?? base.monitoring.requiredFor,
      authorizedSensors: p.monitoring?.authorizedSensors ?? base.monitoring.authorizedSensors,
    },
    ...(p.shielding?.requiredFor ? { shielding: { requiredFor: p.shielding.requiredFor } } : base.shielding ? { shielding: base.shielding } : {}),
    managementNetworks: p.managementNetworks ?? base.managementNetworks,
    maxFileSize: p.maxFileSize ?? base.maxFileSize,
    profile: p.profile ?? base.profile,
  };
}

/** Rule entries of `over` come after every entry of `base`, so they win even over a base entry with the same key. */
function laterWins(base: Record<string, RuleSetting>, over: Record<string, RuleSetting> | undefined): Record<string, RuleSetting> {
  if (!over) return base;
  const out: Record<string, RuleSetting> = {};
  for (const [k, v] of Object.entries(base)) if (!(k in over)) out[k] = v;
  return Object.assign(out, over);
}

/**
 * The `scopes:` entry that covers a file: of the folders from the config's folder down to the
 * file's folder (`relDir`, relative, `/` separators, '' for the config's folder), the deepest one a
 * pattern matches, relative to the config's folder ('' for `.`); undefined when none does. Patterns
 * are path globs as in `ignore` (linear-time, see `glob.ts`), matched against each folder itself.
 */
export function scopeMatcher(patterns: string[]): (relDir: string) => string | undefined {
  const self = patterns.some((p) => /^\.\/?$/.test(p.trim()));
  const globs = patterns.filter((p) => !/^\.\/?$/.test(p.trim())).map(pathGlob);
  return (relDir) => {
    const parts = relDir.split('/').filter(Boolean);
    for (let i = parts.length; i >= 1; i--) {
      const prefix = parts.slice(0, i).join('/');
      if (globs.some((g) => g.exact?.(prefix))) return prefix;
    }
    return self ? '' : undefined;
  };
}
