import { globProblem, nameGlob } from './glob';
import type { LineIndex } from './text';
import type { Comment, Finding, ToolDiagnostic } from './types';

/**
 * Suppression comments, the same in every format and in editor and CLI:
 *   vharden-ignore RULE_ID[,RULE_ID] -- reason       (end of a line, or alone on the line above)
 *   vharden-ignore-file RULE_ID[,RULE_ID] -- reason  (anywhere in the file)
 * The reason may also follow a colon (`: reason`), because XML comments may not contain `--`.
 */
export interface Directive {
  kind: 'line' | 'file';
  ids: string[];
  reason: string;
  comment: Comment;
  /** 0-based line the directive applies to (line directives only) */
  targetLine: number;
  /** the reason is still the quick fix's placeholder (counts as none) */
  placeholder?: true;
  /**
   * the comment holds a bidirectional control character (as `U+202E`): shown reordered, it may not
   * read as the waiver it is (Trojan Source, CVE-2021-42574), so it suppresses nothing
   */
  hidden?: string;
}

const DIRECTIVE = /\bvharden-ignore(-file)?\b(.*)$/s;
/** Characters that reorder how text is shown: the Unicode bidirectional controls and marks. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** What the suppression quick fix writes for the user to replace. */
export const PLACEHOLDER_REASON = 'reason';

/** Rule ids read from suppression comments per file; a file with more gets one diagnostic and the rest are not used. */
export const MAX_SUPPRESSION_IDS = 1000;

