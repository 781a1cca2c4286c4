import { type Bullet, type Layout, bulletOf, endsSentence, isHeadingText, isKnownHeading, numberingOf } from './layout';
import { isKnownSubject } from './grades';
import type { Recommendation, Timeframe } from './model';
import { fold, joinWrapped, type Line, mayStartWith, startsWithCapital, startsWithLowerCase } from './text';

/**
 * Reads the report's recommendations under every heading Ofsted has used ("What needs to
 * improve?", "Recommendations", "Areas for improvement", "Areas for development"), whether the
 * items are bulleted, numbered or lost their bullets in extraction. `lscbFrom` is the offset
 * where the review of the Local Safeguarding Children Board begins: lists after it are the
 * board's.
 */
export function readRecommendations(layout: Layout, lscbFrom?: number): Recommendation[] {
  const lines = layout.report.lines;
  const recommendations: Recommendation[] = [];
  for (const line of lines) {
    if (!isRecommendationHeading(line.text)) continue;
    const items = readList(layout, line.index + 1, headingTimeframe(line.text)).filter((item) => !isNoneFound(item.text));
    const board = lscbFrom !== undefined && line.start >= lscbFrom;
    for (const item of items) recommendations.push(board ? { ...item, subject: 'lscb' } : item);
  }
  return recommendations;
}

const HEADING =
  /^(?:what needs to improve(?: in this area of social work practice)?|what does the (?:school|provider|college|setting|academy) need to do to improve|recommendations|areas? for (?:improvement|development|priority action)|priority and immediate action)[?:]?$/i;

export function isRecommendationHeading(text: string): boolean {
  // "What …", "Recommendations", "Areas …", "Priority …"
  if (text.length > 70 || !mayStartWith(text, 'wrap')) return false;
  return HEADING.test(fold(text).replace(FOOTNOTE_NUMBER, ''));
}

/** A footnote's number printed after the heading's last word. Patterns run on every line are module
 * constants: a regular expression literal inside a function makes a new RegExp each time it runs. */
export const FOOTNOTE_NUMBER = /(?<=[a-z?])\d{1,2}$/;

// ---------------------------------------------------------------------------------------------

interface Item {
  parts: string[];
  /** Opened under a topic heading inside the list, which may instead have been the next section. */
  afterTopic?: boolean;
  first: Line;
  last: Line;
  timeframe?: Timeframe;
}

type ListStyle = 'bullet' | 'number' | 'plain';

/** Reads the items of the list that starts at line `from`, up to the next heading. */
function readList(layout: Layout, from: number, timeframe: Timeframe | undefined): Recommendation[] {
  const reader = new ListReader(layout, timeframe);
  reader.read(from);
  const items = reader.items.filter((item) => item.parts.length);
  // A "topic" that opens an item which reads as a finding was the next section's heading.
  const end = items.findIndex((item) => item.afterTopic && !readsAsRecommendation(joinWrapped(item.parts)));
  return (end === -1 ? items : items.slice(0, end)).map((item) => reader.toRecommendation(item));
}

class ListReader {
  readonly items: Item[] = [];
  private style: ListStyle | undefined;
  private mainMarker: string | undefined;
  private lastNumber = 0;
  private blankSince = false;
  /** A page header or footer was skipped since the last line: the item may carry on over the page. */
  private pageBreak = false;
  /** How many items there were when the current list style was chosen. */
  private styleStart = 0;
  /** Set by a timeframe heading: the next line starts an item of its own. */
  private fresh = false;
  private afterTopic = false;
  /** The item whose text is being read, when it is not the last one opened (see `continueNumbers`). */
  private writing: Item | undefined;

  constructor(
    private readonly layout: Layout,
    private timeframe: Timeframe | undefined,
  ) {}

  read(from: number): void {
    const lines = this.layout.report.lines;
    for (let i = from; i < lines.length; i++) {
      const line = lines[i];
      if (!line.text) {
        this.blankSince = true;
        continue;
      }
      if (this.layout.isFurniture(line)) {
        this.pageBreak = true;
        continue;
      }
      if (!this.take(line, nextText(lines, i))) return;
      this.blankSince = false;
      this.pageBreak = false;
      this.fresh = timeframeOf(line.text) !== undefined;
    }
  }

