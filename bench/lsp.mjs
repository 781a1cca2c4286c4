#!/usr/bin/env node
/**
 * Language server benchmark: edits the largest shared report through the real server over stdio
 * (`node bin/inspection-lens.js lsp --stdio`), as an editor would while someone types.
 *
 *   npx tsc -b && node bench/lsp.mjs             # table
 *   node bench/lsp.mjs --json                    # the same figures as JSON
 *
 * Options: --json, --edits <n> measured edits (default 240, at least 200), --warmup <n> edits
 * not measured (default 10), --file <report> relative to ../shared/reports.
 * BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" passes options to the server's Node
 * (for profiling the server while it is edited).
 *
 * The report is opened, then edited: each edit alternately inserts a word at a line of the
 * report (a different line each time) and deletes it again, as one incremental didChange with
 * the next version. For each edit the benchmark measures
 *   (a) didChange → diagnostics: from sending didChange to receiving publishDiagnostics for
 *       that version, and
 *   (b) documentSymbol: from sending a documentSymbol request, right after the didChange, to
 *       its response.
 * The next edit waits for both, so every version is validated. Waits are on events; a safety
 * timeout stops the run if the server never answers.
 *
 * Target: p95 ≤ 20 ms for both. Memory: the server's peak resident set (VmHWM) from /proc.
 * The benchmark reports; it never fails: it always exits 0.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { projectRoot, reportsRoot } from './common.mjs';

const require = createRequire(import.meta.url);
const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DocumentSymbolRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
} = require('vscode-languageserver-protocol/node');


const DEFAULT_FILE = 'ilacs/kingston-upon-hull-10-february-2015.txt';
const TARGET_P95_MS = 20;
const MIN_EDITS = 200;
const SAFETY_TIMEOUT_MS = 20_000;
const WORD = 'notably ';

function options(argv) {
  const opts = { json: false, edits: 240, warmup: 10, file: DEFAULT_FILE };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') opts.json = true;
    else if (arg === '--edits') opts.edits = Math.max(MIN_EDITS, Number(argv[++i]) || MIN_EDITS);
    else if (arg === '--warmup') opts.warmup = Math.max(0, Number(argv[++i]) || 0);
    else if (arg === '--file') opts.file = argv[++i];
    else if (arg === '-h' || arg === '--help') {
      console.log('usage: node bench/lsp.mjs [--json] [--edits n (≥ 200)] [--warmup n] [--file report]');
      process.exit(0);
    }
  }
  return opts;
}

async function main() {
  const opts = options(process.argv.slice(2));
  const log = opts.json ? () => {} : (line = '') => console.log(line);
  let server;
  try {
    const text = fs.readFileSync(path.join(reportsRoot, opts.file), 'utf8');
    server = await startServer();
    const result = await run(server, text, opts, log);
    const memory = memoryOf(server.child.pid);
    const figures = {
      file: opts.file,
      bytes: Buffer.byteLength(text, 'utf8'),
      lines: text.split(/\r\n|\r|\n/).length - (/[\r\n]$/.test(text) ? 1 : 0),
      edits: opts.edits,
      warmup: opts.warmup,
      targetP95Ms: TARGET_P95_MS,
      openToDiagnosticsMs: round(result.open),
      diagnostics: summary(result.diagnostics),
      documentSymbol: summary(result.symbols),
      serverMemory: memory,
      node: process.version,
    };
    figures.diagnostics.meetsTarget = figures.diagnostics.p95 <= TARGET_P95_MS;
    figures.documentSymbol.meetsTarget = figures.documentSymbol.p95 <= TARGET_P95_MS;
    if (opts.json) console.log(JSON.stringify(figures, null, 2));
    else print(figures, log);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (opts.json) console.log(JSON.stringify({ error: message }));
    else console.error(`bench/lsp: ${message}`);
  } finally {
    await server?.stop();
    process.exitCode = 0;
  }
}

// ---------------------------------------------------------------------------------------------

async function run(server, text, opts, log) {
  const uri = pathToFileURL(path.join(server.folder, path.basename(opts.file))).toString();
  const lines = text.split('\n');
  // Lines with words on them, spread over the whole report, visited in a scattered order.
  const editable = lines.map((line, index) => ({ line, index })).filter(({ line }) => /\s\w/.test(line.trim()));
  const diagnostics = [];
  const symbols = [];

  let version = 1;
  const openStart = performance.now();
  const opened = server.diagnosticsFor(uri, version);
  server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'inspection-report', version, text } });
  await opened;
  const open = performance.now() - openStart;
  log(`opened ${opts.file} in ${round(open)} ms; editing…`);

  const total = opts.warmup + opts.edits;
  let inserted;
  for (let i = 0; i < total; i++) {
    const change = inserted ? deletion(inserted) : insertion(editable[(i * 7919) % editable.length]);
    inserted = inserted ? undefined : change.at;
    version++;
    const published = server.diagnosticsFor(uri, version);
    const sent = performance.now();
    server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change.event] });
    const asked = performance.now();
    const outline = server.request(DocumentSymbolRequest.type, { textDocument: { uri } }).then(() => performance.now() - asked);
    const validated = published.then(() => performance.now() - sent);
    const [symbolMs, diagnosticsMs] = await Promise.all([outline, validated]);
    if (i >= opts.warmup) {
      symbols.push(symbolMs);
      diagnostics.push(diagnosticsMs);
    }
  }
  return { open, diagnostics, symbols };
}

/** Inserts WORD before the second word of a line. */
function insertion({ line, index }) {
  const character = line.search(/\s\w/) + 1;
  const at = { line: index, character };
  return { at, event: { range: { start: at, end: at }, text: WORD } };
}

