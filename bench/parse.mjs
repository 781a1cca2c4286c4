#!/usr/bin/env node
/**
 * Parse benchmark: how fast `parseReport` reads the real reports in ../shared/reports.
 *
 *   npx tsc -b && node bench/parse.mjs            # table
 *   node bench/parse.mjs --json                   # the same figures as JSON
 *
 * Options: --json, --min-time <ms> (default 1000), --min-runs <n> (default 50),
 * --max-time <ms> per report (default 3000), --big-timeout <ms> for each large input
 * (default 60000), --no-big (skip the large inputs), --service <dir> (a built service
 * directory, default ../server/out/service).
 *
 * Parse time is `parseReport` alone; reading `report.diagnostics` afterwards (computed on first use)
 * is timed apart and shown as +diag. Each report is warmed up, then parsed until it has had at least --min-runs runs and
 * --min-time ms, or --max-time ms have passed (with at least 10 runs). Large inputs (a 5 MB
 * single line, 20 MB of reports concatenated) are parsed in a worker thread so that a slow
 * parser is timed out instead of hanging the benchmark.
 *
 * Targets: havering-2016-10-sif-inspection.txt median < 2 ms; ≥ 50 MB/s over the whole set.
 * The benchmark reports; it never fails: it always exits 0.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { projectRoot, reportsRoot, sharedReportFiles } from './common.mjs';

const MB = 1024 * 1024;

const TARGET_FILE = 'havering-2016-10-sif-inspection.txt';
const TARGET_MEDIAN_MS = 2;
const TARGET_MB_PER_S = 50;
const SINGLE_LINE_BYTES = 5 * MB;
const SYNTHETIC_BYTES = 20 * MB;

// ---------------------------------------------------------------------------------------------
// Shared by the main thread and the worker.

function loadService(serviceDir) {
  const require = createRequire(import.meta.url);
  return require(path.join(serviceDir, 'index.js'));
}


function readReport(file) {
  return fs.readFileSync(path.join(reportsRoot, file), 'utf8');
}

/** `unit` repeated to exactly `length` UTF-16 units (a flat string, not a rope). */
function repeatTo(unit, length) {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** The large inputs, built where they are parsed. */
function buildInput(name) {
  const texts = sharedReportFiles().map(readReport);
  if (name === 'single-line-5mb') {
    // Every report with its line breaks turned into spaces, repeated: one 5 MB line.
    return repeatTo(texts.map((text) => text.replace(/\r\n|\r|\n/g, ' ')).join(' '), SINGLE_LINE_BYTES);
  }
  if (name === 'concatenated-20mb') {
    // The reports one after another, form feed between them, repeated to 20 MB.
    const all = texts.join('\n\f\n') + '\n\f\n';
    return all.repeat(Math.max(1, Math.round(SYNTHETIC_BYTES / Buffer.byteLength(all, 'utf8'))));
  }
  throw new Error(`unknown input ${name}`);
}

if (!isMainThread) {
  // Worker: parse one large input a few times and post the timings.
  const { serviceDir, input, runs } = workerData;
  const { parseReport } = loadService(serviceDir);
  const text = buildInput(input);
  const bytes = Buffer.byteLength(text, 'utf8');
  parentPort.postMessage({ built: true, bytes, chars: text.length });
  void parseReport(text.slice(0, 10000)).diagnostics; // warm the code paths on a small piece first
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const report = parseReport(text);
    const parsed = performance.now();
    void report.diagnostics;
    parentPort.postMessage({ bytes, chars: text.length, ms: parsed - start, diagnosticsMs: performance.now() - parsed });
  }
} else {
  await main().catch((error) => {
    console.error(`bench/parse.mjs: ${error && error.stack ? error.stack : error}`);
  });
  process.exitCode = 0;
}

// ---------------------------------------------------------------------------------------------
// Main thread.

function options(argv) {
  const opts = {
    json: false,
    minTime: 1000,
    minRuns: 50,
    maxTime: 3000,
    bigTimeout: 60000,
    big: true,
    serviceDir: path.join(projectRoot, 'server', 'out', 'service'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i];
    if (arg === '--json') opts.json = true;
    else if (arg === '--no-big') opts.big = false;
    else if (arg === '--min-time') opts.minTime = Number(value());
    else if (arg === '--min-runs') opts.minRuns = Number(value());
    else if (arg === '--max-time') opts.maxTime = Number(value());
    else if (arg === '--big-timeout') opts.bigTimeout = Number(value());
    else if (arg === '--service') opts.serviceDir = path.resolve(value());
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/parse.mjs [--json] [--min-time ms] [--min-runs n] [--max-time ms] [--big-timeout ms] [--no-big] [--service dir]');
      process.exit(0);
    } else console.error(`bench/parse.mjs: ignoring unknown option ${arg}`);
  }
  return opts;
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

