import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Codebook, type KnownReport, type ParsedReport, type ReportDigest, type ReportService, classifyFindings, digestReport, looksLikeReport } from '../service/index';
import { type CountedFindings, type CountedTerms, SimilarityIndex } from '../service/similar';
import { MemoryTexts, decodeDigest } from './digestCodec';
import { INDEX_CACHE_NAME, type IndexCacheContents, LEGACY_CACHE_NAME, readIndexCache, writeIndexCache } from './indexCache';
import { MAX_REPORT_BYTES, type ParsedFile, ParsePool, fingerprint, poolSize } from './parsePool';

export { MAX_REPORT_BYTES };

/** A report's findings counted for the similarity index by a worker, with that worker's terms. */
type Counted = { findings: CountedFindings; terms: CountedTerms };
/** Folders never holding reports. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.inspection-lens', 'out', 'dist', '.tmp']);
const REPORT_FILE = /\.(?:txt|report)$/i;
/** Files asked about at once when checking what changed. */
const STAT_BATCH = 64;
/**
 * Less than this to read is read on the server's thread: starting workers (each loads the service
 * and compiles the codebook) costs more than it saves. The 18 shared reports (0.8 MB) took
 * 0.85–1.1 s on the server's thread and 1.3–1.9 s with two workers starting.
 */
const POOL_MIN_BYTES = 4 * 1024 * 1024;
/** As many files not yet indexed as this start the workers at once, while the files are statted. */
const POOL_EARLY_FILES = 64;
/**
 * Files handed to each worker ahead of the one whose result is applied next: results are applied
 * in file order, and a worker that the machine holds up for a while must not leave the other idle.
 */
const JOBS_AHEAD_PER_WORKER = 16;

/** Hooks the index calls: progress while indexing, messages, and changes for the views. */
export interface IndexHooks {
  progress?(done: number, total: number): void;
  log?(message: string): void;
  changed?(): void;
}

/** Stops long work early when a newer request supersedes it. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

export interface IndexOptions {
  /** Worker threads for reading many files (default: one per core, at most 4); 0 reads on the server's thread. */
  workers?: number;
  /** How many bytes to read make it worth starting the workers (default `POOL_MIN_BYTES`). */
  workersFrom?: number;
}

interface Entry {
  hash: string;
  size: number;
  mtimeMs: number;
  /** Null for a file that is not a report. */
  digest: ReportDigest | null;
  uri: string;
}

