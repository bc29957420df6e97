import { textReport } from './text';
import type { ScanOutcome } from '../node/run-scan';
import { htmlReport } from './html';
import { markdownReport } from './markdown';
import { buildReportModel } from './model';
import { openReport } from './stream';
import { hdfReport } from './hdf';
import type { RuleSetting } from '../engine/config';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'jsonl', 'html', 'markdown', 'hdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Render a scan outcome in any report format; the CLI and the language server both call this. */
export function renderReport(format: ReportFormat, outcome: ScanOutcome, opts: { version: string; baseline: boolean; color?: boolean; showSuppressed?: boolean; docsUrl?: string; rules?: Record<string, RuleSetting> }): string {
  const { result } = outcome;
  const stale = opts.baseline ? outcome.stale : undefined;
  switch (format) {
    case 'sarif':
    case 'json':
    case 'jsonl': {
      // the text a streamed report writes, all at once
      const out: string[] = [];
      const report = openReport(format, { version: opts.version, baseline: opts.baseline, docsUrl: opts.docsUrl }, (s) => out.push(s));
      report.files(result.files);
      report.end(outcome);
      return out.join('');
    }
    case 'text':
      return textReport(result, { color: !!opts.color, showSuppressed: opts.showSuppressed, staleBaseline: stale, configuration: outcome.configuration });
    case 'html':
    case 'markdown': {
      const host = outcome.host ? { root: outcome.host.root, absent: outcome.host.absent } : undefined;
      const model = buildReportModel(result, { version: opts.version, host, staleBaseline: outcome.stale, configuration: outcome.configuration, snippets: true });
      return format === 'html' ? htmlReport(model) : markdownReport(model);
    }
    case 'hdf':
      return hdfReport(outcome, { version: opts.version, rules: opts.rules });
  }
}
