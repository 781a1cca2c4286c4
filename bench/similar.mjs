#!/usr/bin/env node
/**
 * "Go to similar finding" benchmark: the BM25 similarity index (server/out/service/similar.js)
 * against fuse.js, answering the same queries over the same findings, in the same run.
 *
 *   npx tsc -b && node bench/similar.mjs            # table
 *   node bench/similar.mjs --json                   # the same figures as JSON
 *
 * Corpora: (a) the shared reports (../shared/reports); (b) and (c) generated corpora of 2,000
 * and 20,000 reports built by recombining the shared reports' findings (seeded RNG: each report
 * draws 50–110 findings at random from all reports, boilerplate included, and 30% of them get
 * one to three word-level mutations: a word dropped, doubled, swapped with its neighbour or
 * replaced by another word of the reports).
 *
 * For each corpus: index build time (cold), toJSON → JSON text → fromJSON warm start and JSON
 * size, memory held by the index (heap + array buffers after GC) and the process's peak RSS,
 * query latency p50/p95 over the labelled queries and over random findings used as queries.
 * fuse.js runs in a worker thread over the same findings with the same queries, within a time
 * budget: queries that do not finish in it are reported as unfinished, and nothing is
 * extrapolated. Precision@10 of both on the labelled set (test/fixtures/similar/labelled.json)
 * is computed on the shared reports, the only corpus with judgements.
 *
 * Options: --json; --scales shared,2000,20000 (default all); --seed n (default 20250601);
 * --random-queries n (default 200); --fuse-budget s (seconds of fuse.js per generated corpus,
 * default 600); --no-fuse; --service dir (default ../server/out/service).
 *
 * Targets: p95 ≤ 10 ms at 2,000 reports and ≤ 60 ms at 20,000; at least 1000× faster than
 * fuse.js at higher precision@10. The benchmark reports; it never fails: it always exits 0.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { projectRoot, reportsRoot, sharedReportFiles } from './common.mjs';

const labelledPath = path.join(projectRoot, 'test', 'fixtures', 'similar', 'labelled.json');
const require = createRequire(import.meta.url);
const MB = 1024 * 1024;

const FINDINGS_PER_REPORT = [50, 110];
const MUTATION_RATE = 0.3;
const TARGETS = { p95At2000: 10, p95At20000: 60, speedup: 1000 };
/** fuse.js options for finding-length text: match anywhere in a finding, the default threshold. */
const FUSE_OPTIONS = { keys: ['text'], includeScore: true, ignoreLocation: true, threshold: 0.6 };

// ---------------------------------------------------------------------------------------------
// Shared by the main thread and the fuse.js worker.

function loadService(serviceDir) {
  return { ...require(path.join(serviceDir, 'index.js')), ...require(path.join(serviceDir, 'similar.js')) };
}


/** The shared reports, parsed: [{ id, findings: [{ text, section }] }]. */
function sharedReports(service) {
  return sharedReportFiles().map((file) => ({
    id: file,
    findings: service.parseReport(fs.readFileSync(path.join(reportsRoot, file), 'utf8')).findings.map(({ text, section }) => ({ text, section })),
  }));
}

/** Mulberry32: a small seeded generator, so that every run builds the same corpora. */
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

/** Every finding of the shared reports, and every word they use (for mutations). */
function findingPool(reports) {
  const pool = reports.flatMap((report) => report.findings);
  const words = [...new Set(pool.flatMap((finding) => finding.text.split(' ')))];
  return { pool, words };
}

function mutate(text, random, words) {
  const parts = text.split(' ');
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits && parts.length > 3; e++) {
    const at = Math.floor(random() * parts.length);
    const kind = Math.floor(random() * 4);
    if (kind === 0) parts.splice(at, 1);
    else if (kind === 1) parts.splice(at, 0, parts[at]);
    else if (kind === 2 && at + 1 < parts.length) [parts[at], parts[at + 1]] = [parts[at + 1], parts[at]];
    else parts[at] = words[Math.floor(random() * words.length)];
  }
  return parts.join(' ');
}

