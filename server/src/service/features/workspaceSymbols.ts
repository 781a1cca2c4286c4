import Fuse from 'fuse.js';
import { Location, SymbolKind, type SymbolInformation } from 'vscode-languageserver-types';
import { KIND_NAMES } from '../describe';
import { gradeName } from '../grades';
import { type ReportDigest, yearOf } from './digest';
import { shorten } from './outline';

/** A report the server knows, with the address editors use for it. */
export interface KnownReport {
  uri: string;
  digest: ReportDigest;
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

/** "Bromley, ILACS short inspection, 2023": how a report is named in lists. */
export function reportTitle(digest: ReportDigest): string {
  return [digest.authority, KIND_NAMES[digest.kind], yearOf(digest)].filter(Boolean).join(', ');
}

function symbolsOf({ uri, digest }: KnownReport): SymbolInformation[] {
  const container = reportTitle(digest);
  const start = { line: 0, character: 0 };
  const symbols: SymbolInformation[] = [{ name: container || uri, kind: SymbolKind.File, location: Location.create(uri, { start, end: start }) }];
  for (const judgement of digest.judgements) {
    symbols.push({ name: `${judgement.label}: ${gradeName(judgement.grade)}`, kind: SymbolKind.EnumMember, location: Location.create(uri, judgement.range), containerName: container });
  }
  for (const recommendation of digest.recommendations) {
    symbols.push({ name: shorten(recommendation.text), kind: SymbolKind.Event, location: Location.create(uri, recommendation.range), containerName: container });
  }
  return symbols;
}
