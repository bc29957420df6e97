import { writeFileSync } from 'node:fs';
import type { EffectiveConfig } from '../engine/config';
import { fixAll, lintText, type FileResult } from '../engine/engine';
import { encodeText } from '../engine/decode';
import { readCandidate, walk, type WalkProblem } from './files';
import { advisoriesInfo } from '../rules/patch/advisories';

export interface ScanOptions {
  config: EffectiveConfig;
  /** apply safe fixes in place */
  fix?: boolean;
  onFile?: (path: string, done: number) => void;
  isCancelled?: () => boolean;
}

export interface ScanResult {
  /** results of files vharden recognised (only those with findings keep their findings list non-empty) */
  files: FileResult[];
  /** files looked at */
  visited: number;
  /** files recognised and checked */
  checked: number;
  /** paths that could not be read */
  problems: WalkProblem[];
  /** number of safe fixes applied with `fix` */
  fixed: number;
  cancelled: boolean;
  /** date and source of the advisories data the patch-level rules used */
  advisories: { updated: string; source: string };
}

/** Scan files and folders with the engine. Read-only unless `fix` is set. Holds findings, not file texts. */
export function scanPaths(paths: string[], options: ScanOptions): ScanResult {
  const problems: WalkProblem[] = [];
  const result: ScanResult = { files: [], visited: 0, checked: 0, problems, fixed: 0, cancelled: false, advisories: advisoriesInfo(options.config.advisories) };
  for (const path of walk(paths, problems)) {
    if (options.isCancelled?.()) {
      result.cancelled = true;
      break;
    }
    result.visited++;
    options.onFile?.(path, result.visited);
    const c = readCandidate(path, options.config.maxFileSize, problems);
    if (!c) continue;
    result.checked++;
    const input = { path, text: c.text, config: options.config, formatId: c.formatId, decodeProblems: c.decodeProblems, skipReason: c.skipReason };
    if (options.fix && !c.skipReason && c.decodeProblems.length === 0) {
      const fixed = fixAll(input);
      const bytes = encodeText(fixed.text, c.encoding);
      if (fixed.text !== c.text && bytes) {
        try {
          writeFileSync(path, bytes);
          result.fixed += fixed.applied;
          input.text = fixed.text;
        } catch (err) {
          problems.push({ path, reason: `could not write fixes: ${(err as Error).message}` });
        }
      }
    }
    result.files.push(lintText(input));
  }
  return result;
}
