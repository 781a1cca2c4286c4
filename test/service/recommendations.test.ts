import { strict as assert } from 'node:assert';
import { parseReport } from '../../server/out/service/index';

/**
 * Recommendations read from short, report-like snippets (one array element per line, as
 * pdftotext prints them). Each test compares the whole list with what a careful reader finds:
 * markers removed, wrapped lines joined with single spaces, page furniture dropped.
 */

interface Seen {
  text: string;
  timeframe?: string;
  subject?: string;
}

function recommendationsOf(lines: string[]): Seen[] {
  return parseReport(lines.join('\n')).recommendations.map(({ text, timeframe, subject }) => ({
    text,
    ...(timeframe ? { timeframe } : {}),
    ...(subject ? { subject } : {}),
  }));
}

/** The end of an ILACS summary, before its "What needs to improve?" list. */
const SUMMARY = [
  'Leaders have an accurate understanding of strengths and weaknesses. They know where to',
  'focus their attention and have plans in place to continue to improve practice.',
  '',
];

/** The first body section of an ILACS report, which ends the list before it. */
const FIRST_SECTION = [
  '',
  'The experiences and progress of children who need help and',
  'protection: good',
  '1. Children and families receive help at the right time from skilled practitioners, who',
  'assess need well and work alongside families to improve their lives.',
];

