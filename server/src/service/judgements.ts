import { GRADE_PHRASE, type GradeReading, STANDARD_LABELS, isKnownSubject, readGrade, subjectOf, tableOrder } from './grades';
import type { Grade, Judgement, ReportKind, Span } from './model';
import { bulletOf } from './layout';
import { fold, joinWrapped, type Line, type ReportText, startsWithCapital } from './text';

/** A judgement as read from one place in the report; the same subject may be read several times. */
export interface JudgementReading extends Judgement {
  source: 'table' | 'heading' | 'sentence';
}

/**
 * Reads this report's graded judgements from grade tables, judgement headings and headline
 * sentences. `readings` keeps every place a judgement was read (for consistency checks);
 * `judgements` keeps the first reading of each subject, in order of appearance.
 */
export function readJudgements(report: ReportText, kind: ReportKind): { judgements: Judgement[]; readings: JudgementReading[] } {
  const readings = [...tableReadings(report, kind), ...headingReadings(report), ...sentenceReadings(report)];
  readings.sort((a, b) => a.span.start - b.span.start);
  const judgements: Judgement[] = [];
  const seen = new Set<string>();
  for (const reading of readings) {
    if (seen.has(reading.subject)) continue;
    seen.add(reading.subject);
    judgements.push({ subject: reading.subject, grade: reading.grade, label: reading.label, span: reading.span });
  }
  return { judgements, readings };
}

// ---------------------------------------------------------------------------------------------
// Grade tables: a grade alone on its line (or split over two), its label on the lines above it.

interface GradeCell {
  grade: GradeReading;
  first: Line;
  last: Line;
  /** Label printed on the same line, before a tab ("Overall effectiveness\tAdequate"). */
  inlineLabel?: string;
}

/** Lines of label text allowed above a grade cell. */
const MAX_LABEL_LINES = 4;
/** Lines allowed between cells of one table. */
const MAX_ROW_GAP = 8;

function tableReadings(report: ReportText, kind: ReportKind): JudgementReading[] {
  const cells = gradeCells(report.lines);
  const readings: JudgementReading[] = [];
  for (const table of groupIntoTables(cells)) readings.push(...readTable(report, table, kind));
  return readings;
}

function gradeCells(lines: Line[]): GradeCell[] {
  const cells: GradeCell[] = [];
  for (let i = 0; i < lines.length; i++) {
    const cell = gradeCellAt(lines, i);
    if (!cell) continue;
    cells.push(cell);
    i = cell.last.index;
  }
  return cells;
}

/** A grade cell starting at line `i`: "Good", "Requires" + "improvement", "Requires improvement" + "to be good". */
function gradeCellAt(lines: Line[], i: number): GradeCell | undefined {
  const line = lines[i];
  if (line.text.length === 0 || line.text.length > 40 + 120) return undefined;
  const tabbed = tabbedCell(line);
  if (tabbed) return tabbed;
  if (line.text.length > 40) return undefined;
  const next = lines[i + 1]?.text ?? '';
  if (REQUIRES.test(line.text) && IMPROVEMENT.test(next)) {
    return { grade: 'requires-improvement', first: line, last: lines[i + 1] };
  }
  // Table cells are capitalised and unpunctuated; "adequate." ends a sentence.
  if (!startsWithCapital(line.text) || line.text.endsWith('.')) return undefined;
  const grade = readGrade(line.text);
  if (!grade || grade === 'meets-requirements' || grade === 'area-for-development') return undefined;
  if (grade === 'requires-improvement' && /^to be good$/i.test(next)) return { grade, first: line, last: lines[i + 1] };
  return { grade, first: line, last: line };
}

// Patterns run on every line are module constants: a regular expression literal inside a
// function makes a new RegExp object each time it runs, which the garbage collector then reclaims.
const REQUIRES = /^requires?$/i;
const IMPROVEMENT = /^improvement(?: to be good)?$/i;

function tabbedCell(line: Line): GradeCell | undefined {
  if (!line.text.includes('\t')) return undefined;
  const cells = line.text.split('\t').map((cell) => cell.trim()).filter(Boolean);
  if (cells.length !== 2) return undefined;
  const grade = readGrade(cells[1]);
  if (!grade || grade === 'meets-requirements' || grade === 'area-for-development') return undefined;
  return { grade, first: line, last: line, inlineLabel: cells[0] };
}

function groupIntoTables(cells: GradeCell[]): GradeCell[][] {
  const tables: GradeCell[][] = [];
  let current: GradeCell[] = [];
  for (const cell of cells) {
    const previous = current[current.length - 1];
    if (previous && cell.first.index - previous.last.index > MAX_ROW_GAP) {
      tables.push(current);
      current = [];
    }
    current.push(cell);
  }
  if (current.length) tables.push(current);
  return tables;
}

