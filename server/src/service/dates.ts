/**
 * Date recognition for Ofsted reports: finds the dates written in a report's text ("25 June
 * 2021", "12 and 13 May 2021", "27 September  20 October 2016", "2015–16", "in 2018") and
 * normalises each to an ISO 8601 value or interval.
 *
 * Pure and linear in the input: a cheap scan finds the year digits every date holds, one global
 * regular expression reads the date around them (its alternatives have no nested repetition and
 * its white space is bounded, so it cannot backtrack catastrophically), and a little code per
 * candidate checks and normalises it. Years are 1900–2099 only.
 */
import type { DateKind, Span } from './model';

export interface FoundDate {
  /** The date as printed. */
  text: string;
  /** ISO 8601: a day, month or year, or an interval `start/end` of those. */
  value: string;
  /** From the label before the date on its line; `other` when there is none. */
  kind: DateKind;
  /** UTF-16 offsets into the text, half-open. */
  span: Span;
  /** Set when the date as written cannot be right; `value` still follows the text. */
  problem?: 'nonexistent' | 'end-before-start';
}

/** The dates in `text`, in text order and non-overlapping. Never throws. */
export function findDates(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  if (typeof text !== 'string') return found;
  for (let from = 0; ; ) {
    // Every date holds a year's digits, which a plain scan finds far faster than the full
    // pattern can; the full pattern then only reads the stretch a date could start in.
    YEAR_DIGITS_ANYWHERE.lastIndex = from;
    if (!YEAR_DIGITS_ANYWHERE.test(text)) break;
    const yearStart = YEAR_DIGITS_ANYWHERE.lastIndex - 4;
    DATE.lastIndex = Math.max(from, yearStart - MAX_LEAD);
    const match = DATE.exec(text);
    if (match === null) break;
    const date = readMatch(text, match);
    if (date) found.push(date);
    // A rejected candidate may still hide a date further on ("7 March 21 to 18 March 2022"),
    // so the scan resumes one character in; the start guard stops it inside the same number.
    from = date ? date.span.end : match.index + 1;
  }
  return found;
}

/**
 * The single date expression that fills `text` (leading and trailing white space ignored), with
 * offsets relative to `text`; undefined when `text` is not exactly one date.
 */
export function parseDate(text: string): FoundDate | undefined {
  if (typeof text !== 'string') return undefined;
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  const found = findDates(text);
  const only = found.length === 1 ? found[0] : undefined;
  return only && only.span.start === start && only.span.end === end ? only : undefined;
}

// ---------------------------------------------------------------------------------------------
// The pattern. Built from named parts so that each form reads as it is written in a report.

/** Horizontal white space, including the form feeds pdftotext puts at page breaks. */
const H = '[ \\t\\f\\u00a0]';
// White space inside a date is bounded (four characters either side of at most one line break:
// PDF text wraps dates across lines) so that a date's length, and so MAX_LEAD, is bounded too.
const GAP = `${H}{0,4}(?:\\r?\\n${H}{0,4})?`;
const SPACE = `(?:${H}{1,4}(?:\\r?\\n${H}{0,4})?|\\r?\\n${H}{0,4})`;
/** Hyphen, the Unicode hyphens and dashes, and the minus sign some PDFs use as a dash. */
const DASH = '[-\\u2010-\\u2015\\u2212]';
const RANGE = `(?:${GAP}${DASH}${GAP}|${SPACE}(?:to|until|till)${SPACE})`;
const AND = `${SPACE}(?:and|&)${SPACE}`;
/** Two or more spaces between two full dates: what is left when " – " loses its dash. */
const LOST_DASH = `${H}{2,4}`;
const MONTH_NAMES =
  'jan(?:uary|\\.)?|feb(?:ruary|\\.)?|mar(?:ch|\\.)?|apr(?:il|\\.)?|may|jun(?:e|\\.)?|jul(?:y|\\.)?|' +
  'aug(?:ust|\\.)?|sep(?:tember|t\\.?|\\.)?|oct(?:ober|\\.)?|nov(?:ember|\\.)?|dec(?:ember|\\.)?';
const YEAR_DIGITS = '(?:19|20)\\d\\d';
/** Not a decade ("1990s") and not the start of a longer number ("20185"). */
const YEAR_END = "(?!\\d|'?s(?![a-z]))";

type GroupName =
  | 'sameFrom' | 'sameTo' | 'sameMonth' | 'sameYear'
  | 'from' | 'fromMonth' | 'fromYear' | 'to' | 'toMonth' | 'toYear'
  | 'monthFrom' | 'monthFromYear' | 'monthTo' | 'monthToYear'
  | 'yearFrom' | 'glued' | 'short' | 'yearTo';