/** The generated corpus of `count` reports, one report at a time. */
function* generatedReports({ pool, words }, count, seed) {
  const random = rng(seed + count);
  const [low, high] = FINDINGS_PER_REPORT;
  for (let r = 0; r < count; r++) {
    const n = low + Math.floor(random() * (high - low + 1));
    const findings = [];
    for (let i = 0; i < n; i++) {
      const source = pool[Math.floor(random() * pool.length)];
      findings.push({ text: random() < MUTATION_RATE ? mutate(source.text, random, words) : source.text, section: source.section });
    }
    yield { id: `generated-${count}/${String(r).padStart(5, '0')}`, findings };
  }
}

function corpusReports(service, scale, seed) {
  const shared = sharedReports(service);
  return scale === 'shared' ? shared : generatedReports(findingPool(shared), Number(scale), seed);
}

// ---------------------------------------------------------------------------------------------
// fuse.js worker: builds fuse.js over the corpus's findings and answers the queries it is sent.

if (!isMainThread) {
  const { serviceDir, scale, seed, queries, fuseOptions, extended } = workerData;
  const service = loadService(serviceDir);
  const Fuse = require('fuse.js');
  const docs = [];
  for (const report of corpusReports(service, scale, seed)) {
    report.findings.forEach((finding, index) => {
      if (!service.isBoilerplate(finding.text, finding.section)) docs.push({ text: finding.text, report: report.id, finding: index });
    });
  }
  const started = performance.now();
  const fuse = new Fuse(docs, { ...fuseOptions, ...(extended ? { useExtendedSearch: true } : {}) });
  parentPort.postMessage({ built: true, findings: docs.length, buildMs: performance.now() - started });
  for (const [i, query] of queries.entries()) {
    const pattern = extended ? orPattern(query.text) : query.text;
    const start = performance.now();
    const results = fuse.search(pattern);
    const ms = performance.now() - start;
    const top = results.filter((r) => r.item.report !== query.excludeReport).slice(0, 10).map((r) => `${r.item.report}#${r.item.finding}`);
    parentPort.postMessage({ i, ms, top });
  }
  parentPort.postMessage({ done: true });
}

/** fuse.js extended search: the query's distinct words (three letters or more), any of which may match. */
function orPattern(text) {
  const words = new Set(text.toLowerCase().match(/[a-z]{3,}/g) ?? []);
  return [...words].join(' | ');
}

// ---------------------------------------------------------------------------------------------
// Main thread.

if (isMainThread) {
  await main().catch((error) => console.error(`bench/similar.mjs: ${error && error.stack ? error.stack : error}`));
  process.exitCode = 0;
}

function options(argv) {
  const opts = {
    json: false,
    scales: ['shared', '2000', '20000'],
    seed: 20250601,
    randomQueries: 200,
    fuseBudgetS: 600,
    fuse: true,
    serviceDir: path.join(projectRoot, 'server', 'out', 'service'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (arg === '--json') opts.json = true;
    else if (arg === '--scales') opts.scales = value().split(',');
    else if (arg === '--seed') opts.seed = Number(value());
    else if (arg === '--random-queries') opts.randomQueries = Number(value());
    else if (arg === '--fuse-budget') opts.fuseBudgetS = Number(value());
    else if (arg === '--no-fuse') opts.fuse = false;
    else if (arg === '--service') opts.serviceDir = path.resolve(value());
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/similar.mjs [--json] [--scales shared,2000,20000] [--seed n] [--random-queries n] [--fuse-budget s] [--no-fuse] [--service dir]');
      process.exit(0);
    } else console.error(`bench/similar.mjs: ignoring unknown option ${arg}`);
  }
  return opts;
}

