import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXAMPLE, LANGUAGE_ID, codesOf, openReport, waitForDiagnostics, waitForLanguage } from './helpers';

describe('Palette commands', () => {
  it('"Treat File as an Inspection Report" switches a plain-text document', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'Notes from the team meeting\n\nAgenda: rotas, training, the new office.\n' });
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'plaintext', 'notes are not mistaken for a report');
    const switched = waitForLanguage(document.uri, LANGUAGE_ID);
    await vscode.commands.executeCommand('inspectionLens.treatAsReport');
    assert.equal((await switched).languageId, LANGUAGE_ID);
  });

  it('"Restart the Language Server" clears the Problems, which come back from the new server', async () => {
    const { uri } = await openReport(EXAMPLE);
    const before = codesOf(await waitForDiagnostics(uri, (diagnostics) => diagnostics.length > 0, 'diagnostics'));
    const cleared = waitForDiagnostics(uri, (diagnostics) => diagnostics.length === 0, 'the diagnostics to be cleared');
    await vscode.commands.executeCommand('inspectionLens.restartServer');
    await cleared;
    const after = await waitForDiagnostics(uri, (diagnostics) => diagnostics.length > 0, 'diagnostics from the restarted server');
    assert.deepEqual(codesOf(after), before);
  });
});
