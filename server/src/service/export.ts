/**
 * Export of quality assurers' coding: a CSV of coded findings across reports, for spreadsheets and
 * qualitative-analysis tools, and a Markdown action plan built from one report's recommendations
 * and the findings that support them.
 *
 * Both take annotations already placed in the report's current text (an `AnchoredAnnotation`
 * whose span is null could not be placed): anchoring and reading annotation files happen
 * elsewhere, so these stay pure and give the same text in the editor, on the command line and in
 * tests.
 */
import { type Annotation, type ThemeBody, memosOf, positionSelector, quoteSelector, statusOf } from './annotations';
import { KIND_NAMES, formatDate, formatInspection } from './describe';
import type { Finding, Recommendation, Section, Span, Timeframe } from './model';
import type { ParsedReport } from './report';
import { shorten } from './features/outline';
import { SupportIndex } from './support';

/** An annotation and where it sits in the report's current text; `span` null when it could not be placed. */
export interface AnchoredAnnotation {
  annotation: Annotation;
  span: Span | null;
}

export interface CodedReport {
  /** How the report is named in the export, such as its path relative to the workspace. */
  file: string;
  report: ParsedReport;
  annotations: AnchoredAnnotation[];
}

/** The CSV's columns. `theme id` beside the label keeps a row's theme stable when a codebook renames it. */
export const CODED_FINDINGS_COLUMNS = ['report', 'authority', 'inspection date', 'section', 'theme', 'theme id', 'quote', 'memo', 'status', 'coder'] as const;

/** The section of an annotation that could no longer be placed in the report's text. */
export const NOT_FOUND_SECTION = '(not found in the current text)';

/**
 * Put at the start of a CSV file (not of the CSV printed to a terminal): without it Excel reads
 * a CSV file as Windows-1252, and every curly quote and accented name in a report's text comes
 * out as mojibake ("childrenâ€™s"). LibreOffice, pandas and R ignore it.
 */
export const UTF8_BYTE_ORDER_MARK = '\ufeff';

/**
 * The coded findings as CSV (RFC 4180: comma-separated, CRLF after every row, a header row, a field
 * quoted when it holds a comma, a double quote or a line break). One row per annotation and theme;
 * an annotation with no theme (only memos or a status) gives one row with the theme left empty.
 * The inspection date is ISO 8601 (`2021-03-09/2021-03-10`), or the publication or letter date
 * when the report states no inspection dates; the section is that of the finding the passage
 * starts in (else of the heading above it); the quote is the passage as it now reads, on one
 * line; memos are joined with " | "; the status is `unreviewed`, `agreed` or `disputed`, with the
 * reason after a colon; the coder is whoever added the row's theme (for a row without a theme,
 * everyone who wrote on the annotation).
 * Rows follow the reports in the order given, then the annotations' places in each report; those
 * that could not be placed come last, with the section {@link NOT_FOUND_SECTION} and the words
 * they were made on, so that nothing coded is lost from the export.
 *
 * A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe,
 * so that a spreadsheet shows it as text rather than running it as a formula (CSV injection);
 * a memo "-ve feedback" is exported as "'-ve feedback".
 */
export function codedFindingsCsv(reports: CodedReport[], themeLabel: (id: string) => string): string {
  const rows: string[][] = [[...CODED_FINDINGS_COLUMNS]];
  for (const coded of reports) rows.push(...codedRows(coded, themeLabel));
  return rows.map((cells) => cells.map(csvField).join(',') + '\r\n').join('');
}

/**
 * An action plan in Markdown: a heading naming the authority, the kind of report and the
 * inspection's dates; then each recommendation, numbered in the report's order (with its
 * timeframe, and marked when addressed to the Local Safeguarding Children Board), any coding of
 * the recommendation itself, the findings that support it (by the `SupportIndex`, as the hover
 * and code lens show them) quoted with their section and line, the quality assurers' coding of
 * those findings, and an empty table of actions, owners and dates for the reviewer to fill in.
 * Annotations that could not be placed are counted, not shown.
 */
