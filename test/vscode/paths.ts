import * as path from 'node:path';

/** The project root; this file runs from test/vscode/out/. */
export const projectRoot = path.resolve(__dirname, '..', '..', '..');

/** The shared folder beside the project, holding the real reports. */
export const sharedReports = path.resolve(projectRoot, '..', 'shared', 'reports');

/** The compiled suites' runner module (exports `run`). */
export const suiteIndex = path.join(__dirname, 'suite', 'index');
