import { existsSync, readFileSync } from 'node:fs';
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

const RULE_ID = /^[A-Z][A-Z0-9-]{0,63}$/;

/**
 * The generated docs page of a rule (Markdown), or undefined when it is not shipped. The single-file
 * executable carries the pages as assets (`docs/rules/ID.md`), since it has no docs folder beside it.
 */
export function docsPage(ruleId: string): string | undefined {
  if (!RULE_ID.test(ruleId)) return undefined;
  const asset = seaAsset(`docs/rules/${ruleId}.md`);
  if (asset !== undefined) return asset;
  try {
    return readFileSync(join(docsRoot(), `${ruleId}.md`), 'utf8');
  } catch {
    return undefined;
  }
}

type Sea = { isSea(): boolean; getAsset(key: string, encoding: string): string };
let sea: Sea | null | undefined;

function seaAsset(key: string): string | undefined {
  if (sea === undefined) {
    try {
      const mod = require('node:sea') as Sea;
      sea = mod.isSea() ? mod : null;
    } catch {
      sea = null;
    }
  }
  if (!sea) return undefined;
  try {
    return sea.getAsset(key, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * A docs base URL for links that leave this machine (SARIF `helpUri`): https only, so a report never
 * points code scanning at a local path. Returns the base without a trailing slash, or an error.
 */
export function checkDocsUrl(value: string): { base: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `--docs-url ${value}: not a URL` };
  }
  if (url.protocol !== 'https:') return { error: `--docs-url must be an https URL (got ${url.protocol.replace(/:$/, '')})` };
  if (url.search || url.hash) return { error: '--docs-url takes a base URL without ?query or #fragment' };
  return { base: url.href.replace(/\/+$/, '') };
}
