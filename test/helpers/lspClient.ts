/**
 * A small LSP client for protocol tests: spawns the real server (`inspection-lens lsp --stdio`),
 * initializes it on a temporary workspace folder, and waits for what the server sends by event —
 * a promise resolved by the notification handler — never by sleeping.
 *
 * Every wait has a safety timeout so that a server that never answers fails the test with a
 * message (and the server's stderr) instead of hanging mocha.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  type InitializeResult,
  type ProtocolConnection,
  type RequestType,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { projectRoot } from './shared';

/** How long any single wait may take before the harness gives up on the server. */
const SAFETY_TIMEOUT_MS = 15_000;
/** How long `stop` lets the server exit by itself before killing it. */
const EXIT_TIMEOUT_MS = 3_000;

export interface ServerMessage {
  method: string;
  type: number;
  message: string;
}

export interface LspServer {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  /** The workspace folder the server was initialized with (a fresh temporary directory). */
  readonly folder: string;
  readonly initializeResult: InitializeResult;
  /** window/showMessage and window/logMessage notifications received so far. */
  readonly messages: ServerMessage[];
  /** A file URI inside the workspace folder (the file need not exist). */
  uriOf(name: string): string;
  /** Opens a document and resolves with the diagnostics published for that version. */
  open(uri: string, text: string, version?: number): Promise<PublishDiagnosticsParams>;
  /** Sends incremental changes and resolves with the diagnostics published for the new version. */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams>;
  close(uri: string): void;
  /** The diagnostics published for this uri and version (already received, or the next to come). */
  diagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams>;
  /** The next diagnostics published for this uri after the call: create it before the action that causes them. */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams>;
  /** A request, failing (with the server's stderr) if it gets no answer within the safety timeout. */
  request<P, R>(type: RequestType<P, R, unknown>, params: P): Promise<R>;
  /** Resolves with the first notification of this method, received after the call, that satisfies `accept`. */
  notification<P>(method: string, accept?: (params: P) => boolean): Promise<P>;
  /** Whether the server process is still running. */
  isAlive(): boolean;
  /** Shutdown, exit, and kill if the process has not gone after a while. Safe to call twice. */
  stop(): Promise<void>;
}

