import { readFileSync } from 'node:fs';
import { validateAdvisoryData, type AdvisoryData } from '../rules/patch/advisories';

/** Read and validate a user's advisories file. Returns the data, or why it cannot be used. */
export function loadAdvisoriesFile(path: string): { data: AdvisoryData } | { error: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { error: `cannot read advisories file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { error: `advisories file ${path} is not valid JSON: ${(err as Error).message}` };
  }
  const checked = validateAdvisoryData(json);
  return 'error' in checked ? { error: `advisories file ${path} is not usable: ${checked.error}` } : checked;
}
