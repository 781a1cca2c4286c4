#!/usr/bin/env node
/**
 * Re-anchoring benchmark: do annotations follow their passage when the report's text changes?
 *
 *   npx tsc -b && node bench/reanchor.mjs          # table
 *   node bench/reanchor.mjs --json                 # the same figures as JSON
 *
 * Every finding of every shared report (../shared/reports) is annotated as it stands. Then, for
 * each annotation and each kind of edit, the edit is applied to a fresh copy of the report's
 * text, the annotation is anchored in the edited text with `anchor` (server/out/service/
 * anchoring.js), and the result is compared with where the passage is by construction:
 *
 *   (a) a paragraph (a reviewer's note) inserted near the top (the first blank line after 3% of
 *       the text that is not inside the tagged finding);
 *   (b) an untagged paragraph deleted elsewhere (a block of text between blank lines, 40
 *       characters or more, overlapping no finding), with the blank lines after it;
 *   (c) two or three words changed inside the tagged finding (each replaced by another word of the
 *       report, deleted, or followed by an inserted word);
 *   (d) a typo fixed inside the tagged finding (one letter of a word substituted, inserted,
 *       deleted, or two letters swapped);
 *   (e) the tagged finding re-wrapped at 60 columns (line breaks moved, nothing else changed);
 *   (f) the tagged finding swapped with the next finding (the previous one for the last);
 *   (g) the whole report converted to CRLF line ends;
 *   (h) the tagged finding itself deleted, with the blank lines after it (it should be orphaned).
 *
 * A placement is correct when the span found and the expected span overlap by at least 90% of
 * the length of each (so neither a much longer nor a much shorter span passes); for (h) the only
 * correct answer is an orphan. Otherwise the annotation is orphaned (no span) or placed wrongly.
 * Time is one `anchor` call per annotation, text already in memory, after a warm-up.
 * "Typical edits" are (a)–(g) together: the share of annotations that survive such an edit.
 *
 * A last line anchors in a 5 MB text (the reports repeated) a passage from its middle that was
 * reworded (found near its old place) and one that was deleted (given up on without searching
 * 5 MB approximately): both must come back promptly.
 *
 * Options: --json; --seed n (default 20250601); --sample n (findings per report, default all);
 * --service dir (default ../server/out/service).
 *
 * Targets: ≥ 99% correct on (a), (b), (f), (g); ≥ 95% on (c)–(e); ≤ 0.5% placed wrongly on
 * every kind. The benchmark reports; it never fails: it always exits 0.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { projectRoot, reportsRoot, sharedReportFiles } from './common.mjs';

const require = createRequire(import.meta.url);

const OVERLAP = 0.9;
const TARGETS = { easy: 0.99, edited: 0.95, wrong: 0.005 };
const EASY = ['a', 'b', 'f', 'g'];
const TYPICAL = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const NOTE = 'Reviewer’s note: this report was extracted again from the published PDF and checked against it; page furniture was left in place.';
const HUGE_CHARS = 5 * 1024 * 1024;

const EDITS = {
  a: { name: 'paragraph inserted near the top', apply: insertNearTop },
  b: { name: 'untagged paragraph deleted', apply: deleteUntagged },
  c: { name: 'two or three words changed', apply: changeWords },
  d: { name: 'typo fixed', apply: fixTypo },
  e: { name: 'finding re-wrapped', apply: rewrap },
  f: { name: 'finding swapped with the next', apply: swapWithNext },
  g: { name: 'CRLF line ends', apply: toCrlf },
  h: { name: 'tagged finding deleted', apply: deleteFinding },
};

await main().catch((error) => console.error(`bench/reanchor.mjs: ${error && error.stack ? error.stack : error}`));
process.exitCode = 0;

function options(argv) {
  const opts = { json: false, seed: 20250601, sample: Infinity, serviceDir: path.join(projectRoot, 'server', 'out', 'service') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (arg === '--json') opts.json = true;
    else if (arg === '--seed') opts.seed = Number(value());
    else if (arg === '--sample') opts.sample = Number(value());
    else if (arg === '--service') opts.serviceDir = path.resolve(value());
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/reanchor.mjs [--json] [--seed n] [--sample n] [--service dir]');
      process.exit(0);
    } else console.error(`bench/reanchor.mjs: ignoring unknown option ${arg}`);
  }
  return opts;
}

async function main() {
  const opts = options(process.argv.slice(2));
  const log = opts.json ? () => {} : (line = '') => console.log(line);
  const problem = !fs.existsSync(path.join(opts.serviceDir, 'anchoring.js'))
    ? `no built anchoring service at ${path.relative(process.cwd(), opts.serviceDir)}: run \`npx tsc -b\` first`
    : !fs.existsSync(reportsRoot)
      ? `no shared reports at ${reportsRoot}`
      : null;
  if (problem) {
    console.log(opts.json ? JSON.stringify({ error: problem }) : problem);
    return;
  }
  const service = {
    ...require(path.join(opts.serviceDir, 'index.js')),
    ...require(path.join(opts.serviceDir, 'annotations.js')),
    ...require(path.join(opts.serviceDir, 'anchoring.js')),
  };
  const reports = sharedReportFiles().map((file) => loadReport(service, file));
  const annotations = reports.reduce((sum, report) => sum + report.findings.length, 0);
  log(`Inspection Lens re-anchoring benchmark — node ${process.version}, ${process.platform}/${process.arch}`);
  log(`${reports.length} reports, ${annotations.toLocaleString('en-GB')} findings annotated${Number.isFinite(opts.sample) ? ` (at most ${opts.sample} a report)` : ''}; seed ${opts.seed}`);
  log();

  warmUp(service, reports);
  const results = Object.entries(EDITS).map(([key, edit]) => ({ key, name: edit.name, ...measureEdit(service, reports, edit, opts) }));
  const huge = measureHuge(service, reports);
  report(results, huge, log);
  if (opts.json) console.log(JSON.stringify({ node: process.version, seed: opts.seed, overlap: OVERLAP, edits: results.map(({ failures, ...rest }) => ({ ...rest, failures: failures.slice(0, 20) })), huge }, null, 2));
}


function loadReport(service, file) {
  const text = fs.readFileSync(path.join(reportsRoot, file), 'utf8');
  const findings = service.parseReport(text).findings.map((finding) => finding.span);
  let id = 0;
  const context = { newId: () => `urn:uuid:${++id}`, now: () => '2025-06-01T00:00:00Z', creator: 'bench' };
  const annotations = findings.map((span) => service.newAnnotation(text, span, file, 'sha256:bench', context));
  return { file, text, findings, annotations, paragraphs: untaggedParagraphs(text, findings), words: text.match(/[A-Za-z]{3,}/g) ?? [] };
}

function warmUp(service, reports) {
  const { text, annotations } = reports[0];
  for (const annotation of annotations) {
    service.anchor(annotation, text);
    service.anchor(annotation, text.replace(/\n/g, '\r\n'));
  }
}

function measureEdit(service, reports, edit, opts) {
  const counts = { trials: 0, correct: 0, orphaned: 0, wrong: 0, skipped: 0 };
  const how = { position: 0, quote: 0, fuzzy: 0, orphaned: 0 };
  const times = [];
  const failures = [];
  for (const [r, report] of reports.entries()) {
    const random = rng(opts.seed + r);
    const chosen = sample(report.findings.length, opts.sample, random);
    for (const index of chosen) {
      const edited = edit.apply(report, index, random);
      if (!edited) {
        counts.skipped++;
        continue;
      }
      const start = performance.now();
      const anchored = service.anchor(report.annotations[index], edited.text);
      times.push(performance.now() - start);
      counts.trials++;
      how[anchored.how]++;
      const verdict = judge(anchored.span, edited.expected);
      counts[verdict]++;
      if (verdict !== 'correct') failures.push({ file: report.file, finding: index, verdict, how: anchored.how, expected: edited.expected, span: anchored.span });
    }
  }
  return { ...counts, how, time: summary(times), failures };
}

/** `correct`, `orphaned` or `wrong`, with the 90% overlap rule (an orphan is correct when nothing is expected). */
function judge(span, expected) {
  if (!expected) return span ? 'wrong' : 'correct';
  if (!span) return 'orphaned';
  const overlap = Math.max(0, Math.min(span.end, expected.end) - Math.max(span.start, expected.start));
  return overlap >= OVERLAP * (span.end - span.start) && overlap >= OVERLAP * (expected.end - expected.start) ? 'correct' : 'wrong';
}

