/**
 * Robustness: `parseReport` never throws and always returns a well-formed report, whatever text
 * it is given — arbitrary Unicode, damaged real reports, huge single lines, random bytes, CRLF
 * line ends, empty text and text that is not a report at all.
 *
 * No test here measures time: linear running time is the benchmark's business (bench/parse.mjs).
 * Set ROBUSTNESS_SCALE (say 20) to multiply the property tests' runs when hunting for failures.
 */
import { strict as assert } from 'node:assert';
import { extractionOf } from '../helpers/extraction';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { parseReport } from '../../server/out/service/index';
import { GRADES, REPORT_KINDS } from '../../server/out/service/model';
import { projectRoot, readSharedReport, sharedReportFiles } from '../helpers/shared';

type Report = ReturnType<typeof parseReport>;
interface SpanLike {
  start: number;
  end: number;
}

const GRADE_SET = new Set<string>(GRADES);
const KIND_SET = new Set<string>(REPORT_KINDS);
const TIMEFRAMES = new Set(['immediately', 'within-3-months', 'within-6-months']);
const DATE_KINDS = new Set(['inspection', 'publication', 'letter', 'other']);

// ---------------------------------------------------------------------------------------------
// What a well-formed report is.

/** Every way `report` is not well formed for `text`; empty when it is. */
function problemsOf(report: Report, text: string): string[] {
  const problems: string[] = [];
  const span = (where: string, s: SpanLike | undefined) => {
    if (!s || typeof s !== 'object') return problems.push(`${where}: no span`);
    const { start, end } = s;
    if (!Number.isInteger(start) || !Number.isInteger(end)) return problems.push(`${where}: span ${start}..${end} is not integers`);
    if (start < 0 || end > text.length || start > end) problems.push(`${where}: span ${start}..${end} outside 0..${text.length} or reversed`);
    return undefined;
  };
  const nullableString = (where: string, value: unknown) => {
    if (value !== null && typeof value !== 'string') problems.push(`${where}: ${JSON.stringify(value)} is neither null nor a string`);
  };

  if (!KIND_SET.has(report.kind)) problems.push(`kind ${JSON.stringify(report.kind)} is not in REPORT_KINDS`);
  nullableString('authority', report.authority);
  nullableString('published', report.published);
  nullableString('leadInspector', report.leadInspector);
  nullableString('inspection.start', report.inspection?.start);
  nullableString('inspection.end', report.inspection?.end);

  report.judgements.forEach((judgement, i) => {
    if (!GRADE_SET.has(judgement.grade)) problems.push(`judgements[${i}].grade ${JSON.stringify(judgement.grade)} is not in GRADES`);
    if (typeof judgement.subject !== 'string' || !judgement.subject) problems.push(`judgements[${i}].subject is empty`);
    if (typeof judgement.label !== 'string') problems.push(`judgements[${i}].label is not a string`);
    span(`judgements[${i}]`, judgement.span);
  });
  report.recommendations.forEach((recommendation, i) => {
    if (typeof recommendation.text !== 'string' || !recommendation.text.trim()) problems.push(`recommendations[${i}].text is empty`);
    if (recommendation.timeframe !== undefined && !TIMEFRAMES.has(recommendation.timeframe)) {
      problems.push(`recommendations[${i}].timeframe ${JSON.stringify(recommendation.timeframe)} is unknown`);
    }
    span(`recommendations[${i}]`, recommendation.span);
  });
  report.findings.forEach((finding, i) => span(`findings[${i}]`, finding.span));
  report.dates.forEach((date, i) => {
    span(`dates[${i}]`, date.span);
    if (date.span && date.text !== text.slice(date.span.start, date.span.end)) {
      problems.push(`dates[${i}].text ${JSON.stringify(date.text)} is not the text at its span ${JSON.stringify(text.slice(date.span.start, date.span.end))}`);
    }
    if (!DATE_KINDS.has(date.kind)) problems.push(`dates[${i}].kind ${JSON.stringify(date.kind)} is unknown`);
    if (typeof date.value !== 'string' || !date.value) problems.push(`dates[${i}].value is empty`);
  });
  const sections = (list: Report['sections'], where: string): void =>
    list.forEach((section, i) => {
      span(`${where}[${i}].headingSpan`, section.headingSpan);
      span(`${where}[${i}].span`, section.span);
      sections(section.children ?? [], `${where}[${i}].children`);
    });
  sections(report.sections, 'sections');
  report.diagnostics.forEach((diagnostic, i) => {
    span(`diagnostics[${i}] ${diagnostic.code}`, diagnostic.span);
    if (diagnostic.fix) span(`diagnostics[${i}] ${diagnostic.code} fix`, diagnostic.fix.span);
  });
  return problems;
}

