import { type Diagnostic, DiagnosticSeverity, Location } from 'vscode-languageserver-types';
import type { ParsedReport } from '../report';
import { type ReportDigest, yearOf } from './digest';
import { shorten } from './outline';
import { reportTitle } from './workspaceSymbols';

/** A finding of another report that the index found like a query. */
export interface SimilarHit {
  uri: string;
  digest: ReportDigest;
  finding: number;
  score: number;
}

/** How alike two weaknesses must be to call one a recurrence of the other (the similarity's own scale). */
export const RECURRENCE_SCORE = 0.3;

/**
 * OFS040 recurring-weakness: a weakness in this report like one an earlier inspection of the
 * same authority reported — the question "has Ofsted said this about us before?". `similar`
 * answers a finding's text with the most similar findings of other reports.
 */
export function recurringWeaknesses(report: ParsedReport, similar: (text: string) => SimilarHit[]): Diagnostic[] {
  const authority = report.authority;
  const start = report.inspection.start ?? report.published;
  if (!authority || !start) return [];
  const diagnostics: Diagnostic[] = [];
  for (const finding of report.findings) {
    if (finding.stance !== 'weakness' && finding.stance !== 'mixed') continue;
    const earlier = similar(finding.text).find((hit) => hit.score >= RECURRENCE_SCORE && hit.digest.authority === authority && isEarlier(hit.digest, start));
    if (!earlier) continue;
    const previous = earlier.digest.findings[earlier.finding];
    diagnostics.push({
      range: report.source.rangeOf(finding.span),
      severity: DiagnosticSeverity.Information,
      code: 'OFS040',
      source: 'Inspection Lens',
      message: `A similar weakness was reported at ${authority}'s earlier inspection (${reportTitle(earlier.digest)}): "${shorten(previous.text, 120)}" (recurring-weakness)`,
      relatedInformation: [{ location: Location.create(earlier.uri, previous.range), message: `Reported in ${yearOf(earlier.digest) ?? 'an earlier inspection'}` }],
    });
  }
  return diagnostics;
}

function isEarlier(digest: ReportDigest, start: string): boolean {
  const other = digest.inspection.start ?? digest.published;
  return other !== null && other < start;
}
