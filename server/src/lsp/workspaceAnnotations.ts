import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as crypto from 'node:crypto';
import { type Anchored, anchorAll } from '../service/anchoring';
import {
  type AnnotationAction,
  type AnnotationTargetChoice,
  type EditWorld,
  type CodedReport,
  type KnownReport,
  type ParsedReport,
  applyAnnotationAction,
  codedDigest,
  digestReport,
  followedAnnotations,
} from '../service/index';
import { AnnotationStore, type LoadResult, contentHash } from './annotationStore';

/** A report's annotations placed in its current text. */
export interface PlacedAnnotations {
  loaded: LoadResult;
  anchored: Anchored[];
}

/**
 * The language server's side of quality assurers' annotations: which report has which
 * annotation file, placing the annotations in the text the editor holds (or the file on disk),
 * and making every change through the store, which merges with what is on disk.
 */
export class WorkspaceAnnotations {
  readonly store: AnnotationStore | undefined;
  private readonly placed = new Map<string, { text: string; loaded: LoadResult; result: PlacedAnnotations }>();
  private readonly coded = new Map<string, { text: string; loaded: LoadResult; known: KnownReport }>();

  constructor(
    private readonly folder: string | undefined,
    private readonly analyze: (text: string) => ParsedReport,
  ) {
    this.store = folder ? new AnnotationStore(folder) : undefined;
  }

  /** The report's path on disk when it can carry annotations: a saved file inside the workspace folder. */
  pathOf(uri: string): string | undefined {
    if (!this.folder || !uri.startsWith('file:')) return undefined;
    const file = fileURLToPath(uri);
    const relative = path.relative(this.folder, file);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative) || relative.split(path.sep)[0] === '.inspection-lens') return undefined;
    return file;
  }

  /** Whether a file is an annotation file of this workspace. */
  isAnnotationFile(uri: string): boolean {
    return !!this.folder && uri.startsWith('file:') && fileURLToPath(uri).startsWith(path.join(this.folder, '.inspection-lens', 'annotations') + path.sep);
  }

  /** The report's annotations placed in `text`; undefined for a report that cannot carry any. */
  place(uri: string, text: string): PlacedAnnotations | undefined {
    const file = this.pathOf(uri);
    if (!file || !this.store) return undefined;
    const loaded = this.store.load(file);
    const cached = this.placed.get(uri);
    if (cached && cached.text === text && cached.loaded === loaded) return cached.result;
    const result = { loaded, anchored: anchorAll(loaded.annotations, text) };
    this.placed.set(uri, { text, loaded, result });
    return result;
  }

  /** Applies a tagging action to the report at `uri` whose current text is `text`. */
  apply(uri: string, text: string, choice: AnnotationTargetChoice, action: AnnotationAction, creator: string | undefined): LoadResult {
    const file = this.pathOf(uri);
    if (!file || !this.store) throw new Error('Only a report saved inside the workspace folder can be tagged: save it there first.');
    const world = this.world(file, text, creator);
    return this.store.update(file, (current) => applyAnnotationAction(current, choice, action, world));
  }

  /**
   * After a report is saved (or changed on disk), the annotations that followed their text to a
   * new place are written back with their new selectors, so that later edits start from there.
   * Annotations that cannot be placed are left exactly as they were.
   */
  follow(uri: string, text: string): boolean {
    const file = this.pathOf(uri);
    const placed = this.place(uri, text);
    if (!file || !this.store || !placed || placed.loaded.corrupt || placed.anchored.length === 0) return false;
    const moved = followedAnnotations(placed.anchored, this.world(file, text, undefined));
    if (moved.size === 0) return false;
    this.store.update(file, (current) => current.map((annotation) => moved.get(annotation.id) ?? annotation));
    return true;
  }

  /**
   * The workspace's reports with their annotations folded in, for the theme tree: a tagged
   * finding gains its tags' themes, and a tagged passage that is no finding joins the report's
   * findings. `openText` gives the editor's text of an open report.
   */
  codedReports(reports: KnownReport[], openText: (uri: string) => string | undefined): KnownReport[] {
    if (!this.store) return reports;
    const annotated = new Set(this.store.annotatedReports().map((file) => pathToFileURL(file).toString()));
    if (annotated.size === 0) return reports;
    return reports.map((known) => {
      if (!annotated.has(known.uri)) return known;
      try {
        return this.codedReport(known, openText(known.uri));
      } catch {
        return known;
      }
    });
  }

  private codedReport(known: KnownReport, open: string | undefined): KnownReport {
    const file = fileURLToPath(known.uri);
    const text = open ?? fs.readFileSync(file, 'utf8');
    const { loaded, anchored } = this.place(known.uri, text)!;
    const cached = this.coded.get(known.uri);
    if (cached && cached.text === text && cached.loaded === loaded) return cached.known;
    const report = this.analyze(text);
    const coded = { uri: known.uri, digest: codedDigest(digestReport(report), report, anchored) };
    this.coded.set(known.uri, { text, loaded, known: coded });
    return coded;
  }

  /**
   * Every report of the workspace that has annotations, with them placed in its current text
   * (`openText` gives an open report's), for the CSV export. Reports that can no longer be read
   * are left out and named in `problems`.
   */
  codedForExport(openText: (uri: string) => string | undefined): { reports: CodedReport[]; problems: string[] } {
    const reports: CodedReport[] = [];
    const problems: string[] = [];
    for (const file of this.store?.annotatedReports() ?? []) {
      const uri = pathToFileURL(file).toString();
      try {
        const text = openText(uri) ?? fs.readFileSync(file, 'utf8');
        const { loaded, anchored } = this.place(uri, text)!;
        if (loaded.corrupt) {
          problems.push(`${this.store!.sourceOf(file)}: its annotation file cannot be read (${loaded.corrupt})`);
          continue;
        }
        reports.push({ file: this.store!.sourceOf(file), report: this.analyze(text), annotations: anchored });
      } catch (error) {
        problems.push(`${this.store!.sourceOf(file)}: ${(error as Error).message}`);
      }
    }
    return { reports, problems };
  }

  private world(file: string, text: string, creator: string | undefined): EditWorld {
    return {
      text,
      source: this.store!.sourceOf(file),
      contentHash: contentHash(text),
      creator: creator?.trim() || defaultCoder(),
      now: () => new Date().toISOString(),
      newId: () => `urn:uuid:${crypto.randomUUID()}`,
    };
  }
}

/** Who is coding when the user has not said: the account's name. */
function defaultCoder(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
