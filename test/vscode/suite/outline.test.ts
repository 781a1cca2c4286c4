import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXAMPLE, openReport } from './helpers';

describe('The outline', () => {
  let report: vscode.DocumentSymbol;

  before(async () => {
    const document = await openReport(EXAMPLE);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.equal(symbols?.length, 1, 'one top-level symbol, the report');
    report = symbols[0];
  });

  it('names the report', () => {
    assert.deepEqual({ name: report.name, detail: report.detail }, { name: 'Northmoor: ILACS standard inspection', detail: '10 March 2025 to 21 March 2025' });
  });

  it('lists the five judgements with their grades', () => {
    assert.deepEqual(childrenOf(report, 'Judgements'), [
      { name: 'The impact of leaders on social work practice with children and families', detail: 'Requires improvement to be good' },
      { name: 'The experiences and progress of children who need help and protection', detail: 'Good' },
      { name: 'The experiences and progress of children in care', detail: 'Good' },
      { name: 'The experiences and progress of care leavers', detail: 'Inadequate' },
      { name: 'Overall effectiveness', detail: 'Requires improvement to be good' },
    ]);
  });

  it('lists the six recommendations under "What needs to improve?"', () => {
    assert.deepEqual(childrenOf(report, 'What needs to improve?'), [
      { name: 'The quality and consistency of management oversight and supervision in the…', detail: 'recommendation 1' },
      { name: 'The quality and timeliness of pathway plans for care leavers, so that they:…', detail: 'recommendation 2' },
      { name: 'The suitability of accommodation for care leavers, including the assessment of…', detail: 'recommendation 3' },
      { name: 'The timeliness of initial health assessments for children in care, and the…', detail: 'recommendation 4' },
      { name: 'The effectiveness of performance information, quality assurance and the…', detail: 'recommendation 5' },
      { name: 'The take-up and quality of return home interviews for children who go missing…', detail: 'recommendation 6' },
    ]);
  });
});

function childrenOf(parent: vscode.DocumentSymbol, name: string): { name: string; detail: string }[] {
  const child = parent.children.find((symbol) => symbol.name === name);
  assert.ok(child, `no "${name}" in the outline: ${parent.children.map((symbol) => symbol.name).join(', ')}`);
  return child.children.map((symbol) => ({ name: symbol.name, detail: symbol.detail }));
}