function measureHuge(service, reports) {
  const base = reports.map((report) => report.text).join('\n\f\n');
  const copies = Math.ceil(HUGE_CHARS / base.length);
  const middle = Math.floor(copies / 2);
  const altered = base.replace(/\bchildren\b/g, 'young people');
  const text = Array.from({ length: copies }, (_, i) => (i === middle ? base : altered)).join('\n\f\n');
  // A finding about children (300 characters or more) in the untouched copy in the middle: the only place where its exact words remain.
  const aboutChildren = (r, span) => span.end - span.start >= 300 && /\bchildren\b/.test(r.text.slice(span.start, span.end));
  const report = reports.find((r) => r.findings.some((span) => aboutChildren(r, span)));
  const offset = middle * (altered.length + 3) + reports.slice(0, reports.indexOf(report)).reduce((sum, r) => sum + r.text.length + 3, 0);
  const span = report.findings.find((candidate) => aboutChildren(report, candidate));
  const at = { start: span.start + offset, end: span.end + offset };
  let id = 0;
  const context = { newId: () => `urn:uuid:huge-${++id}`, now: () => '2025-06-01T00:00:00Z', creator: 'bench' };
  const annotation = service.newAnnotation(text, at, 'huge', 'sha256:huge', context);
  const reworded = changeWords({ ...report, text, findings: [at] }, 0, rng(1));
  const deleted = deleteFinding({ ...report, text, findings: [at] }, 0);
  const timed = (edited) => {
    const start = performance.now();
    const anchored = service.anchor(annotation, edited.text);
    return { ms: performance.now() - start, how: anchored.how, verdict: judge(anchored.span, edited.expected) };
  };
  return { chars: text.length, reworded: timed(reworded), deleted: timed(deleted) };
}