interface Waiter {
  uri: string;
  version?: number;
  resolve(params: PublishDiagnosticsParams): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** How to start a server: files to place in its workspace before it starts, and its storage folder. */
export interface StartOptions {
  files?: Record<string, string>;
  /** The folder given as initializationOptions.storagePath (the index cache lives there). */
  storagePath?: string;
  /** Reuse this workspace folder instead of a fresh one. */
  folder?: string;
  /** Open these subfolders of the folder as the workspace's folders (a multi-root workspace) instead of the folder itself. */
  workspaceFolders?: string[];
}

export async function startServer(options: StartOptions = {}): Promise<LspServer> {
  const folder = options.folder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'inspection-lens-lsp-'));
  for (const [name, text] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), text);
  }
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'inspection-lens.js'), 'lsp', '--stdio'], {
    cwd: folder,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));

  const published: PublishDiagnosticsParams[] = [];
  const waiters = new Set<Waiter>();
  const messages: ServerMessage[] = [];
  let exited = false;

  const settle = (waiter: Waiter, params: PublishDiagnosticsParams) => {
    clearTimeout(waiter.timer);
    waiters.delete(waiter);
    waiter.resolve(params);
  };
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && (waiter.version === undefined || waiter.version === params.version)) settle(waiter, params);
    }
  });
  const listeners = new Set<{ method: string; accept: (params: unknown) => boolean; resolve: (params: unknown) => void }>();
  const notify = (method: string, params: unknown) => {
    for (const listener of [...listeners]) {
      if (listener.method === method && listener.accept(params)) {
        listeners.delete(listener);
        listener.resolve(params);
      }
    }
  };
  for (const method of ['inspectionLens/indexChanged', 'inspectionLens/annotationsChanged']) connection.onNotification(method, (params: unknown) => notify(method, params));
  connection.onNotification(ShowMessageNotification.type, (params) => messages.push({ method: 'window/showMessage', ...params }));
  connection.onNotification(LogMessageNotification.type, (params) => messages.push({ method: 'window/logMessage', ...params }));
  child.on('exit', (code, signal) => {
    exited = true;
    const error = new Error(`the language server exited (code ${code}, signal ${signal}); stderr:\n${stderr}`);
    for (const waiter of [...waiters]) {
      clearTimeout(waiter.timer);
      waiters.delete(waiter);
      waiter.reject(error);
    }
  });
  connection.listen();

  const wait = (uri: string, version: number | undefined): Promise<PublishDiagnosticsParams> =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error(`the language server has exited; stderr:\n${stderr}`));
      const what = version === undefined ? `the next diagnostics for ${uri}` : `diagnostics for ${uri} version ${version}`;
      const waiter: Waiter = {
        uri,
        version,
        resolve,
        reject,
        timer: setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no ${what} within ${SAFETY_TIMEOUT_MS} ms; stderr:\n${stderr}`));
        }, SAFETY_TIMEOUT_MS),
      };
      waiters.add(waiter);
    });

  const diagnostics = (uri: string, version: number) => {
    const already = published.find((params) => params.uri === uri && params.version === version);
    return already ? Promise.resolve(already) : wait(uri, version);
  };

  const initializeResult = await withTimeout(
    connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(folder).toString(),
      workspaceFolders: (options.workspaceFolders?.map((name) => path.join(folder, name)) ?? [folder]).map((root) => ({ uri: pathToFileURL(root).toString(), name: path.basename(root) })),
      initializationOptions: options.storagePath ? { storagePath: options.storagePath } : undefined,
      capabilities: {
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
        workspace: { workspaceFolders: true, applyEdit: true },
      },
    }),
    'initialize',
    () => stderr,
  );
  await connection.sendNotification(InitializedNotification.type, {});

  let stopping: Promise<void> | undefined;
  const server: LspServer = {
    connection,
    process: child,
    folder,
    initializeResult,
    messages,
    uriOf: (name) => pathToFileURL(path.join(folder, name)).toString(),
    async open(uri, text, version = 1) {
      const answer = wait(uri, version);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'inspection-report', version, text } });
      return answer;
    },
    async change(uri, version, changes) {
      const answer = wait(uri, version);
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
      return answer;
    },
    close(uri) {
      // A document opened again under this uri starts its versions afresh.
      for (let i = published.length - 1; i >= 0; i--) if (published[i].uri === uri) published.splice(i, 1);
      void connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    diagnostics,
    request: (type, params) => withTimeout(connection.sendRequest(type, params), type.method, () => stderr),
    nextDiagnostics: (uri) => wait(uri, undefined),
    notification: <P>(method: string, accept: (params: P) => boolean = () => true) =>
      withTimeout(
        new Promise<P>((resolve) => listeners.add({ method, accept: accept as (params: unknown) => boolean, resolve: resolve as (params: unknown) => void })),
        method,
        () => stderr,
      ),
    isAlive: () => !exited && child.exitCode === null && child.signalCode === null,
    stop: () => (stopping ??= stop(connection, child, () => exited, options.folder ? undefined : folder)),
  };
  return server;
}

/** Content changes for a list of text edits: the latest in the text first, so that earlier ranges stay valid. */
export function editsAsChanges(edits: TextEdit[]): TextDocumentContentChangeEvent[] {
  return [...edits]
    .sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)
    .map((edit) => ({ range: edit.range, text: edit.newText }));
}

/** Stops the server; removes `folder` (the workspace the helper made) when given. */
async function stop(connection: ProtocolConnection, child: ChildProcess, exited: () => boolean, folder: string | undefined): Promise<void> {
  try {
    if (!exited()) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await withTimeout(connection.sendRequest(ShutdownRequest.type), 'shutdown', () => '', EXIT_TIMEOUT_MS).catch(() => undefined);
      await connection.sendNotification(ExitNotification.type).catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
      if (!exited()) await gone;
      clearTimeout(timer);
    }
  } finally {
    connection.dispose();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  }
}

function withTimeout<T>(promise: Promise<T>, what: string, stderr: () => string, ms = SAFETY_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms; stderr:\n${stderr()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
