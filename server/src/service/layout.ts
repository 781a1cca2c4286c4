import { fold, type Line, mayStartWith, type ReportText, startsWithCapital, startsWithLowerCase } from './text';

/**
 * What PDF extraction leaves around the report's own text: repeated page headers and footers,
 * page numbers, bullet glyphs. Computed once per report and shared by the readers.
 */
export class Layout {
  private readonly repeated: Set<string>;
  /** Each line's answer, once asked: every reader asks about the same lines. */
  private readonly furniture: Int8Array;

  /** Lines of Ofsted's back page (who Ofsted are, how to get copies, its address). */
  private readonly backPage: Uint8Array;

  constructor(readonly report: ReportText) {
    this.repeated = repeatedLines(report.lines);
    this.furniture = new Int8Array(report.lines.length).fill(-1);
    this.backPage = backPageLines(report.lines);
  }

  /** Ofsted's back page: boilerplate, never a finding or a section. */
  isBackPage(line: Line): boolean {
    return this.backPage[line.index] === 1;
  }

  /** A page header, footer or page number, which interrupts the text it falls in. */
  isFurniture(line: Line): boolean {
    const known = this.furniture[line.index];
    if (known !== -1) return known === 1;
    const furniture = this.readFurniture(line);
    this.furniture[line.index] = furniture ? 1 : 0;
    return furniture;
  }

  private readFurniture(line: Line): boolean {
    const text = line.text;
    if (!text) return false;
    if (text.length <= 3 && PAGE_NUMBER.test(text)) return true;
    // Looking a line up hashes all of it: only lines that were counted are looked up.
    return mayRepeat(text) && this.repeated.has(text) && !bulletOf(text) && !NUMBER.test(text);
  }
}

// Patterns run on every line are module constants: a regular expression literal inside a
// function makes a new RegExp object each time it runs, which the garbage collector then reclaims.
const PAGE_NUMBER = /^\d{1,3}$/;
const NUMBER = /^\d+\.?$/;

const BACK_PAGE_START = /^The Office for Standards in Education, Children.?s Services and Skills \(Ofsted\)/;

/** From "The Office for Standards in Education … (Ofsted)" to its "© Crown copyright" line. */
function backPageLines(lines: Line[]): Uint8Array {
  // One flag a line, read for every line by every reader (an array lookup, not a hash).
  const back = new Uint8Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    // The prefix test spares running the pattern on every line.
    if (!lines[i].text.startsWith(BACK_PAGE_PREFIX) || !BACK_PAGE_START.test(lines[i].text)) continue;
    for (; i < lines.length; i++) {
      back[i] = 1;
      if (CROWN_COPYRIGHT.test(lines[i].text)) break;
    }
  }
  return back;
}

const BACK_PAGE_PREFIX = 'The Office for Standards in Education, Children';
const CROWN_COPYRIGHT = /^(?:©|\(c\)\s)?\s*Crown copyright/i;

/** Lines printed on three or more pages are page furniture (short ones only: prose never repeats). */
const MIN_REPEATS = 3;
const MAX_FURNITURE_LENGTH = 100;

function repeatedLines(lines: Line[]): Set<string> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const text = line.text;
    if (!mayRepeat(text)) continue;
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const repeated = new Set<string>();
  for (const [text, count] of counts) if (count >= MIN_REPEATS && looksLikeFurniture(text)) repeated.add(text);
  return repeated;
}

/**
 * The lines counted: short ones. Furniture starts with a capital or a digit; lines starting in
 * lower case continue prose.
 */
function mayRepeat(text: string): boolean {
  return text.length >= 4 && text.length <= MAX_FURNITURE_LENGTH && !startsWithLowerCase(text);
}

/** Grade cells and one-word headings repeat too; furniture names the report, its dates or its publisher. */
function looksLikeFurniture(text: string): boolean {
  return /\b(?:inspection|ofsted|children'?s services|\d{4})\b/i.test(fold(text));
}

/** A bullet at the start of a line: the marker and the text after it. */
export interface Bullet {
  marker: string;
  rest: string;
}

// Bullet glyphs seen in extracted reports, including Symbol-font glyphs in the private use area.
const BULLET = /^([-\u2022\u25aa\u25fc\u25a0\u25cf\u25e6\u2013\u2014\u2023\u2043*\u00b7\uf000-\uf8ff]|o(?=[ \t]))[ \t]*(.*)$/u;

const SYMBOL_GLYPH = /[\uf000-\uf8ff]/u;

export function bulletOf(text: string): Bullet | undefined {
  const match = BULLET.exec(text);
  if (!match) return undefined;
  // "-" and "–" also start negative numbers and ranges; a bullet is followed by a word.
  if (!match[2] && !SYMBOL_GLYPH.test(match[1])) return undefined;
  return { marker: match[1], rest: match[2] };
}

/** A paragraph or item number: "1.", "12. Increase …", "2.1". */
export interface Numbering {
  number: number;
  rest: string;
}

const NUMBERING = /^(\d{1,3})\.(?:[ \t]+(.*))?$/;

export function numberingOf(text: string): Numbering | undefined {
  // Run on most lines: those not starting with a digit are ruled out without the pattern.
  const first = text.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return undefined;
  const match = NUMBERING.exec(text);
  if (!match) return undefined;
  return { number: Number(match[1]), rest: match[2] ?? '' };
}

/** Ends a sentence (or an item printed without a full stop, such as "(outcome 3, national framework)"). */
export function endsSentence(text: string): boolean {
  return SENTENCE_END.test(text);
}

const SENTENCE_END = /[.!?;)]['"\u2019\u201d]?\d?$/;

/**
 * A line that reads as a heading: short, capitalised, unpunctuated, not a bullet, not a number.
 * Used to end lists and to build the outline; known headings are recognised by their words.
 */
export function isHeadingText(text: string, next: string | undefined): boolean {
  if (isKnownHeading(text)) return true;
  if (text.length > 70 || text.length < 3) return false;
  if (!startsWithCapital(text) || HEADING_END.test(text) || bulletOf(text) || numberingOf(text)) return false;
  if (text.split(WHITE_SPACE).length > 10) return false;
  return next === undefined || next === '' || !startsWithLowerCase(next);
}

const HEADING_END = /[.,;:!)]$/;
const WHITE_SPACE = /\s+/;

/** One of the section headings Ofsted's templates use ("Executive summary", "Inspection findings – …"). */
export function isKnownHeading(text: string): boolean {
  if (text.length > 80 || !mayStartWith(text, KNOWN_HEADING_INITIALS) || KNOWN_HEADING_END.test(text)) return false;
  return KNOWN_HEADING.test(fold(text).replace(TRAILING_DIGITS, ''));
}

const KNOWN_HEADING_END = /[.,;]$/;
/** The first letters of the known headings below. */
const KNOWN_HEADING_INITIALS = 'ecsirwamftny';
const TRAILING_DIGITS = /\d+$/;

const KNOWN_HEADING = new RegExp(
  '^(?:' +
    [
      'executive summary',
      'contents',
      'summary(?: of findings)?',
      'summary for children and young people',
      'information about this (?:local authority area|inspection)',
      'recommendations?',
      "what needs to improve(?: in this area of social work practice)?\\??",
      'areas? for (?:improvement|development|priority action)',
      '(?:main )?findings',
      'inspection findings(?: .{0,60}[a-z])?',
      'record of main findings',
      'about this inspection',
      'service information',
      'the inspection judgements and what they mean',
      'what the inspection judgements mean',
      'next steps',
      'yours sincerely',
    ].join('|') +
    ')$',
  'i',
);