const named = (name: GroupName, pattern: string) => `(?<${name}>${pattern})`;
const day = (name: GroupName) => `${named(name, '\\d\\d?')}(?:st|nd|rd|th)?(?:${SPACE}of)?`;
const month = (name: GroupName) => `${named(name, MONTH_NAMES)}(?![a-z])`;
const year = (name: GroupName) => `${named(name, YEAR_DIGITS)}${YEAR_END}`;

/**
 * Day first: "25 June 2021", "12 and 13 May 2021", "9–10 March 2021", "25 February - 6 March
 * 2013", "27 September  20 October 2016" (dash lost), "30 January 2017 to 23 February 2017", and
 * the page header "7 March 22 to 18 March 2022" (first year shortened).
 */
const DAY_FIRST =
  `${day('sameFrom')}(?:${RANGE}|${AND})${day('sameTo')}${SPACE}${month('sameMonth')}${SPACE}${year('sameYear')}` +
  `|${day('from')}${SPACE}${month('fromMonth')}` +
  `(?:(?:${SPACE}${named('fromYear', '(?:19|20)?\\d\\d')}(?!\\d)(?:${RANGE}|${LOST_DASH})|${RANGE}|${AND}|${SPACE})` +
  `${day('to')}${SPACE}${month('toMonth')})?${SPACE}${year('toYear')}`;

/** Month first: "June 2021", "April to June 2016", "April 2015 to March 2016". */
const MONTH_FIRST =
  `${month('monthFrom')}(?:(?:${SPACE}${year('monthFromYear')})?${RANGE}${month('monthTo')})?` +
  `${SPACE}${year('monthToYear')}`;

/**
 * A year is not a date after legislation ("Children Act 1989", "LSCB regulations 2006",
 * "(England) Regulations, 2010"), nor after a number and a space (phone numbers such as
 * "0161 618 2016", rows of figures). Checked in the pattern rather than in code so that text full
 * of such years is rejected at the pattern's speed.
 */
const LEGISLATION = 'acts?|regulations?|order|rules|measure|bill|code';
const NOT_AFTER_LEGISLATION = `(?<!\\b(?:${LEGISLATION})${H}{0,20}(?:\\r?\\n${H}{0,20})?,?${H}{0,20})`;
const NOT_AFTER_NUMBER = `(?<!\\d${H}{1,20})`;

/**
 * Year first: "2018", "2015–16", "2015/16", "201516" (dash lost), "2012–2013", "2010 to 2013".
 * Which of these is a financial year is decided in code.
 */
const YEAR_FIRST =
  `${NOT_AFTER_LEGISLATION}${NOT_AFTER_NUMBER}${named('yearFrom', YEAR_DIGITS)}(?:` +
  `${named('glued', '\\d\\d')}|(?:${DASH}|/)${named('short', '\\d\\d')}|(?:${RANGE}|/)${named('yearTo', YEAR_DIGITS)}` +
  `)?${YEAR_END}`;

/** Not inside a word or number, nor after a decimal point, thousands comma or currency sign. */
const START = '(?<![\\w£$€]|\\d[.,])';

