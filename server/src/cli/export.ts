import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomically } from '../lsp/atomicWrite';
import { type AnchoredAnnotation, type CodedReport, DEFAULT_CODEBOOK, actionPlanMarkdown, codedFindingsCsv, looksLikeReport, parseReport } from '../service/index';
import { readReportFile } from './read';
import { reportFiles } from './similar';

/**
 * A report's annotations, placed in its current text. It may throw (an annotation file that cannot
 * be read); the message names the problem in one line.
 */
export type AnnotationLoader = (reportPath: string) => { annotations: AnchoredAnnotation[] };

/** The loader until the annotation store is wired in: every report is exported with no annotations. */
export const noAnnotations: AnnotationLoader = () => ({ annotations: [] });

export interface ExportArgs {
  format: 'csv' | 'action-plan';
  /** Where to write; standard output when absent. */
  out?: string;
  paths: string[];
}

export interface ExportOptions {
  load?: AnnotationLoader;
  themeLabel?: (id: string) => string;
}

/** Reads `export`'s arguments; a string is a usage error. */
export function parseExportArgs(args: string[]): ExportArgs | string {
  const formats = new Set<ExportArgs['format']>();
  let out: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--csv') formats.add('csv');
    else if (arg === '--action-plan') formats.add('action-plan');
    else if (arg === '--out') {
      out = args[++i];
      if (!out || out.startsWith('-')) return '--out takes the file to write';
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else paths.push(arg);
  }
  if (formats.size !== 1) return 'choose one of --csv and --action-plan';
  const [format] = formats;
  if (paths.length === 0) return format === 'csv' ? 'name the reports or folders to export' : 'name the report to plan from';
  if (format === 'action-plan' && paths.length > 1) return '--action-plan takes one report file';
  if (out && paths.some((p) => path.resolve(p) === path.resolve(out!))) return `--out ${out} would overwrite a report`;
  return { format, out, paths };
}

/**
 * The export's text, or (a string) why there is none. Files that cannot be exported are reported
 * to `warn` one line each; the CSV still holds the others.
 */
export function exportReports(args: ExportArgs, warn: (message: string) => void, options: ExportOptions = {}): { text: string } | string {
  const load = options.load ?? noAnnotations;
  const themeLabel = options.themeLabel ?? defaultThemeLabel;
  if (args.format === 'action-plan') {
    const coded = codedReport(args.paths[0], load);
    return 'message' in coded ? coded.message : { text: actionPlanMarkdown(coded, themeLabel) };
  }
  const named = new Set(args.paths.map((p) => path.resolve(p)));
  const reports: CodedReport[] = [];
  for (const file of reportFiles(args.paths, warn)) {
    const coded = codedReport(file, load);
    if (!('message' in coded)) reports.push(coded);
    // A file in a folder that is not a report (a README, notes) is passed over; one named is an error.
    else if (!coded.notReport || named.has(path.resolve(file))) warn(coded.message);
  }
  return { text: codedFindingsCsv(reports, themeLabel) };
}

/** The report with its annotations, or why it cannot be exported. */
function codedReport(file: string, load: AnnotationLoader): CodedReport | { message: string; notReport?: true } {
  const read = readReportFile(file);
  if (!read.ok) return { message: read.message };
  const report = parseReport(read.text);
  if (!read.text.trim()) return { message: `${file}: is empty`, notReport: true };
  if (!looksLikeReport(report)) return { message: `${file}: does not look like an Ofsted inspection report`, notReport: true };
  try {
    return { file, report, annotations: load(file).annotations };
  } catch (error) {
    return { message: `${file}: its annotations could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** Writes the export to `out`; a string says why it could not be written. */
export function writeExport(out: string, text: string): string | undefined {
  if (fs.statSync(out, { throwIfNoEntry: false })?.isDirectory()) return `${out}: is a folder; name the file to write`;
  try {
    writeFileAtomically(out, text);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' ? 'a folder on its path is a file' : (error as Error).message;
    return `${out}: cannot write the export (${why})`;
  }
}

const THEME_LABELS = new Map(DEFAULT_CODEBOOK.map((theme) => [theme.id, theme.label]));

/** The default codebook's label, or the id itself for a theme of another codebook. */
function defaultThemeLabel(id: string): string {
  return THEME_LABELS.get(id) ?? id;
}