/** Deletes the word the previous edit inserted. */
function deletion(at) {
  return { at, event: { range: { start: at, end: { line: at.line, character: at.character + WORD.length } }, text: '' } };
}

// ---------------------------------------------------------------------------------------------

async function startServer() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'inspection-lens-bench-'));
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []), path.join(projectRoot, 'bin', 'inspection-lens.js'), 'lsp', '--stdio'], { cwd: folder, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = new Map();
  let exited = false;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const key = `${params.uri}#${params.version}`;
    waiters.get(key)?.resolve(params);
    waiters.delete(key);
  });
  child.on('exit', (code) => {
    exited = true;
    for (const waiter of waiters.values()) waiter.reject(new Error(`the server exited (code ${code}): ${stderr}`));
    waiters.clear();
  });
  connection.listen();

  const safely = (promise, what) => {
    let timer;
    const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${SAFETY_TIMEOUT_MS} ms: ${stderr}`)), SAFETY_TIMEOUT_MS)));
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  };

  const rootUri = pathToFileURL(folder).toString();
  await safely(
    connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
    }),
    'initialize result',
  );
  connection.sendNotification(InitializedNotification.type, {});

  return {
    child,
    connection,
    folder,
    diagnosticsFor(uri, version) {
      return safely(new Promise((resolve, reject) => waiters.set(`${uri}#${version}`, { resolve, reject })), `diagnostics for version ${version}`);
    },
    request(type, params) {
      return safely(connection.sendRequest(type, params), type.method);
    },
    async stop() {
      try {
        if (!exited) {
          const gone = new Promise((resolve) => child.once('exit', resolve));
          await safely(connection.sendRequest(ShutdownRequest.type), 'shutdown').catch(() => undefined);
          connection.sendNotification(ExitNotification.type);
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          if (!exited) await gone;
          clearTimeout(timer);
        }
      } finally {
        connection.dispose();
        fs.rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

/** The server's peak and current resident set, from /proc (Linux only). */
function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { peakRssMb: round(kb('VmHWM') / 1024), rssMb: round(kb('VmRSS') / 1024) };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { count: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted[sorted.length - 1]) };
}

function round(ms) {
  return Math.round(ms * 100) / 100;
}

function print(figures, log) {
  const cell = (value) => `${value.toFixed(2)} ms`.padStart(11);
  const verdict = (row) => (row.meetsTarget ? 'meets the target' : 'MISSES the target');
  log();
  log(`LSP benchmark: ${figures.file} (${Math.round(figures.bytes / 1000)} kB, ${figures.lines} lines), node ${figures.node}`);
  log(`${figures.edits} edits measured after ${figures.warmup} warm-up edits; target: p95 ≤ ${figures.targetP95Ms} ms`);
  log();
  log(`${''.padEnd(28)}${'p50'.padStart(11)}${'p95'.padStart(11)}${'max'.padStart(11)}`);
  log(`${'didChange → diagnostics'.padEnd(28)}${cell(figures.diagnostics.p50)}${cell(figures.diagnostics.p95)}${cell(figures.diagnostics.max)}   ${verdict(figures.diagnostics)}`);
  log(`${'documentSymbol'.padEnd(28)}${cell(figures.documentSymbol.p50)}${cell(figures.documentSymbol.p95)}${cell(figures.documentSymbol.max)}   ${verdict(figures.documentSymbol)}`);
  log();
  log(`open → first diagnostics: ${figures.openToDiagnosticsMs.toFixed(2)} ms`);
  if (figures.serverMemory) log(`server memory: peak RSS (VmHWM) ${figures.serverMemory.peakRssMb} MB, RSS at the end ${figures.serverMemory.rssMb} MB`);
  else log('server memory: not available (no /proc)');
}

await main();
