import { strict as assert } from 'node:assert';
import { type AnchoredAnnotation, type CodedReport, DEFAULT_CODEBOOK, actionPlanMarkdown, codedFindingsCsv, parseReport } from '../../server/out/service/index';
import { type Annotation, type EditContext, addMemo, addTheme, newAnnotation, setStatus } from '../../server/out/service/annotations';
import { readSharedReport } from '../helpers/shared';

/**
 * Export of coded findings (CSV) and of an action plan (Markdown), on the Haringey focused visit
 * of March 2021: two recommendations ("What needs to improve", lines 30–31), findings from line 37.
 * Expected texts were written by reading the report.
 */

const HARINGEY = readSharedReport('haringey-2021-03-focused-visit.txt');
const FILE = 'reports/haringey-2021-03-focused-visit.txt';

const label = (id: string) => DEFAULT_CODEBOOK.find((theme) => theme.id === id)?.label ?? id;

let ids = 0;
function coder(creator: string): EditContext {
  return { newId: () => `urn:uuid:00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`, now: () => '2025-02-03T10:00:00.000Z', creator };
}
const PRIYA = coder('Priya Shah');
const TOM = coder('Tom Okafor');

function spanOf(text: string, words: string) {
  const start = text.indexOf(words);
  assert.ok(start >= 0, `the report holds "${words}"`);
  return { start, end: start + words.length };
}

/** An annotation on `words` of the text, built by the edits given, placed where the words are (or not placed at all). */
function tagged(text: string, words: string, edit: (annotation: Annotation) => Annotation, placed = true): AnchoredAnnotation {
  const annotation = edit(newAnnotation(text, spanOf(text, words), FILE, 'sha256:0', PRIYA));
  return { annotation, span: placed ? spanOf(text, words) : null };
}

// Line 61, the finding on return home interviews.
const RHI = 'too few children who go missing are encouraged and supported to engage meaningfully in return home interviews (RHIs)';
const QA = 'Quality assurance of this area of practice is underdeveloped and the quality of data is inconsistent.';
// Line 31, the second recommendation.
const RECOMMENDATION = 'Quality assurance arrangements for work with exploited children';
// Line 45, the MASH finding: tagged, then (say) edited away from the report.
const YOUTH_VIOLENCE = 'There are also significant levels of serious youth violence.';

function haringeyCoded(): CodedReport {
  const annotations = [
    // Given out of order: the export puts them in the report's order.
    tagged(HARINGEY, QA, (a) => setStatus(addMemo(addTheme(a, 'quality-assurance', TOM), 'Supports recommendation 2,\nsee "QA framework" audit', TOM), 'disputed', 'Data quality belongs to the performance team', PRIYA)),
    tagged(HARINGEY, YOUTH_VIOLENCE, (a) => addTheme(a, 'exploitation', TOM), false),
    tagged(HARINGEY, RHI, (a) => setStatus(addMemo(addTheme(addTheme(a, 'missing', PRIYA), 'exploitation', PRIYA), 'Also in the 2019 visit', PRIYA), 'agreed', undefined, TOM)),
    tagged(HARINGEY, RECOMMENDATION, (a) => addMemo(a, 'The link missed the finding on line 61', PRIYA)),
  ];
  return { file: FILE, report: parseReport(HARINGEY), annotations };
}

const HEADER = 'report,authority,inspection date,section,theme,theme id,quote,memo,status,coder\r\n';

