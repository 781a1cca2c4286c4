import { type Anchored, type ParsedReport, KIND_NAMES, UTF8_BYTE_ORDER_MARK, formatDate, formatInspection, gradeName, looksLikeReport, parseReport, toJson } from '../service/index';
import * as fs from 'node:fs';
import { type PlacedFromDisk, placeAnnotations, themeLabels } from './annotations';
import { type ExportArgs, exportReports, parseExportArgs, writeExport } from './export';
import { readReportFile } from './read';
import { type SimilarOutput, findSimilar, parseSimilarArgs } from './similar';

const USAGE = `Usage: inspection-lens <command> [options]

Commands:
  analyze [--json] FILE...   Read Ofsted reports and print their kind, authority, dates,
                             judgements, recommendations, findings, dates and problems.
  similar [--json] [--limit N] (FILE:LINE | --text "…") PATH...
                             The findings in the reports under PATH most like the finding
                             on line LINE of FILE (or like the text), ranked.
  export --csv [--out FILE] PATH...
                             The quality assurers' coded findings of the reports under
                             PATH as CSV: one row per tagged passage and theme.
  export --action-plan [--out FILE] FILE
                             An action plan in Markdown from the report's recommendations
                             and the findings (and coding) that support them.
  lsp --stdio                Start the language server on standard input and output,
                             for any editor that speaks the Language Server Protocol.

Options:
  --json                     Print one JSON document for the whole run.
  -h, --help                 Show this help.
  -v, --version              Show the version.`;

/** Output streams, so that tests can run the command line in-process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
};

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  if (command === '-v' || command === '--version') {
    io.out(version());
    return 0;
  }
  if (command === 'analyze' || command === 'analyse') return analyze(rest, io);
  if (command === 'lsp') return lsp(rest, io);
  if (command === 'similar') return similar(rest, io);
  if (command === 'export') return exportCommand(rest, io);
  io.err(`inspection-lens: unknown command "${command}"\n\n${USAGE}`);
  return 2;
}

function similar(args: string[], io: Io): number {
  return runOverFiles('similar', parseSimilarArgs(args), io, findSimilar, (parsed, output) => {
    io.out(parsed.json ? JSON.stringify(output, null, 2) : describeSimilar(output));
    return undefined;
  });
}

function exportCommand(args: string[], io: Io): number {
  const run = (parsed: ExportArgs, warn: (message: string) => void) => exportReports(parsed, warn, { load: loadAnnotations, themeLabel: themeLabels(parsed.paths[0]) });
  return runOverFiles('export', parseExportArgs(args), io, run, (parsed, output) => {
    if (parsed.out) return writeExport(parsed.out, parsed.format === 'csv' ? UTF8_BYTE_ORDER_MARK + output.text : output.text);
    // The export ends with its own line break (CRLF for the CSV); `out` adds the last "\n".
    io.out(output.text.slice(0, -1));
    return undefined;
  });
}

/**
 * A command that reads many files: a mistake in its arguments prints the usage and exits 2; a
 * failure of the whole (its message from `run` or `print`) exits 1; a file it had to pass over is
 * reported as it goes and exits 1 once the rest is done.
 */
