import type { Range } from './model';
import { digestReport } from './features/digest';
import type { ParsedReport } from './report';

/** One report as `inspection-lens analyze --json` prints it: offsets become LSP ranges. */
export interface ReportJson {
  file: string;
  kind: string;
  authority: string | null;
  inspection: { start: string | null; end: string | null };
  published: string | null;
  leadInspector: string | null;
  judgements: Array<{ subject: string; grade: string; label: string; range: Range }>;
  recommendations: Array<{ text: string; timeframe?: string; subject?: string; range: Range }>;
  findings: Array<{ text: string; section: string; themes: string[]; stance: string; range: Range }>;
  dates: Array<{ text: string; value: string; kind: string; range: Range }>;
  diagnostics: Array<{ code: string; slug: string; severity: string; message: string; range: Range }>;
}

/** The report's digest (the index keeps the same), with the lead inspector, dates and diagnostics. */
export function toJson(file: string, report: ParsedReport): ReportJson {
  const range = report.source.rangeOf.bind(report.source);
  const digest = digestReport(report);
  return {
    file,
    kind: digest.kind,
    authority: digest.authority,
    inspection: digest.inspection,
    published: digest.published,
    leadInspector: report.leadInspector,
    judgements: digest.judgements,
    recommendations: digest.recommendations,
    findings: digest.findings,
    dates: report.dates.map(({ span, ...rest }) => ({ ...rest, range: range(span) })),
    diagnostics: report.diagnostics.map(({ code, slug, severity, message, span }) => ({ code, slug, severity, message, range: range(span) })),
  };
}
