import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MemoryTexts, decodeDigest, encodeDigest } from '../../server/out/lsp/digestCodec';
import { INDEX_CACHE_NAME, INDEX_CACHE_VERSION, OutdatedCacheError, readIndexCache, writeIndexCache } from '../../server/out/lsp/indexCache';
import { ParsePool } from '../../server/out/lsp/parsePool';
import { WorkspaceIndex } from '../../server/out/lsp/workspaceIndex';
import { type ReportDigest, classifyFindings, compileCodebook, createReportService, DEFAULT_CODEBOOK, defaultCodebook, digestReport, parseReport } from '../../server/out/service/index';
import { SimilarityIndex } from '../../server/out/service/similar';
import { readSharedReport, sharedReportFiles } from '../helpers/shared';

/**
 * The workspace index's cache and its worker threads: digests written as bytes and read back,
 * the cache file refused whole when it is another version's or damaged, and files read in
 * workers giving what the server's own thread gives.
 */

const service = createReportService();
const codebook = defaultCodebook();

/** A digest as plain data, for comparing whole: what the server would send or write as JSON. */
function plain(digest: ReportDigest | null): unknown {
  return JSON.parse(JSON.stringify(digest));
}

function digestOf(text: string): ReportDigest {
  return digestReport(parseReport(text, { codebook }));
}

function temporaryFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `inspection-lens-${prefix}-`));
}

describe('index cache: digests as bytes', () => {
  it('reads back every digest of the shared reports as it was, texts and all', () => {
    for (const file of sharedReportFiles()) {
      const digest = digestOf(readSharedReport(file));
      const { meta, texts } = encodeDigest(digest);
      const decoded = decodeDigest(meta, new MemoryTexts(texts));
      assert.deepStrictEqual(plain(decoded), plain(digest), file);
      assert.deepStrictEqual(decoded.findings.map((finding) => finding.text), digest.findings.map((finding) => finding.text), file);
    }
  });

  it('writes a digest read from bytes as the same bytes, until its findings are themed again', () => {
    const digest = digestOf(readSharedReport('ilacs/bury-17-december-2021.txt'));
    const encoded = encodeDigest(digest);
    const decoded = decodeDigest(encoded.meta, new MemoryTexts(encoded.texts));
    assert.equal(encodeDigest(decoded).meta, encoded.meta);
    const fewer = compileCodebook(DEFAULT_CODEBOOK.filter((theme) => theme.id !== 'management-oversight' && theme.parent !== 'management-oversight'));
    classifyFindings(decoded.findings, fewer);
    const again = decodeDigest(encodeDigest(decoded).meta, new MemoryTexts(encoded.texts));
    assert.ok(again.findings.every((finding) => !finding.themes.includes('management-oversight')));
    assert.deepStrictEqual(plain(again), plain(decoded));
  });
});

describe('index cache: the file', () => {
  let storage: string;
  let file: string;
  const files = sharedReportFiles().slice(0, 6);
  const digests = files.map((name) => digestOf(readSharedReport(name)));
  const similarity = new SimilarityIndex();
  files.forEach((name, i) => similarity.add(name, digests[i].findings));

  beforeEach(() => {
    storage = temporaryFolder('cache');
    file = path.join(storage, INDEX_CACHE_NAME);
  });

  afterEach(() => fs.rmSync(storage, { recursive: true, force: true }));

  async function write(): Promise<void> {
    const entries = files.map((name, i) => ({ name, hash: `h${i}`, size: i, mtimeMs: i * 1.5, digest: digests[i] }));
    await writeIndexCache(file, { codebook: 'fingerprint', files: [...entries, { name: 'notes.txt', hash: 'h', size: 1, mtimeMs: 2, digest: null }], similarity: similarity.toSnapshot() });
  }

  it('reads back what was written: files, digests, the codebook and the similarity index', async () => {
    await write();
    const cache = await readIndexCache(file);
    assert.equal(cache.codebook, 'fingerprint');
    assert.deepStrictEqual(
      cache.files.map(({ name, hash, size, mtimeMs }) => ({ name, hash, size, mtimeMs })),
      [...files.map((name, i) => ({ name, hash: `h${i}`, size: i, mtimeMs: i * 1.5 })), { name: 'notes.txt', hash: 'h', size: 1, mtimeMs: 2 }],
    );
    assert.deepStrictEqual(cache.files.map((entry) => plain(entry.digest)), [...digests.map(plain), null]);
    assert.deepStrictEqual(SimilarityIndex.fromSnapshot(cache.similarity!).toJSON(), similarity.toJSON());
    assert.deepStrictEqual(fs.readdirSync(storage), [INDEX_CACHE_NAME]);
    // Reading the texts in full closes the cache file (left open for texts read on demand).
    await cache.loadTexts?.();
  });

  it('refuses a cache written by another version', async () => {
    await write();
    const bytes = fs.readFileSync(file);
    bytes.writeUInt32LE(INDEX_CACHE_VERSION - 1, 4);
    fs.writeFileSync(file, bytes);
    await assert.rejects(readIndexCache(file), (error: Error) => error instanceof OutdatedCacheError && /another version \(2\)/.test(error.message));
  });

  it('refuses a damaged or truncated cache, saying what is wrong', async () => {
    await write();
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    await assert.rejects(readIndexCache(file), /its length does not match its header/);
    fs.writeFileSync(file, 'not a cache at all');
    await assert.rejects(readIndexCache(file), /it is not an index cache/);
    const damaged = Buffer.from(bytes);
    const headerLength = damaged.readUInt32LE(8);
    damaged.fill(0xff, 12 + headerLength, 12 + headerLength + 40);
    fs.writeFileSync(file, damaged);
    await assert.rejects(readIndexCache(file));
  });
});

