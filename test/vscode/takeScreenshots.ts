import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { workbenchUrl } from './browser';
import { projectRoot } from './paths';
import { startWorkbench } from './workbench';
import { SHARED_REPORTS } from './workspace';

/**
 * `npm run screenshots`: opens a shared report in code-server's workbench with the built
 * extension installed, as a user would (clicks and keys in chromium), and saves what the
 * outline, the Problems panel, a hover on a grade, and tagging a finding (the theme picker, then
 * the tagged passage's hover) look like to docs/screenshots/.
 * SCREENSHOT_REPORT names another file of the test workspace.
 */

const OUTPUT = path.join(projectRoot, 'docs', 'screenshots');
const REPORT = process.env.SCREENSHOT_REPORT ?? path.basename(SHARED_REPORTS[0]);
/** The language's name as VS Code shows it in the status bar (the first alias in package.json). */
const LANGUAGE_NAME = 'Inspection report';
/** Generous: the first load of the workbench and the extension host can take a while on a busy machine. */
const STEP_TIMEOUT_MS = 60_000;

async function main(): Promise<void> {
  fs.mkdirSync(OUTPUT, { recursive: true });
  const workbench = await startWorkbench({ installExtension: true, verbose: process.env.INSPECTION_LENS_TEST_VERBOSE === '1' });
  try {
    const { page } = workbench;
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(workbenchUrl(workbench.server, { folder: workbench.workspace }));
    await openFromExplorer(page, REPORT);
    await showOutline(page);
    await save(page, 'outline.png');
    await showProblems(page);
    await save(page, 'problems.png');
    await hoverFirstGrade(page);
    await save(page, 'hover.png');
    await page.keyboard.press('Escape');
    await tagFinding(page, path.join(workbench.workspace, REPORT));
    await save(page, 'tag-with-theme.png');
    await page.keyboard.press('Enter');
    await hoverTagged(page);
    await save(page, 'tagged.png');
  } finally {
    await workbench.close();
  }
}

/** Clicks the file in the explorer and waits until the status bar shows it as a report. */
async function openFromExplorer(page: Page, name: string): Promise<void> {
  await page.getByRole('treeitem', { name }).click();
  await page.locator('.statusbar-item', { hasText: LANGUAGE_NAME }).first().waitFor();
}

/** Makes room for the outline: a wider side bar, the file list folded away. */
async function showOutline(page: Page): Promise<void> {
  await widenSideBar(page, 200);
  await page.locator('.pane-header', { hasText: 'Workspace' }).click();
  await runCommand(page, 'Explorer: Focus on Outline View');
  await page.getByRole('treeitem', { name: /^Judgements/ }).waitFor();
}

/** Drags the sash between the side bar and the editor. */
async function widenSideBar(page: Page, pixels: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) throw new Error('the side bar is not showing');
  const edge = { x: box.x + box.width, y: box.y + box.height / 2 };
  await page.mouse.move(edge.x, edge.y);
  await page.mouse.down();
  await page.mouse.move(edge.x + pixels, edge.y, { steps: 5 });
  await page.mouse.up();
}

async function showProblems(page: Page): Promise<void> {
  await runCommand(page, 'View: Focus Problems');
  await page.locator('.markers-panel .monaco-list-row').first().waitFor();
}

/** Moves the mouse over the first grade in the editor, as a reader checking what it means. */
async function hoverFirstGrade(page: Page): Promise<void> {
  const { grade, span } = await firstGrade(page);
  await span.hover();
  const hover = page.locator('.monaco-hover', { hasText: `${grade} — ` });
  await hover.waitFor();
  // The hover fades in: wait for the animation to end, or the picture catches it half drawn.
  await hover.evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)));
}

async function firstGrade(page: Page): Promise<{ grade: string; span: Locator }> {
  for (const grade of ['Outstanding', 'Requires improvement to be good', 'Inadequate', 'Good']) {
    const span = page.locator('.editor-instance .view-line span', { hasText: new RegExp(`^${grade}$`) }).first();
    if (await span.count()) return { grade, span };
  }
  throw new Error('no grade is visible at the top of the editor');
}

/** The words of the finding the screenshots tag: Bromley's on management oversight. */
const TAGGED = 'Management oversight of children';

/**
 * Goes to the finding on management oversight (Ctrl+G and its line, as a user would), runs "Tag
 * with Theme…" and types part of a theme's name into its quick pick.
 */
async function tagFinding(page: Page, file: string): Promise<void> {
  const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((text) => text.includes(TAGGED));
  if (line < 0) throw new Error(`"${TAGGED}" is on no line of ${file}`);
  await page.locator('.editor-instance .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(`:${line + 1}:10`);
  await page.keyboard.press('Enter');
  await runCommand(page, 'Inspection Lens: Tag with Theme…', false);
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Tag with theme' }).waitFor();
  await page.locator('.quick-input-widget input').pressSequentially('quality assur');
  // The list follows the typing a moment behind: wait for the row that names the whole text.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Create the theme “quality assur”' }).first().waitFor();
}

/** Moves the mouse over the tagged finding and waits for its hover to show the tag. */
async function hoverTagged(page: Page): Promise<void> {
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  const span = page.locator('.editor-instance .view-line span', { hasText: TAGGED }).first();
  await span.hover();
  const hover = page.locator('.monaco-hover', { hasText: 'Tagged:' });
  await hover.waitFor();
  await hover.evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)));
}

/** F1, the command's label, Enter: the command palette, as a user types it. */
async function runCommand(page: Page, label: string, waitUntilDone = true): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${label}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
  if (waitUntilDone) await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function save(page: Page, name: string): Promise<void> {
  const file = path.join(OUTPUT, name);
  await page.screenshot({ path: file });
  console.log(`saved ${path.relative(projectRoot, file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
