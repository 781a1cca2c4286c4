/**
 * Inspection Lens's own messages between the extension and the language server, on top of
 * LSP. Imported by both sides so that names and shapes cannot drift apart.
 */
import type { TreeGrouping, TreeNode } from './service/index';

export type { TreeGrouping, TreeNode };

/** Client → server requests. */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the LSP convention: a request's method and types under one name
export namespace ReportSummaryRequest {
  export const method = 'inspectionLens/reportSummary';
  export interface Params {
    uri: string;
  }
  /** What the language status item shows; null when the document is not a parsed report. */
  export interface Result {
    kind: string;
    kindName: string;
    authority: string | null;
    overall: { grade: string; name: string } | null;
    problems: number;
  }
}

/** Client → server: the children of a node of the theme tree (the roots for an empty path). */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the LSP convention, as above
export namespace ThemeTreeRequest {
  export const method = 'inspectionLens/themeTree';
  export interface Params {
    grouping: TreeGrouping;
    path: string[];
    filter?: string;
  }
  export type Result = TreeNode[];
}

/** Client → server: where the finding at a position sits in the theme tree, for `reveal`. */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the LSP convention, as above
export namespace FindingPathRequest {
  export const method = 'inspectionLens/findingPath';
  export interface Params {
    uri: string;
    position: { line: number; character: number };
    grouping: TreeGrouping;
  }
  export type Result = string[] | null;
}

/** Client → server: the findings of other reports most like a finding (at a position) or a text. */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the LSP convention, as above
export namespace SimilarFindingsRequest {
  export const method = 'inspectionLens/similarFindings';
  export interface Params {
    uri?: string;
    position?: { line: number; character: number };
    /** A selection or typed text; used when there is no finding at the position. */
    text?: string;
    limit?: number;
  }
  export interface Hit {
    uri: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    text: string;
    section: string;
    report: string;
    score: number;
  }
  export type Result = { query: string; results: Hit[] } | null;
}

/** Server → client: the workspace index changed (reports added, changed or removed). */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the LSP convention, as above
export namespace IndexChangedNotification {
  export const method = 'inspectionLens/indexChanged';
  export interface Params {
    reports: number;
    findings: number;
  }
}

/** What the client tells the server at start-up. */
export interface InitializationOptions {
  /** A folder of the extension's own (its workspace storage) for the index cache. */
  storagePath?: string;
}

/**
 * Commands: the server executes the silencing and explaining commands (workspace/executeCommand);
 * the client runs `showSupport`, which needs the editor's reference view. Defined by the
 * service's code actions, which name them.
 */
export { COMMANDS as Commands } from './service/features/actions';
