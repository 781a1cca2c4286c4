import type { InspectionDates, ReportKind } from './model';

/** The name of each kind of report, as a reader would say it. */
export const KIND_NAMES: Readonly<Record<ReportKind, string>> = {
  'ilacs-standard': 'ILACS standard inspection',
  'ilacs-short': 'ILACS short inspection',
  'focused-visit': 'Focused visit',
  'monitoring-visit': 'Monitoring visit',
  sif: 'Single inspection framework (SIF) inspection',
  'child-protection-2012': 'Inspection of arrangements for the protection of children (2012 framework)',
  'looked-after-2012': 'Inspection of services for looked after children (2012 framework)',
  'contact-referral-assessment': 'Unannounced inspection of contact, referral and assessment',
  jtai: 'Joint targeted area inspection',
  school: 'School inspection',
  'further-education': 'Further education and skills inspection',
  unknown: 'Unrecognised report',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2025-03-10" as "10 March 2025"; other values are returned as they are. */
export function formatDate(iso: string | null): string {
  if (!iso) return 'not stated';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

/** "10 March 2025 to 21 March 2025", or one date for a one-day visit; undefined when not stated. */
export function formatInspection({ start, end }: InspectionDates): string | undefined {
  if (!start) return undefined;
  return start === end || !end ? formatDate(start) : `${formatDate(start)} to ${formatDate(end)}`;
}
