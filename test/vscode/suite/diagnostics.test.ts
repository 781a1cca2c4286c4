import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXAMPLE, codeOf, codesOf, openReport, waitForDiagnostics } from './helpers';

describe('The Problems of the example', () => {
  let problems: vscode.Diagnostic[];

  before(async () => {
    const document = await openReport(EXAMPLE);
    problems = await waitForDiagnostics(document.uri, (diagnostics) => diagnostics.length > 0, 'diagnostics');
  });

  it('are the extraction defects the example was written with', () => {
    assert.deepEqual(codesOf(problems), ['OFS030', 'OFS031', 'OFS032']);
  });

  it('say which word lost its apostrophe, as a hint', () => {
    const lostApostrophe = problems.filter((diagnostic) => codeOf(diagnostic) === 'OFS030');
    assert.deepEqual(
      lostApostrophe.map((diagnostic) => ({ message: diagnostic.message, severity: diagnostic.severity, source: diagnostic.source })),
      [{ message: '"childrens" has lost its apostrophe: "children\'s". (lost-apostrophe)', severity: vscode.DiagnosticSeverity.Hint, source: 'Inspection Lens' }],
    );
  });
});