// ---------------------------------------------------------------------------------------------
// The edits: each returns the edited text and where the tagged finding is in it (null: gone),
// or null when the edit does not apply to this finding.

function insertNearTop({ text, findings }, index) {
  const span = findings[index];
  let at = text.indexOf('\n\n', Math.floor(text.length * 0.03));
  if (at >= span.start && at < span.end) at = text.indexOf('\n\n', span.end);
  if (at < 0) return null;
  const inserted = `\n\n${NOTE}`;
  return { text: text.slice(0, at) + inserted + text.slice(at), expected: at < span.start ? shift(span, inserted.length) : span };
}

function deleteUntagged({ text, findings, paragraphs }, index, random) {
  if (paragraphs.length === 0) return null;
  const span = findings[index];
  const paragraph = paragraphs[Math.floor(random() * paragraphs.length)];
  const cut = { start: paragraph.start, end: paragraph.end + text.slice(paragraph.end).match(/^\s*/)[0].length };
  return { text: text.slice(0, cut.start) + text.slice(cut.end), expected: cut.end <= span.start ? shift(span, cut.start - cut.end) : span };
}

function changeWords({ text, findings, words }, index, random) {
  const span = findings[index];
  const passage = text.slice(span.start, span.end);
  const inPassage = [...passage.matchAll(/[A-Za-z]{3,}/g)];
  if (inPassage.length < 4) return null;
  const count = 2 + Math.floor(random() * 2);
  const picked = new Set();
  while (picked.size < count) picked.add(Math.floor(random() * inPassage.length));
  let edited = passage;
  for (const w of [...picked].sort((a, b) => b - a)) {
    const word = inPassage[w];
    const other = pickOther(words, word[0], random);
    const kind = random();
    const replacement = kind < 0.6 ? other : kind < 0.8 ? '' : `${word[0]} ${other}`;
    const start = word.index;
    const end = kind >= 0.6 && kind < 0.8 && edited[start + word[0].length] === ' ' ? start + word[0].length + 1 : start + word[0].length;
    edited = edited.slice(0, start) + replacement + edited.slice(end);
  }
  return replaceSpan(text, span, edited);
}