async function main() {
  const opts = options(process.argv.slice(2));
  const log = opts.json ? () => {} : (line = '') => console.log(line);
  const problem = !fs.existsSync(path.join(opts.serviceDir, 'similar.js'))
    ? `no built similarity index at ${path.relative(process.cwd(), opts.serviceDir)}: run \`npx tsc -b\` first`
    : !fs.existsSync(reportsRoot)
      ? `no shared reports at ${reportsRoot}`
      : null;
  if (problem) {
    console.log(opts.json ? JSON.stringify({ error: problem }) : problem);
    return;
  }
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const service = loadService(opts.serviceDir);
  const shared = sharedReports(service);
  const labelled = loadLabelled(shared);
  const randomQueries = sampleQueries(findingPool(shared), opts.randomQueries, opts.seed);

  log(`Inspection Lens similar-finding benchmark — node ${process.version}, ${process.platform}/${process.arch}, ${navigatorCpus()}`);
  log(`labelled set: ${labelled.queries.length} queries, ${labelled.relevantCount} relevant findings judged; seed ${opts.seed}; MB = 1,048,576 bytes`);
  log();

  // BM25 on every corpus first, so that each peak RSS is the index's and not fuse.js's.
  const scales = [];
  for (const scale of opts.scales) {
    log(`building the index over ${scale === 'shared' ? 'the shared reports' : `${Number(scale).toLocaleString('en-GB')} generated reports`} …`);
    scales.push(measureIndex(service, scale, opts, labelled, randomQueries, gc, log));
  }
  if (opts.fuse) {
    for (const result of scales) {
      const budgetMs = result.scale === 'shared' ? Infinity : opts.fuseBudgetS * 1000;
      const queries = result.scale === 'shared' ? labelled.queries.map(({ text, file }) => ({ text, excludeReport: file })) : result.queryList;
      log(`fuse.js over ${result.scale === 'shared' ? 'the shared reports' : `${Number(result.scale).toLocaleString('en-GB')} generated reports`} (budget ${budgetMs === Infinity ? 'none' : `${opts.fuseBudgetS} s`}) …`);
      result.fuse = await runFuse(opts, result.scale, queries, budgetMs, false);
      if (result.scale === 'shared') {
        result.fuse.precisionAt10 = precision(labelled, result.fuse.answers.map((answer) => answer?.top ?? []));
        result.fuseExtended = await runFuse(opts, 'shared', queries, Infinity, true);
        result.fuseExtended.precisionAt10 = precision(labelled, result.fuseExtended.answers.map((answer) => answer?.top ?? []));
      }
      result.speedup = speedup(result);
    }
  }
  report(scales, labelled, opts, log);
}

function navigatorCpus() {
  const cpus = require('node:os').cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}; load ${require('node:os').loadavg().map((n) => n.toFixed(2)).join(' ')}`;
}

/** The labelled queries with their texts, and each relevant finding as "file#index". */
function loadLabelled(shared) {
  const json = JSON.parse(fs.readFileSync(labelledPath, 'utf8'));
  const byFile = new Map(shared.map((report) => [report.id, report.findings]));
  const fold = (text) => text.replace(/[\u2018\u2019`]/g, "'").replace(/\s+/g, ' ').toLowerCase();
  const keyOf = ({ file, quote }) => {
    const index = (byFile.get(file) ?? []).findIndex((finding) => fold(finding.text).includes(fold(quote)));
    if (index < 0) throw new Error(`labelled set: no finding of ${file} quotes "${quote}"`);
    return `${file}#${index}`;
  };
  const queries = json.queries.map((query) => {
    const key = keyOf(query.query);
    const [file, index] = key.split('#');
    return { id: query.id, file, text: byFile.get(file)[Number(index)].text, relevant: new Set(query.relevant.map(keyOf)) };
  });
  return { queries, relevantCount: queries.reduce((sum, query) => sum + query.relevant.size, 0) };
}

/** Random findings (boilerplate excepted), some mutated, to use as queries. */
function sampleQueries({ pool, words }, count, seed) {
  const random = rng(seed ^ 0x5eed);
  const candidates = pool.filter((finding) => finding.text.length >= 80);
  return Array.from({ length: count }, () => {
    const source = candidates[Math.floor(random() * candidates.length)];
    return random() < MUTATION_RATE ? mutate(source.text, random, words) : source.text;
  });
}

function memory(gc) {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, arrayBuffers: usage.arrayBuffers, external: usage.external, rss: usage.rss };
}