  /** Takes one line into the list; false when the list has ended. */
  private take(line: Line, next: string | undefined): boolean {
    const timeframe = timeframeOf(line.text);
    if (timeframe) {
      // Each timeframe's list is marked afresh: its first item may have lost its bullet.
      this.timeframe = timeframe;
      this.style = undefined;
      return true;
    }
    if (this.style !== undefined && (isKnownHeading(line.text) || isJudgementHeading(line.text, next))) return false;
    if (isRecommendationHeading(line.text) && this.items.length === 0 && !this.style) return false;
    if (this.isTopicHeading(line, next)) {
      this.afterTopic = true;
      return true;
    }
    if (this.style === undefined) return this.start(line, next);
    return this.continue(line, next);
  }

  /** Lists grouped by topic ("The quality of social work practice") carry on under the topic. */
  private isTopicHeading(line: Line, next: string | undefined): boolean {
    if (next === undefined || isKnownHeading(line.text) || !isHeadingText(line.text, next) || !this.currentEnded()) return false;
    if (bulletOf(next)) return this.style === undefined || this.style === 'bullet';
    const numbering = numberingOf(next);
    if (!numbering) return false;
    return this.style === undefined || (this.style === 'number' && numbering.number === this.lastNumber + 1);
  }

  private start(line: Line, next: string | undefined): boolean {
    const bullet = bulletOf(line.text);
    const numbering = numberingOf(line.text);
    this.styleStart = this.items.length;
    if (bullet) {
      this.style = 'bullet';
      this.mainMarker = bullet.marker;
      this.open(line, bullet.rest);
      return true;
    }
    // SIF reports number recommendations on from the paragraphs before them ("96. Ensure …").
    if (numbering) {
      if (isLeadIn(numbering.rest)) return true;
      this.style = 'number';
      this.lastNumber = numbering.number;
      this.open(line, numbering.rest);
      return true;
    }
    if (isLeadIn(line.text)) return true;
    if (isHeadingText(line.text, next)) return false;
    this.style = 'plain';
    this.open(line, line.text);
    return true;
  }

  private continue(line: Line, next: string | undefined): boolean {
    switch (this.style) {
      case 'bullet':
        return this.continueBullets(line, next);
      case 'number':
        return this.continueNumbers(line, next);
      default:
        return this.continuePlain(line, next);
    }
  }

  private continueBullets(line: Line, next: string | undefined): boolean {
    const bullet = bulletOf(line.text);
    if (bullet) return this.takeBullet(line, bullet);
    if (this.fresh) {
      this.open(line, line.text);
      return true;
    }
    if (this.blankSince && !this.continuesItem(line)) return false;
    if (isHeadingText(line.text, next) && this.currentEnded()) return false;
    this.append(line, line.text);
    return true;
  }

  private takeBullet(line: Line, bullet: Bullet): boolean {
    if (bullet.marker === this.mainMarker || !this.current()) this.open(line, bullet.rest);
    else this.append(line, bullet.rest);
    return true;
  }

  private continueNumbers(line: Line, next: string | undefined): boolean {
    const numbering = numberingOf(line.text);
    if (numbering) {
      if (numbering.number !== this.lastNumber + 1) return false;
      this.lastNumber = numbering.number;
      this.open(line, numbering.rest);
      return true;
    }
    const bullet = bulletOf(line.text);
    if (bullet) {
      this.append(line, bullet.rest);
      return true;
    }
    // Some extractors (pdfminer) print a run of numbers ("5." "6." "7." "8."), then the items'
    // paragraphs: a paragraph goes to the first number still waiting for its text.
    const waiting = this.firstWaiting();
    if (waiting && (waiting !== this.current() || this.writing) && (this.blankSince || !this.writing) && startsWithCapital(line.text)) {
      this.writing = waiting;
      waiting.first = line;
      this.append(line, line.text);
      return true;
    }
    if (this.blankSince && !this.continuesItem(line)) return false;
    if (isHeadingText(line.text, next) && this.currentEnded()) return false;
    this.append(line, line.text);
    return true;
  }

  /** Items that lost their bullets: each ends at a blank line or at a line ending a sentence. */
  private continuePlain(line: Line, next: string | undefined): boolean {
    const bullet = bulletOf(line.text);
    if (bullet && this.items.length - this.styleStart <= 1) {
      // The list's first item lost its bullet; the rest kept theirs.
      this.style = 'bullet';
      this.mainMarker = bullet.marker;
      this.open(line, bullet.rest);
      return true;
    }
    if (isHeadingText(line.text, next) || bullet || numberingOf(line.text)) return false;
    const current = this.current();
    if (!current || this.blankSince || endsSentence(current.last.text)) {
      if (current && this.blankSince && !endsSentence(current.last.text)) this.append(line, line.text);
      else this.open(line, line.text);
    } else {
      this.append(line, line.text);
    }
    return true;
  }

