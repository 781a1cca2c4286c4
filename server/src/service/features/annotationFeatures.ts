/**
 * What the editor shows of quality assurers' annotations: the list the client decorates, the
 * hover, the outline group, the diagnostics of annotations that can no longer be placed, the
 * tagging code actions, and the edits themselves (applied to whatever the annotation file holds
 * at the moment of writing, so that another window's work is merged rather than overwritten).
 */
import { CodeAction, CodeActionKind, Command, type Diagnostic, DiagnosticSeverity, DocumentSymbol, type Range, SymbolKind } from 'vscode-languageserver-types';
import { type AnchorHow, type Anchored, anchorAll } from '../anchoring';
import {
  type Annotation,
  type EditContext,
  type ReviewStatus,
  addMemo,
  addTheme,
  memosOf,
  newAnnotation,
  positionSelector,
  quoteSelector,
  removeTheme,
  retarget,
  setStatus,
  statusOf,
  themesOfAnnotation,
} from '../annotations';
import { DIAGNOSTIC_CODES } from '../diagnostics';
import type { Span } from '../model';
import type { ParsedReport } from '../report';
import { stanceOf } from '../themes';
import type { ReportDigest } from './digest';
import { shorten } from './outline';

/** Commands of the tagging actions: the client runs the first three (they ask for input), the server the rest. */
export const ANNOTATION_COMMANDS = {
  tagWithTheme: 'inspectionLens.tagWithTheme',
  addMemo: 'inspectionLens.addMemo',
  setReviewStatus: 'inspectionLens.setReviewStatus',
  reattach: 'inspectionLens.reattachAnnotation',
  discard: 'inspectionLens.discardAnnotation',
} as const;

/** An annotation as the editor shows it, with its current place (null when it cannot be placed). */
export interface AnnotationView {
  id: string;
  range: Range | null;
  how: AnchorHow;
  quote: string;
  themes: Array<{ id: string; label: string; creator: string; created: string }>;
  memos: Array<{ id: string; text: string; creator: string; created: string }>;
  status: { value: ReviewStatus; reason?: string; creator: string; modified: string } | null;
  creator: string;
  created: string;
  modified: string;
}

export type ThemeLabel = (id: string) => string;

