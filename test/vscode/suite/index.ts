import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { LOG_MARK_VARIABLE } from './logMark';

/** Slowest test allowed; every wait in the suites ends on an event well before this. */
const TEST_TIMEOUT_MS = 60_000;

/**
 * The extension host's entry for the tests (extensionTestsPath), under code-server or
 * @vscode/test-electron alike: runs every *.test.js beside this file with mocha and rejects when
 * one fails, which VS Code turns into a non-zero exit code.
 * INSPECTION_LENS_TEST_GREP, when set, runs only the tests whose titles match it.
 */
export async function run(): Promise<void> {
  // mocha 12 is an ES module: import() works in every extension host; require() only on Node ≥ 20.19.
  const { default: Mocha } = await import('mocha');
  markReportLines(Mocha.reporters.Base, process.env[LOG_MARK_VARIABLE]);
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: TEST_TIMEOUT_MS, reporter: 'spec' });
  const grep = process.env.INSPECTION_LENS_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} ${failures === 1 ? 'test' : 'tests'} failed in the real VS Code`);
}

function markReportLines(reporter: { consoleLog: (...data: unknown[]) => void }, mark: string | undefined): void {
  if (!mark) return;
  reporter.consoleLog = (...data: unknown[]) => console.log(mark + format(...data));
}
