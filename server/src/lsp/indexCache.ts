import * as fs from 'node:fs';
import type { ReportDigest } from '../service/index';
import type { SimilarityIndexSnapshot } from '../service/similar';
import { writePartsAtomically } from './atomicWrite';
import { type TextSource, decodeDigest, encodeDigest } from './digestCodec';

/**
 * The workspace index's cache: one binary file in the extension's storage, written atomically.
 *
 *   "ILIX"  u32 version  u32 header length  header (JSON)  metas  similarity parts  texts
 *
 * The header holds the codebook's fingerprint, one row per file (name, content hash, size, mtime,
 * and the byte lengths of its digest's meta and texts; -1 for a file that is not a report) and
 * the similarity index's small parts. The digests' metas follow in the header's file order,
 * then the similarity index's byte arrays, then the findings' texts (see digestCodec.ts). The
 * texts are most of the file and nothing a warm start answers first needs them, so they come
 * last and are read in the background. Bump the version when the layout, the digest's shape or
 * the parser's output changes: a cache of another version is ignored.
 */
export const INDEX_CACHE_VERSION = 3;
export const INDEX_CACHE_NAME = 'index-cache.bin';
/** The JSON cache of versions 1 and 2, removed when found. */
export const LEGACY_CACHE_NAME = 'index-cache.json';

const MAGIC = 'ILIX';
const PREFIX_BYTES = 12;

export interface CachedFile {
  name: string;
  hash: string;
  size: number;
  mtimeMs: number;
  /** Null for a file that is not a report. */
  digest: ReportDigest | null;
}

export interface IndexCacheContents {
  /** The codebook the findings were themed with. */
  codebook: string;
  files: CachedFile[];
  /** The similarity index of these files, when it was saved. */
  similarity?: SimilarityIndexSnapshot;
  /** Reports whose findings in the similarity index are an open document's unsaved text, not their file's. */
  openUris?: string[];
  /**
   * Of a cache read: reads the findings' texts in the background (until then each is read from
   * the file when asked for), then closes the file. Call it once the warm start is done.
   */
  loadTexts?(): Promise<void>;
}

type FileRow = [name: string, hash: string, size: number, mtimeMs: number, metaBytes: number, textBytes: number];
type SimilarityHead = Omit<SimilarityIndexSnapshot, 'termStats' | 'postings' | 'docs'> & { bytes: [termStats: number, postings: number, docs: number] };

interface Header {
  codebook: string;
  files: FileRow[];
  similarity?: SimilarityHead;
  openUris?: string[];
}

/** A cache written by another version of the extension: ignored. */
export class OutdatedCacheError extends Error {}

/** Encodes the cache at once, then writes it off the server's thread. */
export function writeIndexCache(file: string, contents: IndexCacheContents): Promise<void> {
  const metas: Uint8Array[] = [];
  const texts: Uint8Array[] = [];
  const rows = contents.files.map(({ name, hash, size, mtimeMs, digest }): FileRow => {
    if (!digest) return [name, hash, size, mtimeMs, -1, 0];
    const encoded = encodeDigest(digest);
    metas.push(encoded.meta);
    texts.push(encoded.texts);
    return [name, hash, size, mtimeMs, encoded.meta.length, encoded.texts.length];
  });
  const { termStats, postings, docs, ...similarity } = contents.similarity ?? ({} as Partial<SimilarityIndexSnapshot>);
  const parts = termStats && postings && docs ? [termStats, postings, docs] : [];
  const header: Header = { codebook: contents.codebook, files: rows, openUris: contents.openUris };
  if (parts.length) header.similarity = { ...(similarity as SimilarityIndexSnapshot), bytes: [parts[0].length, parts[1].length, parts[2].length] };
  const head = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(INDEX_CACHE_VERSION, 4);
  prefix.writeUInt32LE(head.length, 8);
  return writePartsAtomically(file, [prefix, head, ...metas, ...parts, ...texts]);
}

/**
 * Reads the cache, or throws: `OutdatedCacheError` for another version's cache, an error saying
 * what is wrong for a damaged one (and the file system's ENOENT for none). Nothing of a damaged
 * cache is returned. Everything but the findings' texts is read off the server's thread and
 * decoded a slice at a time, letting queued requests through in between; the texts are read when
 * asked for (see `FileTexts` and `loadTexts`).
 */