/** Parses `text` and asserts that the result is well formed; returns the report. */
function parseWellFormed(text: string): Report {
  const report = parseReport(text);
  const problems = problemsOf(report, text);
  assert.deepEqual(problems.slice(0, 20), [], `malformed report for ${describeText(text)}`);
  return report;
}

/** A text for a failure message: escaped in full when short (Unicode spaces look like spaces). */
function describeText(text: string): string {
  if (text.length > 300) return `a text of ${text.length} characters`;
  const escaped = JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `the text ${escaped}`;
}


// ---------------------------------------------------------------------------------------------
// Inputs.

const files = sharedReportFiles();
const reports = new Map(files.map((file) => [file, readSharedReport(file)]));

/** Words and pieces of Ofsted reports, so that random text reaches the readers' deeper paths. */
const REPORT_TOKENS = [
  'Good', 'Outstanding', 'Inadequate', 'Adequate', 'Satisfactory', 'Requires', 'improvement', 'Requires improvement',
  'Requires improvement to be good', 'to be good', 'Not judged', 'good.', 'Overall effectiveness',
  'Children who need help and protection', 'Children looked after and achieving permanence', 'Adoption performance',
  'The impact of leaders on social work practice with children and families', 'Leadership, management and governance',
  'The Local Safeguarding Children Board', 'Recommendations', 'What needs to improve?', 'Areas for improvement',
  'Areas for development', 'Priority and immediate action', 'Immediately:', 'Within three months:', 'Within 6 months',
  '•', '\u25aa', '\uf0b7', '-', '–', 'o ', '*', '1.', '2.', '12.', '96. Ensure', 'Ensure that', 'Improve the', 'should',
  'Lead inspector:', 'Lead inspector', 'Yours sincerely', 'Her Majesty’s Inspector', 'HMI', 'Inspection dates:',
  'Inspection date', 'Report published:', 'Publication date', '12 and 13 May 2021', '27 September  20 October 2016',
  '25 February - 6 March 2013', '7 March 22 to 18 March 2022', '31 February 2021', '2015–16', '201516', '2010 to 2013',
  'June 2021', 'April to June 2016', '1990s', 'Children Act 1989', '0161 618 2016', 'in 2018', '45 June 2016',
  'Inspection of services for children in need of help and protection', 'Inspection of Havering local authority children’s services',
  'Inspection of local authority arrangements for the protection of children', 'focused visit to', 'monitoring visit to',
  'Joint targeted area inspection', "Children's services in Havering require improvement to be good",
  'The overall judgement is good', 'The effectiveness of the LSCB is inadequate', 'The graded judgement for adoption is that it is good',
  'Contents', 'Executive summary', 'Summary', 'Information about this inspection', 'Next steps', 'Havering', 'Ofsted',
  'childrens', 'multiagency', 'wellestablished', '(Recommendation)', 'the', 'children', 'and', 'of', 'plans', 'assessments',
  ':', '.', ',', '?', '(', ')', '\t', '\u00a0', '\u2028', '\u0085', '\ufeff', '\f', '\ufffd', '😀', 'é',
];
const SEPARATORS = [' ', ' ', ' ', '  ', '\n', '\n', '\n\n', '\r\n', '\r', '\t', '\f\n', ''];

const reportSoup = fc
  .array(fc.tuple(fc.constantFrom(...REPORT_TOKENS), fc.constantFrom(...SEPARATORS)), { maxLength: 300, size: 'large' })
  .map((pieces) => pieces.map(([token, separator]) => token + separator).join(''));

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const arbitraryText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 2000, size: 'large' }),
  fc.string({ unit: 'grapheme', maxLength: 500, size: 'large' }),
  fc.string({ unit: anyCodeUnit, maxLength: 2000, size: 'large' }), // lone surrogates included
  fc.string({ unit: fc.constantFrom('\n', '\r', '\r\n', ' ', '\t', '\f', '\u00a0', '\u2028', '\ufeff', 'a', '1', '•', '.', ':'), maxLength: 2000, size: 'large' }),
  reportSoup,
);

