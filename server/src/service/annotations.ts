/**
 * Quality assurers' annotations: themes, memos and review status attached to a passage of a
 * report, in the W3C Web Annotation model (https://www.w3.org/TR/annotation-model/). A report's
 * annotations live in a file of their own beside it (never inside it): an `AnnotationCollection`
 * whose page holds one `Annotation` per tagged passage, each targeting the passage with a
 * `TextQuoteSelector` (the words, with the words either side) and a `TextPositionSelector` (the
 * UTF-16 offsets), and naming the report's content hash at the time of tagging.
 *
 * Everything here is pure: ids, clocks and the coder's name come in through an `EditContext`,
 * so the same edits give the same file in the editor, on the command line and in tests.
 */
import type { Span } from './model';

export const ANNOTATION_CONTEXT = [
  'http://www.w3.org/ns/anno.jsonld',
  { il: 'https://inspection-lens.dev/ns#', contentHash: 'il:contentHash', reason: 'il:reason' },
] as const;

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export interface Agent {
  type: 'Person';
  name: string;
}

export const REVIEW_STATUSES = ['unreviewed', 'agreed', 'disputed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

interface BodyBase {
  /** `urn:uuid:…`, so that two windows editing one annotation can tell their bodies apart. */
  id: string;
  type: 'TextualBody';
  creator: Agent;
  /** ISO 8601 date-times. */
  created: string;
  modified: string;
}

/** A theme of the codebook, by id. */
export interface ThemeBody extends BodyBase {
  purpose: 'tagging';
  value: string;
}

export interface MemoBody extends BodyBase {
  purpose: 'commenting';
  format: 'text/plain';
  value: string;
}

/** The review status; at most one per annotation. `reason` says why a finding is disputed. */
export interface StatusBody extends BodyBase {
  purpose: 'assessing';
  value: ReviewStatus;
  reason?: string;
}

export type AnnotationBody = ThemeBody | MemoBody | StatusBody;

export interface AnnotationTarget {
  /** The report: its path relative to the workspace folder, with forward slashes. */
  source: string;
  /** `sha256:` and the hex digest of the report's text when the target was last placed. */
  contentHash: string;
  selector: [TextQuoteSelector, TextPositionSelector];
}

export interface Annotation {
  id: string;
  type: 'Annotation';
  creator: Agent;
  created: string;
  modified: string;
  body: AnnotationBody[];
  target: AnnotationTarget;
}

/** What an edit needs from the world: a fresh id, the time, and who is coding. */
export interface EditContext {
  newId(): string;
  now(): string;
  creator: string;
}

/** Characters of context kept either side of the quote. */
export const CONTEXT_LENGTH = 32;

/** The selectors that place `span` in `text`. */
export function selectorsFor(text: string, span: Span): [TextQuoteSelector, TextPositionSelector] {
  return [
    {
      type: 'TextQuoteSelector',
      exact: text.slice(span.start, span.end),
      prefix: text.slice(Math.max(0, span.start - CONTEXT_LENGTH), span.start),
      suffix: text.slice(span.end, span.end + CONTEXT_LENGTH),
    },
    { type: 'TextPositionSelector', start: span.start, end: span.end },
  ];
}

export function newAnnotation(text: string, span: Span, source: string, contentHash: string, context: EditContext): Annotation {
  const now = context.now();
  return {
    id: context.newId(),
    type: 'Annotation',
    creator: person(context.creator),
    created: now,
    modified: now,
    body: [],
    target: { source, contentHash, selector: selectorsFor(text, span) },
  };
}

/** Adds a theme, unless the annotation already has it. */
export function addTheme(annotation: Annotation, theme: string, context: EditContext): Annotation {
  if (themesOfAnnotation(annotation).includes(theme)) return annotation;
  return withBody(annotation, [...annotation.body, body(context, { purpose: 'tagging', value: theme })], context);
}

export function removeTheme(annotation: Annotation, theme: string, context: EditContext): Annotation {
  if (!themesOfAnnotation(annotation).includes(theme)) return annotation;
  return withBody(annotation, annotation.body.filter((b) => !(b.purpose === 'tagging' && b.value === theme)), context);
}

export function addMemo(annotation: Annotation, memo: string, context: EditContext): Annotation {
  return withBody(annotation, [...annotation.body, body(context, { purpose: 'commenting', format: 'text/plain', value: memo })], context);
}

/** Sets the review status, replacing any earlier one (the status body keeps its id). */
export function setStatus(annotation: Annotation, status: ReviewStatus, reason: string | undefined, context: EditContext): Annotation {
  const now = context.now();
  const earlier = annotation.body.find((b): b is StatusBody => b.purpose === 'assessing');
  const next: StatusBody = {
    ...(earlier ?? (body(context, { purpose: 'assessing', value: status }) as StatusBody)),
    value: status,
    creator: person(context.creator),
    modified: now,
  };
  if (status === 'disputed' && reason?.trim()) next.reason = reason.trim();
  else delete next.reason;
  const rest = annotation.body.filter((b) => b.purpose !== 'assessing');
  return withBody(annotation, [...rest, next], context);
}

/** Moves the annotation to `span` of `text` (re-attaching it, or following its text after an edit). */
export function retarget(annotation: Annotation, text: string, span: Span, contentHash: string, context: EditContext): Annotation {
  return { ...annotation, modified: context.now(), target: { ...annotation.target, contentHash, selector: selectorsFor(text, span) } };
}

export function themesOfAnnotation(annotation: Annotation): string[] {
  return annotation.body.filter((b): b is ThemeBody => b.purpose === 'tagging').map((b) => b.value);
}

export function memosOf(annotation: Annotation): MemoBody[] {
  return annotation.body.filter((b): b is MemoBody => b.purpose === 'commenting');
}

export function statusOf(annotation: Annotation): StatusBody | undefined {
  return annotation.body.find((b): b is StatusBody => b.purpose === 'assessing');
}

export function quoteSelector(annotation: Annotation): TextQuoteSelector {
  return annotation.target.selector[0];
}

export function positionSelector(annotation: Annotation): TextPositionSelector {
  return annotation.target.selector[1];
}

function person(name: string): Agent {
  return { type: 'Person', name };
}

type BodyFields = Pick<ThemeBody, 'purpose' | 'value'> | Pick<MemoBody, 'purpose' | 'value' | 'format'> | Pick<StatusBody, 'purpose' | 'value'>;

function body(context: EditContext, fields: BodyFields): AnnotationBody {
  const now = context.now();
  return { id: context.newId(), type: 'TextualBody', ...fields, creator: person(context.creator), created: now, modified: now } as AnnotationBody;
}

function withBody(annotation: Annotation, bodies: AnnotationBody[], context: EditContext): Annotation {
  return { ...annotation, body: bodies, modified: context.now() };
}

// ---------------------------------------------------------------------------------------------
// The annotation file

/** Where a report's annotations live, relative to the workspace folder: `.inspection-lens/annotations/<report path>.json`. */
export function annotationFileOf(source: string): string {
  return `.inspection-lens/annotations/${source}.json`;
}

export interface AnnotationFile {
  '@context': typeof ANNOTATION_CONTEXT;
  type: 'AnnotationCollection';
  label: string;
  generator: string;
  total: number;
  first: { type: 'AnnotationPage'; items: unknown[] };
}

/**
 * A file read back: the annotations that are well formed, and the items that are not, kept
 * verbatim so that writing the file again loses nothing another tool (or a newer version) put there.
 */
export interface ReadAnnotations {
  annotations: Annotation[];
  unreadable: unknown[];
  problems: string[];
}

/** Reads an annotation file's text. A file that is not an annotation collection at all is `corrupt`, with why. */
export function readAnnotationFile(text: string): ReadAnnotations | { corrupt: string } {
  if (!text.trim()) return { annotations: [], unreadable: [], problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { corrupt: `it is not valid JSON (${(error as Error).message})` };
  }
  if (!isObject(parsed) || parsed.type !== 'AnnotationCollection') return { corrupt: 'it is not a W3C annotation collection ("type": "AnnotationCollection")' };
  const page = parsed.first;
  if (page === undefined) return { annotations: [], unreadable: [], problems: [] };
  if (!isObject(page) || !Array.isArray(page.items)) return { corrupt: 'its first page has no list of "items"' };
  const result: ReadAnnotations = { annotations: [], unreadable: [], problems: [] };
  page.items.forEach((item, n) => {
    const why = whyNotAnnotation(item);
    if (why) {
      result.unreadable.push(item);
      result.problems.push(`Annotation ${n + 1} was kept but not shown: ${why}.`);
    } else result.annotations.push(item as Annotation);
  });
  return result;
}

/**
 * The file's text: annotations in the order of their place in the report, two-space JSON with a
 * line per field, so that a team's changes diff and merge cleanly in version control.
 */
export function writeAnnotationFile(source: string, annotations: Annotation[], unreadable: unknown[] = []): string {
  const items = [...annotations].sort((a, b) => positionSelector(a).start - positionSelector(b).start || positionSelector(a).end - positionSelector(b).end || compare(a.id, b.id));
  const file: AnnotationFile = {
    '@context': ANNOTATION_CONTEXT,
    type: 'AnnotationCollection',
    label: `Inspection Lens annotations of ${source}`,
    generator: 'Inspection Lens',
    total: items.length + unreadable.length,
    first: { type: 'AnnotationPage', items: [...items, ...unreadable] },
  };
  return JSON.stringify(file, null, 2) + '\n';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function whyNotAnnotation(item: unknown): string | undefined {
  if (!isObject(item)) return 'it is not an object';
  if (item.type !== 'Annotation') return 'its "type" is not "Annotation"';
  if (typeof item.id !== 'string' || !item.id) return 'it has no "id"';
  if (!Array.isArray(item.body) || !item.body.every(isBody)) return 'its "body" is not a list of tags, memos and a status';
  const target = item.target;
  if (!isObject(target) || typeof target.source !== 'string' || !Array.isArray(target.selector)) return 'its "target" has no "source" and "selector"';
  const [quote, position] = target.selector as unknown[];
  if (!isObject(quote) || quote.type !== 'TextQuoteSelector' || typeof quote.exact !== 'string' || !quote.exact) return 'its first selector is not a TextQuoteSelector';
  if (!isObject(position) || position.type !== 'TextPositionSelector' || !Number.isInteger(position.start) || !Number.isInteger(position.end)) return 'its second selector is not a TextPositionSelector';
  // Well formed: fill in what may be missing without harm.
  item.body.forEach((b: Record<string, unknown>) => {
    if (!isObject(b.creator) || typeof b.creator.name !== 'string') b.creator = { type: 'Person', name: 'unknown' };
    for (const field of ['created', 'modified'] as const) if (typeof b[field] !== 'string') b[field] = '';
  });
  if (typeof quote.prefix !== 'string') quote.prefix = '';
  if (typeof quote.suffix !== 'string') quote.suffix = '';
  for (const field of ['created', 'modified'] as const) if (typeof item[field] !== 'string') item[field] = '';
  if (!isObject(item.creator) || typeof item.creator.name !== 'string') item.creator = { type: 'Person', name: 'unknown' };
  if (typeof target.contentHash !== 'string') target.contentHash = '';
  return undefined;
}

function isBody(value: unknown): boolean {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.value !== 'string') return false;
  if (value.purpose === 'assessing' && !(REVIEW_STATUSES as readonly string[]).includes(value.value)) return false;
  return ['tagging', 'commenting', 'assessing'].includes(value.purpose as string);
}
