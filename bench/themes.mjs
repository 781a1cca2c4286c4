#!/usr/bin/env node
/**
 * Themes and stance of distinct finding texts: what theming costs when a workspace is indexed
 * cold. `classifyFindings` memoises by text, and the corpus of bench/index.mjs repeats its texts,
 * so this benchmark calls `themesOf` and `stanceOf` directly on texts that are all different.
 *
 *   npx tsc -b && node bench/themes.mjs                     # this build
 *   node bench/themes.mjs --service /tmp/old/service        # and another build, alternately, in the same run
 *   node bench/themes.mjs --variants 20 --rounds 5          # variants per finding (default 20), timed rounds (default 5)
 *   node bench/themes.mjs --json
 *
 * Texts: every finding of the shared reports (../shared/reports) and of the example, then, per
 * finding, seeded variants with one to four words dropped, doubled, swapped with the next or
 * replaced by a word of another finding, so that no memo keyed by text helps. A round themes and
 * stances every text once with each build (the order of the builds alternates between rounds);
 * the first round warms the JIT and is not counted. Figures are µs per finding, p50 (of every
 * call of every counted round) and mean (of the rounds' means, median over rounds), for themes
 * alone, stance alone, and both for each text as `classifyFindings` computes them for a new
 * finding (`themesAndStance` where the build has it, else one after the other).
 *
 * With `--service`, the two builds' results are compared on every text above, on a fuzzing set
 * (character-level damage: apostrophes, hyphens, punctuation runs, line breaks, non-breaking and
 * other spaces, letters that lower-case to something else, underscores and digits; and texts
 * strung together from the codebook's rule words, stance cues and set phrases), and with a
 * workspace codebook file applied as well as the default codebook: "identical: N of N".
 *
 * The other build is read from its `themes.js` (and what that requires of the same folder), so a
 * copy of `server/out/service` anywhere will do. Always exits 0.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { percentile, projectRoot as root, random, reportsRoot } from './common.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const json = args.includes('--json');
const variantsPerFinding = Number(option('--variants', '20'));
const rounds = Math.max(2, Number(option('--rounds', '5')));


function sharedFiles() {
  const top = fs.readdirSync(reportsRoot).filter((n) => n.endsWith('.txt')).map((n) => path.join(reportsRoot, n));
  const ilacs = fs.readdirSync(path.join(reportsRoot, 'ilacs')).filter((n) => n.endsWith('.txt')).map((n) => path.join(reportsRoot, 'ilacs', n));
  return [...top, ...ilacs].sort();
}

/** A build's themes module, with the default codebook compiled and a workspace codebook file applied. */
function loadBuild(dir, name) {
  const themes = require(path.join(dir, 'themes.js'));
  const file = themes.applyCodebookFile(themes.DEFAULT_CODEBOOK, CODEBOOK_FILE);
  return {
    name,
    dir,
    themesOf: themes.themesOf,
    stanceOf: themes.stanceOf,
    // Builds since themesAndStance read both at once, as classifyFindings then does.
    themesAndStance: themes.themesAndStance,
    book: themes.compileCodebook(themes.DEFAULT_CODEBOOK),
    fileBook: themes.compileCodebook(file.themes),
  };
}

/** A workspace codebook file that changes, adds and removes themes (docs/codebook.md), for the comparison. */
const CODEBOOK_FILE = `{
  // Comments and trailing commas, as in VS Code's settings.
  "themes": [
    { "id": "neglect", "label": "Neglect and cumulative harm", "alsoInclude": ["toxic trio", "home conditions"] },
    { "id": "kinship-care", "label": "Kinship care", "parent": "children-in-care", "include": ["kinship", "connected carer*", "family and friends care*"] },
    { "id": "covid-19", "remove": true },
    { "id": "workforce", "alsoExclude": ["social work academy"], "alsoInclude": ["agency-staff*", "co-work*"] },
    { "id": "court", "include": ["court*", "pre-proceeding*", "public law outline", "children's guardian*"], "exclude": ["court order*"] },
    { "id": "drift", "label": "Drift and delay", "include": ["drift*", "delay*", "not progress*", "too long", "multi-agency-led"], "exclude": ["without delay"] },
    { "id": "young-carers", "label": "Young carers", "parent": "early-help", "include": ["young carer*", "caring responsibilit*"] },
  ],
}`;