function fixTypo({ text, findings }, index, random) {
  const span = findings[index];
  const passage = text.slice(span.start, span.end);
  const inPassage = [...passage.matchAll(/[A-Za-z]{4,}/g)];
  if (inPassage.length === 0) return null;
  const word = inPassage[Math.floor(random() * inPassage.length)];
  const letters = word[0];
  const i = 1 + Math.floor(random() * (letters.length - 2));
  const kind = Math.floor(random() * 4);
  const fixed =
    kind === 0 ? letters.slice(0, i) + (letters[i] === 'e' ? 'a' : 'e') + letters.slice(i + 1)
    : kind === 1 ? letters.slice(0, i) + letters[i] + letters.slice(i)
    : kind === 2 ? letters.slice(0, i) + letters.slice(i + 1)
    : letters.slice(0, i) + letters[i + 1] + letters[i] + letters.slice(i + 2);
  return replaceSpan(text, span, passage.slice(0, word.index) + fixed + passage.slice(word.index + letters.length));
}

/** Line breaks inside the finding become spaces, and new ones are put in at 60 columns: the length is unchanged. */
function rewrap({ text, findings }, index) {
  const span = findings[index];
  const passage = text.slice(span.start, span.end);
  const chars = [...passage.replace(/(?<=\S)\n(?=\S)/g, ' ')];
  let column = 0;
  let lastSpace = -1;
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '\n') {
      column = 0;
      lastSpace = -1;
      continue;
    }
    if (chars[i] === ' ') lastSpace = i;
    if (++column > 60 && lastSpace >= 0) {
      chars[lastSpace] = '\n';
      column = i - lastSpace;
      lastSpace = -1;
    }
  }
  return replaceSpan(text, span, chars.join(''));
}

function swapWithNext({ text, findings }, index) {
  if (findings.length < 2) return null;
  const [first, second] = index + 1 < findings.length ? [findings[index], findings[index + 1]] : [findings[index - 1], findings[index]];
  if (first.end > second.start) return null;
  const swapped = text.slice(0, first.start) + text.slice(second.start, second.end) + text.slice(first.end, second.start) + text.slice(first.start, first.end) + text.slice(second.end);
  const moved = findings[index] === first ? shift(first, second.end - first.end) : { start: first.start, end: first.start + (second.end - second.start) };
  return { text: swapped, expected: moved };
}

function toCrlf({ text, findings }, index) {
  const span = findings[index];
  const before = (offset) => offset + (text.slice(0, offset).match(/\n/g)?.length ?? 0);
  return { text: text.replace(/\n/g, '\r\n'), expected: { start: before(span.start), end: before(span.end) } };
}

function deleteFinding({ text, findings }, index) {
  const span = findings[index];
  const end = span.end + text.slice(span.end).match(/^\s*/)[0].length;
  return { text: text.slice(0, span.start) + text.slice(end), expected: null };
}

function replaceSpan(text, span, passage) {
  return { text: text.slice(0, span.start) + passage + text.slice(span.end), expected: { start: span.start, end: span.start + passage.length } };
}

function shift(span, by) {
  return { start: span.start + by, end: span.end + by };
}

/** Blocks of text between blank lines, 40 characters or more, that overlap no finding. */
function untaggedParagraphs(text, findings) {
  const paragraphs = [];
  for (const block of text.matchAll(/\S(?:[^\n]|\n(?![ \t\f\r]*\n))*/g)) {
    const start = block.index;
    const end = start + block[0].trimEnd().length;
    if (end - start >= 40 && !findings.some((span) => span.start < end && start < span.end)) paragraphs.push({ start, end });
  }
  return paragraphs;
}