describe('index workers', () => {
  let pool: ParsePool;
  let folder: string;

  before(() => {
    pool = ParsePool.start(2, codebook, [])!;
    folder = temporaryFolder('workers');
  });

  after(() => {
    pool?.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('give the digests, hashes and similarity counts the server’s own thread gives', async function () {
    this.timeout(30_000);
    assert.ok(pool, 'the workers start from server/out/lsp/indexWorker.js');
    const added = new SimilarityIndex();
    const counted = new SimilarityIndex();
    for (const name of sharedReportFiles()) {
      const text = readSharedReport(name);
      const file = path.join(folder, path.basename(name));
      fs.writeFileSync(file, text);
      const parsed = await pool.parse(file, codebook);
      assert.equal(parsed.kind, 'read');
      if (parsed.kind !== 'read') continue;
      const expected = digestReport(service.analyze(text, undefined, codebook)!);
      assert.equal(parsed.hash, createHash('sha1').update(text).digest('hex'));
      assert.equal(parsed.size, Buffer.byteLength(text));
      assert.deepStrictEqual(plain(decodeDigest(parsed.digest!.meta, new MemoryTexts(parsed.digest!.texts))), plain(expected), name);
      added.add(name, expected.findings);
      counted.addCounted(name, parsed.counted!.findings, parsed.counted!.terms);
    }
    assert.deepStrictEqual(counted.toJSON(), added.toJSON());
  });

  it('say which files are gone, too large or not reports, and do not parse content known already', async () => {
    const notes = path.join(folder, 'notes.txt');
    fs.writeFileSync(notes, 'Shopping list: milk, bread, eggs.\n');
    const parsed = await pool.parse(notes, codebook);
    assert.deepStrictEqual(parsed.kind === 'read' && parsed.digest, null);
    assert.deepStrictEqual(await pool.parse(path.join(folder, 'missing.txt'), codebook), { kind: 'unreadable' });
    const large = path.join(folder, 'large.txt');
    fs.writeFileSync(large, Buffer.alloc(8 * 1024 * 1024 + 1, 'a'));
    assert.equal((await pool.parse(large, codebook)).kind, 'too-large');

    const known = ParsePool.start(1, codebook, [createHash('sha1').update('Shopping list: milk, bread, eggs.\n').digest('hex')])!;
    try {
      const again = await known.parse(notes, codebook);
      assert.ok(again.kind === 'read' && again.digest === undefined);
    } finally {
      known.dispose();
    }
  });
});

describe('the workspace index with workers and its cache', () => {
  let folder: string;
  let storage: string;
  const names = sharedReportFiles();

  before(() => {
    folder = temporaryFolder('workspace');
    for (const name of names) fs.writeFileSync(path.join(folder, path.basename(name)), readSharedReport(name));
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'Shopping list: milk, bread, eggs.\n');
  });

  beforeEach(() => {
    storage = temporaryFolder('storage');
  });

  afterEach(() => fs.rmSync(storage, { recursive: true, force: true }));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  const QUERY = 'The quality of supervision for social workers is too variable, and management oversight does not prevent drift.';

  /** What the index answers: every report's digest, and a similarity query's hits. */
  function answers(index: WorkspaceIndex): unknown {
    const reports = index.reports().map(({ uri, digest }) => ({ uri, digest: plain(digest) }));
    const similar = index.similar(QUERY, undefined, 10).map(({ uri, finding, score, digest }) => ({ uri, finding, score, text: digest.findings[finding].text }));
    return { reports, similar };
  }

  async function indexed(workers: number, log: string[] = []): Promise<WorkspaceIndex> {
    // The shared reports are fewer bytes than make workers worth starting: they start all the same here.
    const index = new WorkspaceIndex([folder], service, storage, () => codebook, { log: (message) => log.push(message) }, { workers, workersFrom: 0 });
    await index.index();
    return index;
  }

  it('gives the same reports and similar findings whether files are read in workers or not, cold or warm', async function () {
    this.timeout(60_000);
    const alone = answers(await indexed(0));
    fs.rmSync(storage, { recursive: true, force: true });
    const inWorkers = await indexed(2);
    assert.equal(inWorkers.reports().length, names.length);
    assert.deepStrictEqual(answers(inWorkers), alone);
    assert.deepStrictEqual(answers(await indexed(2)), alone, 'warm, from the cache');
  });

  it('reads again only what changed since the cache was written, and saves a cache read lazily whole', async function () {
    this.timeout(60_000);
    await indexed(2);
    const changed = path.join(folder, 'havering-2016-10-sif-inspection.txt');
    const original = fs.readFileSync(changed, 'utf8');
    try {
      fs.writeFileSync(changed, original.replace(/Havering/g, 'Eastmoor'));
      const warm = await indexed(2);
      const uri = pathToFileURL(changed).toString();
      assert.equal(warm.reports().find((known) => known.uri === uri)?.digest.authority, 'Eastmoor');
      // That warm start saved a new cache: the unchanged reports' texts came from the old file.
      const fresh = new WorkspaceIndex([folder], service, undefined, () => codebook, {}, { workers: 0 });
      await fresh.index();
      // (Scores may differ by a hair: the replaced report's findings still count in the similarity index until it is compacted.)
      const reportsOf = (index: WorkspaceIndex) => index.reports().map(({ uri, digest }) => ({ uri, digest: plain(digest) }));
      assert.deepStrictEqual(reportsOf(await indexed(2)), reportsOf(fresh));
    } finally {
      fs.writeFileSync(changed, original);
    }
  });

  it('indexes open documents’ files again at the next start, and forgets documents that were not files', async function () {
    this.timeout(60_000);
    const index = await indexed(2);
    const file = path.join(folder, 'bury-17-december-2021.txt');
    const bury = pathToFileURL(file).toString();
    const original = fs.readFileSync(file, 'utf8');
    const sentence = 'The quality of supervision for social workers is too variable';
    assert.ok(original.includes(sentence));
    const unsaved = 'Zebra crossings near the authority’s family hubs are repainted promptly after every inspection visit.';
    index.setOpen(bury, parseReport(original.replace(sentence, unsaved), { codebook }));
    index.setOpen('untitled:Untitled-1', parseReport(original.replace(sentence, `${unsaved} Giraffes too.`), { codebook }));
    const stale = (hit: { uri: string }) => hit.uri === bury || hit.uri === 'untitled:Untitled-1';
    assert.equal(index.similar(unsaved, undefined, 10).filter(stale).length, 2);
    index.retheme();
    await index.flush();

    const next = await indexed(2);
    assert.deepStrictEqual(next.similar(unsaved, undefined, 10).filter(stale), []);
    const query = original.slice(original.indexOf(sentence), original.indexOf(sentence) + 200);
    assert.ok(next.similar(query, undefined, 10).some((hit) => hit.uri === bury), 'the file’s text is indexed again');
  });

  it('stops reading when cancelled, and reads the rest when asked again', async function () {
    this.timeout(60_000);
    const index = new WorkspaceIndex([folder], service, storage, () => codebook, {}, { workers: 2, workersFrom: 0 });
    const token = { isCancellationRequested: false };
    let progressed = 0;
    await index.index(token, {
      progress: (done) => {
        progressed = done;
        token.isCancellationRequested = true;
      },
    });
    assert.equal(progressed, 0);
    assert.ok(index.reports().length < names.length, `${index.reports().length} reports read after cancelling`);
    assert.ok(!fs.existsSync(path.join(storage, INDEX_CACHE_NAME)), 'no cache of a cancelled run');
    await index.index();
    assert.equal(index.reports().length, names.length);
  });

  it('ignores a damaged cache with a message, and writes a good one', async function () {
    this.timeout(60_000);
    const damaged = Buffer.alloc(14, 'x');
    damaged.write('ILIX', 0, 'latin1');
    damaged.writeUInt32LE(INDEX_CACHE_VERSION, 4);
    damaged.writeUInt32LE(1000, 8);
    fs.writeFileSync(path.join(storage, INDEX_CACHE_NAME), damaged);
    const log: string[] = [];
    const index = await indexed(2, log);
    assert.equal(index.reports().length, names.length);
    assert.deepStrictEqual(log, ['Inspection Lens: ignored the index cache: it is truncated']);
    const cache = await readIndexCache(path.join(storage, INDEX_CACHE_NAME));
    assert.equal(cache.files.length, names.length + 1);
    await cache.loadTexts?.();
  });
});
