import { findDates } from './dates';
import { checkReport } from './diagnostics';
import { readFindings } from './findings';
import { classifyDates, inspectionLength, isLetterKind, readAuthority, readInspectionDates, readLeadInspector, readPublished } from './header';
import { readJudgements } from './judgements';
import { detectKind, withInspectionLength } from './kind';
import { Layout } from './layout';
import type { DateMention, Report, ReportDiagnostic } from './model';
import { readRecommendations } from './recommendations';
import { bodyOf, findHeadings, readSections } from './sections';
import { ReportText } from './text';
import { type Codebook, classifyFindings, defaultCodebook } from './classify';

/** A parsed report with the text it was read from, for features that need positions. */
export interface ParsedReport extends Report {
  source: ReportText;
}

/**
 * Reads everything the service knows about one report. Never throws on any input: text that is
 * not a report gives a report of kind `unknown` with nothing in it.
 */
export interface ParseOptions {
  /** The codebook findings are themed with; the default children's services codebook if absent. */
  codebook?: Codebook;
}

export function parseReport(text: string, options: ParseOptions = {}): ParsedReport {
  const source = new ReportText(text);
  const layout = new Layout(source);
  const found = findDates(text);
  // The kind is read from the title once; only whether an ILACS inspection was short waits for
  // the inspection's dates, which in letters depend on the kind.
  const framework = detectKind(text);
  classifyDates(source, found, isLetterKind(framework));
  const inspectionDates = readInspectionDates(found);
  const kind = withInspectionLength(framework, inspectionLength(inspectionDates));
  const { judgements, readings } = readJudgements(source, kind);
  const lscb = readings.filter((reading) => reading.subject === 'lscb').pop();
  const recommendations = readRecommendations(layout, lscb?.span.start);
  const body = bodyOf(source.lines, isLetterKind(kind));
  const headings = findHeadings(layout, readings, body);
  const findings = readFindings(layout, headings, recommendations.map((r) => r.span), body.to);
  const dates: DateMention[] = found.map(({ text: printed, value, kind: dateKind, span }) => ({ text: printed, value, kind: dateKind, span }));
  const report: ParsedReport = {
    source,
    kind,
    authority: readAuthority(source),
    inspection: inspectionDates,
    published: readPublished(found),
    leadInspector: readLeadInspector(source),
    judgements,
    recommendations,
    findings,
    dates,
    sections: readSections(layout, headings),
    diagnostics: [],
  };
  // Themes and stance are read when the findings are first asked for, and diagnostics when they
  // are: an edit that only needs the outline or the judgements does not pay for them.
  let classified = false;
  Object.defineProperty(report, 'findings', {
    enumerable: true,
    get: () => {
      if (!classified) classifyFindings(findings, options.codebook ?? defaultCodebook());
      classified = true;
      return findings;
    },
  });
  let diagnostics: ReportDiagnostic[] | undefined;
  Object.defineProperty(report, 'diagnostics', {
    enumerable: true,
    get: () => (diagnostics ??= checkReport(report, { readings, found, layout })),
  });
  return report;
}

/** Whether the text reads as an Ofsted report at all: a known kind, or judgements, recommendations or inspection dates. */
export function looksLikeReport(report: Report): boolean {
  return report.kind !== 'unknown' || report.judgements.length > 0 || report.recommendations.length > 0 || report.inspection.start !== null;
}
