import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lockfile from 'proper-lockfile';
import { type Annotation, annotationFileOf, readAnnotationFile, writeAnnotationFile } from '../service/annotations';
import { isTemporaryFileOf, writeFileAtomically } from './atomicWrite';

/**
 * The reports' annotation files on disk, shared by every window and the command line, and by a
 * team through version control. Nothing a quality assurer tags is ever lost:
 *
 * - `update` holds an inter-process lock, re-reads the file under it and applies the change to
 *   what is on disk then, so that concurrent changes are merged rather than overwritten;
 * - it writes atomically, and starts again if a program that takes no lock (git, an editor)
 *   changed the file between the read and the rename;
 * - a file that is not an annotation collection at all (a merge conflict, say) is never
 *   overwritten: it is set aside untouched, and items it cannot read are kept verbatim.
 */

/** `sha256:` and the hex digest of a report's text, as annotations name it. */
export function contentHash(text: string): string {
  return 'sha256:' + createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface LoadResult {
  /** The annotation file, absolute. */
  file: string;
  /** The report, relative to the workspace folder with forward slashes: the annotations' `target.source`. */
  source: string;
  annotations: Annotation[];
  /** Items of the file that are not annotations Inspection Lens understands, kept verbatim. */
  unreadable: unknown[];
  /** What to tell the user, in British English. */
  problems: string[];
  /** Why the file is not an annotation collection at all. It is then left as it is and has no annotations. */
  corrupt?: string;
  /** Where `update` moved a corrupt file, untouched, before starting a fresh one. */
  setAside?: string;
}

export interface AnnotationStoreOptions {
  /** A lock not refreshed for this long belongs to a writer that died (proper-lockfile's `stale`; at least 2000). */
  staleLockMs?: number;
  /** How long `update` waits for another writer's lock; more than `staleLockMs`, so that a dead writer's lock is taken over first. */
  lockWaitMs?: number;
}

const DEFAULT_STALE_LOCK_MS = 10_000;
/** Times `update` starts again because a program that takes no lock changed the file meanwhile. */
const MOST_ATTEMPTS = 5;
/**
 * A file read this soon after it was written may change again without its timestamp showing it
 * (file system clocks tick coarsely), so until then it is also compared by content ("racy git").
 */
const RACY_MS = 2_000;
/** `<file>.corrupt-<ISO timestamp without colons>[-n].json`: a set-aside file, not a report's. */
const SET_ASIDE = /\.json\.corrupt-[^/\\]*\.json$/;

export class AnnotationStore {
  /** The workspace folder holding `.inspection-lens/`, absolute. */
  readonly folder: string;
  private readonly staleLockMs: number;
  private readonly lockWaitMs: number;
  private readonly cache = new Map<string, Cached>();

  constructor(folder: string, options: AnnotationStoreOptions = {}) {
    this.folder = path.resolve(folder);
    this.staleLockMs = Math.max(options.staleLockMs ?? DEFAULT_STALE_LOCK_MS, 2_000);
    this.lockWaitMs = Math.max(options.lockWaitMs ?? 2 * this.staleLockMs, this.staleLockMs + 1_000);
  }

  /** The report's path relative to the folder, with forward slashes. `reportPath` is absolute or relative to the folder. */
  sourceOf(reportPath: string): string {
    const relative = path.relative(this.folder, path.resolve(this.folder, reportPath));
    if (!relative || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
      throw new Error(`The report ${reportPath} is not inside the workspace folder ${this.folder}, so its annotations cannot be kept there.`);
    }
    return relative.split(path.sep).join('/');
  }

  /** The absolute path of the report's annotation file. */
  fileFor(reportPath: string): string {
    return path.join(this.folder, ...annotationFileOf(this.sourceOf(reportPath)).split('/'));
  }

  /** The report's annotations as on disk, read again only when the file has changed. Treat the result as read-only. */
  load(reportPath: string): LoadResult {
    const source = this.sourceOf(reportPath);
    const file = this.fileFor(reportPath);
    const cached = this.cache.get(file);
    if (cached && isCurrent(cached, file)) return cached.result;
    const snapshot = readSnapshot(file);
    return this.remember(file, snapshot, this.resultOf(file, source, snapshot));
  }

  /**
   * Applies `change` to the annotations on disk now and saves the result, merging with whatever
   * other windows and programs saved meanwhile. `change` may be called more than once (when the
   * file changes under it) and must not call `update` itself. Rejects, having written nothing,
   * when the file cannot be locked or saved. Waiting for another writer's lock (up to
   * `lockWaitMs`, when a writer died holding it) returns to the event loop, so that the language
   * server goes on answering; once locked, the read, change and write are one synchronous step.
   */
  async update(reportPath: string, change: (current: Annotation[]) => Annotation[]): Promise<LoadResult> {
    const source = this.sourceOf(reportPath);
    const file = this.fileFor(reportPath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const release = await this.lock(file, source);
    try {
      this.removeAbandonedTemporaryFiles(file);
      return this.updateLocked(file, source, change);
    } finally {
      releaseQuietly(release);
    }
  }

  /** Every report, absolute, that has an annotation file (whether or not the report is still there). */
  annotatedReports(): string[] {
    const root = path.join(this.folder, '.inspection-lens', 'annotations');
    return annotationFilesUnder(root, '')
      .map((relative) => path.join(this.folder, relative.slice(0, -'.json'.length)))
      .sort();
  }

  private updateLocked(file: string, source: string, change: (current: Annotation[]) => Annotation[]): LoadResult {
    const setAside: { file: string; problem: string }[] = [];
    for (let attempt = 1; attempt <= MOST_ATTEMPTS; attempt++) {
      let snapshot = readSnapshot(file);
      let current = this.resultOf(file, source, snapshot);
      const corrupt = current.corrupt !== undefined;
      if (corrupt) {
        if (hasChangedSince(file, snapshot)) continue;
        const aside = setAsideUntouched(file);
        setAside.push({ file: aside, problem: `The annotation file ${this.relative(file)} could not be read (${current.corrupt}), so it was set aside untouched as ${path.basename(aside)} and a fresh file was started.` });
        snapshot = ABSENT;
        current = this.resultOf(file, source, snapshot);
      }
      const before = writeAnnotationFile(source, current.annotations, current.unreadable);
      const text = writeAnnotationFile(source, change(current.annotations), current.unreadable);
      const written = text === before && !corrupt ? undefined : writeUnlessChanged(file, text, snapshot);
      if (written === 'changed') continue;
      // Read back what is now on disk rather than trusting objects `change` may have altered.
      const now = written ?? snapshot;
      const result = this.remember(file, now, this.resultOf(file, source, now));
      return setAside.length ? withSetAside(result, setAside) : result;
    }
    throw new Error(`The annotations of ${source} were not saved: another program kept changing ${this.relative(file)} while they were being saved. Nothing was written; please try again.`);
  }

  private resultOf(file: string, source: string, snapshot: Snapshot): LoadResult {
    if (snapshot.text === undefined) return { file, source, annotations: [], unreadable: [], problems: [] };
    const read = readAnnotationFile(snapshot.text);
    if (!('corrupt' in read)) return { file, source, ...read };
    const problem = `The annotation file ${this.relative(file)} cannot be read: ${read.corrupt}. It is left exactly as it is: mend it (for example, finish resolving a merge conflict), or annotate the report again and Inspection Lens will set the damaged file aside and start a fresh one.`;
    return { file, source, annotations: [], unreadable: [], problems: [problem], corrupt: read.corrupt };
  }

  private remember(file: string, snapshot: Snapshot, result: LoadResult): LoadResult {
    if (snapshot.stamp === undefined) this.cache.delete(file);
    else this.cache.set(file, { stamp: snapshot.stamp, result, text: isRacy(snapshot) ? snapshot.text : undefined });
    return result;
  }

  /** Takes the inter-process lock, waiting for another writer; rejects if it cannot. */
  private async lock(file: string, source: string): Promise<() => void> {
    const giveUpAt = Date.now() + this.lockWaitMs;
    for (let pause = 10; ; pause = Math.min(2 * pause, 200)) {
      try {
        // The lock is held for one synchronous read-change-write, so its refresh timer never runs
        // while it is held; should it ever report the lock lost, the check before the rename still
        // guards the file.
        return lockfile.lockSync(file, { realpath: false, stale: this.staleLockMs, onCompromised: () => undefined });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
          throw new Error(`The annotations of ${source} were not saved: ${this.relative(file)} could not be locked (${(error as Error).message}).`);
        }
        if (Date.now() >= giveUpAt) {
          throw new Error(`The annotations of ${source} were not saved: another Inspection Lens window or command has been saving them for over ${Math.round(this.lockWaitMs / 1000)} seconds. Nothing was written; please try again.`);
        }
        await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
      }
    }
  }

  /** Temporary files left by a writer that died mid-write; only under the lock, and only once older than any live writer's. */
  private removeAbandonedTemporaryFiles(file: string): void {
    const folder = path.dirname(file);
    const olderThan = Date.now() - this.staleLockMs;
    for (const name of fs.readdirSync(folder)) {
      if (!isTemporaryFileOf(file, name)) continue;
      try {
        const temporary = path.join(folder, name);
        if (fs.statSync(temporary).mtimeMs < olderThan) fs.rmSync(temporary, { force: true });
      } catch {
        // Gone already.
      }
    }
  }

  private relative(file: string): string {
    return path.relative(this.folder, file).split(path.sep).join('/');
  }
}

/** The file's text when read, and the identity of that version (inode, size, timestamps); both undefined when there is no file. */
interface Snapshot {
  text: string | undefined;
  stamp: string | undefined;
  modifiedMs: number;
}

interface Cached {
  stamp: string;
  result: LoadResult;
  /** Kept while the stamp alone cannot be trusted (see RACY_MS). */
  text: string | undefined;
}

const ABSENT: Snapshot = { text: undefined, stamp: undefined, modifiedMs: 0 };

function readSnapshot(file: string): Snapshot {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ABSENT;
    throw error;
  }
  try {
    // Stat and read one open file, so that the stamp is the stamp of the text.
    const stat = fs.fstatSync(fd, { bigint: true });
    return { text: fs.readFileSync(fd, 'utf8'), stamp: stampOf(stat), modifiedMs: Number(stat.mtimeMs) };
  } finally {
    fs.closeSync(fd);
  }
}

