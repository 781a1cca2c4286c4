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