function median(sorted) {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

function mbPerSecond(bytes, ms) {
  return ms > 0 ? bytes / MB / (ms / 1000) : Infinity;
}

/** Parses `text` repeatedly: a warm-up, then timed runs until the run and time minimums are met. */
function measure(parseReport, text, opts) {
  const warmUntil = performance.now() + Math.min(200, opts.minTime);
  for (let i = 0; i < 5 || performance.now() < warmUntil; i++) {
    void parseReport(text).diagnostics;
    if (i >= 50) break;
  }
  const times = [];
  const diagnosticTimes = [];
  const began = performance.now();
  for (;;) {
    const start = performance.now();
    const report = parseReport(text);
    const end = performance.now();
    // Diagnostics may be computed on first use: timed apart, so that parse time is parse time.
    void report.diagnostics;
    const checked = performance.now();
    times.push(end - start);
    diagnosticTimes.push(checked - end);
    const elapsed = checked - began;
    if (times.length >= opts.minRuns && elapsed >= opts.minTime) break;
    if (times.length >= 10 && elapsed >= opts.maxTime) break;
  }
  times.sort((a, b) => a - b);
  diagnosticTimes.sort((a, b) => a - b);
  return {
    runs: times.length,
    median: median(times),
    p95: quantile(times, 0.95),
    min: times[0],
    max: times[times.length - 1],
    diagnosticsMedian: median(diagnosticTimes),
  };
}

/** Parses a large input in a worker thread, with a timeout. */
function measureBig(serviceDir, input, runs, timeout) {
  return new Promise((resolve) => {
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { serviceDir, input, runs } });
    const times = [];
    const diagnosticTimes = [];
    let bytes = 0;
    let chars = 0;
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const summary = (extra) => {
      const sorted = [...times].sort((a, b) => a - b);
      const med = median(sorted);
      const diagnosticsMs = diagnosticTimes.length ? median([...diagnosticTimes].sort((a, b) => a - b)) : null;
      return { input, bytes, chars, runs: times.length, medianMs: sorted.length ? med : null, mbPerS: sorted.length ? mbPerSecond(bytes, med) : null, diagnosticsMs, ...extra };
    };
    const timer = setTimeout(() => finish(summary({ timedOut: true, timeoutMs: timeout })), timeout);
    worker.on('message', (message) => {
      bytes = message.bytes;
      chars = message.chars;
      if (message.built) return;
      times.push(message.ms);
      diagnosticTimes.push(message.diagnosticsMs);
      if (times.length >= runs) finish(summary({ timedOut: false }));
    });
    worker.on('error', (error) => finish(summary({ timedOut: false, error: String(error && error.message ? error.message : error) })));
    worker.on('exit', () => finish(summary({ timedOut: false, ...(times.length < runs ? { error: 'worker exited early' } : {}) })));
  });
}

