import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HARINGEY, type InspectionLensApi, extensionApi, waitUntil } from './api';
import { codeOf, hoverText, openReport, positionOf, waitForDiagnostics, workspaceFile } from './helpers';

/**
 * A quality assurer's session on the Haringey focused visit letter: tag a finding, add a memo,
 * dispute it, edit the report above it and save, then delete the passage. Commands are run with
 * their answers as arguments (the quick pick and input boxes are VS Code's own).
 */
describe('Tagging findings', () => {
  /** Read from the letter: the paragraph on children missing education, line 39 of the text. */
  const FINDING = 'A determined and collaborative effort by the multi-agency partnership has identified';
  let api: InspectionLensApi;
  let document: vscode.TextDocument;
  let original: string;
  let annotationFile: string;

  before(async () => {
    api = await extensionApi();
    document = await openReport(HARINGEY);
    original = document.getText();
    annotationFile = path.join(workspaceFile('.inspection-lens').fsPath, 'annotations', `${HARINGEY}.json`);
  });

  after(async () => {
    // Leave the letter and the workspace as they were for the suites that follow.
    fs.writeFileSync(document.uri.fsPath, original);
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    fs.rmSync(workspaceFile('.inspection-lens/annotations').fsPath, { recursive: true, force: true });
  });

  /** The tagged passages drawn in the letter once `accept` holds for them. */
  const decorated = (accept: (views: ReturnType<InspectionLensApi['annotations']['decorated']>) => boolean, what: string) =>
    waitUntil([api.annotations.onDidDecorate], () => {
      const views = api.annotations.decorated(document.uri);
      return accept(views) ? views : undefined;
    }, () => `${what} (drawn: ${JSON.stringify(api.annotations.decorated(document.uri).map((view) => [view.themes.map((t) => t.id), view.range]))})`);

  it('offers tagging on the finding at the cursor and tags it with a theme', async () => {
    const editor = await vscode.window.showTextDocument(document);
    const cursor = positionOf(document, FINDING, 20);
    editor.selection = new vscode.Selection(cursor, cursor);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(cursor, cursor));
    assert.deepEqual(
      actions.filter((action) => action.command?.command.startsWith('inspectionLens.')).map((action) => action.title),
      ['Tag this finding with a theme…', 'Add a memo to this finding…', 'Set the review status of this finding…'],
    );

    await vscode.commands.executeCommand('inspectionLens.tagWithTheme', undefined, undefined, 'quality-assurance');
    const [view] = await decorated((views) => views.length === 1, 'one tagged passage');
    const line = cursor.line;
    assert.deepEqual(
      { range: view.range, themes: view.themes.map((theme) => theme.label), status: view.status },
      { range: { start: { line, character: 2 }, end: { line, character: document.lineAt(line).text.length } }, themes: ['Quality assurance and performance information'], status: null },
    );
  });

  it('adds a memo and a disputed status, shown in the hover with who and when', async () => {
    const cursor = positionOf(document, FINDING, 20);
    const at = { start: { line: cursor.line, character: cursor.character }, end: { line: cursor.line, character: cursor.character } };
    await vscode.commands.executeCommand('inspectionLens.addMemo', document.uri.toString(), at, 'Compare with the 2019 letter.');
    await vscode.commands.executeCommand('inspectionLens.setReviewStatus', document.uri.toString(), at, 'disputed', 'This is about education, not QA');
    await decorated((views) => views.length === 1 && views[0].status?.value === 'disputed' && views[0].memos.length === 1, 'the memo and the disputed status');

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, cursor);
    const text = hovers.map(hoverText).join('\n');
    assert.match(text, /\*\*Tagged:\*\* Quality assurance and performance information/);
    assert.match(text, /\*\*Review status:\*\* disputed \(This is about education, not QA\) — .+, \d+ \w+ \d{4}, \d\d:\d\d/);
    assert.match(text, /\*\*Memo\*\* \(.+\): Compare with the 2019 letter\\\./);

    const stored = JSON.parse(fs.readFileSync(annotationFile, 'utf8'));
    const [annotation] = stored.first.items;
    assert.equal(stored.type, 'AnnotationCollection');
    assert.deepEqual(annotation.body.map((body: { purpose: string; value: string }) => [body.purpose, body.value]), [
      ['tagging', 'quality-assurance'],
      ['commenting', 'Compare with the 2019 letter.'],
      ['assessing', 'disputed'],
    ]);
    assert.equal(annotation.target.selector[0].exact, document.lineAt(cursor.line).text.slice('- '.length), 'the finding without its bullet');
  });

  it('exports the coded finding as CSV and the letter as a Markdown action plan', async () => {
    const target = workspaceFile('coded-findings.csv');
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('inspectionLens.exportCodedFindings', target);
    assert.equal(written?.toString(), target.toString());
    const csv = fs.readFileSync(target.fsPath, 'utf8');
    fs.rmSync(target.fsPath);
    assert.ok(csv.startsWith('\ufeff'), 'a byte order mark, so that Excel reads the file as UTF-8');
    const rows = csv.slice(1).trimEnd().split('\r\n');
    assert.equal(rows[0], 'report,authority,inspection date,section,theme,theme id,quote,memo,status,coder');
    assert.equal(rows.length, 2, rows.join('\n'));
    // The visit's dates and section read from the letter; the quote is the finding without its bullet; the coder is the account's name.
    const quote = document.lineAt(positionOf(document, FINDING).line).text.slice('- '.length);
    assert.equal(
      rows[1].replace(/,[^,]*$/, ''),
      `${HARINGEY},Haringey,2021-03-09/2021-03-10,Findings,Quality assurance and performance information,quality-assurance,"${quote}",Compare with the 2019 letter.,"disputed: This is about education, not QA"`,
    );

    const plan = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('inspectionLens.exportActionPlan', document.uri.toString());
    assert.equal(plan?.languageId, 'markdown');
    assert.match(plan!.getText(), /^# Action plan: Haringey/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('follows the tagged text when the report is edited above it, and keeps the new place on save', async () => {
    const editor = await vscode.window.showTextDocument(document);
    const before = positionOf(document, FINDING).line;
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'QA copy — do not circulate.\n\n'));
    const [view] = await decorated((views) => views.length === 1 && views[0].range?.start.line === before + 2, 'the tagged passage two lines lower');
    assert.equal(document.getText(new vscode.Range(view.range!.start.line, view.range!.start.character, view.range!.end.line, view.range!.end.character)).startsWith(FINDING), true);

    await document.save();
    const offset = document.getText().indexOf(FINDING);
    await waitUntil([api.annotations.onDidDecorate], () => {
      const stored = JSON.parse(fs.readFileSync(annotationFile, 'utf8'));
      return stored.first.items[0].target.selector[1].start === offset ? true : undefined;
    }, () => `the annotation file to hold the new offset ${offset}`);
  });

  it('keeps a tagged passage whose text is deleted, and reports it', async () => {
    const editor = await vscode.window.showTextDocument(document);
    const line = positionOf(document, FINDING).line;
    await editor.edit((edit) => edit.delete(document.lineAt(line).rangeIncludingLineBreak));
    const diagnostics = await waitForDiagnostics(document.uri, (all) => all.some((d) => codeOf(d) === 'OFS050'), 'an OFS050 diagnostic');
    const orphan = diagnostics.find((d) => codeOf(d) === 'OFS050')!;
    assert.match(orphan.message, /^A tagged passage can no longer be found in the report: "A determined and collaborative effort/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, orphan.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.some((action) => action.title === 'Discard the tagged passage (its tags, memos and status)'), actions.map((a) => a.title).join(' | '));
    const stored = JSON.parse(fs.readFileSync(annotationFile, 'utf8'));
    assert.equal(stored.first.items.length, 1, 'the orphan is kept in the file');
  });
});
