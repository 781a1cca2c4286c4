import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { QUIET_SETTINGS, writeUserSettings } from './codeServer';
import { projectRoot, suiteIndex } from './paths';
import { makeRunFolder, prepareWorkspace } from './workspace';

/**
 * `npm run test:vscode`: the suites of test/vscode/suite in desktop VS Code, downloaded by
 * @vscode/test-electron into .vscode-test/. Needs Microsoft's update service, which these
 * project machines cannot reach; `npm run test:real-vscode` runs the same suites in code-server.
 * VSCODE_VERSION picks the version (default 1.100.3, the oldest the manifest accepts and the one
 * code-server runs; "stable" for the newest).
 */
async function main(): Promise<number> {
  const run = makeRunFolder('inspection-lens-electron');
  const workspace = path.join(run, 'workspace');
  prepareWorkspace(workspace);
  const userDataDir = path.join(run, 'user-data');
  writeUserSettings(userDataDir, QUIET_SETTINGS);
  const extensionsDir = path.join(run, 'extensions');
  fs.mkdirSync(extensionsDir);
  try {
    return await runTests({
      version: process.env.VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath: suiteIndex,
      launchArgs: [workspace, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--disable-extensions'],
    });
  } catch (error) {
    console.error('the VS Code suites failed or could not run:', error);
    return 1;
  } finally {
    fs.rmSync(run, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
