import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newWorkbenchPage } from './browser';
import { type CodeServer, QUIET_SETTINGS, startCodeServer, writeUserSettings } from './codeServer';
import { installBuiltExtension, makeRunFolder, prepareWorkspace } from './workspace';

/** code-server and a headless chromium page, on a fresh profile and workspace of their own. */
export interface Workbench {
  readonly server: CodeServer;
  readonly page: Page;
  /** The workspace folder: copies of the example and of a few shared reports. */
  readonly workspace: string;
  /** The last lines code-server printed, for the report of a failed run. */
  readonly serverOutput: string[];
  /** Closes chromium, stops code-server with its extension host and language server, removes the run's files. */
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  /** Install the built extension as a user would; otherwise the extensions folder holds nothing. */
  installExtension?: boolean;
  /** Added to the environment of code-server and so of the extension host. */
  env?: Record<string, string>;
  /** Print everything code-server says, not only on failure. */
  verbose?: boolean;
}

const KEPT_SERVER_LINES = 60;

export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const run = makeRunFolder('inspection-lens-vscode');
  const workspace = path.join(run, 'workspace');
  prepareWorkspace(workspace);
  const userDataDir = path.join(run, 'user-data');
  writeUserSettings(userDataDir, QUIET_SETTINGS);
  const extensionsDir = path.join(run, 'extensions');
  fs.mkdirSync(extensionsDir);
  if (options.installExtension) installBuiltExtension(extensionsDir);

  const serverOutput: string[] = [];
  const onOutput = (line: string) => {
    if (options.verbose) console.log(`[code-server] ${line}`);
    serverOutput.push(line);
    if (serverOutput.length > KEPT_SERVER_LINES) serverOutput.shift();
  };
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = once(async () => {
    process.off('SIGINT', stopOnSignal).off('SIGTERM', stopOnSignal);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    fs.rmSync(run, { recursive: true, force: true });
  });
  function stopOnSignal() {
    void close().finally(() => process.exit(130));
  }
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
  try {
    server = await startCodeServer({ extensionsDir, userDataDir, stateDir: path.join(run, 'state'), env: options.env, onOutput });
    browser = await launchChromium();
    const page = await newWorkbenchPage(browser);
    return { server, page, workspace, serverOutput, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= action());
}
