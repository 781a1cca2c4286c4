/**
 * Themes: the codebook quality assurers code findings with, the classifier that finds a finding's
 * themes, the workspace codebook file that changes the codebook, and a finding's stance (does it
 * read as a strength or a weakness).
 *
 * A theme's rules are phrases, matched case-insensitively on whole words (docs/codebook.md):
 *
 * - `management oversight` matches those words in that order, separated by spaces or line breaks;
 * - `supervis*`: a `*` at the end of a word matches any ending ("supervision", "supervisors");
 *   at least three letters must come before it;
 * - `multi-agency`: a hyphen matches a hyphen, a space or nothing, so PDF extraction's
 *   "multiagency" matches too;
 * - apostrophes are ignored on both sides, so `children's` matches "children's", "children’s" and
 *   extraction's "childrens";
 * - an `exclude` rule masks the words it covers: a theme matches when one of its `include` rules
 *   matches outside every text its `exclude` rules match.
 *
 * There are no regular expressions: rules come from workspace files, and phrases can neither hang
 * the server nor be misread by someone who does not write regular expressions. Rules are compiled
 * once into a trie of words, so classifying a finding is one pass over its words.
 */

import type { Stance } from './model';
import { CharTrie } from './trie';

/** A theme of the codebook. */
export interface Theme {
  /** Stable identifier: lower-case letters, digits and hyphens, such as `care-leavers`. */
  id: string;
  label: string;
  description: string;
  /** The id of the theme this one sits under in the theme tree. */
  parent?: string;
  /** Rules that find the theme in a finding. */
  include: string[];
  /** Rules for phrases that look like the theme but are not (see the module comment). */
  exclude?: string[];
}

/** A codebook compiled for matching. Compile it once with `compileCodebook`; it is immutable. */
export type { Codebook };

/** Compiles a codebook. Rules that can never match are left out and reported in `problems`; never throws. */
export function compileCodebook(themes: Theme[]): Codebook {
  return new Codebook(themes);
}

/**
 * The ids of the themes whose rules match the text, in codebook order, with the parents (and their
 * parents) of every theme that matches.
 */
export function themesOf(text: string, codebook: Codebook): string[] {
  return codebook.match(text);
}

/**
 * `themesOf` and `stanceOf` at once, for a text neither has seen: both read the same words, and
 * reading them once for both costs little more than reading them for one (`classifyFindings`).
 */
export function themesAndStance(text: string, codebook: Codebook): { themes: string[]; stance: Stance } {
  return codebook.classify(text);
}

/** Whether a finding reads as a strength, a weakness, both, or neither. */
export type { Stance };

