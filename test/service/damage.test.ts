import { strict as assert } from 'node:assert';
import { parseReport, type ReportDiagnostic } from '../../server/out/service/index';

/**
 * Extraction damage: lost apostrophes, lost hyphens, page furniture inside a sentence, CRLF
 * line ends, and a recommendation listed twice. Each test compares whole diagnostic objects.
 */

/** The span of the `nth` occurrence (0-based) of `printed` in `text`. */
function spanOf(text: string, printed: string, nth = 0): { start: number; end: number } {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(printed, start + 1);
  assert.ok(start >= 0, `fixture error: ${JSON.stringify(printed)} is not in the text`);
  return { start, end: start + printed.length };
}

/** The diagnostics about extraction damage (OFS030–OFS032). */
function damageOf(text: string): ReportDiagnostic[] {
  return parseReport(text).diagnostics.filter((diagnostic) => /^OFS03\d$/.test(diagnostic.code));
}

function lostApostrophe(text: string, printed: string, repaired: string): ReportDiagnostic {
  const span = spanOf(text, printed);
  return {
    code: 'OFS030',
    slug: 'lost-apostrophe',
    severity: 'hint',
    message: `"${printed}" has lost its apostrophe: "${repaired}".`,
    span,
    fix: { title: `Change to "${repaired}"`, span, newText: repaired },
  };
}

function joinedWord(text: string, printed: string, repaired: string): ReportDiagnostic {
  const span = spanOf(text, printed);
  return {
    code: 'OFS031',
    slug: 'joined-word',
    severity: 'hint',
    message: `"${printed}" has lost its hyphen: "${repaired}".`,
    span,
    fix: { title: `Change to "${repaired}"`, span, newText: repaired },
  };
}

