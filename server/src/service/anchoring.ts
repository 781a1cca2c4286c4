/**
 * Re-anchoring: finding where each annotation's passage is in the report's current text, after
 * the report was edited in the editor or replaced on disk (a re-extraction of the PDF, a QA
 * reviewer's corrections). The selectors are tried from the cheapest and surest to the costliest:
 *
 * 1. `position`: the stored offsets still hold the quoted text.
 * 2. `quote`: the quoted text is elsewhere. Every occurrence is scored by how well the text
 *    either side agrees with the stored prefix and suffix, then by closeness to the old place.
 *    Text that differs from the quote only in whitespace (line ends converted to CRLF, lines
 *    re-wrapped) counts as the quote: the words are the same, in the same order.
 * 3. `fuzzy`: the passage was reworded. An approximate match (Myers' bit-parallel algorithm, from
 *    `approx-string-match`) with at most a quarter of the quote's characters changed, scored on
 *    the quote and its context, and accepted only when it resembles the annotation closely
 *    enough. It is also tried when the quote occurs only where its context disagrees: that may be
 *    a copy of the passage elsewhere while the passage itself was edited.
 * 4. `orphaned`: nothing resembles it well enough. `closestMatch` still offers the best guess, for
 *    the user to confirm.
 *
 * Wrong placements are worse than orphans (a theme silently attached to the wrong passage skews
 * the analysis; an orphan is shown to the user), so the thresholds lean towards orphaning.
 *
 * Pure, and never throws. Time grows linearly with the text: the approximate search looks
 * around the expected place, and over the whole text only while that stays cheap (not, say, for
 * a long quote in a 5 MB text, which is orphaned instead).
 */
import search from 'approx-string-match';
import type { Annotation } from './annotations';
import type { Span } from './model';

export type AnchorHow = 'position' | 'quote' | 'fuzzy' | 'orphaned';

export interface Anchored {
  annotation: Annotation;
  span: Span | null;
  how: AnchorHow;
}

/** Places one annotation in `text`. */
export function anchor(annotation: Annotation, text: string): Anchored {
  const selectors = selectorsOf(annotation);
  return anchored(annotation, place(selectors, new Target(text), selectors.start, ANCHORING));
}

/**
 * Places every annotation of one report in `text`. The same as `anchor` for each, except that a
 * passage that has to be looked for approximately is looked for first where its nearest
 * neighbour (by old position) moved to, rather than at its own old offsets.
 */
export function anchorAll(annotations: Annotation[], text: string): Anchored[] {
  const target = new Target(text);
  const selectors = annotations.map(selectorsOf);
  const sure = selectors.map((s) => placeSurely(s, target));
  const moves = sure.flatMap((found, i) => (found ? [{ from: selectors[i].start, by: found.span.start - selectors[i].start }] : [])).sort((a, b) => a.from - b.from);
  return annotations.map((annotation, i) => {
    const expected = selectors[i].start + shiftNear(moves, selectors[i].start);
    return anchored(annotation, sure[i] ?? place(selectors[i], target, expected, ANCHORING));
  });
}

/**
 * The best candidate place even when too weak to anchor automatically (for a "re-attach to
 * closest match" quick fix); null when nothing resembles it. similarity in 0..1
 *
 * Where `anchor` places the annotation, this is that place. Otherwise it is the best approximate
 * match with up to half the quote's characters changed, if its similarity (the quote and the
 * context either side, weighted 50:20:20) is at least 0.5.
 */
export function closestMatch(annotation: Annotation, text: string): { span: Span; similarity: number } | null {
  const selectors = selectorsOf(annotation);
  const target = new Target(text);
  const found = place(selectors, target, selectors.start, ANCHORING) ?? place(selectors, target, selectors.start, CLOSEST);
  return found && { span: found.span, similarity: found.similarity };
}

// ---------------------------------------------------------------------------------------------
// Tuning (measured with bench/reanchor.mjs; see BENCHMARKS.md)

