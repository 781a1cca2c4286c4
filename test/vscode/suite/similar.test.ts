import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type InspectionLensApi, type TreeNode, extensionApi, fileName, findingTextOf, flat, nodeLabelled, waitForIndex, waitUntil } from './api';
import { EXAMPLE, openReport, positionOf } from './helpers';

/** Northmoor's finding on supervision (paragraph 26 of the example). */
const FINDING = 'Most social workers receive regular, reflective supervision';

/**
 * "Go to Similar Finding": the findings of the workspace's other reports most like the one under
 * the cursor, as references (Shift+F12, the peek view) and as the command's ranked list.
 */
describe('Similar findings', () => {
  let api: InspectionLensApi;
  let document: vscode.TextDocument;
  let position: vscode.Position;

  before(async () => {
    api = await extensionApi();
    await waitForIndex(api);
    document = await openReport(EXAMPLE);
    position = positionOf(document, FINDING, 20);
  });

  /** The finding at a location as it reads in its document, on one line. */
  async function textAt(location: vscode.Location): Promise<string> {
    return findingTextOf(await vscode.workspace.openTextDocument(location.uri), location.range);
  }

  it('are the references of a finding: findings on supervision in the other reports', async () => {
    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, position);
    assert.ok(references.length >= 3, `${references.length} references`);
    assert.deepEqual(
      references.filter((location) => fileName(location.uri) === EXAMPLE),
      [],
      'none in the report the cursor is in',
    );
    const onSupervision: vscode.Location[] = [];
    for (const location of references) if (/supervis/i.test(await textAt(location))) onSupervision.push(location);
    const reports = new Set(onSupervision.map((location) => fileName(location.uri)));
    assert.ok(reports.size >= 3, `findings on supervision in ${[...reports].join(', ') || 'no report'}`);
  });

  it('are ranked, the best first, the same findings as the references', async () => {
    const answer = await api.similar(document.uri, position);
    assert.ok(answer, 'no answer for a position in a finding');
    assert.equal(answer.query.startsWith(FINDING), true, answer.query);
    const { results } = answer;
    assert.ok(results.length >= 3, `${results.length} results`);
    assert.deepEqual(
      results.map((hit) => hit.score),
      results.map((hit) => hit.score).sort((a, b) => b - a),
      'scores descend',
    );
    for (const hit of results.slice(0, 3)) assert.match(hit.text, /supervision/i, `${hit.report}: ${hit.text}`);
    assert.ok(results.every((hit) => fileName(hit.uri) !== EXAMPLE), results.map((hit) => hit.report).join(', '));
    // What each hit says is what its report says there.
    for (const hit of results.slice(0, 3)) {
      const location = new vscode.Location(vscode.Uri.parse(hit.uri), new vscode.Range(hit.range.start.line, hit.range.start.character, hit.range.end.line, hit.range.end.character));
      const words = flat(hit.text).split(' ').slice(0, 8).join(' ');
      assert.equal((await textAt(location)).startsWith(words), true, `${hit.report} at line ${hit.range.start.line + 1} does not start with "${words}"`);
    }

    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, position);
    const key = (uri: string, line: number) => `${fileName(uri)}:${line}`;
    assert.deepEqual(references.map((location) => key(location.uri.toString(), location.range.start.line)).sort(), results.map((hit) => key(hit.uri, hit.range.start.line)).sort());
  });

  it('are none outside a finding', async () => {
    const title = positionOf(document, 'Inspection of Northmoor local authority children’s services', 3);
    assert.equal(await api.similar(document.uri, title), null);
    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, title);
    assert.deepEqual(references, []);
  });

  it('"Go to Similar Finding" on a finding of the Themes view previews the best match as it is highlighted', async () => {
    const [oversight] = (await api.themeTree.children([], 'theme', '')).filter((node) => node.label === 'Management oversight and supervision');
    assert.ok(oversight, 'no "Management oversight and supervision" theme');
    const northmoor = nodeLabelled(await api.themeTree.children([...oversight.path, 'supervision'], 'theme', ''), (label) => label.startsWith('Northmoor'), 'Northmoor report');
    const finding: TreeNode = nodeLabelled(await api.themeTree.children(northmoor.path, 'theme', ''), (label) => label.startsWith(FINDING), 'Northmoor’s finding on supervision');
    const start = finding.location!.range.start;
    const best = (await api.similar(vscode.Uri.parse(finding.location!.uri), new vscode.Position(start.line, start.character)))?.results[0];
    assert.ok(best, 'no similar finding');
    const bestUri = vscode.Uri.parse(best.uri).toString();
    const bestSelection = new vscode.Selection(best.range.start.line, best.range.start.character, best.range.end.line, best.range.end.character);
    const previewed = () => vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === bestUri && editor.selection.isEqual(bestSelection));
    assert.equal(previewed(), undefined, `${fileName(best.uri)} is already shown with the finding selected`);

    const shown = waitUntil([vscode.window.onDidChangeVisibleTextEditors, vscode.window.onDidChangeTextEditorSelection], previewed, () => `${fileName(best.uri)} to be previewed at line ${best.range.start.line + 1}`);
    // The command waits for a choice in its quick pick, whose first item is highlighted as it opens.
    const command = vscode.commands.executeCommand('inspectionLens.goToSimilarFinding', finding);
    try {
      const editor = await shown;
      assert.equal(findingTextOf(editor.document, editor.selection), flat(best.text));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await command;
    }
  });
});