/** A position in `length`, given as a fraction in millionths (shrinks towards the start). */
const fraction = fc.integer({ min: 0, max: 1_000_000 });
const at = (millionths: number, length: number) => Math.min(length, Math.floor((millionths / 1_000_000) * (length + 1)));

type Mutation =
  | { op: 'delete'; a: number; b: number }
  | { op: 'duplicate'; a: number; b: number; to: number }
  | { op: 'swap'; a: number; b: number; c: number; d: number }
  | { op: 'insert'; to: number; bytes: Uint8Array; encoding: 'utf8' | 'latin1' }
  | { op: 'truncate'; to: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), a: fraction, b: fraction }),
  fc.record({ op: fc.constant('duplicate' as const), a: fraction, b: fraction, to: fraction }),
  fc.record({ op: fc.constant('swap' as const), a: fraction, b: fraction, c: fraction, d: fraction }),
  fc.record({ op: fc.constant('insert' as const), to: fraction, bytes: fc.uint8Array({ maxLength: 200, size: 'large' }), encoding: fc.constantFrom('utf8' as const, 'latin1' as const) }),
  fc.record({ op: fc.constant('truncate' as const), to: fraction }),
);

/** Line range [from, to) picked by two fractions, at most `max` lines long. */
function lineRange(a: number, b: number, count: number, max: number): [number, number] {
  const x = at(a, count);
  const y = at(b, count);
  const from = Math.min(x, y);
  return [from, Math.min(Math.max(x, y), from + max)];
}

function mutate(text: string, mutations: Mutation[]): string {
  let current = text;
  for (const m of mutations) {
    const lines = current.split('\n');
    switch (m.op) {
      case 'delete': {
        const [from, to] = lineRange(m.a, m.b, lines.length, lines.length);
        lines.splice(from, to - from);
        current = lines.join('\n');
        break;
      }
      case 'duplicate': {
        const [from, to] = lineRange(m.a, m.b, lines.length, 300);
        lines.splice(at(m.to, lines.length), 0, ...lines.slice(from, to));
        current = lines.join('\n');
        break;
      }
      case 'swap': {
        const [from1, to1] = lineRange(m.a, m.b, lines.length, lines.length);
        const [from2, to2] = lineRange(m.c, m.d, lines.length, lines.length);
        if (to1 <= from2 || to2 <= from1) {
          const [first, second] = from1 < from2 ? [[from1, to1], [from2, to2]] : [[from2, to2], [from1, to1]];
          current = [
            ...lines.slice(0, first[0]),
            ...lines.slice(second[0], second[1]),
            ...lines.slice(first[1], second[0]),
            ...lines.slice(first[0], first[1]),
            ...lines.slice(second[1]),
          ].join('\n');
        }
        break;
      }
      case 'insert': {
        const position = at(m.to, current.length);
        current = current.slice(0, position) + Buffer.from(m.bytes).toString(m.encoding) + current.slice(position);
        break;
      }
      case 'truncate':
        current = current.slice(0, at(m.to, current.length)); // may split a surrogate pair: fine
        break;
    }
  }
  return current;
}

const FIVE_MB = 5 * 1024 * 1024;
/** Runs of a property test: moderate by default, so that the suite stays quick. */
const SCALE = Math.max(1, Number(process.env.ROBUSTNESS_SCALE) || 1);
const runs = (n: number) => ({ numRuns: Math.round(n * SCALE) });
/** `unit` repeated to exactly `length` characters, as a flat string. */
const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

// ---------------------------------------------------------------------------------------------

