import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BROMLEY, EXAMPLE, LANGUAGE_ID, waitForLanguage, workspaceFile } from './helpers';

describe('Opening a report saved as .txt', () => {
  for (const name of [EXAMPLE, BROMLEY]) {
    it(`switches ${name} to the report language`, async () => {
      const uri = workspaceFile(name);
      const switched = waitForLanguage(uri, LANGUAGE_ID);
      const editor = await vscode.window.showTextDocument(uri);
      assert.ok(['plaintext', LANGUAGE_ID].includes(editor.document.languageId), `opened as ${editor.document.languageId}`);
      assert.equal((await switched).languageId, LANGUAGE_ID);
    });
  }
});
