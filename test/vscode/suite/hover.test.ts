import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXAMPLE, hoverText, openReport, positionOf } from './helpers';

describe('Hovering', () => {
  it('over the first grade of the judgement table explains the grade', async () => {
    const document = await openReport(EXAMPLE);
    const grade = 'Requires improvement to be good';
    const position = positionOf(document, grade, 5);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const ours = hovers.find((hover) => hoverText(hover).includes(grade));
    assert.ok(ours, `no hover about the grade; hovers: ${JSON.stringify(hovers.map(hoverText))}`);
    assert.equal(ours.range && document.getText(ours.range), grade);
    assert.equal(
      hoverText(ours),
      [
        '**Requires improvement to be good** — The impact of leaders on social work practice with children and families',
        '',
        'There are no widespread or serious failures that leave children harmed or at risk of harm, but the authority is not yet delivering good help, care and protection.',
        '',
        '_ILACS standard inspection_',
      ].join('\n'),
    );
  });
});