describe('recommendations', () => {
  describe('headings', () => {
    it('reads the list under "What needs to improve?", ending at the next heading', () => {
      const text = [
        ...SUMMARY,
        'What needs to improve?',
        '◼ The timeliness of initial health assessments for children in care.',
        '◼ The quality of supervision, so that it is reflective and drives plans for',
        'children forward.',
        '◼ Sufficiency of local placements for children in care.',
        ...FIRST_SECTION,
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'The timeliness of initial health assessments for children in care.' },
        { text: 'The quality of supervision, so that it is reflective and drives plans for children forward.' },
        { text: 'Sufficiency of local placements for children in care.' },
      ]);
    });

    it('ends the list at the next section heading when the items have no full stops', () => {
      const text = [
        ...SUMMARY,
        'What needs to improve?',
        '◼ The quality of supervision, so that it drives plans for children forward',
        '◼ Sufficiency of local placements for children in care',
        ...FIRST_SECTION,
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'The quality of supervision, so that it drives plans for children forward' },
        { text: 'Sufficiency of local placements for children in care' },
      ]);
    });

    it('reads "What needs to improve?1" with a footnote digit glued to the heading', () => {
      const text = [
        ...SUMMARY,
        'What needs to improve?1',
        '◼ The quality of assessments and plans for disabled children.',
        '◼ The timeliness of return home interviews.',
        ...FIRST_SECTION,
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'The quality of assessments and plans for disabled children.' },
        { text: 'The timeliness of return home interviews.' },
      ]);
    });

    it('reads "What needs to improve in this area of social work practice", not the findings after it', () => {
      const text = [
        'This letter summarises the findings of a focused visit to Havering children’s services on 12 and 13 May 2021.',
        '',
        'What needs to improve in this area of social work practice',
        '',
        '- The quality of analysis within assessments.',
        '- The rationale for decision-making when stepping down to early help services.',
        '- The quality of supervision notes including the rationale for decisions.',
        '',
        'Findings',
        '',
        '- It has been an exceptionally challenging year for Havering, with the impact of the pandemic remaining severe.',
        '- Strong, timely corporate and political support for children’s services has enabled leaders to mitigate some of the impact of the pandemic.',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'The quality of analysis within assessments.' },
        { text: 'The rationale for decision-making when stepping down to early help services.' },
        { text: 'The quality of supervision notes including the rationale for decisions.' },
      ]);
    });

    it('reads "Recommendations" whose items lost their bullets and are separated by blank lines', () => {
      const text = [
        'The casework model used in this area',
        'Signs of Safety',
        '',
        '',
        'Recommendations',
        '',
        'Ensure that managers at all levels use management information effectively to',
        'oversee the work of their teams, and that performance reports include',
        'analysis, evaluation and commentary.',
        '',
        '',
        'Ensure that all care leavers are fully aware of their entitlements.',
        '',
        '',
        'Improve pathway plans, reviews of pathway plans and visits to care leavers to',
        'ensure that they meet statutory requirements. Ensure that all plans for',
        'children are specific, measurable and child focused.',
        '',
        '',
        'Summary for children and young people',
        '\uf0b7 Children and families receive help quickly when they first have problems.',
        '\uf0b7 Most children and families who need a social worker are well supported.',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        {
          text: 'Ensure that managers at all levels use management information effectively to oversee the work of their teams, and that performance reports include analysis, evaluation and commentary.',
        },
        { text: 'Ensure that all care leavers are fully aware of their entitlements.' },
        {
          text: 'Improve pathway plans, reviews of pathway plans and visits to care leavers to ensure that they meet statutory requirements. Ensure that all plans for children are specific, measurable and child focused.',
        },
      ]);
    });

    it('reads "Areas for improvement" with "Immediately:", "Within three months:" and "Within six months:"', () => {
      const text = [
        'Areas for improvement',
        '',
        '3. In order to improve the quality of help and protection given to children and young people in London Borough of Havering, the local authority and its partners should take the following action.',
        '',
        'Immediately:',
        '',
        '- ensure that the tracking system for all referrals in the MASH is embedded',
        '- ensure chronologies are clear, recorded and fit for purpose',
        '',
        'Within three months:',
        '',
        '- review and refine the performance management framework to include key indicators',
        '- complete the roll out of the children’s case management system',
        '',
        'Within six months:',
        '',
        '- develop a more robust approach to quality assurance',
        '',
        'About this inspection',
        '',
        '- 4. This inspection was unannounced.',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'ensure that the tracking system for all referrals in the MASH is embedded', timeframe: 'immediately' },
        { text: 'ensure chronologies are clear, recorded and fit for purpose', timeframe: 'immediately' },
        { text: 'review and refine the performance management framework to include key indicators', timeframe: 'within-3-months' },
        { text: 'complete the roll out of the children’s case management system', timeframe: 'within-3-months' },
        { text: 'develop a more robust approach to quality assurance', timeframe: 'within-6-months' },
      ]);
    });

    it('reads a timeframe whose first item lost its bullet', () => {
      const text = [
        'Areas for improvement',
        '',
        'Within three months:',
        '',
        ' undertake a detailed analysis and evaluation of the newly formed MASH',
        '',
        '- ensure that the common assessment framework is sufficiently embedded',
        '- record and analyse contact, referral and re-referral patterns',
        '',
        'About this inspection',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'undertake a detailed analysis and evaluation of the newly formed MASH', timeframe: 'within-3-months' },
        { text: 'ensure that the common assessment framework is sufficiently embedded', timeframe: 'within-3-months' },
        { text: 'record and analyse contact, referral and re-referral patterns', timeframe: 'within-3-months' },
      ]);
    });

    it('reads "Areas for development" in a letter, up to the closing paragraph', () => {
      const text = [
        'Areas for development',
        '',
        '- The common assessment framework is insufficiently embedded in the practice of all agencies.',
        '- The quality of referrals from other agencies is inconsistent.',
        '',
        'Any areas for development identified above will be specifically considered in any future inspection of services to safeguard children within your area.',
        '',
        'Yours sincerely',
        '',
        'Neil Penswick Her Majesty\'s Inspector',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'The common assessment framework is insufficiently embedded in the practice of all agencies.' },
        { text: 'The quality of referrals from other agencies is inconsistent.' },
      ]);
    });

    it('reads "Priority and immediate action" as immediate, then "Areas for improvement", following topic subheadings', () => {
      const text = [
        'Priority and immediate action',
        '',
        'The quality of social work practice',
        '1.',
        '',
        'Ensure that joint visits and S47 enquiries undertaken by the police and',
        'children’s social care are undertaken swiftly.',
        '',
        '2.',
        '',
        'Ensure that all open assessments are completed in a timescale consistent with',
        'the child’s needs.',
        '',
        'Areas for improvement',
        '',
        'The quality of social work practice',
        '3.',
        '',
        'Ensure that chronologies are in place for all children.',
        '',
        'Leadership and management',
        '4.',
        '',
        'Ensure that supervision is regular and reflective.',
        '',
        'Summary for children and young people',
        '',
        'Social workers visit children regularly and listen to them.',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        {
          text: 'Ensure that joint visits and S47 enquiries undertaken by the police and children’s social care are undertaken swiftly.',
          timeframe: 'immediately',
        },
        { text: 'Ensure that all open assessments are completed in a timescale consistent with the child’s needs.', timeframe: 'immediately' },
        { text: 'Ensure that chronologies are in place for all children.' },
        { text: 'Ensure that supervision is regular and reflective.' },
      ]);
    });

    it('gives no recommendation for "did not find any areas for priority and immediate action"', () => {
      const text = [
        'Priority and immediate action',
        'The inspection did not find any areas for priority and immediate action.',
        'Areas for improvement',
        '45. Improve the triage and timeliness of notifications of domestic abuse made by the',
        'police to Careline.',
        '46. Ensure that all social workers have manageable caseloads.',
        '',
        'Summary for children and young people',
        '47. Children are seen quickly when they need help.',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'Improve the triage and timeliness of notifications of domestic abuse made by the police to Careline.' },
        { text: 'Ensure that all social workers have manageable caseloads.' },
      ]);
    });

    it('gives no recommendation for a contents page entry', () => {
      const text = [
        'Contents',
        'Executive summary',
        '',
        '1',
        '',
        'Recommendations',
        '',
        '7',
        '',
        'Summary for children and young people',
        '',
        '8',
        '',
      ];
      assert.deepStrictEqual(recommendationsOf(text), []);
    });
  });

  describe('bullets and numbers', () => {
    it('gives each of a run of numbers printed before their paragraphs (as pdfminer prints them) its own paragraph', () => {
      const text = [
        'Recommendations',
        '',
        '1. ',
        '',
        'Ensure that all work with children is recorded promptly.',
        '',
        '2. ',
        '',
        '3. ',
        '',
        'Improve the quality of plans for children and young people. Ensure that plans',
        'clearly set out what needs to change.',
        '',
        'Ensure that children’s views are fully reflected in assessments and plans.',
        '',
        '4.  Strengthen arrangements to identify children who are privately fostered.',
        '',
        'Summary for children and young people',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'Ensure that all work with children is recorded promptly.' },
        { text: 'Improve the quality of plans for children and young people. Ensure that plans clearly set out what needs to change.' },
        { text: 'Ensure that children’s views are fully reflected in assessments and plans.' },
        { text: 'Strengthen arrangements to identify children who are privately fostered.' },
      ]);
    });

    it('ends a list at a judgement heading that wraps, with no blank line before it (pdftotext -raw)', () => {
      const text = [
        ...SUMMARY,
        'What needs to improve?',
        '◼ The quality of pre-proceedings letters to parents (outcome 1, national framework)',
        'The experiences and progress of children who need help and',
        'protection: requires improvement to be good',
        '1. Children and families receive help at the right time from skilled practitioners.',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [{ text: 'The quality of pre-proceedings letters to parents (outcome 1, national framework)' }]);
    });

    it('reads "•" bullets', () => {
      const text = [
        'Recommendations',
        '• Ensure that strategy discussions include all relevant agencies.',
        '• Improve the timeliness of initial child protection conferences.',
        '',
        'Summary for children and young people',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'Ensure that strategy discussions include all relevant agencies.' },
        { text: 'Improve the timeliness of initial child protection conferences.' },
      ]);
    });

    it('reads Symbol-font bullets (U+F0B7)', () => {
      const text = [
        'Areas for improvement',
        '',
        'Data and performance management',
        '\uf0b7 Ensure that sufficient, accurate and timely performance information is provided',
        'to the LSCB by all partner agencies.',
        '\uf0b7 Ensure that the LSCB annual report provides a rigorous assessment of practice.',
        '',
        'Information about this inspection',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'Ensure that sufficient, accurate and timely performance information is provided to the LSCB by all partner agencies.' },
        { text: 'Ensure that the LSCB annual report provides a rigorous assessment of practice.' },
      ]);
    });

    it('reads Symbol-font bullets (U+F06E)', () => {
      const text = [
        'What needs to improve?',
        '\uf06e The quality of pre-proceedings work.',
        '\uf06e The timeliness of permanence planning for children in care.',
        ...FIRST_SECTION,
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'The quality of pre-proceedings work.' },
        { text: 'The timeliness of permanence planning for children in care.' },
      ]);
    });

    it('reads items numbered "1." alone on a line, the text after a blank line', () => {
      const text = [
        'Recommendations',
        '1.',
        '',
        'Consider permanence for children at the earliest stage of assessment and',
        'planning. Ensure that adoption is proactively considered for all children.',
        '',
        '2.',
        '',
        'Recruit sufficient adopters to meet the needs of children in Lambeth.',
        '',
        'Summary for children and young people',
        '',
        'Most children get help when they need it.',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'Consider permanence for children at the earliest stage of assessment and planning. Ensure that adoption is proactively considered for all children.' },
        { text: 'Recruit sufficient adopters to meet the needs of children in Lambeth.' },
      ]);
    });

    it('reads inline numbers ("12. Ensure …")', () => {
      const text = [
        'Areas for improvement',
        '12. Ensure that return home interviews are offered to every child who goes missing.',
        '13. Improve the recording of management decisions on',
        'children’s files.',
        '',
        'Summary for children and young people',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'Ensure that return home interviews are offered to every child who goes missing.' },
        { text: 'Improve the recording of management decisions on children’s files.' },
      ]);
    });

    it('reads numbering that carries on from the paragraphs before it (starting at 96)', () => {
      const text = [
        '95. The authority has a clearly defined complaints process, with almost all issues',
        'resolved at an informal level.',
        '',
        'Recommendations',
        '96. Ensure rigorous analysis of performance information received by the board',
        'across the partnership, to inform impact evaluation.',
        '97. Ensure that action plans arising from audits are monitored.',
        '',
        'Inspection findings – the partnership',
        '98. Robust governance arrangements support effective partnership working in',
        'Bedford Borough.',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'Ensure rigorous analysis of performance information received by the board across the partnership, to inform impact evaluation.' },
        { text: 'Ensure that action plans arising from audits are monitored.' },
      ]);
    });
  });

  describe('joining and cleaning', () => {
    it('joins a word hyphenated at a line end ("multi-" / "agency")', () => {
      const text = [
        'What needs to improve?',
        '◼ The quality of strategy discussions, so that they always include multi-',
        'agency partners.',
        '◼ Decision-making in the MASH.',
        ...FIRST_SECTION,
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'The quality of strategy discussions, so that they always include multi-agency partners.' },
        { text: 'Decision-making in the MASH.' },
      ]);
    });

    it('keeps sub-bullets in the recommendation they belong to', () => {
      const text = [
        'What needs to improve?',
        '◼ The quality and timeliness of pathway plans for care leavers, so that they:',
        '– are reviewed and updated when young people’s circumstances change;',
        '– set out clear actions to meet young people’s health, accommodation, and',
        'education, employment and training needs.',
        '◼ The suitability of accommodation for care leavers.',
        ...FIRST_SECTION,
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        {
          text: 'The quality and timeliness of pathway plans for care leavers, so that they: are reviewed and updated when young people’s circumstances change; set out clear actions to meet young people’s health, accommodation, and education, employment and training needs.',
        },
        { text: 'The suitability of accommodation for care leavers.' },
      ]);
    });

    it('removes a page header, date and page number that fall inside an item', () => {
      const header = 'Inspection of Solihull local authority children’s services';
      const dates = '31 October 2022 to 11 November 2022';
      const text = [
        'Inspection of Solihull local authority',
        'children’s services',
        'Inspection dates: 31 October 2022 to 11 November 2022',
        '',
        'What needs to improve?',
        '◼ The timeliness and quality of decision-making in relation to concerns received',
        'about children and allocation to a social worker to ensure that children are',
        header,
        dates,
        '',
        '2',
        '',
        '\fseen without delay.',
        '◼ Timeliness of safeguarding checks for children in private fostering placements.',
        '',
        'The experiences and progress of children who need help and',
        'protection: inadequate',
        '1. There are serious and widespread failures across services for children in need of',
        'help and protection.',
        header,
        dates,
        '',
        '3',
        '',
        '\f2. When a decision is made that a child would benefit from early help support, there',
        'are significant delays.',
        header,
        dates,
        '',
        '4',
        '',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        {
          text: 'The timeliness and quality of decision-making in relation to concerns received about children and allocation to a social worker to ensure that children are seen without delay.',
        },
        { text: 'Timeliness of safeguarding checks for children in private fostering placements.' },
      ]);
    });
  });

  describe('the Local Safeguarding Children Board', () => {
    it('marks the list after the LSCB judgement with subject "lscb"', () => {
      const text = [
        'Bedford Borough',
        'Inspection of services for children in need of help and',
        'protection, children looked after and care leavers',
        '',
        'Recommendations',
        '',
        'Ensure that all work with children is recorded promptly on the social care',
        'information system.',
        '',
        '',
        'Ensure that children who go missing are offered a return interview.',
        '',
        '',
        'Summary for children and young people',
        '',
        'Social workers visit children regularly.',
        '',
        'The Local Safeguarding Children Board (LSCB)',
        'The Local Safeguarding Children Board is good',
        'Executive summary',
        'The board meets all of its statutory functions. It is well chaired.',
        '',
        'Recommendations',
        '96. Ensure rigorous analysis of performance information received by the LSCB',
        'across the partnership, to inform impact evaluation.',
        '97. Ensure that action plans arising from multi-agency audits are monitored.',
        '',
        'Inspection findings – the Local Safeguarding Children Board',
        '98. Robust governance arrangements support effective partnership working.',
      ];
      assert.deepStrictEqual(recommendationsOf(text), [
        { text: 'Ensure that all work with children is recorded promptly on the social care information system.' },
        { text: 'Ensure that children who go missing are offered a return interview.' },
        {
          text: 'Ensure rigorous analysis of performance information received by the LSCB across the partnership, to inform impact evaluation.',
          subject: 'lscb',
        },
        { text: 'Ensure that action plans arising from multi-agency audits are monitored.', subject: 'lscb' },
      ]);
    });
  });
});
