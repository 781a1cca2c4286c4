import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { Annotations } from './annotations';
import { AnnotationsRequest, type AnnotationView, Commands, type InitializationOptions, SimilarFindingsRequest, ThemeTreeRequest, type TreeGrouping, type TreeNode } from '../../server/out/protocol';
import { LANGUAGE_ID, registerDetection, treatAsReport } from './detection';
import { registerSimilar } from './similar';
import { registerStatus } from './status';
import { registerThemeTree } from './themeTree';

let client: LanguageClient | undefined;

/**
 * What `activate` returns, for the tests that run in a real VS Code (test/vscode/suite): the
 * Themes view's data and "Go to Similar Finding"'s answer, which VS Code gives no other way to
 * read. A test hook, not a public API for other extensions.
 */
export interface InspectionLensApi {
  themeTree: {
    /** The children of the node at `path` ([] for the roots), grouped and filtered as the view is unless told. */
    children(path: string[], grouping?: TreeGrouping, filter?: string): Promise<TreeNode[]>;
    /** The view's item for a node: label, description, and the command a click runs. */
    treeItem(node: TreeNode): vscode.TreeItem;
    /** Fires when the view refreshes: the index changed, or the grouping or filter did. */
    onDidChange: vscode.Event<unknown>;
  };
  annotations: {
    /** A report's annotations as the server places them now. */
    list(uri: vscode.Uri): Promise<AnnotationsRequest.Result>;
    /** The annotations last drawn as decorations in a visible report. */
    decorated(uri: vscode.Uri): AnnotationView[];
    /** Fires with a report's uri when its decorations are redrawn. */
    onDidDecorate: vscode.Event<string>;
  };
  /** The findings of other reports most like the finding at a position of a report. */
  similar(uri: vscode.Uri, position: vscode.Position): Promise<SimilarFindingsRequest.Result>;
}

/**
 * Starts the language server (bundled beside this file as server.js) and adds what only the
 * editor can do: switching files into the report language, the status item, and opening the
 * findings that support a recommendation in the references view.
 */
export async function activate(context: vscode.ExtensionContext): Promise<InspectionLensApi> {
  registerDetection(context);
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: LANGUAGE_ID, scheme: 'file' },
      { language: LANGUAGE_ID, scheme: 'untitled' },
    ],
    // Reports on disk keep the workspace index fresh; silenced.json may be changed by a pull.
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{txt,report}'),
        vscode.workspace.createFileSystemWatcher('**/.inspection-lens/{silenced,codebook}.json'),
        // Another window, another tool or a pull may change the annotations.
        vscode.workspace.createFileSystemWatcher('**/.inspection-lens/annotations/**/*.json'),
      ],
    },
    initializationOptions: { storagePath: (context.storageUri ?? context.globalStorageUri).fsPath } satisfies InitializationOptions,
  };
  // The client restarts a crashed server (up to four times in three minutes) by default.
  client = new LanguageClient('inspectionLens', 'Inspection Lens', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('inspectionLens.treatAsReport', treatAsReport),
    vscode.commands.registerCommand('inspectionLens.restartServer', () => client?.restart()),
    vscode.commands.registerCommand(Commands.showSupport, showSupportingFindings),
  );
  await client.start();
  registerStatus(context, client);
  const tree = registerThemeTree(context, client);
  registerSimilar(context, client);
  const annotations = new Annotations(client);
  annotations.register(context);
  const started = client;
  return {
    themeTree: {
      children: (path, grouping = tree.grouping, filter = tree.filter) =>
        started.sendRequest<ThemeTreeRequest.Result>(ThemeTreeRequest.method, { grouping, path, filter } satisfies ThemeTreeRequest.Params),
      treeItem: (node) => tree.getTreeItem(node),
      onDidChange: tree.onDidChangeTreeData,
    },
    annotations: {
      list: (uri) => started.sendRequest<AnnotationsRequest.Result>(AnnotationsRequest.method, { uri: uri.toString() } satisfies AnnotationsRequest.Params),
      decorated: (uri) => annotations.decorated(uri.toString()),
      onDidDecorate: annotations.onDidDecorate,
    },
    similar: (uri, position) =>
      started.sendRequest<SimilarFindingsRequest.Result>(SimilarFindingsRequest.method, { uri: uri.toString(), position: { line: position.line, character: position.character } } satisfies SimilarFindingsRequest.Params),
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

interface LspPosition {
  line: number;
  character: number;
}
interface LspLocation {
  uri: string;
  range: { start: LspPosition; end: LspPosition };
}

async function showSupportingFindings(uri: string, position: LspPosition, locations: LspLocation[]): Promise<void> {
  if (!client) return;
  const converter = client.protocol2CodeConverter;
  await vscode.commands.executeCommand(
    'editor.action.showReferences',
    converter.asUri(uri),
    converter.asPosition(position),
    await Promise.all(locations.map((location) => converter.asLocation(location))),
  );
}
