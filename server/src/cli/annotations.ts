import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnnotationStore } from '../lsp/annotationStore';
import { CodebookStore } from '../lsp/codebookStore';
import { type Anchored, anchorAll } from '../service/index';

/**
 * The command line's view of quality assurers' annotations: a report's annotations live in the
 * `.inspection-lens/` folder of the nearest folder above it that has one (the workspace folder
 * the editor used), placed in the report's current text.
 */
export function workspaceFolderOf(reportPath: string): string | undefined {
  for (let folder = path.dirname(path.resolve(reportPath)); ; folder = path.dirname(folder)) {
    if (fs.existsSync(path.join(folder, '.inspection-lens'))) return folder;
    if (path.dirname(folder) === folder) return undefined;
  }
}

export interface PlacedFromDisk {
  /** The annotation file, when the report has one. */
  file?: string;
  anchored: Anchored[];
  /** Why the annotation file cannot be read (it is left as it is). */
  problem?: string;
}

/** The report's annotations placed in `text`; none when it has no annotation file. */
export function placeAnnotations(reportPath: string, text: string): PlacedFromDisk {
  const folder = workspaceFolderOf(reportPath);
  if (!folder) return { anchored: [] };
  const store = new AnnotationStore(folder);
  const file = store.fileFor(path.resolve(reportPath));
  if (!fs.existsSync(file)) return { anchored: [] };
  const loaded = store.load(path.resolve(reportPath));
  if (loaded.corrupt) return { file, anchored: [], problem: `The annotation file ${file} cannot be read: ${loaded.corrupt}. It was left as it is.` };
  return { file, anchored: anchorAll(loaded.annotations, text), ...(loaded.problems.length ? { problem: loaded.problems.join(' ') } : {}) };
}

/** Theme labels from the codebook of the workspace folder holding `reportPath` (the default codebook elsewhere). */
export function themeLabels(reportPath: string | undefined): (id: string) => string {
  const codebook = new CodebookStore(reportPath ? workspaceFolderOf(reportPath) : undefined);
  return (id) => codebook.label(id);
}