export function actionPlanMarkdown(coded: CodedReport, themeLabel: (id: string) => string): string {
  const { report } = coded;
  const lines = [`# Action plan: ${escapeMarkdown(planTitle(report))}`, '', ...planIntroduction(coded)];
  const support = new SupportIndex(report.findings);
  const placed = placedInOrder(coded.annotations);
  report.recommendations.forEach((recommendation, i) => {
    lines.push('', ...recommendationPlan(report, recommendation, i + 1, support.supporting(recommendation), placed, themeLabel));
  });
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// The CSV

function codedRows(coded: CodedReport, themeLabel: (id: string) => string): string[][] {
  const { report } = coded;
  const shared = [coded.file, report.authority ?? '', inspectionDate(report)];
  return inReportOrder(coded.annotations).flatMap(({ annotation, span }) => {
    const section = span ? sectionAt(report, span) : NOT_FOUND_SECTION;
    const quote = oneLine(span ? report.source.text.slice(span.start, span.end) : quoteSelector(annotation).exact);
    const after = [quote, memoText(annotation), statusText(annotation)];
    const themes = themeBodies(annotation);
    if (themes.length === 0) return [[...shared, section, '', '', ...after, codersOf(annotation)]];
    return themes.map((theme) => [...shared, section, themeLabel(theme.value), theme.value, ...after, theme.creator.name]);
  });
}

/** The inspection's dates as ISO 8601 (an interval when it ran over several days), or the publication or letter date when they are not stated. */
function inspectionDate(report: ParsedReport): string {
  const { start, end } = report.inspection;
  if (start) return end && end !== start ? `${start}/${end}` : start;
  return report.published ?? '';
}

/** Placed annotations by position in the text, then those that could not be placed by where they last were. */
function inReportOrder(annotations: AnchoredAnnotation[]): AnchoredAnnotation[] {
  const orphaned = annotations.filter((a) => a.span === null);
  const lastPlace = (a: AnchoredAnnotation) => positionSelector(a.annotation);
  orphaned.sort((a, b) => lastPlace(a).start - lastPlace(b).start || lastPlace(a).end - lastPlace(b).end || compare(a.annotation.id, b.annotation.id));
  return [...placedInOrder(annotations), ...orphaned];
}

type Placed = AnchoredAnnotation & { span: Span };

function placedInOrder(annotations: AnchoredAnnotation[]): Placed[] {
  const placed = annotations.filter((a): a is Placed => a.span !== null);
  return placed.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || compare(a.annotation.id, b.annotation.id));
}

/** The section of the finding the passage starts in, or else of the innermost heading's section around it. */
function sectionAt(report: ParsedReport, span: Span): string {
  const finding = report.findings.find((f) => f.span.start <= span.start && span.start < f.span.end) ?? report.findings.find((f) => overlaps(f.span, span));
  if (finding) return finding.section;
  return innermostSection(report.sections, span.start)?.title ?? '';
}

function innermostSection(sections: Section[], offset: number): Section | undefined {
  const section = sections.find((s) => s.span.start <= offset && offset < s.span.end);
  return section && (innermostSection(section.children, offset) ?? section);
}

function themeBodies(annotation: Annotation): ThemeBody[] {
  return annotation.body.filter((b): b is ThemeBody => b.purpose === 'tagging');
}

function memoText(annotation: Annotation): string {
  return memosOf(annotation)
    .map((memo) => memo.value)
    .join(' | ');
}

/** `unreviewed` when no one has set a status; a dispute's reason after a colon. */
function statusText(annotation: Annotation): string {
  const status = statusOf(annotation);
  if (!status) return 'unreviewed';
  return status.reason ? `${status.value}: ${status.reason}` : status.value;
}

/** Everyone who wrote on an annotation with no theme, or the annotation's creator when it holds nothing. */
function codersOf(annotation: Annotation): string {
  const names = new Set(annotation.body.map((b) => b.creator.name));
  return names.size ? [...names].join('; ') : annotation.creator.name;
}