function currentStamp(file: string): string | undefined {
  const stat = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
  return stat ? stampOf(stat) : undefined;
}

function stampOf(stat: fs.BigIntStats): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

function isRacy(snapshot: Snapshot): boolean {
  return snapshot.text !== undefined && Date.now() - snapshot.modifiedMs < RACY_MS;
}

function isCurrent(cached: Cached, file: string): boolean {
  if (currentStamp(file) !== cached.stamp) return false;
  if (cached.text === undefined) return true;
  const now = readSnapshot(file);
  if (now.stamp !== cached.stamp || now.text !== cached.text) return false;
  if (!isRacy(now)) cached.text = undefined;
  return true;
}

function hasChangedSince(file: string, snapshot: Snapshot): boolean {
  const now = readSnapshot(file);
  return now.stamp !== snapshot.stamp || now.text !== snapshot.text;
}

/**
 * Writes `text` over `file` unless the file is no longer what `snapshot` read, checked just
 * before the rename: the written version, or 'changed' having written nothing.
 */
function writeUnlessChanged(file: string, text: string, snapshot: Snapshot): Snapshot | 'changed' {
  let ours: fs.BigIntStats | undefined;
  try {
    writeFileAtomically(file, text, {
      beforeReplace(temporary) {
        if (hasChangedSince(file, snapshot)) throw CHANGED;
        ours = fs.statSync(temporary, { bigint: true });
      },
    });
  } catch (error) {
    if (error === CHANGED) return 'changed';
    throw error;
  }
  const stat = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
  // Someone may have replaced the file already; then nothing is cached and the next load reads theirs.
  const stamp = stat && ours && stat.ino === ours.ino ? stampOf(stat) : undefined;
  return { text, stamp, modifiedMs: stat ? Number(stat.mtimeMs) : 0 };
}

