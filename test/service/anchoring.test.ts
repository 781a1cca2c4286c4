import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { type Annotation, type EditContext, newAnnotation } from '../../server/out/service/annotations';
import { type Anchored, anchor, anchorAll, closestMatch } from '../../server/out/service/anchoring';
import type { Span } from '../../server/out/service/model';
import { parseReport } from '../../server/out/service/report';
import { readSharedReport, sharedReportFiles } from '../helpers/shared';

/**
 * Re-anchoring annotations after the report's text changed. The annotations tag real findings of
 * real reports (../shared/reports), as a coder would; each edit is one a QA reviewer or a
 * re-extraction of the PDF makes, and where the passage is afterwards is worked out from the
 * edit itself. Whole results are compared, so a failure shows every annotation that went astray.
 * How well this holds up over every finding of every report is bench/reanchor.mjs's business.
 */

const REPORT = 'ilacs/bromley-12-january-2024.txt';
const NOTE = 'Reviewer’s note: extracted again from the published PDF and checked against it.\n\n';

function contextFor(): EditContext {
  let id = 0;
  return { newId: () => `urn:uuid:test-${++id}`, now: () => '2025-06-01T09:00:00Z', creator: 'Test Coder' };
}

function annotate(text: string, spans: Span[]): Annotation[] {
  const context = contextFor();
  return spans.map((span) => newAnnotation(text, span, REPORT, 'sha256:test', context));
}

function findingSpans(text: string): Span[] {
  return parseReport(text).findings.map((finding) => finding.span);
}

function placed(annotation: Annotation, span: Span | null, how: Anchored['how']): Anchored {
  return { annotation, span, how };
}

function shift(span: Span, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}

/** The text with `span` replaced by `passage`, and where the passage now is. */
function replace(text: string, span: Span, passage: string): { text: string; span: Span } {
  return { text: text.slice(0, span.start) + passage + text.slice(span.end), span: { start: span.start, end: span.start + passage.length } };
}

