#!/usr/bin/env node
/**
 * Workspace index benchmark: the language server's WorkspaceIndex (server/out/lsp) reading a
 * folder of reports from disk, as it does when a workspace opens.
 *
 *   npx tsc -b && node bench/index.mjs                  # shared reports and 2,000 generated
 *   node bench/index.mjs --scales shared,2000,20000     # add 20,000 (about 400 MB on disk)
 *   node bench/index.mjs --json
 *
 * Generated corpora recombine the shared reports' findings (seeded): each report is the
 * built-in example's header and judgement table under a generated authority name, then four
 * judgement sections of 8–14 findings drawn at random from every shared report.
 *
 * Figures: cold indexing (no cache) time and MB/s; warm start (a new index over the same
 * folder with the cache written by the cold run) time; the cache's size; peak RSS; and
 * "go to similar finding" latency p50/p95 through the index, over 200 random findings.
 * Similarity against fuse.js is measured in bench/similar.mjs. Always exits 0.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const require = createRequire(import.meta.url);
const service = require(path.join(root, 'server/out/service/index.js'));
const { WorkspaceIndex } = require(path.join(root, 'server/out/lsp/workspaceIndex.js'));

const args = process.argv.slice(2);
const json = args.includes('--json');
const scales = (args.includes('--scales') ? args[args.indexOf('--scales') + 1] : 'shared,2000').split(',');
const reportsRoot = path.resolve(root, '..', 'shared', 'reports');

function sharedFiles() {
  const top = fs.readdirSync(reportsRoot).filter((n) => n.endsWith('.txt')).map((n) => path.join(reportsRoot, n));
  const ilacs = fs.readdirSync(path.join(reportsRoot, 'ilacs')).map((n) => path.join(reportsRoot, 'ilacs', n));
  return [...top, ...ilacs];
}

/** A small seeded generator (mulberry32), so every run builds the same corpus. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
  fs.mkdirSync(folder, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const parts = [header.replace(/Northmoor/g, `Generated ${i}`)];
    let paragraph = 1;
    for (const section of SECTIONS) {
      parts.push(section, '');
      const findings = 8 + Math.floor(next() * 7);
      for (let f = 0; f < findings; f++) parts.push(`${paragraph++}.`, '', wrap(pool[Math.floor(next() * pool.length)]), '');
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

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(name, folder, bytes) {
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'inspection-lens-bench-storage-'));
  const analysis = service.createReportService();
  const codebook = () => service.defaultCodebook();
  global.gc?.();
  let start = performance.now();
  const cold = new WorkspaceIndex([folder], analysis, storage, codebook);
  await cold.index();
  const coldMs = performance.now() - start;
  const reports = cold.reports();
  const findings = reports.reduce((sum, r) => sum + r.digest.findings.length, 0);
  const cacheBytes = fs.statSync(path.join(storage, 'index-cache.json')).size;

  const pool = reports.flatMap((r) => r.digest.findings.map((f) => ({ uri: r.uri, text: f.text })));
  const next = random(7);
  const latencies = [];
  for (let i = 0; i < 200; i++) {
    const query = pool[Math.floor(next() * pool.length)];
    const t = performance.now();
    cold.similar(query.text, query.uri, 10);
    latencies.push(performance.now() - t);
  }

  start = performance.now();
  const warm = new WorkspaceIndex([folder], analysis, storage, codebook);
  await warm.index();
  const warmMs = performance.now() - start;
  const warmReports = warm.reports().length;
  fs.rmSync(storage, { recursive: true, force: true });
  return {
    corpus: name,
    reports: reports.length,
    findings,
    megabytes: bytes / 1048576,
    coldSeconds: coldMs / 1000,
    coldMBps: bytes / 1048576 / (coldMs / 1000),
    warmSeconds: warmMs / 1000,
    warmReports,
    cacheMB: cacheBytes / 1048576,
    similarP50: percentile(latencies, 50),
    similarP95: percentile(latencies, 95),
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

const results = [];
for (const scale of scales) {
  if (scale === 'shared') {
    results.push(await measure('shared reports', reportsRoot, folderBytes(reportsRoot)));
    continue;
  }
  const count = Number(scale);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), `inspection-lens-bench-${count}-`));
  const bytes = generate(folder, count);
  results.push(await measure(`${count} generated`, folder, bytes));
  fs.rmSync(folder, { recursive: true, force: true });
}

if (json) {
  console.log(JSON.stringify({ machine: `${os.cpus().length} × ${os.cpus()[0]?.model}`, node: process.version, results }, null, 2));
} else {
  console.log(`Workspace index (${os.cpus().length} cores, Node ${process.version})\n`);
  console.log('corpus              reports  findings      MB  cold s  cold MB/s  warm s  cache MB  similar p50/p95 ms  peak RSS MB');
  for (const r of results) {
    console.log(
      `${r.corpus.padEnd(18)} ${String(r.reports).padStart(8)} ${String(r.findings).padStart(9)} ${r.megabytes.toFixed(1).padStart(7)} ${r.coldSeconds.toFixed(2).padStart(7)} ${r.coldMBps.toFixed(1).padStart(10)} ${r.warmSeconds.toFixed(2).padStart(7)} ${r.cacheMB.toFixed(1).padStart(9)} ${`${r.similarP50.toFixed(2)} / ${r.similarP95.toFixed(2)}`.padStart(19)} ${r.peakRssMB.toFixed(0).padStart(12)}`,
    );
  }
  console.log('\ntargets: cold indexing ≥ 10 MB/s; warm start of 2,000 reports < 1 s; similar p95 ≤ 10 ms at 2,000, ≤ 60 ms at 20,000');
}
