import type { Report } from '../../server/out/service/index';

/** What the expected-extraction fixtures hold of a report: everything a reader states, no offsets. */
export function extractionOf(report: Report) {
  return {
    kind: report.kind,
    authority: report.authority,
    inspection: report.inspection,
    published: report.published,
    leadInspector: report.leadInspector,
    judgements: report.judgements.map(({ subject, grade, label }) => ({ subject, grade, label })),
    recommendations: report.recommendations.map(({ text, timeframe, subject }) => ({
      text,
      ...(timeframe ? { timeframe } : {}),
      ...(subject ? { subject } : {}),
    })),
  };
}
