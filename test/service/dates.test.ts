import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { findDates, parseDate, type FoundDate } from '../../server/out/service/dates';
import { readSharedReport } from '../helpers/shared';

type Kind = FoundDate['kind'];
type Problem = FoundDate['problem'];

/** The FoundDate expected for `printed`, found at its first occurrence in `text` at or after `from`. */
function expected(text: string, printed: string, value: string, kind: Kind = 'other', problem?: Problem, from = 0): FoundDate {
  const start = text.indexOf(printed, from);
  assert.ok(start >= 0, `fixture error: ${JSON.stringify(printed)} is not in ${JSON.stringify(text)}`);
  const date: FoundDate = { text: printed, value, kind, span: { start, end: start + printed.length } };
  if (problem) date.problem = problem;
  return date;
}

/** Asserts that `text` holds exactly one date, `printed`, with this value (and kind, problem). */
function assertOne(text: string, printed: string, value: string, kind: Kind = 'other', problem?: Problem): void {
  assert.deepStrictEqual(findDates(text), [expected(text, printed, value, kind, problem)]);
}

function assertNone(text: string): void {
  assert.deepStrictEqual(findDates(text), []);
}

describe('dates', () => {
  describe('days', () => {
    it('reads a day, month and year', () => {
      assertOne('The letter is dated 25 June 2021.', '25 June 2021', '2021-06-25');
    });

    it('reads an ordinal day', () => {
      assertOne('At 1st April 2016, 320 children were in care.', '1st April 2016', '2016-04-01');
    });

    it('reads an ordinal day with "of"', () => {
      assertOne('seven since the 1st of April 2017, but', '1st of April 2017', '2017-04-01');
    });

    it('reads a date wrapped over two lines', () => {
      assertOne('improved from 675 days (31\nMarch 2013) to', '31\nMarch 2013', '2013-03-31');
    });

    it('reads a year glued to the next word by extraction', () => {
      const text = 'Inspection dates:25 February - 6 March 2013Lead inspectorSarah Urding';
      assertOne(text, '25 February - 6 March 2013', '2013-02-25/2013-03-06', 'inspection');
    });
  });

  describe('day ranges', () => {
    it('reads "12 and 13 May 2021"', () => {
      assertOne('a focused visit on 12 and 13 May 2021.', '12 and 13 May 2021', '2021-05-12/2021-05-13');
    });

    it('reads "9-10 March 2021" with a hyphen', () => {
      assertOne('The visit took place 9-10 March 2021.', '9-10 March 2021', '2021-03-09/2021-03-10');
    });

    it('reads "9–10 March 2021" with an en dash', () => {
      assertOne('The visit took place 9–10 March 2021.', '9–10 March 2021', '2021-03-09/2021-03-10');
    });

    it('reads "10 to 14 June 2024"', () => {
      assertOne('Fieldwork ran 10 to 14 June 2024 in Northmoor.', '10 to 14 June 2024', '2024-06-10/2024-06-14');
    });

    it('reads "25 February - 6 March 2013" across months', () => {
      assertOne('Inspected 25 February - 6 March 2013.', '25 February - 6 March 2013', '2013-02-25/2013-03-06');
    });

    it('reads "25 February – 6 March 2013" with an en dash', () => {
      assertOne('Inspected 25 February – 6 March 2013.', '25 February – 6 March 2013', '2013-02-25/2013-03-06');
    });

    it('reads "27 September  20 October 2016" whose dash was lost (two spaces)', () => {
      const text = 'Inspected 27 September  20 October 2016 by Ofsted.';
      assertOne(text, '27 September  20 October 2016', '2016-09-27/2016-10-20');
    });

    it('reads "27 September 20 October 2016" whose dash was lost (one space)', () => {
      const text = 'Inspected 27 September 20 October 2016 by Ofsted.';
      assertOne(text, '27 September 20 October 2016', '2016-09-27/2016-10-20');
    });

    it('reads "13 November to 1 December 2023"', () => {
      assertOne('From 13 November to 1 December 2023, inspectors', '13 November to 1 December 2023', '2023-11-13/2023-12-01');
    });

    it('reads "30 January 2017 to 23 February 2017" with both years', () => {
      const text = 'Dates: 30 January 2017 to 23 February 2017.';
      assertOne(text, '30 January 2017 to 23 February 2017', '2017-01-30/2017-02-23');
    });

    it('reads a range across years, "29 December 2014 to 9 January 2015"', () => {
      const text = 'Between 29 December 2014 to 9 January 2015 no visits';
      assertOne(text, '29 December 2014 to 9 January 2015', '2014-12-29/2015-01-09');
    });

    it('reads two full dates whose dash was lost as a range ("23 January 2017  16 February 2017")', () => {
      const text = 'Inspection date: 23 January 2017  16 February 2017';
      assertOne(text, '23 January 2017  16 February 2017', '2017-01-23/2017-02-16', 'inspection');
    });

    it('keeps two full dates one space apart as two dates', () => {
      const text = 'at 31 March 2016 30 June 2016';
      assert.deepStrictEqual(findDates(text), [
        expected(text, '31 March 2016', '2016-03-31'),
        expected(text, '30 June 2016', '2016-06-30'),
      ]);
    });

    it('keeps two full dates joined by "and" as two dates', () => {
      const text = 'between 1 December 2013 and 30 November 2014';
      assert.deepStrictEqual(findDates(text), [
        expected(text, '1 December 2013', '2013-12-01'),
        expected(text, '30 November 2014', '2014-11-30'),
      ]);
    });

    it('reads two days of different months joined by "and"', () => {
      assertOne('visited on 30 April and 1 May 2019.', '30 April and 1 May 2019', '2019-04-30/2019-05-01');
    });

    it('reads the page header "7 March 22 to 18 March 2022" (first year shortened)', () => {
      const text = "Inspection of York local authority children’s services\n7 March 22 to 18 March 2022\n";
      assertOne(text, '7 March 22 to 18 March 2022', '2022-03-07/2022-03-18');
    });

    it('does not trust a shortened year that is not the end\'s, nor read "21 to 18 March"', () => {
      assertOne('7 March 21 to 18 March 2022', '18 March 2022', '2022-03-18');
    });
  });

  describe('months', () => {
    it('reads "June 2021"', () => {
      assertOne('The strategy was launched in June 2021.', 'June 2021', '2021-06');
    });

    it('reads "September 2010"', () => {
      assertOne('The last inspection was in September 2010.', 'September 2010', '2010-09');
    });

    it('reads a month range in one year, "April to June 2016"', () => {
      assertOne('in the period from April to June 2016, the', 'April to June 2016', '2016-04/2016-06');
    });

    it('reads a month range across years, "April 2015 to March 2016"', () => {
      assertOne('During the period April 2015 to March 2016, 55 courses', 'April 2015 to March 2016', '2015-04/2016-03');
    });

    it('reads a month range wrapped over two lines', () => {
      assertOne('In the period from July to\nSeptember 2016, the', 'July to\nSeptember 2016', '2016-07/2016-09');
    });

    it('reads month names in any case', () => {
      const text = 'JUNE 2021, june 2021 and June 2021';
      assert.deepStrictEqual(findDates(text), [
        expected(text, 'JUNE 2021', '2021-06'),
        expected(text, 'june 2021', '2021-06'),
        expected(text, 'June 2021', '2021-06'),
      ]);
    });

    it('reads the abbreviations, with or without a full stop', () => {
      const text =
        'Jan 2016; Feb. 2016; Mar 2016; Apr. 2016; Jun 2016; Jul. 2016; Aug 2016; ' +
        'Sep 2016; Sept 2016; Sept. 2016; Oct 2016; Nov. 2016; Dec 2016';
      const months = ['01', '02', '03', '04', '06', '07', '08', '09', '09', '09', '10', '11', '12'];
      const printed = text.split('; ');
      let from = 0;
      const want = printed.map((p, i) => {
        const date = expected(text, p, `2016-${months[i]}`, 'other', undefined, from);
        from = date.span.end;
        return date;
      });
      assert.deepStrictEqual(findDates(text), want);
    });

    it('reads an abbreviated day date, "3 Feb. 2014"', () => {
      assertOne('an audit on 3 Feb. 2014 found', '3 Feb. 2014', '2014-02-03');
    });

    it('does not read a month without a year', () => {
      assertNone('conferences held since 28 April this year; the review in July.');
    });

    it('does not read words that start like months', () => {
      assertOne('the marching band and the mayor 2016 plan', '2016', '2016');
    });
  });

  describe('years', () => {
    it('reads "in 2018"', () => {
      assertOne('The council was last inspected in 2018.', '2018', '2018');
    });

    it('reads "since 2013"', () => {
      assertOne('Demand has risen since 2013, due to', '2013', '2013');
    });

    it('reads years at the start of a sentence and after a season', () => {
      const text = 'In 2012 19% of children did. Summer 2016 results improved.';
      assert.deepStrictEqual(findDates(text), [expected(text, '2012', '2012'), expected(text, '2016', '2016')]);
    });

    it('reads a year range, "from 2014 to 2017"', () => {
      assertOne('During the period from 2014 to 2017, there was', '2014 to 2017', '2014/2017');
    });

    it('reads a year range written with a dash, "2011-14" and "2010–2013"', () => {
      const text = 'the corporate plan 2011-14 and the threshold (2010–2013)';
      assert.deepStrictEqual(findDates(text), [expected(text, '2011-14', '2011/2014'), expected(text, '2010–2013', '2010/2013')]);
    });
  });

  describe('financial years', () => {
    const financial2015 = '2015-04-01/2016-03-31';

    it('reads "2015–16" with an en dash', () => {
      assertOne('the LSCB annual report for 2015–16 should', '2015–16', financial2015);
    });

    it('reads "2015-16" with a hyphen', () => {
      assertOne('carer de-registrations in 2015-16. The', '2015-16', financial2015);
    });

    it('reads "2015/16" with a slash', () => {
      assertOne('the service plan for 2015/16 is', '2015/16', financial2015);
    });

    it('reads "2016−17" with the minus sign some PDFs use', () => {
      assertOne('the first three quarters of 2016−17, eight', '2016−17', '2016-04-01/2017-03-31');
    });

    it('reads "2012–2013" with both years in full', () => {
      assertOne('it was 10% in 2012–2013, which', '2012–2013', '2012-04-01/2013-03-31');
    });

    it('reads "201516" whose dash was lost', () => {
      assertOne('The rate was 14% in 201516. This is', '201516', financial2015);
    });

    it('does not read "201215" (its last two digits are not the next year)', () => {
      assertNone('The published figures for 201215 show');
    });

    it('reads "1999–00" across the century', () => {
      assertOne('in 1999–00 the council', '1999–00', '1999-04-01/2000-03-31');
    });

    it('does not read "2014 to 2015" as a financial year', () => {
      assertOne('For the period 2014 to 2015, there', '2014 to 2015', '2014/2015');
    });
  });

  describe('not dates', () => {
    it('skips the year of an Act', () => {
      assertNone('under section 136 of the Education and Inspections Act 2006.');
    });

    it('skips "section 47 of the Children Act 1989"', () => {
      assertNone('enquiries under section 47 of the Children Act 1989 are');
    });

    it('skips the year of Regulations, also lower case and after a comma', () => {
      assertNone('the Local Safeguarding Children Boards (Review) Regulations 2013.');
      assertNone('the Children Act 2004 and the LSCB regulations 2006.');
      assertNone('(The Care Planning, Placement and Case Review (England)\nRegulations, 2010).');
    });

    it('skips years after Order, Rules and Measure', () => {
      assertNone('the Adoption Order 2005, the Family Procedure Rules 2010 and the Children Measure 2011');
    });

    it('skips an Act year on the next line', () => {
      assertNone('the Children Act\n1989 and');
    });

    it('skips the year of a document title', () => {
      assertNone('as set out in Working Together to Safeguard Children 2018.');
      assertNone('requirements set out in Working Together 2013. The');
      assertNone('Working together to safeguard children, Department for Education, 2013;');
    });

    it('skips percentages, decimals and thousands', () => {
      assertNone('rates of 12.5% and 20.16% from 53,258 and 1,2016 children');
    });

    it('skips numbers of five or more digits', () => {
      assertNone('reference 20185 and 2016123 and 120161');
    });

    it('skips numbers outside 1900–2099', () => {
      assertNone('In 1850 and 2150 there were 1899 and 2100 cases');
    });

    it('skips postcodes, phone numbers and times', () => {
      assertNone('Ofsted Piccadilly Gate Store Street Manchester M1 2WD T 0300 123 1231 Textphone 0161 618 2016');
      assertNone('Romford RM1 3BB; Wood Green N22 8HQ; at 10:30 and 14.00 on the day');
    });

    it('skips decades and sums of money', () => {
      assertNone('since the 1990s, a budget of £2000 and $1999');
    });

    it('skips a count before a month ("45 June 2016 referrals" is not the 45th)', () => {
      assertOne('there were 45 June 2016 referrals', 'June 2016', '2016-06');
    });

    it('skips a two-digit year on its own', () => {
      assertNone('for two or more years (31 March 14) at 65%.');
    });
  });

  describe('problems', () => {
    it('marks a day that does not exist, keeping the value as written', () => {
      assertOne('The letter is dated 31 February 2021.', '31 February 2021', '2021-02-31', 'other', 'nonexistent');
    });

    it('accepts 29 February in a leap year only', () => {
      const text = '29 February 2016; 29 February 2017; 29 February 2000; 29 February 1900';
      assert.deepStrictEqual(findDates(text), [
        expected(text, '29 February 2016', '2016-02-29'),
        expected(text, '29 February 2017', '2017-02-29', 'other', 'nonexistent'),
        expected(text, '29 February 2000', '2000-02-29'),
        expected(text, '29 February 1900', '1900-02-29', 'other', 'nonexistent'),
      ]);
    });

    it('marks a range ending before it starts', () => {
      assertOne('Inspected 20 May - 3 May 2021.', '20 May - 3 May 2021', '2021-05-20/2021-05-03', 'other', 'end-before-start');
    });

    it('marks a range with a day that does not exist', () => {
      assertOne('Inspected 30 February to 3 March 2021.', '30 February to 3 March 2021', '2021-02-30/2021-03-03', 'other', 'nonexistent');
    });

    it('marks a year range ending before it starts', () => {
      assertOne('the period from 2016 to 2014 saw', '2016 to 2014', '2016/2014', 'other', 'end-before-start');
    });

    it('marks a month range whose months run backwards in the one year given', () => {
      assertOne('from November to February 2016 the', 'November to February 2016', '2016-11/2016-02', 'other', 'end-before-start');
    });
  });

  describe('kinds', () => {
    it('labels dates after "Inspection date:" and "Inspection dates:" as inspection', () => {
      assertOne('Inspection date: 27 September  20 October 2016', '27 September  20 October 2016', '2016-09-27/2016-10-20', 'inspection');
      assertOne('Inspection dates: 13 to 17 November 2023', '13 to 17 November 2023', '2023-11-13/2023-11-17', 'inspection');
      assertOne('Inspection date(s): 9 March 2021', '9 March 2021', '2021-03-09', 'inspection');
    });

    it('labels dates after "Report published:", "Publication date:" and "Date of publication:" as publication', () => {
      assertOne('Report published: 9 December 2016', '9 December 2016', '2016-12-09', 'publication');
      assertOne('Publication date: 10 May 2021', '10 May 2021', '2021-05-10', 'publication');
      assertOne('Date of publication: 25 June 2021', '25 June 2021', '2021-06-25', 'publication');
    });

    it('labels the dates of an inspection "conducted on" or "carried out on"', () => {
      const conducted =
        'This letter summarises the findings of the recent unannounced inspection of contact, referral and assessment ' +
        "arrangements within local authority children's services in the London Borough of Havering Council " +
        'which was conducted on 1 and 2 June 2011.';
      assertOne(conducted, '1 and 2 June 2011', '2011-06-01/2011-06-02', 'inspection');
      assertOne('The inspection was carried out on 12 May 2015.', '12 May 2015', '2015-05-12', 'inspection');
    });

    it('leaves other dates as other', () => {
      assertOne('The review was carried out on 12 May 2015.', '12 May 2015', '2015-05-12');
      assertOne("a focused visit to Haringey children's services on 9 and 10 March 2021.", '9 and 10 March 2021', '2021-03-09/2021-03-10');
    });

    it('does not label the date of an earlier inspection', () => {
      assertOne('Previous inspection date: 3 March 2011', '3 March 2011', '2011-03-03');
    });

    it('reads a label only on the date\'s own line', () => {
      assertOne('Inspection date:\n25 June 2021', '25 June 2021', '2021-06-25');
      assertOne('The inspection was thorough.\nIt was conducted on 3 May 2016.', '3 May 2016', '2016-05-03');
    });

    it('labels only the date that follows the label', () => {
      const text = 'Inspection date: 12 May 2021 Report published: 25 June 2021';
      assert.deepStrictEqual(findDates(text), [
        expected(text, '12 May 2021', '2021-05-12', 'inspection'),
        expected(text, '25 June 2021', '2021-06-25', 'publication'),
      ]);
    });
  });

  describe('parseDate', () => {
    it('reads a date that fills the text, with offsets into the text', () => {
      assert.deepStrictEqual(parseDate('  25 June 2021 '), {
        text: '25 June 2021',
        value: '2021-06-25',
        kind: 'other',
        span: { start: 2, end: 14 },
      });
      assert.deepStrictEqual(parseDate('2015–16'), {
        text: '2015–16',
        value: '2015-04-01/2016-03-31',
        kind: 'other',
        span: { start: 0, end: 7 },
      });
      assert.deepStrictEqual(parseDate('20 May - 3 May 2021'), {
        text: '20 May - 3 May 2021',
        value: '2021-05-20/2021-05-03',
        kind: 'other',
        span: { start: 0, end: 19 },
        problem: 'end-before-start',
      });
    });

    it('gives undefined when the text is not exactly one date', () => {
      const notOneDate = ['', '   ', 'Inspection date: 25 June 2021', '25 June 2021.', '25 June 2021 and 26 June 2021', 'Act 2006', '25 June'];
      for (const text of notOneDate) {
        assert.equal(parseDate(text), undefined, JSON.stringify(text));
      }
    });
  });

  describe('the Havering 2016 SIF report', () => {
    const report = readSharedReport('havering-2016-10-sif-inspection.txt');
    const found = findDates(report);

    it('reads the dates on the "Inspection date:" and "Report published:" lines exactly', () => {
      const first = report.indexOf('Inspection date: ');
      const lineEnd = report.indexOf('\n', report.indexOf('Report published: ') + 1);
      const header = found.filter((date) => date.span.start >= first && date.span.end <= lineEnd);
      assert.deepStrictEqual(header, [
        expected(report, '27 September  20 October 2016', '2016-09-27/2016-10-20', 'inspection'),
        expected(report, '9 December 2016', '2016-12-09', 'publication'),
      ]);
    });

    it('finds no Act years', () => {
      for (const date of found) {
        assert.ok(!date.text.includes('Act'), date.text);
        assert.ok(!/\bAct\s*$/.test(report.slice(Math.max(0, date.span.start - 10), date.span.start)), JSON.stringify(date));
      }
    });

    it('finds the financial years whose dashes were lost', () => {
      const values = found.filter((date) => /^\d{6}$/.test(date.text)).map((date) => `${date.text}=${date.value}`);
      assert.ok(values.includes('201516=2015-04-01/2016-03-31'), values.join(', '));
      assert.ok(!found.some((date) => date.text === '201215'), 'a three-year period whose dash was lost is not read');
    });
  });

  describe('robustness', () => {
    it('finds the longest date form however much text comes before it', () => {
      const gap = '    \r\n    ';
      const longest = ['31st', 'of', 'September', '22', 'until', '30th', 'of', 'September', '2022'].join(gap);
      const text = `${'word '.repeat(100)}${longest}.`;
      assertOne(text, longest, '2022-09-31/2022-09-30', 'other', 'nonexistent');
    });

    it('returns spans in order, non-overlapping and matching the text, for any string', () => {
      const fragment = fc.constantFrom(
        ' ', '  ', '\n', '\r\n', '-', '–', '/', ',', '.', ':', 'to ', 'and ', 'of ', 'Act ', 'Inspection date: ',
        '1', '12', '31', '1st ', '2015', '16', '2016', '201516', '1999', '2100', 'June', 'sept.', 'May ', 'February', '£',
      );
      // Random text, and text built from pieces of dates so that near-dates are tried too.
      const pieces = fc.array(fc.oneof(fragment, fc.string({ maxLength: 3 })), { maxLength: 40 });
      const text = fc.oneof(fc.string({ unit: 'binary' }), pieces.map((parts) => parts.join('')));
      fc.assert(
        fc.property(text, (input) => {
          const found = findDates(input);
          let previousEnd = 0;
          for (const date of found) {
            assert.ok(date.span.start >= previousEnd && date.span.end > date.span.start, JSON.stringify(found));
            assert.equal(input.slice(date.span.start, date.span.end), date.text);
            previousEnd = date.span.end;
          }
          parseDate(input);
        }),
        { numRuns: 1000 },
      );
    });
  });
});
