import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InspectionLensApi } from '../../../client/out/extension';
import type { TreeNode } from '../../../server/out/protocol';
import { BROMLEY, EXAMPLE, EXTENSION_ID, workspaceFile } from './helpers';

export type { InspectionLensApi, TreeNode };

/** The other shared reports the harness copies into the workspace (test/vscode/workspace.ts). */
export const HARINGEY = 'haringey-2021-03-focused-visit.txt';
export const HAVERING = 'havering-2016-10-sif-inspection.txt';
export const WORKSPACE_REPORTS = [EXAMPLE, BROMLEY, HARINGEY, HAVERING];

/** As in helpers.ts: how long a wait may take before the test fails naming what never happened. */
const WAIT_MS = 20_000;

/** What the extension's `activate` returns (client/src/extension.ts), activating it if need be. */
export async function extensionApi(): Promise<InspectionLensApi> {
  const extension = vscode.extensions.getExtension<InspectionLensApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  assert.ok(api?.themeTree && api.similar, `${EXTENSION_ID}'s activate returned no API: ${JSON.stringify(api)}`);
  return api;
}

/**
 * Resolves with the roots of the tree grouped by report once every report of the workspace is
 * in the index, asking again each time the Themes view refreshes (the index announces each
 * change). Indexing runs in the background from the server's start, and again after a restart.
 */
export function waitForIndex(api: InspectionLensApi, names = WORKSPACE_REPORTS): Promise<TreeNode[]> {
  const wanted = names.map((name) => workspaceFile(name).fsPath);
  let seen: string[] = [];
  return waitUntil(
    [api.themeTree.onDidChange],
    async () => {
      const roots = await api.themeTree.children([], 'report', '');
      seen = roots.map((root) => vscode.Uri.parse(root.path[0]).fsPath);
      return wanted.every((file) => seen.includes(file)) ? roots : undefined;
    },
    () => `the index to hold ${names.join(', ')} (it held ${seen.map((file) => file.split('/').pop()).join(', ') || 'nothing'})`,
  );
}

/**
 * Resolves with the first value `check` gives that is not undefined, checking now and again after
 * each of `events`; fails after WAIT_MS saying what it waited for. The listeners are in place
 * before the first check, so an event cannot slip between the check and the wait.
 */
export function waitUntil<T>(events: vscode.Event<unknown>[], check: () => T | undefined | Promise<T | undefined>, what: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      listeners.forEach((listener) => listener.dispose());
      settle();
    };
    const attempt = () => {
      if (settled) return;
      Promise.resolve()
        .then(check)
        .then(
          (value) => value !== undefined && finish(() => resolve(value)),
          (error: unknown) => finish(() => reject(error)),
        );
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`waited ${WAIT_MS / 1000} s for ${what()}`))), WAIT_MS);
    const listeners = events.map((event) => event(attempt));
    attempt();
  });
}

/** The node among `nodes` whose label satisfies `match`, or a failure listing the labels. */
export function nodeLabelled(nodes: TreeNode[], match: (label: string) => boolean, what: string): TreeNode {
  const node = nodes.find((candidate) => match(candidate.label));
  assert.ok(node, `no ${what} among: ${nodes.map((candidate) => candidate.label).join(' | ')}`);
  return node;
}

/** Text with its line breaks and runs of spaces made single spaces, for comparing findings. */
export function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The text of a finding's range as the finding reads: a finding's range starts at its paragraph
 * number or bullet ("56. ", "- "), which its text leaves out.
 */
export function findingTextOf(document: vscode.TextDocument, range: vscode.Range): string {
  return flat(document.getText(range)).replace(/^(?:\d{1,3}\.|[-\u2022\u25aa\u25fc\u25a0\u25cf\u25e6\u2013\u2014*\u00b7]) /u, '');
}

/** The file name at the end of a URI (a string from the server or a vscode.Uri). */
export function fileName(uri: string | vscode.Uri): string {
  const path = typeof uri === 'string' ? vscode.Uri.parse(uri).path : uri.path;
  return path.split('/').pop() ?? path;
}
