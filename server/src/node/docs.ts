import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

let cached: string | undefined;

/** The folder holding docs/rules, found upward from this module (works bundled in dist/ and from sources). */
export function docsRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'docs', 'rules'))) return (cached = join(dir, 'docs', 'rules'));
    dir = dirname(dir);
  }
  return (cached = join(__dirname, '..', 'docs', 'rules'));
}

/** The docs page of a rule as a file: URI; docs ship with the extension and CLI, so links work offline. */
export function docsUri(ruleId: string): string {
  return pathToFileURL(join(docsRoot(), `${ruleId}.md`)).href;
}
