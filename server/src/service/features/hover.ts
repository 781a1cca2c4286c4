import { type Hover, MarkupKind } from 'vscode-languageserver-types';
import { KIND_NAMES, formatDate } from '../describe';
import { gradeName } from '../grades';
import type { DateMention, Grade, Judgement, Recommendation, ReportKind, Span } from '../model';
import type { ParsedReport } from '../report';
import { SupportIndex } from '../support';
import { shorten } from './outline';
import { gradeSpan } from './tokens';

/** Hover at an offset: on a grade, what it means; on a date, its value; on a recommendation, its support. */
export function hover(report: ParsedReport, offset: number): Hover | undefined {
  const judgement = report.judgements.find((j) => within(gradeSpan(report.source.text, j) ?? j.span, offset));
  if (judgement) return markdown(report, gradeSpan(report.source.text, judgement) ?? judgement.span, gradeHover(report.kind, judgement));
  const date = report.dates.find((d) => within(d.span, offset));
  if (date) return markdown(report, date.span, dateHover(date));
  const recommendation = report.recommendations.find((r) => within(r.span, offset));
  if (recommendation) return markdown(report, recommendation.span, recommendationHover(report, recommendation));
  return undefined;
}

function markdown(report: ParsedReport, span: Span, value: string): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: report.source.rangeOf(span) };
}

function within(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

// ---------------------------------------------------------------------------------------------

const CURRENT_SCALE: Partial<Record<Grade, string>> = {
  outstanding: "Services significantly exceed the standard of good. Children's experiences and progress are consistently and demonstrably improved.",
  good: 'The standard Ofsted expects of every authority: children get the help, care and protection they need, and their welfare is safeguarded and promoted.',
  'requires-improvement': 'There are no widespread or serious failures that leave children harmed or at risk of harm, but the authority is not yet delivering good help, care and protection.',
  inadequate: 'There are widespread or serious failures that leave children harmed or at risk of harm, or leaders cannot show that children are safeguarded.',
};

/** The 2012 frameworks' four-point scale, as their reports print it. */
const FOUR_POINT_SCALE: Partial<Record<Grade, string>> = {
  outstanding: 'A service that significantly exceeds minimum requirements.',
  good: 'A service that exceeds minimum requirements.',
  adequate: 'A service that meets minimum requirements.',
  inadequate: 'A service that does not meet minimum requirements.',
};

/** The education inspection framework's grades, for school and further-education reports. */
const EDUCATION_SCALE: Partial<Record<Grade, string>> = {
  outstanding: 'Exceptional: the provision securely and consistently meets every criterion for good, and goes beyond it.',
  good: 'The provision gives pupils or learners a good quality of education, and meets the criteria for good.',
  'requires-improvement': 'Not yet good, but not inadequate: the school or provider is expected to improve to good by its next inspection.',
  inadequate: 'The provision has serious weaknesses, or its leaders cannot show that it will improve; a school may be placed in a category of concern.',
  satisfactory: 'The grade 3 of earlier frameworks (before September 2012): the provision is adequate, but not good.',
};

const LETTER_SCALE: Partial<Record<Grade, string>> = {
  'meets-requirements': 'The service meets the requirements of statutory guidance.',
  'area-for-development': 'An area that does not yet meet statutory guidance and will be looked at again at the next inspection.',
};

export function gradeMeaning(kind: ReportKind, grade: Grade): string {
  const scale =
    kind === 'child-protection-2012' || kind === 'looked-after-2012'
      ? FOUR_POINT_SCALE
      : kind === 'contact-referral-assessment'
        ? LETTER_SCALE
        : kind === 'school' || kind === 'further-education'
          ? EDUCATION_SCALE
          : CURRENT_SCALE;
  return scale[grade] ?? `${gradeName(grade, kind)} is not a grade of the ${KIND_NAMES[kind]} framework.`;
}

function gradeHover(kind: ReportKind, judgement: Judgement): string {
  return [`**${gradeName(judgement.grade, kind)}** — ${judgement.label}`, '', gradeMeaning(kind, judgement.grade), '', `_${KIND_NAMES[kind]}_`].join('\n');
}

// ---------------------------------------------------------------------------------------------

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY = 86_400_000;

function dateHover(date: DateMention): string {
  const [start, end] = date.value.split('/');
  const lines = [`**${date.text}** — \`${date.value}\` (${date.kind} date)`];
  if (!end && isDay(start)) lines.push('', `${weekday(start)} ${formatDate(start)}`);
  if (end && isDay(start) && isDay(end)) {
    const days = Math.round((Date.parse(end) - Date.parse(start)) / DAY) + 1;
    lines.push('', `${weekday(start)} ${formatDate(start)} to ${weekday(end)} ${formatDate(end)}`);
    lines.push(`${days} ${days === 1 ? 'day' : 'days'}, ${workingDays(start, end)} working days`);
  }
  return lines.join('\n');
}

function isDay(value: string | undefined): value is string {
  return value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

function weekday(iso: string): string {
  return WEEKDAYS[new Date(iso + 'T00:00:00Z').getUTCDay()];
}

function workingDays(start: string, end: string): number {
  let count = 0;
  for (let time = Date.parse(start); time <= Date.parse(end) && count < 10_000; time += DAY) {
    const day = new Date(time).getUTCDay();
    if (day !== 0 && day !== 6) count++;
  }
  return count;
}

// ---------------------------------------------------------------------------------------------

function recommendationHover(report: ParsedReport, recommendation: Recommendation): string {
  const supporting = new SupportIndex(report.findings).supporting(recommendation);
  const heading = supporting.length === 1 ? '1 finding supports this recommendation' : `${supporting.length} findings support this recommendation`;
  const lines = [`**${heading}**`];
  if (recommendation.timeframe) lines.push('', `Timeframe: ${recommendation.timeframe.replace(/-/g, ' ')}`);
  if (recommendation.subject === 'lscb') lines.push('', 'Addressed to the Local Safeguarding Children Board.');
  for (const finding of supporting.slice(0, 5)) {
    lines.push('', `- line ${report.source.positionAt(finding.span.start).line + 1} (${finding.section}): ${shorten(finding.text, 160)}`);
  }
  return lines.join('\n');
}