const PATTERN = `${START}(?:${DAY_FIRST}|${YEAR_FIRST}|${MONTH_FIRST})`;
const NAMED_GROUP = /\(\?<(\w+)>/g;
/**
 * The parts above name their groups for reading; the compiled pattern numbers them instead,
 * because a match with named groups builds an object of eighteen properties, which doubled the
 * cost of every candidate. (The pattern's only capturing groups are the named ones.)
 */
const GROUP_NUMBER = Object.fromEntries(
  [...PATTERN.matchAll(NAMED_GROUP)].map((group, index) => [group[1], index + 1]),
) as Record<GroupName, number>;
// Both patterns are shared and stateful (lastIndex): findDates sets lastIndex before every use.
const DATE = new RegExp(PATTERN.replace(NAMED_GROUP, '('), 'gi');
/** Where every date's year could be: the cheap scan that tells the full pattern where to look. */
const YEAR_DIGITS_ANYWHERE = new RegExp(YEAR_DIGITS, 'g');
/**
 * The most characters a date can have before its first year: the longest day-first form,
 * "31st␣of␣September␣22␣until␣30th␣of␣September␣" with every ␣ the longest white space allowed,
 * "    \r\n    " (4 + 2 + 9 + 2 + 5 + 4 + 2 + 9 letters and digits, 8 gaps of 10): 117.
 */
const MAX_LEAD = 117;

/** A match's group, by name. */
type Capture = (name: GroupName) => string | undefined;

/** A calendar point: a year, a month of a year, or a day. */
interface Point {
  year: number;
  month?: number;
  day?: number;
}

// ---------------------------------------------------------------------------------------------
// Reading a match.

function readMatch(text: string, match: RegExpExecArray): FoundDate | undefined {
  const g: Capture = (name) => match[GROUP_NUMBER[name]];
  if (g('sameFrom') !== undefined || g('from') !== undefined) return readDayFirst(text, match, g);
  if (g('yearFrom') !== undefined) return readYearFirst(text, match, g);
  return readMonthFirst(text, match, g);
}

function readDayFirst(text: string, match: RegExpExecArray, g: Capture): FoundDate | undefined {
  // "March 22 to 18 March 2022" would otherwise read as the range 22–18 March.
  if (isMonthName(wordBefore(text, match.index))) return undefined;
  // Numbers above 31 before a month are counts, not days ("45 June 2016 referrals").
  if (![g('sameFrom'), g('sameTo'), g('from'), g('to')].every(isDayNumber)) return undefined;
  if (g('sameFrom') !== undefined) {
    const at = { year: Number(g('sameYear')), month: monthNumber(g('sameMonth')) };
    return interval(text, match, { ...at, day: Number(g('sameFrom')) }, { ...at, day: Number(g('sameTo')) });
  }
  const end: Point = { year: Number(g('toYear')), month: monthNumber(g('toMonth')) };
  const start: Point = { year: end.year, month: monthNumber(g('fromMonth')), day: Number(g('from')) };
  const to = g('to');
  if (to === undefined) return single(text, match, start);
  end.day = Number(to);
  const fromYear = g('fromYear');
  if (fromYear !== undefined) {
    // A two-digit year is only trusted when it is the end's year shortened.
    if (fromYear.length === 2 && Number(fromYear) !== end.year % 100) return undefined;
    start.year = fromYear.length === 2 ? end.year : Number(fromYear);
  }
  return interval(text, match, start, end);
}

function isDayNumber(day: string | undefined): boolean {
  return day === undefined || (Number(day) >= 1 && Number(day) <= 31);
}

function readMonthFirst(text: string, match: RegExpExecArray, g: Capture): FoundDate | undefined {
  const monthTo = g('monthTo');
  const end: Point = { year: Number(g('monthToYear')), month: monthNumber(monthTo ?? g('monthFrom')) };
  const start: Point = { year: Number(g('monthFromYear') ?? g('monthToYear')), month: monthNumber(g('monthFrom')) };
  return monthTo === undefined ? single(text, match, end) : interval(text, match, start, end);
}

function readYearFirst(text: string, match: RegExpExecArray, g: Capture): FoundDate | undefined {
  if (isInTitle(text, match.index)) return undefined;
  const from = Number(g('yearFrom'));
  const to = secondYear(from, g);
  if (g('glued') !== undefined && to !== from + 1) return undefined; // "201215" is a number, not a year
  if (to === undefined || (g('short') !== undefined && to <= from)) return build(text, match.index, 4, String(from));
  // Consecutive years joined by a dash or slash name a financial year; "2014 to 2015" does not.
  const joinedByWord = /[a-z]/i.test(match[0].slice(4, -4));
  if (to === from + 1 && !joinedByWord) return build(text, match.index, match[0].length, `${from}-04-01/${to}-03-31`);
  return interval(text, match, { year: from }, { year: to });
}

/** The second year of "2015–16", "201516" or "2010 to 2013", as a full year. */
function secondYear(from: number, g: Capture): number | undefined {
  const twoDigits = g('glued') ?? g('short');
  const yearTo = g('yearTo');
  if (twoDigits === undefined) return yearTo === undefined ? undefined : Number(yearTo);
  // Only the following year may cross a century ("1999–00").
  return Number(twoDigits) === (from + 1) % 100 ? from + 1 : from - (from % 100) + Number(twoDigits);
}

/**
 * Whether a year belongs to a document title ("Working Together to Safeguard Children 2018"): a
 * year right after a capitalised word, or after one and a comma ("Department for Education,
 * 2013"), is taken as part of a title, except after a word that starts a sentence or a time
 * phrase ("In 2018", "Summer 2016") or a month.
 */
function isInTitle(text: string, start: number): boolean {
  let before = skipSpaceBack(text, start);
  if (text.charCodeAt(before - 1) === 44 /* , */) before--;
  const word = wordBefore(text, before);
  const capitalised = word.length > 0 && word.charCodeAt(0) <= 90; // A–Z: wordBefore returns letters only
  return capitalised && !TIME_WORDS.has(word.toLowerCase()) && !isMonthName(word);
}

const TIME_WORDS = new Set([
  'in', 'since', 'from', 'by', 'during', 'until', 'till', 'before', 'after', 'between', 'and', 'or', 'to', 'of',
  'at', 'on', 'for', 'the', 'this', 'that', 'early', 'late', 'mid', 'spring', 'summer', 'autumn', 'winter', 'year',
  'copyright', 'throughout', 'around', 'also', 'as', 'but', 'then', 'unlike', 'compared', 'over', 'within',
]);

// ---------------------------------------------------------------------------------------------
// Building results.

function single(text: string, match: RegExpExecArray, point: Point): FoundDate {
  const date = build(text, match.index, match[0].length, iso(point));
  if (!exists(point)) date.problem = 'nonexistent';
  return date;
}

function interval(text: string, match: RegExpExecArray, start: Point, end: Point): FoundDate {
  const from = iso(start);
  const to = iso(end);
  const date = build(text, match.index, match[0].length, `${from}/${to}`);
  if (!exists(start) || !exists(end)) date.problem = 'nonexistent';
  else if (to < from) date.problem = 'end-before-start';
  return date;
}

function build(text: string, start: number, length: number, value: string): FoundDate {
  const end = start + length;
  return { text: text.slice(start, end), value, kind: kindBefore(text, start), span: { start, end } };
}

function iso(point: Point): string {
  let value = String(point.year);
  if (point.month !== undefined) value += `-${pad(point.month)}`;
  if (point.day !== undefined) value += `-${pad(point.day)}`;
  return value;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Whether the day exists in its month ("31 February 2021" does not); months and years always do. */
function exists(point: Point): boolean {
  if (point.day === undefined || point.month === undefined) return true;
  return point.day >= 1 && point.day <= daysInMonth(point.year, point.month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// ---------------------------------------------------------------------------------------------
// Labels: what kind of date the text before it says it is.

const INSPECTION_LABELS = ['inspection date', 'inspection dates', 'inspection date(s)'];
const PUBLICATION_LABELS = ['report published', 'publication date', 'date of publication'];
/** How far back on a line "inspection" may be in "the inspection of … was conducted on". */
const SENTENCE_WINDOW = 300;

/** The kind given by a label just before the date on its line ("Inspection dates: …"). */
function kindBefore(text: string, start: number): DateKind {
  let end = skipSpaceBack(text, start);
  if (text.charCodeAt(end - 1) === 58 /* : */) end = skipSpaceBack(text, end - 1);
  const tail = text.slice(Math.max(0, end - 40), end).toLowerCase();
  if (endsWithLabel(tail, INSPECTION_LABELS)) return 'inspection';
  if (endsWithLabel(tail, PUBLICATION_LABELS)) return 'publication';
  if (/(?:conducted|carried out)[ \t]+on$/.test(tail) && inspectionEarlierOnLine(text, end)) return 'inspection';
  return 'other';
}

/** An earlier inspection's date ("Previous inspection date: …") is not this report's. */
const EARLIER = /(?:previous|last|earlier)[ \t]+$/;

/** Whether `tail` ends with one of the labels, as whole words, not an earlier one's. */
function endsWithLabel(tail: string, labels: string[]): boolean {
  return labels.some((label) => {
    if (!tail.endsWith(label)) return false;
    const before = tail.slice(0, tail.length - label.length);
    return !isLetter(before.charCodeAt(before.length - 1)) && !EARLIER.test(before);
  });
}

function inspectionEarlierOnLine(text: string, end: number): boolean {
  const window = text.slice(Math.max(0, end - SENTENCE_WINDOW), end);
  return /\binspection\b/i.test(window.slice(window.lastIndexOf('\n') + 1));
}

// ---------------------------------------------------------------------------------------------
// Small text helpers (bounded look-behind keeps the scan linear).

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD = new RegExp(`^(?:${MONTH_NAMES.replace(/\\\./g, '')})$`, 'i');

function monthNumber(name: string | undefined): number {
  return MONTHS.indexOf((name ?? '').slice(0, 3).toLowerCase()) + 1;
}

function isMonthName(word: string): boolean {
  return MONTH_WORD.test(word);
}

/** The word (letters only, at most 30) before `index`, across spaces and at most one line break. */
function wordBefore(text: string, index: number): string {
  let end = skipSpaceBack(text, index);
  if (text.charCodeAt(end - 1) === 10 /* \n */) {
    end = skipSpaceBack(text, end - (text.charCodeAt(end - 2) === 13 /* \r */ ? 2 : 1));
  }
  let start = end;
  while (start > 0 && end - start < 30 && isLetter(text.charCodeAt(start - 1))) start--;
  return text.slice(start, end);
}

/** The index just after the last non-space before `index` on the same line (at most 20 back). */
function skipSpaceBack(text: string, index: number): number {
  let i = index;
  while (i > 0 && index - i < 20 && isHorizontalSpace(text.charCodeAt(i - 1))) i--;
  return i;
}

function isHorizontalSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 12 || code === 0xa0;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
