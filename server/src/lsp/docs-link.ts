import { SHOW_DOCS_COMMAND } from '../protocol';

let viaCommand = false;
let pageUri: ((ruleId: string) => string) | undefined;
/** links made so far, by rule id: every diagnostic carries one, and a file URL costs a path conversion */
const links = new Map<string, string>();

/** The client opens rule pages itself (VS Code: rendered read-only in the Markdown preview); set at initialize. */
export function openDocsViaCommand(on: boolean): void {
  viaCommand = on;
  links.clear();
}

/** Where rule pages are as files (the Node server: docs/rules beside the bundle); the web worker has none. */
export function setDocsPages(uriOf: ((ruleId: string) => string) | undefined): void {
  pageUri = uriOf;
  links.clear();
}

/**
 * Where a rule's documentation opens from hovers, completion and the Problems entry's code link: the
 * client's docs command when it has one (a `command:` URI, which VS Code runs from trusted Markdown and
 * diagnostic code links), else the Markdown page as a file (the command when there are no files).
 */
export function docsLink(ruleId: string): string {
  let link = links.get(ruleId);
  if (link === undefined) {
    link = viaCommand || !pageUri ? `command:${SHOW_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([ruleId]))}` : pageUri(ruleId);
    // rule ids come from the catalogue, but a file's own codes (VH-*) too: a bound keeps a hostile stream of them small
    if (links.size < 4096) links.set(ruleId, link);
  }
  return link;
}
