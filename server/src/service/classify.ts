import { TextMemo } from './memo';
import type { Finding, Stance } from './model';
import { type Codebook, DEFAULT_CODEBOOK, compileCodebook, stanceOf, themesAndStance } from './themes';

export type { Codebook };

let compiledDefault: Codebook | undefined;

/** The default children's services codebook, compiled once. */
export function defaultCodebook(): Codebook {
  return (compiledDefault ??= compileCodebook(DEFAULT_CODEBOOK));
}

/** Per codebook, the themes of each finding text seen: an edited report re-themes only what changed. */
const THEMES = new WeakMap<Codebook, TextMemo<string[]>>();
const STANCES = new TextMemo<Stance>(50_000);

/** Gives each finding the codebook's themes and its stance. */
export function classifyFindings<F extends Pick<Finding, 'text' | 'themes' | 'stance'>>(findings: F[], codebook: Codebook): F[] {
  let memo = THEMES.get(codebook);
  if (!memo) THEMES.set(codebook, (memo = new TextMemo(50_000)));
  for (const finding of findings) {
    let stance: Stance | undefined;
    finding.themes = memo.get(finding.text, (text) => {
      // A text new to the memo is usually new to both: its stance is read with its themes.
      const read = themesAndStance(text, codebook);
      stance = read.stance;
      return read.themes;
    });
    finding.stance = STANCES.get(finding.text, (text) => stance ?? stanceOf(text));
  }
  return findings;
}
