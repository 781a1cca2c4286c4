/**
 * Annotations for the annotation store's tests and their writer processes: a synthetic report of
 * numbered paragraphs, one annotation per paragraph, and memos that say which generation of a
 * file they belong to.
 */
import { type Annotation, type EditContext, addMemo, addTheme, memosOf, newAnnotation } from '../../server/out/service/annotations';

const PARAGRAPHS = Array.from({ length: 2000 }, (_, n) => `Paragraph ${n + 1}. Social workers visit children regularly and know them well.`);
export const REPORT_TEXT = PARAGRAPHS.join('\n') + '\n';

const STARTS = PARAGRAPHS.map((_, n) => PARAGRAPHS.slice(0, n).reduce((offset, paragraph) => offset + paragraph.length + 1, 0));

/** A long memo, as a quality assurer writes them: about two thousand characters. */
const LONG_MEMO = 'The plan records the child’s wishes and feelings but not how they shaped the decision; the manager’s oversight is recorded without reasons, and the review was late. '.repeat(12);

/** An annotation of paragraph `n` (from 0) with the given id, a theme and, if given, a memo. */
export function paragraphAnnotation(source: string, n: number, id: string, memo?: string): Annotation {
  const context = fixedContext(id);
  const span = { start: STARTS[n], end: STARTS[n] + PARAGRAPHS[n].length };
  const tagged = addTheme(newAnnotation(REPORT_TEXT, span, source, 'sha256:test', context), 'planning', context);
  return memo === undefined ? tagged : addMemo(tagged, memo, context);
}

/** `count` annotations of the first paragraphs, each with a long memo of generation `generation`. */
export function largeAnnotationSet(source: string, count: number, generation: number): Annotation[] {
  return Array.from({ length: count }, (_, n) => paragraphAnnotation(source, n, `urn:test:large-${n}`, generationMemo(generation)));
}

export function generationMemo(generation: number): string {
  return `generation ${generation}: ${LONG_MEMO}`;
}

/** The same annotations with their memos moved on to the next generation. */
export function nextGeneration(annotations: Annotation[]): Annotation[] {
  const next = generationOfMemo(annotations[0]) + 1;
  return annotations.map((annotation) => ({
    ...annotation,
    body: annotation.body.map((body) => (body.purpose === 'commenting' ? { ...body, value: generationMemo(next) } : body)),
  }));
}

/** The generation of an annotation's memo, or NaN if it has none of the expected form. */
export function generationOfMemo(annotation: Annotation): number {
  const memos = memosOf(annotation);
  const generation = memos.length === 1 ? Number(/^generation (\d+):/.exec(memos[0].value)?.[1]) : NaN;
  return memos.length === 1 && memos[0].value === generationMemo(generation) ? generation : NaN;
}

function fixedContext(id: string): EditContext {
  let bodies = 0;
  let first = true;
  return {
    newId: () => (first ? ((first = false), id) : `${id}-body-${++bodies}`),
    now: () => '2025-06-02T09:30:00.000Z',
    creator: 'A quality assurer',
  };
}
