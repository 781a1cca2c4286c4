import Fuse from 'fuse.js';
import { Location, SymbolKind, type SymbolInformation } from 'vscode-languageserver-types';
import { KIND_NAMES } from '../describe';
import { gradeName } from '../grades';
import type { ParsedReport } from '../report';
import { shorten } from './outline';

/** A report the server knows, with the address editors use for it. */
export interface KnownReport {
  uri: string;
  report: ParsedReport;
}

/** Most symbols returned for one query: enough to choose from, few enough to stay fast. */
const MAX_RESULTS = 200;

/**
 * Workspace symbols over every known report — each report, its judgements and its
 * recommendations — filtered with fuse.js, which is made for short, fuzzy, as-you-type queries.
 */
export function workspaceSymbols(reports: KnownReport[], query: string): SymbolInformation[] {
  const symbols = reports.flatMap(symbolsOf);
  if (!query.trim()) return symbols.slice(0, MAX_RESULTS);
  const fuse = new Fuse(symbols, { keys: ['name', 'containerName'], threshold: 0.35, ignoreLocation: true });
  return fuse.search(query, { limit: MAX_RESULTS }).map((result) => result.item);
}

function symbolsOf({ uri, report }: KnownReport): SymbolInformation[] {
  const range = (span: { start: number; end: number }) => report.source.rangeOf(span);
  const container = [report.authority, KIND_NAMES[report.kind], report.inspection.start?.slice(0, 4)].filter(Boolean).join(', ');
  const symbols: SymbolInformation[] = [
    { name: container || uri, kind: SymbolKind.File, location: Location.create(uri, range({ start: 0, end: 0 })) },
  ];
  for (const judgement of report.judgements) {
    symbols.push({ name: `${judgement.label}: ${gradeName(judgement.grade)}`, kind: SymbolKind.EnumMember, location: Location.create(uri, range(judgement.span)), containerName: container });
  }
  for (const recommendation of report.recommendations) {
    symbols.push({ name: shorten(recommendation.text), kind: SymbolKind.Event, location: Location.create(uri, range(recommendation.span)), containerName: container });
  }
  return symbols;
}