export function annotationViews(report: ParsedReport, anchored: Anchored[], themeLabel: ThemeLabel): AnnotationView[] {
  return anchored.map(({ annotation, span, how }) => {
    const status = statusOf(annotation);
    return {
      id: annotation.id,
      range: span ? report.source.rangeOf(span) : null,
      how,
      quote: quoteSelector(annotation).exact,
      themes: annotation.body.flatMap((b) => (b.purpose === 'tagging' ? [{ id: b.value, label: themeLabel(b.value), creator: b.creator.name, created: b.created }] : [])),
      memos: memosOf(annotation).map((memo) => ({ id: memo.id, text: memo.value, creator: memo.creator.name, created: memo.created })),
      status: status ? { value: status.value, ...(status.reason ? { reason: status.reason } : {}), creator: status.creator.name, modified: status.modified } : null,
      creator: annotation.creator.name,
      created: annotation.created,
      modified: annotation.modified,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Hover

/** The hover text of the annotations at `offset`: themes, status, memos, who and when. */
export function annotationHover(anchored: Anchored[], offset: number, themeLabel: ThemeLabel): { span: Span; markdown: string } | undefined {
  const here = anchored.filter((a): a is Anchored & { span: Span } => !!a.span && a.span.start <= offset && offset <= a.span.end);
  if (here.length === 0) return undefined;
  const parts = here.map(({ annotation }) => {
    const lines: string[] = [];
    const themes = themesOfAnnotation(annotation).map(themeLabel);
    lines.push(themes.length ? `**Tagged:** ${themes.map(escapeMarkdown).join(', ')}` : '**Annotated**');
    const status = statusOf(annotation);
    lines.push(`**Review status:** ${status ? statusText(status.value, status.reason) + ` — ${escapeMarkdown(status.creator.name)}, ${when(status.modified)}` : 'unreviewed'}`);
    for (const memo of memosOf(annotation)) lines.push(`**Memo** (${escapeMarkdown(memo.creator.name)}, ${when(memo.created)}): ${escapeMarkdown(memo.value)}`);
    lines.push(`_Annotated by ${escapeMarkdown(annotation.creator.name)} on ${when(annotation.created)}${when(annotation.modified) !== when(annotation.created) ? `; changed ${when(annotation.modified)}` : ''}_`);
    return lines.join('  \n');
  });
  const span = { start: Math.min(...here.map((a) => a.span.start)), end: Math.max(...here.map((a) => a.span.end)) };
  return { span, markdown: parts.join('\n\n---\n\n') };
}

function statusText(status: ReviewStatus, reason?: string): string {
  return status === 'disputed' && reason ? `disputed (${escapeMarkdown(reason)})` : status;
}

/** An ISO date-time as a reader says it: "25 November 2026, 14:03" (UTC). */
export function when(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!match) return iso || 'an unknown time';
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${Number(match[3])} ${months[Number(match[2]) - 1]} ${match[1]}, ${match[4]}:${match[5]}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, (c) => `\\${c}`);
}

// ---------------------------------------------------------------------------------------------
// Outline

/** An outline group listing the report's annotations, or nothing when it has none. */
export function annotationSymbol(report: ParsedReport, anchored: Anchored[], themeLabel: ThemeLabel): DocumentSymbol | undefined {
  const placed = anchored.filter((a): a is Anchored & { span: Span } => !!a.span);
  if (placed.length === 0) return undefined;
  const children = placed.map(({ annotation, span }) => {
    const themes = themesOfAnnotation(annotation).map(themeLabel);
    const status = statusOf(annotation)?.value ?? 'unreviewed';
    const memos = memosOf(annotation).length;
    const detail = [status, memos ? `${memos} memo${memos > 1 ? 's' : ''}` : ''].filter(Boolean).join(', ');
    const range = report.source.rangeOf(span);
    return DocumentSymbol.create(themes.length ? themes.join(', ') : shorten(quoteSelector(annotation).exact), detail, SymbolKind.Key, range, range);
  });
  const start = Math.min(...placed.map((a) => a.span.start));
  const end = Math.max(...placed.map((a) => a.span.end));
  const range = report.source.rangeOf({ start, end });
  const orphans = anchored.length - placed.length;
  return DocumentSymbol.create('Tagged passages', `${placed.length}${orphans ? `, ${orphans} not found` : ''}`, SymbolKind.Namespace, range, report.source.rangeOf({ start, end: start }), children);
}

// ---------------------------------------------------------------------------------------------
// Diagnostics and code actions

/**
 * OFS050 for each annotation that can no longer be placed (at the place it last had, clamped to
 * the text), and OFS051 when the annotation file cannot be read.
 */
export function annotationDiagnostics(report: ParsedReport, anchored: Anchored[], themeLabel: ThemeLabel, fileProblem?: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { annotation, span } of anchored) {
    if (span) continue;
    const themes = themesOfAnnotation(annotation).map(themeLabel);
    diagnostics.push({
      range: lastPlace(report, annotation),
      severity: DiagnosticSeverity.Warning,
      code: 'OFS050',
      source: 'Inspection Lens',
      message: `A tagged passage can no longer be found in the report: "${shorten(quoteSelector(annotation).exact.replace(/\s+/g, ' '), 120)}"${themes.length ? ` (${themes.join(', ')})` : ''}. It is kept; re-attach it or discard it. (${DIAGNOSTIC_CODES.OFS050.slug})`,
      data: { annotation: annotation.id },
    });
  }
  if (fileProblem) {
    diagnostics.push({
      range: report.source.rangeOf({ start: 0, end: 0 }),
      severity: DiagnosticSeverity.Error,
      code: 'OFS051',
      source: 'Inspection Lens',
      message: `${fileProblem} (${DIAGNOSTIC_CODES.OFS051.slug})`,
    });
  }
  return diagnostics;
}

function lastPlace(report: ParsedReport, annotation: Annotation): Range {
  const at = Math.min(positionSelector(annotation).start, report.source.text.length);
  const line = report.source.lineOf(at);
  return report.source.rangeOf(report.source.spanOfLine(report.source.lines[line]));
}

/**
 * Code actions at a span: tag, add a memo or set the status of the passage (a selection, else
 * the finding or recommendation under the cursor), and for an annotation that can no longer be
 * placed, re-attach it to the closest match or discard it.
 */
export function annotationCodeActions(
  report: ParsedReport,
  uri: string,
  span: Span,
  anchored: Anchored[],
  closest: (annotation: Annotation) => { span: Span; similarity: number } | null,
  themeLabel: ThemeLabel,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const target = tagTarget(report, span);
  if (target) {
    const range = report.source.rangeOf(target);
    const what = span.start === span.end ? 'this finding' : 'the selection';
    actions.push(CodeAction.create(`Tag ${what} with a theme…`, Command.create('Tag with theme…', ANNOTATION_COMMANDS.tagWithTheme, uri, range), CodeActionKind.Empty));
    actions.push(CodeAction.create(`Add a memo to ${what}…`, Command.create('Add memo…', ANNOTATION_COMMANDS.addMemo, uri, range), CodeActionKind.Empty));
    actions.push(CodeAction.create(`Set the review status of ${what}…`, Command.create('Set review status…', ANNOTATION_COMMANDS.setReviewStatus, uri, range), CodeActionKind.Empty));
  }
  for (const { annotation, span: placed } of anchored) {
    if (placed) continue;
    const place = lastPlace(report, annotation);
    const at = report.source.rangeOf(span);
    if (at.end.line < place.start.line || at.start.line > place.end.line) continue;
    // The very diagnostic the server publishes, so that the editor ties the fixes to it.
    const diagnostic = annotationDiagnostics(report, [{ annotation, span: null, how: 'orphaned' }], themeLabel)[0];
    const match = closest(annotation);
    if (match) {
      const action = CodeAction.create(
        `Re-attach the tagged passage to the closest match: "${shorten(report.source.text.slice(match.span.start, match.span.end), 60)}" (${Math.round(match.similarity * 100)}% alike)`,
        Command.create('Re-attach', ANNOTATION_COMMANDS.reattach, uri, annotation.id, match.span.start, match.span.end),
        CodeActionKind.QuickFix,
      );
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    const discard = CodeAction.create('Discard the tagged passage (its tags, memos and status)', Command.create('Discard', ANNOTATION_COMMANDS.discard, uri, annotation.id), CodeActionKind.QuickFix);
    discard.diagnostics = [diagnostic];
    actions.push(discard);
  }
  return actions;
}

/** What a tagging action applies to: a non-empty selection as it is, else the finding or recommendation at the cursor. */
export function tagTarget(report: ParsedReport, span: Span): Span | undefined {
  if (span.end > span.start) return trimmed(report.source.text, span);
  const at = (s: Span) => s.start <= span.start && span.start <= s.end;
  const whole = report.recommendations.find((r) => at(r.span))?.span ?? report.findings.find((f) => at(f.span))?.span;
  return whole && withoutMarker(report.source.text, whole);
}

/** A paragraph number or bullet that opens a finding ("17. ", "- "): not part of what is tagged, and renumbered by later edits. */
const MARKER = /^(?:\d{1,3}\.|[-\u2022\u25aa\u25fc\u25a0\u25cf\u25e6\u2013\u2014*\u00b7])\s+/u;

function withoutMarker(text: string, span: Span): Span {
  const marker = MARKER.exec(text.slice(span.start, Math.min(span.end, span.start + 12)));
  return marker && span.start + marker[0].length < span.end ? { start: span.start + marker[0].length, end: span.end } : span;
}

function trimmed(text: string, span: Span): Span | undefined {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? { start, end } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Edits

export type AnnotationAction =
  | { kind: 'addTheme'; theme: string }
  | { kind: 'removeTheme'; theme: string }
  | { kind: 'addMemo'; memo: string }
  | { kind: 'setStatus'; status: ReviewStatus; reason?: string }
  | { kind: 'discard' }
  | { kind: 'reattach'; span: Span };

/** Which annotation an action is for: by id, or the one placed exactly on a span (a new one if none is). */
export type AnnotationTargetChoice = { id: string } | { span: Span };

export interface EditWorld extends EditContext {
  /** The report's current text (the editor's, when it is open), its path in the annotations and its hash. */
  text: string;
  source: string;
  contentHash: string;
}

/**
 * Applies an action to the annotations the file holds now (read afresh by the caller, under its
 * lock). An action on an annotation someone else has discarded meanwhile changes nothing; a
 * theme removed from an annotation that holds nothing else removes the annotation.
 */
export function applyAnnotationAction(current: Annotation[], choice: AnnotationTargetChoice, action: AnnotationAction, world: EditWorld): Annotation[] {
  let index: number;
  let annotation: Annotation | undefined;
  if ('id' in choice) {
    index = current.findIndex((a) => a.id === choice.id);
    annotation = current[index];
    if (!annotation) return current;
  } else {
    const placed = anchorAll(current, world.text);
    index = placed.findIndex((a) => a.span && a.span.start === choice.span.start && a.span.end === choice.span.end);
    annotation = index === -1 ? undefined : current[index];
    if (!annotation) {
      if (action.kind === 'discard' || action.kind === 'removeTheme' || action.kind === 'reattach') return current;
      annotation = newAnnotation(world.text, choice.span, world.source, world.contentHash, world);
    }
  }
  const changed = edit(annotation, action, world);
  const rest = index === -1 ? current : current.filter((_, i) => i !== index);
  return changed ? [...rest, changed] : rest;
}

function edit(annotation: Annotation, action: AnnotationAction, world: EditWorld): Annotation | undefined {
  switch (action.kind) {
    case 'addTheme':
      return addTheme(annotation, action.theme, world);
    case 'removeTheme': {
      const after = removeTheme(annotation, action.theme, world);
      return after.body.length ? after : undefined;
    }
    case 'addMemo':
      return addMemo(annotation, action.memo, world);
    case 'setStatus':
      return setStatus(annotation, action.status, action.reason, world);
    case 'discard':
      return undefined;
    case 'reattach':
      return retarget(annotation, world.text, action.span, world.contentHash, world);
  }
}

/**
 * Annotations that followed their text to a new place (or whose report changed) with selectors
 * brought up to date, for writing back after the report is saved; orphans stay as they were.
 */
export function followedAnnotations(anchored: Anchored[], world: EditWorld): Map<string, Annotation> {
  const moved = new Map<string, Annotation>();
  for (const { annotation, span } of anchored) {
    if (!span) continue;
    const position = positionSelector(annotation);
    const same = position.start === span.start && position.end === span.end && quoteSelector(annotation).exact === world.text.slice(span.start, span.end) && annotation.target.contentHash === world.contentHash;
    if (!same) moved.set(annotation.id, { ...retarget(annotation, world.text, span, world.contentHash, world), modified: annotation.modified });
  }
  return moved;
}

// ---------------------------------------------------------------------------------------------
// The theme tree

/** A finding's quality-assurance coding, as the theme tree shows it. */
export interface Coding {
  themes: string[];
  status?: ReviewStatus;
  memos: number;
}

/**
 * The report's digest with its annotations folded in: a tagged finding gains the annotation's
 * themes; a tagged passage that is no finding becomes one of its own, so that every tag counts
 * in the tree.
 */
export function codedDigest(digest: ReportDigest, report: ParsedReport, anchored: Anchored[]): ReportDigest {
  const placed = anchored.filter((a): a is Anchored & { span: Span } => !!a.span);
  if (placed.length === 0) return digest;
  const findings = digest.findings.map((finding) => ({ ...finding }));
  const spans = report.findings.map((finding) => finding.span);
  for (const { annotation, span } of placed) {
    const status = statusOf(annotation)?.value;
    const coding: Coding = { themes: themesOfAnnotation(annotation), memos: memosOf(annotation).length, ...(status ? { status } : {}) };
    const overlapping = spans.map((s, i) => (s.start < span.end && span.start < s.end ? i : -1)).filter((i) => i !== -1 && i < findings.length);
    if (overlapping.length) {
      for (const i of overlapping) {
        const finding = findings[i];
        finding.coded = merged(finding.coded, coding);
        finding.themes = [...new Set([...finding.themes, ...coding.themes])];
      }
    } else {
      const inSection = report.sections.flatMap(function all(s): typeof report.sections { return [s, ...s.children.flatMap(all)]; }).filter((s) => s.span.start <= span.start && span.start < s.span.end).pop();
      const text = report.source.text.slice(span.start, span.end);
      findings.push({ text, section: inSection?.title ?? '', themes: coding.themes, stance: stanceOf(text), range: report.source.rangeOf(span), coded: coding });
    }
  }
  return { ...digest, findings };
}

function merged(a: Coding | undefined, b: Coding): Coding {
  if (!a) return b;
  return { themes: [...new Set([...a.themes, ...b.themes])], memos: a.memos + b.memos, ...((b.status ?? a.status) ? { status: b.status ?? a.status } : {}) };
}