/** One to four words of a text dropped, doubled, swapped with the next, or replaced by another finding's word. */
function mutate(text, next, words) {
  const parts = text.split(' ');
  const edits = 1 + Math.floor(next() * 4);
  for (let e = 0; e < edits && parts.length > 3; e++) {
    const at = Math.floor(next() * parts.length);
    const kind = Math.floor(next() * 4);
    if (kind === 0) parts.splice(at, 1);
    else if (kind === 1) parts.splice(at, 0, parts[at]);
    else if (kind === 2 && at + 1 < parts.length) [parts[at], parts[at + 1]] = [parts[at + 1], parts[at]];
    else parts[at] = words[Math.floor(next() * words.length)];
  }
  return parts.join(' ');
}

/** What the fuzzing set inserts: the characters and pieces where tokenising could go wrong. */
const DAMAGE = [
  "'", '’', '‘', '`', 'ʼ', '-', '‐', '‑', '–', '_', '.', '..', '...', '. ', '.\n', ',', ', ', ';', ':', '!', '?', '?!', '\n', '\r\n', '\n\n',
  '\t', '\u00a0', '\u2009', '\u202f', '\u2028', '\ufeff', ' ', '  ', 'É', 'İ', '\u212a', 'ß', 'ẞ', 'é', 'Ω', 'ǅ', '0', '7', '(', ')', '/',
  '&', '"', '“', '”', "n't", "'s", 's’', '-based', 'non-', 'NOT ', ' not', ' too ', ' well', ' no ', ' lack of ', ' reducing ',
];

/** Character-level damage: pieces of DAMAGE inserted, characters deleted, words joined, split or upper-cased. */
function damage(text, next) {
  let result = text;
  const edits = 1 + Math.floor(next() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (result.length + 1));
    const kind = Math.floor(next() * 5);
    if (kind <= 1) result = result.slice(0, at) + DAMAGE[Math.floor(next() * DAMAGE.length)] + result.slice(at);
    else if (kind === 2) result = result.slice(0, at) + result.slice(at + 1);
    else if (kind === 3) {
      const space = result.indexOf(' ', at);
      if (space !== -1) result = result.slice(0, space) + (next() < 0.5 ? '' : '-') + result.slice(space + 1);
    } else {
      const end = Math.min(result.length, at + 1 + Math.floor(next() * 20));
      result = result.slice(0, at) + result.slice(at, end).toUpperCase() + result.slice(end);
    }
  }
  return result;
}

/** Stance cues and the words of set phrases, for texts strung together from what the classifiers look for. */
const CUE_WORDS = [
  'not', 'no', 'never', 'cannot', "don't", 'without', 'less', 'lack', 'absence', 'too', 'well', 'good', 'effective', 'timely', 'delay',
  'drift', 'poor', 'reduce', 'reducing', 'avoid', 'prevent', 'and', 'as', 'well-being', 'requires', 'improvement', 'to', 'be', 'there',
  'is', 'are', 'an', 'issue', 'high', 'quality', 'high-quality', 'child-centred', 'make', 'progress', 'feel', 'safe', 'yet', 'evidence',
  'caseloads', 'turnover', 'more', 'done', 'needs', 'whether', 'or', 'if', 'live', 'can', 'do', 'does', 'unable', 'in', 'education',
  'effectiveness', 'of', 'clear', 'about', 'where', 'when', 'it', 'appropriate', 'however', 'but', 'although', 'while', 'despite',
  'except', 'a', 'strength', 'remains', 'challenge', 'over-optimistic', 'under-developed', 'meet', 'the', 'threshold', 'criteria',
  'english', 'judged', 'looks', 'like', 'what', 'only', 'areas', 'for', 'development',
];

