import { type Layout, bulletOf, endsSentence, numberingOf } from './layout';
import type { Finding, Span } from './model';
import type { Heading } from './sections';
import { joinWrapped, type Line } from './text';

/** Paragraphs shorter than this are captions, labels or stray fragments, not findings. */
const MIN_FINDING_LENGTH = 60;

/**
 * The findings of the body: each numbered paragraph, bullet or prose paragraph under a heading,
 * with the heading it sits under. Text outside any section (title page, grade table), after the
 * body's `end` (a letter's signature) and the recommendation lists themselves are not findings.
 */
export function readFindings(layout: Layout, headings: Heading[], excluded: Span[], end = layout.report.lines.length): Finding[] {
  const findings: Finding[] = [];
  const width = typicalWidth(layout.report.lines);
  const isExcluded = overlapsAnyOf(excluded);
  headings.forEach((heading, i) => {
    const stop = headings[i + 1]?.first.index ?? end;
    for (const paragraph of paragraphs(layout, heading.last.index + 1, stop, width)) {
      const span = layout.report.spanOfLines(paragraph.first, paragraph.last);
      if (paragraph.text.length < MIN_FINDING_LENGTH || isExcluded(span)) continue;
      findings.push({ text: paragraph.text, section: heading.title, themes: [], stance: 'neutral', span });
    }
  });
  return findings;
}

interface Paragraph {
  text: string;
  first: Line;
  last: Line;
}

/** Splits lines into paragraphs at blank lines, bullets, numbers and short sentence-ending lines. */
function paragraphs(layout: Layout, from: number, to: number, width: number): Paragraph[] {
  const lines = layout.report.lines;
  const found: Paragraph[] = [];
  let parts: string[] = [];
  let first: Line | undefined;
  let last: Line | undefined;
  const flush = () => {
    if (first && last && parts.length) found.push({ text: joinWrapped(parts), first, last });
    parts = [];
    first = last = undefined;
  };
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (layout.isFurniture(line)) continue;
    if (layout.isBackPage(line)) {
      flush();
      continue;
    }
    if (!line.text) {
      if (parts.length && endsSentence(parts[parts.length - 1])) flush();
      continue;
    }
    const marker = bulletOf(line.text) ?? numberingOf(line.text);
    if (marker) flush();
    const text = marker ? marker.rest : line.text;
    if (!text) continue;
    first ??= line;
    last = line;
    parts.push(text);
    if (endsSentence(line.text) && line.text.length < width * 0.8) flush();
  }
  flush();
  return found;
}

/** The usual length of a full line (the 90th percentile), below which a sentence-ending line ends its paragraph. */
function typicalWidth(lines: Line[]): number {
  const counts = new Uint32Array(200);
  let total = 0;
  for (const line of lines) {
    const length = line.text.length;
    if (length <= 20 || length >= 200) continue;
    counts[length]++;
    total++;
  }
  if (total === 0) return 80;
  let seen = 0;
  for (let length = 0; length < counts.length; length++) {
    seen += counts[length];
    if (seen > total * 0.9) return length;
  }
  return 80;
}

/**
 * A test of whether a span overlaps any of `spans`, by binary search: asking each paragraph
 * about every recommendation made long inputs quadratic (20 MB of reports: 37,000 paragraphs
 * and 5,700 recommendations). The spans sorted by start, with the furthest end reached so far:
 * a span overlaps one of them when one starting before its end ends after its start.
 */
function overlapsAnyOf(spans: Span[]): (span: Span) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const furthestEnd: number[] = [];
  for (const span of sorted) furthestEnd.push(Math.max(span.end, furthestEnd[furthestEnd.length - 1] ?? -Infinity));
  return (span) => {
    // The number of spans starting before `span` ends.
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sorted[mid].start < span.end) low = mid + 1;
      else high = mid;
    }
    return low > 0 && furthestEnd[low - 1] > span.start;
  };
}