async function main() {
  const opts = options(process.argv.slice(2));
  const log = opts.json ? () => {} : (line = '') => console.log(line);

  if (!fs.existsSync(path.join(opts.serviceDir, 'index.js'))) {
    const message = `no built service at ${path.relative(process.cwd(), opts.serviceDir) || '.'}: run \`npx tsc -b\` first`;
    if (opts.json) console.log(JSON.stringify({ error: message }));
    else console.log(message);
    return;
  }
  if (!fs.existsSync(reportsRoot)) {
    const message = `no shared reports at ${reportsRoot}`;
    if (opts.json) console.log(JSON.stringify({ error: message }));
    else console.log(message);
    return;
  }
  const { parseReport } = loadService(opts.serviceDir);

  log(`Inspection Lens parse benchmark — node ${process.version}, ${process.platform}/${process.arch}`);
  log(`service: ${path.relative(process.cwd(), opts.serviceDir) || opts.serviceDir}; reports: ${reportsRoot}`);
  log(`each report: warm-up, then ≥ ${opts.minRuns} runs and ≥ ${opts.minTime} ms (or ${opts.maxTime} ms with ≥ 10 runs); MB = 1,048,576 bytes`);
  log();

  const rows = [];
  const header = `${'file'.padEnd(48)} ${'KB'.padStart(7)} ${'runs'.padStart(5)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(9)} ${'MB/s'.padStart(8)} ${'+diag ms'.padStart(9)}`;
  log(header);
  log('-'.repeat(header.length));
  for (const file of sharedReportFiles()) {
    const text = readReport(file);
    const bytes = Buffer.byteLength(text, 'utf8');
    let row;
    try {
      const m = measure(parseReport, text, opts);
      row = { file, bytes, chars: text.length, runs: m.runs, medianMs: m.median, p95Ms: m.p95, minMs: m.min, maxMs: m.max, mbPerS: mbPerSecond(bytes, m.median), diagnosticsMedianMs: m.diagnosticsMedian };
    } catch (error) {
      row = { file, bytes, chars: text.length, runs: 0, medianMs: null, p95Ms: null, minMs: null, maxMs: null, mbPerS: null, diagnosticsMedianMs: null, error: String(error && error.message ? error.message : error) };
    }
    rows.push(row);
    log(
      row.error
        ? `${file.padEnd(48)} ${(bytes / 1024).toFixed(1).padStart(7)}  threw: ${row.error}`
        : `${file.padEnd(48)} ${(bytes / 1024).toFixed(1).padStart(7)} ${String(row.runs).padStart(5)} ${row.medianMs.toFixed(2).padStart(10)} ${row.p95Ms.toFixed(2).padStart(9)} ${row.mbPerS.toFixed(2).padStart(8)} ${row.diagnosticsMedianMs.toFixed(2).padStart(9)}`,
    );
  }
  const measured = rows.filter((row) => !row.error);
  const totalBytes = measured.reduce((sum, row) => sum + row.bytes, 0);
  const totalMedianMs = measured.reduce((sum, row) => sum + row.medianMs, 0);
  const totalDiagnosticsMs = measured.reduce((sum, row) => sum + row.diagnosticsMedianMs, 0);
  const aggregate = {
    reports: measured.length,
    bytes: totalBytes,
    medianMsSum: totalMedianMs,
    mbPerS: mbPerSecond(totalBytes, totalMedianMs),
    diagnosticsMedianMsSum: totalDiagnosticsMs,
    mbPerSWithDiagnostics: mbPerSecond(totalBytes, totalMedianMs + totalDiagnosticsMs),
  };
  log('-'.repeat(header.length));
  log(`${'all reports (total bytes / sum of medians)'.padEnd(48)} ${(totalBytes / 1024).toFixed(1).padStart(7)} ${''.padStart(5)} ${totalMedianMs.toFixed(2).padStart(10)} ${''.padStart(9)} ${aggregate.mbPerS.toFixed(2).padStart(8)} ${totalDiagnosticsMs.toFixed(2).padStart(9)}`);
  log(`(+diag ms: reading report.diagnostics after the parse; they are computed on first use.`);
  log(` Parse and diagnostics together: ${aggregate.mbPerSWithDiagnostics.toFixed(2)} MB/s over the set)`);
  log();

  const big = [];
  if (opts.big) {
    log(`large inputs (each in a worker thread, timeout ${(opts.bigTimeout / 1000).toFixed(0)} s):`);
    for (const [input, runs, label] of [
      ['single-line-5mb', 3, '5 MB single line (reports joined without newlines)'],
      ['concatenated-20mb', 1, '20 MB synthetic (all reports concatenated, repeated)'],
    ]) {
      const result = await measureBig(opts.serviceDir, input, runs, opts.bigTimeout);
      big.push(result);
      const size = result.bytes ? `${(result.bytes / MB).toFixed(1)} MB` : '';
      if (result.error && result.medianMs === null) log(`  ${label.padEnd(54)} ${size.padStart(8)}  failed: ${result.error}`);
      else if (result.timedOut && result.medianMs === null) log(`  ${label.padEnd(54)} ${size.padStart(8)}  timed out after ${(opts.bigTimeout / 1000).toFixed(0)} s (< ${(result.bytes / MB / (opts.bigTimeout / 1000)).toFixed(2)} MB/s)`);
      else log(`  ${label.padEnd(54)} ${size.padStart(8)}  ${result.medianMs.toFixed(0).padStart(7)} ms  ${result.mbPerS.toFixed(2).padStart(7)} MB/s  +diag ${result.diagnosticsMs.toFixed(0)} ms${result.runs > 1 ? ` (median of ${result.runs})` : ''}${result.timedOut ? ' (later runs timed out)' : ''}`);
    }
    log();
  }

  const usage = process.resourceUsage();
  const peakRssMb = usage.maxRSS / 1024; // maxRSS is in kilobytes
  log(`peak RSS (whole process, workers included): ${peakRssMb.toFixed(0)} MB`);
  log();

  const target = rows.find((row) => row.file === TARGET_FILE);
  const targetMet = target && !target.error ? target.medianMs < TARGET_MEDIAN_MS : false;
  const aggregateMet = aggregate.mbPerS >= TARGET_MB_PER_S;
  const targets = [
    { name: `${TARGET_FILE} median < ${TARGET_MEDIAN_MS} ms`, value: target && !target.error ? target.medianMs : null, unit: 'ms', met: targetMet },
    { name: `throughput over the set ≥ ${TARGET_MB_PER_S} MB/s`, value: aggregate.mbPerS, unit: 'MB/s', met: aggregateMet },
  ];
  log('targets:');
  for (const t of targets) {
    const shown = t.value === null ? 'n/a' : `${t.value.toFixed(2)} ${t.unit}`;
    log(`  ${t.met ? 'MET ' : 'MISS'}  ${t.name.padEnd(52)} ${shown}`);
  }

  if (opts.json) {
    console.log(
      JSON.stringify(
        {
          node: process.version,
          platform: `${process.platform}/${process.arch}`,
          service: opts.serviceDir,
          settings: { minTimeMs: opts.minTime, minRuns: opts.minRuns, maxTimeMs: opts.maxTime, bigTimeoutMs: opts.bigTimeout },
          mb: MB,
          reports: rows,
          aggregate,
          large: big,
          peakRssMb,
          targets,
        },
        null,
        2,
      ),
    );
  }
}