function pickOther(words, not, random) {
  for (;;) {
    const word = words[Math.floor(random() * words.length)];
    if (word.toLowerCase() !== not.toLowerCase()) return word;
  }
}

/** `count` indexes of 0..n-1 (all when count ≥ n), in order. */
function sample(n, count, random) {
  const all = Array.from({ length: n }, (_, i) => i);
  if (count >= n) return all;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, count).sort((a, b) => a - b);
}

/** Mulberry32: a small seeded generator, so that every run makes the same edits. */
function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : NaN);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? NaN };
}

// ---------------------------------------------------------------------------------------------
// The report.

function report(results, huge, log) {
  const pct = (part, whole) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a');
  const ms = (value) => (Number.isFinite(value) ? (value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(2)} ms`) : 'n/a');
  const header = `${'edit'.padEnd(38)} ${'trials'.padStart(6)} ${'correct'.padStart(8)} ${'orphaned'.padStart(9)} ${'wrong'.padStart(7)}   ${'position/quote/fuzzy/orphaned'.padEnd(29)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}`;
  log(header);
  log('-'.repeat(header.length));
  for (const r of results) {
    const how = `${r.how.position}/${r.how.quote}/${r.how.fuzzy}/${r.how.orphaned}`;
    log(`${`(${r.key}) ${r.name}`.padEnd(38)} ${String(r.trials).padStart(6)} ${pct(r.correct, r.trials).padStart(8)} ${pct(r.orphaned, r.trials).padStart(9)} ${pct(r.wrong, r.trials).padStart(7)}   ${how.padEnd(29)} ${ms(r.time.p50).padStart(8)} ${ms(r.time.p95).padStart(8)}`);
  }
  const typical = results.filter((r) => TYPICAL.includes(r.key));
  const sum = (key) => typical.reduce((total, r) => total + r[key], 0);
  log('-'.repeat(header.length));
  log(`typical edits (a)–(g): ${pct(sum('correct'), sum('trials'))} of ${sum('trials').toLocaleString('en-GB')} annotations placed correctly, ${pct(sum('orphaned'), sum('trials'))} orphaned, ${pct(sum('wrong'), sum('trials'))} placed wrongly`);
  log(`(correct: the span found and the expected one overlap by ≥ ${OVERLAP * 100}% of each's length; for (h), orphaned. Skipped trials, where an edit does not apply: ${results.map((r) => `${r.key} ${r.skipped}`).join(', ')})`);
  log(`5 MB text (${huge.chars.toLocaleString('en-GB')} characters): reworded passage ${huge.reworded.how}, ${huge.reworded.verdict}, ${ms(huge.reworded.ms)}; deleted passage ${huge.deleted.how}, ${huge.deleted.verdict}, ${ms(huge.deleted.ms)}`);
  log();
  const failures = results.flatMap((r) => r.failures.filter((f) => f.verdict === 'wrong').map((f) => ({ edit: r.key, ...f })));
  if (failures.length) {
    log('placed wrongly:');
    for (const f of failures.slice(0, 15)) log(`  (${f.edit}) ${f.file} finding ${f.finding}: ${f.how} at ${f.span.start}..${f.span.end}, expected ${f.expected ? `${f.expected.start}..${f.expected.end}` : 'orphan'}`);
    if (failures.length > 15) log(`  … and ${failures.length - 15} more`);
    log();
  }
  log('targets:');
  for (const r of results.filter((r) => r.key !== 'h')) {
    const floor = EASY.includes(r.key) ? TARGETS.easy : TARGETS.edited;
    log(`  ${r.correct / r.trials >= floor ? 'MET ' : 'MISS'}  (${r.key}) ≥ ${floor * 100}% correct`.padEnd(40) + pct(r.correct, r.trials));
  }
  for (const r of results) log(`  ${r.wrong / r.trials <= TARGETS.wrong ? 'MET ' : 'MISS'}  (${r.key}) ≤ ${TARGETS.wrong * 100}% placed wrongly`.padEnd(40) + pct(r.wrong, r.trials));
}
