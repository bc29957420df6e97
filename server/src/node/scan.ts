import { resolve } from 'node:path';
import type { StaleEntry } from '../engine/baseline';
import { encodeFor } from '../engine/decode';
import type { Profile } from '../engine/context';
import { fixAll, type FileResult } from '../engine/engine';
import { matchable } from '../engine/baseline';
import { canonicalRuleId } from '../catalog';
import { Session, staleEntries, type BaselineGroups, type FileSettings, type SessionInput } from '../engine/session';
import { advisoriesInfo, type AdvisoriesInfo, type AdvisoryData } from '../rules/patch/advisories';
import { OUTSIDE_ROOT, readCandidate, scanRoots, walkFiles, type Candidate, type WalkProblem } from './files';
import { PendingFiles } from './pending';
import { writeSafely } from './safe-write';

export interface ScanOptions {
  /** how each file's configuration, scope and baseline are resolved (see SettingsResolver) */
  settings: (path: string) => FileSettings & { configFile?: string };
  /** advisories data from a user file, for the report's data date (the settings carry it to the rules) */
  advisories?: AdvisoryData;
  /** the profile of the flags or settings, for reports */
  profile?: Profile;
  /** apply safe fixes (each file replaced atomically; see `writeSafely`) */
  fix?: boolean;
  /** host scans: the host's root; links whose target leaves it are not read (default: the scanned paths are the roots) */
  hostRoot?: string;
  onFile?: (path: string, done: number) => void;
  isCancelled?: () => boolean;
  /** called during the walk (every `WALK_FORGET` files), after it and after each group: what the settings remember per folder may be let go (it is asked again) */
  forgetFolders?: () => void;
  /** receives the results of each group of files once it is judged; they are not kept (see `scanPaths`) */
  onGroup?: (files: FileResult[]) => void;
}

export interface ScanResult {
  /** the files and folders the scan started from */
  roots: string[];
  /** results of files vharden recognised, with cross-file findings merged and baselines applied (with `onGroup`: empty, the results went there) */
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
  /** baseline entries that matched no finding (fixed or moved) */
  stale: StaleEntry[];
  /** each `.vharden.yaml` that applied: files it checked and files its `ignore` globs left unread */
  configUse: Map<string, { files: number; ignored: number }>;
  /** the profile of the settings or flags (a `.vharden.yaml` may set another: see each file's `context`) */
  profile: Profile;
}

