import { strict as assert } from 'node:assert';
import { parseReport } from '../../server/out/service/index';

/**
 * The header of a report: its kind, authority, inspection dates, publication or letter date and
 * lead inspector, read from short, report-like snippets (one array element per line).
 */

interface Header {
  kind: string;
  authority: string | null;
  inspection: { start: string | null; end: string | null };
  published: string | null;
  leadInspector: string | null;
}

function headerOf(lines: string[]): Header {
  const { kind, authority, inspection, published, leadInspector } = parseReport(lines.join('\n'));
  return { kind, authority, inspection, published, leadInspector };
}

/** The opening of an ILACS report, with the inspection dates given. */
function ilacs(dates: string): string[] {
  return [
    'Inspection of Bromley local authority',
    'children’s services',
    `Inspection dates: ${dates}`,
    'Lead inspector: Claire Beckingham, His Majesty’s Inspector',
    'Judgement',
    '',
    'Grade',
    '',
    'Overall effectiveness',
    '',
    'Outstanding',
    '',
    'Children in the London Borough of Bromley receive exceptionally strong services.',
  ];
}

const SIF = [
  'London Borough of Havering',
  'Inspection of services for children in need of help and',
  'protection, children looked after and care leavers',
  'and',
  'Review of the effectiveness of the Local Safeguarding Children',
  'Board1',
  'Inspection date: 27 September  20 October 2016',
  'Report published: 9 December 2016',
  '',
  'Childrens services in Havering require improvement to be good',
  '',
  'Executive summary',
  'Childrens services in Havering require improvement to be good.',
  '',
  'Information about this inspection',
  'The inspection of the local authority was carried out under section 136 of the Education and',
  'Inspections Act 2006.',
  '',
  'Lead inspector: Louise Warren',
  'Deputy lead inspector: Stephanie Murray',
];

const FOCUSED_VISIT = [
  '',
  'Piccadilly Gate',
  'Store Street',
  'Manchester M1 2WD',
  '',
  'T 0300 123 1231',
  'enquiries@ofsted.gov.uk',
  'www.gov.uk/ofsted',
  '',
  '25 June 2021',
  '',
  'Robert South',
  "Director of Children's Services",
  'Main Road',
  'Romford',
  'RM1 3BB',
  '',
  'Dear Robert',
  '',
  "Focused visit to Havering children's services",
  '',
  "This letter summarises the findings of a focused visit to Havering children's services on 12 and 13 May 2021. The visit was carried out by Her Majesty's Inspectors, Joy Howick and Nasim Butt.",
  '',
  'What needs to improve in this area of social work practice',
  '',
  '- The quality of analysis within assessments.',
  '',
  'Yours sincerely',
  '',
  'Joy Howick',
  "Her Majesty's Inspector",
];

const MONITORING_VISIT = [
  '12 July 2022',
  '',
  'Jeanette Richards',
  'Executive Director of Children and Young People',
  'Bury Council',
  '',
  'Dear Jeanette',
  '',
  'Monitoring visit to Bury children’s services',
  '',
  'This letter summarises the findings of the monitoring visit to Bury children’s services on 7 and 8 June 2022. This visit was the first monitoring visit since the local authority was judged inadequate in December 2021.',
  '',
  'Yours sincerely',
  '',
  'Lorna Schlechte',
  'His Majesty’s Inspector',
];

const CHILD_PROTECTION = [
  '',
  '',
  'Inspection of local authority arrangements for the protection of children London Borough of Havering',
  '',
  'Inspection dates:25 February - 6 March 2013Lead inspectorSarah Urding',
  '',
  'Age group: All',
  '',
  '© Crown copyright 2013',
  '',
  'Overall effectiveness',
  '',
  '2. The overall effectiveness of the arrangements to protect children in London Borough of Havering is judged to be **adequate**.',
];

const CONTACT_REFERRAL = [
  'Freshford House Redcliffe Way Bristol BS1 6NL T 0300 1231231 enquiries@ofsted.gov.uk www.ofsted.gov.uk',
  '',
  '30 June 2011',
  '',
  'Mr Andrew Ireland',
  "Director of Children's Services",
  'London Borough of Havering Council',
  '',
  'Dear Mr Ireland',
  '',
  "Annual unannounced inspection of contact, referral and assessment arrangements within the London Borough of Havering Council children's services",
  '',
  "This letter summarises the findings of the recent unannounced inspection of contact, referral and assessment arrangements within local authority children's services in the London Borough of Havering Council which was conducted on 1 and 2 June 2011",
  '',
  'Yours sincerely',
  '',
  "Neil Penswick Her Majesty's Inspector",
];