describe('anchoring', () => {
  const text = readSharedReport(REPORT);
  const spans = findingSpans(text);
  const annotations = annotate(text, spans);

  it('the report has findings to annotate', () => {
    assert.ok(spans.length >= 40, `${spans.length} findings`);
  });

  it('places every annotation by position in the unchanged text', () => {
    const expected = annotations.map((annotation, i) => placed(annotation, spans[i], 'position'));
    assert.deepStrictEqual(anchorAll(annotations, text), expected);
    assert.deepStrictEqual(annotations.map((annotation) => anchor(annotation, text)), expected);
  });

  it('follows every passage by its quote when a paragraph is inserted before them all', () => {
    const edited = NOTE + text;
    const expected = annotations.map((annotation, i) => placed(annotation, shift(spans[i], NOTE.length), 'quote'));
    assert.deepStrictEqual(anchorAll(annotations, edited), expected);
    assert.deepStrictEqual(annotations.map((annotation) => anchor(annotation, edited)), expected);
  });

  it('keeps the passages before an insertion where they are and moves those after it', () => {
    const at = spans[10].end;
    const edited = text.slice(0, at) + '\n\n' + NOTE.trim() + text.slice(at);
    const expected = annotations.map((annotation, i) => (i <= 10 ? placed(annotation, spans[i], 'position') : placed(annotation, shift(spans[i], NOTE.trim().length + 2), 'quote')));
    assert.deepStrictEqual(anchorAll(annotations, edited), expected);
  });

  it('picks, of two copies of the quote, the one whose context agrees', () => {
    const span = spans[20];
    const quote = text.slice(span.start, span.end);
    const copy = `Inspectors’ summary\n\n${quote}\n\n`;
    const edited = copy + text;
    const [annotation] = annotate(text, [span]);
    assert.equal(edited.indexOf(quote), copy.indexOf(quote), 'the copy comes first');
    assert.deepStrictEqual(anchor(annotation, edited), placed(annotation, shift(span, copy.length), 'quote'));
  });

  it('picks, of a short phrase printed many times, the one whose context agrees', () => {
    const phrase = 'social workers';
    const at = text.indexOf(phrase, spans[30].start);
    const span = { start: at, end: at + phrase.length };
    const [annotation] = annotate(text, [span]);
    assert.ok(text.split(phrase).length > 5, 'the phrase is printed many times');
    assert.deepStrictEqual(anchor(annotation, NOTE + text), placed(annotation, shift(span, NOTE.length), 'quote'));
  });

  it('follows a passage with a few words reworded, covering the reworded passage', () => {
    const span = spans[5];
    const passage = text.slice(span.start, span.end);
    const reworded = passage.replace('successful', 'effective').replace('compassionate', 'kind').replace('regularly', 'often');
    assert.notEqual(reworded, passage);
    const edited = replace(text, span, reworded);
    const [annotation] = annotate(text, [span]);
    assert.deepStrictEqual(anchor(annotation, edited.text), placed(annotation, edited.span, 'fuzzy'));
    assert.deepStrictEqual(anchor(annotation, NOTE + edited.text), placed(annotation, shift(edited.span, NOTE.length), 'fuzzy'));
  });

  it('follows a passage whose typo was fixed', () => {
    const span = spans[3];
    const passage = text.slice(span.start, span.end);
    const edited = replace(text, span, passage.replace('domestic', 'domestc'));
    const [annotation] = annotate(text, [span]);
    assert.deepStrictEqual(anchor(annotation, edited.text), placed(annotation, edited.span, 'fuzzy'));
  });

  it('follows a passage re-wrapped, whitespace aside, as its quote', () => {
    const span = spans[1];
    const passage = text.slice(span.start, span.end);
    const rewrapped = passage.replace(/\n/g, ' ').replace(/(.{50,60}) /g, '$1\n');
    assert.notEqual(rewrapped, passage);
    const edited = replace(text, span, rewrapped);
    const [annotation] = annotate(text, [span]);
    assert.deepStrictEqual(anchor(annotation, edited.text), placed(annotation, edited.span, 'quote'));
  });

  it('orphans the annotation of a deleted passage, and only that one', () => {
    const gone = spans[12];
    const end = spans[13].start;
    const edited = text.slice(0, gone.start) + text.slice(end);
    const expected = annotations.map((annotation, i) => (i === 12 ? placed(annotation, null, 'orphaned') : i < 12 ? placed(annotation, spans[i], 'position') : placed(annotation, shift(spans[i], gone.start - end), 'quote')));
    assert.deepStrictEqual(anchorAll(annotations, edited), expected);
  });

  it('follows every passage through CRLF line ends', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const toCrlf = (offset: number) => offset + (text.slice(0, offset).match(/\n/g)?.length ?? 0);
    const expected = annotations.map((annotation, i) => placed(annotation, { start: toCrlf(spans[i].start), end: toCrlf(spans[i].end) }, 'quote'));
    assert.deepStrictEqual(anchorAll(annotations, crlf), expected);
  });

  it('orphans everything in an empty text', () => {
    assert.deepStrictEqual(
      anchorAll(annotations, ''),
      annotations.map((annotation) => placed(annotation, null, 'orphaned')),
    );
    assert.equal(closestMatch(annotations[0], ''), null);
  });

  it('orphans a quote longer than the whole text', () => {
    const [annotation] = annotate(text, [spans[4]]);
    assert.deepStrictEqual(anchor(annotation, 'Social workers'), placed(annotation, null, 'orphaned'));
  });

  it('orphans a short quote whose context agrees nowhere rather than guess', () => {
    const at = text.indexOf('Good');
    const [annotation] = annotate(text, [{ start: at, end: at + 4 }]);
    const elsewhere = 'Good\n\nThe local authority is Good at some things.\n\nGood';
    assert.deepStrictEqual(anchor(annotation, elsewhere), placed(annotation, null, 'orphaned'));
  });

  it('offers the closest match for a passage too rewritten to anchor', () => {
    const span = spans[8];
    const passage = text.slice(span.start, span.end);
    const words = passage.split(' ');
    const rewritten = words.map((word, i) => (i % 3 === 1 ? 'much' : word)).join(' ');
    const edited = replace(text, span, rewritten);
    const [annotation] = annotate(text, [span]);
    assert.deepStrictEqual(anchor(annotation, edited.text), placed(annotation, null, 'orphaned'));
    const closest = closestMatch(annotation, edited.text);
    assert.ok(closest, 'a closest match');
    assert.deepStrictEqual(closest.span, edited.span);
    assert.ok(closest.similarity >= 0.5 && closest.similarity < 1, `similarity ${closest.similarity}`);
  });

  it('gives the place anchoring finds as the closest match, similar in proportion to its context', () => {
    assert.deepStrictEqual(closestMatch(annotations[0], text), { span: spans[0], similarity: 1 });
    const moved = closestMatch(annotations[0], text.slice(0, spans[0].start) + NOTE + text.slice(spans[0].start));
    assert.deepStrictEqual(moved?.span, shift(spans[0], NOTE.length));
    assert.ok(moved.similarity > 0.6 && moved.similarity < 1, `the prefix changed: similarity ${moved.similarity}`);
  });

  it('offers no closest match in a text about something else', () => {
    const other = readSharedReport('havering-2011-06-contact-referral-assessment.txt');
    assert.equal(closestMatch(annotations[5], other), null);
  });

  it('anchors in a 5 MB text: a reworded passage near its old place, a deleted one orphaned', () => {
    const filler = readSharedReport('ilacs/kingston-upon-hull-10-february-2015.txt').replace(/\bchildren\b/g, 'young people');
    const copies = Math.ceil((5 * 1024 * 1024) / filler.length);
    const before = filler.repeat(Math.floor(copies / 2));
    const huge = before + text + filler.repeat(Math.ceil(copies / 2));
    const span = shift(spans[5], before.length);
    const [annotation] = annotate(huge, [span]);
    const passage = huge.slice(span.start, span.end);
    const reworded = replace(huge, span, passage.replace('successful', 'effective'));
    assert.deepStrictEqual(anchor(annotation, reworded.text), placed(annotation, reworded.span, 'fuzzy'));
    const deleted = huge.slice(0, span.start) + huge.slice(span.end);
    assert.deepStrictEqual(anchor(annotation, deleted), placed(annotation, null, 'orphaned'));
  });

  it('orphans annotations whose selectors are missing or nonsense, without throwing', () => {
    const [annotation] = annotate(text, [spans[0]]);
    const broken = (selector: unknown): Annotation => ({ ...annotation, target: { ...annotation.target, selector: selector as Annotation['target']['selector'] } });
    for (const selector of [[], undefined, [{ type: 'TextQuoteSelector', exact: '' }], [{ type: 'TextQuoteSelector', exact: 42 }, { start: -5, end: 'x' }]]) {
      assert.deepStrictEqual(anchor(broken(selector), text), placed(broken(selector), null, 'orphaned'));
    }
    const farOff = broken([annotation.target.selector[0], { type: 'TextPositionSelector', start: 10 ** 12, end: -1 }]);
    assert.deepStrictEqual(anchor(farOff, text), placed(farOff, spans[0], 'quote'));
  });

  describe('never throws, and places only inside the text (property)', () => {
    const files = sharedReportFiles();
    const fraction = fc.integer({ min: 0, max: 1_000_000 });
    const at = (text: string, f: number) => Math.floor((f / 1_000_000) * text.length);
    const anyText = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ unit: fc.constantFrom('\n', '\r\n', ' ', '\t', '\f', '\u00a0', 'a', 'b', '.', '’'), maxLength: 300 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 300 }),
    );
    const edit = fc.record({ from: fraction, to: fraction, insert: anyText });

    function wellPlaced(result: Anchored, annotation: Annotation, text: string): void {
      assert.equal(result.annotation, annotation);
      assert.equal(result.span === null, result.how === 'orphaned', `span ${JSON.stringify(result.span)} with how ${result.how}`);
      if (result.span) {
        assert.ok(Number.isInteger(result.span.start) && Number.isInteger(result.span.end), JSON.stringify(result.span));
        assert.ok(result.span.start >= 0 && result.span.start <= result.span.end && result.span.end <= text.length, `${JSON.stringify(result.span)} in ${text.length}`);
      }
      const closest = closestMatch(annotation, text);
      if (closest) assert.ok(closest.similarity >= 0 && closest.similarity <= 1 && closest.span.end <= text.length, JSON.stringify(closest));
    }

    it('a passage of a real report, anchored after random edits', () => {
      fc.assert(
        fc.property(fc.constantFrom(...files), fraction, fraction, fc.array(edit, { maxLength: 4 }), (file, a, b, edits) => {
          const original = readSharedReport(file);
          const span = { start: Math.min(at(original, a), at(original, b)), end: Math.max(at(original, a), at(original, b)) };
          const [annotation] = annotate(original, [span]);
          let edited = original;
          for (const { from, to, insert } of edits) {
            const [start, end] = [at(edited, from), at(edited, to)].sort((x, y) => x - y);
            edited = edited.slice(0, start) + insert + edited.slice(end);
          }
          wellPlaced(anchor(annotation, edited), annotation, edited);
        }),
        { numRuns: 60 },
      );
    });

    it('arbitrary selectors in arbitrary text', () => {
      const offset = fc.oneof(fc.integer({ min: -10, max: 400 }), fc.constantFrom(Number.NaN, 2 ** 40, -(2 ** 40)));
      fc.assert(
        fc.property(anyText, anyText, anyText, anyText, offset, offset, (text, exact, prefix, suffix, start, end) => {
          const annotation = annotate('x', [{ start: 0, end: 1 }])[0];
          annotation.target.selector = [
            { type: 'TextQuoteSelector', exact, prefix, suffix },
            { type: 'TextPositionSelector', start, end },
          ];
          wellPlaced(anchor(annotation, text), annotation, text);
          const [all] = anchorAll([annotation], text);
          wellPlaced(all, annotation, text);
        }),
        { numRuns: 300 },
      );
    });
  });
});