function readTable(report: ReportText, table: GradeCell[], kind: ReportKind): JudgementReading[] {
  const labels = table.map((cell, row) => cell.inlineLabel ?? labelAround(report.lines, cell, table[row - 1], table.length === 1));
  const order = labels.some((label) => !label || !isKnownSubject(label)) ? tableOrder(kind, table.length) : undefined;
  const readings: JudgementReading[] = [];
  table.forEach((cell, row) => {
    if (cell.grade === 'not-judged') return;
    const printed = labels[row];
    const subject = printed && isKnownSubject(printed) ? subjectOf(printed) : (order?.[row] ?? (printed ? subjectOf(printed) : undefined));
    if (!subject) return;
    // A fragment ("permanence") is what extraction left of a label: use the label in full.
    const whole = printed && /^[A-Z0-9]/.test(printed);
    const label = printed && whole && (isKnownSubject(printed) || !order) ? printed : (STANDARD_LABELS[subject] ?? printed ?? subject);
    const start = cell.inlineLabel || !printed ? cell.first : labelStartLine(report.lines, cell, table[row - 1]);
    // A lone grade under its label is a judgement heading in the body (SIF sections).
    const source = table.length === 1 ? 'heading' : 'table';
    readings.push({ subject, grade: cell.grade, label, span: report.spanOfLines(start, cell.last), source });
  });
  return readings;
}

/**
 * A lone grade's label, which extraction sometimes splits around it ("The experiences and
 * progress of" / "Good" / "children who need help and protection").
 */
function labelAround(lines: Line[], cell: GradeCell, previous: GradeCell | undefined, lone: boolean): string | undefined {
  const above = labelAbove(lines, cell, previous);
  if (!lone || !above || isKnownSubject(above)) return above;
  const below = lines[cell.last.index + 1]?.text ?? '';
  const joined = joinWrapped([above, below]);
  return /^[a-z]/.test(below) && isKnownSubject(joined) ? joined : undefined;
}

/** The label printed on the lines above a grade cell, back to the previous cell or a sentence. */
function labelAbove(lines: Line[], cell: GradeCell, previous: GradeCell | undefined): string | undefined {
  const parts = labelLines(lines, cell, previous).map((line) => line.text);
  const label = joinWrapped(parts).replace(/^\d+(?:\.\d+)?\.?\s+/, '');
  return label || undefined;
}

function labelStartLine(lines: Line[], cell: GradeCell, previous: GradeCell | undefined): Line {
  return labelLines(lines, cell, previous)[0] ?? cell.first;
}

function labelLines(lines: Line[], cell: GradeCell, previous: GradeCell | undefined): Line[] {
  const floor = previous ? previous.last.index + 1 : Math.max(0, cell.first.index - MAX_LABEL_LINES - 2);
  const picked: Line[] = [];
  for (let i = cell.first.index - 1; i >= floor && picked.length < MAX_LABEL_LINES; i--) {
    const text = lines[i].text;
    if (!text || PAGE_NUMBER.test(text)) {
      if (picked.length) break;
      continue;
    }
    if (!isLabelText(text)) break;
    picked.unshift(lines[i]);
  }
  return picked;
}

const PAGE_NUMBER = /^\d{1,3}$/;
const LABEL_END = /[.;:!?]$/;
const TABLE_HEADER = /^(?:judgements?|grades?|summary)$/i;
const GRADE_IN_TEXT = new RegExp(`\\b(?:${GRADE_PHRASE})\\b`, 'i');

/** Label lines are short phrases: not sentences, not headers, not other grades. */
function isLabelText(text: string): boolean {
  if (text.length > 90 || LABEL_END.test(text)) return false;
  if (TABLE_HEADER.test(text)) return false;
  return !GRADE_IN_TEXT.test(fold(text));
}

// ---------------------------------------------------------------------------------------------
// Judgement headings in the body: "The experiences and progress of children in care: good".

const HEADING_GRADE = new RegExp(`^(.*?):\\s*(${GRADE_PHRASE})\\s*$`, 'i');

function headingReadings(report: ReportText): JudgementReading[] {
  const readings: JudgementReading[] = [];
  for (const line of report.lines) {
    // Bulleted "Overall effectiveness: Inadequate" lines list an earlier inspection's grades.
    if (line.text.length > 160 || !line.text.includes(':') || bulletOf(line.text)) continue;
    const match = HEADING_GRADE.exec(fold(line.text));
    if (!match) continue;
    const reading = headingReading(report, line, match[1], match[2]);
    if (reading) readings.push(reading);
  }
  return readings;
}

