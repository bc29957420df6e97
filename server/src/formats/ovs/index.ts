import { tapsAreGuests } from '../../engine/fabric';
import { LineIndex, detectEol } from '../../engine/text';
import type { Format, ParsedDocument, ToolDiagnostic } from '../../engine/types';
import { interpretCommands, NetFacts } from './commands';
import { ifupParameter, isIfupScript, markGuestPorts } from './guests';
import { scanShell } from './shell';

export interface OvsShellModel {
  net: NetFacts;
}

const SCRIPT_NAME = /(\.(sh|bash|ksh|zsh)|\/[^/.]+)$/i;

const SWITCH_COMMAND = /(^|[\s;&|(`'"])((\/usr)?\/s?bin\/)?(ovs-vsctl\s|ovs-tcpdump\s|brctl\s+(addbr|addif)\s|tc\s+filter\s[^\n]*\bmirred\b)/m;

/**
 * A shell script is a switch-building input when it runs `ovs-vsctl` (or builds Linux bridges
 * with brctl, or installs tc mirred hooks); recognised by content, in files named like scripts.
 */
function isOvsScript(text: string, path: string): boolean {
  const head = text.slice(0, 256 * 1024);
  if (!SWITCH_COMMAND.test(head)) return false;
  return head.startsWith('#!') ? /^#![^\n]*\b(ba|k|z|da)?sh\b/.test(head) : SCRIPT_NAME.test(path);
}

export function parseOvsShell(text: string, path = ''): ParsedDocument<OvsShellModel> {
  const index = new LineIndex(text);
  const eol = detectEol(text);
  const scan = scanShell(text);
  const net = new NetFacts();
  net.plainTapsAreGuests = tapsAreGuests(text, path);
  interpretCommands(scan.commands, {
    facts: net,
    parameterPort: isIfupScript(path, scan.commands) ? ifupParameter(path) : undefined,
    snippet: (cmd) => {
      const first = cmd.words[0]!;
      const last = cmd.words[cmd.words.length - 1]!;
      const line = index.position(first.start).line;
      const indent = /^[ \t]*/.exec(text.slice(index.lineStart(line), index.lineEnd(line)))![0];
      return { at: index.lineEnd(index.position(last.end).line), indent, eol, style: 'shell' };
    },
  });
  markGuestPorts(net, scan.commands, scan.comments, text, index);
  const diagnostics: ToolDiagnostic[] = [];
  if (scan.unterminated) {
    const { start, what } = scan.unterminated;
    diagnostics.push({ code: 'VH-PARSE-ERROR', start, end: index.lineEnd(index.position(start).line), severity: 'low', message: `This ${what} is never closed; the shell reads the rest of the file as one word, and so does vharden.`, locator: 'unterminated' });
  }
  return { format: 'ovs-shell', model: { net }, comments: scan.comments, diagnostics };
}

export const ovsShellFormat: Format<OvsShellModel> = {
  id: 'ovs-shell',
  name: 'Open vSwitch shell script',
  languageId: 'shellscript',
  comment: { line: '#' },
  matchesPath: () => false,
  matchesContent: isOvsScript,
  parse: (text, ctx) => parseOvsShell(text, ctx.path),
  fabric: (model) => model.net.facts(),
};
