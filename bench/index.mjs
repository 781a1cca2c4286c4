#!/usr/bin/env node
/**
 * Workspace index benchmark: the language server's WorkspaceIndex (server/out/lsp) reading a
 * folder of reports from disk, as it does when a workspace opens.
 *
 *   npx tsc -b && node bench/index.mjs                  # shared reports and 2,000 generated
 *   node bench/index.mjs --scales shared,2000,20000     # add 20,000 (about 500 MB on disk)
 *   node bench/index.mjs --runs 5                       # more runs (default 3): medians are printed
 *   node bench/index.mjs --workers 0                    # index on the server's thread only
 *   node bench/index.mjs --server /elsewhere/server/out  # measure another build (say, an earlier commit)
 *   node bench/index.mjs --folder ~/reports             # measure a folder of reports instead
 *   node bench/index.mjs --typing                       # and type into a report while it indexes cold
 *   node bench/index.mjs --distinct                     # generated findings all different (a few words replaced)
 *   node bench/index.mjs --json
 *
 * Generated corpora recombine the shared reports' findings (seeded): each report is the
 * built-in example's header and judgement table under a generated authority name, then four
 * judgement sections of 8–14 findings drawn at random from every shared report. With
 * `--distinct`, each finding drawn has two or three of its words replaced by words of other
 * findings (seeded, from a stream of its own, so the corpus is otherwise the same): every text
 * is new, as in a real workspace, and no memo keyed by text helps (the honest cold case; the
 * recombined corpus has only about 1,600 distinct finding texts).
 *
 * Every run starts two fresh Node processes, as a server starting does: one indexes the folder
 * with no cache (cold), the next with the cache the first wrote (warm). Figures, medians over
 * the runs: cold indexing time and MB/s; the longest the server's thread was busy at a stretch
 * while indexing cold (event-loop delay, max and p99: how long a keystroke could wait); warm
 * start time, and the first answer after it (the reports and their findings counted, as the
 * server announces them, then a "go to similar finding" with its results' texts); the cache's
 * size; "go to similar finding" p50/p95 through the cold index over 200 random findings; the theme
 * tree's roots (the slowest of its four groupings, and with a filter); and
 * the peak RSS of the cold and warm processes (workers included). With `--typing`, for corpora of
 * 1,000 reports or more, the real server is started cold on the folder and a report is edited
 * while it indexes: didChange → diagnostics p50/p95/max. Similarity against fuse.js is measured
 * in bench/similar.mjs. Always exits 0.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { percentile, projectRoot as root, random, reportsRoot } from './common.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
/** The compiled server to measure: another build (an earlier commit's) can be compared with this one. */
const serverOut = path.resolve(option('--server', path.join(root, 'server/out')));
/** A build copied elsewhere (`--server /tmp/old/out`) finds its dependencies in this project's node_modules. */
const buildEnv = { ...process.env, NODE_PATH: [path.join(root, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(path.delimiter) };
const service = require(path.join(serverOut, 'service/index.js'));
const { WorkspaceIndex } = require(path.join(serverOut, 'lsp/workspaceIndex.js'));
const { treeChildren } = require(path.join(serverOut, 'service/features/themeTree.js'));
const { CodebookStore } = require(path.join(serverOut, 'lsp/codebookStore.js'));
const cacheName = fs.existsSync(path.join(serverOut, 'lsp/indexCache.js')) ? require(path.join(serverOut, 'lsp/indexCache.js')).INDEX_CACHE_NAME : 'index-cache.json';
const json = args.includes('--json');
const scales = option('--scales', 'shared,2000').split(',');
const runs = Number(option('--runs', '3'));
const workers = option('--workers', undefined);
const distinct = args.includes('--distinct');

function sharedFiles() {
  const top = fs.readdirSync(reportsRoot).filter((n) => n.endsWith('.txt')).map((n) => path.join(reportsRoot, n));
  const ilacs = fs.readdirSync(path.join(reportsRoot, 'ilacs')).map((n) => path.join(reportsRoot, 'ilacs', n));
  return [...top, ...ilacs];
}


function wrap(text, width = 86) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

const SECTIONS = [
  'The experiences and progress of children who need help and protection: good',
  'The experiences and progress of children in care: requires improvement to be good',
  'The experiences and progress of care leavers: good',
  'The impact of leaders on social work practice with children and families: good',
];

function generate(folder, count) {
  const pool = sharedFiles().flatMap((file) => service.parseReport(fs.readFileSync(file, 'utf8')).findings.map((f) => f.text)).filter((t) => t.length > 80);
  const example = fs.readFileSync(path.join(root, 'examples/northmoor-2025-inspection.txt'), 'utf8');
  const header = example.slice(0, example.indexOf('What needs to improve?'));
  const next = random(20251125);
  const vary = random(20261206);
  const words = pool.flatMap((text) => text.split(' ')).filter((word) => /^[a-z]{3,}$/.test(word));
  /** Two or three words of a finding replaced by others (`--distinct`). */
  const varied = (text) => {
    const parts = text.split(' ');
    for (let edits = 2 + Math.floor(vary() * 2); edits > 0; edits--) parts[Math.floor(vary() * parts.length)] = words[Math.floor(vary() * words.length)];
    return parts.join(' ');
  };
  fs.mkdirSync(folder, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const parts = [header.replace(/Northmoor/g, `Generated ${i}`)];
    let paragraph = 1;
    for (const section of SECTIONS) {
      parts.push(section, '');
      const findings = 8 + Math.floor(next() * 7);
      for (let f = 0; f < findings; f++) {
        const text = pool[Math.floor(next() * pool.length)];
        parts.push(`${paragraph++}.`, '', wrap(distinct ? varied(text) : text), '');
      }
    }
    const text = parts.join('\n');
    bytes += Buffer.byteLength(text);
    fs.writeFileSync(path.join(folder, `generated-${String(i).padStart(5, '0')}.txt`), text);
  }
  return bytes;
}

function folderBytes(folder) {
  let bytes = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return bytes;
}


/** One process's part of a run: `cold` indexes with no cache, `warm` with the cache cold wrote. */
async function child(mode, folder, storage) {
  const analysis = service.createReportService();
  const codebook = () => service.defaultCodebook();
  const options = workers === undefined ? {} : { workers: Number(workers) };
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const start = performance.now();
  const index = new WorkspaceIndex([folder], analysis, storage, codebook, {}, options);
  await index.index();
  const ms = performance.now() - start;
  // The delay of a stretch is recorded when it ends: let the last one end before stopping.
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  const result = { ms, peakRssMB: 0 };
  if (mode === 'cold') {
    Object.assign(result, { delayMaxMs: delay.max / 1e6, delayP99Ms: delay.percentile(99) / 1e6, ...similarLatencies(index), ...treeLatencies(index) });
  } else {
    const first = performance.now();
    const reports = index.reports();
    const findings = reports.reduce((sum, known) => sum + known.digest.findings.length, 0);
    const query = reports[Math.floor(reports.length / 2)];
    const hits = index.similar(query.digest.findings[0].text, query.uri, 10);
    const texts = hits.reduce((sum, hit) => sum + hit.digest.findings[hit.finding].text.length, 0);
    Object.assign(result, { firstAnswerMs: performance.now() - first, reports: reports.length, findings, texts });
  }
  result.peakRssMB = process.resourceUsage().maxRSS / 1024;
  return result;
}

/**
 * The theme tree's roots, as the view asks for them at every refresh: the slowest of the four
 * groupings and the same with a filter typed in (median of three each).
 */
function treeLatencies(index) {
  const reports = index.reports();
  const themes = new CodebookStore(undefined).tree();
  const timed = (grouping, filter) =>
    median(
      [0, 1, 2].map(() => {
        const t = performance.now();
        treeChildren(reports, themes, grouping, [], filter);
        return performance.now() - t;
      }),
    );
  const groupings = ['theme', 'report', 'authority', 'year'];
  return { treeMs: Math.max(...groupings.map((g) => timed(g, ''))), treeFilteredMs: Math.max(...groupings.map((g) => timed(g, 'supervision'))) };
}

function similarLatencies(index) {
  const reports = index.reports();
  const pool = reports.flatMap((r) => r.digest.findings.map((f) => ({ uri: r.uri, text: f.text })));
  const next = random(7);
  const latencies = [];
  for (let i = 0; i < 200; i++) {
    const query = pool[Math.floor(next() * pool.length)];
    const t = performance.now();
    index.similar(query.text, query.uri, 10);
    latencies.push(performance.now() - t);
  }
  return { reports: reports.length, findings: pool.length, similarP50: percentile(latencies, 50), similarP95: percentile(latencies, 95) };
}

function runChild(mode, folder, storage) {
  const childArgs = [fileURLToPath(import.meta.url), '--child', mode, '--folder', folder, '--storage', storage, '--server', serverOut, ...(workers === undefined ? [] : ['--workers', workers])];
  return JSON.parse(execFileSync(process.execPath, childArgs, { encoding: 'utf8', maxBuffer: 1 << 20, env: buildEnv }));
}

function median(values) {
  return percentile(values, 50);
}

async function measure(name, folder, bytes) {
  const result = await measureIndex(name, folder, bytes);
  if (args.includes('--typing') && result.reports >= 1000) Object.assign(result, await typing(folder, result.reports));
  return result;
}

async function measureIndex(name, folder, bytes) {
  const colds = [];
  const warms = [];
  let cacheBytes = 0;
  for (let run = 0; run < runs; run++) {
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'inspection-lens-bench-storage-'));
    colds.push(runChild('cold', folder, storage));
    cacheBytes = fs.statSync(path.join(storage, cacheName)).size;
    warms.push(runChild('warm', folder, storage));
    fs.rmSync(storage, { recursive: true, force: true });
  }
  const coldMs = median(colds.map((c) => c.ms));
  return {
    corpus: name,
    runs,
    reports: colds[0].reports,
    findings: colds[0].findings,
    warmReports: warms[0].reports,
    megabytes: bytes / 1048576,
    coldSeconds: coldMs / 1000,
    coldSecondsAll: colds.map((c) => c.ms / 1000),
    coldMBps: bytes / 1048576 / (coldMs / 1000),
    delayMaxMs: median(colds.map((c) => c.delayMaxMs)),
    delayP99Ms: median(colds.map((c) => c.delayP99Ms)),
    warmSeconds: median(warms.map((w) => w.ms)) / 1000,
    warmSecondsAll: warms.map((w) => w.ms / 1000),
    firstAnswerMs: median(warms.map((w) => w.firstAnswerMs)),
    cacheMB: cacheBytes / 1048576,
    similarP50: median(colds.map((c) => c.similarP50)),
    similarP95: median(colds.map((c) => c.similarP95)),
    treeMs: median(colds.map((c) => c.treeMs)),
    treeFilteredMs: median(colds.map((c) => c.treeFilteredMs)),
    coldPeakRssMB: Math.max(...colds.map((c) => c.peakRssMB)),
    warmPeakRssMB: Math.max(...warms.map((w) => w.peakRssMB)),
  };
}