/**
 * Every report in the workspace folders, as digests. Listed up front, read in the background
 * (by worker threads when there are many files, else a file at a time, yielding between files,
 * so that typing and other requests go first), kept fresh by file events, and cached by
 * content hash in the extension's storage so that reopening a large workspace reads only what
 * changed. Open documents win over the disk.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, Entry>();
  private readonly open = new Map<string, ReportDigest | null>();
  private readonly byHash = new Map<string, ReportDigest | null>();
  private indexing: Promise<void> | undefined;
  /** Set by `setFolders`: a run under way lists the files again when it is done. */
  private foldersChanged = false;
  /** Every known finding, for "go to similar finding"; reports are added under their uri. */
  private similarity = new SimilarityIndex();
  /** Whether the files or their digests changed since the cache was read or written. */
  private dirty = false;
  /** Reports by uri, for answering similarity queries; rebuilt after any change. */
  private byUri: Map<string, ReportDigest> | undefined;
  private readonly workers: number;
  private readonly workersFrom: number;
  /** The cache, read in the background from the start: indexing waits for it, and saving too. */
  private readonly loaded: Promise<void>;
  private cacheLoaded = false;
  /** Reads the cache's texts in the background: started once a warm start is done. */
  private loadCacheTexts: (() => Promise<void>) | undefined;

  constructor(
    private folders: string[],
    private readonly service: ReportService,
    private readonly storage: string | undefined,
    private readonly codebook: () => Codebook,
    private readonly hooks: IndexHooks = {},
    options: IndexOptions = {},
  ) {
    this.workers = options.workers ?? poolSize();
    this.workersFrom = options.workersFrom ?? POOL_MIN_BYTES;
    this.loaded = this.loadCache().finally(() => {
      this.cacheLoaded = true;
    });
  }

  /** Themes every finding again with the current codebook (after its file changed): no report is reread. */
  retheme(): void {
    const codebook = this.codebook();
    for (const digest of this.allDigests()) classifyFindings(digest.findings, codebook);
    this.dirty = true;
    this.hooks.changed?.();
    this.saveCacheSoon();
  }

  private allDigests(): Set<ReportDigest> {
    const digests = new Set<ReportDigest>();
    for (const digest of this.open.values()) if (digest) digests.add(digest);
    for (const entry of this.files.values()) if (entry.digest) digests.add(entry.digest);
    for (const digest of this.byHash.values()) if (digest) digests.add(digest);
    return digests;
  }

  /**
   * Reads every report once; resolves when done. Calling again while it runs joins the same run,
   * which starts over when the folders change meanwhile.
   */
  index(token?: Cancellation, hooks: Pick<IndexHooks, 'progress'> = {}): Promise<void> {
    this.indexing ??= (async () => {
      do {
        this.foldersChanged = false;
        await this.indexAll(token, hooks.progress ?? this.hooks.progress);
      } while (this.foldersChanged && !token?.isCancellationRequested);
    })().finally(() => {
      this.indexing = undefined;
    });
    return this.indexing;
  }

  /** The workspace's folders changed: the next `index` forgets the reports of folders removed and reads those of folders added. */
  setFolders(folders: string[]): void {
    this.folders = folders;
    this.foldersChanged = true;
  }

  /** The reports known now: open documents, then files on disk. */
  reports(): KnownReport[] {
    const known: KnownReport[] = [];
    for (const [uri, digest] of this.open) if (digest) known.push({ uri, digest });
    for (const entry of this.files.values()) if (entry.digest && !this.open.has(entry.uri)) known.push({ uri: entry.uri, digest: entry.digest });
    return known;
  }

  /** An open document's text wins over its file, saved or not. */
  setOpen(uri: string, report: ParsedReport | undefined): void {
    const digest = report && looksLikeReport(report) ? digestReport(report) : null;
    this.open.set(uri, digest);
    this.indexFindings(uri, digest);
    this.hooks.changed?.();
  }

  closeOpen(uri: string): void {
    if (!this.open.delete(uri)) return;
    this.indexFindings(uri, this.fileAt(uri)?.digest ?? null);
    this.hooks.changed?.();
  }

  /** A file was created or changed on disk. */
  async fileChanged(uri: string): Promise<void> {
    const file = toPath(uri);
    if (!file || !REPORT_FILE.test(file) || !this.inFolders(file)) return;
    await this.readFile(file);
    this.hooks.changed?.();
    this.saveCacheSoon();
  }

  /** A file was deleted (a rename arrives as a deletion and a creation). */
  fileDeleted(uri: string): void {
    const file = toPath(uri);
    if (!file) return;
    let removed = this.deleteFile(file);
    const prefix = file + path.sep;
    for (const known of [...this.files.keys()]) if (known.startsWith(prefix)) removed = this.deleteFile(known) || removed;
    if (removed) {
      this.hooks.changed?.();
      this.saveCacheSoon();
    }
  }

  /** Whether another report of this authority is known (recurrences are looked for only then). */
  hasEarlierReportOf(authority: string | null, exceptUri: string): boolean {
    return authority !== null && this.reports().some((known) => known.uri !== exceptUri && known.digest.authority === authority);
  }

  /** The findings most like a query (a finding's text), from other reports than `excludeUri`. */
  similar(text: string, excludeUri: string | undefined, limit: number): Array<{ uri: string; digest: ReportDigest; finding: number; score: number }> {
    const byUri = (this.byUri ??= new Map(this.reports().map((known) => [known.uri, known.digest])));
    return this.similarity.query(text, { limit, excludeReport: excludeUri }).flatMap((hit) => {
      const digest = byUri.get(hit.reportId);
      return digest ? [{ uri: hit.reportId, digest, finding: hit.finding, score: hit.score }] : [];
    });
  }

  /** `counted`: the digest's findings counted for the similarity index already (by a worker). */
  private setFile(file: string, entry: Omit<Entry, 'uri'>, counted?: Counted): void {
    const uri = this.files.get(file)?.uri ?? pathToFileURL(file).toString();
    this.files.set(file, { ...entry, uri });
    this.dirty = true;
    if (!this.open.has(uri)) this.indexFindings(uri, entry.digest, counted);
  }

  private deleteFile(file: string): boolean {
    const entry = this.files.get(file);
    if (!entry) return false;
    this.files.delete(file);
    this.dirty = true;
    this.byUri = undefined;
    if (!this.open.has(entry.uri)) this.similarity.remove(entry.uri);
    return true;
  }

  private indexFindings(uri: string, digest: ReportDigest | null, counted?: Counted): void {
    this.byUri = undefined;
    if (digest && counted) this.similarity.addCounted(uri, counted.findings, counted.terms);
    else if (digest) this.similarity.add(uri, digest.findings);
    else this.similarity.remove(uri);
  }

  private async indexAll(token: Cancellation | undefined, progress: IndexHooks['progress']): Promise<void> {
    await this.loaded;
    const files = this.listFiles();
    const listed = new Set(files);
    for (const known of [...this.files.keys()]) if (!listed.has(known)) this.deleteFile(known);
    // A workspace never indexed (or with many new files) will need workers: they start while the files are statted.
    const unknown = files.reduce((count, file) => count + (this.files.has(file) ? 0 : 1), 0);
    let pool = unknown >= POOL_EARLY_FILES ? this.startPool() : undefined;
    try {
      const changed = await this.changedFiles(files, token);
      void this.loadCacheTexts?.();
      this.loadCacheTexts = undefined;
      if (changed === undefined) return;
      const done = (count: number) => progress?.(files.length - changed.files.length + count, files.length);
      done(0);
      if (changed.bytes >= this.workersFrom) pool ??= this.startPool();
      if (pool) await this.readInWorkers(pool, changed.files, token, done);
      else await this.readOneByOne(changed.files, token, done);
    } finally {
      pool?.dispose();
    }
    if (token?.isCancellationRequested) return;
    this.hooks.changed?.();
    if (this.dirty) await this.saveCache();
  }

  /** The files whose size or time differ from what the index knows, and their size; undefined when cancelled. */
  private async changedFiles(files: string[], token: Cancellation | undefined): Promise<{ files: string[]; bytes: number } | undefined> {
    const changed = { files: [] as string[], bytes: 0 };
    for (let i = 0; i < files.length; i += STAT_BATCH) {
      if (token?.isCancellationRequested) return undefined;
      // Unchanged files (a warm start) cost one stat each, a batch at a time between queued requests.
      for (const file of files.slice(i, i + STAT_BATCH)) {
        const stat = statOf(file);
        if (this.isUnchanged(file, stat)) continue;
        changed.files.push(file);
        changed.bytes += Math.min(stat?.size ?? 0, MAX_REPORT_BYTES);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    return changed;
  }

  private async readOneByOne(files: string[], token: Cancellation | undefined, done: (count: number) => void): Promise<void> {
    for (let i = 0; i < files.length; i++) {
      if (token?.isCancellationRequested) return;
      await this.readFile(files[i]);
      // Queued requests (typing, hovers) go first.
      await new Promise((resolve) => setImmediate(resolve));
      if (i % STAT_BATCH === STAT_BATCH - 1) done(i + 1);
    }
    done(files.length);
  }

  /**
   * Reads files in the workers, a few ahead per worker, and applies the results in file order (so
   * that the index is the same however the workers are scheduled). Between results the server's
   * thread is free. A file a worker could not read is read here; a file that a file event had
   * read again meanwhile keeps what that read.
   */
  private async readInWorkers(pool: ParsePool, files: string[], token: Cancellation | undefined, done: (count: number) => void): Promise<void> {
    const results: Array<{ parsed: Promise<ParsedFile | undefined>; before: Entry | undefined }> = [];
    let sent = 0;
    for (let applied = 0; applied < files.length; applied++) {
      const ahead = Math.max(1, pool.size) * JOBS_AHEAD_PER_WORKER;
      for (; sent < files.length && sent - applied < ahead && !token?.isCancellationRequested; sent++) {
        results.push({ parsed: pool.parse(files[sent], this.codebook()).catch(() => undefined), before: this.files.get(files[sent]) });
      }
      if (applied === sent) return;
      const { parsed, before } = results[applied];
      const result = await parsed;
      delete results[applied];
      if (this.files.get(files[applied]) !== before) continue;
      if (!result || !this.applyParsed(files[applied], result)) await this.readFile(files[applied]);
      if (applied % STAT_BATCH === STAT_BATCH - 1) done(applied + 1);
    }
    done(files.length);
  }

  /** Takes a worker's reading of a file; false when the file is to be read here after all. */
  private applyParsed(file: string, parsed: ParsedFile): boolean {
    if (parsed.kind === 'unreadable') {
      this.deleteFile(file);
      return true;
    }
    if (parsed.kind === 'too-large') {
      this.skipTooLarge(file, parsed.size, parsed.mtimeMs);
      return true;
    }
    const { hash, size, mtimeMs } = parsed;
    let digest = this.byHash.get(hash);
    // The worker took the content for known, but the index has let it go since.
    if (digest === undefined && parsed.digest === undefined) return false;
    if (digest === undefined) {
      digest = parsed.digest ? decodeDigest(parsed.digest.meta, new MemoryTexts(parsed.digest.texts)) : null;
      // The codebook changed while the worker read the file.
      if (digest && parsed.codebook !== fingerprint(this.codebook())) classifyFindings(digest.findings, this.codebook());
      this.byHash.set(hash, digest);
    }
    this.setFile(file, { hash, size, mtimeMs, digest }, parsed.counted);
    return true;
  }

  private startPool(): ParsePool | undefined {
    return this.workers > 0 ? ParsePool.start(this.workers, this.codebook(), this.byHash.keys(), this.hooks.log) : undefined;
  }

  private isUnchanged(file: string, stat: fs.Stats | undefined): boolean {
    const known = this.files.get(file);
    return !!stat && !!known && known.size === stat.size && known.mtimeMs === stat.mtimeMs;
  }

  private async readFile(file: string): Promise<void> {
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (!stat) {
      this.deleteFile(file);
      return;
    }
    if (this.isUnchanged(file, stat)) return;
    if (stat.size > MAX_REPORT_BYTES) {
      this.skipTooLarge(file, stat.size, stat.mtimeMs);
      return;
    }
    const bytes = await fs.promises.readFile(file).catch(() => undefined);
    if (!bytes) {
      this.deleteFile(file);
      return;
    }
    const hash = createHash('sha1').update(bytes).digest('hex');
    this.setFile(file, { hash, size: stat.size, mtimeMs: stat.mtimeMs, digest: this.digestOf(hash, bytes) });
  }

  private skipTooLarge(file: string, size: number, mtimeMs: number): void {
    this.hooks.log?.(`Inspection Lens: skipped ${file}: ${Math.round(size / 1048576)} MB is too large to be a report.`);
    this.setFile(file, { hash: '', size, mtimeMs, digest: null });
  }

  /** The same content is read once, wherever it lives: the cache is keyed by content hash. */
  private digestOf(hash: string, bytes: Buffer): ReportDigest | null {
    const cached = this.byHash.get(hash);
    if (cached !== undefined) return cached;
    const report = this.service.analyze(bytes.toString('utf8'), undefined, this.codebook());
    const digest = report && looksLikeReport(report) ? digestReport(report) : null;
    this.byHash.set(hash, digest);
    return digest;
  }

  private listFiles(): string[] {
    const found: string[] = [];
    const visit = (folder: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) visit(full);
        else if (entry.isFile() && REPORT_FILE.test(entry.name)) found.push(full);
      }
    };
    for (const folder of this.folders) visit(folder);
    return found.sort();
  }

  private inFolders(file: string): boolean {
    return this.folders.some((folder) => file === folder || file.startsWith(folder + path.sep));
  }

  // -------------------------------------------------------------------------------------------
  // The cache (indexCache.ts): one binary file in the extension's storage, written atomically.

  private async loadCache(): Promise<void> {
    if (!this.storage) return;
    try {
      this.removeOldFiles(this.storage);
      this.installCache(await readIndexCache(path.join(this.storage, INDEX_CACHE_NAME)));
      this.hooks.changed?.();
    } catch (error) {
      // A damaged or outdated cache is only a slower start: everything is read again.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.hooks.log?.(`Inspection Lens: ignored the index cache: ${(error as Error).message}`);
    }
  }

  /**
   * Takes the cache's files, except those read since the server started, which are newer; and its
   * similarity index, with the reports it held as open documents' unsaved text, and those read
   * since, indexed again. What may fail is done before anything changes.
   */
  private installCache(cache: IndexCacheContents): void {
    const inFolders = cache.files.filter(({ name }) => this.inFolders(name));
    const files = inFolders.filter(({ name }) => !this.files.has(name));
    // The cache was themed with the codebook of its day; today's may differ.
    const codebook = this.codebook();
    if (cache.codebook !== fingerprint(codebook)) for (const { digest } of files) if (digest) classifyFindings(digest.findings, codebook);
    const whole = cache.similarity !== undefined && inFolders.length === cache.files.length;
    const similarity = whole ? SimilarityIndex.fromSnapshot(cache.similarity!) : this.similarity;
    const readSince = [...this.files.values()];
    for (const { name, digest, ...entry } of files) {
      this.files.set(name, { ...entry, digest, uri: pathToFileURL(name).toString() });
      if (entry.hash) this.byHash.set(entry.hash, digest);
    }
    this.byUri = undefined;
    this.dirty = readSince.length > 0;
    this.loadCacheTexts = cache.loadTexts;
    if (!whole) {
      for (const { name } of files) this.indexFile(this.files.get(name));
      return;
    }
    this.similarity = similarity;
    for (const uri of cache.openUris ?? []) if (!this.open.has(uri)) this.indexFindings(uri, this.fileAt(uri)?.digest ?? null);
    for (const entry of readSince) this.indexFile(entry);
    for (const [uri, digest] of this.open) this.indexFindings(uri, digest);
  }

  /** Indexes a file's findings for similarity, unless it is open (the document's are). */
  private indexFile(entry: Entry | undefined): void {
    if (entry && !this.open.has(entry.uri)) this.indexFindings(entry.uri, entry.digest);
  }

  private fileAt(uri: string): Entry | undefined {
    const file = toPath(uri);
    return file === undefined ? undefined : this.files.get(file);
  }

  /**
   * The JSON cache of earlier versions is never read again, and a cache being written when the
   * server last stopped was cut short: they go, rather than fill the storage. (This index writes
   * nothing before its cache is loaded.)
   */
  private removeOldFiles(storage: string): void {
    if (fs.existsSync(path.join(storage, LEGACY_CACHE_NAME))) {
      fs.rmSync(path.join(storage, LEGACY_CACHE_NAME), { force: true });
      this.hooks.log?.('Inspection Lens: removed the index cache of an earlier version.');
    }
    for (const name of fs.readdirSync(storage)) if (name.startsWith(`${INDEX_CACHE_NAME}.`) && name.endsWith('.tmp')) fs.rmSync(path.join(storage, name), { force: true });
  }

  /** Writes the cache now, if anything changed since it was written; resolves when written. */
  flush(): Promise<void> {
    return this.loaded.then(() => (this.dirty ? this.saveCache() : this.saving));
  }

  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The cache being written: writes follow one another. */
  private saving: Promise<void> = Promise.resolve();

  private saveCacheSoon(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.saveCache(), 2000);
  }

  /** Takes what to save at once (encoding is quick), and writes it in the background; resolves when written. */
  private saveCache(): Promise<void> {
    clearTimeout(this.saveTimer);
    const storage = this.storage;
    if (!storage) return this.saving;
    if (!this.cacheLoaded) {
      this.saveCacheSoon();
      return this.saving;
    }
    let contents: IndexCacheContents;
    try {
      // The similarity index holds open documents' unsaved text: the next start indexes their files again.
      const openUris = [...this.open.keys()];
      const files = [...this.files].map(([name, { hash, size, mtimeMs, digest }]) => ({ name, hash, size, mtimeMs, digest }));
      contents = { codebook: fingerprint(this.codebook()), files, similarity: this.similarity.toSnapshot(), openUris };
    } catch (error) {
      this.hooks.log?.(`Inspection Lens: could not save the index cache: ${(error as Error).message}`);
      return this.saving;
    }
    this.dirty = false;
    this.saving = this.saving.then(() =>
      writeIndexCache(path.join(storage, INDEX_CACHE_NAME), contents).catch((error: Error) => {
        this.hooks.log?.(`Inspection Lens: could not save the index cache: ${error.message}`);
      }),
    );
    return this.saving;
  }
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function toPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