describe('robustness: parseReport never throws and is always well formed', () => {
  it('every shared report parses well formed (the base the mutations start from)', () => {
    for (const [file, text] of reports) {
      const report = parseReport(text);
      assert.deepEqual(problemsOf(report, text), [], file);
    }
  });

  describe('property tests', () => {
    it('arbitrary Unicode strings (any code points, graphemes, lone surrogates, report vocabulary)', () => {
      fc.assert(
        fc.property(arbitraryText, (text) => {
          parseWellFormed(text);
        }),
        runs(400),
      );
    });

    it('random mutations of the real reports: delete, duplicate and swap line ranges, insert bytes, truncate', () => {
      fc.assert(
        fc.property(fc.constantFrom(...files), fc.array(mutation, { minLength: 1, maxLength: 5 }), (file, mutations) => {
          parseWellFormed(mutate(reports.get(file)!, mutations));
        }),
        runs(60),
      );
    });

    it('random bytes decoded as UTF-8 (with replacement characters) and as latin1', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 8192, size: 'large' }), (bytes) => {
          const buffer = Buffer.from(bytes);
          parseWellFormed(buffer.toString('utf8'));
          parseWellFormed(buffer.toString('latin1'));
        }),
        runs(150),
      );
    });

    it('whitespace-only text of any mix gives an empty report of kind unknown', () => {
      const space = fc.constantFrom(' ', '\t', '\n', '\r', '\r\n', '\f', '\v', '\u00a0', '\ufeff', '\u2028', '\u2003', '\u3000');
      fc.assert(
        fc.property(fc.string({ unit: space, maxLength: 3000, size: 'large' }), (text) => {
          const report = parseWellFormed(text);
          assert.equal(report.kind, 'unknown');
          assert.deepEqual(report.judgements, []);
          assert.deepEqual(report.recommendations, []);
        }),
        runs(100),
      );
    });
  });

  describe('5 MB on a single line', () => {
    const oneLine = [...reports.values()].map((text) => text.replace(/\r\n|\r|\n/g, ' ')).join(' ');
    const inputs: Array<[string, string]> = [
      ['the reports joined without line breaks', oneLine],
      ['repeated month names and years', 'June 2021 12 and 13 May 2016 April to June 2016 '],
      ['repeated month names alone', 'January February March April May June July August September October November December '],
      ['repeated digits', '12 13 2016 2015–16 31 1999 0161 618 2016 '],
      ['repeated bullets', '• \uf0b7 - * o '],
    ];
    for (const [name, unit] of inputs) {
      it(name, () => {
        const text = repeatTo(unit, FIVE_MB);
        assert.ok(!/[\r\n]/.test(text));
        parseWellFormed(text);
      });
    }
  });

  describe('CRLF line ends read the same as LF', () => {
    for (const file of files) {
      it(file, () => {
        const lf = reports.get(file)!.replace(/\r\n?/g, '\n');
        const crlf = lf.replace(/\n/g, '\r\n');
        const fromLf = parseWellFormed(lf);
        const fromCrlf = parseWellFormed(crlf);
        assert.deepEqual(extractionOf(fromCrlf), extractionOf(fromLf));
        // The same things are found at the same places: the text at each span is the same once
        // CRLF is read as LF (a span ending between \r and \n would leave a \r behind).
        const atSpan = (text: string, s: SpanLike, normalise: boolean) => {
          const piece = text.slice(s.start, s.end);
          return normalise ? piece.replace(/\r\n/g, '\n') : piece;
        };
        const compare = (name: string, lfSpans: SpanLike[], crlfSpans: SpanLike[]) => {
          assert.equal(crlfSpans.length, lfSpans.length, `${name}: as many with CRLF as with LF`);
          lfSpans.forEach((s, i) => assert.equal(atSpan(crlf, crlfSpans[i], true), atSpan(lf, s, false), `${name}[${i}]`));
        };
        compare('judgements', fromLf.judgements.map((j) => j.span), fromCrlf.judgements.map((j) => j.span));
        compare('recommendations', fromLf.recommendations.map((r) => r.span), fromCrlf.recommendations.map((r) => r.span));
        compare('dates', fromLf.dates.map((d) => d.span), fromCrlf.dates.map((d) => d.span));
        assert.deepEqual(
          fromCrlf.dates.map((d) => ({ text: d.text.replace(/\r\n/g, '\n'), value: d.value, kind: d.kind })),
          fromLf.dates.map((d) => ({ text: d.text, value: d.value, kind: d.kind })),
        );
      });
    }
  });

  describe('empty and whitespace-only text', () => {
    for (const [name, text] of [
      ['empty string', ''],
      ['one space', ' '],
      ['blank lines', '\n\n\n\n'],
      ['CRLF blank lines', '\r\n\r\n\r\n'],
      ['mixed white space', ' \t\f\v\u00a0\ufeff\u2003\u3000\r\n \n\r\t '],
    ] as const) {
      it(name, () => {
        const report = parseWellFormed(text);
        assert.equal(report.kind, 'unknown');
        assert.deepEqual(report.judgements, []);
        assert.deepEqual(report.recommendations, []);
      });
    }
  });

  describe('found by the property tests', () => {
    // A line of Unicode white space that the line splitter does not trim (em space, ideographic
    // space, line and paragraph separators, narrow no-break space, Ogham space mark) is not blank
    // to the list reader, but joinWrapped's trim() empties it: a recommendation whose text is ''.
    it('a recommendation heading over a line of Unicode white space gives no empty recommendation', () => {
      const malformed: string[] = [];
      for (const space of ['\u2003', '\u3000', '\u2028', '\u2029', '\u202f', '\u1680']) {
        for (const heading of ['Recommendations', 'What needs to improve?', 'Areas for improvement', 'Priority and immediate action']) {
          const text = `${heading}\n${space}`;
          if (problemsOf(parseReport(text), text).length) malformed.push(describeText(text));
        }
      }
      assert.deepEqual(malformed, []);
    });
  });

  describe('text that is not a report', () => {
    const notReports: Array<[string, () => string]> = [
      ['a chapter of prose', () => PROSE],
      ['source code', () => SOURCE],
      ['source code from node_modules (mocha/lib/runner.js)', () => readIfExists(path.join(projectRoot, 'node_modules', 'mocha', 'lib', 'runner.js')) ?? SOURCE],
      ['JSON (package-lock.json)', () => readIfExists(path.join(projectRoot, 'package-lock.json')) ?? JSON.stringify({ a: [1, 2, 3] }, null, 2)],
      ['JSON (a report model serialised)', () => JSON.stringify({ kind: 'sif', judgements: [{ subject: 'overall-effectiveness', grade: 'good' }], dates: ['2016-10-27'] }, null, 2)],
    ];
    for (const [name, text] of notReports) {
      it(`${name} gives kind unknown and no judgements`, () => {
        const report = parseWellFormed(text());
        assert.equal(report.kind, 'unknown');
        assert.deepEqual(report.judgements, []);
      });
    }
  });
});

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

