import { strict as assert } from 'node:assert';
import { parseReport } from '../../server/out/service/index';

/**
 * Judgements read from short, report-like snippets (one array element per line, as pdftotext
 * prints them). Each test compares the whole list of judgements with what a careful reader finds.
 */

interface Seen {
  subject: string;
  grade: string;
  label: string;
}

function judgementsOf(lines: string[]): Seen[] {
  return parseReport(lines.join('\n')).judgements.map(({ subject, grade, label }) => ({ subject, grade, label }));
}

const ILACS_TITLE = [
  'Inspection of Bromley local authority',
  'children’s services',
  'Inspection dates: 13 to 24 November 2023',
  'Lead inspector: Claire Beckingham, His Majesty’s Inspector',
];

const SIF_TITLE = [
  'London Borough of Havering',
  'Inspection of services for children in need of help and',
  'protection, children looked after and care leavers',
  'and',
  'Review of the effectiveness of the Local Safeguarding Children',
  'Board1',
  'Inspection date: 27 September – 20 October 2016',
  'Report published: 9 December 2016',
  '',
];

const IMPACT = 'The impact of leaders on social work practice with children and families';
const HELP = 'The experiences and progress of children who need help and protection';

describe('judgements', () => {
  describe('grade tables', () => {
    it('reads a table as pdftotext -layout prints it: label and grade on one line, long labels wrapped around the grade', () => {
      const text = [
        ...ILACS_TITLE,
        ' Judgement                                                     Grade',
        '',
        ' The impact of leaders on social work practice with children',
        '                                                               Inadequate',
        ' and families',
        '',
        ' The experiences and progress of            Requires improvement to be good',
        ' children who need help and protection',
        '',
        ' Overall effectiveness                      Good',
        '',
        'Children in Bromley receive services that are improving. Leaders know their services well',
        'and are good at finding what needs to change.',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'impact-of-leaders', grade: 'inadequate', label: IMPACT },
        { subject: 'help-and-protection', grade: 'requires-improvement', label: HELP },
        { subject: 'overall-effectiveness', grade: 'good', label: 'Overall effectiveness' },
      ]);
    });

    it('reads rows as pdftotext -raw and pypdf print them: one space between label and grade, the label perhaps begun on the line above', () => {
      const text = [
        ...ILACS_TITLE,
        'Judgement Grade',
        'The impact of leaders on social work practice with children',
        'and families Good',
        '2.1 Adoption performance Good',
        'Overall effectiveness Requires improvement to be good',
        'Children in Bromley receive services that are good in places.',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'impact-of-leaders', grade: 'good', label: IMPACT },
        { subject: 'adoption', grade: 'good', label: 'Adoption performance' },
        { subject: 'overall-effectiveness', grade: 'requires-improvement', label: 'Overall effectiveness' },
      ]);
    });

    it('reads labels printed before their grades, as pdfminer prints some rows', () => {
      const text = [
        ...ILACS_TITLE,
        'Judgement',
        '',
        'The impact of leaders on social work',
        'practice with children and families',
        '',
        'Grade',
        '',
        'Good',
        '',
        'The experiences and progress of',
        'children in care',
        '',
        'The experiences and progress of',
        'care leavers',
        '',
        'Outstanding',
        '',
        'Inadequate',
        '',
        'Overall effectiveness',
        '',
        'Good',
        '',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'impact-of-leaders', grade: 'good', label: IMPACT },
        { subject: 'children-in-care', grade: 'outstanding', label: 'The experiences and progress of children in care' },
        { subject: 'care-leavers', grade: 'inadequate', label: 'The experiences and progress of care leavers' },
        { subject: 'overall-effectiveness', grade: 'good', label: 'Overall effectiveness' },
      ]);
    });

    it('reads an ILACS table whose labels wrap over two lines', () => {
      const text = [
        ...ILACS_TITLE,
        'Judgement',
        '',
        'Grade',
        '',
        'The impact of leaders on social work',
        'practice with children and families',
        '',
        'Good',
        '',
        'The experiences and progress of',
        'children who need help and protection',
        '',
        'Outstanding',
        '',
        'The experiences and progress of',
        'children in care',
        '',
        'Good',
        '',
        'The experiences and progress of care',
        'leavers',
        '',
        'Inadequate',
        '',
        'Overall effectiveness',
        '',
        'Good',
        '',
        'Children in the London Borough of Bromley receive strong services. Leaders have',
        'continued to strengthen practice since the previous inspection in 2018.',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'impact-of-leaders', grade: 'good', label: IMPACT },
        { subject: 'help-and-protection', grade: 'outstanding', label: HELP },
        { subject: 'children-in-care', grade: 'good', label: 'The experiences and progress of children in care' },
        { subject: 'care-leavers', grade: 'inadequate', label: 'The experiences and progress of care leavers' },
        { subject: 'overall-effectiveness', grade: 'good', label: 'Overall effectiveness' },
      ]);
    });

    it('reads grades split over two lines: "Requires" / "improvement"', () => {
      const text = [
        ...ILACS_TITLE,
        'Judgement',
        'Grade',
        'The impact of leaders on social work',
        'practice with children and families',
        'Requires',
        'improvement',
        'The experiences and progress of',
        'children who need help and protection',
        'Good',
        'The experiences and progress of',
        'children in care and care leavers',
        'Requires',
        'improvement',
        'Overall effectiveness',
        'Requires',
        'improvement',
        '',
        'Services for children in Bromley have improved since the last inspection.',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'impact-of-leaders', grade: 'requires-improvement', label: IMPACT },
        { subject: 'help-and-protection', grade: 'good', label: HELP },
        { subject: 'children-in-care', grade: 'requires-improvement', label: 'The experiences and progress of children in care and care leavers' },
        { subject: 'overall-effectiveness', grade: 'requires-improvement', label: 'Overall effectiveness' },
      ]);
    });

    it('reads grades split over two lines: "Requires improvement" / "to be good"', () => {
      const text = [
        ...ILACS_TITLE,
        'Judgement',
        '',
        'Grade',
        '',
        'The impact of leaders on social work',
        'practice with children and families',
        '',
        'Requires improvement',
        'to be good',
        '',
        'The experiences and progress of',
        'children who need help and protection',
        '',
        'Requires improvement',
        'to be good',
        '',
        'The experiences and progress of',
        'children in care and care leavers',
        '',
        'Inadequate',
        '',
        'Overall effectiveness',
        '',
        'Requires improvement',
        'to be good',
        '',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'impact-of-leaders', grade: 'requires-improvement', label: IMPACT },
        { subject: 'help-and-protection', grade: 'requires-improvement', label: HELP },
        { subject: 'children-in-care', grade: 'inadequate', label: 'The experiences and progress of children in care and care leavers' },
        { subject: 'overall-effectiveness', grade: 'requires-improvement', label: 'Overall effectiveness' },
      ]);
    });

    it('reads a SIF table with numbered labels, after a headline wrapped over two lines', () => {
      const text = [
        'Bedford Borough',
        'Inspection of services for children in need of help and',
        'protection, children looked after and care leavers',
        'Inspection date: 23 January 2017 – 16 February 2017',
        'Report published: 7 April 2017',
        '',
        'Children’s services in Bedford Borough require improvement to',
        'be good',
        '1. Children who need help and protection',
        '',
        'Requires improvement',
        '',
        '2. Children looked after and achieving',
        'permanence',
        '',
        'Requires improvement',
        '',
        '2.1 Adoption performance',
        '',
        'Good',
        '',
        '2.2 Experiences and progress of care leavers',
        '',
        'Good',
        '',
        '3. Leadership, management and governance',
        '',
        'Requires improvement',
        '',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'overall-effectiveness', grade: 'requires-improvement', label: 'Overall effectiveness' },
        { subject: 'help-and-protection', grade: 'requires-improvement', label: 'Children who need help and protection' },
        { subject: 'children-in-care', grade: 'requires-improvement', label: 'Children looked after and achieving permanence' },
        { subject: 'adoption', grade: 'good', label: 'Adoption performance' },
        { subject: 'care-leavers', grade: 'good', label: 'Experiences and progress of care leavers' },
        { subject: 'leadership-management-governance', grade: 'requires-improvement', label: 'Leadership, management and governance' },
      ]);
    });

    it('resolves a SIF table whose labels were lost by the SIF table order', () => {
      const text = [
        ...SIF_TITLE,
        'Childrens services in Havering require improvement to be good',
        '',
        'Requires Improvement',
        '',
        'Good',
        '',
        '',
        'Requires Improvement',
        '',
        '',
        'Inadequate',
        '',
        '',
        'Requires Improvement',
        '',
        '',
        'Ofsted produces this report under its power to combine reports in accordance with section 152 of',
        'the Education and Inspections Act 2006.',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'overall-effectiveness', grade: 'requires-improvement', label: 'Overall effectiveness' },
        { subject: 'help-and-protection', grade: 'requires-improvement', label: 'Children who need help and protection' },
        { subject: 'children-in-care', grade: 'good', label: 'Children looked after and achieving permanence' },
        { subject: 'adoption', grade: 'requires-improvement', label: 'Adoption performance' },
        { subject: 'care-leavers', grade: 'inadequate', label: 'Experiences and progress of care leavers' },
        { subject: 'leadership-management-governance', grade: 'requires-improvement', label: 'Leadership, management and governance' },
      ]);
    });

    it('resolves a SIF table where only a fragment of one label survived ("permanence")', () => {
      const text = [
        ...SIF_TITLE,
        'Childrens services in Havering require improvement to be good',
        '',
        'Requires Improvement',
        '',
        'permanence',
        '',
        'Requires Improvement',
        '',
        '',
        'Requires Improvement',
        '',
        '',
        'Inadequate',
        '',
        '',
        'Requires Improvement',
        '',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'overall-effectiveness', grade: 'requires-improvement', label: 'Overall effectiveness' },
        { subject: 'help-and-protection', grade: 'requires-improvement', label: 'Children who need help and protection' },
        { subject: 'children-in-care', grade: 'requires-improvement', label: 'Children looked after and achieving permanence' },
        { subject: 'adoption', grade: 'requires-improvement', label: 'Adoption performance' },
        { subject: 'care-leavers', grade: 'inadequate', label: 'Experiences and progress of care leavers' },
        { subject: 'leadership-management-governance', grade: 'requires-improvement', label: 'Leadership, management and governance' },
      ]);
    });

    it('skips "Not Judged" rows', () => {
      const text = [
        'Isles of Scilly',
        'Inspection of services for children in need of help and',
        'protection, children looked after and care leavers',
        'Inspection date: 11 April 2016 – 28 April 2016',
        'Report published: 27 June 2016',
        '',
        'Children’s services in the Isles of Scilly are good',
        '1. Children who need help and protection',
        '',
        'Good',
        '',
        '2. Children looked after and achieving',
        'permanence',
        '',
        'Not Judged',
        '',
        '2.1 Adoption performance',
        '',
        'Not Judged',
        '',
        '2.2 Experiences and progress of care leavers',
        '',
        'Not Judged',
        '',
        '3. Leadership, management and governance',
        '',
        'Good',
        '',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'overall-effectiveness', grade: 'good', label: 'Overall effectiveness' },
        { subject: 'help-and-protection', grade: 'good', label: 'Children who need help and protection' },
        { subject: 'leadership-management-governance', grade: 'good', label: 'Leadership, management and governance' },
      ]);
    });

    it('reads tab-separated rows ("Overall effectiveness\\tAdequate")', () => {
      const text = [
        'Inspection of local authority arrangements for the protection of children London Borough of Havering',
        '',
        'Record of main findings',
        '',
        'Overall effectiveness\tAdequate',
        'The effectiveness of the help and protection provided to children, young people, families and carers\tAdequate',
        'The quality of practice\tGood',
        'Leadership and governance\tInadequate',
        '',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'overall-effectiveness', grade: 'adequate', label: 'Overall effectiveness' },
        {
          subject: 'help-and-protection',
          grade: 'adequate',
          label: 'The effectiveness of the help and protection provided to children, young people, families and carers',
        },
        { subject: 'quality-of-practice', grade: 'good', label: 'The quality of practice' },
        { subject: 'leadership-management-governance', grade: 'inadequate', label: 'Leadership and governance' },
      ]);
    });

    it('keeps the table as the first reading when body headings repeat its grades', () => {
      const text = [
        ...ILACS_TITLE,
        'Judgement',
        '',
        'Grade',
        '',
        'The impact of leaders on social work',
        'practice with children and families',
        '',
        'Good',
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
        'Good',
        '',
        'The experiences and progress of children who need help and',
        'protection: good',
        '1. Children and families receive help at the right time from skilled practitioners.',
        '',
        'The experiences and progress of children in care and care leavers: good',
        '2. Children come into care when they need to.',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'impact-of-leaders', grade: 'good', label: IMPACT },
        { subject: 'help-and-protection', grade: 'good', label: HELP },
        { subject: 'children-in-care', grade: 'good', label: 'The experiences and progress of children in care and care leavers' },
        { subject: 'overall-effectiveness', grade: 'good', label: 'Overall effectiveness' },
      ]);
    });
  });

  describe('headline sentences', () => {
    const OVERALL = 'Overall effectiveness';
    const cases: Array<[string, string[], string]> = [
      [
        '"Children\'s services in Havering require improvement to be good"',
        ["Children's services in Havering require improvement to be good.", 'Leaders have an accurate view of practice.'],
        'requires-improvement',
      ],
      [
        'a lost apostrophe: "Childrens services in Havering require improvement to be good"',
        ['Childrens services in Havering require improvement to be good', '', 'Executive summary'],
        'requires-improvement',
      ],
      [
        '"Children’s services in the Isles of Scilly are good"',
        ['Children’s services in the Isles of Scilly are good', '', 'Executive summary'],
        'good',
      ],
      [
        '"The overall judgement is requires improvement."',
        ['The overall judgement is requires improvement.', 'Leaders know their services well.'],
        'requires-improvement',
      ],
      [
        '"The overall judgement is that children’s services require" / "improvement"',
        ['The overall judgement is that children’s services require', 'improvement.', '', 'Leaders know their services well.'],
        'requires-improvement',
      ],
      [
        '"The overall judgement is inadequate."',
        ['The overall judgement is inadequate.', 'There are widespread and serious failures.'],
        'inadequate',
      ],
    ];
    for (const [name, lines, grade] of cases) {
      it(`reads the overall judgement from ${name}`, () => {
        assert.deepStrictEqual(judgementsOf(lines), [{ subject: 'overall-effectiveness', grade, label: OVERALL }]);
      });
    }

    it('reads "The graded judgement for adoption performance is that it is good"', () => {
      const text = [
        'Adoption performance',
        '',
        'The graded judgement for adoption performance is that it is good',
        'Summary',
        'Adoption is considered for all children who cannot return home.',
      ];
      assert.deepStrictEqual(judgementsOf(text), [{ subject: 'adoption', grade: 'good', label: 'Adoption performance' }]);
    });

    it('reads "The Local Safeguarding Children Board is good"', () => {
      const text = [
        'The Local Safeguarding Children Board (LSCB)',
        'The Local Safeguarding Children Board is good',
        'Executive summary',
        'The board meets all of its statutory functions.',
      ];
      assert.deepStrictEqual(judgementsOf(text), [{ subject: 'lscb', grade: 'good', label: 'The Local Safeguarding Children Board' }]);
    });

    it('reads "The effectiveness of the LSCB requires improvement"', () => {
      const text = ['Executive summary', 'The effectiveness of the LSCB requires improvement. The board meets its statutory', 'duties.'];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'lscb', grade: 'requires-improvement', label: 'The Local Safeguarding Children Board' },
      ]);
    });
  });

  describe('body headings', () => {
    it('reads "The experiences and progress of children in care: good"', () => {
      const text = [
        'The experiences and progress of children in care: good',
        '7. Children come into care when they need to, and most live in stable homes.',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'children-in-care', grade: 'good', label: 'The experiences and progress of children in care' },
      ]);
    });

    it('reads a heading wrapped before its grade ("… need help and" / "protection: outstanding")', () => {
      const text = [
        'The experiences and progress of children who need help and',
        'protection: outstanding',
        '1.',
        '',
        'Impressive family help services intervene at the right time.',
      ];
      assert.deepStrictEqual(judgementsOf(text), [{ subject: 'help-and-protection', grade: 'outstanding', label: HELP }]);
    });

    it('reads a wrapped heading whose grade is "requires improvement to be good" ("… care and care" / "leavers: …")', () => {
      const text = [
        'The experiences and progress of children in care and care',
        'leavers: requires improvement to be good',
        '17. The decision for children to come into care is timely for most children.',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'children-in-care', grade: 'requires-improvement', label: 'The experiences and progress of children in care and care leavers' },
      ]);
    });

    it('reads a heading with a capitalised grade ("… children and" / "families: Inadequate")', () => {
      const text = [
        'The impact of leaders on social work practice with children and',
        'families: Inadequate',
        '30. Senior leaders have not had an accurate understanding of practice.',
      ];
      assert.deepStrictEqual(judgementsOf(text), [{ subject: 'impact-of-leaders', grade: 'inadequate', label: IMPACT }]);
    });
  });

  describe('not judgements', () => {
    const cases: Array<[string, string[]]> = [
      [
        "an earlier inspection's grade: \"At the last inspection in 2021, services were judged to be good\"",
        ['At the last inspection in 2021, services were judged to be good. Since then, leaders have', 'kept a clear focus on practice.'],
      ],
      [
        'an earlier inspection\'s grade: "was judged adequate when last inspected"',
        ['Help and protection was judged adequate when last inspected in 2013, and has', 'improved since.'],
      ],
      [
        'an earlier inspection\'s grade in a headline-like sentence: "Children’s services in Havering were judged inadequate in 2014"',
        ['Children’s services in Havering were judged inadequate in 2014. Since then, leaders', 'have taken decisive action.'],
      ],
      [
        'earlier grades listed under "Previous Ofsted inspections"',
        [
          'Previous Ofsted inspections',
          '\uf06e The last inspection report for the local authority’s children’s services was',
          'published in May 2015. The judgements for the local authority were:',
          '\uf06e Overall effectiveness: Inadequate',
          '\uf06e Children who need help and protection: Requires improvement to be good',
          '\uf06e Children looked after and achieving permanence: Inadequate',
          '\uf06e Leadership, management and governance: Inadequate.',
          'Local leadership',
        ],
      ],
      ['a grade word as an adjective: "a good awareness"', ['Social workers have a good awareness of the risks of exploitation.']],
      [
        'a line of prose that names a judgement and ends in a grade word, one space apart',
        ['Inspectors found that the experiences of care leavers are good', 'in most of the cases they saw.'],
      ],
      [
        'a line of -layout prose that ends in a grade word, columns apart, naming no judgement',
        ['Most social workers say that their supervision is          good', 'and that managers are available.'],
      ],
      [
        'a grade word opening a line: "Outstanding practice was seen"',
        ['In the fostering service, the team has built strong relationships with carers.', 'Outstanding practice was seen in the support for kinship carers.'],
      ],
      ['a grade word as an adjective: "inadequate housing"', ['Many families live in inadequate housing, which adds to the pressures', 'they face.']],
      [
        '"Children’s services in Newham receive services which range in quality from requires improvement to be good to poor"',
        ['Children’s services in Newham receive services which range in quality from requires improvement to be good to poor.'],
      ],
    ];
    for (const [name, lines] of cases) {
      it(`gives no judgement for ${name}`, () => {
        assert.deepStrictEqual(judgementsOf(lines), []);
      });
    }

    it('reads the headline but not the earlier grades in the sentence after it', () => {
      const text = [
        'Executive summary',
        'Childrens services in Havering require improvement to be good. Services for children',
        'in need of help and protection and for children looked after were judged adequate',
        'when last inspected in 2011 and 2013.',
      ];
      assert.deepStrictEqual(judgementsOf(text), [
        { subject: 'overall-effectiveness', grade: 'requires-improvement', label: 'Overall effectiveness' },
      ]);
    });
  });
});
