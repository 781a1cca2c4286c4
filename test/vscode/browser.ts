import { type Browser, type Page, chromium } from 'playwright-core';
import type { CodeServer } from './codeServer';

/** Debian's chromium: `npx playwright install` cannot download a browser on these machines. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export async function newWorkbenchPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  return context.newPage();
}

export interface WorkbenchLocation {
  /** Absolute path, on the server, of the folder to open. */
  folder: string;
  /** Absolute path of an extension to load as in F5 debugging. */
  extensionDevelopmentPath?: string;
  /** Absolute path of a module exporting `run()`, run by the extension host as the tests. */
  extensionTestsPath?: string;
}

/**
 * The workbench's address. Development and test paths travel in the `payload` parameter, which
 * code-server's web workbench reads as the desktop's command-line switches.
 */
export function workbenchUrl(server: CodeServer, location: WorkbenchLocation): string {
  const remote = (file: string) => `vscode-remote://${server.authority}${file}`;
  const payload: [string, string][] = [['skipWelcome', 'true']];
  if (location.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(location.extensionDevelopmentPath)]);
  if (location.extensionTestsPath) payload.push(['extensionTestsPath', remote(location.extensionTestsPath)]);
  return `${server.origin}/?folder=${encodeURIComponent(location.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
