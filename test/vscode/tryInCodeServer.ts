import * as fs from 'node:fs';
import * as path from 'node:path';
import { QUIET_SETTINGS, startCodeServer, writeUserSettings } from './codeServer';
import { projectRoot } from './paths';
import { EXAMPLE_REPORT, installBuiltExtension, prepareWorkspace } from './workspace';

/**
 * `npm run try`: a real VS Code in the browser with the built extension installed and a
 * workspace holding the built-in example, until Ctrl+C. Its folders live in .tmp/try/, so
 * settings and edits survive a restart; the extension is reinstalled from dist/ at each start.
 * PORT picks the port (default: a free one).
 */

const TRY_FOLDER = path.join(projectRoot, '.tmp', 'try');

async function main(): Promise<void> {
  const workspace = path.join(TRY_FOLDER, 'workspace');
  if (!fs.existsSync(path.join(workspace, EXAMPLE_REPORT))) prepareWorkspace(workspace, []);
  const userDataDir = path.join(TRY_FOLDER, 'user-data');
  if (!fs.existsSync(path.join(userDataDir, 'User', 'settings.json'))) writeUserSettings(userDataDir, QUIET_SETTINGS);
  const extensionsDir = path.join(TRY_FOLDER, 'extensions');
  const installed = installBuiltExtension(extensionsDir);

  const server = await startCodeServer({ extensionsDir, userDataDir, stateDir: path.join(TRY_FOLDER, 'state'), port: Number(process.env.PORT ?? 0) });
  let stopping = false;
  const stop = () => {
    stopping = true;
    void server.stop();
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);

  console.log(`Inspection Lens ${path.basename(installed)} is installed in a real VS Code (code-server 4.100.3).`);
  console.log(`\n  Open ${server.origin}/?folder=${workspace}\n`);
  console.log(`The workspace is ${path.relative(projectRoot, workspace)}/ (delete it for a fresh copy of the example). Ctrl+C stops.`);
  const code = await server.exited;
  if (stopping) return;
  console.error(`code-server stopped by itself (exit code ${code})`);
  process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
