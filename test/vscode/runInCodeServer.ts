import type { Page } from 'playwright-core';
import { workbenchUrl } from './browser';
import { projectRoot, suiteIndex } from './paths';
import { LOG_MARK_VARIABLE } from './suite/logMark';
import { type Workbench, startWorkbench } from './workbench';

/**
 * `npm run test:real-vscode`: runs the suites in test/vscode/suite inside a real VS Code, the
 * workbench of code-server (VS Code 1.100) in headless chromium, with the extension loaded from
 * this folder as in F5 debugging. Exits with the suites' exit code, or 1 when they do not report
 * within the time limit.
 *
 * Environment: INSPECTION_LENS_TEST_GREP runs only the tests whose titles match;
 * INSPECTION_LENS_TEST_VERBOSE=1 prints the workbench's and code-server's logs as they come;
 * INSPECTION_LENS_TEST_TIME_LIMIT_S changes the time limit.
 */

/** How long the suites may take from the workbench's first page load to their result. */
const TIME_LIMIT_MS = Number(process.env.INSPECTION_LENS_TEST_TIME_LIMIT_S ?? 5 * 60) * 1000;

/** Put before each line of the suites' output, to pick it out of everything else the workbench logs. */
const LOG_MARK = '\u2063inspection-lens-test\u2063';

async function main(): Promise<number> {
  const verbose = process.env.INSPECTION_LENS_TEST_VERBOSE === '1';
  const started = Date.now();
  const workbench = await startWorkbench({ env: { [LOG_MARK_VARIABLE]: LOG_MARK }, verbose });
  const workbenchErrors: string[] = [];
  try {
    const code = await runSuites(workbench, verbose, workbenchErrors);
    if (code !== 0) printDiagnosis(workbench, workbenchErrors);
    console.log(`real VS Code suites: exit code ${code} after ${Math.round((Date.now() - started) / 1000)} s`);
    return code;
  } finally {
    await workbench.close();
  }
}

async function runSuites(workbench: Workbench, verbose: boolean, workbenchErrors: string[]): Promise<number> {
  const { page, server } = workbench;
  const result = suiteResult(page);
  await forwardSuiteLog(page, verbose, workbenchErrors);
  await page.goto(workbenchUrl(server, { folder: workbench.workspace, extensionDevelopmentPath: projectRoot, extensionTestsPath: suiteIndex }));
  return withTimeLimit(result, TIME_LIMIT_MS);
}

/** The code the extension host reports through codeAutomationExit once the suites finish. */
function suiteResult(page: Page): Promise<number> {
  return new Promise((resolve, reject) => {
    void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)).catch(reject);
    page.once('crash', () => reject(new Error('the workbench page crashed')));
  });
}

/**
 * The workbench hands every log entry, its own and the extension host's console, to
 * codeAutomationLog; the suites' lines carry LOG_MARK and are printed. The workbench's errors
 * are kept for the report of a failed run: a run that passes still logs some (the marketplace,
 * open-vsx.org, is out of reach offline).
 */
async function forwardSuiteLog(page: Page, verbose: boolean, workbenchErrors: string[]): Promise<void> {
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    const [first, ...rest] = args;
    if (typeof first === 'string' && first.startsWith(LOG_MARK)) console.log(first.slice(LOG_MARK.length), ...rest);
    else if (verbose) console.log(`[workbench ${type}]`, ...args);
    else if (type === 'error') workbenchErrors.push(args.map(String).join(' ').slice(0, 600));
  });
  page.on('pageerror', (error) => workbenchErrors.push(`page error: ${error.message}`));
}

function withTimeLimit(result: Promise<number>, limitMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      console.error(`real VS Code suites: no result within ${limitMs / 1000} s`);
      resolve(1);
    }, limitMs);
  });
  return Promise.race([result, timeout]).finally(() => clearTimeout(timer));
}

function printDiagnosis(workbench: Workbench, workbenchErrors: string[]): void {
  console.log('--- errors the workbench logged ---');
  workbenchErrors.forEach((error) => console.log(error));
  console.log('--- the last lines code-server printed ---');
  workbench.serverOutput.forEach((line) => console.log(line));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