/** The ids a codebook file may give a theme: lower-case letters and digits, words joined by hyphens. */
const THEME_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Why a rule can never match, or undefined when it is a valid rule. */
function ruleProblem(rule: string): string | undefined {
  const words = ruleWords(rule);
  if (words.length === 0) return 'it is empty';
  const bad = rule.toLowerCase().match(/[^a-z0-9\u00df-\u024f\s'’*-]/);
  if (bad) return `"${bad[0]}" cannot be matched: rules are words, with "*" at the end of a word and "-" between word parts`;
  for (const word of words) {
    if (word.indexOf('*') !== -1 && word.indexOf('*') !== word.length - 1) return `"*" can only end a word ("${word}")`;
    if (/^-|-$|--|-\*$/.test(word)) return `"-" must join two word parts ("${word}")`;
    if (word.endsWith('*') && normaliseWord(word.slice(0, -1)).length < 3) {
      return `"${word}" would match too many words: put at least three letters before "*"`;
    }
    if (normaliseWord(word.replace(/\*$/, '')).length === 0) return `"${word}" has no letters or digits`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Matching

/** One word of a rule: the word itself, or (with `prefix`) the start of any word. */
interface WordTest {
  word: string;
  prefix: boolean;
}

/** A rule as compiled: the theme it belongs to and the words after its first. */
interface CompiledRule {
  theme: number;
  exclude: boolean;
  /** The words after the first, each as its node in the codebook's trie: `node` for a whole word, `~node` for a prefix (`word*`). */
  rest: Int32Array;
}

class Codebook {
  readonly themes: readonly Theme[];
  /** Rules that compiling left out, and ids given twice, as messages. */
  readonly problems: readonly string[];
  /** Every word of every rule; a finding's words are read as nodes of it (`readWords`). */
  private readonly trie = new CharTrie();
  /** The cue words and set phrases in the same trie, so that reading a finding's words also reads its stance (`readText`). */
  private readonly cues: CueTable;
  /**
   * Per node of the trie, the rules a finding's word starts: `startedBy` for a word that ends at
   * the node, `startedByPart` for a longer word whose characters lead to the node and no further.
   * Settled for every node once compiled, so that no word is looked up by string.
   */
  private readonly startedBy: (readonly CompiledRule[])[] = [];
  private readonly startedByPart: (readonly CompiledRule[])[] = [];
  /** For each theme, the index of its parent, or -1. */
  private readonly parents: number[];
  /** For each theme, whether it has exclude rules (so its matches must be checked against them). */
  private readonly masked: boolean[];

  constructor(themes: Theme[]) {
    const problems: string[] = [];
    const seen = new Set<string>();
    this.themes = themes.filter((theme) => {
      if (!seen.has(theme.id)) return seen.add(theme.id);
      problems.push(`The theme id "${theme.id}" is used twice; the second theme was left out.`);
      return false;
    });
    const index = new Map(this.themes.map((theme, i) => [theme.id, i]));
    this.parents = this.themes.map((theme) => (theme.parent === undefined ? -1 : (index.get(theme.parent) ?? -1)));
    this.masked = this.themes.map((theme) => (theme.exclude ?? []).length > 0);
    const whole = new Map<number, CompiledRule[]>();
    const prefix = new Map<number, CompiledRule[]>();
    this.themes.forEach((theme, i) => {
      for (const rule of theme.include) this.add(rule, i, false, whole, prefix, problems);
      for (const rule of theme.exclude ?? []) this.add(rule, i, true, whole, prefix, problems);
    });
    this.cues = cueTable(this.trie);
    this.settleStarts(whole, prefix);
    this.problems = problems;
  }

  match(text: string): string[] {
    const themes = this.themesOfWords(readWords(text, this.trie));
    releaseLargeScratch();
    return themes;
  }

  /** The themes and the stance of a text, read at once when the text allows (see `readText`). */
  classify(text: string): { themes: string[]; stance: Stance } {
    if (!readText(text, this.cues, true)) return { themes: this.match(text), stance: stanceOf(text) };
    const read = { themes: this.themesOfWords(wordCount), stance: weighCues(cueCount) };
    releaseLargeScratch();
    return read;
  }

  /** The themes of the words `readWords` (or `readText`) read last, `count` of them. */
  private themesOfWords(count: number): string[] {
    const words = wordScratch;
    // Reused: a typed array allocated per finding had cost more than filling one.
    if (matchedScratch.length < this.themes.length) matchedScratch = new Uint8Array(this.themes.length * 2);
    const matched = matchedScratch.fill(0, 0, this.themes.length);
    const hits: Hit[] = [];
    for (let i = 0; i < count; i++) {
      const word = words[i];
      const rules = word >= 0 ? this.startedBy[word] : this.startedByPart[~word];
      for (let r = 0; r < rules.length; r++) this.try(rules[r], words, count, i, matched, hits);
    }
    if (hits.length) settleMasked(hits, matched);
    return this.withParents(matched);
  }

  private try(rule: CompiledRule, words: Int32Array, count: number, i: number, matched: Uint8Array, hits: Hit[]): void {
    if (!rule.exclude && matched[rule.theme] && !this.masked[rule.theme]) return;
    if (!this.restMatches(rule.rest, words, count, i + 1)) return;
    if (this.masked[rule.theme]) hits.push({ theme: rule.theme, exclude: rule.exclude, start: i, end: i + 1 + rule.rest.length });
    else matched[rule.theme] = 1;
  }

  private restMatches(rest: Int32Array, words: Int32Array, count: number, from: number): boolean {
    if (from + rest.length > count) return false;
    for (let k = 0; k < rest.length; k++) {
      const test = rest[k];
      const word = words[from + k];
      if (test >= 0 ? word !== test : !this.startsWith(word, ~test)) return false;
    }
    return true;
  }

  /** Whether the word read as `word` (see `readWords`) starts with the characters leading to `node`. */
  private startsWith(word: number, node: number): boolean {
    const trie = this.trie;
    let reached = word >= 0 ? word : ~word;
    const depth = trie.depth(node);
    while (trie.depth(reached) > depth) reached = trie.parent(reached);
    return reached === node;
  }

  private withParents(matched: Uint8Array): string[] {
    const count = this.themes.length;
    for (let i = 0; i < count; i++) {
      if (!matched[i]) continue;
      // Bounded, so a cycle handed in by a caller cannot loop for ever.
      for (let p = this.parents[i], steps = 0; p !== -1 && steps < count; p = this.parents[p], steps++) matched[p] = 1;
    }
    const ids: string[] = [];
    for (let i = 0; i < count; i++) if (matched[i]) ids.push(this.themes[i].id);
    return ids;
  }

  private add(rule: string, theme: number, exclude: boolean, whole: Map<number, CompiledRule[]>, prefix: Map<number, CompiledRule[]>, problems: string[]): void {
    const problem = ruleProblem(rule);
    if (problem) {
      problems.push(`Theme "${this.themes[theme].id}": the rule "${rule}" was left out: ${problem}.`);
      return;
    }
    for (const words of ruleVariants(rule)) {
      const [first, ...others] = words;
      const node = this.trie.add(first.word);
      const rest = Int32Array.from(others, (test) => (test.prefix ? ~this.trie.add(test.word) : this.trie.add(test.word)));
      const starts = first.prefix ? prefix : whole;
      let rules = starts.get(node);
      if (!rules) starts.set(node, (rules = []));
      rules.push({ theme, exclude, rest });
    }
  }

  /**
   * The rules a word starts, for every node: those of the prefixes (`word*`) its characters pass
   * through, in order, then those of the whole word ending at the node, as looking the word up in
   * the trie character by character had found them.
   */
  private settleStarts(whole: Map<number, CompiledRule[]>, prefix: Map<number, CompiledRule[]>): void {
    this.startedByPart.push(NO_RULES);
    this.startedBy.push(whole.get(0) ?? NO_RULES);
    // A node's parent has a smaller number: parents are settled first.
    for (let node = 1; node < this.trie.size; node++) {
      const above = this.startedByPart[this.trie.parent(node)];
      const own = prefix.get(node);
      const part = own ? [...above, ...own] : above;
      const ending = whole.get(node);
      this.startedByPart.push(part);
      this.startedBy.push(ending ? [...part, ...ending] : part);
    }
  }
}

const NO_RULES: readonly CompiledRule[] = [];

/** A match of a theme that has exclude rules, kept until the whole text has been read. */
interface Hit {
  theme: number;
  exclude: boolean;
  start: number;
  end: number;
}

/** Marks the themes with an include match that no exclude match of the same theme overlaps. */
function settleMasked(hits: Hit[], matched: Uint8Array): void {
  for (const hit of hits) {
    if (hit.exclude || matched[hit.theme]) continue;
    const masked = hits.some((other) => other.exclude && other.theme === hit.theme && other.start < hit.end && hit.start < other.end);
    if (!masked) matched[hit.theme] = 1;
  }
}

/** Per theme, whether it matched the text being matched; reused from text to text. */
let matchedScratch = new Uint8Array(64);

/** The words `readWords` read last; reused from text to text. */
let wordScratch = new Int32Array(256);

/**
 * Reads a text's words into `wordScratch` and returns how many there are. Words are runs of
 * letters and digits, lower-cased, with an apostrophe between two letters dropped ("children’s"
 * → "childrens"); reports are in English, so Latin letters are enough. Each word is read as the
 * node of `trie` its characters lead to: `node` when the word ends there, `~node` when it goes on
 * past the last node its characters reach (its start is still known: `Codebook.startsWith`).
 *
 * The text is scanned by character codes and each word walked down the trie as it is read: a
 * regular expression's array of strings, each hashed to be looked up, had cost more than the
 * matching itself.
 */
function readWords(text: string, trie: CharTrie): number {
  const lower = lowerCase(text);
  const length = lower.length;
  let count = 0;
  let i = 0;
  while (i < length) {
    let code = lower.charCodeAt(i);
    if (!isLetter(code)) {
      i++;
      continue;
    }
    let node = 0;
    let ended = false;
    while (true) {
      if (!ended) {
        const next = trie.child(node, code);
        if (next === 0) ended = true;
        else node = next;
      }
      i++;
      if (i >= length) break;
      code = lower.charCodeAt(i);
      if (isLetter(code)) continue;
      if (!isApostrophe(code) || i + 1 >= length || !isLetter(lower.charCodeAt(i + 1))) break;
      code = lower.charCodeAt(++i);
    }
    if (count === wordScratch.length) wordScratch = grown(wordScratch);
    wordScratch[count++] = ended ? ~node : node;
  }
  return count;
}

let lastText = '';
let lastLower = '';

/**
 * The text lower-cased. The last text is remembered: `classifyFindings` gives each finding's
 * text to `themesOf` and then to `stanceOf`, and lower-casing (through ICU for the many texts
 * with a curly apostrophe) is a tenth of what is left of their cost.
 */
function lowerCase(text: string): string {
  if (text !== lastText) {
    lastLower = text.toLowerCase();
    lastText = text;
  }
  return lastLower;
}

/**
 * Lets go of the arrays reused from text to text once a very long text (a whole report pasted as
 * one paragraph, say) has made them large: they would otherwise hold their memory for good.
 */
function releaseLargeScratch(): void {
  if (wordScratch.length > LARGE_SCRATCH) wordScratch = new Int32Array(256);
  if (cueScratch.length > LARGE_SCRATCH) cueScratch = new Int32Array(256);
  if (charScratch.length > LARGE_SCRATCH) charScratch = new Uint16Array(1024);
}

const LARGE_SCRATCH = 1 << 16;

/** a–z, 0–9 and the Latin letters from ß to ɏ: what `[a-z0-9\u00df-\u024f]` matched. */
function isLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 0xdf && code <= 0x24f);
}

/** ' and ’. */
function isApostrophe(code: number): boolean {
  return code === 0x27 || code === 0x2019;
}

function grown(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function ruleWords(rule: string): string[] {
  return rule.trim().split(/\s+/).filter(Boolean);
}

function normaliseWord(word: string): string {
  return word.toLowerCase().replace(/['’]/g, '');
}

/**
 * The word sequences a rule stands for: each hyphenated word either as its parts or joined
 * ("multi-agency" → multi agency, multiagency).
 */
function ruleVariants(rule: string): WordTest[][] {
  let variants: WordTest[][] = [[]];
  for (const raw of ruleWords(rule)) {
    const prefix = raw.endsWith('*');
    const parts = normaliseWord(prefix ? raw.slice(0, -1) : raw).split('-');
    const split = parts.map((word, k) => ({ word, prefix: prefix && k === parts.length - 1 }));
    const forms = parts.length > 1 ? [split, [{ word: parts.join(''), prefix }]] : [split];
    variants = variants.flatMap((head) => forms.map((form) => [...head, ...form]));
  }
  return variants;
}

// ---------------------------------------------------------------------------------------------
// The workspace codebook file

/** Where a workspace keeps its codebook file, relative to the workspace folder. */
export const CODEBOOK_FILE = '.inspection-lens/codebook.json';

/**
 * Applies a workspace codebook file (docs/codebook.md) to a codebook:
 *
 * ```json
 * { "themes": [
 *   { "id": "neglect", "label": "Neglect and cumulative harm", "alsoInclude": ["toxic trio"] },
 *   { "id": "kinship-care", "label": "Kinship care", "parent": "children-in-care", "include": ["kinship", "connected carer*"] },
 *   { "id": "covid-19", "remove": true }
 * ] }
 * ```
 *
 * An entry whose id is a theme changes the fields it gives (`include` and `exclude` replace the
 * rules, `alsoInclude` and `alsoExclude` add to them); an entry with a new id adds a theme after
 * the others; `"parent": null` moves a theme to the top level; `"remove": true` removes a theme
 * and moves its child themes up to its parent. Comments and trailing commas are allowed, as in
 * VS Code's settings. Never throws: whatever cannot be applied is described in `problems`, and
 * the rest still applies.
 */
export function applyCodebookFile(base: Theme[], text: string): { themes: Theme[]; problems: string[] } {
  const problems: string[] = [];
  const themes = new Map(base.map((theme) => [theme.id, copyTheme(theme)]));
  /** For each theme whose parent the file set, the number of the entry that set it. */
  const parentSetBy = new Map<string, number>();
  const entries = readEntries(text, problems);
  entries.forEach((entry, i) => applyEntry(entry, i + 1, themes, parentSetBy, problems));
  settleParents(themes, parentSetBy, problems);
  const parents = new Set([...themes.values()].map((theme) => theme.parent));
  // `"include": []` says so on purpose: a theme quality assurers tag by hand.
  const byHand = new Set(entries.filter((entry) => isRecord(entry) && Array.isArray(entry.include) && entry.include.length === 0).map((entry) => (entry as { id?: unknown }).id));
  for (const theme of themes.values()) {
    if (theme.include.length > 0 || parents.has(theme.id) || byHand.has(theme.id)) continue;
    problems.push(`Theme "${theme.id}" has no include rules and no themes under it, so it matches no finding.`);
  }
  return { themes: [...themes.values()], problems };
}

const ENTRY_FIELDS = ['id', 'label', 'description', 'parent', 'include', 'exclude', 'alsoInclude', 'alsoExclude', 'remove'];

function readEntries(text: string, problems: string[]): unknown[] {
  if (!text.trim()) {
    problems.push('The codebook file is empty; the codebook is used unchanged.');
    return [];
  }
  let root: unknown;
  try {
    root = JSON.parse(relaxedJson(text));
  } catch (error) {
    problems.push(`The codebook file is not valid JSON: ${jsonError(error, text)}. Nothing in it was applied.`);
    return [];
  }
  if (!isRecord(root) || !Array.isArray(root.themes)) {
    problems.push(
      'The codebook file must hold an object with a list of themes, such as { "themes": [ { "id": "neglect", "include": ["neglect*"] } ] }. ' +
        'Nothing in it was applied.',
    );
    return [];
  }
  for (const key of Object.keys(root)) {
    if (key !== 'themes' && key !== '$schema') problems.push(`The field "${key}" at the top of the codebook file is not known; it was ignored.`);
  }
  return root.themes;
}

function applyEntry(entry: unknown, n: number, themes: Map<string, Theme>, parentSetBy: Map<string, number>, problems: string[]): void {
  if (!isRecord(entry)) {
    problems.push(`Theme ${n} in the codebook file is not an object such as { "id": "neglect" }; it was ignored.`);
    return;
  }
  const { id } = entry;
  if (typeof id !== 'string' || !THEME_ID.test(id)) {
    const why =
      typeof id === 'string' ? `its id "${id}" is not valid: use lower-case letters, digits and hyphens, such as "foster-care"` : 'it has no "id"';
    problems.push(`Theme ${n} in the codebook file was ignored: ${why}.`);
    return;
  }
  const name = `Theme "${id}"`;
  for (const key of Object.keys(entry)) {
    if (ENTRY_FIELDS.includes(key)) continue;
    problems.push(`${name}: the field "${key}" is not known and was ignored (the fields are ${ENTRY_FIELDS.join(', ')}).`);
  }
  if (entry.remove !== undefined && entry.remove !== false) {
    if (entry.remove === true) removeTheme(id, themes, problems);
    else problems.push(`${name}: "remove" must be true to remove the theme; the entry was ignored.`);
    return;
  }
  let theme = themes.get(id);
  if (!theme) themes.set(id, (theme = { id, label: id, description: '', include: [] }));
  changeTheme(theme, entry, problems);
  if (entry.parent !== undefined && (entry.parent === null || typeof entry.parent === 'string')) parentSetBy.set(id, n);
}

function changeTheme(theme: Theme, entry: Record<string, unknown>, problems: string[]): void {
  const name = `Theme "${theme.id}"`;
  const { label, description, parent } = entry;
  if (label !== undefined) {
    if (typeof label === 'string' && label.trim()) theme.label = label.trim();
    else problems.push(`${name}: "label" must be text, such as "Neglect"; it was ignored.`);
  }
  if (description !== undefined) {
    if (typeof description === 'string') theme.description = description.trim();
    else problems.push(`${name}: "description" must be text; it was ignored.`);
  }
  if (parent === null) delete theme.parent;
  else if (typeof parent === 'string') theme.parent = parent;
  else if (parent !== undefined) problems.push(`${name}: "parent" must be the id of a theme, or null for the top level; it was ignored.`);
  const include = rulesOf(entry, 'include', name, problems);
  const alsoInclude = rulesOf(entry, 'alsoInclude', name, problems);
  const exclude = rulesOf(entry, 'exclude', name, problems);
  const alsoExclude = rulesOf(entry, 'alsoExclude', name, problems);
  if (include || alsoInclude) theme.include = [...(include ?? theme.include), ...(alsoInclude ?? [])];
  if (exclude || alsoExclude) {
    const rules = [...(exclude ?? theme.exclude ?? []), ...(alsoExclude ?? [])];
    if (rules.length) theme.exclude = rules;
    else delete theme.exclude;
  }
}

/** The valid rules of a field, or undefined when the entry does not give it (or gives something that is not a list). */
function rulesOf(entry: Record<string, unknown>, field: string, name: string, problems: string[]): string[] | undefined {
  const value = entry[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${name}: "${field}" must be a list of rules, such as ["neglect*", "graded care profile"]; it was ignored.`);
    return undefined;
  }
  const rules: string[] = [];
  for (const rule of value) {
    const problem = typeof rule === 'string' ? ruleProblem(rule) : 'a rule must be text in quotes';
    if (problem) problems.push(`${name}: the ${field} rule ${JSON.stringify(rule)} was left out: ${problem}.`);
    else rules.push((rule as string).trim());
  }
  return rules;
}

function removeTheme(id: string, themes: Map<string, Theme>, problems: string[]): void {
  const removed = themes.get(id);
  if (!removed) {
    problems.push(`Theme "${id}" cannot be removed: there is no theme with that id.`);
    return;
  }
  themes.delete(id);
  for (const theme of themes.values()) {
    if (theme.parent !== id) continue;
    if (removed.parent === undefined) delete theme.parent;
    else theme.parent = removed.parent;
  }
}

/** Places themes whose parent does not exist at the top level, and breaks loops of parents. */
function settleParents(themes: Map<string, Theme>, parentSetBy: Map<string, number>, problems: string[]): void {
  for (const theme of themes.values()) {
    if (theme.parent === undefined || themes.has(theme.parent)) continue;
    problems.push(`Theme "${theme.id}" names the parent "${theme.parent}", which is not a theme; it is placed at the top level.`);
    delete theme.parent;
  }
  const settled = new Set<string>();
  for (const start of themes.values()) {
    const path: Theme[] = [];
    const onPath = new Set<Theme>();
    let theme: Theme | undefined = start;
    while (theme && !settled.has(theme.id) && !onPath.has(theme)) {
      path.push(theme);
      onPath.add(theme);
      theme = theme.parent === undefined ? undefined : themes.get(theme.parent);
    }
    if (theme && onPath.has(theme)) breakLoop(path.slice(path.indexOf(theme)), parentSetBy, problems);
    for (const member of path) settled.add(member.id);
  }
}

/** Breaks a loop of parents at the link the codebook file set last (or, for a loop it did not make, at the loop's first theme). */
function breakLoop(loop: Theme[], parentSetBy: Map<string, number>, problems: string[]): void {
  let breaker = loop[0];
  for (const theme of loop) if ((parentSetBy.get(theme.id) ?? 0) > (parentSetBy.get(breaker.id) ?? 0)) breaker = theme;
  const from = loop.indexOf(breaker);
  const ids = [...loop.slice(from), ...loop.slice(0, from), breaker].map((theme) => `"${theme.id}"`);
  problems.push(`The themes ${ids.join(' → ')} form a loop of parents; "${breaker.id}" is placed at the top level.`);
  delete breaker.parent;
}

function copyTheme(theme: Theme): Theme {
  const copy: Theme = { ...theme, include: [...theme.include] };
  if (theme.exclude) copy.exclude = [...theme.exclude];
  return copy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with comments and trailing commas (as VS Code's settings allow) made plain JSON, keeping every offset. */
function relaxedJson(text: string): string {
  const out = text.split('');
  blankOutsideStrings(out, (i) => {
    const line = out[i] === '/' && out[i + 1] === '/';
    if (!line && !(out[i] === '/' && out[i + 1] === '*')) return i;
    const close = line ? text.indexOf('\n', i) : text.indexOf('*/', i + 2);
    const stop = close === -1 ? out.length : line ? close : close + 2;
    for (let j = i; j < stop; j++) if (out[j] !== '\n') out[j] = ' ';
    return stop - 1;
  });
  blankOutsideStrings(out, (i) => {
    if (out[i] !== ',') return i;
    let j = i + 1;
    while (j < out.length && /\s/.test(out[j])) j++;
    if (out[j] === ']' || out[j] === '}') out[i] = ' ';
    return i;
  });
  return out.join('');
}

/** Calls `visit` at each character outside a JSON string; it returns the last index it consumed. */
function blankOutsideStrings(chars: string[], visit: (i: number) => number): void {
  let inString = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else i = visit(i);
  }
}

/** JSON.parse's message, with the line and column of the error where it gives an offset. */
function jsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const offset = /at position (\d+)/.exec(message);
  const plain = message
    .replace(/ at position \d+.*$/s, '')
    .replace(/ in JSON$/, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/^Unexpected end of JSON input$/, 'the file ends too soon')
    .replace(/^\w/, (first) => first.toLowerCase());
  if (!offset) return plain;
  const before = text.slice(0, Number(offset[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${plain} (line ${line}, column ${column})`;
}

// ---------------------------------------------------------------------------------------------
// Stance

/**
 * Whether a finding reads as a strength, a weakness, both ('mixed') or neither ('neutral', such as
 * context and statistics). Each clause (sentences, split again at "however", "but", "although",
 * "while" and "despite") is weighed by Ofsted's evaluative vocabulary: "effective", "timely",
 * "well", "strong" against "not", "too", "insufficient", "delay", "drift", "poor", "lack". A cue
 * after "not", "no" or "without" counts the other way ("not always effective", "without delay"),
 * and so does a weakness after "reduce", "prevent" or "avoid" ("reducing drift"). A finding with
 * clauses of both kinds is mixed.
 */
export function stanceOf(text: string): Stance {
  readText(text, STANCE_WORDS, false);
  const stance = weighCues(cueCount);
  releaseLargeScratch();
  return stance;
}

/** The stance of the cues `readText` read last, `count` of them. */
function weighCues(count: number): Stance {
  const cues = cueScratch;
  let strengths = 0;
  let weaknesses = 0;
  for (let from = 0, to = 0; to <= count; to++) {
    if (to < count && !(cues[to] & CLAUSE_BREAK)) continue;
    const { positive, negative } = weigh(cues, from, to);
    // Ofsted names what is missing in positive words ("lack effective planning"), so a tie is a weakness.
    if (negative > 0 && negative >= positive) weaknesses++;
    else if (positive > 0) strengths++;
    from = to + 1;
  }
  if (strengths && weaknesses) return 'mixed';
  if (strengths) return 'strength';
  return weaknesses ? 'weakness' : 'neutral';
}

/** Words that read as a strength; `xpos` stands for the strengths among the set phrases (PHRASES). */
const STRENGTH_WORDS = [
  'effective', 'effectively', 'strong', 'strongly', 'strength', 'strengths', 'strengthened', 'timely', 'well', 'improved', 'improving',
  'good', 'excellent', 'outstanding', 'impressive', 'exceptional', 'exceptionally', 'robust', 'robustly', 'thorough', 'thoroughly',
  'comprehensive', 'comprehensively', 'prompt', 'promptly', 'swift', 'swiftly', 'quickly', 'appropriate', 'appropriately', 'clear',
  'clearly', 'consistent', 'consistently', 'benefit', 'benefits', 'benefited', 'benefitted', 'benefiting', 'benefitting', 'valued',
  'positive', 'positively', 'successful', 'successfully', 'skilled', 'skilful', 'skilfully', 'sensitive', 'sensitively', 'meaningful',
  'meaningfully', 'purposeful', 'purposefully', 'helpful', 'proactive', 'proactively', 'creative', 'creatively', 'innovative', 'ambitious',
  'committed', 'tenacious', 'tenaciously', 'persistent', 'manageable', 'stable', 'accurate', 'accurately', 'rigorous', 'rigorously',
  'rigour', 'insightful', 'thoughtful', 'detailed', 'compassionate', 'commendable', 'commendably', 'influential', 'actively', 'regular',
  'regularly', 'careful', 'carefully', 'confident', 'confidently', 'responsive', 'proportionate', 'embedded', 'xpos',
];

/** Words that read as a weakness; `xneg` stands for the weaknesses among the set phrases. */
const WEAKNESS_WORDS = [
  'too', 'insufficient', 'insufficiently', 'inconsistent', 'inconsistently', 'inconsistency', 'inconsistencies', 'delay', 'delays',
  'delayed', 'drift', 'drifting', 'weak', 'weaker', 'weakness', 'weaknesses', 'poor', 'poorly', 'lack', 'lacks', 'lacking', 'lacked',
  'variable', 'variability', 'varies', 'vary', 'limited', 'gap', 'gaps', 'shortfall', 'shortfalls', 'fail', 'fails', 'failed', 'failing',
  'failure', 'failures', 'unclear', 'ineffective', 'ineffectively', 'inadequate', 'inadequately', 'inaccurate', 'deteriorated',
  'deteriorating', 'deterioration', 'decline', 'declined', 'declining', 'underdeveloped', 'slow', 'slowly', 'missed', 'overly', 'unmet',
  'backlog', 'backlogs', 'fragile', 'unsuitable', 'inappropriate', 'inappropriately', 'rarely', 'absence', 'wait', 'waits', 'waiting',
  'waited', 'lengthy', 'unnecessary', 'unnecessarily', 'unable', 'patchy', 'fragmented', 'adversely', 'negative', 'negatively',
  'superficial', 'struggle', 'struggled', 'struggling', 'difficult', 'stubborn', 'compromise', 'compromises', 'compromised', 'xneg',
];

/** Words that turn the cue after them the other way ("not effective", "no delay", "lack robust oversight"). */
const NEGATOR_WORDS = [
  'not', 'no', 'never', 'nor', 'cannot', 'cant', 'doesnt', 'dont', 'isnt', 'arent', 'wasnt', 'werent', 'hasnt', 'havent', 'hadnt', 'didnt',
  'wont', 'without', 'less', 'lack', 'lacks', 'lacking', 'lacked', 'absence',
];

/** Negators that read as a weakness on their own ("plans are not reviewed"). */
const DENIAL_WORDS = [
  'not', 'never', 'cannot', 'cant', 'doesnt', 'dont', 'isnt', 'arent', 'wasnt', 'werent', 'hasnt', 'havent', 'hadnt', 'didnt', 'wont',
];

/** Words that turn a weakness after them into a strength ("reducing delay", "avoids drift"). */
const REDUCER_WORDS = [
  'reduce', 'reduced', 'reduces', 'reducing', 'reduction', 'minimise', 'minimised', 'minimises', 'minimising', 'avoid', 'avoided', 'avoids',
  'avoiding', 'prevent', 'prevents', 'prevented', 'preventing', 'tackle', 'tackled', 'tackles', 'tackling', 'overcome', 'overcoming',
  'mitigate', 'mitigated', 'mitigates', 'mitigating', 'resolve', 'resolved', 'resolves',
];

/** How far back a negator reaches: "not always sufficiently effective". */
const NEGATION_REACH = 3;

/** Phrases read before single words: set phrases of Ofsted's, and words that are cues only in some company. */
const PHRASES: Record<string, 'xpos' | 'xneg' | ''> = {
  // Neutral: cue words that are no cue here.
  'as well as': '', 'as well': '', 'well-being': '', 'not only': '', 'whether or not': '', 'if not': '', 'cannot live': '',
  'can not live': '', 'do not live': '', 'does not live': '', 'are not able to live': '', 'unable to live': '', 'not in education': '',
  'effectiveness of': '', 'to be good': '', 'what good looks like': '', 'good practice': '', 'not judged': '', 'clear about': '',
  'is not english': '', 'do not meet the criteria': '', 'does not meet the criteria': '', 'do not meet the threshold': '',
  'does not meet the threshold': '', 'did not meet the threshold': '', 'where appropriate': '', 'when appropriate': '',
  'if appropriate': '', 'where it is appropriate': '', 'when it is appropriate': '',
  // Strengths.
  'high-quality': 'xpos', 'child-centred': 'xpos', 'meets requirements': 'xpos', 'meet requirements': 'xpos', 'met requirements': 'xpos',
  'meets the requirements': 'xpos', 'low turnover': 'xpos', 'a strength': 'xpos', 'made progress': 'xpos', 'make progress': 'xpos',
  'makes progress': 'xpos', 'making progress': 'xpos', 'good progress': 'xpos', 'feel safe': 'xpos', 'feels safe': 'xpos',
  'felt safe': 'xpos', 'feel safer': 'xpos',
  // Weaknesses.
  'requires improvement': 'xneg', 'require improvement': 'xneg', 'requiring improvement': 'xneg', 'need to improve': 'xneg',
  'needs to improve': 'xneg', 'need to be improved': 'xneg', 'needs to be improved': 'xneg', 'improvement is needed': 'xneg',
  'improvements are needed': 'xneg', 'areas for improvement': 'xneg', 'areas for development': 'xneg', 'area for development': 'xneg',
  'yet to': 'xneg', 'there is no': 'xneg', 'there are no': 'xneg', 'there was no': 'xneg', 'there were no': 'xneg', 'no evidence': 'xneg',
  'high caseloads': 'xneg', 'caseloads are high': 'xneg', 'high turnover': 'xneg', 'over-optimistic': 'xneg', 'under-developed': 'xneg',
  'more needs to be done': 'xneg', 'is an issue': 'xneg', 'are an issue': 'xneg', 'remains an issue': 'xneg', 'remains a challenge': 'xneg',
  'remain a challenge': 'xneg', 'more to do': 'xneg', 'more to be done': 'xneg', 'less effective': 'xneg', 'less well': 'xneg',
};

/** What a word is to the stance, as bits: a word may be both a weakness and a negator ("lack"). */
const STRENGTH = 1;
const WEAKNESS = 2;
const NEGATOR = 4;
const DENIAL = 8;
const REDUCER = 16;
const CLAUSE_BREAK = 32;
const COMMA = 64;
const SET_PHRASE = 128;
/** "and", which a negator does not reach across. */
const AND = 256;
/** A negator already used up by the cue it turned (set while a clause is weighed). */
const USED = 512;

/** The cue words and the bits each stands for. */
const CUE_WORDS = new Map<string, number>();
for (const [words, bit] of [
  [STRENGTH_WORDS, STRENGTH], [WEAKNESS_WORDS, WEAKNESS], [NEGATOR_WORDS, NEGATOR], [DENIAL_WORDS, DENIAL], [REDUCER_WORDS, REDUCER],
  [['however', 'but', 'although', 'though', 'whilst', 'while', 'despite', 'except'], CLAUSE_BREAK], [['xpos', 'xneg'], SET_PHRASE],
  [['and'], AND],
] as const) {
  for (const word of words) CUE_WORDS.set(word, (CUE_WORDS.get(word) ?? 0) | bit);
}

/**
 * A set phrase as read: its characters, with `PHRASE_SPACE` for one or more spaces and
 * `PHRASE_HYPHEN` for a hyphen, a space, a "+" or nothing (what the regular expression these
 * replaced matched: its `[- ]?` had its space turned into `\s+`, so `[-\s+]?`); and the cue it
 * stands for, or -1 for a phrase that is no cue and leaves no word.
 */
interface SetPhrase {
  items: Int32Array;
  cue: number;
  /** Its first word, up to its first space or hyphen. */
  head: string;
  /** Its place in the order phrases are tried: longest first, the first that matches winning, as in the alternation of the regular expression they replace. */
  order: number;
}
const PHRASE_SPACE = -1;
const PHRASE_HYPHEN = -2;

const SET_PHRASES: SetPhrase[] = (() => {
  const kinds = new Map(Object.entries(PHRASES).map(([phrase, kind]) => [phrase.replace(/[-\s]+/g, ''), kind]));
  return Object.keys(PHRASES)
    .sort((a, b) => b.length - a.length)
    .map((phrase, order) => {
      // Reading by characters relies on this shape (see `phraseEnd`).
      if (!/^[a-z]+(?:[- ][a-z]+)*$/.test(phrase)) throw new Error(`The set phrase "${phrase}" cannot be read.`);
      const items = Int32Array.from(phrase, (c) => (c === ' ' ? PHRASE_SPACE : c === '-' ? PHRASE_HYPHEN : c.charCodeAt(0)));
      const kind = kinds.get(phrase.replace(/[-\s]+/g, '')) ?? '';
      return { items, cue: kind ? (CUE_WORDS.get(kind) ?? 0) : -1, head: phrase.split(/[- ]/)[0], order };
    });
})();

/**
 * What reading a text's cues looks words up in: a trie holding the cue words and the set phrases'
 * first words (and, in a codebook's, the rules' words: one walk down it reads a word for both).
 */
interface CueTable {
  trie: CharTrie;
  /** Per node, the cue of the word ending there. */
  cueOf: Int32Array;
  /**
   * Per node, the set phrases a word whose characters lead to the node (and maybe further) may
   * start: those whose first word is the node's or one above it, in the order they are tried.
   * Looking them up by the node a word is read as anyway costs nothing for the words that start
   * no phrase (trying every phrase of the same first letter had cost more than the regular
   * expression).
   */
  phrasesAt: (readonly SetPhrase[])[];
}

/** Adds the cue words and the set phrases' first words to a trie, and settles what each node stands for. */
function cueTable(trie: CharTrie): CueTable {
  const cues = new Map<number, number>();
  for (const [word, cue] of CUE_WORDS) cues.set(trie.add(word), cue);
  const own = new Map<number, SetPhrase[]>();
  for (const phrase of SET_PHRASES) {
    const node = trie.add(phrase.head);
    if (!own.has(node)) own.set(node, []);
    own.get(node)?.push(phrase);
  }
  const cueOf = new Int32Array(trie.size);
  for (const [node, cue] of cues) cueOf[node] = cue;
  const phrasesAt: (readonly SetPhrase[])[] = [own.get(0) ?? []];
  // A node's parent has a smaller number: parents are settled first.
  for (let node = 1; node < trie.size; node++) {
    const above = phrasesAt[trie.parent(node)];
    const mine = own.get(node);
    phrasesAt.push(mine ? [...above, ...mine].sort((a, b) => a.order - b.order) : above);
  }
  return { trie, cueOf, phrasesAt };
}

/** For `stanceOf` (`themesAndStance` reads a codebook's table, which holds the same cues). */
const STANCE_WORDS = cueTable(new CharTrie());

/** The cues `readText` read last, one per word, comma and run of clause marks (`cueCount` of them); reused. */
let cueScratch = new Int32Array(256);
let cueCount = 0;
/** The words `readText` read last for a codebook (`wordCount` of them), as `readWords` reads them. */
let wordCount = 0;
/**
 * A text with apostrophes as `readText` reads it: lower-cased and without them; reused. (Reading a
 * typed array is also much faster than reading the string `replace` returns, which V8 keeps as
 * pieces strung together.)
 */
let charScratch = new Uint16Array(1024);
/** The cue of the set phrase `phraseAt` found last: -1 for none. */
let phraseCue = -1;

/**
 * Reads a text's cues into `cueScratch` (see `cueCount`): the text lower-cased and
 * without apostrophes, set phrases replaced by the cue they stand for (or by nothing), then a cue
 * (or 0) for each word (letters and digits), comma, and run of ".;:!?" followed by a space or the
 * end. A set phrase starts where a–z follows no letter, digit or "_" and ends where none follows,
 * and is cut out of the text as if by spaces: a run of marks just before one ends a clause.
 *
 * With `words`, the words are also read as `readWords` reads them, into `wordScratch` (see
 * `wordCount`), from the same walk down the table's trie (`themesAndStance`). Words are the same both ways unless a letter beyond a–z ("é")
 * or two apostrophes in a row are in the text: then nothing is read, and false returned.
 *
 * This reads what the regular expressions it replaced read, exactly (bench/themes.mjs compares
 * them on every finding of the shared reports and on fuzzed texts), in one pass over the
 * characters: replacing the phrases (a hundred alternatives tried at every position), splitting
 * the words and hashing each to look it up had cost about 12 µs a finding.
 */
function readText(text: string, table: CueTable, words: boolean): boolean {
  cueCount = 0;
  const lower = lowerCase(text);
  // Room for a word and a cue per character: no check per word.
  if (charScratch.length < lower.length) charScratch = new Uint16Array(lower.length);
  if (words && wordScratch.length < lower.length) wordScratch = new Int32Array(lower.length);
  if (cueScratch.length < lower.length) cueScratch = new Int32Array(lower.length);
  const chars = charScratch;
  let length = 0;
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if (!isApostrophe(code)) chars[length++] = code;
    else if (words && i > 0 && isApostrophe(lower.charCodeAt(i - 1))) return false;
  }
  const { trie, cueOf, phrasesAt } = table;
  let count = 0;
  let found = 0;
  let i = 0;
  while (i < length) {
    const code = chars[i];
    if (isLetter(code)) {
      if (words && code > 122) return false;
      const start = i;
      // The node the word's characters lead to, or the last they reach (`ended`).
      let node = 0;
      let ended = false;
      let wide = false;
      for (; i < length; i++) {
        const next = chars[i];
        if (!isLetter(next)) break;
        if (next > 122) {
          if (words) return false;
          wide = true;
        } else if (wide) {
          // After a letter beyond a–z ("é"), a set phrase may start inside the word.
          if (next >= 97 && chars[i - 1] > 122 && phraseAt(table, chars, length, i) > 0) break;
        }
        if (ended) continue;
        const child = trie.child(node, next);
        if (child === 0) ended = true;
        else node = child;
      }
      if (words) wordScratch[found++] = ended ? ~node : node;
      const phrases = phrasesAt[node];
      if (phrases.length && code >= 97 && code <= 122 && (start === 0 || !isWordCharacter(chars[start - 1]))) {
        const end = firstPhrase(phrases, chars, length, start);
        if (end > 0) {
          if (phraseCue >= 0) cueScratch[count++] = phraseCue;
          // The phrase's other words are still words to the codebook.
          if (words) found = readPlainWords(trie, chars, i, end, found);
          i = end;
          continue;
        }
      }
      cueScratch[count++] = ended ? 0 : cueOf[node];
    } else if (code === 0x2c) {
      cueScratch[count++] = COMMA;
      i++;
    } else if (isClauseMark(code)) {
      let end = i + 1;
      while (end < length && isClauseMark(chars[end])) end++;
      const next = end < length ? chars[end] : -1;
      if (end === length || isSpace(next) || (next >= 97 && next <= 122 && phraseAt(table, chars, length, end) > 0)) {
        // A single mark ends a clause; a run such as "..." or "?!" is a word that is no cue.
        cueScratch[count++] = end - i === 1 ? CLAUSE_BREAK : 0;
      }
      i = end;
    } else i++;
  }
  cueCount = count;
  wordCount = found;
  return true;
}

/** Reads the words of chars[from, to) (letters a–z and digits only) into `wordScratch` from `found` on, as `readWords` would; returns the new count. */
function readPlainWords(trie: CharTrie, chars: Uint16Array, from: number, to: number, found: number): number {
  for (let i = from; i < to; ) {
    if (!isLetter(chars[i])) {
      i++;
      continue;
    }
    let node = 0;
    let ended = false;
    for (; i < to && isLetter(chars[i]); i++) {
      if (ended) continue;
      const child = trie.child(node, chars[i]);
      if (child === 0) ended = true;
      else node = child;
    }
    wordScratch[found++] = ended ? ~node : node;
  }
  return found;
}

/**
 * Where the set phrase that matches at `start` (a–z after no letter, digit or "_") ends, setting
 * `phraseCue`; -1 when none does. For the rare places `readText` has not read the word at `start`.
 */
function phraseAt(table: CueTable, chars: Uint16Array, length: number, start: number): number {
  let node = 0;
  for (let i = start; i < length; i++) {
    const child = table.trie.child(node, chars[i]);
    if (child === 0) break;
    node = child;
  }
  return firstPhrase(table.phrasesAt[node], chars, length, start);
}

/** Where the first of `phrases` that matches at `start` ends, setting `phraseCue`; -1 when none does. */
function firstPhrase(phrases: readonly SetPhrase[], chars: Uint16Array, length: number, start: number): number {
  for (let p = 0; p < phrases.length; p++) {
    const end = phraseEnd(phrases[p].items, chars, length, start);
    if (end === -1) continue;
    // "over+optimistic" matched the regular expression, but its "+" left it with no cue (see `SetPhrase`).
    phraseCue = end < 0 ? -1 : phrases[p].cue;
    return end < 0 ? ~end : end;
  }
  return -1;
}

/**
 * Where the phrase ends when it matches at `start`, -1 when it does not, and `~end` when it
 * matches with a "+" for a hyphen. Matching is deterministic: a space or hyphen is always
 * followed by a letter, so neither can give back what it took.
 */
function phraseEnd(items: Int32Array, chars: Uint16Array, length: number, start: number): number {
  let i = start;
  let plus = false;
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    const code = i < length ? chars[i] : -1;
    if (item >= 0) {
      if (code !== item) return -1;
      i++;
    } else if (item === PHRASE_SPACE) {
      if (!isSpace(code)) return -1;
      for (i++; i < length && isSpace(chars[i]); i++);
    } else if (code === 0x2d || code === 0x2b || isSpace(code)) {
      plus ||= code === 0x2b;
      i++;
    }
  }
  if (i < length && isWordCharacter(chars[i])) return -1;
  return plus ? ~i : i;
}

/**
 * Counts the cues of the clause cues[from, to). A cue after a negator within reach counts the
 * other way, and a denial reaches every strength after it up to the next comma ("do not provide
 * timely and effective help").
 */
function weigh(cues: Int32Array, from: number, to: number): { positive: number; negative: number } {
  let positive = 0;
  let negative = 0;
  let denied = false;
  for (let i = from; i < to; i++) {
    const cue = cues[i];
    if (cue & COMMA) denied = false;
    if (cue & DENIAL) denied = true;
    if (!(cue & (STRENGTH | WEAKNESS))) continue;
    const isPositive = (cue & STRENGTH) !== 0;
    // Set phrases ("requires improvement") already carry their sense.
    const turned = !(cue & SET_PHRASE) && (turnedBy(cues, from, i, isPositive ? NEGATOR : NEGATOR | REDUCER) || (isPositive && denied));
    if (isPositive !== turned) positive++;
    else negative++;
  }
  for (let i = from; i < to; i++) if (cues[i] & DENIAL && !(cues[i] & USED)) negative++;
  return { positive, negative };
}

/**
 * Whether a word within reach before `i` turns the cue at `i`, never across a comma. A negator
 * is used up by the cue it turns (marked `USED`) and never reaches across "and" ("not reviewed
 * and delayed"); a reducer turns every weakness it reaches ("reduces drift and delay").
 */
function turnedBy(cues: Int32Array, from: number, i: number, turners: number): boolean {
  let acrossAnd = false;
  for (let j = i - 1; j >= from && j >= i - NEGATION_REACH && !(cues[j] & COMMA); j--) {
    if (cues[j] & turners & REDUCER) return true;
    if (cues[j] & turners & NEGATOR && !acrossAnd && !(cues[j] & USED)) {
      cues[j] |= USED;
      return true;
    }
    if (cues[j] & AND) acrossAnd = true;
  }
  return false;
}

/** What `\w` matches: a `\b` lies between one of these and any other character. */
function isWordCharacter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 0x5f;
}

/** What `\s` matches. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f ||
    code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** . ; : ! ? */
function isClauseMark(code: number): boolean {
  return code === 0x2e || code === 0x3b || code === 0x3a || code === 0x21 || code === 0x3f;
}

// ---------------------------------------------------------------------------------------------
// The default codebook

/**
 * The default codebook for children's services. Rules were tuned on the findings of the real
 * reports in `../shared/reports` (2011–2026): each theme must match somewhere and none may match
 * most findings (test/service/themes.test.ts).
 */
export const DEFAULT_CODEBOOK: Theme[] = [
  {
    id: 'management-oversight',
    label: 'Management oversight and supervision',
    description: 'How managers oversee, direct and record decisions on children’s cases, and the regularity and quality of social workers’ supervision.',
    include: [
      'management oversight', 'managerial oversight', 'management direction', 'managers’ oversight', 'manager oversight',
      'oversight by managers', 'oversight from managers', 'oversight of managers', 'management decision*', 'management grip',
      'case direction*', 'line of sight',
    ],
  },
  {
    id: 'supervision',
    label: 'Supervision',
    parent: 'management-oversight',
    description: 'Regular, reflective supervision of social workers and personal advisers, and how it drives children’s plans.',
    include: ['supervis*', 'reflective practice'],
    exclude: ['supervising social worker*', 'supervision order*', 'supervised contact', 'contact supervision', 'supervision of contact'],
  },
  {
    id: 'assessment',
    label: 'Assessment',
    description: 'The quality, timeliness and analysis of assessments of children’s needs and risks, including parenting and pre-birth assessments.',
    include: [
      'assessment*', 'assessed', 'assessing', 'reassess*', 'analysis of risk', 'risk analysis', 'parenting capacity', 'parental capacity',
    ],
    exclude: [
      'self-assessment*', 'health assessment*', 'needs assessment', 'sufficiency assessment', 'multi-agency risk assessment conference*',
    ],
  },
  {
    id: 'planning',
    label: 'Planning and reviews',
    description: 'Children’s plans (child in need, child protection, care plans) and how they are reviewed: clarity, timescales, contingency plans, core groups, conferences and independent reviewing officers.',
    include: [
      'plan', 'plans', 'planning', 'contingenc*', 'core group*', 'review meeting*', 'reviews', 'reviewed', 'child protection conference*',
      'looked after review*', 'statutory review*', 'case conference*',
    ],
    exclude: [
      'improvement plan*', 'action plan*', 'service plan*', 'business plan*', 'development plan*', 'workforce plan*', 'strategic plan*',
      'pathway plan*', 'personal education plan*', 'health plan*', 'education health and care plan*', 'plan for improvement',
      'strategic planning', 'service planning', 'business planning', 'workforce planning', 'sufficiency plan*', 'commissioning plan*',
      'safeguarding plan*', 'children and young people plan*', 'peer review*', 'serious case review*', 'case review*', 'learning review*',
      'practice review*', 'management review*', 'external review*', 'reviewed by ofsted', 'work plan*', 'corporate plan*', 'master plan',
      'there are plans to', 'has plans to', 'have plans to', 'planning your next',
    ],
  },
  {
    id: 'independent-reviewing-officers',
    label: 'Independent reviewing officers',
    parent: 'planning',
    description: 'Independent reviewing officers’ and child protection chairs’ oversight, challenge and escalation of children’s plans.',
    include: [
      'independent reviewing officer*', 'iro', 'iros', 'icro', 'icros', 'child protection chair*', 'conference chair*',
      'dispute resolution',
    ],
  },
  {
    id: 'front-door',
    label: 'The front door, MASH and thresholds',
    description: 'The first response to concerns: contacts and referrals, the multi-agency safeguarding hub (MASH), screening, thresholds, and out-of-hours services.',
    include: [
      'front door', 'mash', 'safeguarding hub*', 'referral*', 're-referral*', 'contacts', 'threshold*', 'screening', 'screened',
      'first response', 'duty and assessment', 'single point of contact', 'children and families hub', 'emergency duty', 'out-of-hours',
      'edt', 'advice line', 'consultation line',
    ],
  },
  {
    id: 'child-protection',
    label: 'Child protection enquiries',
    description: 'The response when children may be at risk of significant harm: strategy meetings and discussions, section 47 enquiries, and child protection planning.',
    include: [
      'child protection', 'strategy meeting*', 'strategy discussion*', 'section 47', 's47', 'significant harm', 'joint investigation*',
    ],
  },
  {
    id: 'exploitation',
    label: 'Exploitation and children missing',
    description: 'Children at risk of sexual or criminal exploitation, extra-familial harm and radicalisation, and children who go missing from home, care or education.',
    include: [
      'exploit*', 'extra-familial', 'contextual safeguarding', 'complex safeguarding', 'trafficking', 'trafficked', 'modern slavery',
      'radicalis*', 'extremism', 'prevent duty',
    ],
    exclude: ['exploitation of data'],
  },
  {
    id: 'sexual-exploitation',
    label: 'Child sexual exploitation',
    parent: 'exploitation',
    description: 'Children at risk of sexual exploitation (CSE): identification, risk assessment, disruption and support.',
    include: ['sexual exploitation', 'sexually exploited', 'cse'],
  },
  {
    id: 'criminal-exploitation',
    label: 'Criminal exploitation and youth violence',
    parent: 'exploitation',
    description: 'Children drawn into crime by others: county lines, gangs, serious youth violence and knife crime.',
    include: ['criminal exploitation', 'criminally exploited', 'county lines', 'gang*', 'serious youth violence', 'knife crime', 'weapon*'],
  },
  {
    id: 'missing',
    label: 'Children missing',
    parent: 'exploitation',
    description: 'Children who go missing from home or care, return home interviews, and children missing education.',
    include: [
      'go missing', 'goes missing', 'went missing', 'gone missing', 'going missing', 'missing from', 'missing episode*', 'missing children',
      'children missing', 'children who are missing', 'missing education', 'return home interview*', 'return interview*',
      'missing co-ordinator', 'missing person*', 'absent from',
    ],
  },
  {
    id: 'children-in-care',
    label: 'Children in care and placements',
    description: 'Children in care (looked after): decisions to come into care, placements and their stability and sufficiency, carers, contact with family, and corporate parenting.',
    include: [
      'in care', 'into care', 'looked-after', 'enter care', 'entering care', 'corporate parent*', 'edge of care', 'family time', 'carers',
      'unaccompanied', 'asylum-seeking', 'care order*', 'cared-for children', 'cared for young people',
    ],
    exclude: ['young carers', 'families and carers', 'parents and carers', 'parents or carers'],
  },
  {
    id: 'placements',
    label: 'Placements and sufficiency',
    parent: 'children-in-care',
    description: 'Where children in care live: matching, stability, moves, foster carers and residential homes, sufficiency and unregistered provision.',
    include: [
      'placement*', 'foster*', 'residential', 'childrens home*', 'sufficiency', 'unregistered', 'stability', 'stable homes', 'moves',
      'kinship', 'connected carer*', 'in-house carers', 'matching', 'matched',
    ],
    exclude: [
      'placement with parents', 'placements with parents', 'private fostering', 'privately fostered', 'privately arranged fostering*',
      'privately arranged fostering placement*', 'fostered a', 'workforce stability', 'stability in the workforce',
      'stability of the workforce', 'placement order*',
    ],
  },
  {
    id: 'care-leavers',
    label: 'Care leavers and pathway plans',
    description: 'Young people leaving care: personal advisers, pathway plans, accommodation, staying put, education, employment and training, and the local offer.',
    include: [
      'care leaver*', 'leaving care', 'leave care', 'left care', 'pathway plan*', 'personal adviser*', 'personal advisor*',
      'young persons adviser*', 'staying put', 'staying close', 'local offer', 'care-experienced', 'independent living', 'semi-independent',
      'independence skills', 'transition to adulthood', 'preparation for adulthood', 'after-care', '16-plus', 'leaving custody',
    ],
  },
  {
    id: 'permanence',
    label: 'Permanence and adoption',
    description: 'Securing a permanent home for children who cannot live with their parents: permanence planning, adoption, special guardianship, long-term fostering, reunification and life-story work.',
    include: [
      'permanence', 'permanency', 'permanent home*', 'permanent family', 'permanent families', 'permanent placement*',
      'permanent arrangement*', 'permanent plan*', 'permanent care', 'permanently matched', 'special guardian*', 'sgo', 'sgos',
      'long-term foster*', 'long-term match*', 'life story', 'life-story', 'later life letter*', 'reunification', 'return home',
      'returning home', 'discharge of care order*', 'revocation of care order*',
    ],
    exclude: ['return home interview*'],
  },
  {
    id: 'adoption',
    label: 'Adoption',
    parent: 'permanence',
    description: 'Adoption: timeliness, matching, adopters’ recruitment and support, the adoption panel and regional adoption agencies.',
    include: [
      'adoption*', 'adopter*', 'adoptive', 'adopted children', 'adopted child', 'children adopted', 'be adopted', 'been adopted',
      'being adopted', 'are adopted', 'placement order*',
    ],
  },
  {
    id: 'workforce',
    label: 'Workforce and caseloads',
    description: 'Social workers and managers: recruitment and retention, stability and turnover, agency staff, caseloads and workloads, training, development and morale.',
    include: [
      'caseload*', 'workload*', 'workforce', 'recruit*', 'retention', 'retain staff', 'agency staff', 'agency social worker*',
      'agency worker*', 'locum*', 'interim staff', 'turnover', 'change* of social worker*', 'change* in social worker*',
      'change* of worker*', 'change* in worker*', 'morale', 'training', 'professional development', 'cpd', 'newly qualified', 'asye',
      'academy', 'vacanc*', 'staffing', 'permanent staff', 'permanent social worker*', 'permanent worker*', 'permanent manager*',
      'permanent employee*', 'permanently recruited', 'career*', 'practice model', 'principal social worker*', 'learning and development',
    ],
    exclude: [
      'employment or training', 'employment and training', 'education or training', 'education and training',
      'recruitment of foster carers', 'recruit foster carers', 'recruiting foster carers', 'recruitment of adopters', 'recruit adopters',
      'foster carer recruitment', 'adopter recruitment',
    ],
  },
  {
    id: 'leadership',
    label: 'Leadership and governance',
    description: 'Leaders’ vision, grip and impact: the director of children’s services, the chief executive, elected members and scrutiny, corporate and political support, and the pace of improvement.',
    include: [
      'leader*', 'leadership', 'lead member', 'chief executive', 'director of childrens services', 'dcs', 'elected member*', 'councillor*',
      'governance', 'political', 'politicians', 'corporate', 'senior manager*', 'senior management', 'improvement plan*',
      'improvement board', 'service plan*', 'scrutiny arrangements', 'scrutiny committee*', 'scrutiny panel*', 'overview and scrutiny',
      'strategic', 'investment', 'budget*',
    ],
    exclude: ['team leader*', 'practice leader*', 'school leader*', 'corporate parent*', 'joint strategic needs assessment*'],
  },
  {
    id: 'quality-assurance',
    label: 'Quality assurance and performance information',
    description: 'How leaders know the quality of practice: audits, quality assurance, performance management and data, self-evaluation, and learning from practice.',
    include: [
      'quality assur*', 'audit*', 'performance management', 'performance information', 'performance data', 'performance report*',
      'performance monitoring', 'performance indicator*', 'management information', 'data', 'self-evaluation', 'self-assessment',
      'scorecard*', 'dip sampl*', 'moderation', 'moderated', 'know themselves', 'practice review*', 'practice week*',
    ],
    exclude: ['unvalidated data'],
  },
  {
    id: 'partnership-working',
    label: 'Partnership working',
    description: 'Work with partner agencies (police, health, schools, housing, probation): multi-agency working, information-sharing, and the local safeguarding children board or partnership.',
    include: [
      'partner', 'partners', 'partnership*', 'multi-agency', 'inter-agency', 'joint working', 'jointly', 'police', 'information-sharing',
      'shar* information', 'professionals', 'agencies', 'marac', 'mappa',
    ],
    exclude: [
      'her partner', 'his partner', 'new partner*', 'partners in', 'violent partner*', 'multi-agency safeguarding hub*', 'adoption agenc*',
      'fostering agenc*',
    ],
  },
  {
    id: 'safeguarding-partnership',
    label: 'Safeguarding children board and partnership',
    parent: 'partnership-working',
    description: 'The Local Safeguarding Children Board (LSCB) and, since 2019, the safeguarding partnership: scrutiny, learning reviews, multi-agency training and audits.',
    include: [
      'lscb', 'lscbs', 'safeguarding children board', 'safeguarding board', 'safeguarding children partnership', 'safeguarding partnership',
      'safeguarding partners', 'the board', 'board’s', 'serious case review*', 'child safeguarding practice review*', 'learning review*',
      'child death overview', 'section 11', 'independent chair', 'scrutineer',
    ],
  },
  {
    id: 'voice-of-the-child',
    label: 'Voice of the child',
    description: 'Whether children are seen, seen alone and heard: their wishes and feelings, direct work, participation, advocacy, and children in care councils.',
    include: [
      'voice*', 'wishes and feelings', 'views', 'seen alone', 'direct work', 'participat*', 'advoca*', 'children in care council*',
      'child in care council*', 'youth council*', 'young inspectors', 'listen*', 'lived experience*', 'feedback from children',
      'feedback from young people', 'independent visitor*', 'feel heard', 'felt heard', 'is heard', 'are heard', 'be heard', 'being heard',
      'co-produc*', 'consulted', 'seen regularly', 'visited regularly', 'complaint*',
    ],
    exclude: ['complaints about ofsted', 'complaints about the inspection', 'direct work with families', 'direct work with parents'],
  },
  {
    id: 'equality-diversity',
    label: 'Equality and diversity',
    description: 'Children’s identity, culture, ethnicity, faith, language, sexuality and gender, and whether services understand and meet diverse needs fairly.',
    include: [
      'diversity', 'diverse', 'equality', 'equalities', 'identity', 'identities', 'cultur*', 'ethnic*', 'heritage', 'religio*', 'faith',
      'english as an additional language', 'first language', 'community language*', 'language needs', 'interpreter*', 'racism', 'racial',
      'race', 'discriminat*', 'lgbt*', 'sexual orientation', 'sexuality', 'gender', 'protected characteristic*', 'black', 'minority ethnic',
      'ethnic minorit*', 'minority group*', 'minority communit*', 'disproportionat*', 'inclusion', 'inclusive', 'anti-racist',
    ],
  },
  {
    id: 'education',
    label: 'Education and the virtual school',
    description: 'Children’s education: the virtual school and headteacher, personal education plans, attendance, exclusions, attainment, and education, employment and training.',
    include: [
      'virtual school*', 'virtual head*', 'vht', 'personal education plan*', 'pep', 'peps', 'pupil premium', 'education*', 'educational',
      'school*', 'attainment', 'school attendance', 'exclusion*', 'excluded', 'home educated', 'home education', 'educated at home',
      'educated in their homes', 'missing education', 'post-16', 'college*', 'universit*', 'apprenticeship*', 'neet', 'designated teacher*',
      'tuition', 'headteacher*', 'pupil*', 'gcse*',
    ],
    exclude: [
      'education and inspections act', 'inspector of education', 'department for education', 'standards in education', 'education act',
      'education and skills',
    ],
  },
  {
    id: 'health',
    label: 'Health',
    description: 'Children’s physical, emotional and mental health: health assessments, CAMHS and therapeutic support, health visitors, midwifery and school nursing.',
    include: [
      'health*', 'camhs', 'cahms', 'emotional well-being', 'therap*', 'dental', 'dentist*', 'immunisation*', 'hospital*', 'midwi*', 'gp',
      'gps', 'strengths and difficulties', 'sdq*', 'clinical', 'clinician*', 'psycholog*', 'psychiatr*', 'nhs', 'substance misuse',
      'nurse*', 'paediatric*',
    ],
    exclude: ['education health and care plan*', 'health and safety', 'health and well-being board', 'health and wellbeing board'],
  },
  {
    id: 'disabled-children',
    label: 'Disabled children',
    description: 'Disabled children and children with special educational needs: their assessments, plans, short breaks, transitions and communication needs.',
    include: [
      'disabled child*', 'disabled young', 'disabilit*', 'children with complex needs', 'special educational needs', 'send', 'sen', 'ehcp*',
      'education health and care plan*', 'short break*', 'autis*', 'asd', 'learning difficult*', 'communication needs', '0-25',
    ],
    exclude: ['parents with learning disabilit*', 'parental learning disabilit*', 'parents learning disabilit*', 'ofsted to send'],
  },
  {
    id: 'early-help',
    label: 'Early help',
    description: 'Help before statutory social work: early help assessments and the common assessment framework (CAF), family support, children’s centres and family hubs, and stepping up and down.',
    include: [
      'early help', 'early intervention', 'common assessment framework', 'caf', 'cafs', 'team around the child', 'team around the family',
      'tac', 'troubled families', 'supporting families', 'family help', 'childrens centre*', 'family hub*', 'family support',
      'preventative', 'prevention', 'step down', 'stepped down', 'stepping down', 'steps down', 'step-up', 'step up', 'targeted youth',
    ],
  },
  {
    id: 'court',
    label: 'Pre-proceedings and court',
    description: 'The Public Law Outline (PLO) and pre-proceedings, care proceedings and the family court, legal planning meetings, Cafcass, and children accommodated under section 20.',
    include: [
      'pre-proceedings', 'public law outline', 'plo', 'proceedings', 'court*', 'judiciary', 'judge', 'judges', 'cafcass', 'legal planning',
      'legal gateway', 'legal order*', 'legal decision*', 'legal process*', 'legal threshold', 'letter before action', 'care order*',
      'supervision order*', 'section 20', 's20', 'legal status',
    ],
  },
  {
    id: 'homelessness',
    label: 'Housing and homelessness',
    description: 'Homeless 16- and 17-year-olds and care leavers’ accommodation: joint housing protocols, suitable accommodation, tenancies, and bed and breakfast.',
    include: [
      'homeless*', 'housing', 'accommodation', 'tenanc*', 'bed and breakfast', 'sofa-surfing', 'supported lodgings',
      'supported accommodation', '16 and 17 year old*', '16 and 17-year-old*', '16-17 year old*',
    ],
    exclude: ['section 20 accommodation'],
  },
  {
    id: 'recording',
    label: 'Recording and case records',
    description: 'The quality of case records, chronologies and case summaries, and the electronic recording systems social workers use.',
    include: [
      'recording', 'case record*', 'records', 'chronolog*', 'case summar*', 'case file*', 'recording system*', 'electronic system*',
      'case management system*', 'well recorded', 'clearly recorded', 'not recorded', 'poorly recorded', 'recorded on',
    ],
    exclude: ['criminal records', 'case file audit*', 'read case files', 'scrutinised case files'],
  },
  {
    id: 'domestic-abuse',
    label: 'Domestic abuse',
    description: 'Children living with domestic abuse: the response to police notifications, MARAC, specialist advisers and work with parents.',
    include: [
      'domestic abuse', 'domestic violence', 'marac', 'idva*', 'coercive control', 'domestic abuse adviser*', 'intimate partner violence',
    ],
  },
  {
    id: 'neglect',
    label: 'Neglect',
    description: 'Children living with neglect and cumulative harm: recognition, tools such as the graded care profile, and timely action.',
    include: ['neglect*', 'graded care profile', 'cumulative harm', 'chronic'],
    exclude: ['neglected their', 'neglected its'],
  },
  {
    id: 'allegations',
    label: 'Allegations against adults',
    description: 'Allegations against adults who work with children, managed by the designated officer (LADO).',
    include: ['lado', 'designated officer*', 'allegation*', 'position of trust', 'people in positions of trust'],
  },
  {
    id: 'private-fostering',
    label: 'Private fostering',
    description: 'Children privately fostered: identifying arrangements, assessments and raising awareness.',
    include: ['private fostering', 'privately fostered', 'privately arranged fostering*', 'private foster*'],
  },
  {
    id: 'covid-19',
    label: 'COVID-19',
    description: 'The COVID-19 pandemic and its restrictions: adapted and virtual practice, and the impact on children, families and the workforce.',
    include: [
      'covid*', 'coronavirus', 'pandemic', 'lockdown*', 'national restrictions', 'restrictions placed on society', 'social distancing',
      'ppe', 'personal protective equipment', 'shielding', 'visiting virtually', 'visited virtually', 'seen virtually',
      'virtually or in person', 'virtual visits', 'virtual meeting*', 'video call*', 'remote working', 'working remotely',
      'carried out remotely',
    ],
  },
];
