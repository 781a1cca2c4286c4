import { readGrade } from './grades';
import type { JudgementReading } from './judgements';
import { type Layout, isHeadingText } from './layout';
import type { Section } from './model';
import { isSignOff } from './header';
import { FOOTNOTE_NUMBER, isRecommendationHeading } from './recommendations';
import { fold, joinWrapped, type Line } from './text';

/** A heading found in the text, before nesting. */
export interface Heading {
  title: string;
  level: number;
  first: Line;
  last: Line;
}

/**
 * The report's sections, for the outline: the report's main parts (summary, "What needs to
 * improve", each judgement) at level 1 and shorter headings within them at level 2. Contents
 * pages are skipped: their entries are headings followed by more headings, not by text.
 */
export function readSections(layout: Layout, headings: Heading[]): Section[] {
  return nest(layout, headings);
}

/** The lines that hold sections and findings, from `from` up to (not including) `to`. */
export interface Body {
  from: number;
  to: number;
}

/**
 * Where the body of a report is. A letter's letterhead and addressee ("Ofsted, Piccadilly
 * Gate…", "Ann Graham / Director of Children's Services / …") come before its salutation, and
 * its signature and copy list ("Copy: …") after its "Yours sincerely": neither are sections nor
 * findings.
 */
export function bodyOf(lines: Line[], letter: boolean): Body {
  const whole = { from: 0, to: lines.length };
  if (!letter) return whole;
  let from = 0;
  for (let i = 0; i < lines.length && i < SALUTATION_WITHIN; i++) {
    if (SALUTATION.test(lines[i].text)) {
      from = i;
      break;
    }
  }
  let to = lines.length;
  for (let i = lines.length - 1; i > from; i--) {
    if (isSignOff(lines[i].text)) {
      to = i;
      break;
    }
  }
  return { from, to };
}

/** Lines a letter's salutation ("Dear Ms Graham") may be found within. */
const SALUTATION_WITHIN = 80;
const SALUTATION = /^Dear\s+\S/;

export function findHeadings(layout: Layout, readings: JudgementReading[], body: Body = { from: 0, to: layout.report.lines.length }): Heading[] {
  const lines = layout.report.lines;
  const judgementLines = judgementHeadingLines(layout, readings);
  const tableLines = linesCoveredBy(layout, readings.filter((reading) => reading.source === 'table'));
  const headings: Heading[] = [];
  for (let i = body.from; i < body.to; i++) {
    const line = lines[i];
    if (!line.text || layout.isFurniture(line) || layout.isBackPage(line)) continue;
    // Grade tables are judgements, shown in the outline as such, not as headings.
    if (tableLines.has(i) || isTableFurniture(line.text)) continue;
    const judgement = judgementLines.get(i);
    if (judgement) {
      headings.push(judgement);
      i = judgement.last.index;
      continue;
    }
    const heading = plainHeading(layout, line);
    if (heading) headings.push(heading);
  }
  return withoutContents(layout, headings);
}

function linesCoveredBy(layout: Layout, readings: JudgementReading[]): Set<number> {
  const covered = new Set<number>();
  for (const reading of readings) {
    const last = layout.report.lineOf(reading.span.end);
    for (let line = layout.report.lineOf(reading.span.start); line <= last; line++) covered.add(line);
  }
  return covered;
}

/** A table's header row or a grade standing alone: never a section of its own. */
function isTableFurniture(text: string): boolean {
  if (text.length > 40) return false;
  return TABLE_HEADER.test(text) || readGrade(text) !== undefined;
}

const TABLE_HEADER = /^(?:judgements?|grades?)$/i;

function judgementHeadingLines(layout: Layout, readings: JudgementReading[]): Map<number, Heading> {
  const report = layout.report;
  const byLine = new Map<number, Heading>();
  for (const reading of readings) {
    if (reading.source !== 'heading') continue;
    const first = report.lines[report.lineOf(reading.span.start)];
    const last = report.lines[report.lineOf(reading.span.end)];
    byLine.set(first.index, { title: joinWrapped(report.lines.slice(first.index, last.index + 1).map((l) => l.text)), level: 1, first, last });
  }
  return byLine;
}

const MAIN_HEADINGS = /^(?:executive summary|summary for children and young people|what needs to improve.*|recommendations|areas for (?:improvement|development|priority action)|findings|the local authority|information about this local authority area|inspection findings.*|the local safeguarding children board.*|record of main findings|overall effectiveness|next steps|the inspection judgements and what they mean|about this inspection|service information|contents)$/i;

function plainHeading(layout: Layout, line: Line): Heading | undefined {
  const lines = layout.report.lines;
  const previous = lines[line.index - 1];
  const recommendations = isRecommendationHeading(line.text);
  if (previous && previous.text && !layout.isFurniture(previous) && !CLAUSE_END.test(previous.text) && !recommendations) return undefined;
  // The next line is looked for only now: most lines follow text and are ruled out above.
  if (!recommendations && !isHeadingText(line.text, nextNonBlank(layout, line.index))) return undefined;
  const title = line.text.replace(FOOTNOTE_NUMBER, '');
  const level = MAIN_HEADINGS.test(fold(title)) ? 1 : 2;
  return { title, level, first: line, last: line };
}

// Patterns run on every line are module constants: a regular expression literal inside a
// function makes a new RegExp object each time it runs, which the garbage collector then reclaims.
const CLAUSE_END = /[.:?!]$/;
const DIGITS = /^\d+$/;

function nextNonBlank(layout: Layout, index: number): string | undefined {
  const lines = layout.report.lines;
  for (let j = index + 1; j < lines.length && j <= index + 3; j++) if (lines[j].text && !layout.isFurniture(lines[j])) return lines[j].text;
  return undefined;
}

/** Drops the entries of a contents page: a run of headings with no text between them. */
function withoutContents(layout: Layout, headings: Heading[]): Heading[] {
  const contents = headings.findIndex((heading) => /^contents$/i.test(heading.title));
  if (contents === -1) return headings;
  let end = contents + 1;
  while (end < headings.length && !hasTextAfter(layout, headings[end], headings[end + 1])) end++;
  return [...headings.slice(0, contents), ...headings.slice(end)];
}

function hasTextAfter(layout: Layout, heading: Heading, next: Heading | undefined): boolean {
  const lines = layout.report.lines;
  const stop = next ? next.first.index : lines.length;
  for (let i = heading.last.index + 1; i < stop; i++) {
    const text = lines[i].text;
    if (text && !layout.isFurniture(lines[i]) && !DIGITS.test(text) && text.length > 40) return true;
  }
  return false;
}

function nest(layout: Layout, headings: Heading[]): Section[] {
  const report = layout.report;
  const roots: Section[] = [];
  const sections = headings.map((heading, i) => {
    const next = headings.slice(i + 1).find((h) => h.level <= heading.level);
    const endLine = next ? report.lines[next.first.index - 1] ?? heading.last : report.lines[report.lines.length - 1];
    const section: Section = {
      title: heading.title,
      level: heading.level,
      headingSpan: report.spanOfLines(heading.first, heading.last),
      span: { start: heading.first.textStart, end: Math.max(endLine.end, heading.last.end) },
      children: [],
    };
    return section;
  });
  let parent: Section | undefined;
  for (const section of sections) {
    if (section.level === 1 || !parent) {
      roots.push(section);
      parent = section.level === 1 ? section : undefined;
    } else parent.children.push(section);
  }
  return roots;
}