/**
 * Typing while the server indexes the folder cold: the real server over stdio (the `--server`
 * build's server.js), the folder and a second workspace folder holding the largest shared report,
 * which is opened and edited as bench/lsp.mjs does (a word inserted, then deleted, at lines
 * spread through it), an edit every 30 ms or so until the index announces every report.
 */
async function typing(folder, reports) {
  const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');
  const { spawn } = await import('node:child_process');
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'inspection-lens-bench-storage-'));
  const typed = fs.mkdtempSync(path.join(os.tmpdir(), 'inspection-lens-bench-typed-'));
  const file = path.join(typed, 'hull.txt');
  fs.copyFileSync(path.join(reportsRoot, 'ilacs/kingston-upon-hull-10-february-2015.txt'), file);
  const server = spawn(process.execPath, [path.join(serverOut, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env: buildEnv });
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const start = performance.now();
  let indexedMs;
  connection.onNotification('inspectionLens/indexChanged', (params) => {
    if (params.reports > reports) indexedMs ??= performance.now() - start;
  });
  const published = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (params) => published.get(params.version)?.());
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  const workspaceFolders = [folder, typed].map((each) => ({ uri: pathToFileURL(each).toString(), name: path.basename(each) }));
  const capabilities = { window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } };
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: workspaceFolders[0].uri, workspaceFolders, capabilities, initializationOptions: { storagePath: storage } });
  const diagnosed = (version) => new Promise((resolve) => published.set(version, resolve));
  const uri = pathToFileURL(file).toString();
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n').length;
  const opened = diagnosed(1);
  connection.sendNotification('initialized', {});
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'inspection-report', version: 1, text } });
  await opened;
  const latencies = [];
  for (let version = 2; indexedMs === undefined && version < 2000; version++) {
    const line = ((version >> 1) * 37) % lines;
    const range = version % 2 === 0 ? { start: { line, character: 0 }, end: { line, character: 0 } } : { start: { line, character: 0 }, end: { line, character: 5 } };
    const answered = diagnosed(version);
    const sent = performance.now();
    connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: version % 2 === 0 ? 'word ' : '' }] });
    await answered;
    latencies.push(performance.now() - sent);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  await connection.sendRequest('shutdown');
  connection.sendNotification('exit');
  fs.rmSync(storage, { recursive: true, force: true });
  fs.rmSync(typed, { recursive: true, force: true });
  return { edits: latencies.length, typingP50: percentile(latencies, 50), typingP95: percentile(latencies, 95), typingMax: Math.max(...latencies), indexedWhileTypingSeconds: indexedMs / 1000 };
}

