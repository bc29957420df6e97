import { jsonReport } from './json';
import { sarifReport } from './sarif';
import { textReport } from './text';
import type { ScanOutcome } from '../node/run-scan';
import { htmlReport } from './html';
import { markdownReport } from './markdown';
import { buildReportModel } from './model';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'html', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Render a scan outcome in any report format; the CLI and the language server both call this. */
export function renderReport(format: ReportFormat, outcome: ScanOutcome, opts: { version: string; baseline: boolean; color?: boolean; showSuppressed?: boolean; docsUrl?: string }): string {
  const { result } = outcome;
  const stale = opts.baseline ? outcome.stale : undefined;
  switch (format) {
    case 'sarif':
      return sarifReport(result, opts.version, stale, outcome.configuration, { docsUrl: opts.docsUrl });
    case 'json':
      return jsonReport(result, opts.version, stale, outcome.configuration);
    case 'text':
      return textReport(result, { color: !!opts.color, showSuppressed: opts.showSuppressed, staleBaseline: stale, configuration: outcome.configuration });
    case 'html':
    case 'markdown': {
      const host = outcome.host ? { root: outcome.host.root, absent: outcome.host.absent } : undefined;
      const model = buildReportModel(result, { version: opts.version, host, staleBaseline: outcome.stale, configuration: outcome.configuration, snippets: true });
      return format === 'html' ? htmlReport(model) : markdownReport(model);
    }
  }
}
