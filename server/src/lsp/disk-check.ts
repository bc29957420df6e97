import type { EffectiveConfig } from '../engine/config';
import type { Evidence } from '../engine/context';
import { lintFile, type LintInput } from '../engine/engine';
import type { ModuleValue } from '../engine/types';
import { readCandidate, type Within } from '../node/files';

/** What the engine gives for one file (as `lintFile` returns it). */
export type Linted = ReturnType<typeof lintFile>;

/** A file of the workspace that is not open, to read from disk and check (workspace indexing). */
export interface DiskJob {
  path: string;
  config: EffectiveConfig;
  /** links leaving these roots are not read (undefined: the file is read as it is) */
  within?: Within;
  hostEvidence: Evidence[];
  moduleValues: ModuleValue[];
}

/**
 * What checking a disk file gives: whether it could be read (else the session forgets it), its
 * length, and what the engine gave, only when the file takes part in the cross-file checks and
 * without its own findings (what the editor keeps of a file that is not open, see `diskAnswer`).
 */
export interface DiskAnswer {
  read: boolean;
  chars: number;
  linted?: Linted;
}

/**
 * Whether a file takes part in the cross-file checks: switches, ports and mirrors, evidence about
 * its host, or values for the other files of its folder (Terraform variables).
 */
export function takesPartAcrossFiles(linted: Linted): boolean {
  return !!linted.facts || !!linted.evidence?.some((e) => e.scope === 'host') || !!linted.moduleValues?.length;
}

/** The engine's input for a disk file, undefined when it is not read (missing, not a regular file, no format). */
export function diskInput(job: DiskJob): LintInput | undefined {
  const c = readCandidate(job.path, job.config.maxFileSize, [], job.within);
  return c && { path: job.path, text: c.text, config: job.config, formatId: c.formatId, decodeProblems: c.decodeProblems, skipReason: c.skipReason, hostEvidence: job.hostEvidence, moduleValues: job.moduleValues };
}

/**
 * What an engine result means for a disk file (see `DiskAnswer`). Its own findings are left out:
 * the editor shows only the cross-file findings of a file that is not open, and checks the
 * document again when it is opened.
 */
export function diskAnswer(input: LintInput, linted: Linted): DiskAnswer {
  if (!takesPartAcrossFiles(linted)) return { read: true, chars: input.text.length };
  return { read: true, chars: input.text.length, linted: { ...linted, result: { ...linted.result, findings: [] } } };
}

/**
 * Read and check a disk file on this thread (the indexing worker, or the server without one); a
 * text longer than `maxChars` is read but not checked (after the worker thread failed, the main
 * thread checks only what it would check itself).
 */
export function checkDiskFile(job: DiskJob, maxChars = Infinity): DiskAnswer {
  const input = diskInput(job);
  if (!input) return { read: false, chars: 0 };
  if (input.text.length > maxChars) return { read: true, chars: input.text.length };
  return diskAnswer(input, lintFile(input));
}
