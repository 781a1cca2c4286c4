import type { Finding, Recommendation } from './model';
import { fold } from './text';

/** Share of a recommendation's content words a finding must contain to support it. */
const SUPPORT_THRESHOLD = 0.4;

/**
 * The findings that speak to a recommendation: those sharing enough of its content words
 * (words of five letters or more, less the words every recommendation uses).
 */
export function supportingFindings(recommendation: Recommendation, findings: Finding[]): Finding[] {
  const wanted = contentWords(recommendation.text);
  if (wanted.size === 0) return [];
  return findings.filter((finding) => {
    if (finding.span.start === recommendation.span.start) return false;
    const words = contentWords(finding.text);
    let shared = 0;
    for (const word of wanted) if (words.has(word)) shared++;
    return shared / wanted.size >= SUPPORT_THRESHOLD;
  });
}

const COMMON = new Set([
  'ensure', 'ensuring', 'improve', 'improving', 'improvement', 'children', 'childrens', 'their', 'there', 'which', 'where',
  'should', 'would', 'could', 'about', 'these', 'those', 'other', 'being', 'young', 'people', 'services', 'service',
  'local', 'authority', 'practice', 'social', 'workers', 'quality', 'families', 'effective', 'effectively',
]);

function contentWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const word of fold(text).toLowerCase().split(/[^a-z]+/)) {
    if (word.length >= 5 && !COMMON.has(word)) words.add(stem(word));
  }
  return words;
}

/** A light stem, so "assessments" meets "assessment" and "planning" meets "plans". */
function stem(word: string): string {
  return word.replace(/(?:ing|ed|es|s)$/, '');
}
