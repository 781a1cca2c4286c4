/**
 * The Inspection Lens report service: everything the extension and the command line know about
 * Ofsted reports, with no dependency on VS Code or on the language server connection.
 */
import type { Codebook } from './classify';
import { type ParsedReport, parseReport } from './report';

export type * from './model';
export type { ParsedReport } from './report';
export { looksLikeReport, parseReport } from './report';
export { toJson, type ReportJson } from './json';
export { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnostics';
export { gradeName } from './grades';

/** Minimal cancellation, structurally compatible with the LSP's CancellationToken. */
export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

export interface Logger {
  log(message: string): void;
}

export interface ReportServiceOptions {
  logger?: Logger;
}

export interface ReportService {
  /** Parses a report's text, theming its findings with `codebook`; undefined only when cancelled. */
  analyze(text: string, token?: CancellationToken, codebook?: Codebook): ParsedReport | undefined;
}

export function createReportService(options: ReportServiceOptions = {}): ReportService {
  return {
    analyze(text, token, codebook) {
      if (token?.isCancellationRequested) return undefined;
      try {
        return parseReport(text, { codebook });
      } catch (error) {
        // parseReport is built never to throw; should it, the editor still gets an empty report.
        options.logger?.log(`Inspection Lens could not read a report: ${String(error)}`);
        return parseReport('');
      }
    },
  };
}
export { KIND_NAMES, formatDate, formatInspection } from './describe';
export { documentSymbols, foldingRanges, selectionRanges } from './features/outline';
export { semanticTokens, TOKEN_TYPES, TOKEN_MODIFIERS } from './features/tokens';
export { hover, gradeMeaning } from './features/hover';
export { codeActions, codeLenses, lspDiagnostics, explainCode, type Silenced, type SilencedInstance } from './features/actions';
export { workspaceSymbols, reportTitle, type KnownReport } from './features/workspaceSymbols';
export { digestReport, yearOf, type ReportDigest } from './features/digest';
export { detectKind, looksLikeReportOpening } from './kind';
export { treeChildren, findingPath, type TreeNode, type TreeTheme, type TreeGrouping } from './features/themeTree';
export { type Codebook, classifyFindings, defaultCodebook } from './classify';
export { DEFAULT_CODEBOOK, applyCodebookFile, compileCodebook, stanceOf, themesOf, type Theme } from './themes';
export { SimilarityIndex, isBoilerplate, type SimilarityIndexJSON } from './similar';
export { recurringWeaknesses, RECURRENCE_SCORE, type SimilarHit } from './features/recurring';
export * from './annotations';
export { type AnchorHow, type Anchored, anchor, anchorAll, closestMatch } from './anchoring';
export {
  ANNOTATION_COMMANDS,
  annotationCodeActions,
  annotationDiagnostics,
  annotationHover,
  annotationSymbol,
  annotationViews,
  applyAnnotationAction,
  codedDigest,
  followedAnnotations,
  tagTarget,
  type AnnotationAction,
  type AnnotationTargetChoice,
  type AnnotationView,
  type Coding,
  type EditWorld,
} from './features/annotationFeatures';
export { codedFindingsCsv, UTF8_BYTE_ORDER_MARK, actionPlanMarkdown, CODED_FINDINGS_COLUMNS, NOT_FOUND_SECTION, type AnchoredAnnotation, type CodedReport } from './export';
