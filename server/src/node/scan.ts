import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EffectiveConfig } from '../engine/config';
import { fixAll, lintFile, type FileResult } from '../engine/engine';
import { mergeFindings, projectFindings, ScopeContexts, type ScopedFacts } from '../engine/project';
import type { Linted } from '../engine/engine';
import type { Profile } from '../engine/context';
import type { EffectiveConfig as Config } from '../engine/config';
import { encodeFor } from '../engine/decode';
import { advisoriesInfo, type AdvisoriesInfo, type AdvisoryData } from '../rules/patch/advisories';
import { OUTSIDE_ROOT, readCandidate, scanRoots, walk, type WalkProblem } from './files';
import { writeSafely } from './safe-write';
import { Scopes } from './scope';

export interface ScanOptions {
  config: EffectiveConfig;
  /** per-file configuration (from `.vharden.yaml`); `ignored` files are not read */
  configFor?: (path: string) => { config: EffectiveConfig; ignored: boolean; scope?: string };
  /** advisories data from a user file (`--advisories`, `vharden.advisoriesFile`): used for every file, whatever its `.vharden.yaml` */
  advisories?: AdvisoryData;
  /** apply safe fixes (each file replaced atomically; see `writeSafely`) */
  fix?: boolean;
  /** host scans: the host's root; links whose target leaves it are not read (default: the scanned paths are the roots) */
  hostRoot?: string;
  onFile?: (path: string, done: number) => void;
  isCancelled?: () => boolean;
}

export interface ScanResult {
  /** the files and folders the scan started from */
  roots: string[];
  /** results of files vharden recognised (only those with findings keep their findings list non-empty) */
  files: FileResult[];
  /** files looked at */
  visited: number;
  /** files recognised and checked */
  checked: number;
  /** files skipped because a `.vharden.yaml` ignores them */
  ignored: number;
  /** paths that could not be read */
  problems: WalkProblem[];
  /** files whose fixes were not written, and why (`fix`) */
  notWritten: WalkProblem[];
  /** number of safe fixes applied with `fix` */
  fixed: number;
  cancelled: boolean;
  /** date and source of the advisories data the patch-level rules used */
  advisories: AdvisoriesInfo;
  /** the profile of the settings or flags (a `.vharden.yaml` may set another: see each file's `context`) */
  profile: Profile;
}

/** The scan root a path was found under (a folder argument, or the folder of a file argument). */
export function rootFor(path: string, roots: string[]): string {
  let best = '';
  for (const r of roots) {
    if ((path === r || path.startsWith(r.endsWith('/') ? r : r + '/')) && r.length > best.length) best = r;
  }
  return best || dirname(path);
}

function rootsOf(paths: string[]): string[] {
  return paths.map((p) => {
    try {
      return statSync(p).isDirectory() ? resolve(p) : dirname(resolve(p));
    } catch {
      return resolve(p);
    }
  });
}

/**
 * Scan files and folders with the engine, then run the project rules over the switch fabric of
 * each scope. Read-only unless `fix` is set. Holds findings and fabric facts, not file texts.
 */
export function scanPaths(paths: string[], options: ScanOptions): ScanResult {
  const steps = scanSteps(paths, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The same scan, yielding to the event loop every `batch` files so requests (cancellation) get through. */
export async function scanPathsAsync(paths: string[], options: ScanOptions, batch = 50): Promise<ScanResult> {
  const steps = scanSteps(paths, options);
  for (let n = 1; ; n++) {
    const step = steps.next();
    if (step.done) return step.value;
    if (n % batch === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The scan as a generator: one step per file visited. */
function* scanSteps(paths: string[], options: ScanOptions): Generator<void, ScanResult> {
  const problems: WalkProblem[] = [];
  const result: ScanResult = { roots: [...paths], files: [], visited: 0, checked: 0, ignored: 0, problems, notWritten: [], fixed: 0, cancelled: false, advisories: advisoriesInfo(options.advisories), profile: options.config.profile };
  const roots = rootsOf(paths);
  const within = options.hostRoot !== undefined ? scanRoots([options.hostRoot], OUTSIDE_ROOT) : scanRoots(paths);
  const facts: ScopedFacts[] = [];
  const scopes = new Scopes();
  const contexts = new ScopeContexts();
  /** files judged by context, to lint again when their scope's evidence changes the judgement */
  const judged: { at: number; path: string; scope: string; linted: Linted; config: Config }[] = [];
  for (const path of walk(paths, problems, within)) {
    if (options.isCancelled?.()) {
      result.cancelled = true;
      break;
    }
    result.visited++;
    options.onFile?.(path, result.visited);
    const resolved = options.configFor?.(path);
    if (resolved?.ignored) {
      result.ignored++;
      continue;
    }
    const base = resolved?.config ?? options.config;
    const config = options.advisories ? { ...base, advisories: options.advisories } : base;
    const c = readCandidate(path, config.maxFileSize, problems, within);
    if (c) {
      result.checked++;
      const input = { path, text: c.text, config, formatId: c.formatId, decodeProblems: c.decodeProblems, skipReason: c.skipReason };
      if (options.fix && !c.skipReason && c.decodeProblems.length === 0) {
        const fixed = fixAll(input);
        const out = fixed.text !== c.text ? encodeFor(fixed.text, c.encoding) : undefined;
        if (out && 'refused' in out) result.notWritten.push({ path, reason: out.refused });
        else if (out) {
          const refused = writeSafely(c, out.bytes, within);
          if (refused) result.notWritten.push({ path, reason: refused });
          else {
            result.fixed += fixed.applied;
            input.text = fixed.text;
          }
        }
      }
      const linted = lintFile(input);
      const scope = scopes.of(resolve(path), rootFor(resolve(path), roots), resolved?.scope);
      contexts.add(scope, resolve(path), linted);
      if (linted.result.context) judged.push({ at: result.files.length, path, scope, linted: { result: linted.result, evidence: linted.evidence }, config });
      result.files.push(linted.result);
      if (linted.facts) facts.push({ ...linted.facts, scope, config });
    }
    yield;
  }
  for (const j of judged) {
    const host = contexts.relint(j.scope, j.linted);
    const c = host && readCandidate(j.path, j.config.maxFileSize, [], within);
    if (!c) continue;
    result.files[j.at] = lintFile({ path: j.path, text: c.text, config: j.config, formatId: c.formatId, decodeProblems: c.decodeProblems, skipReason: c.skipReason, hostEvidence: host }).result;
    yield;
  }
  if (facts.length > 0) mergeFindings(result.files, projectFindings(facts, options.config));
  return result;
}
