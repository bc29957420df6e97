import { tapsAreGuests } from '../../engine/fabric';
import { LineIndex, detectEol } from '../../engine/text';
import type { Format, ParsedDocument, ToolDiagnostic } from '../../engine/types';
import { interpretCommands, isSwitchCommand, NetFacts } from './commands';
import { ifupParameter, isGuestsCommand, isIfupScript, markGuestPorts } from './guests';
import { scanShell } from './shell';
import { diagnosticList } from '../../engine/diagnostics';

export interface OvsShellModel {
  net: NetFacts;
}

const SCRIPT_NAME = /(\.(sh|bash|ksh|zsh)|\/[^/.]+)$/i;

const SWITCH_COMMAND = /(^|[\s;&|(`'"])((\/usr)?\/s?bin\/)?(ovs-vsctl\s|ovs-tcpdump\s|brctl\s+(addbr|addif)\s)/m;
const TC_FILTER = /(^|[\s;&|(`'"])((\/usr)?\/s?bin\/)?tc\s+filter\s/gm;

/**
 * A shell script is a switch-building input when it runs `ovs-vsctl` (or builds Linux bridges
 * with brctl, or installs tc mirred hooks); recognised by content, in files named like scripts.
 */
function isOvsScript(text: string, path: string): boolean {
  const head = text.slice(0, 256 * 1024);
  // named or marked like a script first: the command search reads the whole head
  if (!(head.startsWith('#!') ? /^#![^\n]*\b(ba|k|z|da)?sh\b/.test(head) : SCRIPT_NAME.test(path))) return false;
  return SWITCH_COMMAND.test(head) || hasTcMirred(head);
}

/**
 * `tc filter … mirred` on one line. Each line is read once: after the first `tc filter` of a line
 * the search goes on at the next line (a regex `tc\s+filter\s[^\n]*mirred` retries the rest of the
 * line at every `tc filter`, quadratic on a long line of them).
 */
function hasTcMirred(head: string): boolean {
  TC_FILTER.lastIndex = 0;
  for (let m = TC_FILTER.exec(head); m; m = TC_FILTER.exec(head)) {
    let end = head.indexOf('\n', m.index + m[0].length - 1);
    if (end < 0) end = head.length;
    if (/\bmirred\b/.test(head.slice(m.index, end))) return true;
    TC_FILTER.lastIndex = end;
  }
  return false;
}

export function parseOvsShell(text: string, path = ''): ParsedDocument<OvsShellModel> {
  const index = new LineIndex(text);
  const eol = detectEol(text);
  // only the commands that build switches or name guest ports are kept (a long script's other commands are not)
  const scan = scanShell(text, {}, 0, (cmd) => isSwitchCommand(cmd) || isGuestsCommand(cmd));
  const net = new NetFacts();
  net.plainTapsAreGuests = tapsAreGuests(text, path);
  interpretCommands(scan.commands, {
    facts: net,
    parameterPort: isIfupScript(path, scan.commands) ? ifupParameter(path) : undefined,
    snippet: (cmd) => {
      const first = cmd.words[0]!;
      const last = cmd.words[cmd.words.length - 1]!;
      const line = index.position(first.start).line;
      // the line's indentation, read from its start (slicing a whole long line per command is quadratic)
      const ls = index.lineStart(line);
      let e = ls;
      while (text[e] === ' ' || text[e] === '\t') e++;
      const indent = text.slice(ls, e);
      return { at: index.lineEnd(index.position(last.end).line), indent, eol, style: 'shell' };
    },
  });
  markGuestPorts(net, scan.commands, scan.comments, text, index);
  const diagnostics: ToolDiagnostic[] = diagnosticList();
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
