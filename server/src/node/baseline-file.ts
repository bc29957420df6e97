import { dirname, relative, resolve, sep } from 'node:path';
import { createBaseline, parseBaseline, type Baseline } from '../engine/baseline';
import { codeOf, readRegularFile } from './files';
import type { ScanResult } from './scan';

export class BaselineFileError extends Error {}

export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readRegularFile(file).bytes.toString('utf8');
  } catch (err) {
    throw new BaselineFileError(`cannot read baseline ${file}: ${(err as NodeJS.ErrnoException).code ?? codeOf(err)}`);
  }
  const { baseline, error } = parseBaseline(text);
  if (!baseline) throw new BaselineFileError(`${file}: ${error}`);
  return baseline;
}

/** The folder baseline paths are relative to: the host root for host scans, else the baseline file's folder. */
export function baselineBase(baselineFile: string, hostRoot?: string): string {
  return hostRoot ?? dirname(resolve(baselineFile));
}

function keyed(result: ScanResult, base: string) {
  return result.files.map((f) => ({ relPath: relative(base, resolve(f.path)).split(sep).join('/'), findings: f.findings }));
}

export function baselineOf(result: ScanResult, base: string, hostRoot: boolean, now = new Date()): Baseline {
  return createBaseline(keyed(result, base), hostRoot ? 'host-root' : 'baseline-file', now.toISOString());
}