interface Strictness {
  /** Characters changed (inserted, deleted or replaced) allowed in an approximate match, as a share of the quote's length. */
  errorRatio: number;
  /** The similarity (quote and context, 0..1) a place needs. */
  minSimilarity: number;
}

/** Anchoring without asking: a quarter of the quote changed at most, and a close resemblance. */
const ANCHORING: Strictness = { errorRatio: 0.25, minSimilarity: 0.8 };
/** The closest match offered to the user: a passage half rewritten may still be the one meant, but less than half similar is nothing like it. */
const CLOSEST: Strictness = { errorRatio: 0.5, minSimilarity: 0.5 };
/** An exact quote this similar (its context agreeing) is taken without looking for anything better. */
const SURE = 0.9;
/** A quote at least this long is trusted wherever it occurs; a shorter one must also agree with its context. */
const DISTINCTIVE_QUOTE = 24;
/** The approximate search looks this far either side of the expected place before the whole text. */
const WINDOW_SLACK = 2000;
/** The whole text is searched approximately only while its length × the pattern's 32-bit blocks stays under this (about 0.1 s). */
const WHOLE_TEXT_BUDGET = 8_000_000;
/** Shorter quotes are searched approximately near their old place only: elsewhere they match by chance. */
const MIN_WHOLE_TEXT_QUOTE = 16;
/** Characters compared, beyond four per character of the text, in looking for a quote whitespace aside. */
const WALK_BUDGET = 10_000_000;
/** Occurrences of a quote scored at most (the nearest to the expected place). */
const MAX_CANDIDATES = 1000;
/** Weights of the quote and of each side's context in the similarity. */
const QUOTE_WEIGHT = 50;
const CONTEXT_WEIGHT = 20;
/** Closeness to the expected place only breaks near-ties. */
const POSITION_WEIGHT = 0.01;
const POSITION_SCALE = 1000;
/** Context compared, at most, either side (the annotation file keeps 32 characters). */
const MAX_CONTEXT = 64;

// ---------------------------------------------------------------------------------------------
// The steps

/** The annotation's selectors, with their whitespace flattened for the comparisons that ignore it. */
interface Selectors {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  flatExact: string;
  flatPrefix: string;
  flatSuffix: string;
}

interface Place {
  span: Span;
  how: Exclude<AnchorHow, 'orphaned'>;
  similarity: number;
}

/** A place the quote may be, in the text's offsets, with the characters that differ. */
interface Candidate {
  start: number;
  end: number;
  errors: number;
}

interface Scored extends Candidate {
  /** How much the quote and its context agree, 0..1. */
  similarity: number;
  /** The similarity, with closeness to the expected place to break near-ties. */
  rank: number;
}

/** Every step, from the stored position to an approximate match anywhere. */
function place(selectors: Selectors, target: Target, expected: number, strictness: Strictness): Place | null {
  if (!selectors.exact) return null;
  const exact = exactly(selectors, target);
  if (exact.sure) return exact.sure;
  const near = approximately(selectors, target, expected, strictness, !exact.best);
  if (near && (!exact.best || near.similarity > exact.best.similarity)) return { span: spanOf(near), how: near.errors === 0 ? 'quote' : 'fuzzy', similarity: near.similarity };
  if (exact.best && (selectors.exact.length >= DISTINCTIVE_QUOTE || exact.best.similarity >= strictness.minSimilarity)) return quoted(exact.best, exact.atPosition);
  return exact.atPosition ? { span: { start: selectors.start, end: selectors.end }, how: 'position', similarity: exact.atPosition.similarity } : null;
}

/** Steps 1 and 2 when they leave no doubt: for `anchorAll`'s first pass. */
function placeSurely(selectors: Selectors, target: Target): Place | null {
  return selectors.exact ? exactly(selectors, target).sure : null;
}

interface Exactly {
  /** The place, when there is no need to look further. */
  sure: Place | null;
  /** The best occurrence of the quote (whitespace aside), if any. */
  best: Scored | null;
  /** The occurrence at the stored offsets, if the quote is still there. */
  atPosition: Scored | null;
}

