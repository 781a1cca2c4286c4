import * as vscode from 'vscode';

export const LANGUAGE_ID = 'inspection-report';
export const EXTENSION_ID = 'inspection-lens.inspection-lens';

/** The example and shared reports the harness copies into the workspace (test/vscode/workspace.ts). */
export const EXAMPLE = 'northmoor-2025-inspection.txt';
export const BROMLEY = 'bromley-12-january-2024.txt';

/**
 * How long a wait for VS Code or the language server may take before the test fails with a
 * message naming what never happened (mocha's own timeout would only say "timeout").
 */
const WAIT_MS = 20_000;

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test run opened no workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a workspace file in an editor, as a click in the explorer does, and waits until it is a report. */
export async function openReport(name: string): Promise<vscode.TextDocument> {
  const uri = workspaceFile(name);
  const switched = waitForLanguage(uri, LANGUAGE_ID);
  await vscode.window.showTextDocument(uri);
  return switched;
}

/**
 * Resolves with the document once it is open in `languageId`. Changing a document's language
 * closes it and opens it again, so onDidOpenTextDocument announces the switch.
 */
export function waitForLanguage(uri: vscode.Uri, languageId: string): Promise<vscode.TextDocument> {
  const matches = (document: vscode.TextDocument) => document.uri.toString() === uri.toString() && document.languageId === languageId;
  const open = vscode.workspace.textDocuments.find(matches);
  if (open) return Promise.resolve(open);
  return waitForEvent(vscode.workspace.onDidOpenTextDocument, matches, `${name(uri)} to open as ${languageId}`);
}

/** Resolves with the document's diagnostics once `accept` holds for them. */
export async function waitForDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  const current = vscode.languages.getDiagnostics(uri);
  if (accept(current)) return current;
  const concerns = (event: vscode.DiagnosticChangeEvent) => event.uris.some((changed) => changed.toString() === uri.toString()) && accept(vscode.languages.getDiagnostics(uri));
  await waitForEvent(vscode.languages.onDidChangeDiagnostics, concerns, `${what} in ${name(uri)}`);
  return vscode.languages.getDiagnostics(uri);
}

/** A diagnostic's code as a string, whether or not it carries a link to its explanation. */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

/** The distinct codes among diagnostics, sorted. */
export function codesOf(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return [...new Set(diagnostics.map(codeOf))].sort();
}

/** The position `offset` characters into the first occurrence of `text`. */
export function positionOf(document: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const index = document.getText().indexOf(text);
  if (index < 0) throw new Error(`"${text}" is not in ${name(document.uri)}`);
  return document.positionAt(index + offset);
}

/** A hover's contents as one markdown string. */
export function hoverText(hover: vscode.Hover): string {
  return hover.contents.map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
}

/** Resolves with the first event that `accept` takes; fails after WAIT_MS saying what it waited for. */
export function waitForEvent<T>(event: vscode.Event<T>, accept: (value: T) => boolean, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`waited ${WAIT_MS / 1000} s for ${what}`));
    }, WAIT_MS);
    const listener = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    });
  });
}

function name(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.toString();
}
