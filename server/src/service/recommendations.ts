import { type Bullet, type Layout, bulletOf, endsSentence, isHeadingText, numberingOf } from './layout';
import type { Recommendation, Timeframe } from './model';
import { fold, joinWrapped, type Line } from './text';

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
    const items = readList(layout, line.index + 1);
    const board = lscbFrom !== undefined && line.start >= lscbFrom;
    for (const item of items) recommendations.push(board ? { ...item, subject: 'lscb' } : item);
  }
  return recommendations;
}

const HEADING = /^(?:what needs to improve(?: in this area of social work practice)?|recommendations|areas? for (?:improvement|development|priority action))[?:]?$/i;

export function isRecommendationHeading(text: string): boolean {
  if (text.length > 70) return false;
  return HEADING.test(fold(text).replace(/(?<=[a-z?])\d{1,2}$/, ''));
}

// ---------------------------------------------------------------------------------------------

interface Item {
  parts: string[];
  first: Line;
  last: Line;
  timeframe?: Timeframe;
}

type ListStyle = 'bullet' | 'number' | 'plain';

/** Reads the items of the list that starts at line `from`, up to the next heading. */
function readList(layout: Layout, from: number): Recommendation[] {
  const reader = new ListReader(layout);
  reader.read(from);
  return reader.items.filter((item) => item.parts.length).map((item) => reader.toRecommendation(item));
}

class ListReader {
  readonly items: Item[] = [];
  private style: ListStyle | undefined;
  private mainMarker: string | undefined;
  private timeframe: Timeframe | undefined;
  private lastNumber = 0;
  private blankSince = false;

  constructor(private readonly layout: Layout) {}

  read(from: number): void {
    const lines = this.layout.report.lines;
    for (let i = from; i < lines.length; i++) {
      const line = lines[i];
      if (!line.text) {
        this.blankSince = true;
        continue;
      }
      if (this.layout.isFurniture(line)) continue;
      if (!this.take(line, nextText(lines, i))) return;
      this.blankSince = false;
    }
  }

  /** Takes one line into the list; false when the list has ended. */
  private take(line: Line, next: string | undefined): boolean {
    const timeframe = timeframeOf(line.text);
    if (timeframe) {
      this.timeframe = timeframe;
      this.closeItem();
      return true;
    }
    if (isRecommendationHeading(line.text) && this.items.length === 0 && !this.style) return false;
    if (this.style === undefined) return this.start(line, next);
    return this.continue(line, next);
  }

  private start(line: Line, next: string | undefined): boolean {
    const bullet = bulletOf(line.text);
    const numbering = numberingOf(line.text);
    if (bullet) {
      this.style = 'bullet';
      this.mainMarker = bullet.marker;
      this.open(line, bullet.rest);
      return true;
    }
    if (numbering && numbering.number === 1) {
      if (isLeadIn(numbering.rest)) return true;
      this.style = 'number';
      this.lastNumber = 1;
      this.open(line, numbering.rest);
      return true;
    }
    if (isLeadIn(line.text)) return true;
    if (isHeadingText(line.text, next) || numbering) return false;
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
    if (this.blankSince && !this.continuesItem(line)) return false;
    if (isHeadingText(line.text, next) && this.currentEnded()) return false;
    this.append(line, line.text);
    return true;
  }

  /** Items that lost their bullets: each ends at a blank line or at a line ending a sentence. */
  private continuePlain(line: Line, next: string | undefined): boolean {
    if (isHeadingText(line.text, next) || bulletOf(line.text) || numberingOf(line.text)) return false;
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
    const current = this.current();
    if (!current) return false;
    return current.parts.length === 0 || !endsSentence(current.last.text) || /^[a-z]/.test(line.text);
  }

  private currentEnded(): boolean {
    const current = this.current();
    return !current || (current.parts.length > 0 && endsSentence(current.last.text));
  }

  private current(): Item | undefined {
    return this.items[this.items.length - 1];
  }

  private open(line: Line, text: string): void {
    this.items.push({ parts: text ? [text] : [], first: line, last: line, timeframe: this.timeframe });
  }

  private append(line: Line, text: string): void {
    const current = this.current();
    if (!current) return this.open(line, text);
    if (text) current.parts.push(text);
    current.last = line;
  }

  /** A timeframe heading closes the item before it, so the next line opens a fresh one. */
  private closeItem(): void {
    this.blankSince = true;
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

const TIMEFRAMES: ReadonlyArray<[RegExp, Timeframe]> = [
  [/^immediately:?$/i, 'immediately'],
  [/^within (?:three|3) months:?$/i, 'within-3-months'],
  [/^within (?:six|6) months:?$/i, 'within-6-months'],
];

function timeframeOf(text: string): Timeframe | undefined {
  return TIMEFRAMES.find(([pattern]) => pattern.test(text))?.[1];
}

/** "In order to improve …, the local authority and its partners should take the following action." */
function isLeadIn(text: string): boolean {
  return /(?:following (?:action|areas?|recommendations?)|should|must|needs? to)[^.]*[.:]$/i.test(text) && /\b(?:following|should|:)\b|:$/i.test(text) && text.length < 400 && /:$|following/i.test(text);
}