describe('extraction damage', () => {
  describe('lost apostrophes (OFS030)', () => {
    it('repairs "childrens" to "children\'s"', () => {
      const text = 'The director of childrens services has been in post since May 2016.';
      assert.deepStrictEqual(parseReport(text).diagnostics, [lostApostrophe(text, 'childrens', "children's")]);
    });

    it('keeps the capital of "Childrens" at the start of a sentence', () => {
      const text = ['Executive summary', 'Childrens services in Havering require improvement to be good.'].join('\n');
      assert.deepStrictEqual(damageOf(text), [lostApostrophe(text, 'Childrens', "Children's")]);
    });

    it('repairs "authoritys" to "authority\'s"', () => {
      const text = 'Leaders know the authoritys strengths and weaknesses well.';
      assert.deepStrictEqual(parseReport(text).diagnostics, [lostApostrophe(text, 'authoritys', "authority's")]);
    });

    it('finds nothing in words that kept their apostrophes', () => {
      const text = 'Children’s services and the authority’s leaders work well with children and their families.';
      assert.deepStrictEqual(parseReport(text).diagnostics, []);
    });
  });

  describe('joined words (OFS031)', () => {
    it('repairs "multiagency" to "multi-agency"', () => {
      const text = 'The multiagency safeguarding hub responds quickly to contacts.';
      assert.deepStrictEqual(parseReport(text).diagnostics, [joinedWord(text, 'multiagency', 'multi-agency')]);
    });

    it('repairs "wellcoordinated" to "well-coordinated"', () => {
      const text = 'Disruption activities are effectively targeted and wellcoordinated between agencies.';
      assert.deepStrictEqual(parseReport(text).diagnostics, [joinedWord(text, 'wellcoordinated', 'well-coordinated')]);
    });

    it('finds nothing in words that kept their hyphens', () => {
      const text = 'The multi-agency team is well-coordinated and well established.';
      assert.deepStrictEqual(parseReport(text).diagnostics, []);
    });

    it('reports several kinds of damage in the order they appear', () => {
      const text = ['Most childrens plans are reviewed by the', 'multiagency panel, and the authoritys audits are thorough.'].join('\n');
      assert.deepStrictEqual(parseReport(text).diagnostics, [
        lostApostrophe(text, 'childrens', "children's"),
        joinedWord(text, 'multiagency', 'multi-agency'),
        lostApostrophe(text, 'authoritys', "authority's"),
      ]);
    });
  });

  describe('page furniture (OFS032)', () => {
    const header = 'Inspection of Solihull local authority children’s services';
    const dates = '31 October 2022 to 11 November 2022';
    const text = [
      'The experiences and progress of children who need help and',
      'protection: inadequate',
      '1. There are serious and widespread failures across services for children in need of',
      'help and protection.',
      header,
      dates,
      '',
      '2',
      '',
      '\f2. When a decision is made that a child would benefit from early help support, there',
      'are significant delays in their needs being assessed and support being',
      header,
      dates,
      '',
      '3',
      '',
      '\fprovided. Children are not visited often enough.',
      '3. Strategy discussions are not always held when they should be.',
      header,
      dates,
      '',
      '4',
      '',
    ].join('\n');

    it('reports the header, date and page number that interrupt a sentence, with a fix that removes them', () => {
      const interrupted = spanOf(text, 'support being');
      const continued = spanOf(text, 'provided.');
      const pageNumber = spanOf(text, '\n3\n');
      assert.deepStrictEqual(damageOf(text), [
        {
          code: 'OFS032',
          slug: 'page-furniture',
          severity: 'information',
          message: 'A page header or footer interrupts this sentence.',
          span: { start: spanOf(text, header, 1).start, end: pageNumber.start + 2 },
          fix: { title: 'Remove the page header and footer', span: { start: interrupted.end, end: continued.start }, newText: ' ' },
        },
      ]);
    });

    it('leaves furniture between whole paragraphs alone', () => {
      const whole = text.replace('support being\n', 'support being provided.\n').replace('\fprovided. ', '\f');
      assert.deepStrictEqual(damageOf(whole), []);
    });
  });

  describe('CRLF line ends', () => {
    const lines = [
      'Inspection of Northmoor local authority',
      'children’s services',
      'Inspection dates: 10 to 21 March 2025',
      'Lead inspector: Helena Marchbank, His Majesty’s Inspector',
      'Judgement',
      '',
      'Grade',
      '',
      'The impact of leaders on social work',
      'practice with children and families',
      '',
      'Requires',
      'improvement',
      '',
      'The experiences and progress of',
      'children who need help and protection',
      '',
      'Good',
      '',
      'The experiences and progress of',
      'children in care and care leavers',
      '',
      'Good',
      '',
      'Overall effectiveness',
      '',
      'Requires improvement',
      'to be good',
      '',
      'Leaders know the childrens services well. The multiagency hub is effective.',
      '',
      'What needs to improve?',
      '◼ The quality of supervision, so that it is reflective and drives plans for',
      'children forward.',
      '◼ The timeliness of initial health assessments for children in care.',
      '',
      'The experiences and progress of children who need help and',
      'protection: good',
      '1. Children and families receive help at the right time from skilled practitioners, who',
      'assess need well and work alongside families to improve their lives.',
    ];

    /** Everything read from a report, with positions as LSP ranges (which do not depend on the line ends). */
    function extraction(text: string) {
      const report = parseReport(text);
      const range = (span: { start: number; end: number }) => report.source.rangeOf(span);
      return {
        kind: report.kind,
        authority: report.authority,
        inspection: report.inspection,
        published: report.published,
        leadInspector: report.leadInspector,
        judgements: report.judgements.map(({ subject, grade, label, span }) => ({ subject, grade, label, range: range(span) })),
        recommendations: report.recommendations.map(({ text: printed, timeframe, span }) => ({ text: printed, timeframe, range: range(span) })),
        findings: report.findings.map(({ text: printed, section, span }) => ({ text: printed, section, range: range(span) })),
        diagnostics: report.diagnostics.map(({ code, message, span, fix }) => ({ code, message, range: range(span), fix: fix && { newText: fix.newText, range: range(fix.span) } })),
      };
    }

    it('reads the same report from CRLF text as from LF text', () => {
      assert.deepStrictEqual(extraction(lines.join('\r\n')), extraction(lines.join('\n')));
    });

    it('reads the report fully from CRLF text', () => {
      const report = parseReport(lines.join('\r\n'));
      assert.deepStrictEqual(
        {
          kind: report.kind,
          authority: report.authority,
          inspection: report.inspection,
          leadInspector: report.leadInspector,
          judgements: report.judgements.map(({ subject, grade }) => ({ subject, grade })),
          recommendations: report.recommendations.map(({ text }) => text),
        },
        {
          kind: 'ilacs-standard',
          authority: 'Northmoor',
          inspection: { start: '2025-03-10', end: '2025-03-21' },
          leadInspector: 'Helena Marchbank',
          judgements: [
            { subject: 'impact-of-leaders', grade: 'requires-improvement' },
            { subject: 'help-and-protection', grade: 'good' },
            { subject: 'children-in-care', grade: 'good' },
            { subject: 'overall-effectiveness', grade: 'requires-improvement' },
          ],
          recommendations: [
            'The quality of supervision, so that it is reflective and drives plans for children forward.',
            'The timeliness of initial health assessments for children in care.',
          ],
        },
      );
    });
  });

  describe('duplicate recommendations (OFS022)', () => {
    it('reports a recommendation listed twice, at the repeat', () => {
      const item = 'Ensure that all care leavers are fully aware of their entitlements.';
      const text = [
        'Recommendations',
        '',
        item,
        '',
        '',
        'Improve the quality and regularity of staff supervision.',
        '',
        '',
        item,
        '',
        '',
        'Summary for children and young people',
      ].join('\n');
      assert.deepStrictEqual(parseReport(text).diagnostics, [
        {
          code: 'OFS022',
          slug: 'duplicate-recommendation',
          severity: 'warning',
          message: 'This repeats recommendation 1 word for word.',
          span: spanOf(text, item, 1),
        },
      ]);
    });

    it('reports a repeat that differs only in case and punctuation', () => {
      const text = [
        'What needs to improve?',
        '◼ The quality of supervision, so that it drives plans for children forward.',
        '◼ The timeliness of initial health assessments.',
        '◼ the quality of supervision so that it drives plans for children forward.',
        '',
        'Summary for children and young people',
      ].join('\n');
      assert.deepStrictEqual(parseReport(text).diagnostics.filter((d) => d.code === 'OFS022'), [
        {
          code: 'OFS022',
          slug: 'duplicate-recommendation',
          severity: 'warning',
          message: 'This repeats recommendation 1 word for word.',
          span: spanOf(text, '◼ the quality of supervision so that it drives plans for children forward.'),
        },
      ]);
    });

    it('does not report two different recommendations', () => {
      const text = [
        'What needs to improve?',
        '◼ The quality of supervision for social workers.',
        '◼ The quality of supervision for personal advisers.',
        '',
        'Summary for children and young people',
      ].join('\n');
      assert.deepStrictEqual(parseReport(text).diagnostics, []);
    });
  });
});
