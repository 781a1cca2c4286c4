import { GRADE_PHRASE, type GradeReading, STANDARD_LABELS, isKnownSubject, readGrade, subjectOf, tableOrder } from './grades';
import type { Grade, Judgement, ReportKind, Span } from './model';
import { bulletOf } from './layout';
import { fold, joinWrapped, type Line, type ReportText, startsWithCapital, startsWithLowerCase } from './text';

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
  const inline = tabbedCell(line) ?? sideBySideCell(lines, i);
  if (inline) return inline;
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

/**
 * A label and its grade on one line, as `pdftotext -layout` prints a table row ("Overall
 * effectiveness      Outstanding", a long label wrapped onto the lines around it) and
 * `pdftotext -raw` a short one ("Overall effectiveness Outstanding"). Only a label that names a
 * judgement makes a cell: many a line of prose ends in "good".
 */
function sideBySideCell(lines: Line[], i: number): GradeCell | undefined {
  const line = lines[i];
  // Most lines end in no grade: look at the last word before matching the whole line.
  if (!endsLikeGrade(line.text)) return undefined;
  const match = SIDE_BY_SIDE.exec(line.text);
  if (!match) return undefined;
  const [, printed, gap, gradeText] = match;
  const grade = readGrade(gradeText);
  if (!grade || grade === 'meets-requirements' || grade === 'area-for-development' || !isLabelText(printed)) return undefined;
  const label = printed.replace(NUMBERED_LABEL, '');
  // A label that starts in lower case began on the lines above ("The impact of leaders on social
  // work practice with children" / "and families Inadequate"). Columns apart (-layout), it may
  // also go on below the grade, on lines starting in lower case.
  const above = startsWithLowerCase(label) ? labelLines(lines, { first: line }, undefined, 2) : [];
  const below: Line[] = [];
  for (let j = i + 1; gap.length >= 2 && j < lines.length && below.length < 2 && startsWithLowerCase(lines[j].text) && isLabelText(lines[j].text); j++) below.push(lines[j]);
  for (let taken = below.length; taken >= 0; taken--) {
    const whole = joinWrapped([...above.map((l) => l.text), label, ...below.slice(0, taken).map((l) => l.text)]).replace(NUMBERED_LABEL, '');
    if (isRowLabel(whole)) return { grade, first: above[0] ?? line, last: below[taken - 1] ?? line, inlineLabel: whole };
  }
  // Other judgements (a school's "The quality of education Good") make a table when rows of them
  // stand together: one such line alone may be prose.
  if (isTitleLike(label) && (isSideBySideRow(lines, i - 1, -1) || isSideBySideRow(lines, i + 1, 1))) return { grade, first: line, last: line, inlineLabel: label };
  return undefined;
}

/** Whether the first line with text from `j` on (going `step`, past a blank line or two) is a side-by-side row with a title-like label. */
function isSideBySideRow(lines: Line[], j: number, step: 1 | -1): boolean {
  for (let blanks = 0; j >= 0 && j < lines.length && !lines[j].text && blanks < 2; blanks++) j += step;
  const match = j >= 0 && j < lines.length ? SIDE_BY_SIDE.exec(lines[j].text) : null;
  return !!match && !!readGrade(match[3]) && isTitleLike(match[1].replace(NUMBERED_LABEL, ''));
}

/** Words of a clause, not of a judgement's name ("The graded judgement for adoption is that it is good"). */
const CLAUSE_WORDS = /\b(?:is|are|was|were|be|been|that|it|they|has|have|had|judged|remains?)\b/i;

/** A judgement's name as a table prints it. */
function isRowLabel(label: string): boolean {
  return isKnownSubject(label) && !CLAUSE_WORDS.test(label);
}

/** A short capitalised phrase that is not a clause: a table row's label, whatever it names. */
function isTitleLike(label: string): boolean {
  return startsWithCapital(label) && label.length <= 60 && isLabelText(label) && !CLAUSE_WORDS.test(label);
}

/**
 * Whether a line's last word is a grade's ("good", "outstanding", "adequate", "inadequate",
 * "improvement", "satisfactory"), in any case: the last letter picks the word, compared backwards
 * by character code, with no string made, since this runs on every line and most lines end
 * otherwise ("and", "assessment", "planning").
 */
function endsLikeGrade(text: string): boolean {
  let word: string;
  switch (text.charCodeAt(text.length - 1) | 0x20) {
    case 0x64: // d
      word = 'good';
      break;
    case 0x67: // g
      word = 'outstanding';
      break;
    case 0x65: // e
      word = 'adequate';
      break;
    case 0x74: // t
      word = 'improvement';
      break;
    case 0x79: // y
      word = 'satisfactory';
      break;
    default:
      return false;
  }
  let from = text.length - word.length;
  if (from < 1) return false;
  for (let k = word.length - 2; k >= 0; k--) if ((text.charCodeAt(from + k) | 0x20) !== word.charCodeAt(k)) return false;
  if (word === 'adequate' && from >= 3 && (text.charCodeAt(from - 1) | 0x20) === 0x6e && (text.charCodeAt(from - 2) | 0x20) === 0x69) from -= 2;
  const before = text.charCodeAt(from - 1);
  return before === 0x20 || before === 0xa0;
}

