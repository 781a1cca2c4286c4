/**
 * The report model: what the service reads out of one Ofsted report.
 * Names follow the canonical vocabulary in the product notes; the JSON output of
 * `inspection-lens analyze --json` is this model with offsets turned into LSP ranges.
 */

/** A zero-based line and UTF-16 character, as in the Language Server Protocol. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export const GRADES = [
  'outstanding',
  'good',
  'requires-improvement',
  'adequate',
  'satisfactory',
  'inadequate',
  'meets-requirements',
  'area-for-development',
] as const;
export type Grade = (typeof GRADES)[number];

export const REPORT_KINDS = [
  'ilacs-standard',
  'ilacs-short',
  'focused-visit',
  'monitoring-visit',
  'sif',
  'child-protection-2012',
  'looked-after-2012',
  'contact-referral-assessment',
  'jtai',
  'school',
  'further-education',
  'unknown',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export type Timeframe = 'immediately' | 'within-3-months' | 'within-6-months';

export type DateKind = 'inspection' | 'publication' | 'letter' | 'other';

/** A half-open span of the report's text, as UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

/** A graded judgement of this report (never one of an earlier inspection). */
export interface Judgement {
  /** Canonical subject slug, such as `overall-effectiveness` or `help-and-protection`. */
  subject: string;
  grade: Grade;
  /** The judgement's label as printed, wrapped lines joined. */
  label: string;
  span: Span;
}

export interface Recommendation {
  /** The recommendation's text: bullet or number removed, wrapped lines and sub-bullets joined. */
  text: string;
  timeframe?: Timeframe;
  /** `lscb` when addressed to a Local Safeguarding Children Board. */
  subject?: 'lscb';
  span: Span;
}

export interface Finding {
  text: string;
  /** Title of the section the finding sits in. */
  section: string;
  /** Ids of the codebook themes the finding's words match. */
  themes: string[];
  /** Whether the finding reads as a strength or a weakness. */
  stance: Stance;
  span: Span;
}

export type Stance = 'strength' | 'weakness' | 'mixed' | 'neutral';

export interface DateMention {
  /** The date as printed. */
  text: string;
  /** ISO 8601 value: a day (`2021-06-25`), month (`2021-06`), year (`2016`) or interval (`2021-05-12/2021-05-13`). */
  value: string;
  kind: DateKind;
  span: Span;
}

export interface Section {
  title: string;
  /** 1 for the report's main sections, 2 for sections within them. */
  level: number;
  /** The heading's own span. */
  headingSpan: Span;
  /** From the heading to the end of the section's content. */
  span: Span;
  children: Section[];
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface ReportDiagnostic {
  /** Stable code such as `OFS010`. */
  code: string;
  /** Short slug that names the code, such as `grade-mismatch`. */
  slug: string;
  severity: Severity;
  message: string;
  span: Span;
  /** An edit to the report that repairs the problem, when there is one. */
  fix?: TextFix;
}

/** Replace the text at `span` with `newText`. */
export interface TextFix {
  title: string;
  span: Span;
  newText: string;
}

export interface InspectionDates {
  /** ISO date of the first day of the inspection, when stated. */
  start: string | null;
  /** ISO date of the last day. */
  end: string | null;
}

/** Everything the service reads out of one report. */
export interface Report {
  kind: ReportKind;
  authority: string | null;
  inspection: InspectionDates;
  /** Publication date, or the letter's date for letters. */
  published: string | null;
  leadInspector: string | null;
  judgements: Judgement[];
  recommendations: Recommendation[];
  findings: Finding[];
  dates: DateMention[];
  sections: Section[];
  diagnostics: ReportDiagnostic[];
}