  /** After a blank line (a page break, say), a line continues the item when the item is unfinished. */
  private continuesItem(line: Line): boolean {
    const current = this.writing ?? this.current();
    if (!current) return false;
    return current.parts.length === 0 || startsWithLowerCase(line.text) || (this.pageBreak && !endsSentence(current.last.text));
  }

  private currentEnded(): boolean {
    const current = this.writing ?? this.current();
    return !current || (current.parts.length > 0 && endsSentence(current.last.text));
  }

  /** The first item of the list opened by its number alone, whose text has not come yet. */
  private firstWaiting(): Item | undefined {
    for (let i = this.styleStart; i < this.items.length; i++) if (this.items[i].parts.length === 0) return this.items[i];
    return undefined;
  }

  private current(): Item | undefined {
    return this.items[this.items.length - 1];
  }

  private open(line: Line, text: string): void {
    this.items.push({ parts: text ? [text] : [], first: line, last: line, timeframe: this.timeframe, afterTopic: this.afterTopic });
    this.afterTopic = false;
    this.writing = undefined;
  }

  private append(line: Line, text: string): void {
    const current = this.writing ?? this.current();
    if (!current) return this.open(line, text);
    if (text) current.parts.push(text);
    current.last = line;
  }


  toRecommendation(item: Item): Recommendation {
    const recommendation: Recommendation = {
      text: joinWrapped(item.parts),
      span: this.layout.report.spanOfLines(item.first, item.last),
    };
    if (item.timeframe) recommendation.timeframe = item.timeframe;
    return recommendation;
  }
}

function nextText(lines: Line[], i: number): string | undefined {
  for (let j = i + 1; j < lines.length && j <= i + 3; j++) if (lines[j].text) return lines[j].text;
  return undefined;
}

/** A judgement heading ends any list before it: "… protection: good". */
const JUDGEMENT_HEADING = /:\s*(?:requires? improvement(?: to be good)?|outstanding|good|inadequate|adequate)\s*$/i;

/**
 * A judgement heading, or the first line of one that wraps ("The experiences and progress of
 * children who need help and" / "protection: outstanding"): with no blank line before it, as
 * `pdftotext -raw` prints it, the list would otherwise run on into it.
 */
function isJudgementHeading(text: string, next: string | undefined): boolean {
  if (JUDGEMENT_HEADING.test(text)) return true;
  return next !== undefined && startsWithLowerCase(next) && JUDGEMENT_HEADING.test(next) && isKnownSubject(joinWrapped([text, next.slice(0, next.lastIndexOf(':'))]));
}

const TIMEFRAMES: ReadonlyArray<[RegExp, Timeframe]> = [
  [/^immediately:?$/i, 'immediately'],
  [/^within (?:three|3) months:?$/i, 'within-3-months'],
  [/^within (?:six|6) months:?$/i, 'within-6-months'],
];

/** Recommendations are instructions: an imperative verb, or someone who should or must act. */
function readsAsRecommendation(text: string): boolean {
  return IMPERATIVE.test(text) || /\b(?:should|must|needs? to|ensure)\b/i.test(text);
}

const IMPERATIVE = /^(?:ensure|improve|strengthen|review|develop|increase|reduce|continue|establish|provide|take|make|monitor|audit|give|hold|implement|embed|consider|recruit|offer|undertake|expedite|record|evaluate|introduce|address|raise|support|work|secure|promote|analyse|extend|enable|agree|appoint|clarify|complete|update|assess|use|identify|publish|put|set)\b/i;

/** "The inspection did not find any areas for priority and immediate action." */
function isNoneFound(text: string): boolean {
  return /\b(?:did not (?:find|identify)|(?:there (?:are|were) )?no (?:areas|recommendations))\b/i.test(text) && text.length < 200;
}

/** SIF reports list "Priority and immediate action" apart from their other recommendations. */
function headingTimeframe(text: string): Timeframe | undefined {
  return /^priority and immediate/i.test(text) ? 'immediately' : undefined;
}

function timeframeOf(text: string): Timeframe | undefined {
  return TIMEFRAMES.find(([pattern]) => pattern.test(text))?.[1];
}

/** "In order to improve …, the local authority and its partners should take the following action." */
function isLeadIn(text: string): boolean {
  // School and further-education reports say whom the list is for: "(Information for the school and appropriate authority)".
  if (/^\(information for [^)]*\)$/i.test(text)) return true;
  return /(?:following (?:action|areas?|recommendations?)|should|must|needs? to)[^.]*[.:]$/i.test(text) && /\b(?:following|should|:)\b|:$/i.test(text) && text.length < 400 && /:$|following/i.test(text);
}
