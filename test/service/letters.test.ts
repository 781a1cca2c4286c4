import { strict as assert } from 'node:assert';
import { type Section, parseReport } from '../../server/out/service/index';
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