function headingReading(report: ReportText, line: Line, head: string, gradeText: string): JudgementReading | undefined {
  const grade = readGrade(gradeText);
  if (!grade || grade === 'not-judged') return undefined;
  const parts = [head];
  let first = line;
  // A wrapped heading starts on an earlier line: "The experiences ... need help and" / "protection: good".
  while (!/^(?:the |overall )/i.test(parts[0]) && first.index > 0 && parts.length < 3) {
    const above = report.lines[first.index - 1];
    if (!above.text || !isLabelText(above.text)) break;
    first = above;
    parts.unshift(above.text);
  }
  const label = joinWrapped(parts).replace(/^(?:section \d+:\s*)/i, '');
  if (!isKnownSubject(label)) return undefined;
  return { subject: subjectOf(label), grade, label, span: report.spanOfLines(first, line), source: 'heading' };
}

// ---------------------------------------------------------------------------------------------
// Sentences: "Children's services in Havering require improvement to be good", "The overall
// judgement is inadequate", "The graded judgement for adoption performance is that it is good".

/** An authority's name: a few words, so that a long clause cannot pass for one. */
const NOT_A_NAME = "(?!(?:were|was|has|have|had|been|judged|are|is|remain|remains)\\b)";
const AUTHORITY_WORDS = `(?:${NOT_A_NAME}[\\w'-]+ ){0,5}?${NOT_A_NAME}[\\w'-]+`;
const SENTENCES: ReadonlyArray<[RegExp, (match: RegExpExecArray) => string]> = [
  [new RegExp(`^children'?s services (?:in|on|at) ${AUTHORITY_WORDS} (?:are |is )?(?:judged to be )?(${GRADE_PHRASE})\\b`, 'i'), () => 'overall-effectiveness'],
  [new RegExp(`^the overall judgement is (?:that (?:children'?s )?services (?:are |is )?)?(${GRADE_PHRASE})\\b`, 'i'), () => 'overall-effectiveness'],
  [new RegExp(`^(?:\\d+\\.\\s+)?the overall effectiveness of (?:the )?(?:arrangements|services|child protection services)[^.]{0,120}? is (?:judged to be )?\\**(${GRADE_PHRASE})\\b`, 'i'), () => 'overall-effectiveness'],
  [new RegExp(`^the graded judgement (?:for|about|on) (?:the )?([^.]{3,120}?) is that (?:it|they) (?:is |are )?(${GRADE_PHRASE})\\b`, 'i'), (m) => subjectOf(m[1])],
  [new RegExp(`^(?:the effectiveness of )?the (?:local )?safeguarding children board(?: \\(lscb\\))?(?: in ${AUTHORITY_WORDS})? (?:is |are )?(?:judged to be )?(${GRADE_PHRASE})\\b`, 'i'), () => 'lscb'],
  [new RegExp(`^the effectiveness of the lscb (?:is |are )?(${GRADE_PHRASE})\\b`, 'i'), () => 'lscb'],
];
const SENTENCE_START = /^(?:\d+\.\s+)?(?:children|the overall|the graded|the effectiveness|the (?:local )?safeguarding)/i;
const SENTENCE_LINES = 3;

function sentenceReadings(report: ReportText): JudgementReading[] {
  const readings: JudgementReading[] = [];
  const lines = report.lines;
  for (const line of lines) {
    if (!SENTENCE_START.test(line.text)) continue;
    const window = lines.slice(line.index, line.index + SENTENCE_LINES).map((l) => l.text);
    const sentence = fold(joinWrapped(untilBlank(window)));
    const reading = readSentence(report, line, sentence);
    if (reading) readings.push(reading);
  }
  return readings;
}

function untilBlank(texts: string[]): string[] {
  const blank = texts.indexOf('');
  return blank === -1 ? texts : texts.slice(0, blank);
}

function readSentence(report: ReportText, line: Line, sentence: string): JudgementReading | undefined {
  for (const [pattern, subjectFrom] of SENTENCES) {
    const match = pattern.exec(sentence);
    if (!match) continue;
    const grade = readGrade(match[match.length - 1]);
    if (!grade || grade === 'not-judged') return undefined;
    const subject = subjectFrom(match);
    const span = sentenceSpan(report, line, match[0].length);
    return { subject, grade: grade as Grade, label: STANDARD_LABELS[subject] ?? match[1], span, source: 'sentence' };
  }
  return undefined;
}

/** Span of a matched sentence that may run onto the following lines. */
function sentenceSpan(report: ReportText, line: Line, foldedLength: number): Span {
  let end = line;
  let covered = line.text.length;
  while (covered < foldedLength && end.index + 1 < report.lines.length && report.lines[end.index + 1].text) {
    end = report.lines[end.index + 1];
    covered += end.text.length + 1;
  }
  return report.spanOfLines(line, end);
}
