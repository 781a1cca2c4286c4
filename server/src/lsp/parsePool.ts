import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Codebook, Theme } from '../service/index';
import { type CountedFindings, CountedTerms } from '../service/similar';

/**
 * Worker threads that read, parse, theme and digest report files for the workspace index, so
 * that indexing a large workspace uses every core and the server's own thread only receives the
 * results (see indexWorker.ts for the other side). Each result is transferred, not copied: the
 * digest encoded as bytes and its findings counted for the similarity index.
 */
export class ParsePool {
  private readonly workers: PoolWorker[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  private sentCodebook: string | undefined;
  /** The fingerprints of the codebooks sent, by number: a reply names its codebook by number. */
  private readonly codebooks: string[] = [];

  /** A pool of `size` workers, or undefined where workers cannot start (the worker script is missing). */
  static start(size: number, codebook: Codebook, knownHashes: Iterable<string>, log?: (message: string) => void): ParsePool | undefined {
    if (!fs.existsSync(WORKER_SCRIPT)) return undefined;
    try {
      return new ParsePool(size, codebook, [...knownHashes], log);
    } catch (error) {
      log?.(`Inspection Lens: indexing on one thread: ${(error as Error).message}`);
      return undefined;
    }
  }

  private constructor(size: number, codebook: Codebook, knownHashes: string[], private readonly log?: (message: string) => void) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_SCRIPT, { workerData: { knownHashes } satisfies WorkerData });
      const entry: PoolWorker = { worker, pending: 0, alive: true, terms: new CountedTerms() };
      worker.on('message', (message: WorkerReply) => this.settle(entry, message));
      worker.on('error', (error) => this.lose(entry, error));
      worker.on('exit', () => this.lose(entry, new Error('the index worker stopped')));
      this.workers.push(entry);
    }
    this.useCodebook(codebook);
  }

  get size(): number {
    return this.workers.filter((entry) => entry.alive).length;
  }

  /** Reads and digests a file in the least busy worker; rejects when no worker could. */
  parse(file: string, codebook: Codebook): Promise<ParsedFile> {
    this.useCodebook(codebook);
    const entry = this.workers.filter((candidate) => candidate.alive).sort((a, b) => a.pending - b.pending)[0];
    if (!entry) return Promise.reject(new Error('no index worker is running'));
    const id = this.nextId++;
    entry.pending++;
    return new Promise<ParsedFile>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject, entry });
      entry.worker.postMessage({ type: 'parse', id, file, maxBytes: MAX_REPORT_BYTES } satisfies WorkerRequest);
    });
  }

  dispose(): void {
    for (const entry of this.workers) {
      entry.alive = false;
      void entry.worker.terminate();
    }
    for (const [id, job] of this.jobs) {
      this.jobs.delete(id);
      job.reject(new Error('the index workers were stopped'));
    }
  }

  /** Workers theme findings with the server's codebook: it is sent again whenever it changes. */
  private useCodebook(codebook: Codebook): void {
    const key = fingerprint(codebook);
    if (key === this.sentCodebook) return;
    this.sentCodebook = key;
    const message: WorkerRequest = { type: 'codebook', themes: [...codebook.themes], number: this.codebooks.push(key) - 1 };
    for (const entry of this.workers) if (entry.alive) entry.worker.postMessage(message);
  }

  private settle(entry: PoolWorker, reply: WorkerReply): void {
    // A worker's counts arrive in the order it counted: its new terms are taken whatever becomes of the job.
    let result: ParsedFile | undefined;
    if ('result' in reply) {
      result = reply.result.kind === 'read' ? this.received(entry, reply.result) : reply.result;
    }
    const job = this.jobs.get(reply.id);
    if (!job) return;
    this.jobs.delete(reply.id);
    job.entry.pending--;
    if ('error' in reply) job.reject(new Error(reply.error));
    else job.resolve(result!);
  }

  /** A file read: its codebook's fingerprint for its number, and its findings' counts with the terms of the worker that counted them. */
  private received(entry: PoolWorker, result: ReadReply): ParsedFile {
    const { codebook, counted, ...rest } = result;
    const read: ParsedFile = { ...rest, codebook: this.codebooks[codebook] ?? '' };
    if (!counted) return read;
    entry.terms.receive(counted);
    return { ...read, counted: { findings: counted, terms: entry.terms } };
  }

  /** A worker that crashed: its jobs fail (the index reads those files itself) and it gets no more. */
  private lose(entry: PoolWorker, error: Error): void {
    if (!entry.alive) return;
    entry.alive = false;
    this.log?.(`Inspection Lens: an index worker stopped: ${error.message}`);
    for (const [id, job] of this.jobs) {
      if (job.entry !== entry) continue;
      this.jobs.delete(id);
      job.reject(error);
    }
  }
}

/** Files larger than this are not reports (the longest run to about 1 MB); they are skipped with a message. */
export const MAX_REPORT_BYTES = 8 * 1024 * 1024;

/** How many workers to start: one per core, leaving the editor some when there are many. */
export function poolSize(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

const FINGERPRINTS = new WeakMap<Codebook, string>();

/** A codebook's identity across sessions and threads: its themes' rules, as JSON. */
export function fingerprint(codebook: Codebook): string {
  let known = FINGERPRINTS.get(codebook);
  if (known === undefined) FINGERPRINTS.set(codebook, (known = JSON.stringify(codebook.themes)));
  return known;
}

/** What a worker gives back for a file. */
export type ParsedFile =
  /** The file could not be read (it was deleted meanwhile). */
  | { kind: 'unreadable' }
  | { kind: 'too-large'; size: number; mtimeMs: number }
  | {
      kind: 'read';
      hash: string;
      size: number;
      mtimeMs: number;
      /** The fingerprint of the codebook the findings were themed with ('' if unknown). */
      codebook: string;
      /** The digest encoded (digestCodec.ts); null when the file is not a report; absent when its content was known already. */
      digest?: { meta: Uint8Array; texts: Uint8Array } | null;
      /** The findings counted for `SimilarityIndex.addCounted`, with the terms of the worker that counted them. */
      counted?: { findings: CountedFindings; terms: CountedTerms };
    };

/** A file read, as a worker sends it: the codebook by its number, the counts alone. */
type ReadReply = Omit<Extract<ParsedFile, { kind: 'read' }>, 'codebook' | 'counted'> & { codebook: number; counted?: CountedFindings };

export interface WorkerData {
  /** Content hashes the index has digests for: such files are hashed, not parsed. */
  knownHashes: string[];
}

export type WorkerRequest = { type: 'codebook'; themes: Theme[]; number: number } | { type: 'parse'; id: number; file: string; maxBytes: number };
export type WorkerReply = { id: number; result: Exclude<ParsedFile, { kind: 'read' }> | ReadReply } | { id: number; error: string };

interface PoolWorker {
  worker: Worker;
  pending: number;
  alive: boolean;
  /** The terms its counts have numbered. */
  terms: CountedTerms;
}

interface Job {
  resolve(result: ParsedFile): void;
  reject(error: Error): void;
  entry: PoolWorker;
}

/** Beside this module, compiled (server/out/lsp) or bundled (dist). */
const WORKER_SCRIPT = path.join(__dirname, 'indexWorker.js');
