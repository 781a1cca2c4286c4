import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SimilarFindingsRequest, type TreeNode } from '../../server/out/protocol';

interface HitItem extends vscode.QuickPickItem {
  hit: SimilarFindingsRequest.Hit;
}

/**
 * "Go to Similar Finding": the findings of other reports most like the finding under the cursor
 * (or the selected text, or a finding picked in the theme tree), in a quick pick that previews
 * each in its report as it is highlighted.
 */
export function registerSimilar(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(vscode.commands.registerCommand('inspectionLens.goToSimilarFinding', (node?: TreeNode) => goToSimilar(client, node)));
}

async function goToSimilar(client: LanguageClient, node?: TreeNode): Promise<void> {
  const params = paramsFor(node);
  if (!params) {
    void vscode.window.showInformationMessage('Put the cursor in a finding, or select some text, to find similar findings.');
    return;
  }
  const answer = await client.sendRequest<SimilarFindingsRequest.Result>(SimilarFindingsRequest.method, params);
  if (!answer || answer.results.length === 0) {
    void vscode.window.showInformationMessage('No similar finding in the other reports of this workspace.');
    return;
  }
  const picked = await pick(answer);
  if (picked) await show(picked.hit, false);
}

function paramsFor(node?: TreeNode): SimilarFindingsRequest.Params | undefined {
  if (node?.location) return { uri: node.location.uri, position: node.location.range.start, limit: 30 };
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const selected = editor.document.getText(editor.selection);
  return { uri: editor.document.uri.toString(), position: editor.selection.active, text: selected || undefined, limit: 30 };
}

function pick(answer: NonNullable<SimilarFindingsRequest.Result>): Promise<HitItem | undefined> {
  return new Promise((resolve) => {
    const quickPick = vscode.window.createQuickPick<HitItem>();
    quickPick.title = `Findings like “${answer.query.slice(0, 60)}${answer.query.length > 60 ? '…' : ''}”`;
    quickPick.matchOnDetail = true;
    quickPick.items = answer.results.map((hit) => ({ label: hit.report, description: `${hit.section} · ${Math.round(hit.score * 100)}%`, detail: hit.text, hit }));
    quickPick.onDidChangeActive((items) => items[0] && void show(items[0].hit, true));
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0]);
      quickPick.dispose();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
}

async function show(hit: SimilarFindingsRequest.Hit, preview: boolean): Promise<void> {
  const { start, end } = hit.range;
  const selection = new vscode.Range(start.line, start.character, end.line, end.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(hit.uri), { selection, preview, preserveFocus: preview });
}