function runOverFiles<Args, Output>(
  command: string,
  parsed: Args | string,
  io: Io,
  run: (args: Args, warn: (message: string) => void) => Output | string,
  print: (args: Args, output: Output) => string | undefined,
): number {
  if (typeof parsed === 'string') {
    io.err(`inspection-lens ${command}: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  let warnings = 0;
  const output = run(parsed, (message) => {
    warnings++;
    io.err(`inspection-lens: ${message}`);
  });
  const failed = typeof output === 'string' ? output : print(parsed, output);
  if (failed !== undefined) {
    io.err(`inspection-lens: ${failed}`);
    return 1;
  }
  return warnings ? 1 : 0;
}

/** Annotations for the export; an annotation file that cannot be read stops that report's export rather than exporting it as uncoded. */
function loadAnnotations(reportPath: string): { annotations: Anchored[] } {
  const placed = placeAnnotations(reportPath, fs.readFileSync(reportPath, 'utf8'));
  if (placed.problem && placed.anchored.length === 0 && placed.file) throw new Error(placed.problem);
  return { annotations: placed.anchored };
}

function describeSimilar(output: SimilarOutput): string {
  const where = output.query.file && output.query.range ? `${output.query.file}:${output.query.range.start.line + 1}` : 'the text';
  const lines = [`Findings like ${where}: ${output.query.text}`, ''];
  if (output.results.length === 0) lines.push('  none');
  output.results.forEach((hit, i) => lines.push(`${String(i + 1).padStart(3)}. ${hit.file}:${hit.range.start.line + 1} (${hit.score.toFixed(2)})`, `     ${hit.text}`));
  return lines.join('\n') + '\n';
}

async function lsp(args: string[], io: Io): Promise<number> {
  if (!args.includes('--stdio') && !args.some((arg) => arg.startsWith('--node-ipc') || arg.startsWith('--socket') || arg.startsWith('--pipe'))) {
    io.err('inspection-lens lsp: choose a transport, for example --stdio');
    return 2;
  }
  const { startServer } = await import('../server.js');
  startServer();
  // The server runs until its client closes the connection (which exits the process).
  return new Promise<number>(() => undefined);
}

function analyze(args: string[], io: Io): number {
  const json = args.includes('--json');
  const unknown = args.filter((arg) => arg.startsWith('-') && arg !== '--json');
  const files = args.filter((arg) => !arg.startsWith('-'));
  if (unknown.length) {
    io.err(`inspection-lens analyze: unknown option ${unknown[0]}`);
    return 2;
  }
  if (files.length === 0) {
    io.err('inspection-lens analyze: name at least one report file\n\n' + USAGE);
    return 2;
  }
  const reports: Array<ReturnType<typeof toJson>> = [];
  const errors: Array<{ file: string; message: string }> = [];
  for (const file of files) {
    const result = analyzeFile(file);
    if (result.warning) io.err(`inspection-lens: ${result.warning}`);
    if ('message' in result) {
      errors.push({ file, message: result.message });
      io.err(`inspection-lens: ${result.message}`);
      continue;
    }
    const placed = placeAnnotations(file, result.text);
    const annotations = placed.file ? { anchored: placed.anchored, themeLabel: themeLabels(file), ...(placed.problem ? { problem: placed.problem } : {}) } : undefined;
    if (json) reports.push(toJson(file, result.report, annotations));
    else io.out(describe(file, result.report, placed));
  }
  if (json) io.out(JSON.stringify(errors.length ? { reports, errors } : { reports }, null, 2));
  return errors.length ? 1 : 0;
}

type FileResult = { report: ParsedReport; text: string; warning?: string } | { message: string; warning?: string };

function analyzeFile(file: string): FileResult {
  const read = readReportFile(file);
  if (!read.ok) return { message: read.message };
  const report = parseReport(read.text);
  if (!read.text.trim()) return { message: `${file}: is empty` };
  if (!looksLikeReport(report)) return { message: `${file}: does not look like an Ofsted inspection report`, warning: read.warning };
  return { report, text: read.text, warning: read.warning };
}

/** A short outline of one report for reading in a terminal. */
export function describe(file: string, report: ParsedReport, placed?: PlacedFromDisk): string {
  const lines = [
    file,
    `  Kind:            ${KIND_NAMES[report.kind]}`,
    `  Authority:       ${report.authority ?? 'not stated'}`,
    `  Inspection:      ${formatInspection(report.inspection) ?? 'not stated'}`,
    `  Published:       ${formatDate(report.published)}`,
    `  Lead inspector:  ${report.leadInspector ?? 'not stated'}`,
  ];
  lines.push(report.judgements.length ? '  Judgements:' : '  Judgements:      none (this report is not graded)');
  for (const judgement of report.judgements) lines.push(`    ${judgement.label}: ${gradeName(judgement.grade, report.kind)}`);
  lines.push(`  Recommendations: ${report.recommendations.length}`);
  report.recommendations.forEach((recommendation, i) => {
    const tags = [recommendation.subject === 'lscb' ? 'LSCB' : '', recommendation.timeframe ?? ''].filter(Boolean);
    lines.push(`    ${i + 1}. ${tags.length ? `[${tags.join(', ')}] ` : ''}${recommendation.text}`);
  });
  lines.push(`  Findings:        ${report.findings.length}`);
  lines.push(`  Problems:        ${problemSummary(report)}`);
  if (placed?.file) {
    const lost = placed.anchored.filter((a) => !a.span).length;
    lines.push(`  Annotations:     ${placed.problem && placed.anchored.length === 0 ? placed.problem : `${placed.anchored.length}${lost ? ` (${lost} can no longer be found: OFS050)` : ''}`}`);
  }
  return lines.join('\n') + '\n';
}

function problemSummary(report: ParsedReport): string {
  const counts = new Map<string, number>();
  for (const diagnostic of report.diagnostics) counts.set(diagnostic.severity, (counts.get(diagnostic.severity) ?? 0) + 1);
  if (counts.size === 0) return 'none';
  const parts = [...counts].map(([severity, count]) => `${count} ${severity === 'information' ? 'information' : severity + (count === 1 ? '' : 's')}`);
  return `${report.diagnostics.length} (${parts.join(', ')})`;
}

function version(): string {
  // The manifest sits two folders above server/out/cli.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../package.json') as { version: string }).version;
}
