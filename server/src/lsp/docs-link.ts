import { docsUri } from '../node/docs';
import { SHOW_DOCS_COMMAND } from '../protocol';

let viaCommand = false;

/** The client opens rule pages itself (VS Code: rendered read-only in the Markdown preview); set at initialize. */
export function openDocsViaCommand(on: boolean): void {
  viaCommand = on;
}

/**
 * Where a rule's documentation opens from hovers, completion and the Problems entry's code link: the
 * client's docs command when it has one (a `command:` URI, which VS Code runs from trusted Markdown and
 * diagnostic code links), else the Markdown page as a file.
 */
export function docsLink(ruleId: string): string {
  return viaCommand ? `command:${SHOW_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([ruleId]))}` : docsUri(ruleId);
}