/**
 * Scan files and folders: the walk first (paths and settings only), then one group of files at a
 * time, each through its own session: a scope (a host tree, a repository, a declared scope) or,
 * for loose files, a folder group of `looseScopes`, which never links to another group. Each file
 * is linted once, the cross-file rules run per group, baselines apply per file. Groups come in the
 * order the walk first reached them, their files in walk order. With `onGroup` the results of each
 * group are handed over and let go (`files` stays empty), so memory grows only with the walk's
 * compact list of files (`PendingFiles`), not with the findings or the texts. Read-only unless `fix` is set.
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

/** The scan as a generator: one step per file visited, then one per file read. */
function* scanSteps(paths: string[], options: ScanOptions): Generator<void, ScanResult> {
  const problems: WalkProblem[] = [];
  const result: ScanResult = { roots: [...paths], files: [], visited: 0, checked: 0, ignored: 0, problems, notWritten: [], fixed: 0, cancelled: false, advisories: advisoriesInfo(options.advisories), stale: [], configUse: new Map(), profile: options.profile ?? 'auto' };
  const within = options.hostRoot !== undefined ? scanRoots([options.hostRoot], OUTSIDE_ROOT) : scanRoots(paths);
  // a file is read again only when its host tree's evidence changes how it is judged
  const reread = (path: string): SessionInput | undefined => {
    const settings = options.settings(resolve(path));
    const c = readCandidate(path, settings.config.maxFileSize, [], within);
    return c && { path, text: c.text, formatId: c.formatId, decodeProblems: c.decodeProblems, skipReason: c.skipReason };
  };
  const pending = new PendingFiles();
  yield* walkSteps(paths, options, result, within, pending);
  const baselines: BaselineGroups = new Map();
  options.forgetFolders?.();
  for (const group of pending.groups()) {
    const session = new Session(options.settings, { reread });
    // judge the group once, when all its files are in
    session.hold();
    try {
      for (const file of group) {
        if (options.isCancelled?.()) {
          result.cancelled = true;
          break;
        }
        // resolved again rather than kept from the walk: settings are cached per folder
        const settings = options.settings(resolve(file.path));
        const c = readCandidate(file, settings.config.maxFileSize, problems, within);
        if (c) {
          result.checked++;
          if (settings.configFile) countUse(result.configUse, settings.configFile).files++;
          const input: SessionInput = { path: file.path, text: c.text, formatId: c.formatId, decodeProblems: c.decodeProblems, skipReason: c.skipReason };
          if (options.fix) input.text = writeFixes(c, settings, within, result);
          session.update(input, settings);
        }
        yield;
      }
    } finally {
      session.release();
    }
    for (const [id, g] of session.baselineGroups()) {
      let kept = baselines.get(id);
      if (!kept) baselines.set(id, (kept = { baseline: g.baseline, files: [] }));
      for (const f of g.files) kept.files.push(matchable(f, g.baseline, canonicalRuleId));
    }
    options.forgetFolders?.();
    const files = session.results();
    if (options.onGroup) {
      if (files.length) options.onGroup(files);
    } else result.files.push(...files);
    if (result.cancelled) break;
  }
  result.stale = staleEntries(baselines);
  return result;
}

/**
 * Files the walk resolves settings for between two `forgetFolders`: it leaves most folders for good
 * (in an estate almost every file has a folder of its own), and what the settings remember per folder
 * (some 600 bytes) would otherwise grow with the whole tree; a few ancestors are looked up again.
 */
const WALK_FORGET = 1024;

/** The walk: counts, ignores and settings of every file; the files to read go to `pending`. */
function* walkSteps(paths: string[], options: ScanOptions, result: ScanResult, within: ReturnType<typeof scanRoots>, pending: PendingFiles): Generator<void, void> {
  for (const file of walkFiles(paths, result.problems, within)) {
    if (options.isCancelled?.()) {
      result.cancelled = true;
      break;
    }
    result.visited++;
    if (result.visited % WALK_FORGET === 0) options.forgetFolders?.();
    options.onFile?.(file.path, result.visited);
    const settings = options.settings(resolve(file.path));
    if (settings.ignored) {
      result.ignored++;
      if (settings.configFile) countUse(result.configUse, settings.configFile).ignored++;
      continue;
    }
    if (settings.configFile) countUse(result.configUse, settings.configFile);
    pending.add(file, settings.scope);
    yield;
  }
}

function countUse(map: ScanResult['configUse'], file: string): { files: number; ignored: number } {
  let n = map.get(file);
  if (!n) map.set(file, (n = { files: 0, ignored: 0 }));
  return n;
}

/** Apply the safe fixes of a file (replaced atomically, inside the roots); returns the text now on disk. */
function writeFixes(c: Candidate, settings: FileSettings, within: ReturnType<typeof scanRoots>, result: ScanResult): string {
  if (c.skipReason || c.decodeProblems.length > 0) return c.text;
  const fixed = fixAll({ path: c.path, text: c.text, config: settings.config, formatId: c.formatId });
  if (fixed.text === c.text) return c.text;
  const out = encodeFor(fixed.text, c.encoding);
  if ('refused' in out) {
    result.notWritten.push({ path: c.path, reason: out.refused });
    return c.text;
  }
  const refused = writeSafely(c, out.bytes, within);
  if (refused) {
    result.notWritten.push({ path: c.path, reason: refused });
    return c.text;
  }
  result.fixed += fixed.applied;
  return fixed.text;
}
