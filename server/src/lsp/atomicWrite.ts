import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a file so that a reader never sees half of it: a temporary file beside the target
 * (creating its folder), then a rename over it.
 */
export function writeFileAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
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
