/**
 * Inspection Lens's own messages between the extension and the language server, on top of
 * LSP. Imported by both sides so that names and shapes cannot drift apart.
 */
import type { AnnotationAction, AnnotationView, ReviewStatus, TreeGrouping, TreeNode, TreeTheme } from './service/index';

export type { AnnotationAction, AnnotationView, ReviewStatus, TreeGrouping, TreeNode, TreeTheme };

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

/** Client → server: a report's annotations, placed in its current text. */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the LSP convention, as above
export namespace AnnotationsRequest {
  export const method = 'inspectionLens/annotations';
  export interface Params {
    uri: string;
  }
  /** `file`: the annotation file (null when the report cannot carry annotations, such as an unsaved one); `problem`: why it cannot be read. */
  export type Result = { file: string | null; annotations: AnnotationView[]; problem?: string };
}

/**
 * Client → server: tag, memo or review status for the passage at `range` (the annotation placed
 * exactly there, or a new one), or for the annotation `id`. Answers with the report's annotations
 * afterwards, or an error message for the user.
 */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the LSP convention, as above
export namespace AnnotateRequest {
  export const method = 'inspectionLens/annotate';
  export interface Params {
    uri: string;
    range?: { start: { line: number; character: number }; end: { line: number; character: number } };
    id?: string;
    action: AnnotationAction;
    /** Who is coding (the `inspectionLens.coderName` setting); the account's name when empty. */
    creator?: string;
  }
  export type Result = { annotations: AnnotationView[]; setAside?: string } | { error: string };
}

/** Client → server: the passage a tagging command applies to: the selection, else the finding at the cursor. */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the LSP convention, as above
export namespace TagTargetRequest {
  export const method = 'inspectionLens/tagTarget';
  export interface Params {
    uri: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
  }
  export type Result = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string; themes: string[]; status: ReviewStatus | null } | null;
}

/** Client → server: the codebook's themes, for the "Tag with theme" quick pick. */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the LSP convention, as above
export namespace ThemesRequest {
  export const method = 'inspectionLens/themes';
  export type Result = TreeTheme[];
}

/** Client → server: adds a theme to the workspace's codebook file; answers with its id, or an error. */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the LSP convention, as above
export namespace CreateThemeRequest {
  export const method = 'inspectionLens/createTheme';
  export interface Params {
    label: string;
  }
  export type Result = { id: string } | { error: string };
}

/**
 * Client → server: the CSV of every coded finding in the workspace, or the Markdown action plan
 * of the report at `uri`; or why it cannot be made. The CSV is the text of a file to save, so it
 * starts with a byte order mark (for Excel).
 */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the LSP convention, as above
export namespace ExportRequest {
  export const method = 'inspectionLens/export';
  export type Params = { format: 'csv' } | { format: 'action-plan'; uri: string };
  export type Result = { text: string; reports: number } | { error: string };
}

/** Server → client: a report's annotations changed (tagged here, in another window, or on disk). */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the LSP convention, as above
export namespace AnnotationsChangedNotification {
  export const method = 'inspectionLens/annotationsChanged';
  export interface Params {
    uris: string[];
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
import { COMMANDS } from './service/features/actions';
import { ANNOTATION_COMMANDS } from './service/features/annotationFeatures';

export const Commands = { ...COMMANDS, ...ANNOTATION_COMMANDS } as const;