function csvField(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// ---------------------------------------------------------------------------------------------
// The action plan

const TIMEFRAMES: Record<Timeframe, string> = {
  immediately: 'Immediately',
  'within-3-months': 'Within three months',
  'within-6-months': 'Within six months',
};

function planTitle(report: ParsedReport): string {
  const dates = formatInspection(report.inspection) ?? (report.published ? formatDate(report.published) : 'dates not stated');
  return `${report.authority ?? 'Authority not stated'}, ${KIND_NAMES[report.kind]}, ${dates}`;
}

function planIntroduction(coded: CodedReport): string[] {
  const { report } = coded;
  const source = `Report: ${escapeMarkdown(coded.file)}${report.published ? `, published ${formatDate(report.published)}` : ''}.`;
  const lines = [source, ''];
  const count = report.recommendations.length;
  if (count === 0) lines.push('The report makes no recommendations, so there is nothing to plan from it.');
  else {
    const what = count === 1 ? 'recommendation, with' : `${count} recommendations, each with`;
    lines.push(`The report's ${what} the findings that support it and the quality assurers' coding of those findings. Fill in the actions, who owns them and by when.`);
  }
  const orphaned = coded.annotations.filter((a) => a.span === null).length;
  if (orphaned === 1) lines.push('', "1 annotation could not be placed in the report's current text, so it is not in this plan; the CSV export of coded findings keeps it.");
  if (orphaned > 1) lines.push('', `${orphaned} annotations could not be placed in the report's current text, so they are not in this plan; the CSV export of coded findings keeps them.`);
  return lines;
}

function recommendationPlan(report: ParsedReport, recommendation: Recommendation, n: number, supporting: Finding[], placed: Placed[], themeLabel: (id: string) => string): string[] {
  const lines = [`## Recommendation ${n}${recommendation.subject === 'lscb' ? ' (LSCB)' : ''}`, '', escapeMarkdown(recommendation.text), ...recommendationNotes(recommendation)];
  const onRecommendation = codingOf(report, recommendation, placed, themeLabel);
  if (onRecommendation.length) lines.push('', 'Quality assurance of the recommendation:', '', ...onRecommendation);
  lines.push('', '### Supporting findings', '');
  if (supporting.length === 0) lines.push('No finding in the report was matched to this recommendation.');
  supporting.forEach((finding, i) => lines.push(...(i ? [''] : []), ...supportingFinding(report, finding, i + 1, placed, themeLabel)));
  lines.push('', '### Actions', '', '| Action | Owner | By when | Progress |', '| --- | --- | --- | --- |', '|  |  |  |  |');
  return lines;
}

function recommendationNotes(recommendation: Recommendation): string[] {
  const notes: string[] = [];
  if (recommendation.timeframe) notes.push(`Timeframe: ${TIMEFRAMES[recommendation.timeframe]}.`);
  if (recommendation.subject === 'lscb') notes.push('Addressed to the Local Safeguarding Children Board.');
  return notes.length ? ['', notes.join(' ')] : [];
}

/** A finding as a numbered item: its section and line, the finding quoted, then its coding. */
function supportingFinding(report: ParsedReport, finding: Finding, n: number, placed: Placed[], themeLabel: (id: string) => string): string[] {
  const line = report.source.positionAt(finding.span.start).line + 1;
  const marker = `${n}. `;
  // The quote and the coding are indented to the item's text, so that they belong to the item.
  const indent = ' '.repeat(marker.length);
  const lines = [`${marker}${escapeMarkdown(finding.section)}, line ${line}:`, '', `${indent}> ${escapeMarkdown(finding.text)}`];
  const coding = codingOf(report, finding, placed, themeLabel);
  if (coding.length) lines.push('', ...coding.map((item) => indent + item));
  return lines;
}

/** A bullet for each annotation overlapping the passage: the words tagged, then its themes, status, memos and who wrote them. */
function codingOf(report: ParsedReport, passage: { text: string; span: Span }, placed: Placed[], themeLabel: (id: string) => string): string[] {
  return placed.filter(({ span }) => overlaps(span, passage.span)).map(({ annotation, span }) => {
    const quoted = oneLine(report.source.text.slice(span.start, span.end));
    // Theme labels may hold commas ("The front door, MASH and thresholds"), so semicolons part them.
    const themes = themeBodies(annotation).map((theme) => escapeMarkdown(themeLabel(theme.value)));
    const memos = memosOf(annotation).map((memo) => escapeMarkdown(memo.value));
    const parts = [
      quoted === oneLine(passage.text) ? 'The whole passage' : `“${escapeMarkdown(shorten(quoted, 120))}”`,
      themes.length ? `themes: ${themes.join('; ')}` : 'no theme',
      `status: ${statusMarkdown(annotation)}`,
      ...(memos.length ? [`${memos.length === 1 ? 'memo' : 'memos'}: ${memos.join(' | ')}`] : []),
      `by ${escapeMarkdown(codersOf(annotation))}`,
    ];
    return `- ${parts.join(' — ')}`;
  });
}

function statusMarkdown(annotation: Annotation): string {
  const status = statusOf(annotation);
  return status?.reason ? `${status.value} (${escapeMarkdown(status.reason)})` : (status?.value ?? 'unreviewed');
}

/**
 * Report text made safe to place in a Markdown line: whitespace and line breaks folded to one
 * space, the characters that would start emphasis, code, links, HTML, tables or headings
 * backslash-escaped, and a leading list or heading marker escaped too.
 */
function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_{}[\]<>#|~&]/g, '\\$&')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

// ---------------------------------------------------------------------------------------------

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
