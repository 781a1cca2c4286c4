import type { FoundDate } from './dates';
import type { DateKind, InspectionDates } from './model';
import { fold, joinWrapped, type ReportText } from './text';

/** Title lines are within the first few lines; letters put the authority in their subject line. */
const TITLE_LINES = 6;
const OPENING_LENGTH = 6000;

/** The local authority the report is about, as its place name ("Havering", "Kingston upon Hull"). */
export function readAuthority(report: ReportText): string | null {
  const lines: string[] = [];
  for (const line of report.lines) {
    if (lines.length === TITLE_LINES) break;
    // A page number may come first (`pdftotext -raw` prints the footer's number where it was drawn).
    if (line.text && !/^\d{1,3}$/.test(line.text)) lines.push(line.text.slice(0, 200));
  }
  const title = fold(joinWrapped(lines));
  // The opening is folded only if the title does not name the authority: folding 6,000
  // characters cost more than the rest of this function.
  let opening: string | undefined;
  const inOpening = (pattern: RegExp) => pattern.exec((opening ??= fold(report.text.slice(0, OPENING_LENGTH))))?.[1];
  const name =
    /inspection of (.{2,60}?) local authority children'?s services/i.exec(title)?.[1] ??
    /protection of children\s+((?:the )?(?:london borough|royal borough|city|county|metropolitan borough) of [A-Z][\w' -]{1,40}?|[A-Z][\w' -]{1,40}?)(?= inspection|$| ?\d)/i.exec(title)?.[1] ??
    authorityAboveTitle(lines) ??
    inOpening(/(?:focused|monitoring) visit (?:to|of) (.{2,60}?) (?:local authority )?children'?s services/i) ??
    inOpening(/arrangements within (.{2,80}?) children'?s services/i) ??
    jtaiArea(report);
  return name ? cleanAuthority(name) : null;
}

/**
 * A joint targeted area inspection's letter names its area at the end of its subject line, which
 * may wrap: "Joint targeted area inspection of the multi-agency response to children living with
 * domestic abuse in Stockport".
 */
function jtaiArea(report: ReportText): string | undefined {
  const lines = report.lines;
  for (let i = 0; i < lines.length && i < JTAI_SUBJECT_WITHIN; i++) {
    if (!JTAI_SUBJECT.test(lines[i].text)) continue;
    const block: string[] = [];
    for (let j = i; j < lines.length && lines[j].text && block.length < 3; j++) block.push(lines[j].text);
    return JTAI_AREA.exec(fold(joinWrapped(block)))?.[1];
  }
  return undefined;
}

const JTAI_SUBJECT_WITHIN = 80;
const JTAI_SUBJECT = /^joint targeted area inspection of/i;
const JTAI_AREA = / in ((?:the )?[A-Z][\w' -]{1,50}?)\.?$/;

/** SIF and early ILACS reports print the authority alone on the first line, above the title. */
function authorityAboveTitle(lines: string[]): string | undefined {
  if (lines.length < 2 || !/^inspection of/i.test(fold(lines[1]))) return undefined;
  return lines[0].length <= 60 && !/^inspection/i.test(lines[0]) ? lines[0] : undefined;
}

const AUTHORITY_PREFIX = /^(?:the )?(?:(?:london|royal|metropolitan) borough|city|county|council) of (?:the )?/i;
const AUTHORITY_SUFFIX = /\s+(?:(?:city|county|metropolitan borough|borough|district|town) )?(?:council|borough|county)$/i;

function cleanAuthority(name: string): string {
  let cleaned = fold(name).replace(/'s$/, '');
  for (let i = 0; i < 2; i++) cleaned = cleaned.replace(AUTHORITY_PREFIX, '').replace(AUTHORITY_SUFFIX, '');
  return cleaned.replace(/^the\s+/i, '').trim();
}

// ---------------------------------------------------------------------------------------------

const INSPECTOR_TITLE = /,?\s*(?:(?:Her|His) Majesty'?s (?:Chief )?Inspector.*|HMI\b.*|Ofsted Inspector.*|Social Care Regulatory Inspector.*)$/i;

/** The lead inspector's name: from a "Lead inspector" line, else the inspector who signs a letter. */
export function readLeadInspector(report: ReportText): string | null {
  const lines = report.lines;
  // The lines holding "nspector" are found by searching the whole text, which is far quicker
  // than asking each line in turn.
  for (let at = report.text.indexOf('nspector'); at !== -1; ) {
    const line = lines[report.lineOf(at)];
    at = report.text.indexOf('nspector', line.end);
    if (line.text.length > 300) continue;
    // Also where extraction glued the label to the dates before it: "6 March 2013Lead inspectorSarah Urding".
    const match = LEAD_INSPECTOR.exec(fold(line.text));
    if (!match) continue;
    const name = cleanName(match[1] || lines[line.index + 1]?.text || '');
    if (name) return name;
  }
  const signOff = lines.findIndex((line) => isSignOff(line.text));
  if (signOff === -1) return null;
  const signature = lines.slice(signOff + 1, signOff + 6).find((line) => line.text);
  return signature ? cleanName(signature.text) : null;
}

const LEAD_INSPECTOR = /(?:^|\d)lead (?:social care )?inspector\s*:?\s*(.*)$/i;
const SIGN_OFF = /^yours (?:sincerely|faithfully)/i;

/** A letter's "Yours sincerely" (or "faithfully"), after which come its signature and copy list. */
export function isSignOff(text: string): boolean {
  return SIGN_OFF.test(text);
}

function cleanName(text: string): string | null {
  const name = fold(text).replace(INSPECTOR_TITLE, '').replace(/[,;:]+$/, '').trim();
  if (!name || name.length > 60 || !/^[A-Z]/.test(name) || name.split(' ').length > 6) return null;
  return name;
}

// ---------------------------------------------------------------------------------------------

/** Letters name the visit's dates in a sentence: "a focused visit to Havering children's services on 12 and 13 May 2021". */
const VISIT_BEFORE = /\b(?:visit|visited|inspection|inspected|conducted|carried out|took place)\b[^.]{0,160}?\b(?:on|between|from|during)\s+$/i;
const LETTER_KINDS = new Set(['focused-visit', 'monitoring-visit', 'contact-referral-assessment', 'jtai']);

/**
 * Decides the kind of each date the date reader could not label by itself: the dates of a
 * visit named in a letter's opening sentence, and the date a letter was written.
 */
export function classifyDates(report: ReportText, dates: FoundDate[], isLetter: boolean): void {
  if (!dates.some((date) => date.kind === 'inspection')) {
    const visit = dates.find((date) => date.span.start < OPENING_LENGTH && VISIT_BEFORE.test(report.text.slice(Math.max(0, date.span.start - 200), date.span.start)));
    if (visit) visit.kind = 'inspection';
  }
  if (isLetter && !dates.some((date) => date.kind === 'publication' || date.kind === 'letter')) {
    const letterDate = dates.find((date) => isAloneOnLine(report, date) && /^\d{4}-\d{2}-\d{2}$/.test(date.value));
    if (letterDate && report.lineOf(letterDate.span.start) < 60) letterDate.kind = 'letter';
  }
}

export function isLetterKind(kind: string): boolean {
  return LETTER_KINDS.has(kind);
}

function isAloneOnLine(report: ReportText, date: FoundDate): boolean {
  const line = report.lines[report.lineOf(date.span.start)];
  return line.text === date.text;
}

export function readInspectionDates(dates: FoundDate[]): InspectionDates {
  const found = dates.find((date) => date.kind === 'inspection');
  if (!found) return { start: null, end: null };
  const [start, end = start] = found.value.split('/');
  return { start: isDay(start) ? start : null, end: isDay(end) ? end : null };
}

export function readPublished(dates: FoundDate[]): string | null {
  const kinds: DateKind[] = ['publication', 'letter'];
  const found = dates.find((date) => kinds.includes(date.kind) && isDay(date.value));
  return found ? found.value : null;
}

function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/** Days from the first to the last day of the inspection, counting both. */
export function inspectionLength(dates: InspectionDates): number | undefined {
  if (!dates.start || !dates.end) return undefined;
  return Math.round((Date.parse(dates.end) - Date.parse(dates.start)) / 86_400_000) + 1;
}
