import type { ReportKind } from './model';
import { fold } from './text';

/** Titles sit in the first lines; letters name their visit in the subject line further down. */
const TITLE_LENGTH = 600;
const OPENING_LENGTH = 4000;

const TITLE_RULES: ReadonlyArray<[RegExp, ReportKind]> = [
  [/inspection of local authority arrangements for the protection of children/, 'child-protection-2012'],
  [/inspection of (?:safeguarding and )?(?:local authority )?(?:services|arrangements) for looked after children/, 'looked-after-2012'],
  [/inspection of services for children in need of help and protection/, 'sif'],
  // Not "inspection of contact, referral and assessment arrangements within local authority
  // children's services", nor a letter's "the inspection of local authority children's services (ILACS) framework".
  [/inspection of (?:children's social care services|(?:[a-z'-]+ ){0,5}?local authority children's services(?! \(ilacs\)))/, 'ilacs-standard'],
  [/joint targeted area inspection/, 'jtai'],
];

const LETTER_RULES: ReadonlyArray<[RegExp, ReportKind]> = [
  [/unannounced inspection of contact, referral and assessment/, 'contact-referral-assessment'],
  [/joint targeted area inspection/, 'jtai'],
  [/\bfocused visit to\b|findings of (?:a|the|our) focused visit/, 'focused-visit'],
  [/\bmonitoring visit to\b|findings of (?:a|the|our) monitoring visit/, 'monitoring-visit'],
  [/\bfurther education and skills\b|\binspection of (?:[a-z'-]+ ){0,6}college\b|\blearners and apprentices\b/, 'further-education'],
  [/\b(?:school|academy) (?:report|inspection)\b|\binspection of (?:a good |an outstanding )?(?:[a-z'-]+ )*(?:school|academy)\b|\bpupils\b/, 'school'],
];

/**
 * The kind of report, from its title and framework wording. An ILACS inspection is `short`
 * when it lasted a week or less: short and standard reports share one template, and only the
 * length of the fieldwork tells them apart.
 */
export function detectKind(text: string, inspectionDays?: number): ReportKind {
  const kind = firstMatch(TITLE_RULES, text.slice(0, TITLE_LENGTH)) ?? firstMatch(LETTER_RULES, text.slice(0, OPENING_LENGTH));
  return withInspectionLength(kind ?? 'unknown', inspectionDays);
}

/** A kind read without the inspection's length, told it: a standard ILACS inspection of a week or less is short. */
export function withInspectionLength(kind: ReportKind, inspectionDays: number | undefined): ReportKind {
  return kind === 'ilacs-standard' && inspectionDays !== undefined && inspectionDays <= 7 ? 'ilacs-short' : kind;
}

function firstMatch(rules: ReadonlyArray<[RegExp, ReportKind]>, text: string): ReportKind | undefined {
  const words = fold(text).toLowerCase();
  return rules.find(([pattern]) => pattern.test(words))?.[1];
}

/** Whether the opening of a plain-text file reads as an Ofsted report, for switching its language. */
export function looksLikeReportOpening(text: string): boolean {
  return detectKind(text.slice(0, OPENING_LENGTH)) !== 'unknown';
}
