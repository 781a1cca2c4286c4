import type { Grade, ReportKind } from './model';
import { fold, mayStartWith, slugify } from './text';

/** A grade as printed, or `not-judged` for a judgement the inspection did not make. */
export type GradeReading = Grade | 'not-judged';

const GRADE_WORDS: ReadonlyArray<[RegExp, GradeReading]> = [
  [/^requires? improvement(?: to be good)?$/, 'requires-improvement'],
  [/^outstanding$/, 'outstanding'],
  [/^good$/, 'good'],
  [/^inadequate$/, 'inadequate'],
  [/^adequate$/, 'adequate'],
  [/^satisfactory$/, 'satisfactory'],
  [/^not judged$/, 'not-judged'],
  [/^meets? (?:the )?requirements$/, 'meets-requirements'],
  [/^areas? for development$/, 'area-for-development'],
];

/** The first letters of GRADE_WORDS. */
const GRADE_INITIALS = 'rogiasnm';

/** Module constant rather than literal: readGrade runs on most short lines, and a literal makes a new RegExp each time. */
const STARS_AND_STOPS = /[*.]+/g;

/** Reads a grade that fills the whole of `text` ("Requires Improvement", "good."), else undefined. */
export function readGrade(text: string): GradeReading | undefined {
  if (text.length > 40 || !mayStartWith(text, GRADE_INITIALS)) return undefined;
  const words = fold(text).toLowerCase().replace(STARS_AND_STOPS, '').trim();
  if (words.length > 32) return undefined;
  for (const [pattern, grade] of GRADE_WORDS) if (pattern.test(words)) return grade;
  return undefined;
}

/** Regex source of a grade phrase, for use inside larger sentence patterns (case-insensitive). */
export const GRADE_PHRASE =
  "requires? improvement(?: to be good)?|outstanding|good|inadequate|adequate|satisfactory";

/** The human name of a grade, in the report's own words (schools and colleges say "Requires improvement"). */
export function gradeName(grade: Grade, kind?: ReportKind): string {
  switch (grade) {
    case 'requires-improvement':
      return kind === 'school' || kind === 'further-education' ? 'Requires improvement' : 'Requires improvement to be good';
    case 'meets-requirements':
      return 'Meets requirements';
    case 'area-for-development':
      return 'Area for development';
    default:
      return grade.charAt(0).toUpperCase() + grade.slice(1);
  }
}

/** Grades each framework uses, for checking that a report's grades are valid. */
export function gradesOf(kind: ReportKind): readonly Grade[] {
  switch (kind) {
    case 'child-protection-2012':
    case 'looked-after-2012':
      return ['outstanding', 'good', 'adequate', 'inadequate'];
    case 'contact-referral-assessment':
      return ['meets-requirements', 'area-for-development'];
    case 'school':
    case 'further-education':
      return ['outstanding', 'good', 'requires-improvement', 'inadequate', 'satisfactory'];
    default:
      return ['outstanding', 'good', 'requires-improvement', 'inadequate'];
  }
}

const SUBJECT_RULES: ReadonlyArray<[RegExp, string]> = [
  [/overall (?:effectiveness|judgement)/, 'overall-effectiveness'],
  [/impact of leaders/, 'impact-of-leaders'],
  [/help and protection|need of protection/, 'help-and-protection'],
  [/looked after|permanence|children in care/, 'children-in-care'],
  [/adoption/, 'adoption'],
  [/care leavers/, 'care-leavers'],
  [/leadership,? (?:management and |and )governance/, 'leadership-management-governance'],
  [/safeguarding children board|\blscb\b/, 'lscb'],
];

/** The canonical subject of a judgement label; other labels keep a slug of their own. */
export function subjectOf(label: string): string {
  const words = fold(label).toLowerCase();
  for (const [pattern, subject] of SUBJECT_RULES) if (pattern.test(words)) return subject;
  return slugify(words.replace(/^the /, ''));
}

/** Whether a label names one of the canonical subjects (not merely a slug). */
export function isKnownSubject(label: string): boolean {
  const words = fold(label).toLowerCase();
  return SUBJECT_RULES.some(([pattern]) => pattern.test(words));
}

/** Standard labels, for judgements whose label was not printed beside the grade. */
export const STANDARD_LABELS: Readonly<Record<string, string>> = {
  'overall-effectiveness': 'Overall effectiveness',
  'help-and-protection': 'Children who need help and protection',
  'children-in-care': 'Children looked after and achieving permanence',
  adoption: 'Adoption performance',
  'care-leavers': 'Experiences and progress of care leavers',
  'leadership-management-governance': 'Leadership, management and governance',
  lscb: 'The Local Safeguarding Children Board',
  'impact-of-leaders': 'The impact of leaders on social work practice with children and families',
};

/** The order of a framework's grade table, used when extraction lost the labels. */
export function tableOrder(kind: ReportKind, rows: number): readonly string[] | undefined {
  if (kind === 'sif' && rows === 5) {
    return ['help-and-protection', 'children-in-care', 'adoption', 'care-leavers', 'leadership-management-governance'];
  }
  if (kind.startsWith('ilacs') && rows === 4) {
    return ['impact-of-leaders', 'help-and-protection', 'children-in-care', 'overall-effectiveness'];
  }
  if (kind.startsWith('ilacs') && rows === 5) {
    return ['impact-of-leaders', 'help-and-protection', 'children-in-care', 'care-leavers', 'overall-effectiveness'];
  }
  return undefined;
}
