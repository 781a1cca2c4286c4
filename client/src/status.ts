import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReportSummaryRequest } from '../../server/out/protocol';
import { LANGUAGE_ID } from './detection';

/**
 * The language status item: the report's kind, its overall grade and its problem count,
 * refreshed when the active editor or its diagnostics change.
 */
export function registerStatus(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.languages.createLanguageStatusItem('inspectionLens.report', { language: LANGUAGE_ID });
  item.name = 'Inspection Lens report';
  item.text = '$(loading~spin) Reading report';
  item.command = { title: 'Show problems', command: 'workbench.actions.view.problems' };
  context.subscriptions.push(item);

  const refresh = async () => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== LANGUAGE_ID) return;
    try {
      const summary = await client.sendRequest<ReportSummaryRequest.Result | null>(ReportSummaryRequest.method, { uri: document.uri.toString() });
      show(item, summary);
    } catch {
      item.text = 'Report not read';
      item.severity = vscode.LanguageStatusSeverity.Warning;
    }
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(refresh),
    vscode.languages.onDidChangeDiagnostics(refresh),
  );
  void refresh();
}

function show(item: vscode.LanguageStatusItem, summary: ReportSummaryRequest.Result | null): void {
  if (!summary) {
    item.text = 'Not a report';
    item.detail = undefined;
    return;
  }
  const overall = summary.overall ? `Overall: ${summary.overall.name}` : 'Not graded';
  item.text = `${summary.kindName}`;
  item.detail = `${overall} · ${summary.problems === 1 ? '1 problem' : `${summary.problems} problems`}`;
  item.severity = summary.overall?.grade === 'inadequate' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
}
