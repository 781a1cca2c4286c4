import { strict as assert } from 'node:assert';
import { hover, parseReport } from '../../server/out/service/index';
import { extractionOf } from '../helpers/extraction';

/**
 * School and further-education reports, read "by the same machinery": fictional reports in the
 * education inspection framework's layout (2019–2024), as pdftotext prints it. Each test compares
 * the whole extraction with what a careful reader finds: this inspection's grades (never the
 * "Previous inspection grade" row), and the list under "What does the school/provider need to do
 * to improve?" without its "(Information for …)" line.
 */

const SCHOOL = [
  'Inspection of Meadowbank Primary School',
  'Meadow Lane, Northtown, Northshire NT1 2AB',
  '',
  'Inspection dates: 12 and 13 March 2024',
  '',
  'Overall effectiveness',
  '',
  'Good',
  '',
  'The quality of education',
  '',
  'Good',
  '',
  'Behaviour and attitudes',
  '',
  'Outstanding',
  '',
  'Personal development',
  '',
  'Good',
  '',
  'Leadership and management',
  '',
  'Good',
  '',
  'Early years provision',
  '',
  'Requires improvement',
  '',
  'Previous inspection grade',
  '',
  'Requires improvement',
  '',
  'What is it like to attend this school?',
  '',
  'Pupils are happy and safe at this school. They behave well in lessons and around the',
  'school. Leaders have high expectations of what pupils can achieve.',
  '',
  'What does the school need to do to improve?',
  '(Information for the school and appropriate authority)',
  '',
  '\uf0a7 The curriculum in the early years is not well sequenced in some areas. Leaders should',
  'make sure that staff know the important knowledge children should learn.',
  '\uf0a7 Some pupils who need extra help with reading do not catch up quickly enough. Leaders',
  'should ensure that staff teaching phonics are well trained.',
  '',
  'How can I feed back my views?',
  '',
  'Lead inspector: John Brown, His Majesty’s Inspector',
];

const COLLEGE = [
  'Inspection of Northtown College',
  '',
  'Inspection dates: 5 to 8 March 2024',
  '',
  'Overall effectiveness Good',
  'The quality of education Good',
  'Behaviour and attitudes Good',
  'Personal development Outstanding',
  'Leadership and management Good',
  'Education programmes for young people Good',
  'Apprenticeships Requires improvement',
  'Previous inspection grade Requires improvement',
  '',
  'Information about this provider',
  '',
  'Northtown College is a general further education college in Northshire. At the time of the',
  'inspection, there were 2,400 learners and apprentices.',
  '',
  'What does the provider need to do to improve?',
  '',
  '\uf0a7 Leaders should make sure that apprentices receive their off-the-job training.',
  '\uf0a7 Managers should improve the quality of careers advice for adult learners.',
  '',
  'Lead inspector: Asha Patel, His Majesty’s Inspector',
];

describe('school and further-education reports', function () {
  it('reads a school report: its grade table without the previous inspection grade, and what it needs to do to improve', function () {
    assert.deepEqual(extractionOf(parseReport(SCHOOL.join('\n'))), {
      kind: 'school',
      authority: null,
      inspection: { start: '2024-03-12', end: '2024-03-13' },
      published: null,
      leadInspector: 'John Brown',
      judgements: [
        { subject: 'overall-effectiveness', grade: 'good', label: 'Overall effectiveness' },
        { subject: 'quality-of-education', grade: 'good', label: 'The quality of education' },
        { subject: 'behaviour-and-attitudes', grade: 'outstanding', label: 'Behaviour and attitudes' },
        { subject: 'personal-development', grade: 'good', label: 'Personal development' },
        { subject: 'leadership-and-management', grade: 'good', label: 'Leadership and management' },
        { subject: 'early-years-provision', grade: 'requires-improvement', label: 'Early years provision' },
      ],
      recommendations: [
        { text: 'The curriculum in the early years is not well sequenced in some areas. Leaders should make sure that staff know the important knowledge children should learn.' },
        { text: 'Some pupils who need extra help with reading do not catch up quickly enough. Leaders should ensure that staff teaching phonics are well trained.' },
      ],
    });
  });

  it("explains a school's grade in the education inspection framework's terms, not a local authority's", function () {
    const report = parseReport(SCHOOL.join('\n'));
    const earlyYears = report.judgements.find((judgement) => judgement.subject === 'early-years-provision')!;
    const offset = report.source.text.indexOf('Requires improvement', earlyYears.span.start);
    const value = (hover(report, offset)?.contents as { value: string }).value;
    assert.equal(
      value,
      [
        '**Requires improvement** — Early years provision',
        '',
        'Not yet good, but not inadequate: the school or provider is expected to improve to good by its next inspection.',
        '',
        '_School inspection_',
      ].join('\n'),
    );
  });

  it('reads a further-education report whose table rows print label and grade on one line', function () {
    assert.deepEqual(extractionOf(parseReport(COLLEGE.join('\n'))), {
      kind: 'further-education',
      authority: null,
      inspection: { start: '2024-03-05', end: '2024-03-08' },
      published: null,
      leadInspector: 'Asha Patel',
      judgements: [
        { subject: 'overall-effectiveness', grade: 'good', label: 'Overall effectiveness' },
        { subject: 'quality-of-education', grade: 'good', label: 'The quality of education' },
        { subject: 'behaviour-and-attitudes', grade: 'good', label: 'Behaviour and attitudes' },
        { subject: 'personal-development', grade: 'outstanding', label: 'Personal development' },
        { subject: 'leadership-and-management', grade: 'good', label: 'Leadership and management' },
        { subject: 'education-programmes-for-young-people', grade: 'good', label: 'Education programmes for young people' },
        { subject: 'apprenticeships', grade: 'requires-improvement', label: 'Apprenticeships' },
      ],
      recommendations: [
        { text: 'Leaders should make sure that apprentices receive their off-the-job training.' },
        { text: 'Managers should improve the quality of careers advice for adult learners.' },
      ],
    });
  });
});
