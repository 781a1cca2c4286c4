import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { type Codebook, compileCodebook, createReportService, defaultCodebook, digestReport, looksLikeReport } from '../service/index';
import { FindingCounter } from '../service/similar';
import { encodeDigest } from './digestCodec';
import type { WorkerData, WorkerReply, WorkerRequest } from './parsePool';

type Reply = Extract<WorkerReply, { result: unknown }>;

/** How much lower than the server a worker runs (Linux niceness, 0 to 19). */
const WORKER_NICENESS = 10;

/**
 * An index worker (see parsePool.ts): reads a report file, and unless its content is known
 * already, parses and themes it, digests it, and counts its findings' terms for the similarity
 * index, all as the server's own thread would; the results go back as transferred bytes.
 */
lowerPriority();
const service = createReportService();
const counter = new FindingCounter();
const known = new Set((workerData as WorkerData).knownHashes);
/** The server's codebook, which the pool sends before any file. */
let codebook: Codebook | undefined;
/** The pool's number for it (its fingerprint is long, and would be copied into every reply). */
let codebookNumber = -1;

parentPort?.on('message', (request: WorkerRequest) => {
  if (request.type === 'codebook') {
    codebook = compileCodebook(request.themes);
    codebookNumber = request.number;
    return;
  }
  try {
    const { result, transfer } = parseFile(request.file, request.maxBytes);
    parentPort?.postMessage({ id: request.id, result } satisfies WorkerReply, transfer);
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: (error as Error).message } satisfies WorkerReply);
  }
});

function parseFile(file: string, maxBytes: number): { result: Reply['result']; transfer: ArrayBuffer[] } {
  const read = readFile(file, maxBytes);
  if (!read) return { result: { kind: 'unreadable' }, transfer: [] };
  const { size, mtimeMs, bytes } = read;
  if (!bytes) return { result: { kind: 'too-large', size, mtimeMs }, transfer: [] };
  const hash = createHash('sha1').update(bytes).digest('hex');
  if (known.has(hash)) return { result: { kind: 'read', hash, size, mtimeMs, codebook: codebookNumber }, transfer: [] };
  const report = service.analyze(bytes.toString('utf8'), undefined, codebook ?? defaultCodebook());
  if (!report || !looksLikeReport(report)) return { result: { kind: 'read', hash, size, mtimeMs, codebook: codebookNumber, digest: null }, transfer: [] };
  const digest = digestReport(report);
  const { meta, texts } = encodeDigest(digest);
  const counted = counter.count(digest.findings);
  return {
    result: { kind: 'read', hash, size, mtimeMs, codebook: codebookNumber, digest: { meta, texts }, counted },
    transfer: [meta.buffer, texts.buffer, counted.docs.buffer].map((buffer) => buffer as ArrayBuffer),
  };
}

/** The file's bytes with the size and time they were read at; no bytes when it is too large; undefined when it is gone. */
function readFile(file: string, maxBytes: number): { size: number; mtimeMs: number; bytes?: Buffer } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.size > maxBytes) return { size: stat.size, mtimeMs: stat.mtimeMs };
    const bytes = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = fs.readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { size: stat.size, mtimeMs: stat.mtimeMs, bytes: bytes.subarray(0, read) };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Indexing is background work: when the server's thread (answering typing) and a worker want the
 * same core, the server's thread should win. On Linux a thread's niceness is its own, so the
 * worker lowers its own; elsewhere the call would lower the whole server, so it is not made.
 * Measured while typing into a report during a cold start over 2,000 reports: didChange to
 * diagnostics p50 62 ms and p95 180 ms with workers at normal priority, 19 and 51 ms with them
 * at nice 10 (20 and 53 ms indexing on the server's thread alone); an idle machine indexes as
 * fast either way.
 */
function lowerPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(WORKER_NICENESS);
  } catch {
    // Not permitted here: the worker runs at the server's priority.
  }
}

