import type { Range } from 'vscode-languageserver-types';
import type { Grade, ReportKind, Stance, Timeframe } from '../model';
import type { ParsedReport } from '../report';
import type { Coding } from './annotationFeatures';

/**
 * What the workspace index keeps of each report: enough for workspace symbols, similar
 * findings and the theme tree, with ranges already computed, and nothing that cannot be
 * written to the index cache as JSON. A parsed report keeps its whole text; a digest does not.
 */
export interface ReportDigest {
  kind: ReportKind;
  authority: string | null;
  inspection: { start: string | null; end: string | null };
  published: string | null;
  judgements: Array<{ subject: string; grade: Grade; label: string; range: Range }>;
  recommendations: Array<{ text: string; timeframe?: Timeframe; subject?: 'lscb'; range: Range }>;
  /** `coded`: a quality assurer's tags on the finding (in the theme tree; not in the index cache). */
  findings: Array<{ text: string; section: string; themes: string[]; stance: Stance; range: Range; coded?: Coding }>;
}

export function digestReport(report: ParsedReport): ReportDigest {
  const range = report.source.rangeOf.bind(report.source);
  return {
    kind: report.kind,
    authority: report.authority,
    inspection: report.inspection,
    published: report.published,
    judgements: report.judgements.map(({ subject, grade, label, span }) => ({ subject, grade, label, range: range(span) })),
    recommendations: report.recommendations.map(({ span, ...rest }) => ({ ...rest, range: range(span) })),
    findings: report.findings.map(({ span, ...rest }) => ({ ...rest, range: range(span) })),
  };
}

/** The year a report speaks for: its inspection's, else its publication's. */
export function yearOf(digest: Pick<ReportDigest, 'inspection' | 'published'>): string | null {
  return (digest.inspection.end ?? digest.inspection.start ?? digest.published)?.slice(0, 4) ?? null;
}