/** Steps 1 and 2: the quote character for character, or else whitespace aside. */
function exactly(selectors: Selectors, target: Target): Exactly {
  const { exact, prefix, suffix, start, end } = selectors;
  const text = target.text;
  const here = text.slice(start, end) === exact;
  if (here && text.slice(Math.max(0, start - prefix.length), start) === prefix && text.startsWith(suffix, end)) {
    const sure: Place = { span: { start, end }, how: 'position', similarity: 1 };
    return { sure, best: null, atPosition: null };
  }
  let candidates = occurrences(text, exact, start);
  if (candidates.length === 0) candidates = occurrencesAsideWhitespace(text, selectors.flatExact, start);
  const scored = candidates.map((candidate) => score(candidate, text, selectors, start));
  const best = top(scored);
  const atPosition = here ? (scored.find((candidate) => candidate.start === start && candidate.end === end) ?? null) : null;
  if (best && atPosition && best.rank <= atPosition.rank) return { sure: { span: { start, end }, how: 'position', similarity: atPosition.similarity }, best: atPosition, atPosition };
  const sure = best && best.similarity >= SURE ? quoted(best, atPosition) : null;
  return { sure, best, atPosition };
}

/** Step 3: the best approximate match near `expected`, then, if there is none and `anywhere`, in the whole text while that is affordable. */
function approximately(selectors: Selectors, target: Target, expected: number, strictness: Strictness, anywhere: boolean): Scored | null {
  const quote = selectors.flatExact;
  const maxErrors = Math.floor(quote.length * strictness.errorRatio);
  const text = target.text;
  if (maxErrors === 0 || quote.length - maxErrors > text.length) return null;
  const from = Math.max(0, expected - WINDOW_SLACK);
  const to = Math.min(text.length, expected + 2 * selectors.exact.length + WINDOW_SLACK);
  const acceptable = (found: Scored | null) => (found && found.similarity >= strictness.minSimilarity ? found : null);
  const near = acceptable(top(matches(new FlatText(text, from, to), quote, maxErrors, expected).map((c) => score(c, text, selectors, expected))));
  if (near || !anywhere || (from === 0 && to === text.length) || !affordable(text.length, quote.length, maxErrors)) return near;
  return acceptable(top(matches(target.flat, quote, maxErrors, expected).map((c) => score(c, text, selectors, expected))));
}

function anchored(annotation: Annotation, found: Place | null): Anchored {
  return found ? { annotation, span: found.span, how: found.how } : { annotation, span: null, how: 'orphaned' };
}

/** An occurrence of the quote: `position` if it is the stored one, character for character. */
function quoted(found: Scored, atPosition: Scored | null): Place {
  return { span: spanOf(found), how: found === atPosition ? 'position' : 'quote', similarity: found.similarity };
}

function spanOf(candidate: Candidate): Span {
  return { start: candidate.start, end: candidate.end };
}

function affordable(textLength: number, quoteLength: number, maxErrors: number): boolean {
  return quoteLength >= MIN_WHOLE_TEXT_QUOTE && textLength * Math.ceil((maxErrors + 1) / 32) <= WHOLE_TEXT_BUDGET;
}

/** The shift of the annotation placed surely nearest to `from` (before it if any), from a list sorted by `from`. */
function shiftNear(moves: Array<{ from: number; by: number }>, from: number): number {
  if (moves.length === 0) return 0;
  let low = 0;
  let high = moves.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (moves[mid].from <= from) low = mid + 1;
    else high = mid;
  }
  return moves[Math.max(0, low - 1)].by;
}

// ---------------------------------------------------------------------------------------------
// Candidates and their scores

/** Every occurrence of `quote` in `text`, the nearest to `expected` if there are too many. */
function occurrences(text: string, quote: string, expected: number): Candidate[] {
  const starts: number[] = [];
  for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) starts.push(at);
  return nearest(starts, (start) => start, expected).map((start) => ({ start, end: start + quote.length, errors: 0 }));
}

