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
 * and making every change through the store, which merges with what is on disk. In a workspace
 * of several folders, each folder keeps the annotations of the reports inside it in its own
 * `.inspection-lens/` (a report in a nested folder belongs to the innermost).
 */
export class WorkspaceAnnotations {
  /** A store per workspace folder, innermost folders first. */
  private readonly stores: AnnotationStore[];
  private readonly placed = new Map<string, { text: string; loaded: LoadResult; result: PlacedAnnotations }>();
  private readonly coded = new Map<string, { text: string; loaded: LoadResult; known: KnownReport }>();

  constructor(
    folders: readonly string[],
    private readonly analyze: (text: string) => ParsedReport,
  ) {
    this.stores = [...new Set(folders.map((folder) => path.resolve(folder)))].sort((a, b) => b.length - a.length).map((folder) => new AnnotationStore(folder));
  }

  /** The report's path on disk when it can carry annotations: a saved file inside a workspace folder. */
  pathOf(uri: string): string | undefined {
    return this.located(uri)?.file;
  }

  /** Where the report's annotations are kept: the path in `.inspection-lens/annotations` of its folder. */
  annotationFileOf(uri: string): string | undefined {
    const located = this.located(uri);
    return located?.store.fileFor(located.file);
  }

  /**
   * The report's name in exports and annotations: its path within its workspace folder, with
   * forward slashes (after the folder's name when the workspace has several).
   */
  reportName(uri: string): string | undefined {
    const located = this.located(uri);
    return located ? this.nameIn(located.store, located.file) : undefined;
  }

  /** Whether a file is an annotation file of this workspace. */
  isAnnotationFile(uri: string): boolean {
    if (!uri.startsWith('file:')) return false;
    const file = fileURLToPath(uri);
    return this.stores.some((store) => file.startsWith(path.join(store.folder, '.inspection-lens', 'annotations') + path.sep));
  }

  /** The report's file and the store of the folder it is in; undefined for one outside every folder, unsaved, or in `.inspection-lens`. */
  private located(uri: string): { file: string; store: AnnotationStore } | undefined {
    return uri.startsWith('file:') ? this.storeOf(fileURLToPath(uri)) : undefined;
  }

  /** The same for a file on disk. */
  private storeOf(file: string): { file: string; store: AnnotationStore } | undefined {
    for (const store of this.stores) {
      const relative = path.relative(store.folder, file);
      if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) continue;
      return relative.split(path.sep)[0] === '.inspection-lens' ? undefined : { file, store };
    }
    return undefined;
  }

  private nameIn(store: AnnotationStore, file: string): string {
    const source = store.sourceOf(file);
    return this.stores.length > 1 ? `${path.basename(store.folder)}/${source}` : source;
  }

  /** The report's annotations placed in `text`; undefined for a report that cannot carry any. */
  place(uri: string, text: string): PlacedAnnotations | undefined {
    const located = this.located(uri);
    if (!located) return undefined;
    const loaded = located.store.load(located.file);
    const cached = this.placed.get(uri);
    if (cached && cached.text === text && cached.loaded === loaded) return cached.result;
    const result = { loaded, anchored: anchorAll(loaded.annotations, text) };
    this.placed.set(uri, { text, loaded, result });
    return result;
  }

  /** Applies a tagging action to the report at `uri` whose current text is `text`. */
  async apply(uri: string, text: string, choice: AnnotationTargetChoice, action: AnnotationAction, creator: string | undefined): Promise<LoadResult> {
    const located = this.located(uri);
    if (!located) throw new Error('Only a report saved inside a workspace folder can be tagged: save it there first.');
    const world = this.world(located, text, creator);
    return located.store.update(located.file, (current) => applyAnnotationAction(current, choice, action, world));
  }

  /**
   * After a report is saved (or changed on disk), the annotations that followed their text to a
   * new place are written back with their new selectors, so that later edits start from there.
   * Annotations that cannot be placed are left exactly as they were.
   */
  async follow(uri: string, text: string): Promise<boolean> {
    const located = this.located(uri);
    const placed = this.place(uri, text);
    if (!located || !placed || placed.loaded.corrupt || placed.anchored.length === 0) return false;
    const moved = followedAnnotations(placed.anchored, this.world(located, text, undefined));
    if (moved.size === 0) return false;
    await located.store.update(located.file, (current) => current.map((annotation) => moved.get(annotation.id) ?? annotation));
    return true;
  }

  /**
   * The workspace's reports with their annotations folded in, for the theme tree: a tagged
   * finding gains its tags' themes, and a tagged passage that is no finding joins the report's
   * findings. `openText` gives the editor's text of an open report.
   */
  codedReports(reports: KnownReport[], openText: (uri: string) => string | undefined): KnownReport[] {
    const annotated = new Set(this.annotatedReports().map(({ file }) => pathToFileURL(file).toString()));
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
    for (const { file, store } of this.annotatedReports()) {
      const uri = pathToFileURL(file).toString();
      const name = this.nameIn(store, file);
      try {
        const text = openText(uri) ?? fs.readFileSync(file, 'utf8');
        const { loaded, anchored } = this.place(uri, text)!;
        if (loaded.corrupt) {
          problems.push(`${name}: its annotation file cannot be read (${loaded.corrupt})`);
          continue;
        }
        reports.push({ file: name, report: this.analyze(text), annotations: anchored });
      } catch (error) {
        problems.push(`${name}: ${(error as Error).message}`);
      }
    }
    return { reports, problems };
  }

  /** Every report with an annotation file, in every folder (a report in a nested folder once, under the innermost). */
  private annotatedReports(): { file: string; store: AnnotationStore }[] {
    return this.stores.flatMap((store) => store.annotatedReports().filter((file) => this.storeOf(file)?.store === store).map((file) => ({ file, store })));
  }

  private world({ file, store }: { file: string; store: AnnotationStore }, text: string, creator: string | undefined): EditWorld {
    return {
      text,
      source: store.sourceOf(file),
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
