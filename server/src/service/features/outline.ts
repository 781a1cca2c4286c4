import { DocumentSymbol, FoldingRange, FoldingRangeKind, SelectionRange, SymbolKind } from 'vscode-languageserver-types';
import { KIND_NAMES, formatInspection } from '../describe';
import { gradeName } from '../grades';
import type { Finding, Recommendation, Section, Span } from '../model';
import type { ParsedReport } from '../report';

/** Longest symbol name; longer findings and recommendations are shortened with an ellipsis. */
const NAME_LENGTH = 80;

/**
 * The outline: the report, its headline judgements, and each section with its
 * recommendations and findings.
 */
export function documentSymbols(report: ParsedReport): DocumentSymbol[] {
  const source = report.source;
  const whole = { start: 0, end: source.text.length };
  const children: DocumentSymbol[] = [];
  if (report.judgements.length) children.push(judgementsSymbol(report));
  const items = { recommendations: byStart(report.recommendations), findings: byStart(report.findings) };
  for (const section of report.sections) children.push(sectionSymbol(report, section, items));
  const title = [report.authority, KIND_NAMES[report.kind]].filter(Boolean).join(': ');
  const firstLine = source.lines.find((line) => line.text);
  const selection = firstLine ? source.spanOfLine(firstLine) : whole;
  return [symbol(report, title || 'Report', formatInspection(report.inspection) ?? '', SymbolKind.File, whole, selection, children)];
}

function judgementsSymbol(report: ParsedReport): DocumentSymbol {
  const spans = report.judgements.map((judgement) => judgement.span);
  const span = { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
  const children = report.judgements.map((judgement) =>
    symbol(report, judgement.label, gradeName(judgement.grade, report.kind), SymbolKind.EnumMember, judgement.span, judgement.span, []),
  );
  return symbol(report, 'Judgements', `${report.judgements.length}`, SymbolKind.Namespace, span, span, children);
}

/** Recommendations and findings in order of where they start, for finding a section's own. */
interface Items {
  recommendations: Recommendation[];
  findings: Finding[];
}

function sectionSymbol(report: ParsedReport, section: Section, items: Items): DocumentSymbol {
  // A section lists what starts in it and is not wholly inside one of its subsections. The items
  // are sorted by start, so those starting in the section are found by binary search rather than
  // by reading every finding for every section (this runs at every edit).
  const own = <T extends { span: Span }>(sorted: T[]) =>
    startingIn(sorted, section.span).filter((item) => !section.children.some((child) => contains(child.span, item.span)));
  const children = [
    ...own(items.recommendations).map((r, i) => recommendationSymbol(report, r, i)),
    ...own(items.findings).map((f) => findingSymbol(report, f)),
    ...section.children.map((child) => sectionSymbol(report, child, items)),
  ].sort((a, b) => a.range.start.line - b.range.start.line);
  return symbol(report, section.title, '', SymbolKind.Namespace, section.span, section.headingSpan, children);
}

function byStart<T extends { span: Span }>(items: readonly T[]): T[] {
  return items.every((item, i) => i === 0 || items[i - 1].span.start <= item.span.start) ? [...items] : [...items].sort((a, b) => a.span.start - b.span.start);
}

/** The items (sorted by start) that start within `span`, in order. */
function startingIn<T extends { span: Span }>(sorted: T[], span: Span): T[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle].span.start < span.start) low = middle + 1;
    else high = middle;
  }
  let end = low;
  while (end < sorted.length && sorted[end].span.start < span.end) end++;
  return sorted.slice(low, end);
}

function recommendationSymbol(report: ParsedReport, recommendation: Recommendation, index: number): DocumentSymbol {
  const detail = [recommendation.subject === 'lscb' ? 'LSCB' : '', recommendation.timeframe ?? ''].filter(Boolean).join(', ');
  return symbol(report, shorten(recommendation.text), detail || `recommendation ${index + 1}`, SymbolKind.Event, recommendation.span, recommendation.span, []);
}

function findingSymbol(report: ParsedReport, finding: Finding): DocumentSymbol {
  return symbol(report, shorten(finding.text), '', SymbolKind.String, finding.span, finding.span, []);
}

function symbol(report: ParsedReport, name: string, detail: string, kind: SymbolKind, span: Span, selection: Span, children: DocumentSymbol[]): DocumentSymbol {
  const range = report.source.rangeOf(span);
  const selectionRange = report.source.rangeOf(contains(span, selection) ? selection : span);
  return DocumentSymbol.create(name || '(untitled)', detail, kind, range, selectionRange, children);
}

export function shorten(text: string, length = NAME_LENGTH): string {
  return text.length <= length ? text : text.slice(0, length - 1).replace(/\s+\S*$/, '') + '…';
}

function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

// ---------------------------------------------------------------------------------------------

/** Folding: each section, and each recommendation or finding that spans several lines. */
export function foldingRanges(report: ParsedReport): FoldingRange[] {
  const source = report.source;
  const ranges: FoldingRange[] = [];
  const add = (span: Span, kind?: FoldingRangeKind) => {
    const start = source.lineOf(span.start);
    const end = source.lineOf(Math.max(span.start, span.end - 1));
    if (end > start) ranges.push(FoldingRange.create(start, end, undefined, undefined, kind));
  };
  const visit = (sections: Section[]) => {
    for (const section of sections) {
      add(section.span, FoldingRangeKind.Region);
      visit(section.children);
    }
  };
  visit(report.sections);
  for (const recommendation of report.recommendations) add(recommendation.span);
  for (const finding of report.findings) add(finding.span);
  return ranges;
}

/** Selection ranges grow from the word to its line, its finding or recommendation, its sections and the report. */
export function selectionRanges(report: ParsedReport, offsets: number[]): SelectionRange[] {
  return offsets.map((offset) => selectionAt(report, offset));
}

function selectionAt(report: ParsedReport, offset: number): SelectionRange {
  const source = report.source;
  const spans: Span[] = [{ start: 0, end: source.text.length }];
  const visit = (sections: Section[]) => {
    for (const section of sections) {
      if (!containsOffset(section.span, offset)) continue;
      spans.push(section.span);
      visit(section.children);
    }
  };
  visit(report.sections);
  for (const item of [...report.findings, ...report.recommendations]) if (containsOffset(item.span, offset)) spans.push(item.span);
  const line = source.lines[source.lineOf(offset)];
  spans.push(source.spanOfLine(line));
  const word = wordAt(source.text, offset);
  if (word) spans.push(word);
  const ordered = spans.filter((span) => containsOffset(span, offset) || span.end === offset).sort((a, b) => b.end - b.start - (a.end - a.start));
  let parent: SelectionRange | undefined;
  for (const span of ordered) parent = SelectionRange.create(source.rangeOf(span), parent);
  return parent ?? SelectionRange.create(source.rangeOf({ start: offset, end: offset }));
}

function containsOffset(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

function wordAt(text: string, offset: number): Span | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && /[\w'’-]/.test(text[start - 1])) start--;
  while (end < text.length && /[\w'’-]/.test(text[end])) end++;
  return end > start ? { start, end } : undefined;
}
