import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { Commands, type InitializationOptions } from '../../server/out/protocol';
import { LANGUAGE_ID, registerDetection, treatAsReport } from './detection';
import { registerSimilar } from './similar';
import { registerStatus } from './status';
import { registerThemeTree } from './themeTree';

let client: LanguageClient | undefined;

/**
 * Starts the language server (bundled beside this file as server.js) and adds what only the
 * editor can do: switching files into the report language, the status item, and opening the
 * findings that support a recommendation in the references view.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
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
  registerThemeTree(context, client);
  registerSimilar(context, client);
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
