import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnnotationStore, contentHash } from '../../server/out/lsp/annotationStore';
import { type Annotation, readAnnotationFile, writeAnnotationFile } from '../../server/out/service/annotations';
import { generationOfMemo, largeAnnotationSet, nextGeneration, paragraphAnnotation } from '../helpers/annotations';
import { SHORT_STALE_LOCK_MS } from '../helpers/annotationWriter';

/**
 * The annotation store: nothing a quality assurer tags is lost, whether a writer is killed
 * mid-write, several write at once, the file is damaged, or another program changes it.
 * Writers are real processes (../helpers/annotationWriter.ts); files are in a temporary folder.
 */

const REPORT = 'reports/bury.txt';
const SOURCE = 'reports/bury.txt';
const WRITER = path.join(__dirname, '..', 'helpers', 'annotationWriter.js');

describe('annotation store', function () {
  let folder: string;
  let store: AnnotationStore;
  let file: string;

  beforeEach(function () {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'inspection-lens-annotations-'));
    store = new AnnotationStore(folder);
    file = store.fileFor(REPORT);
  });

  afterEach(function () {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  describe('contentHash', function () {
    it('is sha256: and the hex digest of the UTF-8 text', async function () {
      assert.equal(contentHash(''), 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      assert.equal(contentHash('abc'), 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
      assert.equal(contentHash('Looked-after children’s plans'), 'sha256:6e4f6ecbb42dd9fe7ad35c417c8c72341407a2a057ddc5e57e5cdd84ba44da0c');
    });
  });

  describe('sourceOf and fileFor', function () {
    it('name a report in subfolders with spaces by its path in the folder, with forward slashes', async function () {
      const spaced = fs.mkdtempSync(path.join(os.tmpdir(), 'inspection lens work space '));
      try {
        const spacedStore = new AnnotationStore(spaced);
        const report = path.join(spaced, 'reports', '2024 ILACS', 'Bury report.txt');
        assert.equal(spacedStore.sourceOf(report), 'reports/2024 ILACS/Bury report.txt');
        assert.equal(spacedStore.sourceOf('reports/2024 ILACS/Bury report.txt'), 'reports/2024 ILACS/Bury report.txt');
        assert.equal(spacedStore.fileFor(report), path.join(spaced, '.inspection-lens', 'annotations', 'reports', '2024 ILACS', 'Bury report.txt.json'));
        await spacedStore.update(report, () => [paragraphAnnotation('reports/2024 ILACS/Bury report.txt', 0, 'urn:test:a')]);
        assert.deepEqual(spacedStore.annotatedReports(), [report]);
      } finally {
        fs.rmSync(spaced, { recursive: true, force: true });
      }
    });

    it('refuses a report outside the folder', async function () {
      assert.throws(() => store.sourceOf(path.join(os.tmpdir(), 'elsewhere.txt')), /not inside the workspace folder/);
      assert.throws(() => store.fileFor('../elsewhere.txt'), /not inside the workspace folder/);
    });
  });

  describe('load and update', function () {
    it('a report without a file has no annotations, and an update that changes nothing creates no file', async function () {
      assert.deepEqual(store.load(REPORT), { file, source: SOURCE, annotations: [], unreadable: [], problems: [] });
      await store.update(REPORT, (current) => current);
      assert.equal(fs.existsSync(file), false);
      assert.deepEqual(store.annotatedReports(), []);
    });

    it('saves annotations and reads them back', async function () {
      const a = paragraphAnnotation(SOURCE, 3, 'urn:test:a', 'A memo.');
      const saved = await store.update(REPORT, (current) => [...current, a]);
      assert.deepEqual(saved.annotations, [a]);
      assert.deepEqual(readFile(file), { annotations: [a], unreadable: [], problems: [] });
      assert.deepEqual(new AnnotationStore(folder).load(REPORT).annotations, [a]);
      assert.deepEqual(store.annotatedReports(), [path.join(folder, REPORT)]);
    });

    it('an update whose result is what is on disk writes nothing', async function () {
      await store.update(REPORT, () => [paragraphAnnotation(SOURCE, 0, 'urn:test:a'), paragraphAnnotation(SOURCE, 1, 'urn:test:b')]);
      const before = fs.statSync(file, { bigint: true });
      await store.update(REPORT, (current) => [...current].reverse());
      const after = fs.statSync(file, { bigint: true });
      assert.deepEqual([after.ino, after.mtimeNs, after.ctimeNs], [before.ino, before.mtimeNs, before.ctimeNs]);
    });

    it('removing the last annotation keeps the file, as an empty collection', async function () {
      await store.update(REPORT, () => [paragraphAnnotation(SOURCE, 0, 'urn:test:a')]);
      const emptied = await store.update(REPORT, () => []);
      assert.deepEqual(emptied.annotations, []);
      assert.deepEqual(readFile(file), { annotations: [], unreadable: [], problems: [] });
      assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).total, 0);
    });
  });

  describe('a writer killed mid-write', function () {
    it('leaves the old or a new complete file every time, and its lock and temporary files stand in no one’s way', async function () {
      this.timeout(0);
      const crashStore = new AnnotationStore(folder, { staleLockMs: SHORT_STALE_LOCK_MS });
      await crashStore.update(REPORT, () => largeAnnotationSet(SOURCE, 300, 0));
      assert.ok(fs.statSync(file).size > 500_000, 'the file is large enough for a kill to land mid-write');
      let generation = 0;
      let locksLeft = 0;
      let temporariesLeft = 0;
      for (let round = 0; round < 30; round++) {
        const writer = startWriter(['churn', folder, REPORT]);
        const updateMs = Number(/ready (\d+)/.exec(await writer.ready)?.[1]);
        // Half the kills at a random moment of the next update or two; half as soon as its
        // temporary file appears, so that some land between writing and renaming.
        await killAt(writer, round % 2 === 0 ? undefined : path.dirname(file), Math.random() * 2 * Math.max(updateMs, 50));

        if (fs.existsSync(`${file}.lock`)) locksLeft++;
        temporariesLeft += fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith('.tmp')).length;
        const seen = completeGeneration(fs.readFileSync(file, 'utf8'));
        assert.ok(seen >= generation, `round ${round}: generation ${seen} is older than ${generation}, seen before`);
        assert.deepEqual(crashStore.annotatedReports(), [path.join(folder, REPORT)], 'temporary files are not annotation files');

        const after = await crashStore.update(REPORT, nextGeneration);
        assert.equal(after.annotations.length, 300);
        assert.ok(after.annotations.every((a) => generationOfMemo(a) === seen + 1));
        assert.equal(completeGeneration(fs.readFileSync(file, 'utf8')), seen + 1);
        generation = seen + 1;
      }
      console.log(`      (30 kills: ${locksLeft} left a lock behind, ${temporariesLeft} temporary files were seen; the file reached generation ${generation})`);
      assert.ok(locksLeft > 0, 'at least one writer was killed holding the lock, so taking over a stale lock was tried');
    });

    it('takes over a dead writer’s stale lock, ignores its half-written temporary file and later removes it', async function () {
      const crashStore = new AnnotationStore(folder, { staleLockMs: SHORT_STALE_LOCK_MS });
      const a = paragraphAnnotation(SOURCE, 0, 'urn:test:a');
      const b = paragraphAnnotation(SOURCE, 1, 'urn:test:b');
      await crashStore.update(REPORT, () => [a]);
      const longAgo = new Date(Date.now() - 60_000);
      fs.mkdirSync(`${file}.lock`);
      fs.utimesSync(`${file}.lock`, longAgo, longAgo);
      const stray = `${file}.99999-0badf00d.tmp`;
      fs.writeFileSync(stray, writeAnnotationFile(SOURCE, [a, b]).slice(0, 300));
      fs.utimesSync(stray, longAgo, longAgo);

      assert.deepEqual(crashStore.annotatedReports(), [path.join(folder, REPORT)]);
      assert.deepEqual(crashStore.load(REPORT).annotations, [a]);
      assert.deepEqual((await crashStore.update(REPORT, (current) => [...current, b])).annotations, [a, b]);
      assert.equal(fs.existsSync(stray), false, 'the abandoned temporary file is removed');
      assert.equal(fs.existsSync(`${file}.lock`), false, 'the lock is released');
    });

    it('gives up with a clear message, writing nothing, while a live writer holds the lock, answering other work meanwhile', async function () {
      const lockedStore = new AnnotationStore(folder, { staleLockMs: SHORT_STALE_LOCK_MS, lockWaitMs: 3_000 });
      await lockedStore.update(REPORT, () => [paragraphAnnotation(SOURCE, 0, 'urn:test:a')]);
      const before = fs.readFileSync(file);
      // A lock touched in the future is never stale: its writer is, as far as anyone can tell, alive.
      const future = new Date(Date.now() + 3_600_000);
      fs.mkdirSync(`${file}.lock`);
      fs.utimesSync(`${file}.lock`, future, future);
      // The wait returns to the event loop (the language server goes on answering): a timer keeps ticking.
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 100);
      try {
        await assert.rejects(
          () => lockedStore.update(REPORT, (current) => [...current, paragraphAnnotation(SOURCE, 1, 'urn:test:b')]),
          /^Error: The annotations of reports\/bury\.txt were not saved: another Inspection Lens window or command has been saving them for over 3 seconds\. Nothing was written; please try again\.$/,
        );
      } finally {
        clearInterval(ticker);
      }
      assert.ok(ticks >= 5, `the timer ticked ${ticks} times while the store waited 3 seconds for the lock`);
      assert.deepEqual(fs.readFileSync(file), before);
    });
  });

  describe('several processes writing at once', function () {
    it('keeps every annotation of every writer', async function () {
      this.timeout(0);
      const count = 40;
      const writers = [0, 1, 2].map((n) => startWriter(['add', folder, REPORT, String(n), String(count)]));
      await Promise.all(writers.map((writer) => writer.ready));
      for (const writer of writers) writer.process.stdin?.write('go\n');
      const exits = await Promise.all(writers.map((writer) => writer.exited));
      assert.deepEqual(exits, writers.map(() => ({ code: 0, signal: null })), writers.map((writer) => writer.stderr()).join('\n'));

      const expected = [0, 1, 2].flatMap((n) => Array.from({ length: count }, (_, i) => `urn:test:writer-${n}-${i}`)).sort();
      assert.deepEqual(store.load(REPORT).annotations.map((a) => a.id).sort(), expected);
      assert.equal(fs.existsSync(`${file}.lock`), false);
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ['bury.txt.json']);
    });
  });

  describe('a corrupt file', function () {
    const a = paragraphAnnotation(SOURCE, 0, 'urn:test:a');
    const b = paragraphAnnotation(SOURCE, 1, 'urn:test:b');
    const c = paragraphAnnotation(SOURCE, 2, 'urn:test:c');
    const damaged: Array<[string, string, RegExp]> = [
      ['a merge conflict', `<<<<<<< HEAD\n${writeAnnotationFile(SOURCE, [a])}=======\n${writeAnnotationFile(SOURCE, [b])}>>>>>>> theirs\n`, /^it is not valid JSON/],
      ['JSON that is not an annotation collection', '{ "codes": ["OFS010"] }\n', /^it is not a W3C annotation collection/],
    ];

    for (const [what, text, reason] of damaged) {
      it(`${what}: load reports it and leaves it alone; update sets it aside untouched and starts a fresh file`, async function () {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        const loaded = store.load(REPORT);
        assert.match(loaded.corrupt ?? '', reason);
        assert.deepEqual(loaded.annotations, []);
        assert.equal(loaded.problems.length, 1);
        assert.match(loaded.problems[0], /^The annotation file \.inspection-lens\/annotations\/reports\/bury\.txt\.json cannot be read: .* It is left exactly as it is/);
        assert.deepEqual(fs.readFileSync(file), Buffer.from(text));

        const updated = await store.update(REPORT, (current) => [...current, c]);
        assert.ok(updated.setAside);
        assert.match(path.basename(updated.setAside), /^bury\.txt\.json\.corrupt-\d{4}-\d\d-\d\dT\d{6}\.\d{3}Z\.json$/);
        assert.deepEqual(fs.readFileSync(updated.setAside), Buffer.from(text));
        assert.match(updated.problems[0], /so it was set aside untouched as bury\.txt\.json\.corrupt-.*\.json and a fresh file was started\.$/);
        assert.deepEqual(updated.annotations, [c]);
        assert.deepEqual(readFile(file), { annotations: [c], unreadable: [], problems: [] });
        assert.deepEqual(store.load(REPORT).annotations, [c]);
        assert.deepEqual(store.annotatedReports(), [path.join(folder, REPORT)], 'a set-aside file is no report’s');
      });
    }

    it('items that are not annotations are kept verbatim through updates', async function () {
      const malformed = ['a stray string', { type: 'Annotation', id: 'urn:test:no-body' }, { type: 'Note', extra: [1, { deep: true }] }];
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const text = JSON.stringify({ type: 'AnnotationCollection', first: { type: 'AnnotationPage', items: [a, ...malformed] } });
      fs.writeFileSync(file, text);
      assert.equal(store.load(REPORT).problems.length, 3);

      await store.update(REPORT, (current) => [...current, b]);
      const updated = await store.update(REPORT, (current) => current.filter((annotation) => annotation.id !== a.id));
      assert.deepEqual(updated.annotations, [b]);
      assert.deepEqual(updated.unreadable, malformed);
      assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')).first.items, [b, ...malformed]);
    });
  });

  describe('changes made by others', function () {
    const a = paragraphAnnotation(SOURCE, 0, 'urn:test:a');
    const b = paragraphAnnotation(SOURCE, 1, 'urn:test:b');
    const c = paragraphAnnotation(SOURCE, 2, 'urn:test:c');

    it('a change on disk between load and update is merged, not overwritten', async function () {
      await store.update(REPORT, () => [a]);
      const loaded = store.load(REPORT);
      fs.writeFileSync(file, writeAnnotationFile(SOURCE, [...loaded.annotations, b]));
      const updated = await store.update(REPORT, (current) => [...current, c]);
      assert.deepEqual(updated.annotations.map((x) => x.id), [a.id, b.id, c.id]);
      assert.deepEqual(readFile(file).annotations.map((x) => x.id), [a.id, b.id, c.id]);
    });

    it('a change on disk by a program that takes no lock, while an update is under way, makes the update start again', async function () {
      await store.update(REPORT, () => [a]);
      let calls = 0;
      const updated = await store.update(REPORT, (current) => {
        // As git would: a new file renamed over the annotation file, between our read and our rename.
        if (calls++ === 0) {
          fs.writeFileSync(`${file}.git`, writeAnnotationFile(SOURCE, [...current, b]));
          fs.renameSync(`${file}.git`, file);
        }
        return [...current, c];
      });
      assert.equal(calls, 2);
      assert.deepEqual(updated.annotations.map((x) => x.id), [a.id, b.id, c.id]);
      assert.deepEqual(readFile(file).annotations.map((x) => x.id), [a.id, b.id, c.id]);
    });

    it('load reads the file again when it changes on disk, and only then', async function () {
      await store.update(REPORT, () => [a]);
      const first = store.load(REPORT);
      assert.equal(store.load(REPORT), first, 'unchanged: the cached result');

      fs.writeFileSync(file, writeAnnotationFile(SOURCE, [a, b]));
      assert.deepEqual(store.load(REPORT).annotations, [a, b]);

      // Same size, same inode, written at once: only the content shows the change.
      const memoA = paragraphAnnotation(SOURCE, 0, 'urn:test:a', 'aaaa');
      const memoB = paragraphAnnotation(SOURCE, 0, 'urn:test:a', 'bbbb');
      fs.writeFileSync(file, writeAnnotationFile(SOURCE, [memoA]));
      assert.deepEqual(store.load(REPORT).annotations, [memoA]);
      fs.writeFileSync(file, writeAnnotationFile(SOURCE, [memoB]));
      assert.deepEqual(store.load(REPORT).annotations, [memoB]);

      fs.rmSync(file);
      assert.deepEqual(store.load(REPORT).annotations, []);
    });
  });
});

