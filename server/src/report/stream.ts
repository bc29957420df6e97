import type { FileResult } from '../engine/engine';
import type { ScanOutcome } from '../node/run-scan';
import type { ScanResult } from '../node/scan';
import { countFindings, jsonDocument, jsonFindings, type FindingCounts } from './json';
import { ReadFiles } from './read-files';
import { profileTally } from '../engine/context';
import { sarifLog, sarifResults, sarifRules } from './sarif';

export const STREAMED_FORMATS = ['json', 'sarif', 'jsonl'] as const;
export type StreamedFormat = (typeof STREAMED_FORMATS)[number];

/** A report written while the scan runs: `files` with each group of results as it is judged, then `end` once. */
export interface ReportStream {
  files(files: FileResult[]): void;
  end(outcome: ScanOutcome): void;
}

export interface StreamOptions {
  version: string;
  /** a baseline was named: SARIF results carry `baselineState`, reports list stale entries */
  baseline: boolean;
  /** https base URL of the published rule docs: SARIF rules then carry `helpUri` */
  docsUrl?: string;
}

/**
 * Open a JSON, SARIF or JSON Lines report that goes to `write` piece by piece: the findings of each
 * group as it comes (nothing of them is kept), what needs the whole scan at the end. The text is
 * the same as `renderReport` gives for the whole outcome (it is written through this stream).
 */
export function openReport(format: StreamedFormat, opts: StreamOptions, write: (s: string) => void): ReportStream {
  if (format === 'jsonl') {
    return {
      files: (files) => {
        const lines = jsonFindings(files).map((f) => JSON.stringify(f) + '\n');
        if (lines.length) write(lines.join(''));
      },
      end: () => {},
    };
  }
  const stale = (o: ScanOutcome) => (opts.baseline ? o.stale : undefined);
  if (format === 'json') {
    const counts: FindingCounts = { findings: 0, suppressed: 0, baselined: 0 };
    // the files as they pass, for what the end says of them: the paths read and the profile summary
    const read = new ReadFiles();
    return arrayStream(
      write,
      (o, items) => jsonDocument(o.result, opts.version, items, counts, { read: [LAST_MARK], profile: read.profile(o.result.profile) }, stale(o), o.configuration),
      (files) => {
        countFindings(files, counts);
        read.add(files);
        return jsonFindings(files);
      },
      () => read.shown(),
    );
  }
  const driver = sarifRules({ docsUrl: opts.docsUrl });
  // a SARIF log lists no paths read: only the profile summary is counted as the files pass
  const profiles = profileTally();
  return arrayStream(
    write,
    (o, items) => sarifLog(o.result, opts.version, driver, items, profiles.summary(o.result.profile), stale(o), o.configuration),
    (files) => {
      profiles.add(files);
      return sarifResults(files, driver, opts.baseline ? [] : undefined);
    },
  );
}

/** Stand for the streamed array and the one written at the end in the document until the text is split around them. */
const MARK = '\u0000vharden-stream\u0000';
const MARK_TEXT = JSON.stringify(MARK);
const LAST_MARK = '\u0000vharden-stream-last\u0000';
const LAST_MARK_TEXT = JSON.stringify(LAST_MARK);

/** Items of the array written at the end per write (one write per path would be a system call each). */
const LAST_BATCH = 1000;

/**
 * A JSON document (`JSON.stringify(doc, null, 2)`) whose one long array is written item by item:
 * `documentOf` builds the document with that array given (items the document adds after the
 * streamed ones, such as SARIF's absent baseline entries, follow them). The text before the array
 * must not depend on the scan (it is written first, from an empty outcome, and checked at the end).
 * `last`: the items of an array after it that only the end knows (the JSON report's `read` list,
 * a path per file), which `documentOf` holds as `[LAST_MARK]`: written a batch at a time too, so
 * the end never holds the text of all of them.
 */
function arrayStream(write: (s: string) => void, documentOf: (o: ScanOutcome, items: unknown[]) => unknown, itemsOf: (files: FileResult[]) => unknown[], last?: () => Iterable<unknown>): ReportStream {
  const split = (o: ScanOutcome) => around(JSON.stringify(documentOf(o, [MARK]), null, 2) + '\n', MARK_TEXT);
  const { head, indent } = split(EMPTY);
  write(head);
  let n = 0;
  return {
    files: (files) => {
      const items = itemsOf(files);
      if (!items.length) return;
      write(items.map((x) => itemText(x, indent, n++ === 0)).join(''));
    },
    end: (o) => {
      const doc = split(o);
      if (doc.head !== head) throw new Error('the start of a streamed report changed during the scan');
      const rest = closing(doc.rest, n);
      if (!last) {
        write(rest);
        return;
      }
      const tail = around(rest, LAST_MARK_TEXT);
      write(tail.head);
      let m = 0;
      let batch: string[] = [];
      for (const x of last()) {
        batch.push(itemText(x, tail.indent, m++ === 0));
        if (batch.length === LAST_BATCH) {
          write(batch.join(''));
          batch = [];
        }
      }
      write(batch.join('') + closing(tail.rest, m));
    },
  };
}

/** `text` around the string `mark` (its JSON text): up to the `[` of its array, the indent of the array's items, what follows the mark. */
function around(text: string, mark: string): { head: string; indent: string; rest: string } {
  const at = text.indexOf(mark);
  const open = text.lastIndexOf('[', at);
  return { head: text.slice(0, open + 1), indent: text.slice(text.lastIndexOf('\n', at) + 1, at), rest: text.slice(at + mark.length) };
}

/** One item of an array as `JSON.stringify(doc, null, 2)` writes it. */
function itemText(x: unknown, indent: string, first: boolean): string {
  return `${first ? '' : ','}\n${indent}${JSON.stringify(x, null, 2).replace(/\n/g, `\n${indent}`)}`;
}

/** What follows a mark once `n` items took its place: without any, the array starts with what follows the mark, or is empty. */
function closing(rest: string, n: number): string {
  return n ? rest : rest.startsWith(',') ? rest.slice(1) : rest.replace(/^\n *\]/, ']');
}

const EMPTY_RESULT: ScanResult = { roots: [], files: [], visited: 0, checked: 0, ignored: 0, problems: [], notWritten: [], fixed: 0, cancelled: false, advisories: { updated: '', source: '', bundled: true }, stale: [], configUse: new Map(), profile: 'auto' };
const EMPTY: ScanOutcome = { result: EMPTY_RESULT, stale: [], configErrors: [], configuration: { files: [] }, baselineFiles: [] };
