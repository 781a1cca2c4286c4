import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FindingPathRequest, IndexChangedNotification, ThemeTreeRequest, type TreeGrouping, type TreeNode } from '../../server/out/protocol';

const GROUPINGS: Array<{ grouping: TreeGrouping; label: string }> = [
  { grouping: 'theme', label: 'Theme' },
  { grouping: 'report', label: 'Report' },
  { grouping: 'authority', label: 'Authority' },
  { grouping: 'year', label: 'Year' },
];

/**
 * The theme tree's data, held by the language server's index: this provider asks for a node's
 * children when VS Code expands it, and refreshes when the index announces a change. Nodes
 * carry their path, so `getParent` (and with it `reveal`) needs no other state.
 */
export class ThemeTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  grouping: TreeGrouping = 'theme';
  filter = '';

  constructor(private readonly client: LanguageClient) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const params: ThemeTreeRequest.Params = { grouping: this.grouping, path: node?.path ?? [], filter: this.filter };
    return this.client.sendRequest<ThemeTreeRequest.Result>(ThemeTreeRequest.method, params);
  }

  async getParent(node: TreeNode): Promise<TreeNode | undefined> {
    if (node.path.length <= 1) return undefined;
    const parentPath = node.path.slice(0, -1);
    const siblings = await this.client.sendRequest<ThemeTreeRequest.Result>(ThemeTreeRequest.method, { grouping: this.grouping, path: parentPath.slice(0, -1), filter: this.filter });
    return siblings.find((sibling) => samepath(sibling.path, parentPath));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.kind === 'finding' ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${this.grouping}:${node.path.join('\u0000')}`;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.kind;
    item.iconPath = iconOf(node);
    if (node.location) {
      const { uri, range } = node.location;
      item.resourceUri = vscode.Uri.parse(uri);
      item.command = {
        title: 'Reveal finding',
        command: 'vscode.open',
        arguments: [vscode.Uri.parse(uri), { selection: new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character) }],
      };
    }
    return item;
  }
}

function iconOf(node: TreeNode): vscode.ThemeIcon {
  if (node.kind === 'finding') {
    if (node.stance === 'strength') return new vscode.ThemeIcon('thumbsup', new vscode.ThemeColor('testing.iconPassed'));
    if (node.stance === 'weakness') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    if (node.stance === 'mixed') return new vscode.ThemeIcon('diff-modified');
    return new vscode.ThemeIcon('circle-outline');
  }
  if (node.kind === 'report') return new vscode.ThemeIcon('file-text');
  if (node.kind === 'group') return new vscode.ThemeIcon('folder');
  return new vscode.ThemeIcon('tag');
}

function samepath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((step, i) => step === b[i]);
}

/** Registers the view, its commands and its refresh on index changes. */
export function registerThemeTree(context: vscode.ExtensionContext, client: LanguageClient): ThemeTreeProvider {
  const provider = new ThemeTreeProvider(client);
  const view = vscode.window.createTreeView('inspectionLens.themes', { treeDataProvider: provider, showCollapseAll: true });
  const describe = () => {
    const grouping = GROUPINGS.find((g) => g.grouping === provider.grouping)?.label ?? '';
    view.description = provider.filter ? `by ${grouping.toLowerCase()} · “${provider.filter}”` : `by ${grouping.toLowerCase()}`;
  };
  describe();
  context.subscriptions.push(
    view,
    client.onNotification(IndexChangedNotification.method, (params: IndexChangedNotification.Params) => {
      void vscode.commands.executeCommand('setContext', 'inspectionLens.hasReports', params.reports > 0);
      provider.refresh();
    }),
    vscode.commands.registerCommand('inspectionLens.themes.groupBy', async () => {
      const choice = await vscode.window.showQuickPick(GROUPINGS.map((g) => ({ label: g.label, grouping: g.grouping, picked: g.grouping === provider.grouping })), { title: 'Group findings by' });
      if (!choice) return;
      provider.grouping = choice.grouping;
      describe();
      provider.refresh();
    }),
    vscode.commands.registerCommand('inspectionLens.themes.filter', async () => {
      const filter = await vscode.window.showInputBox({ title: 'Filter findings', prompt: 'Words in a finding, a theme, an authority or a report', value: provider.filter });
      if (filter === undefined) return;
      provider.filter = filter.trim();
      void vscode.commands.executeCommand('setContext', 'inspectionLens.themes.filtered', provider.filter !== '');
      describe();
      provider.refresh();
    }),
    vscode.commands.registerCommand('inspectionLens.themes.clearFilter', () => {
      provider.filter = '';
      void vscode.commands.executeCommand('setContext', 'inspectionLens.themes.filtered', false);
      describe();
      provider.refresh();
    }),
    vscode.commands.registerCommand('inspectionLens.themes.refresh', () => provider.refresh()),
    vscode.commands.registerCommand('inspectionLens.themes.reveal', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const params: FindingPathRequest.Params = { uri: editor.document.uri.toString(), position: editor.selection.active, grouping: provider.grouping };
      const path = await client.sendRequest<FindingPathRequest.Result>(FindingPathRequest.method, params);
      if (!path) {
        void vscode.window.showInformationMessage('There is no finding at the cursor.');
        return;
      }
      const node = await nodeAt(provider, path);
      if (node) await view.reveal(node, { select: true, focus: true, expand: true });
    }),
  );
  return provider;
}

/** Walks the tree from the root to the node with this path. */
async function nodeAt(provider: ThemeTreeProvider, path: string[]): Promise<TreeNode | undefined> {
  let node: TreeNode | undefined;
  for (let depth = 1; depth <= path.length; depth++) {
    const children = await provider.getChildren(node);
    node = children.find((child) => samepath(child.path, path.slice(0, depth)));
    if (!node) return undefined;
  }
  return node;
}