const PROSE = `Chapter Three

The Long Road North

By the time the coach reached the river the light had almost gone, and the driver,
who had said nothing since the last inn, turned to tell them that the bridge was
closed. Margaret looked out at the water. It was high and brown and moving fast,
carrying branches and, once, what looked like the roof of a small shed.

"We shall have to go round by the ford," the driver said. "It is a good way, but
it is the only way tonight." Nobody argued. Her brother had fallen asleep against
the window hours before, his hat over his eyes, and the old clergyman opposite
had been reading the same page of his book since noon.

They went round by the ford. It took them until nearly nine o'clock, and when
at last they saw the lamps of the town on the hill, Margaret found that she had
been holding her breath. The inn was warm and crowded. A man by the fire was
telling anyone who would listen that the harvest had been outstanding, the best
in twenty years, and that prices would fall by the spring of 1851 if the weather
held. His neighbour thought this inadequate as a forecast and said so.

In the morning the rain had stopped. She walked down to the market before the
others were awake and bought bread, a little cheese and a bunch of late apples
from a woman who asked where she had come from and, hearing the answer, shook
her head and said that it was a long way to come for a funeral.

It was. But it was not, Margaret thought, a long way to come for the truth, and
she had come for that as well, though she had told no one, not even her brother,
who believed they were going to stand at a graveside for an hour and then go home.

On the 12th of March the letter had arrived; by the 14th she had decided.
The rest, as her father used to say, was only travelling.
`;

const SOURCE = `import { readFileSync } from 'node:fs';

/** Counts the words of a file, ignoring anything in brackets. */
export function countWords(path: string): Map<string, number> {
  const counts = new Map<string, number>();
  const text = readFileSync(path, 'utf8').replace(/\\([^)]*\\)/g, ' ');
  for (const word of text.toLowerCase().split(/[^a-z']+/)) {
    if (!word) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

export class Grades {
  private readonly table: Record<string, number> = { good: 2, outstanding: 1, inadequate: 4 };

  score(name: string): number | undefined {
    // requires improvement to be good
    return this.table[name.toLowerCase()];
  }
}

for (const year of [2014, 2015, 2016]) {
  console.log(\`\${year}: \${new Grades().score('Good')}\`);
}
`;