const SIDE_BY_SIDE = new RegExp(`^(\\S.*?\\S)([ \\u00a0]+)(${GRADE_PHRASE})$`, 'i');
/** "1. ", "2.1 ": the numbering of a SIF summary table's rows. */
const NUMBERED_LABEL = /^\d+(?:\.\d+)?\.?\s+/;

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
  const starts = table.map((cell, row) => (cell.inlineLabel || !labels[row] ? cell.first : labelStartLine(report.lines, cell, table[row - 1])));
  stackedLabels(report.lines, table, labels, starts);
  const order = labels.some((label) => !label || !isKnownSubject(label)) ? tableOrder(kind, table.length) : undefined;
  const readings: JudgementReading[] = [];
  table.forEach((cell, row) => {
    if (cell.grade === 'not-judged') return;
    const printed = labels[row];
    // School and further-education tables end with the grade of the inspection before this one.
    if (printed && /^previous inspection/i.test(printed)) return;
    const subject = printed && isKnownSubject(printed) ? subjectOf(printed) : (order?.[row] ?? (printed ? subjectOf(printed) : undefined));
    if (!subject) return;
    // A fragment ("permanence") is what extraction left of a label: use the label in full.
    const whole = printed && /^[A-Z0-9]/.test(printed);
    const label = printed && whole && (isKnownSubject(printed) || !order) ? printed : (STANDARD_LABELS[subject] ?? printed ?? subject);
    const start = starts[row];
    // A lone grade under its label is a judgement heading in the body (SIF sections).
    const source = table.length === 1 ? 'heading' : 'table';
    readings.push({ subject, grade: cell.grade, label, span: report.spanOfLines(start, cell.last), source });
  });
  return readings;
}

/**
 * Some extractors (pdfminer) print a run of rows as their labels, then their grades:
 * "…children in care" / "…children care leavers" / "Outstanding" / "Outstanding". A grade with
 * no label of its own, right below a labelled one, takes its label from the blocks of label lines
 * above the run, in order. `labels` and `starts` are completed in place.
 */
function stackedLabels(lines: Line[], table: GradeCell[], labels: Array<string | undefined>, starts: Line[]): void {
  for (let first = 0; first < table.length; first++) {
    let last = first;
    while (last + 1 < table.length && !labels[last + 1] && onlyBlankBetween(lines, table[last], table[last + 1])) last++;
    if (last === first || !labels[first]) continue;
    const blocks = labelBlocks(lines, table[first], table[first - 1], last - first + 1);
    const texts = blocks.map((block) => joinWrapped(block.map((line) => line.text)).replace(NUMBERED_LABEL, ''));
    if (blocks.length === last - first + 1 && texts.every(isRowLabel)) {
      texts.forEach((text, k) => {
        labels[first + k] = text;
        starts[first + k] = blocks[k][0];
      });
    }
    first = last;
  }
}

function onlyBlankBetween(lines: Line[], above: GradeCell, below: GradeCell): boolean {
  for (let i = above.last.index + 1; i < below.first.index; i++) if (lines[i].text) return false;
  return true;
}

/** Up to `count` blocks of label lines (separated by blank lines) above a cell, in reading order. */
function labelBlocks(lines: Line[], cell: GradeCell, previous: GradeCell | undefined, count: number): Line[][] {
  const floor = previous ? previous.last.index + 1 : Math.max(0, cell.first.index - count * (MAX_LABEL_LINES + 1) - 2);
  const blocks: Line[][] = [];
  let block: Line[] = [];
  for (let i = cell.first.index - 1; i >= floor && blocks.length < count; i--) {
    const text = lines[i].text;
    if (!text) {
      if (block.length) blocks.unshift(block);
      block = [];
      continue;
    }
    if (!isLabelText(text) || block.length === MAX_LABEL_LINES) break;
    block.unshift(lines[i]);
  }
  if (block.length && blocks.length < count) blocks.unshift(block);
  return blocks;
}

/**
 * A grade's label when the grade stands alone on its line. Extraction centres a grade on a label
 * of two lines and prints it between them ("The experiences and progress of children who need
 * help and" / "Requires improvement" / "protection"), so a line below that starts in lower case
 * may finish the label.
 */
function labelAround(lines: Line[], cell: GradeCell, previous: GradeCell | undefined, lone: boolean): string | undefined {
  const above = labelAbove(lines, cell, previous);
  const below = lines[cell.last.index + 1]?.text ?? '';
  if (above && startsWithLowerCase(below) && isLabelText(below)) {
    const joined = joinWrapped([above, below]);
    if (isKnownSubject(joined) && (!isKnownSubject(above) || isRowLabel(joined))) return joined;
  }
  // A lone grade under a label that names no judgement is no judgement heading.
  return !lone || !above || isKnownSubject(above) ? above : undefined;
}

/** The label printed on the lines above a grade cell, back to the previous cell or a sentence. */
function labelAbove(lines: Line[], cell: GradeCell, previous: GradeCell | undefined): string | undefined {
  const parts = labelLines(lines, cell, previous).map((line) => line.text);
  const label = joinWrapped(parts).replace(NUMBERED_LABEL, '');
  return label || undefined;
}

function labelStartLine(lines: Line[], cell: GradeCell, previous: GradeCell | undefined): Line {
  return labelLines(lines, cell, previous)[0] ?? cell.first;
}

function labelLines(lines: Line[], cell: Pick<GradeCell, 'first'>, previous: GradeCell | undefined, most = MAX_LABEL_LINES): Line[] {
  const floor = previous ? previous.last.index + 1 : Math.max(0, cell.first.index - MAX_LABEL_LINES - 2);
  const picked: Line[] = [];
  for (let i = cell.first.index - 1; i >= floor && picked.length < most; i--) {
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
const TABLE_HEADER = /^(?:judgements?|grades?|summary)(?:\s+(?:judgements?|grades?))?$/i;
const GRADE_IN_TEXT = new RegExp(`\\b(?:${GRADE_PHRASE})\\b`, 'i');

/** Label lines are short phrases: not sentences, not headers, not other grades. */
function isLabelText(text: string): boolean {
  // Not a sentence, nor the line above a table: its column headings, or "Lead inspector: …".
  if (text.length > 90 || LABEL_END.test(text) || text.includes(': ')) return false;
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
