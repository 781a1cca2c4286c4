import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project root (tests run from test/out/...). */
export const projectRoot = path.resolve(__dirname, '../..');
/** The shared folder beside the project, holding the real reports. */
export const sharedRoot = path.resolve(projectRoot, '..', 'shared');

export function readSharedReport(relative: string): string {
  return fs.readFileSync(path.join(sharedRoot, 'reports', relative), 'utf8');
}

/** Every real report: top-level letters and older reports, and the full inspections in ilacs/. */
export function sharedReportFiles(): string[] {
  const root = path.join(sharedRoot, 'reports');
  const top = fs.readdirSync(root).filter((name) => name.endsWith('.txt'));
  const ilacs = fs.readdirSync(path.join(root, 'ilacs')).filter((name) => name.endsWith('.txt')).map((name) => `ilacs/${name}`);
  return [...top, ...ilacs].sort();
}

export function readProjectFile(relative: string): string {
  return fs.readFileSync(path.join(projectRoot, relative), 'utf8');
}