/**
 * Every place where the quote's words are, in order, with any whitespace between them: found by
 * the first word, then walked through. The walking stops, with what it found, after a budget of
 * comparisons, so that a pathological text cannot make it quadratic.
 */
function occurrencesAsideWhitespace(text: string, flatQuote: string, expected: number): Candidate[] {
  const words = flatQuote.trim();
  if (!words) return [];
  const first = words.slice(0, words.indexOf(' ') + 1 || words.length).trimEnd();
  const found: Candidate[] = [];
  let budget = WALK_BUDGET + 4 * text.length;
  for (let at = text.indexOf(first); at >= 0 && budget > 0; at = text.indexOf(first, at + 1)) {
    const walked = walkAsideWhitespace(text, at, words);
    budget -= walked.steps;
    if (walked.end < 0) continue;
    const start = flatQuote.startsWith(' ') ? whitespaceBefore(text, at) : at;
    const end = flatQuote.endsWith(' ') ? whitespaceAfter(text, walked.end) : walked.end;
    if (start >= 0 && end >= 0) found.push({ start, end, errors: 0 });
  }
  return nearest(found, (candidate) => candidate.start, expected);
}

/** Where `words` (single spaces between them) end if they are at `at` with any whitespace between them, or -1. */
function walkAsideWhitespace(text: string, at: number, words: string): { end: number; steps: number } {
  let i = at;
  for (let j = 0; j < words.length; j++) {
    if (words.charCodeAt(j) === 0x20) {
      if (i >= text.length || !isWhitespace(text.charCodeAt(i))) return { end: -1, steps: j + 1 };
      while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    } else if (text.charCodeAt(i++) !== words.charCodeAt(j)) return { end: -1, steps: j + 1 };
  }
  return { end: i, steps: words.length };
}

/** The start of the whitespace that ends at `at`, or -1 if there is none. */
function whitespaceBefore(text: string, at: number): number {
  let i = at;
  while (i > 0 && isWhitespace(text.charCodeAt(i - 1))) i--;
  return i < at ? i : -1;
}

/** The end of the whitespace that starts at `at`, or -1 if there is none. */
function whitespaceAfter(text: string, at: number): number {
  let i = at;
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i > at ? i : -1;
}

/** The approximate matches of `quote` in `flat` with the fewest errors (at most `maxErrors`), in the raw text's offsets. */
function matches(flat: FlatText, quote: string, maxErrors: number, expected: number): Candidate[] {
  const found = search(flat.text, quote, maxErrors).map((match) => ({ ...flat.spanOf(match), errors: match.errors }));
  return nearest(found.sort((a, b) => a.start - b.start), (candidate) => candidate.start, expected);
}

/** The `MAX_CANDIDATES` items nearest to `expected`, of a list in ascending order of `startOf`. */
function nearest<T>(items: T[], startOf: (item: T) => number, expected: number): T[] {
  if (items.length <= MAX_CANDIDATES) return items;
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (startOf(items[mid]) < expected) low = mid + 1;
    else high = mid;
  }
  let from = low;
  let to = low;
  while (to - from < MAX_CANDIDATES) {
    if (to >= items.length || (from > 0 && expected - startOf(items[from - 1]) <= startOf(items[to]) - expected)) from--;
    else to++;
  }
  return items.slice(from, to);
}

function top(scored: Scored[]): Scored | null {
  return scored.reduce<Scored | null>((best, candidate) => (!best || candidate.rank > best.rank ? candidate : best), null);
}

/** Scores a candidate on its quote and context, whitespace aside, then on closeness to `expected`. */
function score(candidate: Candidate, text: string, selectors: Selectors, expected: number): Scored {
  const quote = 1 - candidate.errors / selectors.flatExact.length;
  const prefix = contextSimilarity(selectors.flatPrefix, flatBefore(text, candidate.start, selectors.flatPrefix.length));
  const suffix = contextSimilarity(selectors.flatSuffix, flatAfter(text, candidate.end, selectors.flatSuffix.length));
  const similarity = (QUOTE_WEIGHT * quote + CONTEXT_WEIGHT * (prefix + suffix)) / (QUOTE_WEIGHT + 2 * CONTEXT_WEIGHT);
  const closeness = 1 / (1 + Math.abs(candidate.start - expected) / POSITION_SCALE);
  return { ...candidate, similarity, rank: similarity + POSITION_WEIGHT * closeness };
}

