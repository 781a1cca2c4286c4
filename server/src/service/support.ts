import { TextMemo } from './memo';
import type { Finding, Recommendation } from './model';

/** Share of a recommendation's content words a finding must contain to support it. */
const SUPPORT_THRESHOLD = 0.4;

/**
 * Which findings speak to which recommendation: those sharing enough of its content words
 * (words of five letters or more, less the words every recommendation uses). Each finding's
 * words are read once, when the index is built.
 */
export class SupportIndex {
  /** For each content word, the findings that use it. */
  private readonly postings = new Map<string, number[]>();
  private readonly recommendationWords = new Map<Recommendation, Set<string>>();
  /** Per finding, how many of a recommendation's words it shares: scratch for `isSupported`, all zero between calls. */
  private shared: Uint16Array | undefined;

  constructor(private readonly findings: Finding[]) {
    findings.forEach((finding, i) => {
      for (const word of contentWords(finding.text)) {
        const list = this.postings.get(word);
        if (list) list.push(i);
        else this.postings.set(word, [i]);
      }
    });
  }

  supporting(recommendation: Recommendation): Finding[] {
    const wanted = this.wordsOf(recommendation);
    if (wanted.size === 0) return [];
    const shared = new Uint16Array(this.findings.length);
    for (const word of wanted) for (const i of this.postings.get(word) ?? []) shared[i]++;
    const needed = neededShare(wanted.size);
    return this.findings.filter((finding, i) => shared[i] >= needed && finding.span.start !== recommendation.span.start);
  }

  /**
   * Whether any finding supports the recommendation: `supporting(…).length > 0`, but stopping at
   * the first, which for a text of many reports joined (megabytes) spares a pass over every
   * finding for every recommendation.
   */
  isSupported(recommendation: Recommendation): boolean {
    const wanted = this.wordsOf(recommendation);
    if (wanted.size === 0) return false;
    const needed = neededShare(wanted.size);
    const shared = (this.shared ??= new Uint16Array(this.findings.length));
    const touched: number[] = [];
    let found = false;
    search: for (const word of wanted) {
      for (const i of this.postings.get(word) ?? []) {
        if (shared[i]++ === 0) touched.push(i);
        if (shared[i] >= needed && this.findings[i].span.start !== recommendation.span.start) {
          found = true;
          break search;
        }
      }
    }
    for (const i of touched) shared[i] = 0;
    return found;
  }

  /** Whether a finding speaks to any of the recommendations. */
  supportsAny(finding: Finding, recommendations: Recommendation[]): boolean {
    const words = contentWords(finding.text);
    return recommendations.some((recommendation) => {
      const wanted = this.wordsOf(recommendation);
      let shared = 0;
      for (const word of wanted) if (words.has(word)) shared++;
      return wanted.size > 0 && shared >= neededShare(wanted.size);
    });
  }

  private wordsOf(recommendation: Recommendation): Set<string> {
    let words = this.recommendationWords.get(recommendation);
    if (!words) this.recommendationWords.set(recommendation, (words = contentWords(recommendation.text)));
    return words;
  }
}

/**
 * How many of a recommendation's words a finding must share: 40% of a short recommendation,
 * but never more than three, since findings describe the weakness in words of their own.
 */
function neededShare(words: number): number {
  return Math.max(Math.min(2, words), Math.min(3, Math.ceil(words * SUPPORT_THRESHOLD)));
}

const COMMON = new Set([
  'ensure', 'ensuring', 'improve', 'improving', 'improvement', 'children', 'childrens', 'their', 'there', 'which', 'where',
  'should', 'would', 'could', 'about', 'these', 'those', 'other', 'being', 'young', 'people', 'services', 'service',
  'local', 'authority', 'practice', 'social', 'workers', 'quality', 'families', 'effective', 'effectively',
]);

const MIN_WORD_LENGTH = 5;

/** Findings' words, remembered across versions of a report being edited. */
const WORDS = new TextMemo<Set<string>>(20_000);

function contentWords(text: string): Set<string> {
  return WORDS.get(text, readContentWords);
}

/** Content words, lowercased and stemmed: a scan over character codes, as this runs on every finding. */
function readContentWords(text: string): Set<string> {
  const lower = text.toLowerCase();
  const words = new Set<string>();
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const code = i < lower.length ? lower.charCodeAt(i) : 0;
    if (code >= 97 && code <= 122) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= MIN_WORD_LENGTH) {
      const word = lower.slice(start, i);
      if (!COMMON.has(word)) words.add(stem(word));
    }
    start = -1;
  }
  return words;
}

/**
 * A light stem, so that "assessments" meets "assessment", "stages" meets "stage", "experiencing"
 * meets "experiences" and "planning" meets "plans": one inflection off, then a final "e" and a
 * doubled consonant.
 */
function stem(word: string): string {
  let base = word;
  if (base.endsWith('ies')) base = base.slice(0, -3) + 'y';
  else if (base.endsWith('ing') && base.length > 5) base = base.slice(0, -3);
  else if (base.endsWith('ed') && base.length > 4) base = base.slice(0, -2);
  else if (base.endsWith('es') && base.length > 4) base = base.slice(0, -2);
  else if (base.endsWith('s') && !base.endsWith('ss')) base = base.slice(0, -1);
  if (base.endsWith('e')) base = base.slice(0, -1);
  const last = base.length - 1;
  if (last > 2 && base[last] === base[last - 1] && !'aeiouls'.includes(base[last])) base = base.slice(0, -1);
  return base;
}
