import { DIAGNOSTIC_CODES } from './diagnostics';
import type { Range } from './model';
import { digestReport } from './features/digest';
import type { ParsedReport } from './report';
import type { Anchored } from './anchoring';
import { type AnnotationView, annotationDiagnostics, annotationViews } from './features/annotationFeatures';

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
  /** A quality assurer's annotations, when the report has an annotation file: `range` is null for one that can no longer be placed. */
  annotations?: AnnotationView[];
}

/** A report's annotations placed in its text, with theme labels and why the file could not be read. */
export interface AnnotationsForJson {
  anchored: Anchored[];
  themeLabel: (id: string) => string;
  problem?: string;
}

/** The report's digest (the index keeps the same), with the lead inspector, dates and diagnostics. */
export function toJson(file: string, report: ParsedReport, annotations?: AnnotationsForJson): ReportJson {
  const range = report.source.rangeOf.bind(report.source);
  const digest = digestReport(report);
  const json: ReportJson = {
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
  if (!annotations) return json;
  // Annotations that can no longer be placed (OFS050) and an unreadable file (OFS051) are diagnostics too.
  for (const diagnostic of annotationDiagnostics(report, annotations.anchored, annotations.themeLabel, annotations.problem)) {
    const code = String(diagnostic.code) as 'OFS050' | 'OFS051';
    const { slug, severity } = DIAGNOSTIC_CODES[code];
    json.diagnostics.push({ code, slug, severity, message: diagnostic.message, range: diagnostic.range });
  }
  return { ...json, annotations: annotationViews(report, annotations.anchored, annotations.themeLabel) };
}
