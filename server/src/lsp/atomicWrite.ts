import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface AtomicWriteOptions {
  /**
   * Called with the temporary file once it is written and on disk, just before it replaces the
   * target: the last moment to see whether the target changed meanwhile. Throwing abandons the
   * write; the temporary file is removed and the target is left as it was.
   */
  beforeReplace?(temporary: string): void;
}

/**
 * Writes a file so that a reader never sees half of it and a crash never leaves half of it: a
 * temporary file beside the target (creating its folder), flushed to disk, then renamed over the
 * target, and the folder flushed so that the rename itself survives a power cut.
 *
 * (npm's write-file-atomic does the first three but neither flushes the folder nor offers a
 * moment before the rename, which the annotation store needs.)
 */
export function writeFileAtomically(file: string, text: string, options: AtomicWriteOptions = {}): void {
  const folder = path.dirname(file);
  fs.mkdirSync(folder, { recursive: true });
  const temporary = temporaryFileFor(file);
  try {
    writeAndFlush(temporary, text, modeOf(file));
    options.beforeReplace?.(temporary);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  flushFolder(folder);
}

/** Whether `name` (a file name, without folder) is one of the temporary files of `file`. */
export function isTemporaryFileOf(file: string, name: string): boolean {
  const base = path.basename(file);
  return name.startsWith(`${base}.`) && /^\.\d+-[0-9a-f]+\.tmp$/.test(name.slice(base.length));
}

/** Unique to this process and call, so that two writers (even with one pid, in two containers) never share one. */
function temporaryFileFor(file: string): string {
  return `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

function writeAndFlush(file: string, text: string, mode: number | undefined): void {
  const fd = fs.openSync(file, 'w', mode ?? 0o666);
  try {
    if (mode !== undefined) fs.fchmodSync(fd, mode); // as it was, whatever the umask
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The target's permissions, kept by its replacement. */
function modeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).mode & 0o777;
  } catch {
    return undefined;
  }
}

function flushFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows can neither open nor flush a folder; its renames are journalled by NTFS instead.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

let written = 0;

/**
 * The same for large data in parts, off the server's thread: the parts are written one after
 * another (never joined in memory) to a temporary file of this write's own, then renamed over
 * the target. The parts must not change until the promise settles.
 */
export async function writePartsAtomically(file: string, parts: readonly Uint8Array[]): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${written++}.tmp`;
  try {
    const handle = await fs.promises.open(temporary, 'w');
    try {
      const { bytesWritten } = await handle.writev(parts as Uint8Array[]);
      if (bytesWritten !== parts.reduce((sum, part) => sum + part.length, 0)) throw new Error(`only ${bytesWritten} bytes could be written`);
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temporary, file);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}