if (args.includes('--child')) {
  console.log(JSON.stringify(await child(option('--child'), option('--folder'), option('--storage'))));
  process.exit(0);
}

const results = [];
const given = option('--folder', undefined);
if (given) results.push(await measure(path.basename(given), path.resolve(given), folderBytes(given)));
for (const scale of given ? [] : scales) {
  if (scale === 'shared') {
    results.push(await measure('shared reports', reportsRoot, folderBytes(reportsRoot)));
    continue;
  }
  const count = Number(scale);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), `inspection-lens-bench-${count}-`));
  const bytes = generate(folder, count);
  results.push(await measure(`${count} generated${distinct ? ', distinct' : ''}`, folder, bytes));
  fs.rmSync(folder, { recursive: true, force: true });
}

if (json) {
  console.log(JSON.stringify({ machine: `${os.cpus().length} × ${os.cpus()[0]?.model}`, node: process.version, workers: workers ?? 'default', results }, null, 2));
} else {
  console.log(`Workspace index: ${path.relative(process.cwd(), serverOut) || serverOut} (${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}, workers: ${workers ?? 'default'}; medians of ${runs} runs)\n`);
  console.log('corpus              reports  findings      MB  cold s  cold MB/s  busy max/p99 ms  warm s  first answer ms  cache MB  similar p50/p95 ms  peak RSS cold/warm MB');
  for (const r of results) {
    console.log(
      `${r.corpus.padEnd(18)} ${String(r.reports).padStart(8)} ${String(r.findings).padStart(9)} ${r.megabytes.toFixed(1).padStart(7)} ${r.coldSeconds.toFixed(2).padStart(7)} ${r.coldMBps.toFixed(1).padStart(10)} ${`${r.delayMaxMs.toFixed(0)} / ${r.delayP99Ms.toFixed(0)}`.padStart(16)} ${r.warmSeconds.toFixed(2).padStart(7)} ${r.firstAnswerMs.toFixed(1).padStart(16)} ${r.cacheMB.toFixed(1).padStart(9)} ${`${r.similarP50.toFixed(2)} / ${r.similarP95.toFixed(2)}`.padStart(19)} ${`${r.coldPeakRssMB.toFixed(0)} / ${r.warmPeakRssMB.toFixed(0)}`.padStart(22)}`,
    );
  }
  console.log(`\ntheme tree roots, the slowest grouping (with the filter "supervision"): ${results.map((r) => `${r.corpus}: ${r.treeMs.toFixed(1)} ms (${r.treeFilteredMs.toFixed(1)} ms)`).join('; ')}`);
  for (const r of results.filter((each) => each.edits)) {
    console.log(`\n${r.corpus}: typing while indexing cold (${r.edits} edits, indexed in ${r.indexedWhileTypingSeconds.toFixed(1)} s): didChange → diagnostics p50 ${r.typingP50.toFixed(1)} ms, p95 ${r.typingP95.toFixed(1)} ms, max ${r.typingMax.toFixed(0)} ms`);
  }
  console.log(`\ncold runs (s): ${results.map((r) => `${r.corpus}: ${r.coldSecondsAll.map((s) => s.toFixed(2)).join(', ')}`).join('; ')}`);
  console.log(`warm runs (s): ${results.map((r) => `${r.corpus}: ${r.warmSecondsAll.map((s) => s.toFixed(2)).join(', ')}`).join('; ')}`);
  console.log('\ntargets: cold indexing ≥ 10 MB/s; warm start of 2,000 reports < 1 s; similar p95 ≤ 10 ms at 2,000, ≤ 60 ms at 20,000');
}
