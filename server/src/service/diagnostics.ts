import type { FoundDate } from './dates';
import { gradeName, gradesOf } from './grades';
import { inspectionLength } from './header';
import type { JudgementReading } from './judgements';
import type { Layout } from './layout';
import type { Report, ReportDiagnostic, Severity, Span, TextFix } from './model';
import { TextMemo } from './memo';
import { SupportIndex } from './support';

/** What the readers saw on the way, which the checks need beyond the report itself. */
export interface CheckContext {
  readings: JudgementReading[];
  found: FoundDate[];
  layout: Layout;
}

/** Every diagnostic code, its slug, severity and what it means (documented in the README). */
export const DIAGNOSTIC_CODES = {
  OFS001: { slug: 'grade-mismatch', severity: 'warning', summary: 'A judgement is given different grades in different places of the report.' },
  OFS002: { slug: 'grade-not-in-framework', severity: 'warning', summary: "A grade that the report's inspection framework does not use." },
  OFS003: { slug: 'missing-judgement', severity: 'information', summary: 'A judgement that this kind of report normally makes was not found.' },
  OFS010: { slug: 'inspection-end-before-start', severity: 'error', summary: 'The inspection ends before it starts.' },
  OFS011: { slug: 'implausible-inspection-length', severity: 'warning', summary: 'The inspection lasted longer than any inspection framework allows.' },
  OFS012: { slug: 'published-before-inspection', severity: 'error', summary: 'The report is dated before its inspection ended.' },
  OFS013: { slug: 'nonexistent-date', severity: 'error', summary: 'A date that does not exist, such as 31 February.' },
  OFS014: { slug: 'range-end-before-start', severity: 'warning', summary: 'A date range whose end is before its start.' },
  OFS020: { slug: 'unsupported-recommendation', severity: 'information', summary: 'No finding in the body of the report speaks to this recommendation.' },
  OFS021: { slug: 'marker-without-recommendation', severity: 'warning', summary: 'A finding marked "(Recommendation)" matches no recommendation.' },
  OFS022: { slug: 'duplicate-recommendation', severity: 'warning', summary: 'The same recommendation is listed twice.' },
  OFS040: { slug: 'recurring-weakness', severity: 'information', summary: "A weakness like one an earlier inspection of the same authority reported (needs the earlier report in the workspace)." },
  OFS030: { slug: 'lost-apostrophe', severity: 'hint', summary: 'An apostrophe lost in PDF extraction ("childrens").' },
  OFS031: { slug: 'joined-word', severity: 'hint', summary: 'A hyphen lost in PDF extraction ("multiagency").' },
  OFS050: { slug: 'annotation-orphaned', severity: 'warning', summary: "A quality assurer's tagged passage that can no longer be found in the report after it changed; it is kept until re-attached or discarded." },
  OFS051: { slug: 'annotation-file-unreadable', severity: 'error', summary: "The report's annotation file cannot be read (not JSON, or not an annotation collection); it is never overwritten, and is set aside untouched before new tags are saved." },
  OFS032: { slug: 'page-furniture', severity: 'information', summary: 'A page header, footer or page number that interrupts a paragraph.' },
} as const satisfies Record<string, { slug: string; severity: Severity; summary: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function checkReport(report: Report, context: CheckContext): ReportDiagnostic[] {
  const diagnostics: ReportDiagnostic[] = [];
  const add = (code: DiagnosticCode, message: string, span: Span, fix?: TextFix) => {
    const { slug, severity } = DIAGNOSTIC_CODES[code];
    diagnostics.push(fix ? { code, slug, severity, message, span, fix } : { code, slug, severity, message, span });
  };
  checkJudgements(report, context, add);
  checkDates(report, context, add);
  checkRecommendations(report, add);
  checkDamage(context.layout, add);
  return diagnostics.sort((a, b) => a.span.start - b.span.start);
}

type Add = (code: DiagnosticCode, message: string, span: Span, fix?: TextFix) => void;

function checkJudgements(report: Report, { readings }: CheckContext, add: Add): void {
  for (const judgement of report.judgements) {
    for (const other of readings) {
      if (other.subject !== judgement.subject || other.grade === judgement.grade) continue;
      add('OFS001', `"${other.label}" is graded ${gradeName(other.grade).toLowerCase()} here but ${gradeName(judgement.grade).toLowerCase()} where it is first given.`, other.span);
    }
    if (!gradesOf(report.kind).includes(judgement.grade) && report.kind !== 'unknown') {
      add('OFS002', `${gradeName(judgement.grade)} is not a grade of this kind of report (${report.kind}).`, judgement.span);
    }
  }
  for (const subject of expectedSubjects(report)) {
    if (!report.judgements.some((judgement) => judgement.subject === subject)) {
      add('OFS003', `No judgement was found for ${subject.replace(/-/g, ' ')}.`, report.sections[0]?.headingSpan ?? { start: 0, end: 0 });
    }
  }
}

function expectedSubjects(report: Report): string[] {
  if (report.kind === 'ilacs-standard' || report.kind === 'ilacs-short') {
    return ['impact-of-leaders', 'help-and-protection', 'children-in-care', 'overall-effectiveness'];
  }
  if (report.kind === 'sif') return ['overall-effectiveness', 'help-and-protection', 'leadership-management-governance'];
  return [];
}

/** Longest fieldwork of any children's services framework (SIF: four weeks on site). */
const LONGEST_INSPECTION_DAYS = 42;

function checkDates(report: Report, { found }: CheckContext, add: Add): void {
  const inspection = found.find((date) => date.kind === 'inspection');
  const length = inspectionLength(report.inspection);
  if (inspection && length !== undefined && length < 1) add('OFS010', 'The inspection ends before it starts.', inspection.span);
  if (inspection && length !== undefined && length > LONGEST_INSPECTION_DAYS) {
    add('OFS011', `The inspection lasts ${length} days; no framework inspects for longer than ${LONGEST_INSPECTION_DAYS}.`, inspection.span);
  }
  const published = found.find((date) => (date.kind === 'publication' || date.kind === 'letter') && date.value === report.published);
  if (published && report.inspection.end && report.published && report.published < report.inspection.end) {
    add('OFS012', `The report is dated ${report.published}, before its inspection ended on ${report.inspection.end}.`, published.span);
  }
  for (const date of found) {
    if (date.problem === 'nonexistent') add('OFS013', `"${date.text}" is not a date that exists.`, date.span);
    if (date.problem === 'end-before-start' && date !== inspection) add('OFS014', `The range "${date.text}" ends before it starts.`, date.span);
  }
}

function checkRecommendations(report: Report, add: Add): void {
  const seen = new Map<string, number>();
  const support = new SupportIndex(report.findings);
  report.recommendations.forEach((recommendation, i) => {
    const key = recommendation.text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
    const first = seen.get(key);
    if (first !== undefined) {
      add('OFS022', `This repeats recommendation ${first + 1} word for word.`, recommendation.span);
    } else seen.set(key, i);
    if (report.findings.length && !support.isSupported(recommendation)) {
      add('OFS020', 'No finding in the body of the report speaks to this recommendation.', recommendation.span);
    }
  });
  for (const finding of report.findings) {
    if (!/\(recommendations?\)\.?$/i.test(finding.text)) continue;
    if (!support.supportsAny(finding, report.recommendations)) add('OFS021', 'This finding is marked "(Recommendation)" but no recommendation of the report matches it.', finding.span);
  }
}

// ---------------------------------------------------------------------------------------------
// Extraction damage, each with the edit that repairs it.

const LOST_APOSTROPHES: ReadonlyMap<string, string> = new Map([
  ['childrens', "children's"],
  ['authoritys', "authority's"],
  ['ofsteds', "Ofsted's"],
  ['majestys', "Majesty's"],
  ['dont', "don't"],
  ['doesnt', "doesn't"],
  ['didnt', "didn't"],
  ['isnt', "isn't"],
  ['arent', "aren't"],
  ['wasnt', "wasn't"],
  ['werent', "weren't"],
  ['hasnt', "hasn't"],
  ['havent', "haven't"],
  ['couldnt', "couldn't"],
  ['wouldnt', "wouldn't"],
  ['shouldnt', "shouldn't"],
  ['theyre', "they're"],
]);

/** Compounds Ofsted hyphenates, joined when a line-break hyphen was lost: "multiagency". */
const JOINED_PREFIXES = ['multi', 'well', 'non', 'pre', 'post', 'self', 'cross'];
const JOINED_SUFFIXES = [
  'agency', 'disciplinary', 'professional', 'established', 'coordinated', 'targeted', 'attended', 'embedded', 'supported',
  'understood', 'managed', 'developed', 'planned', 'led', 'statutory', 'compliance', 'proceedings', 'birth', 'adoption',
  'harm', 'esteem', 'assessment', 'border',
];
const JOINED_WORDS: ReadonlyMap<string, string> = new Map(
  JOINED_PREFIXES.flatMap((prefix) => JOINED_SUFFIXES.map((suffix): [string, string] => [prefix + suffix, `${prefix}-${suffix}`])),
);

const WORD = /[A-Za-z]{4,}/g;

/** A damaged word found in a line, at its offset within the line. */
interface Damage {
  at: number;
  word: string;
  apostrophe?: string;
  hyphen?: string;
}

/** Damage found per line text, remembered across versions of a report being edited. */
const DAMAGE = new TextMemo<Damage[]>(50_000);

/** One pass over the words of each line finds both lost apostrophes and lost hyphens. */
function checkDamage(layout: Layout, add: Add): void {
  for (const line of layout.report.lines) {
    for (const damage of DAMAGE.get(line.text, damageIn)) reportDamage(line.textStart + damage.at, damage, add);
  }
  checkFurniture(layout, add);
}

function damageIn(text: string): Damage[] {
  const found: Damage[] = [];
  for (const match of text.matchAll(WORD)) {
    const lower = match[0].toLowerCase();
    const apostrophe = LOST_APOSTROPHES.get(lower);
    const hyphen = apostrophe ? undefined : JOINED_WORDS.get(lower);
    if (apostrophe || hyphen) found.push({ at: match.index, word: match[0], apostrophe, hyphen });
  }
  return found;
}

function reportDamage(start: number, { word, apostrophe, hyphen }: Damage, add: Add): void {
  const span = { start, end: start + word.length };
  const repaired = matchCase(word, (apostrophe ?? hyphen) as string);
  const fix = { title: `Change to "${repaired}"`, span, newText: repaired };
  if (apostrophe) add('OFS030', `"${word}" has lost its apostrophe: "${repaired}".`, span, fix);
  else add('OFS031', `"${word}" has lost its hyphen: "${repaired}".`, span, fix);
}

function matchCase(original: string, repaired: string): string {
  return /^[A-Z]/.test(original) ? repaired.charAt(0).toUpperCase() + repaired.slice(1) : repaired;
}

/** Page furniture between two halves of one sentence: the fix removes it. */
function checkFurniture(layout: Layout, add: Add): void {
  const lines = layout.report.lines;
  for (let i = 1; i < lines.length; i++) {
    if (!layout.isFurniture(lines[i]) || layout.isFurniture(lines[i - 1])) continue;
    let end = i;
    let lastFurniture = i;
    while (end + 1 < lines.length && (layout.isFurniture(lines[end + 1]) || !lines[end + 1].text)) {
      end++;
      if (lines[end].text) lastFurniture = end;
    }
    const before = previousText(lines, i);
    const after = lines[end + 1];
    if (before && after && /[a-z,]$/.test(before.text) && /^[a-z]/.test(after.text)) {
      const span = { start: before.end, end: after.textStart };
      add('OFS032', 'A page header or footer interrupts this sentence.', { start: lines[i].textStart, end: lines[lastFurniture].end }, { title: 'Remove the page header and footer', span, newText: ' ' });
    }
    i = end;
  }
}

function previousText(lines: Layout['report']['lines'], i: number) {
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) if (lines[j].text) return lines[j];
  return undefined;
}