describe('header', () => {
  describe('kind', () => {
    it('reads an ILACS inspection of more than a week as ilacs-standard', () => {
      assert.equal(headerOf(ilacs('13 to 24 November 2023')).kind, 'ilacs-standard');
    });

    it('reads an ILACS inspection of a week or less as ilacs-short', () => {
      assert.equal(headerOf(ilacs('13 to 17 November 2023')).kind, 'ilacs-short');
    });

    it('reads an ILACS inspection of exactly seven days as ilacs-short, and of eight as ilacs-standard', () => {
      assert.deepStrictEqual(
        [headerOf(ilacs('13 to 19 November 2023')).kind, headerOf(ilacs('13 to 20 November 2023')).kind],
        ['ilacs-short', 'ilacs-standard'],
      );
    });

    it('reads "Inspection of children’s social care services" as ilacs-standard', () => {
      const text = ['London Borough of Newham', 'Inspection of children’s social care services', 'Inspection dates: 11 February 2019 to 22 February 2019'];
      assert.equal(headerOf(text).kind, 'ilacs-standard');
    });

    it('reads a SIF inspection', () => {
      assert.equal(headerOf(SIF).kind, 'sif');
    });

    it('reads a focused visit letter', () => {
      assert.equal(headerOf(FOCUSED_VISIT).kind, 'focused-visit');
    });

    it('reads a monitoring visit letter', () => {
      assert.equal(headerOf(MONITORING_VISIT).kind, 'monitoring-visit');
    });

    it('reads an inspection of arrangements for the protection of children (2012 framework)', () => {
      assert.equal(headerOf(CHILD_PROTECTION).kind, 'child-protection-2012');
    });

    it('reads an unannounced inspection of contact, referral and assessment', () => {
      assert.equal(headerOf(CONTACT_REFERRAL).kind, 'contact-referral-assessment');
    });

    it('reads plain prose as unknown, with nothing else in its header', () => {
      const text = [
        'Minutes of the corporate parenting board',
        '',
        'The board met on 4 March 2024 to discuss the sufficiency strategy. Members agreed to',
        'review placement costs at the next meeting.',
      ];
      assert.deepStrictEqual(headerOf(text), {
        kind: 'unknown',
        authority: null,
        inspection: { start: null, end: null },
        published: null,
        leadInspector: null,
      });
    });
  });

  describe('whole headers', () => {
    it('reads an ILACS title wrapped over two lines ("Inspection of Bromley local authority" / "children’s services")', () => {
      assert.deepStrictEqual(headerOf(ilacs('13 to 17 November 2023')), {
        kind: 'ilacs-short',
        authority: 'Bromley',
        inspection: { start: '2023-11-13', end: '2023-11-17' },
        published: null,
        leadInspector: 'Claire Beckingham',
      });
    });

    it('reads dates with the month on both ends and the inspector with "Her Majesty’s Inspector" after a comma', () => {
      const text = [
        'Inspection of Bury local authority',
        'children’s services',
        'Inspection dates: 25 October 2021 to 5 November 2021',
        'Lead inspector: Lorna Schlechte, Her Majesty’s Inspector',
        'Judgement',
      ];
      assert.deepStrictEqual(headerOf(text), {
        kind: 'ilacs-standard',
        authority: 'Bury',
        inspection: { start: '2021-10-25', end: '2021-11-05' },
        published: null,
        leadInspector: 'Lorna Schlechte',
      });
    });

    it('reads the authority above "Inspection of children’s social care services" and the title on the line after the name', () => {
      const text = [
        'London Borough of Newham',
        'Inspection of children’s social care services',
        'Inspection dates: 11 February 2019 to 22 February 2019',
        'Lead inspector: Dawn Godfrey',
        'Her Majesty’s Inspector',
        'Judgement',
        '',
        'Grade',
      ];
      assert.deepStrictEqual(headerOf(text), {
        kind: 'ilacs-standard',
        authority: 'Newham',
        inspection: { start: '2019-02-11', end: '2019-02-22' },
        published: null,
        leadInspector: 'Dawn Godfrey',
      });
    });

    it('reads "Inspection of City of York Council local authority children’s services" as York', () => {
      const text = [
        'Inspection of City of York Council local authority children’s services',
        'Inspection dates: 24 February 2025 to 7 March 2025',
        'Lead inspector: Rachel Fairhurst, His Majesty’s Inspector',
      ];
      assert.deepStrictEqual(headerOf(text), {
        kind: 'ilacs-standard',
        authority: 'York',
        inspection: { start: '2025-02-24', end: '2025-03-07' },
        published: null,
        leadInspector: 'Rachel Fairhurst',
      });
    });

    it('reads "City of York Council" wrapped across the title lines as York', () => {
      const text = [
        'Inspection of City of York Council local',
        'authority children’s services',
        'Inspection dates: 24 February 2025 to 7 March 2025',
        'Lead inspector: Rachel Fairhurst, His Majesty’s Inspector',
      ];
      assert.equal(headerOf(text).authority, 'York');
    });

    it('reads a SIF header: authority above the title, a lost dash, the publication date, the inspector at the end', () => {
      assert.deepStrictEqual(headerOf(SIF), {
        kind: 'sif',
        authority: 'Havering',
        inspection: { start: '2016-09-27', end: '2016-10-20' },
        published: '2016-12-09',
        leadInspector: 'Louise Warren',
      });
    });

    it('reads a SIF header with a dash and the month on both ends ("11 April 2016 – 28 April 2016")', () => {
      const text = [
        'Isles of Scilly',
        'Inspection of services for children in need of help and',
        'protection, children looked after and care leavers',
        'Inspection date: 11 April 2016 – 28 April 2016',
        'Report published: 27 June 2016',
        '',
        'Children’s services in the Isles of Scilly are good',
      ];
      assert.deepStrictEqual(headerOf(text), {
        kind: 'sif',
        authority: 'Isles of Scilly',
        inspection: { start: '2016-04-11', end: '2016-04-28' },
        published: '2016-06-27',
        leadInspector: null,
      });
    });

    it('reads a focused visit letter: the visit dates in its opening sentence, the letter date, the inspector who signs it', () => {
      assert.deepStrictEqual(headerOf(FOCUSED_VISIT), {
        kind: 'focused-visit',
        authority: 'Havering',
        inspection: { start: '2021-05-12', end: '2021-05-13' },
        published: '2021-06-25',
        leadInspector: 'Joy Howick',
      });
    });

    it('reads a letter signed with the name and title on one line ("Kate Malleson Her Majesty\'s Inspector")', () => {
      const text = [
        '10 May 2021',
        '',
        'Dear Ann',
        '',
        "Focused visit to Haringey children's services",
        '',
        "This letter summarises the findings of a focused visit to Haringey children's services on 9 and 10 March 2021.",
        '',
        'Yours sincerely',
        '',
        "Kate Malleson Her Majesty's Inspector",
      ];
      assert.deepStrictEqual(headerOf(text), {
        kind: 'focused-visit',
        authority: 'Haringey',
        inspection: { start: '2021-03-09', end: '2021-03-10' },
        published: '2021-05-10',
        leadInspector: 'Kate Malleson',
      });
    });

    it('reads a monitoring visit letter', () => {
      assert.deepStrictEqual(headerOf(MONITORING_VISIT), {
        kind: 'monitoring-visit',
        authority: 'Bury',
        inspection: { start: '2022-06-07', end: '2022-06-08' },
        published: '2022-07-12',
        leadInspector: 'Lorna Schlechte',
      });
    });

    it('reads dates and inspector glued together ("Inspection dates:25 February - 6 March 2013Lead inspectorSarah Urding")', () => {
      assert.deepStrictEqual(headerOf(CHILD_PROTECTION), {
        kind: 'child-protection-2012',
        authority: 'Havering',
        inspection: { start: '2013-02-25', end: '2013-03-06' },
        published: null,
        leadInspector: 'Sarah Urding',
      });
    });

    it('reads a contact, referral and assessment letter', () => {
      assert.deepStrictEqual(headerOf(CONTACT_REFERRAL), {
        kind: 'contact-referral-assessment',
        authority: 'Havering',
        inspection: { start: '2011-06-01', end: '2011-06-02' },
        published: '2011-06-30',
        leadInspector: 'Neil Penswick',
      });
    });
  });
});
