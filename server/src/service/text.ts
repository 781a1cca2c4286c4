import type { Position, Range, Span } from './model';

/**
 * One line of the report. `start`/`end` are offsets into the original text, `end` before the
 * line break; `text` is the line with surrounding whitespace (and form feeds) trimmed, and
 * `textStart` is where that trimmed text begins.
 */
export interface Line {
  index: number;
  start: number;
  end: number;
  text: string;
  textStart: number;
}

/** The report's text split into lines once, with offset-to-position conversion. */
export class ReportText {
  readonly lines: Line[];
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    this.lines = splitLines(text);
    this.lineStarts = this.lines.map((line) => line.start);
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, character: clamped - this.lineStarts[line] };
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  /** Index of the line holding `offset`, by binary search. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Span of a line's trimmed text. */
  spanOfLine(line: Line): Span {
    return { start: line.textStart, end: line.textStart + line.text.length };
  }

  /** Span from the start of one line's text to the end of another's. */
  spanOfLines(first: Line, last: Line): Span {
    return { start: first.textStart, end: last.textStart + last.text.length };
  }
}


/**
 * Splits at \n, \r\n and \r, as the LSP counts lines. Run on every parse: the breaks are found
 * with indexOf, which scans far faster than a loop over character codes (ten times, on a
 * 100 KB report), keeping the next \n and the next \r and taking the nearer.
 */
function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let nextLf = text.indexOf('\n');
  let nextCr = text.indexOf('\r');
  for (;;) {
    if (nextLf !== -1 && nextLf < start) nextLf = text.indexOf('\n', start);
    if (nextCr !== -1 && nextCr < start) nextCr = text.indexOf('\r', start);
    const lineBreak = nextCr === -1 || (nextLf !== -1 && nextLf < nextCr) ? nextLf : nextCr;
    if (lineBreak === -1) break;
    lines.push(makeLine(text, lines.length, start, lineBreak));
    start = lineBreak === nextCr && nextLf === lineBreak + 1 ? lineBreak + 2 : lineBreak + 1;
  }
  lines.push(makeLine(text, lines.length, start, text.length));
  return lines;
}

function makeLine(text: string, index: number, start: number, end: number): Line {
  let first = start;
  let last = end;
  while (first < last && isEdgeSpace(text.charCodeAt(first))) first++;
  while (last > first && isEdgeSpace(text.charCodeAt(last - 1))) last--;
  return { index, start, end, text: text.slice(first, last), textStart: first };
}

/** Spaces, tabs, form feeds (page breaks), byte order marks and every other Unicode space. */
function isEdgeSpace(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code > 127 && (code === 0xfeff || UNICODE_SPACE.test(String.fromCharCode(code)));
}

const UNICODE_SPACE = /\s/;

/**
 * Folds the typographic variants PDF extraction leaves (curly quotes, non-breaking spaces,
 * runs of spaces) so that patterns can be written once. Length is not preserved: use it for
 * matching, never for offsets.
 */
export function fold(text: string): string {
  if (!NEEDS_FOLDING.test(text)) return text.trim();
  return text
    .replace(APOSTROPHES, "'")
    .replace(DASHES, '-')
    .replace(WHITE_SPACE_RUN, ' ')
    .trim();
}

const APOSTROPHES = /[\u2018\u2019\u02bc`]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;

/**
 * A run of white space other than a single plain space ([^\S ] is any white space but " "):
 * the runs fold replaces. Leaving single spaces unmatched spares a replacement for every word.
 */
const WHITE_SPACE_RUN = / \s+|[^\S ]\s*/g;

const NEEDS_FOLDING = /[\u2018\u2019\u02bc`\u2010-\u2015\u2212\u00a0\t\n\r\f\v]| {2}/;

/** Joins wrapped lines into one string: single spaces, no space after a word-breaking hyphen. */
export function joinWrapped(parts: string[]): string {
  // Pieces and separators are gathered and joined once: join builds a flat string, which the
  // odd-space check below scans far faster than a string built by concatenation (which it
  // would first have to flatten).
  const pieces: string[] = [];
  let previous = '';
  for (const part of parts) {
    const piece = part.trim();
    if (!piece) continue;
    if (pieces.length && !endsWithWordHyphen(previous)) pieces.push(' ');
    pieces.push(piece);
    previous = piece;
  }
  const joined = pieces.length === 1 ? pieces[0] : pieces.join('');
  return hasOddSpace(joined) ? joined.replace(SPACE_RUN, ' ') : joined;
}

const SPACE_RUN = /\s+/g;

/** "multi-" at a line end: the hyphen belongs to the word and the next line completes it. */
function endsWithWordHyphen(text: string): boolean {
  const length = text.length;
  if (length < 2 || text.charCodeAt(length - 1) !== 45) return false;
  const before = text.charCodeAt(length - 2) | 0x20;
  return before >= 97 && before <= 122;
}

/** Tabs, form feeds, non-breaking or doubled spaces, which joined text must not keep. */
function hasOddSpace(text: string): boolean {
  // One indexOf per character rather than a regular expression with a class: indexOf scans
  // several times faster, and joinWrapped runs on every paragraph.
  return (
    text.includes('  ') ||
    text.includes('\t') ||
    text.includes('\f') ||
    text.includes('\u00a0') ||
    text.includes('\n') ||
    text.includes('\r') ||
    text.includes('\v')
  );
}

/** Whether the text starts with A–Z (a character code test: this runs on most lines). */
export function startsWithCapital(text: string): boolean {
  const code = text.charCodeAt(0);
  return code >= 65 && code <= 90;
}

/** Whether the text starts with a–z. */
export function startsWithLowerCase(text: string): boolean {
  const code = text.charCodeAt(0);
  return code >= 97 && code <= 122;
}

/**
 * Whether `text` may start with one of `letters` (lower case) when folded: false only when it
 * starts with a letter A–Z or a–z that is none of them. Patterns tried on every line test this
 * first, which spares folding and matching most lines; anything but an ASCII letter goes on.
 */
export function mayStartWith(text: string, letters: string): boolean {
  const lower = text.charCodeAt(0) | 0x20;
  if (lower < 97 || lower > 122) return true;
  for (let i = 0; i < letters.length; i++) if (letters.charCodeAt(i) === lower) return true;
  return false;
}

/** A lowercase hyphenated slug of a label, for subjects without a canonical name. */
export function slugify(label: string): string {
  return fold(label)
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