function measureIndex(service, scale, opts, labelled, randomQueries, gc, log) {
  const before = memory(gc);
  const index = new service.SimilarityIndex();
  let addMs = 0;
  let bytes = 0;
  let findings = 0;
  let reports = 0;
  const reportIds = [];
  for (const report of corpusReports(service, scale, opts.seed)) {
    for (const finding of report.findings) bytes += Buffer.byteLength(finding.text, 'utf8');
    findings += report.findings.length;
    const start = performance.now();
    index.add(report.id, report.findings);
    addMs += performance.now() - start;
    reports++;
    if (reports % 97 === 0) reportIds.push(report.id);
  }
  const after = memory(gc);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  log(`  ${reports.toLocaleString('en-GB')} reports, ${findings.toLocaleString('en-GB')} findings (${index.size.toLocaleString('en-GB')} indexed), built in ${(addMs / 1000).toFixed(2)} s`);

  // Save and warm start: the cache is JSON text.
  let start = performance.now();
  const text = JSON.stringify(index.toJSON());
  const saveMs = performance.now() - start;
  start = performance.now();
  const warm = service.SimilarityIndex.fromJSON(JSON.parse(text));
  const warmStartMs = performance.now() - start;
  const jsonBytes = text.length;

  const isShared = scale === 'shared';
  const labelledQueries = labelled.queries.map((query) => ({ text: query.text, excludeReport: isShared ? query.file : undefined }));
  const random = rng(opts.seed ^ 0xbeef);
  const otherQueries = randomQueries.map((text) => ({ text, excludeReport: reportIds[Math.floor(random() * reportIds.length)] }));
  for (const query of otherQueries.slice(0, 20)) index.query(query.text, { excludeReport: query.excludeReport }); // warm-up
  const labelledTimes = time(index, labelledQueries);
  const randomTimes = time(index, otherQueries);
  const identical = labelledQueries.every((query) => JSON.stringify(index.query(query.text, query)) === JSON.stringify(warm.query(query.text, query)));
  const precisionAt10 = isShared ? precision(labelled, labelled.queries.map((query) => top10(index, query.text, query.file))) : null;
  const result = {
    scale,
    reports,
    findings,
    indexed: index.size,
    textMb: bytes / MB,
    buildMs: addMs,
    buildMbPerS: bytes / MB / (addMs / 1000),
    indexMemoryMb: (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / MB,
    rssAfterBuildMb: after.rss / MB,
    peakRssMb,
    jsonMb: jsonBytes / MB,
    saveMs,
    warmStartMs,
    warmStartIdentical: identical,
    latency: { labelled: summary(labelledTimes.times), random: summary(randomTimes.times), all: summary([...labelledTimes.times, ...randomTimes.times]) },
    precisionAt10,
    queryList: [...labelledQueries, ...otherQueries],
    queryTimes: [...labelledTimes.times, ...randomTimes.times],
  };
  log(`  p50 ${result.latency.all.p50.toFixed(2)} ms, p95 ${result.latency.all.p95.toFixed(2)} ms; JSON ${result.jsonMb.toFixed(1)} MB, warm start ${result.warmStartMs.toFixed(0)} ms; index ≈ ${result.indexMemoryMb.toFixed(0)} MB`);
  return result;
}

function time(index, queries) {
  const times = [];
  for (const query of queries) {
    const start = performance.now();
    index.query(query.text, { excludeReport: query.excludeReport });
    times.push(performance.now() - start);
  }
  return { times };
}

function top10(index, text, excludeReport) {
  return index.query(text, { excludeReport, limit: 10 }).map((hit) => `${hit.reportId}#${hit.finding}`);
}

/** Mean precision@10: relevant findings among each query's first ten, over ten (fewer results count as misses). */
function precision(labelled, tops) {
  const per = labelled.queries.map((query, i) => tops[i].filter((key) => query.relevant.has(key)).length / 10);
  return { mean: per.reduce((a, b) => a + b, 0) / per.length, perQuery: Object.fromEntries(labelled.queries.map((q, i) => [q.id, per[i]])) };
}

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

/** fuse.js in a worker over the same corpus; stops at the budget, reporting the query it was in. */
function runFuse(opts, scale, queries, budgetMs, extended) {
  return new Promise((resolve) => {
    const worker = new Worker(fileURLToPath(import.meta.url), {
      workerData: { serviceDir: opts.serviceDir, scale, seed: opts.seed, queries, fuseOptions: FUSE_OPTIONS, extended },
      resourceLimits: { maxOldGenerationSizeMb: 16 * 1024 },
    });
    const answers = new Array(queries.length).fill(null);
    const result = { extended, findings: 0, buildMs: null, answers, finished: 0, unfinished: null, error: null };
    let timer;
    let queryStarted = 0;
    const finish = () => {
      clearTimeout(timer);
      void worker.terminate();
      const times = answers.filter(Boolean).map((answer) => answer.ms);
      result.latency = times.length ? summary(times) : null;
      resolve(result);
    };
    worker.on('message', (message) => {
      if (message.built) {
        result.findings = message.findings;
        result.buildMs = message.buildMs;
        queryStarted = performance.now();
        if (budgetMs !== Infinity) timer = setTimeout(() => {
          result.unfinished = { query: result.finished, afterMs: performance.now() - queryStarted };
          finish();
        }, budgetMs);
      } else if (message.done) finish();
      else {
        answers[message.i] = { ms: message.ms, top: message.top };
        result.finished++;
        queryStarted = performance.now();
      }
    });
    worker.on('error', (error) => {
      result.error = String(error && error.message ? error.message : error);
      finish();
    });
  });
}

/** fuse.js's latency over BM25's on the queries fuse.js answered (medians of each). */
function speedup(result) {
  const answered = result.fuse.answers.map((answer, i) => (answer ? [answer.ms, result.queryTimes[i]] : null)).filter(Boolean);
  if (result.scale === 'shared') {
    // On the shared reports fuse.js answered the labelled queries: compare with BM25 on those.
    const bm25 = result.latency.labelled.p50;
    const fuse = result.fuse.latency?.p50;
    return fuse ? { ratio: fuse / bm25, basis: `median of ${result.fuse.finished} labelled queries` } : null;
  }
  if (answered.length === 0) {
    const lowerBound = result.fuse.unfinished ? result.fuse.unfinished.afterMs / result.latency.all.p50 : null;
    return lowerBound ? { ratio: null, atLeast: lowerBound, basis: 'fuse.js answered no query within its budget; lower bound from the unfinished one' } : null;
  }
  const median = (values) => summary(values).p50;
  return { ratio: median(answered.map(([fuse]) => fuse)) / median(answered.map(([, bm25]) => bm25)), basis: `median of ${answered.length} queries fuse.js answered` };
}

// ---------------------------------------------------------------------------------------------
// The report.

/** fuse.js's version, from its package.json (which its exports do not let require() load). */
function fuseVersion() {
  try {
    const main = require.resolve('fuse.js');
    for (let dir = path.dirname(main); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')).version;
    }
  } catch {
    // An unknown version is no reason to lose the figures.
  }
  return '(version unknown)';
}

function report(scales, labelled, opts, log) {
  const label = (scale) => (scale === 'shared' ? 'shared reports' : `${Number(scale).toLocaleString('en-GB')} generated`);
  const ms = (value) => (value === null || value === undefined ? 'n/a' : value >= 10000 ? `${(value / 1000).toFixed(1)} s` : value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(2)} ms`);
  log();
  log(`BM25 index (${path.relative(projectRoot, path.join(opts.serviceDir, 'similar.js'))})`);
  const header = `${'corpus'.padEnd(16)} ${'reports'.padStart(8)} ${'indexed'.padStart(10)} ${'text MB'.padStart(8)} ${'build'.padStart(9)} ${'MB/s'.padStart(6)} ${'index MB'.padStart(9)} ${'peak RSS'.padStart(9)} ${'JSON MB'.padStart(8)} ${'warm'.padStart(8)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)}`;
  log(header);
  log('-'.repeat(header.length));
  for (const s of scales) {
    log(
      `${label(s.scale).padEnd(16)} ${s.reports.toLocaleString('en-GB').padStart(8)} ${s.indexed.toLocaleString('en-GB').padStart(10)} ${s.textMb.toFixed(1).padStart(8)} ${ms(s.buildMs).padStart(9)} ${s.buildMbPerS.toFixed(1).padStart(6)} ${s.indexMemoryMb.toFixed(0).padStart(9)} ${s.peakRssMb.toFixed(0).padStart(9)} ${s.jsonMb.toFixed(1).padStart(8)} ${ms(s.warmStartMs).padStart(8)} ${ms(s.latency.all.p50).padStart(8)} ${ms(s.latency.all.p95).padStart(8)} ${ms(s.latency.all.max).padStart(8)}`,
    );
  }
  log('(latency over the labelled queries and random findings as queries, limit 10; labelled alone:');
  for (const s of scales) log(`  ${label(s.scale)}: p50 ${ms(s.latency.labelled.p50)}, p95 ${ms(s.latency.labelled.p95)}; random findings: p50 ${ms(s.latency.random.p50)}, p95 ${ms(s.latency.random.p95)}; warm start gives identical results: ${s.warmStartIdentical ? 'yes' : 'NO'})`);
  log('(peak RSS is the whole process so far; index MB is heap + array buffers held after GC)');
  log();

  if (opts.fuse) {
    log(`fuse.js ${fuseVersion()} (${JSON.stringify(FUSE_OPTIONS)}), in a worker thread`);
    for (const s of scales) {
      const f = s.fuse;
      const answered = f.latency ? `${f.finished} answered: p50 ${ms(f.latency.p50)}, max ${ms(f.latency.max)}` : 'none answered';
      const stopped = f.unfinished ? `; stopped at the budget ${ms(f.unfinished.afterMs)} into query ${f.unfinished.query + 1}` : '';
      const speed = s.speedup ? (s.speedup.ratio ? `${Math.round(s.speedup.ratio).toLocaleString('en-GB')}× slower than BM25 (${s.speedup.basis})` : `at least ${Math.round(s.speedup.atLeast).toLocaleString('en-GB')}× slower (${s.speedup.basis})`) : '';
      log(`  ${label(s.scale).padEnd(16)} ${f.findings.toLocaleString('en-GB')} findings, index ${ms(f.buildMs)}; ${answered}${stopped}${f.error ? `; error: ${f.error}` : ''}`);
      if (speed) log(`  ${''.padEnd(16)} ${speed}`);
    }
    const shared = scales.find((s) => s.scale === 'shared');
    if (shared?.fuseExtended?.latency) log(`  also tried on the shared reports: extended search, the query's words OR'ed: p50 ${ms(shared.fuseExtended.latency.p50)}, precision@10 ${shared.fuseExtended.precisionAt10.mean.toFixed(3)}`);
    log();
  }

  const shared = scales.find((s) => s.scale === 'shared');
  if (shared) {
    log(`precision@10 on the labelled set (${labelled.queries.length} queries, shared reports, the query's own report excluded):`);
    log(`  BM25     ${shared.precisionAt10.mean.toFixed(3)}`);
    if (shared.fuse) log(`  fuse.js  ${shared.fuse.precisionAt10.mean.toFixed(3)}`);
    log();
  }

  const at = (scale) => scales.find((s) => s.scale === scale);
  const targets = [];
  if (at('2000')) targets.push({ name: `p95 ≤ ${TARGETS.p95At2000} ms at 2,000 reports`, value: at('2000').latency.all.p95, unit: 'ms', met: at('2000').latency.all.p95 <= TARGETS.p95At2000 });
  if (at('20000')) targets.push({ name: `p95 ≤ ${TARGETS.p95At20000} ms at 20,000 reports`, value: at('20000').latency.all.p95, unit: 'ms', met: at('20000').latency.all.p95 <= TARGETS.p95At20000 });
  for (const s of scales.filter((s) => s.speedup)) {
    const ratio = s.speedup.ratio ?? s.speedup.atLeast;
    targets.push({ name: `≥ ${TARGETS.speedup}× faster than fuse.js (${label(s.scale)})`, value: ratio, unit: '×', met: ratio >= TARGETS.speedup, lowerBound: !s.speedup.ratio });
  }
  if (shared?.fuse) targets.push({ name: 'higher precision@10 than fuse.js', value: shared.precisionAt10.mean - shared.fuse.precisionAt10.mean, unit: 'difference', met: shared.precisionAt10.mean > shared.fuse.precisionAt10.mean });
  log('targets:');
  for (const t of targets) log(`  ${t.met ? 'MET ' : 'MISS'}  ${t.name.padEnd(52)} ${t.unit === '×' ? `${t.lowerBound ? '≥ ' : ''}${Math.round(t.value).toLocaleString('en-GB')}×` : t.unit === 'ms' ? ms(t.value) : `+${t.value.toFixed(3)}`}`);

  if (opts.json) {
    const clean = scales.map(({ fuse, fuseExtended, ...rest }) => ({
      ...rest,
      queryList: undefined,
      queryTimes: undefined,
      ...(fuse ? { fuse: { ...fuse, answers: undefined } } : {}),
      ...(fuseExtended ? { fuseExtended: { ...fuseExtended, answers: undefined } } : {}),
    }));
    console.log(JSON.stringify({ node: process.version, platform: `${process.platform}/${process.arch}`, seed: opts.seed, labelledQueries: labelled.queries.length, fuse: fuseVersion(), fuseOptions: FUSE_OPTIONS, corpora: clean, targets }, null, 2));
  }
}