function fuzzTexts(base, book, count, next) {
  const ruleWords = [...new Set(book.flatMap((theme) => [...theme.include, ...(theme.exclude ?? [])]).flatMap((rule) => rule.replace(/\*/g, next() < 0.5 ? '' : 'ing').split(' ')))];
  const separators = [' ', ' ', ' ', ' ', ', ', '. ', '\n', '-', '’', "'", ' and ', '; ', '  ', ' (', ') ', '.', ':'];
  const texts = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      texts.push(damage(base[Math.floor(next() * base.length)], next));
      continue;
    }
    const length = 3 + Math.floor(next() * 30);
    let text = '';
    for (let w = 0; w < length; w++) {
      const pool = next() < 0.5 ? ruleWords : CUE_WORDS;
      let word = pool[Math.floor(next() * pool.length)];
      if (next() < 0.1) word = word[0].toUpperCase() + word.slice(1);
      text += word + (w + 1 < length ? separators[Math.floor(next() * separators.length)] : next() < 0.7 ? '.' : '');
    }
    texts.push(text);
  }
  return texts;
}


function median(values) {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** Times `f` on every text, one call at a time: per-call µs (for p50) and the mean µs of the pass. */
function timePass(texts, f, samples) {
  const start = performance.now();
  for (let i = 0; i < texts.length; i++) {
    const t0 = performance.now();
    f(texts[i]);
    samples.push((performance.now() - t0) * 1000);
  }
  return ((performance.now() - start) * 1000) / texts.length;
}

function measure(builds, texts) {
  const results = builds.map((build) => ({
    name: build.name,
    themes: { samples: [], means: [] },
    stance: { samples: [], means: [] },
    both: { samples: [], means: [] },
  }));
  for (let round = 0; round < rounds; round++) {
    // Alternate which build goes first, so neither always runs on the other's garbage.
    const order = round % 2 === 0 ? builds.map((_, i) => i) : builds.map((_, i) => builds.length - 1 - i);
    for (const b of order) {
      const build = builds[b];
      const counted = round > 0;
      const themeSamples = [];
      const stanceSamples = [];
      const themesMean = timePass(texts, (text) => build.themesOf(text, build.book), themeSamples);
      const stanceMean = timePass(texts, build.stanceOf, stanceSamples);
      // As classifyFindings does for a new text: its themes and its stance.
      const bothSamples = [];
      const bothMean = timePass(
        texts,
        build.themesAndStance
          ? (text) => build.themesAndStance(text, build.book)
          : (text) => {
              build.themesOf(text, build.book);
              build.stanceOf(text);
            },
        bothSamples,
      );
      if (!counted) continue;
      results[b].both.means.push(bothMean);
      for (const s of bothSamples) results[b].both.samples.push(s);
      results[b].themes.means.push(themesMean);
      results[b].stance.means.push(stanceMean);
      for (const s of themeSamples) results[b].themes.samples.push(s);
      for (const s of stanceSamples) results[b].stance.samples.push(s);
    }
  }
  return results.map((r) => ({
    name: r.name,
    themes: { p50: median(r.themes.samples), mean: median(r.themes.means), means: r.themes.means },
    stance: { p50: median(r.stance.samples), mean: median(r.stance.means), means: r.stance.means },
    both: { p50: median(r.both.samples), mean: median(r.both.means), means: r.both.means },
  }));
}

function compare(a, b, sets) {
  const out = [];
  for (const [name, texts] of sets) {
    let themes = 0;
    let fileThemes = 0;
    let stance = 0;
    let together = 0;
    const differences = [];
    for (const text of texts) {
      const ta = a.themesOf(text, a.book).join(',');
      const tb = b.themesOf(text, b.book).join(',');
      const fa = a.themesOf(text, a.fileBook).join(',');
      const fb = b.themesOf(text, b.fileBook).join(',');
      const sa = a.stanceOf(text);
      const sb = b.stanceOf(text);
      // Read at once, as classifyFindings does, both must agree with the builds' own themes and stance.
      for (const build of [a, b]) {
        if (!build.themesAndStance) continue;
        const both = build.themesAndStance(text, build.book);
        const file = build.themesAndStance(text, build.fileBook);
        const own = [build.themesOf(text, build.book).join(','), build.themesOf(text, build.fileBook).join(','), build.stanceOf(text)];
        if (both.themes.join(',') !== own[0] || file.themes.join(',') !== own[1] || both.stance !== own[2] || file.stance !== own[2]) together++;
      }
      if (ta === tb) themes++;
      if (fa === fb) fileThemes++;
      if (sa === sb) stance++;
      if ((ta !== tb || fa !== fb || sa !== sb) && differences.length < 5) differences.push({ text, themes: [ta, tb], file: [fa, fb], stance: [sa, sb] });
    }
    out.push({ name, texts: texts.length, themes, fileThemes, stance, together, differences });
  }
  return out;
}

function main() {
  const thisBuild = path.join(root, 'server/out/service');
  const service = require(path.join(thisBuild, 'index.js'));
  const builds = [loadBuild(thisBuild, 'this build')];
  const other = option('--service', undefined);
  if (other) builds.push(loadBuild(path.resolve(other), path.resolve(other)));

  const findings = [];
  for (const file of [...sharedFiles(), path.join(root, 'examples/northmoor-2025-inspection.txt')]) {
    for (const finding of service.parseReport(fs.readFileSync(file, 'utf8')).findings) findings.push(finding.text);
  }
  const base = [...new Set(findings)];
  const words = base.flatMap((text) => text.split(' ')).filter((w) => w.length > 2);
  const next = random(20261206);
  const distinct = new Set(base);
  for (const text of base) for (let v = 0; v < variantsPerFinding; v++) distinct.add(mutate(text, next, words));
  const texts = [...distinct];
  const fuzz = fuzzTexts(base, service.DEFAULT_CODEBOOK, 20_000, random(61220));

  if (!json) {
    console.log(`Themes and stance of distinct texts: ${findings.length} findings of ${sharedFiles().length} shared reports and the example (${base.length} distinct),`);
    console.log(`${texts.length} distinct texts with ${variantsPerFinding} seeded variants of each; ${rounds} rounds, the first not counted.`);
    console.log(`Builds: ${builds.map((b) => b.dir).join(' | ')}\n`);
  }
  const results = measure(builds, texts);
  const comparison = builds.length > 1 ? compare(builds[0], builds[1], [['findings', base], ['variants', texts.filter((t) => !base.includes(t))], ['fuzzing', fuzz]]) : [];

  if (json) {
    console.log(JSON.stringify({ texts: texts.length, rounds, results, comparison }, null, 2));
    return;
  }
  const fmt = (n) => n.toFixed(2).padStart(7);
  console.log('| build | themes p50 µs | themes mean µs | stance p50 µs | stance mean µs | both p50 µs | both mean µs |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(`| ${r.name} | ${fmt(r.themes.p50)} | ${fmt(r.themes.mean)} | ${fmt(r.stance.p50)} | ${fmt(r.stance.mean)} | ${fmt(r.both.p50)} | ${fmt(r.both.mean)} |`);
  }
  if (results.length > 1) {
    const [now, then] = results;
    console.log(`\nThis build against the other: themes ${(then.themes.mean / now.themes.mean).toFixed(1)}× faster (mean), stance ${(then.stance.mean / now.stance.mean).toFixed(1)}× faster, both ${(then.both.mean / now.both.mean).toFixed(1)}× faster.`);
    console.log(`Per-round means (µs): themes ${now.themes.means.map((m) => m.toFixed(2)).join(' ')} | ${then.themes.means.map((m) => m.toFixed(2)).join(' ')}; stance ${now.stance.means.map((m) => m.toFixed(2)).join(' ')} | ${then.stance.means.map((m) => m.toFixed(2)).join(' ')}`);
    const per88k = (r) => (r.both.mean * 88_000) / 1e6;
    console.log(`88,000 distinct findings (2,000 reports): ${per88k(then).toFixed(2)} s → ${per88k(now).toFixed(2)} s of CPU.`);
    console.log('\nSame results as the other build:');
    let all = 0;
    let same = 0;
    for (const c of comparison) {
      console.log(`  ${c.name}: themes identical: ${c.themes} of ${c.texts}; with a codebook file: ${c.fileThemes} of ${c.texts}; stance identical: ${c.stance} of ${c.texts}; themesAndStance disagreeing with themesOf/stanceOf: ${c.together}`);
      all += 3 * c.texts;
      same += c.themes + c.fileThemes + c.stance - c.together;
      for (const d of c.differences) console.log(`    differs: ${JSON.stringify(d)}`);
    }
    console.log(`identical: ${same} of ${all}`);
  }
}

try {
  main();
} catch (error) {
  console.log(`The benchmark could not run: ${error?.stack ?? error}`);
}
process.exit(0);