describe('export of coded findings as CSV', () => {
  it('gives a row per annotation and theme, in the order of the report, with the orphaned annotation last', () => {
    const dates = `${FILE},Haringey,2021-03-09/2021-03-10`;
    assert.equal(
      codedFindingsCsv([haringeyCoded()], label),
      HEADER +
        `${dates},What needs to improve in this area of social work practice,,,${RECOMMENDATION},The link missed the finding on line 61,unreviewed,Priya Shah\r\n` +
        `${dates},Findings,Children missing,missing,${RHI},Also in the 2019 visit,agreed,Priya Shah\r\n` +
        `${dates},Findings,Exploitation and children missing,exploitation,${RHI},Also in the 2019 visit,agreed,Priya Shah\r\n` +
        `${dates},Findings,Quality assurance and performance information,quality-assurance,${QA},"Supports recommendation 2,\nsee ""QA framework"" audit",disputed: Data quality belongs to the performance team,Tom Okafor\r\n` +
        `${dates},(not found in the current text),Exploitation and children missing,exploitation,${YOUTH_VIOLENCE},,unreviewed,Tom Okafor\r\n`,
    );
  });

  it('gives the header alone when nothing is coded, and the reports in the order given', () => {
    assert.equal(codedFindingsCsv([], label), HEADER);
    const havering = readSharedReport('havering-2013-03-child-protection-inspection.txt');
    const words = 'ensure chronologies are clear, recorded and fit for purpose';
    const csv = codedFindingsCsv(
      [
        { file: 'havering.txt', report: parseReport(havering), annotations: [tagged(havering, words, (a) => addTheme(a, 'recording', PRIYA))] },
        { file: 'empty.txt', report: parseReport(HARINGEY), annotations: [] },
        { file: 'haringey.txt', report: parseReport(HARINGEY), annotations: [tagged(HARINGEY, RHI, (a) => addTheme(a, 'missing', TOM))] },
      ],
      label,
    );
    assert.equal(
      csv,
      HEADER +
        `havering.txt,Havering,2013-02-25/2013-03-06,Areas for improvement,Recording and case records,recording,"${words}",,unreviewed,Priya Shah\r\n` +
        `haringey.txt,Haringey,2021-03-09/2021-03-10,Findings,Children missing,missing,${RHI},,unreviewed,Tom Okafor\r\n`,
    );
  });

  it('quotes fields holding commas, double quotes and line breaks, and folds the quoted passage onto one line', () => {
    // A passage across the page break between lines 50 and 54.
    const words = 'receive the same standard of\n\n\n\nservice as those living in the borough.';
    const annotation = tagged(HARINGEY, words, (a) => addMemo(addMemo(addTheme(a, 'front-door', PRIYA), 'One, two', PRIYA), 'Said "three"\r\nand four', PRIYA));
    assert.equal(
      codedFindingsCsv([{ file: 'a,b.txt', report: parseReport(HARINGEY), annotations: [annotation] }], label),
      HEADER +
        '"a,b.txt",Haringey,2021-03-09/2021-03-10,Findings,"The front door, MASH and thresholds",front-door,' +
        'receive the same standard of service as those living in the borough.,"One, two | Said ""three""\r\nand four",unreviewed,Priya Shah\r\n',
    );
  });

  it('puts an apostrophe before a cell that a spreadsheet would read as a formula', () => {
    const memos = ['=HYPERLINK("http://example.com","x")', '+44 20 7946 0000', '-ve feedback', '@SUM(A1)', '\tindented', '\rreturn', 'fine = fine'];
    const annotation = tagged(HARINGEY, RHI, (a) => memos.reduce((b, memo) => addMemo(b, memo, coder('=cmd|"/c calc"!A1')), a));
    const csv = codedFindingsCsv([{ file: '-report.txt', report: parseReport(HARINGEY), annotations: [annotation] }], (id) => `@${id}`);
    const cells = '"\'=HYPERLINK(""http://example.com"",""x"") | +44 20 7946 0000 | -ve feedback | @SUM(A1) | \tindented | \rreturn | fine = fine"';
    assert.equal(csv, HEADER + `'-report.txt,Haringey,2021-03-09/2021-03-10,Findings,,,${RHI},${cells},unreviewed,"'=cmd|""/c calc""!A1"\r\n`);
    const themed = codedFindingsCsv([{ file: 'r.txt', report: parseReport(HARINGEY), annotations: [tagged(HARINGEY, RHI, (a) => addTheme(a, 'missing', PRIYA))] }], (id) => `@${id}`);
    assert.equal(themed.split('\r\n')[1], `r.txt,Haringey,2021-03-09/2021-03-10,Findings,'@missing,missing,${RHI},,unreviewed,Priya Shah`);
  });

  it('exports an annotation that could not be placed with the words it was made on', () => {
    const annotation = tagged(HARINGEY, RHI, (a) => setStatus(addTheme(a, 'missing', PRIYA), 'agreed', undefined, PRIYA), false);
    // The report has since lost the passage: the export still has it, from the annotation's quote.
    const edited = HARINGEY.replace(RHI, 'few children decline return home interviews');
    const csv = codedFindingsCsv([{ file: 'r.txt', report: parseReport(edited), annotations: [annotation] }], label);
    assert.equal(csv, HEADER + `r.txt,Haringey,2021-03-09/2021-03-10,(not found in the current text),Children missing,missing,${RHI},,agreed,Priya Shah\r\n`);
  });

  it('names the publication date when a report states no inspection dates', () => {
    const letter = 'Ofsted\n\n30 June 2011\n\nDear Mr Ireland\n\nAnnual unannounced inspection of contact, referral and assessment arrangements\n';
    const report = parseReport(letter);
    assert.deepEqual([report.inspection, report.published], [{ start: null, end: null }, '2011-06-30']);
    const csv = codedFindingsCsv([{ file: 'l.txt', report, annotations: [tagged(letter, 'Dear Mr Ireland', (a) => a)] }], label);
    assert.equal(csv.split('\r\n')[1], 'l.txt,,2011-06-30,Dear Mr Ireland,,,Dear Mr Ireland,,unreviewed,Priya Shah');
  });
});

