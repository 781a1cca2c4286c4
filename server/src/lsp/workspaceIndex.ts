import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeFileAtomically } from './atomicWrite';
import { type Codebook, type KnownReport, type ParsedReport, type ReportDigest, type ReportService, SimilarityIndex, type SimilarityIndexJSON, classifyFindings, digestReport, looksLikeReport } from '../service/index';

/** Files larger than this are not reports (the longest run to about 1 MB); they are skipped with a message. */
export const MAX_REPORT_BYTES = 8 * 1024 * 1024;
/** Folders never holding reports. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.inspection-lens', 'out', 'dist', '.tmp']);
const REPORT_FILE = /\.(?:txt|report)$/i;
/** Bump when the digest's shape or the parser's output changes, so old caches are not trusted. */
const CACHE_VERSION = 2;
/** Files asked about at once when checking what changed. */
const STAT_BATCH = 64;

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

interface Entry {
  hash: string;
  size: number;
  mtimeMs: number;
  /** Null for a file that is not a report. */
  digest: ReportDigest | null;
}

interface CacheFile {
  version: number;
  /** The codebook the findings were themed with; they are themed again when it differs. */
  codebook: string;
  files: Record<string, Entry>;
  /** The similarity index of exactly these files, so that a warm start need not rebuild it. */
  similarity?: SimilarityIndexJSON;
}

