import * as vscode from 'vscode';
import { looksLikeReportOpening } from '../../server/out/service/index';

export const LANGUAGE_ID = 'inspection-report';

/** How much of a plain-text file is read to decide whether it is a report. */
const OPENING_CHARACTERS = 4000;

/**
 * Switches plain-text files that look like Ofsted reports (or match the user's file patterns)
 * into the report language. `inspectionLens.detection.enabled` turns the guessing off.
 */
export function registerDetection(context: vscode.ExtensionContext): void {
  const consider = (document: vscode.TextDocument) => {
    if (document.languageId !== 'plaintext') return;
    const settings = vscode.workspace.getConfiguration('inspectionLens.detection', document.uri);
    const patterns = settings.get<string[]>('filePatterns', []);
    const matchesPattern = patterns.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
    const looksLikeReport = settings.get<boolean>('enabled', true) && looksLikeReportOpening(document.getText(new vscode.Range(0, 0, 200, 0)).slice(0, OPENING_CHARACTERS));
    if (matchesPattern || looksLikeReport) void vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(consider));
  vscode.workspace.textDocuments.forEach(consider);
}

/** The command "Treat File as an Inspection Report". */
export async function treatAsReport(): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('Open a file to treat it as an inspection report.');
    return;
  }
  await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
}