function readFile(file: string): { annotations: Annotation[]; unreadable: unknown[]; problems: string[] } {
  return readText(fs.readFileSync(file, 'utf8'));
}

function readText(text: string): { annotations: Annotation[]; unreadable: unknown[]; problems: string[] } {
  const read = readAnnotationFile(text);
  assert.ok(!('corrupt' in read), `the file is not corrupt (${'corrupt' in read ? read.corrupt : ''})`);
  return read;
}

/** Asserts the file is whole (all 300 annotations, each memo of one generation) and returns that generation. */
function completeGeneration(text: string): number {
  const read = readText(text);
  assert.equal(read.annotations.length, 300);
  assert.deepEqual(read.unreadable, []);
  const generations = new Set(read.annotations.map(generationOfMemo));
  assert.equal(generations.size, 1, `one generation throughout, not ${[...generations].join(', ')}`);
  const [generation] = generations;
  assert.ok(Number.isInteger(generation));
  return generation;
}

interface Writer {
  process: ChildProcess;
  /** What the writer printed up to "ready". */
  ready: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Starts a writer process; `ready` settles when it says so (or fails, with its errors, if it exits first). */
function startWriter(args: string[]): Writer {
  const child = spawn(process.execPath, [WRITER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/ready.*\n/.test(stdout)) resolve(stdout);
    });
    void exited.then(({ code, signal }) => reject(new Error(`the writer exited (${code ?? signal}) before it was ready:\n${stderr}`)));
  });
  return { process: child, ready, exited, stderr: () => stderr };
}

/** Kills the writer after `delayMs`, or sooner when a temporary file appears in `watched`; settles once it is dead. */
async function killAt(writer: Writer, watched: string | undefined, delayMs: number): Promise<void> {
  const kill = () => writer.process.kill('SIGKILL');
  const watcher = watched ? fs.watch(watched, (_event, name) => name?.toString().endsWith('.tmp') && kill()) : undefined;
  const timer = setTimeout(kill, watched ? 4 * delayMs : delayMs);
  await writer.exited;
  clearTimeout(timer);
  watcher?.close();
}