describe('export of an action plan as Markdown', () => {
  it('gives each recommendation with its supporting findings, their coding and a table to fill in', () => {
    assert.equal(
      actionPlanMarkdown(haringeyCoded(), label),
      `# Action plan: Haringey, Focused visit, 9 March 2021 to 10 March 2021

Report: ${FILE}, published 10 May 2021.

The report's 2 recommendations, each with the findings that support it and the quality assurers' coding of those findings. Fill in the actions, who owns them and by when.

1 annotation could not be placed in the report's current text, so it is not in this plan; the CSV export of coded findings keeps it.

## Recommendation 1

The systems to enable children to engage in return home interviews.

### Supporting findings

1. Findings, line 61:

   > Despite this, too few children who go missing are encouraged and supported to engage meaningfully in return home interviews (RHIs). Leaders recognise that there is more to be done to achieve children's more valuable engagement and to check that actions identified in RHIs are completed. Systems to identify at the earliest opportunity the children at risk of exploitation are improving but remain underdeveloped. Quality assurance of this area of practice is underdeveloped and the quality of data is inconsistent.

   - “${RHI}” — themes: Children missing; Exploitation and children missing — status: agreed — memo: Also in the 2019 visit — by Priya Shah; Tom Okafor
   - “${QA}” — themes: Quality assurance and performance information — status: disputed (Data quality belongs to the performance team) — memo: Supports recommendation 2, see "QA framework" audit — by Tom Okafor; Priya Shah

### Actions

| Action | Owner | By when | Progress |
| --- | --- | --- | --- |
|  |  |  |  |

## Recommendation 2

Quality assurance arrangements for work with exploited children so that the impact of work is evaluated and used to further improve practice.

Quality assurance of the recommendation:

- “${RECOMMENDATION}” — no theme — status: unreviewed — memo: The link missed the finding on line 61 — by Priya Shah

### Supporting findings

No finding in the report was matched to this recommendation.

### Actions

| Action | Owner | By when | Progress |
| --- | --- | --- | --- |
|  |  |  |  |
`,
    );
  });

  it('gives the same plan, without coding, when nothing is coded', () => {
    const plan = actionPlanMarkdown({ file: FILE, report: parseReport(HARINGEY), annotations: [] }, label);
    assert.ok(!plan.includes('could not be placed'));
    assert.ok(!plan.includes('Quality assurance of the recommendation'));
    assert.ok(!/^ *- /m.test(plan), 'no coding bullets');
    assert.ok(plan.includes('1. Findings, line 61:\n\n   > Despite this, too few children who go missing'));
  });

  it('says so when a report makes no recommendations', () => {
    const lines = HARINGEY.split('\n');
    // Without "What needs to improve in this area of social work practice" (lines 28–31).
    const withoutRecommendations = [...lines.slice(0, 27), ...lines.slice(31)].join('\n');
    const report = parseReport(withoutRecommendations);
    assert.equal(report.recommendations.length, 0);
    assert.equal(
      actionPlanMarkdown({ file: 'haringey.txt', report, annotations: [] }, label),
      `# Action plan: Haringey, Focused visit, 9 March 2021 to 10 March 2021

Report: haringey.txt, published 10 May 2021.

The report makes no recommendations, so there is nothing to plan from it.
`,
    );
  });

  it('gives each recommendation its timeframe, and marks those addressed to the LSCB', () => {
    const headings = (file: string) =>
      actionPlanMarkdown({ file, report: parseReport(readSharedReport(file)), annotations: [] }, label)
        .split('\n')
        .filter((line) => line.startsWith('## ') || line.startsWith('Timeframe') || line.startsWith('Addressed'));
    const timeframes = headings('havering-2013-03-child-protection-inspection.txt');
    assert.equal(timeframes.length, 38);
    assert.deepEqual(timeframes.slice(6, 10), ['## Recommendation 4', 'Timeframe: Immediately.', '## Recommendation 5', 'Timeframe: Within three months.']);
    assert.deepEqual(timeframes.slice(-4), ['## Recommendation 18', 'Timeframe: Within six months.', '## Recommendation 19', 'Timeframe: Within six months.']);
    const lscb = headings('havering-2016-10-sif-inspection.txt');
    assert.deepEqual(lscb.slice(12), [
      '## Recommendation 13',
      '## Recommendation 14 (LSCB)',
      'Addressed to the Local Safeguarding Children Board.',
      '## Recommendation 15 (LSCB)',
      'Addressed to the Local Safeguarding Children Board.',
      '## Recommendation 16 (LSCB)',
      'Addressed to the Local Safeguarding Children Board.',
      '## Recommendation 17 (LSCB)',
      'Addressed to the Local Safeguarding Children Board.',
    ]);
  });

  it('escapes the Markdown in report text and in memos', () => {
    const text = [
      'Focused visit to Northmoor children’s services',
      '',
      'This letter summarises the findings of a focused visit to Northmoor children’s services on 3 and 4 May 2022.',
      '',
      'What needs to improve in this area of social work practice',
      '',
      '- The oversight of *all* plans for children_in_care <under 5> by managers.',
      '',
      'Findings',
      '',
      '- 1. Managers’ oversight of plans for children_in_care is **weak** | #2 in [the] list.',
      '',
    ].join('\n');
    const coded = { file: 'north_moor*.txt', report: parseReport(text), annotations: [tagged(text, 'Managers’ oversight', (a) => addMemo(a, '- see `audit` <b>&amp;</b>', PRIYA))] };
    const plan = actionPlanMarkdown(coded, label);
    assert.ok(plan.includes('Report: north\\_moor\\*.txt'), plan);
    assert.ok(plan.includes('\nThe oversight of \\*all\\* plans for children\\_in\\_care \\<under 5\\> by managers.\n'), plan);
    assert.ok(plan.includes('   > 1\\. Managers’ oversight of plans for children\\_in\\_care is \\*\\*weak\\*\\* \\| \\#2 in \\[the\\] list.\n'), plan);
    assert.ok(plan.includes('memo: \\- see \\`audit\\` \\<b\\>\\&amp;\\</b\\>'), plan);
  });
});