/**
 * Every report in the workspace folders, as digests. Listed up front, read in the background
 * a file at a time (yielding between files so that typing and other requests go first), kept
 * fresh by file events, and cached by content hash in the extension's storage so that
 * reopening a large workspace reads only what changed. Open documents win over the disk.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, Entry>();
  private readonly open = new Map<string, ReportDigest | null>();
  private readonly byHash = new Map<string, ReportDigest | null>();
  private indexing: Promise<void> | undefined;
  /** Every known finding, for "go to similar finding"; reports are added under their uri. */
  private similarity = new SimilarityIndex();
  /** Whether the files or their digests changed since the cache was read or written. */
  private dirty = false;
  /** Reports by uri, for answering similarity queries; rebuilt after any change. */
  private byUri: Map<string, ReportDigest> | undefined;

  constructor(
    private readonly folders: string[],
    private readonly service: ReportService,
    private readonly storage: string | undefined,
    private readonly codebook: () => Codebook,
    private readonly hooks: IndexHooks = {},
  ) {
    this.loadCache();
  }

  /** Themes every finding again with the current codebook (after its file changed): no report is reread. */
  retheme(): void {
    const codebook = this.codebook();
    for (const digest of this.allDigests()) classifyFindings(digest.findings, codebook);
    this.hooks.changed?.();
    this.saveCacheSoon();
  }

  private *allDigests(): Iterable<ReportDigest> {
    for (const digest of this.open.values()) if (digest) yield digest;
    for (const entry of this.files.values()) if (entry.digest) yield entry.digest;
    for (const digest of this.byHash.values()) if (digest) yield digest;
  }

  /** Reads every report once; resolves when done. Calling again while it runs joins the same run. */
  index(token?: Cancellation, hooks: Pick<IndexHooks, 'progress'> = {}): Promise<void> {
    this.indexing ??= this.indexAll(token, hooks.progress ?? this.hooks.progress).finally(() => {
      this.indexing = undefined;
    });
    return this.indexing;
  }

  /** The reports known now: open documents, then files on disk. */
  reports(): KnownReport[] {
    const known: KnownReport[] = [];
    for (const [uri, digest] of this.open) if (digest) known.push({ uri, digest });
    for (const [file, entry] of this.files) {
      const uri = pathToFileURL(file).toString();
      if (entry.digest && !this.open.has(uri)) known.push({ uri, digest: entry.digest });
    }
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
    const file = toPath(uri);
    this.indexFindings(uri, file ? (this.files.get(file)?.digest ?? null) : null);
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

  private setFile(file: string, entry: Entry): void {
    this.files.set(file, entry);
    this.dirty = true;
    const uri = pathToFileURL(file).toString();
    if (!this.open.has(uri)) this.indexFindings(uri, entry.digest);
  }

  private deleteFile(file: string): boolean {
    const deleted = this.files.delete(file);
    this.dirty ||= deleted;
    const uri = pathToFileURL(file).toString();
    if (deleted && !this.open.has(uri)) this.similarity.remove(uri);
    return deleted;
  }

  private indexFindings(uri: string, digest: ReportDigest | null): void {
    this.byUri = undefined;
    if (digest) this.similarity.add(uri, digest.findings);
    else this.similarity.remove(uri);
  }

  private async indexAll(token: Cancellation | undefined, progress: IndexHooks['progress']): Promise<void> {
    const files = this.listFiles();
    const listed = new Set(files);
    for (const known of [...this.files.keys()]) if (!listed.has(known)) this.deleteFile(known);
    for (let i = 0; i < files.length; i += STAT_BATCH) {
      if (token?.isCancellationRequested) return;
      // Unchanged files (a warm start) cost one stat each, asked for a batch at a time; changed
      // files are read and parsed one by one, with queued requests (typing, hovers) let through
      // between them.
      const batch = files.slice(i, i + STAT_BATCH);
      const stats = await Promise.all(batch.map((file) => fs.promises.stat(file).catch(() => undefined)));
      for (let j = 0; j < batch.length; j++) {
        if (token?.isCancellationRequested) return;
        if (!this.isUnchanged(batch[j], stats[j])) {
          await this.readFile(batch[j], stats[j]);
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      progress?.(Math.min(i + STAT_BATCH, files.length), files.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.hooks.changed?.();
    if (this.dirty) this.saveCache();
  }

  private isUnchanged(file: string, stat: fs.Stats | undefined): boolean {
    const known = this.files.get(file);
    return !!stat && !!known && known.size === stat.size && known.mtimeMs === stat.mtimeMs;
  }

  private async readFile(file: string, statted?: fs.Stats): Promise<void> {
    const stat = statted ?? (await fs.promises.stat(file).catch(() => undefined));
    if (!stat) {
      this.deleteFile(file);
      return;
    }
    const known = this.files.get(file);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return;
    if (stat.size > MAX_REPORT_BYTES) {
      this.hooks.log?.(`Inspection Lens: skipped ${file}: ${Math.round(stat.size / 1048576)} MB is too large to be a report.`);
      this.setFile(file, { hash: '', size: stat.size, mtimeMs: stat.mtimeMs, digest: null });
      return;
    }
    const bytes = await fs.promises.readFile(file);
    const hash = createHash('sha1').update(bytes).digest('hex');
    this.setFile(file, { hash, size: stat.size, mtimeMs: stat.mtimeMs, digest: this.digestOf(hash, bytes) });
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
  // The cache: one JSON file in the extension's storage, written atomically.

  private get cacheFile(): string | undefined {
    return this.storage ? path.join(this.storage, 'index-cache.json') : undefined;
  }

  private loadCache(): void {
    const file = this.cacheFile;
    if (!file || !fs.existsSync(file)) return;
    try {
      const cache = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
      if (cache.version !== CACHE_VERSION) return;
      const names = Object.keys(cache.files);
      const whole = names.every((name) => this.inFolders(name));
      for (const name of names) {
        if (!this.inFolders(name)) continue;
        const entry = cache.files[name];
        this.files.set(name, entry);
        if (entry.hash) this.byHash.set(entry.hash, entry.digest);
      }
      // The cache was themed with the codebook of its day; today's may differ.
      const codebook = this.codebook();
      if (cache.codebook !== fingerprint(codebook)) for (const entry of this.files.values()) if (entry.digest) classifyFindings(entry.digest.findings, codebook);
      if (cache.similarity && whole) this.similarity = SimilarityIndex.fromJSON(cache.similarity);
      else for (const [name, entry] of this.files) this.indexFindings(pathToFileURL(name).toString(), entry.digest);
      this.byUri = undefined;
      this.dirty = false;
    } catch (error) {
      // A damaged cache is only a slower start: everything is read again.
      this.hooks.log?.(`Inspection Lens: ignored the index cache: ${(error as Error).message}`);
    }
  }

  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  private saveCacheSoon(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveCache(), 2000);
  }

  private saveCache(): void {
    clearTimeout(this.saveTimer);
    const file = this.cacheFile;
    if (!file) return;
    try {
      // Open documents' unsaved text must not pass for their files': keep the similarity index only without them.
      const similarity = this.open.size === 0 ? this.similarity.toJSON() : undefined;
      const cache: CacheFile = { version: CACHE_VERSION, codebook: fingerprint(this.codebook()), files: Object.fromEntries(this.files), similarity };
      writeFileAtomically(file, JSON.stringify(cache));
      this.dirty = false;
    } catch (error) {
      this.hooks.log?.(`Inspection Lens: could not save the index cache: ${(error as Error).message}`);
    }
  }
}

const FINGERPRINTS = new WeakMap<Codebook, string>();

/** A codebook's identity across sessions: its themes' rules, as JSON. */
function fingerprint(codebook: Codebook): string {
  let known = FINGERPRINTS.get(codebook);
  if (known === undefined) FINGERPRINTS.set(codebook, (known = JSON.stringify(codebook.themes)));
  return known;
}

function toPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
