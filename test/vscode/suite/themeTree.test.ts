import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HARINGEY, HAVERING, type InspectionLensApi, type TreeNode, extensionApi, fileName, findingTextOf, flat, nodeLabelled, waitForIndex, waitUntil } from './api';
import { BROMLEY, EXAMPLE, openReport, positionOf, waitForEvent, workspaceFile } from './helpers';

/**
 * The Themes view (inspectionLens.themes). VS Code shows a tree view's items to the user but not
 * to other code, so the data is read through the extension's API (what `activate` returns), the
 * same requests the view's provider sends; what a click on an item does is run as VS Code runs it.
 */
describe('The Themes view', () => {
  let api: InspectionLensApi;

  before(async () => {
    api = await extensionApi();
    await waitForIndex(api);
  });

  it('is registered in its own view container and can be shown', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.inspectionLens');
    await vscode.commands.executeCommand('inspectionLens.themes.focus');
  });

  it('"Refresh the Theme Tree" refreshes the view', async () => {
    const refreshed = waitForEvent(api.themeTree.onDidChange, () => true, 'the Themes view to refresh');
    await vscode.commands.executeCommand('inspectionLens.themes.refresh');
    await refreshed;
  });

  describe('grouped by theme (as it opens)', () => {
    let oversight: TreeNode;

    before(async () => {
      const roots = await api.themeTree.children([]);
      oversight = nodeLabelled(roots, (label) => label === 'Management oversight and supervision', 'theme "Management oversight and supervision"');
    });

    it('lists "Management oversight and supervision" among the roots, with its findings counted', () => {
      assert.equal(oversight.kind, 'theme');
      assert.ok(oversight.count > 0, `count ${oversight.count}`);
      assert.ok(oversight.strengths + oversight.weaknesses <= oversight.count, JSON.stringify(oversight));
      assert.equal(oversight.description, `${oversight.count} · ${oversight.strengths} strengths, ${oversight.weaknesses} weaknesses`);
      const item = api.themeTree.treeItem(oversight);
      assert.deepEqual({ label: item.label, description: item.description, collapsed: item.collapsibleState }, { label: oversight.label, description: oversight.description, collapsed: vscode.TreeItemCollapsibleState.Collapsed });
    });

    it('nests "Supervision" under it, and every report with supervision findings under that', async () => {
      const children = await api.themeTree.children(oversight.path);
      const supervision = nodeLabelled(children, (label) => label === 'Supervision', 'sub-theme "Supervision"');
      assert.ok(supervision.count > 0 && supervision.count <= oversight.count, `${supervision.count} of ${oversight.count}`);
      const reports = await api.themeTree.children(supervision.path);
      assert.ok(reports.every((node) => node.kind === 'report'), reports.map((node) => node.kind).join(', '));
      assert.deepEqual(reports.map((node) => fileName(node.path[node.path.length - 1])).sort(), [EXAMPLE, BROMLEY, HARINGEY, HAVERING].sort());
      assert.equal(reports.reduce((sum, node) => sum + node.count, 0), supervision.count, 'the reports’ counts add up to the theme’s');
    });

    it('lists a report’s findings under the theme, each mentioning it and located in that report', async () => {
      const path = [...oversight.path, 'supervision'];
      const northmoor = nodeLabelled(await api.themeTree.children(path), (label) => label.startsWith('Northmoor'), 'Northmoor report');
      const findings = await api.themeTree.children(northmoor.path);
      assert.equal(findings.length, northmoor.count);
      for (const finding of findings) {
        assert.equal(finding.kind, 'finding');
        assert.equal(fileName(finding.location?.uri ?? ''), EXAMPLE, JSON.stringify(finding.location));
        assert.match(finding.tooltip ?? '', /supervis/i);
      }
      assert.ok(findings.some((finding) => finding.tooltip?.startsWith('Most social workers receive regular, reflective supervision')), findings.map((finding) => finding.label).join('\n'));
    });

    it('opens a finding’s report with the finding selected when the finding is clicked', async () => {
      const path = [...oversight.path, 'supervision'];
      const haringey = nodeLabelled(await api.themeTree.children(path), (label) => label.startsWith('Haringey'), 'Haringey report');
      const finding = nodeLabelled(await api.themeTree.children(haringey.path), (label) => label.startsWith('The vast majority of staff receive regular supervision'), 'Haringey’s finding on supervision');
      const item = api.themeTree.treeItem(finding);
      assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.None);
      assert.equal(item.command?.command, 'vscode.open');
      const uri = workspaceFile(HARINGEY);
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString() === uri.toString(), false, 'Haringey’s report is not the active editor yet');

      await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
      const editor = await waitUntil(
        [vscode.window.onDidChangeActiveTextEditor, vscode.window.onDidChangeTextEditorSelection],
        () => {
          const active = vscode.window.activeTextEditor;
          return active?.document.uri.toString() === uri.toString() && !active.selection.isEmpty ? active : undefined;
        },
        () => `${HARINGEY} to be the active editor with a selection (active: ${vscode.window.activeTextEditor?.document.uri.toString()})`,
      );
      const { start, end } = finding.location!.range;
      const where = (range: vscode.Range) => `${range.start.line + 1}:${range.start.character + 1}–${range.end.line + 1}:${range.end.character + 1}`;
      assert.equal(where(editor.selection), where(new vscode.Range(start.line, start.character, end.line, end.character)), 'the selection is the finding');
      assert.equal(findingTextOf(editor.document, editor.selection), flat(finding.tooltip ?? ''));
    });
  });

  describe('grouped by authority', () => {
    it('lists the workspace’s authorities, each with its reports', async () => {
      const roots = await api.themeTree.children([], 'authority', '');
      assert.deepEqual(roots.map((node) => node.label), ['Bromley', 'Haringey', 'Havering', 'Northmoor']);
      for (const authority of ['Bromley', 'Haringey', 'Havering', 'Northmoor']) {
        const group = nodeLabelled(roots, (label) => label === authority, `authority ${authority}`);
        assert.equal(group.kind, 'group');
        const reports = await api.themeTree.children(group.path, 'authority', '');
        assert.ok(reports.length > 0 && reports.every((node) => node.kind === 'report' && node.label.startsWith(authority)), `${authority}: ${reports.map((node) => node.label).join(' | ')}`);
        assert.equal(reports.reduce((sum, node) => sum + node.count, 0), group.count, `${authority}: the reports’ counts add up to the group’s`);
      }
    });

    it('keeps only the matching authority when filtered by its name', async () => {
      const roots = await api.themeTree.children([], 'authority', 'Northmoor');
      assert.deepEqual(roots.map((node) => node.label), ['Northmoor']);
      const all = await api.themeTree.children([], 'authority', '');
      assert.equal(roots[0].count, nodeLabelled(all, (label) => label === 'Northmoor', 'Northmoor').count);
    });
  });

  describe('at the cursor in a report', () => {
    it('"Reveal the Finding in the Theme Tree" finds the finding at the cursor in the view', async () => {
      const document = await openReport(EXAMPLE);
      const editor = await vscode.window.showTextDocument(document);
      const position = positionOf(document, 'Most social workers receive regular, reflective supervision', 10);
      editor.selection = new vscode.Selection(position, position);
      // The view's selection is not visible to other code; TreeView.reveal rejects (and with it
      // the command) when the node or one of its parents cannot be found from the root.
      await vscode.commands.executeCommand('inspectionLens.themes.reveal');
    });
  });
});
