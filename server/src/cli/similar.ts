import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ParsedReport, SimilarityIndex, looksLikeReport, parseReport } from '../service/index';
import { readReportFile } from './read';

export interface SimilarArgs {
  json: boolean;
  limit: number;
  /** FILE:LINE (1-based line) naming the query finding, or undefined with `text`. */
  at?: { file: string; line: number };
  text?: string;
  paths: string[];
}

export interface SimilarOutput {
  query: { file?: string; range?: ReturnType<ParsedReport['source']['rangeOf']>; text: string };
  results: Array<{ file: string; range: ReturnType<ParsedReport['source']['rangeOf']>; text: string; score: number }>;
}

/** Reads `similar`'s arguments; a string is a usage error. */
export function parseSimilarArgs(args: string[]): SimilarArgs | string {
  const parsed: SimilarArgs = { json: false, limit: 10, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') parsed.json = true;
    else if (arg === '--limit') parsed.limit = Number(args[++i]);
    else if (arg === '--text') parsed.text = args[++i];
    else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (!parsed.at && !parsed.text && parsed.paths.length === 0 && /:\d+$/.test(arg)) {
      const colon = arg.lastIndexOf(':');
      parsed.at = { file: arg.slice(0, colon), line: Number(arg.slice(colon + 1)) };
    } else parsed.paths.push(arg);
  }
  if (!Number.isInteger(parsed.limit) || parsed.limit < 1) return '--limit takes a whole number of at least 1';
  if (!parsed.at && !parsed.text?.trim()) return 'name a finding as FILE:LINE, or give --text "…"';
  if (parsed.paths.length === 0) return 'name the reports or folders to search';
  return parsed;
}

/** Finds the findings most like the query in the reports under `paths`; messages for unreadable files go to `warn`. */
export function findSimilar(args: SimilarArgs, warn: (message: string) => void): SimilarOutput | string {
  let query: SimilarOutput['query'];
  let queryFile: string | undefined;
  if (args.at) {
    const read = readReportFile(args.at.file);
    if (!read.ok) return read.message;
    const report = parseReport(read.text);
    // A recommendation may be the query too: "who else was told to improve this?"
    const finding = [...report.findings, ...report.recommendations].find((f) => {
      const range = report.source.rangeOf(f.span);
      return range.start.line + 1 <= args.at!.line && args.at!.line <= range.end.line + 1;
    });
    if (!finding) return `${args.at.file}:${args.at.line}: there is no finding or recommendation on that line`;
    query = { file: args.at.file, range: report.source.rangeOf(finding.span), text: finding.text };
    queryFile = path.resolve(args.at.file);
  } else {
    query = { text: args.text!.trim() };
  }
  const index = new SimilarityIndex();
  const reports = new Map<string, ParsedReport>();
  for (const file of reportFiles(args.paths, warn)) {
    if (path.resolve(file) === queryFile) continue;
    const read = readReportFile(file);
    if (!read.ok) {
      warn(read.message);
      continue;
    }
    const report = parseReport(read.text);
    if (!looksLikeReport(report)) continue;
    reports.set(file, report);
    index.add(file, report.findings);
  }
  const results = index.query(query.text, { limit: args.limit }).map((hit) => {
    const report = reports.get(hit.reportId)!;
    const finding = report.findings[hit.finding];
    return { file: hit.reportId, range: report.source.rangeOf(finding.span), text: finding.text, score: Math.round(hit.score * 1000) / 1000 };
  });
  return { query, results };
}

/** The report files named, and the .txt and .report files under the folders named. */
export function reportFiles(paths: string[], warn: (message: string) => void): string[] {
  const files: string[] = [];
  const visit = (target: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      warn(`${target}: no such file or folder`);
      return;
    }
    if (!stat.isDirectory()) {
      files.push(target);
      return;
    }
    for (const entry of fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(target, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') visit(full);
      else if (entry.isFile() && /\.(?:txt|report)$/i.test(entry.name)) files.push(full);
    }
  };
  paths.forEach(visit);
  return files;
}