/**
 * The last `length` characters before `at`, whitespace flattened, or as many as there are to the
 * beginning of the text (whitespace there aside). The raw text is read generously: CRLF line ends
 * double the line breaks. With no `length` (no stored context), a context's worth.
 */
function flatBefore(text: string, at: number, length: number): string {
  const reach = 4 * MAX_CONTEXT;
  const flat = flatten(text.slice(Math.max(0, at - reach), at));
  return (at > reach ? flat : flat.trimStart()).slice(-(length || MAX_CONTEXT));
}

function flatAfter(text: string, at: number, length: number): string {
  const reach = 4 * MAX_CONTEXT;
  const flat = flatten(text.slice(at, at + reach));
  return (at + reach < text.length ? flat : flat.trimEnd()).slice(0, length || MAX_CONTEXT);
}

/**
 * How alike the stored context and the text beside a candidate are, 0..1. No stored context
 * means the passage was at the very beginning or end of the report: a candidate there (with
 * nothing beside it either) agrees, one elsewhere neither agrees nor disagrees.
 */
function contextSimilarity(stored: string, actual: string): number {
  if (!stored.trim()) return actual.trim() ? 0.5 : 1;
  return 1 - editDistance(stored, actual) / Math.max(stored.length, actual.length);
}

/** Levenshtein distance, for the short strings of context (at most MAX_CONTEXT characters each). */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

// ---------------------------------------------------------------------------------------------
// The text, raw and with whitespace flattened

/** One run of whitespace, however long and whichever characters, counts as one space. */
function flatten(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** The text an annotation is placed in, flattened whole when first needed (and only then). */
class Target {
  private flattened: FlatText | undefined;

  constructor(readonly text: string) {}

  get flat(): FlatText {
    return (this.flattened ??= new FlatText(this.text, 0, this.text.length));
  }
}

/** `raw[from, to)` with every run of whitespace made one space, and where each of its characters came from. */
class FlatText {
  readonly text: string;
  /** `origins[i]` is the offset in the raw text of the flat text's character `i`. */
  private readonly origins: Int32Array;

  constructor(raw: string, from: number, to: number) {
    this.text = flatten(raw.slice(from, to));
    this.origins = new Int32Array(this.text.length);
    let length = 0;
    let inRun = false;
    for (let i = from; i < to; i++) {
      const blank = isWhitespace(raw.charCodeAt(i));
      if (!(blank && inRun)) this.origins[length++] = i;
      inRun = blank;
    }
  }

  /** The raw span of a flat span: from its first character to the end of its last one. */
  spanOf(flat: { start: number; end: number }): Span {
    if (this.origins.length === 0) return { start: 0, end: 0 };
    const start = this.origins[Math.min(flat.start, this.origins.length - 1)];
    return { start, end: flat.end > flat.start ? this.origins[flat.end - 1] + 1 : start };
  }
}

/** Whether a UTF-16 code unit is whitespace to `/\s/` (so that `flatten` and `FlatText` agree). */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

// ---------------------------------------------------------------------------------------------
// The annotation's selectors, whatever a file put there

function selectorsOf(annotation: Annotation): Selectors {
  const [quote, position] = Array.isArray(annotation?.target?.selector) ? annotation.target.selector : [];
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const offset = (value: unknown) => (Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : 0);
  const exact = text(quote?.exact);
  const prefix = text(quote?.prefix);
  const suffix = text(quote?.suffix);
  return {
    exact,
    prefix,
    suffix,
    start: offset(position?.start),
    end: offset(position?.end),
    flatExact: flatten(exact),
    flatPrefix: flatten(prefix).slice(-MAX_CONTEXT),
    flatSuffix: flatten(suffix).slice(0, MAX_CONTEXT),
  };
}