const CHANGED = new Error('The annotation file changed while it was being saved.');

/** Renames a corrupt file out of the way, byte for byte as it was. */
function setAsideUntouched(file: string): string {
  const stamp = new Date().toISOString().replace(/:/g, '');
  for (let n = 1; ; n++) {
    const aside = `${file}.corrupt-${stamp}${n > 1 ? `-${n}` : ''}.json`;
    if (fs.existsSync(aside)) continue;
    fs.renameSync(file, aside);
    return aside;
  }
}

function withSetAside(result: LoadResult, setAside: { file: string; problem: string }[]): LoadResult {
  return { ...result, problems: [...setAside.map((s) => s.problem), ...result.problems], setAside: setAside[setAside.length - 1].file };
}

function annotationFilesUnder(root: string, relative: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.flatMap((entry) => {
    const child = path.join(relative, entry.name);
    if (entry.isDirectory()) return entry.name.endsWith('.json.lock') ? [] : annotationFilesUnder(root, child);
    return entry.isFile() && isAnnotationFileName(entry.name) ? [child] : [];
  });
}

/** A report's annotation file: `<report name>.json`, not a set-aside file nor a temporary one. */
function isAnnotationFileName(name: string): boolean {
  return name.length > '.json'.length && name.endsWith('.json') && !SET_ASIDE.test(name);
}

function releaseQuietly(release: () => void): void {
  try {
    release();
  } catch {
    // The lock is gone already (taken over as stale); there is nothing left to release.
  }
}
