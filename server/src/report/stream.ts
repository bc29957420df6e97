import type { FileResult } from '../engine/engine';
import type { ScanOutcome } from '../node/run-scan';
import type { ScanResult } from '../node/scan';
import { countFindings, jsonDocument, jsonFindings, type FindingCounts } from './json';
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
    return arrayStream(
      write,
      (o, items) => jsonDocument(o.result, opts.version, items, counts, stale(o), o.configuration),
      (files) => {
        countFindings(files, counts);
        return jsonFindings(files);
      },
    );
  }
  const driver = sarifRules({ docsUrl: opts.docsUrl });
  return arrayStream(
    write,
    (o, items) => sarifLog(o.result, opts.version, driver, items, stale(o), o.configuration),
    (files) => sarifResults(files, driver, opts.baseline ? [] : undefined),
  );
}

/** Stands for the streamed array in the document until the text is split around it. */
const MARK = '\u0000vharden-stream\u0000';
const MARK_TEXT = JSON.stringify(MARK);

/**
 * A JSON document (`JSON.stringify(doc, null, 2)`) whose one long array is written item by item:
 * `documentOf` builds the document with that array given (items the document adds after the
 * streamed ones, such as SARIF's absent baseline entries, follow them). The text before the array
 * must not depend on the scan (it is written first, from an empty outcome, and checked at the end).
 */
function arrayStream(write: (s: string) => void, documentOf: (o: ScanOutcome, items: unknown[]) => unknown, itemsOf: (files: FileResult[]) => unknown[]): ReportStream {
  const split = (o: ScanOutcome) => {
    const text = JSON.stringify(documentOf(o, [MARK]), null, 2) + '\n';
    const at = text.indexOf(MARK_TEXT);
    const open = text.lastIndexOf('[', at);
    return { head: text.slice(0, open + 1), indent: text.slice(text.lastIndexOf('\n', at) + 1, at), rest: text.slice(at + MARK_TEXT.length) };
  };
  const { head, indent } = split(EMPTY);
  write(head);
  let n = 0;
  return {
    files: (files) => {
      const items = itemsOf(files);
      if (!items.length) return;
      write(items.map((x) => `${n++ ? ',' : ''}\n${indent}${JSON.stringify(x, null, 2).replace(/\n/g, `\n${indent}`)}`).join(''));
    },
    end: (o) => {
      const last = split(o);
      if (last.head !== head) throw new Error('the start of a streamed report changed during the scan');
      // without streamed items, the array starts with what follows the mark, or is empty
      write(n ? last.rest : last.rest.startsWith(',') ? last.rest.slice(1) : last.rest.replace(/^\n *\]/, ']'));
    },
  };
}

const EMPTY_RESULT: ScanResult = { roots: [], files: [], visited: 0, checked: 0, ignored: 0, problems: [], notWritten: [], fixed: 0, cancelled: false, advisories: { updated: '', source: '', bundled: true }, stale: [], configUse: new Map(), profile: 'auto' };
const EMPTY: ScanOutcome = { result: EMPTY_RESULT, stale: [], configErrors: [], configuration: { files: [] }, baselineFiles: [] };
