import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot, sharedReports } from './paths';

/** The built-in example, always in the test workspace. */
export const EXAMPLE_REPORT = 'northmoor-2025-inspection.txt';

/** Real reports from ../shared/reports copied beside it, when the shared folder is there. */
export const SHARED_REPORTS = ['ilacs/bromley-12-january-2024.txt', 'haringey-2021-03-focused-visit.txt', 'havering-2016-10-sif-inspection.txt'];

/** A fresh folder under the system's temporary folder; the caller removes it. */
export function makeRunFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/**
 * Fills `folder` with copies of the example and of a few shared reports, so that the tests and
 * anything a person types in the editor never touch the originals. Returns the file names.
 */
export function prepareWorkspace(folder: string, shared = SHARED_REPORTS): string[] {
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(path.join(projectRoot, 'examples', EXAMPLE_REPORT), path.join(folder, EXAMPLE_REPORT));
  const available = shared.filter((relative) => fs.existsSync(path.join(sharedReports, relative)));
  if (available.length < shared.length) console.warn(`warning: ${sharedReports} lacks some reports; the workspace holds ${available.length} of ${shared.length}`);
  for (const relative of available) fs.copyFileSync(path.join(sharedReports, relative), path.join(folder, path.basename(relative)));
  return [EXAMPLE_REPORT, ...available.map((relative) => path.basename(relative))];
}

/**
 * Installs the built extension into an extensions folder as the .vsix would: the files that
 * .vscodeignore lets into the package, in a folder named publisher.name-version. Returns it.
 */
export function installBuiltExtension(extensionsDir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.rmSync(target, { recursive: true, force: true });
  for (const entry of packagedEntries()) {
    const source = path.join(projectRoot, entry);
    if (!fs.existsSync(source)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
    fs.cpSync(source, path.join(target, entry), { recursive: true });
  }
  return target;
}

/** The files and folders re-included by .vscodeignore's `!` lines (`!file` or `!folder/**`). */
function packagedEntries(): string[] {
  const lines = fs.readFileSync(path.join(projectRoot, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
  return lines.filter((line) => line.startsWith('!')).map((line) => {
    const entry = line.slice(1).replace(/\/\*\*$/, '');
    if (/[*?[\]{}]/.test(entry)) throw new Error(`.vscodeignore line "${line}" is more than a file or folder/**; teach installBuiltExtension about it`);
    return entry;
  });
}