export async function readIndexCache(file: string): Promise<IndexCacheContents> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const prefix = await readAt(handle, 0, Math.min(PREFIX_BYTES, size));
    if (prefix.length < PREFIX_BYTES || prefix.toString('latin1', 0, 4) !== MAGIC) throw new Error('it is not an index cache');
    const version = prefix.readUInt32LE(4);
    if (version !== INDEX_CACHE_VERSION) throw new OutdatedCacheError(`it was written by another version (${version})`);
    const headEnd = PREFIX_BYTES + prefix.readUInt32LE(8);
    if (headEnd > size) throw new Error('it is truncated');
    const header = JSON.parse((await readAt(handle, PREFIX_BYTES, headEnd - PREFIX_BYTES)).toString('utf8')) as Header;
    const metaBytes = sum(header.files.map((row) => Math.max(0, row[4])));
    const similarityBytes = sum(header.similarity?.bytes ?? []);
    const textStart = headEnd + metaBytes + similarityBytes;
    if (textStart + sum(header.files.map((row) => row[5])) !== size) throw new Error('its length does not match its header');
    const bytes = await readAt(handle, headEnd, metaBytes + similarityBytes);
    const texts = new FileTexts(handle, textStart, size - textStart);
    const files = await decodeFiles(header.files, bytes.subarray(0, metaBytes), texts);
    const similarity = header.similarity && similarityOf(header.similarity, bytes.subarray(metaBytes));
    return { codebook: header.codebook, files, similarity, openUris: header.openUris, loadTexts: () => texts.load() };
  } catch (error) {
    // Nothing read is kept: the texts' source goes with the digests.
    await handle.close();
    throw error;
  }
}

/** Digests decoded between yields: about 10 ms of work. */
const DECODE_SLICE = 200;

async function decodeFiles(rows: FileRow[], metas: Uint8Array, texts: TextSource): Promise<CachedFile[]> {
  const files: CachedFile[] = [];
  let meta = 0;
  let text = 0;
  for (const [name, hash, size, mtimeMs, metaLength, textLength] of rows) {
    if (files.length % DECODE_SLICE === DECODE_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
    const digest = metaLength < 0 ? null : decodeDigest(metas.subarray(meta, meta + metaLength), texts, text);
    files.push({ name, hash, size, mtimeMs, digest });
    meta += Math.max(0, metaLength);
    text += textLength;
  }
  return files;
}

/**
 * The findings' texts of a cache read: the whole region is read in the background when `load` is
 * called, then the file is closed. A text asked for before then is read alone, from the file as
 * it was opened (a cache saved meanwhile replaces the file, not what is open); after many such
 * reads, or for a large one, the region is read at once.
 */
class FileTexts implements TextSource {
  private bytes: Buffer | undefined;
  private loading: Promise<void> | undefined;
  private readsAlone = 0;

  constructor(
    private readonly handle: fs.promises.FileHandle,
    private readonly offset: number,
    readonly length: number,
  ) {}

  load(): Promise<void> {
    this.loading ??= readAt(this.handle, this.offset, this.length).then(
      (bytes) => {
        this.bytes ??= bytes;
        return this.handle.close();
      },
      () => undefined, // read alone, when asked for
    );
    return this.loading;
  }

  slice(from: number, to: number): Buffer {
    if (this.bytes) return this.bytes.subarray(from, to);
    if (to - from <= MAX_READ_ALONE && this.readsAlone++ < MAX_READS_ALONE) return readSyncAt(this.handle.fd, this.offset + from, to - from);
    this.bytes = readSyncAt(this.handle.fd, this.offset, this.length);
    return this.bytes.subarray(from, to);
  }
}

const MAX_READS_ALONE = 64;
const MAX_READ_ALONE = 64 * 1024;

function similarityOf(head: SimilarityHead, bytes: Uint8Array): SimilarityIndexSnapshot {
  const { bytes: lengths, ...rest } = head;
  const [termStats, postings, docs] = lengths;
  return {
    ...rest,
    termStats: bytes.subarray(0, termStats),
    postings: bytes.subarray(termStats, termStats + postings),
    docs: bytes.subarray(termStats + postings, termStats + postings + docs),
  };
}

async function readAt(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafeSlow(length);
  for (let read = 0; read < length; ) {
    const { bytesRead } = await handle.read(bytes, read, length - read, position + read);
    if (bytesRead === 0) throw new Error('it is truncated');
    read += bytesRead;
  }
  return bytes;
}

function readSyncAt(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafeSlow(length);
  for (let read = 0; read < length; ) {
    const n = fs.readSync(fd, bytes, read, length - read, position + read);
    if (n === 0) throw new Error('The index cache was truncated while it was read.');
    read += n;
  }
  return bytes;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