export function parseDirectives(comments: Comment[], index: LineIndex, text: string): Directive[] {
  const out: Directive[] = [];
  const nextContentLine = contentLines(index, text, comments);
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const kind = m[1] ? 'file' : 'line';
    let rest = m[2]!.trim();
    let reason = '';
    const sep = /\s--\s?|\s?--$|:/.exec(rest);
    if (sep) {
      reason = rest.slice(sep.index + sep[0].length).trim();
      rest = rest.slice(0, sep.index);
    }
    const ids = rest.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    const commentLine = index.position(c.start).line;
    const targetLine = kind === 'line' && !c.trailing ? nextContentLine(commentLine) : commentLine;
    // the quick fix's placeholder left as it was inserted is no reason
    const placeholder = reason.toLowerCase() === PLACEHOLDER_REASON;
    const bidi = BIDI.exec(c.text)?.[0];
    const hidden = bidi && `U+${bidi.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    out.push({ kind, ids, reason: placeholder ? '' : reason, comment: c, targetLine, ...(placeholder ? { placeholder } : {}), ...(hidden ? { hidden } : {}) });
  }
  return out;
}

/**
 * The first line after a given line that is neither blank nor only a comment. Each line is looked
 * at once however many directives ask (a run of directive lines would otherwise be walked once per line).
 */
export function contentLines(index: LineIndex, text: string, comments: Comment[]): (line: number) => number {
  let commentLines: Set<number> | undefined;
  const memo = new Map<number, number>();
  return (line) => {
    commentLines ??= new Set(comments.filter((c) => !c.trailing).map((c) => index.position(c.start).line));
    const walked: number[] = [];
    let found = -1;
    for (let l = line + 1; l < index.lineCount; l++) {
      const known = memo.get(l);
      if (known !== undefined) {
        found = known;
        break;
      }
      walked.push(l);
      if (!commentLines.has(l) && text.slice(index.lineStart(l), index.lineEnd(l)).trim() !== '') {
        found = l;
        break;
      }
    }
    for (const l of walked) memo.set(l, found);
    return found < 0 ? line + 1 : found;
  };
}

/** The test of one suppression id: a glob when it has `*`, else the exact rule id (case-insensitive). */
function idMatcher(pattern: string): (ruleId: string) => boolean {
  if (pattern.includes('*')) {
    const glob = nameGlob(pattern);
    return (ruleId) => glob.test(ruleId);
  }
  const upper = pattern.toUpperCase();
  return (ruleId) => ruleId.toUpperCase() === upper;
}

/**
 * Marks findings as suppressed and reports directives (or ids in them) that suppress nothing.
 * A finding is covered by a line directive when the directive's target line lies within the
 * finding's lines (so a comment above a multi-line XML element covers it), or when the finding lies
 * within the comment's scope (a comment above a YAML task covers the task).
 */
export function applySuppressions(
  findings: Finding[],
  directives: Directive[],
  knownRuleIds: (id: string) => boolean,
  /** former ids of a rule (a directive naming one covers the rule) */
  aliasesOf: (ruleId: string) => readonly string[] = () => [],
): ToolDiagnostic[] {
  const used = new Map<Directive, Set<string>>();
  const { read, over } = withinCap(directives);
  const matchers = new Map(read.map((d) => [d, d.ids.map(idMatcher)]));
  /** the directives naming each rule id, and the id that names it: worked out once per rule id, not per finding */
  const byRule = new Map<string, [Directive, string][]>();
  for (const f of findings) {
    let naming = byRule.get(f.ruleId);
    if (!naming) {
      naming = [];
      const names = [f.ruleId, ...aliasesOf(f.ruleId)];
      for (const d of read) {
        const at = matchers.get(d)!.findIndex((m) => names.some(m));
        if (at >= 0) naming.push([d, d.ids[at]!]);
      }
      byRule.set(f.ruleId, naming);
    }
    for (const [d, matching] of naming) {
      const scope = d.comment.scope;
      const inScope = !!scope && scope.start <= f.start && f.end <= scope.end;
      if (d.kind === 'line' && !inScope && !(f.line <= d.targetLine && d.targetLine <= f.endLine)) continue;
      if (!f.suppressed) f.suppressed = { kind: d.kind, reason: d.reason, start: d.comment.start, end: d.comment.end };
      let set = used.get(d);
      if (!set) used.set(d, (set = new Set()));
      set.add(matching);
    }
  }
  const problems: ToolDiagnostic[] = [];
  if (over) problems.push(over);
  for (const d of read) {
    if (d.ids.length === 0) {
      problems.push({
        code: 'VH-UNUSED-SUPPRESSION',
        start: d.comment.start,
        end: d.comment.end,
        severity: 'low',
        message: 'vharden-ignore names no rule id; write `vharden-ignore RULE_ID -- reason`.',
        locator: `suppression:${d.comment.text.trim()}`,
      });
      continue;
    }
    for (const id of d.ids) {
      if (used.get(d)?.has(id)) continue;
      const tooLong = globProblem(id);
      if (tooLong) {
        problems.push({ code: 'VH-UNUSED-SUPPRESSION', start: d.comment.start, end: d.comment.end, severity: 'low', message: `vharden-ignore names a rule id that is not used: ${tooLong}.`, locator: `suppression:${d.kind}:too-long` });
        continue;
      }
      const unknown = !id.includes('*') && !knownRuleIds(id);
      problems.push({
        code: 'VH-UNUSED-SUPPRESSION',
        start: d.comment.start,
        end: d.comment.end,
        severity: 'low',
        message: unknown
          ? `vharden-ignore names ${id}, which is not a vharden rule.`
          : d.kind === 'file'
            ? `vharden-ignore-file ${id} suppresses nothing: the rule reports nothing in this file.`
            : `vharden-ignore ${id} suppresses nothing on line ${d.targetLine + 1}.`,
        locator: `suppression:${d.kind}:${id}`,
      });
    }
  }
  return problems;
}

const isGlob = (id: string): boolean => id.includes('*') || id.includes('?');

/** A file-wide wildcard (`vharden-ignore-file *`, `VMX-*`) without a reason: it suppresses nothing. */
export function isUnreasonedWildcard(d: Directive): boolean {
  return d.kind === 'file' && d.reason === '' && d.ids.some(isGlob);
}

/** Directives that suppress nothing because of a bidirectional control character (see `Directive.hidden`). */
export function hiddenProblems(directives: Directive[]): ToolDiagnostic[] {
  return directives
    .filter((d) => d.hidden)
    .map((d) => ({
      code: 'VH-UNUSED-SUPPRESSION',
      start: d.comment.start,
      end: d.comment.end,
      severity: 'low' as const,
      message: `This ${d.kind === 'file' ? 'vharden-ignore-file' : 'vharden-ignore'} comment holds ${d.hidden}, a character that changes the order in which text is shown, so it may not read as the waiver it is; it suppresses nothing. Delete the character.`,
      locator: `suppression:${d.kind}:hidden`,
    }));
}

/**
 * Directives without a reason, as VH-SUPPRESSION-NO-REASON: a waiver nobody can review. A file-wide
 * wildcard without one is not applied at all (see `isUnreasonedWildcard`), and the message says so.
 */
export function reasonProblems(directives: Directive[]): ToolDiagnostic[] {
  const out: ToolDiagnostic[] = [];
  for (const d of directives) {
    if (d.reason !== '' || d.ids.length === 0 || d.hidden) continue;
    const names = d.ids.join(', ');
    const directive = d.kind === 'file' ? 'vharden-ignore-file' : 'vharden-ignore';
    out.push({
      code: 'VH-SUPPRESSION-NO-REASON',
      start: d.comment.start,
      end: d.comment.end,
      severity: 'low',
      message: d.placeholder
        ? `${directive} ${names} still has the placeholder reason "${PLACEHOLDER_REASON}"${isUnreasonedWildcard(d) ? ', so it suppresses nothing' : ''}; replace it with why this is acceptable, so reviews and reports show it.`
        : isUnreasonedWildcard(d)
        ? `${directive} ${names} has no reason, so it suppresses nothing: a file-wide wildcard needs one (\`${directive} ${names} -- why this is acceptable\`).`
        : `${directive} ${names} has no reason; write \`${directive} ${names} -- why this is acceptable\` so reviews and reports show it.`,
      locator: `suppression-reason:${d.kind}:${names}`,
    });
  }
  return out;
}

/** The directives within MAX_SUPPRESSION_IDS rule ids, and one diagnostic at the first one past the cap. */
function withinCap(directives: Directive[]): { read: Directive[]; over?: ToolDiagnostic } {
  let ids = 0;
  for (let i = 0; i < directives.length; i++) {
    ids += directives[i]!.ids.length;
    if (ids <= MAX_SUPPRESSION_IDS) continue;
    const first = directives[i]!;
    return {
      read: directives.slice(0, i),
      over: {
        code: 'VH-UNUSED-SUPPRESSION',
        start: first.comment.start,
        end: first.comment.end,
        severity: 'low',
        message: `This file names more than ${MAX_SUPPRESSION_IDS} rule ids in vharden-ignore comments; this comment and the ${directives.length - i - 1} after it are not read.`,
        locator: 'suppression:too-many',
      },
    };
  }
  return { read: directives };
}
