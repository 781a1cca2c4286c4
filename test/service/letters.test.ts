import { strict as assert } from 'node:assert';
import { type Section, parseReport } from '../../server/out/service/index';
import { extractionOf } from '../helpers/extraction';
import { readSharedReport } from '../helpers/shared';

/**
 * Letters (focused visits, the 2011 contact, referral and assessment letters) open with Ofsted's
 * letterhead and the addressee's name and address, and close with a signature and a copy list.
 * None of that is a section or a finding: the outline starts at "Dear …" and stops at "Yours
 * sincerely". Sections compared whole with what a reader finds in each letter.
 */
function outline(sections: Section[], depth = 0): string[] {
  return sections.flatMap((section) => [`${'  '.repeat(depth)}${section.title}`, ...outline(section.children, depth + 1)]);
}

describe('letters: letterhead, address and signature', function () {
  const cases: Array<[string, string[], RegExp]> = [
    [
      'haringey-2021-03-focused-visit.txt',
      ['Dear Ms Graham', "Focused visit to Haringey children's services", 'What needs to improve in this area of social work practice', 'Findings'],
      /^Her Majesty's Chief Inspector of Education/,
    ],
    ['havering-2011-06-contact-referral-assessment.txt', ['Dear Mr Ireland'], /^Annual unannounced inspection of contact, referral and assessment arrangements/],
  ];
  for (const [file, sections, firstFinding] of cases) {
    it(`${file}: sections from the salutation to the sign-off, and no finding from the letterhead, the address or the copy list`, function () {
      const report = parseReport(readSharedReport(file));
      assert.deepStrictEqual(outline(report.sections), sections);
      assert.match(report.findings[0].text, firstFinding);
      const stray = report.findings.filter((finding) => /Piccadilly Gate|Textphone|ofsted\.gov\.uk|^Director of Children|^Copy:/.test(finding.text));
      assert.deepStrictEqual(stray, []);
    });
  }
});

/** Kinds of letter with no sample among the shared reports, written in Ofsted's layout (fictional authorities). */
const LETTERHEAD = ['Ofsted', 'Piccadilly Gate', 'Store Street', 'Manchester', 'M1 2WD', '', 'T 0300 123 1231', 'www.gov.uk/ofsted', ''];

const MONITORING_VISIT = [
  ...LETTERHEAD,
  '14 April 2022',
  '',
  'Jane Smith',
  'Director of Children’s Services',
  'Northtown Borough Council',
  '',
  'Dear Jane',
  '',
  'Monitoring visit to Northtown children’s services',
  '',
  'This letter summarises the findings of the monitoring visit to Northtown children’s services on 15 and 16 March 2022. This',
  'visit was the third monitoring visit since the local authority was judged inadequate in June 2021. Her Majesty’s Inspectors',
  'for this visit were Joe Bloggs and Anna Green.',
  '',
  'Headline findings',
  '',
  'Leaders have made steady progress in improving the quality of practice for children in need of help and protection.',
  '',
  'Yours sincerely',
  '',
  'Joe Bloggs',
  'Her Majesty’s Inspector',
];

const JTAI = [
  ...LETTERHEAD,
  '20 May 2019',
  '',
  'Mr John Doe',
  'Director of Children’s Services',
  '',
  'Dear Mr Doe',
  '',
  'Joint targeted area inspection of the multi-agency response to children living with domestic abuse in',
  'the London Borough of Northtown',
  '',
  'Between 11 and 15 March 2019, Ofsted, the Care Quality Commission (CQC), HMI Constabulary and Fire & Rescue Services',
  '(HMICFRS) and HMI Probation (HMIP) carried out a joint inspection of the multi-agency response to children living with',
  'domestic abuse in Northtown.',
  '',
  'Areas for improvement',
  '',
  '\uf0b7 The quality of information-sharing by health services at the front door.',
  '\uf0b7 The recording of children’s voices in assessments by probation officers.',
  '',
  'Next steps',
  '',
  'The director of children’s services should prepare a written statement of proposed action responding to the findings.',
];

describe('letters of kinds without a shared sample', function () {
  it('a monitoring visit: the visit’s dates, no judgement from "judged inadequate in June 2021", no recommendations', function () {
    assert.deepStrictEqual(extractionOf(parseReport(MONITORING_VISIT.join('\n'))), {
      kind: 'monitoring-visit',
      authority: 'Northtown',
      inspection: { start: '2022-03-15', end: '2022-03-16' },
      published: '2022-04-14',
      leadInspector: 'Joe Bloggs',
      judgements: [],
      recommendations: [],
    });
  });

  it('a joint targeted area inspection: the area from the end of its subject line, and its areas for improvement', function () {
    const { leadInspector, ...extraction } = extractionOf(parseReport(JTAI.join('\n')));
    void leadInspector; // A JTAI letter is signed by the inspectorates, not by a lead inspector.
    assert.deepStrictEqual(extraction, {
      kind: 'jtai',
      authority: 'Northtown',
      inspection: { start: '2019-03-11', end: '2019-03-15' },
      published: '2019-05-20',
      judgements: [],
      recommendations: [
        { text: 'The quality of information-sharing by health services at the front door.' },
        { text: 'The recording of children’s voices in assessments by probation officers.' },
      ],
    });
  });
});
