import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXAMPLE, codeOf, openReport, waitForDiagnostics } from './helpers';

describe('The quick fix for a lost apostrophe', () => {
  let document: vscode.TextDocument;

  before(async () => {
    document = await openReport(EXAMPLE);
  });

  after(async () => {
    // Leave the example as it was for the suites that follow (and no unsaved-changes prompt).
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('changes "childrens" to "children\'s" and the problem goes', async () => {
    const isLostApostrophe = (diagnostic: vscode.Diagnostic) => codeOf(diagnostic) === 'OFS030';
    const [problem] = (await waitForDiagnostics(document.uri, (diagnostics) => diagnostics.some(isLostApostrophe), 'an OFS030 diagnostic')).filter(isLostApostrophe);
    assert.equal(document.getText(problem.range), 'childrens');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, problem.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.edit && action.isPreferred);
    assert.ok(fix?.edit, `no preferred fix among: ${actions.map((action) => action.title).join(', ')}`);
    assert.equal(fix.title, 'Change to "children\'s"');

    const gone = waitForDiagnostics(document.uri, (diagnostics) => !diagnostics.some(isLostApostrophe), 'the OFS030 diagnostic to go');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(document.lineAt(problem.range.start.line).text.slice(problem.range.start.character).startsWith("children's"), true, document.lineAt(problem.range.start.line).text);
    await gone;
  });
});
