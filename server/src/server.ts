import { fileURLToPath } from 'node:url';
import {
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  FileChangeType,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodebookStore } from './lsp/codebookStore';
import { ReportCache } from './lsp/reportCache';
import { SilencedStore } from './lsp/silencedStore';
import { WorkspaceIndex } from './lsp/workspaceIndex';
import { Commands, FindingPathRequest, SimilarFindingsRequest, IndexChangedNotification, type InitializationOptions, ReportSummaryRequest, ThemeTreeRequest } from './protocol';
import {
  KIND_NAMES,
  type KnownReport,
  type ParsedReport,
  TOKEN_MODIFIERS,
  TOKEN_TYPES,
  codeActions,
  codeLenses,
  createReportService,
  documentSymbols,
  explainCode,
  reportTitle,
  findingPath,
  treeChildren,
  foldingRanges,
  gradeName,
  hover,
  lspDiagnostics,
  recurringWeaknesses,
  selectionRanges,
  semanticTokens,
  workspaceSymbols,
} from './service/index';

/** Documents over this size are validated after a pause in typing rather than at every keystroke. */
const LARGE_DOCUMENT = 1024 * 1024;
const LARGE_DOCUMENT_DELAY_MS = 300;
const OPEN_DOCUMENT_INDEX_DELAY_MS = 400;

/**
 * Starts the Inspection Lens language server on a connection (standard input and output, or
 * node IPC when started by the VS Code client). Every handler looks the document up, returns an
 * empty result when it is missing, and delegates to the report service.
 */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const documents = new TextDocuments(TextDocument);
  const service = createReportService({ logger: { log: (message) => connection.console.error(message) } });
  let themes = new CodebookStore(undefined);
  const cache = new ReportCache(service, () => themes.codebook);
  let silenced = new SilencedStore(undefined);
  let workspace = new WorkspaceIndex([], service, undefined, () => themes.codebook);
  let announce: ReturnType<typeof setTimeout> | undefined;
  const announceChange = () => {
    clearTimeout(announce);
    announce = setTimeout(() => {
      const reports = workspace.reports();
      const findings = reports.reduce((sum, known) => sum + known.digest.findings.length, 0);
      void connection.sendNotification(IndexChangedNotification.method, { reports: reports.length, findings } satisfies IndexChangedNotification.Params);
    }, 100);
  };
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const warnedTooLarge = new Set<string>();

  const reportOf = (uri: string): ParsedReport | undefined => {
    const document = documents.get(uri);
    return document ? cache.get(document) : undefined;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = workspaceFolders(params);
    silenced = new SilencedStore(folders[0]);
    themes = new CodebookStore(folders[0]);
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    workspace = new WorkspaceIndex(folders, service, options.storagePath, () => themes.codebook, {
      log: (message) => connection.console.log(message),
      changed: announceChange,
    });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: { label: 'Inspection report' },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
        workspaceSymbolProvider: true,
        referencesProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
        executeCommandProvider: { commands: [Commands.silenceInstance, Commands.silenceCode, Commands.explain] },
      },
      serverInfo: { name: 'Inspection Lens', version: '0.1.0' },
    };
  });

  const validate = (uri: string) => {
    pending.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    if (cache.isTooLarge(document)) {
      if (!warnedTooLarge.has(uri)) connection.window.showWarningMessage(`Inspection Lens: ${shortName(uri)} is too large to be a report; it is not analysed.`);
      warnedTooLarge.add(uri);
      connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
      return;
    }
    const report = safely(connection, () => cache.get(document), undefined);
    scheduleIndexing(uri);
    const diagnostics = report ? safely(connection, () => [...lspDiagnostics(report, silenced.read(), silenced.fileKey(uri)), ...recurring(uri, report)], []) : [];
    connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  };

  /** OFS040: weaknesses an earlier inspection of the same authority reported too. */
  const recurring = (uri: string, report: ParsedReport) => {
    const silencedNow = silenced.read();
    if (silencedNow.codes.includes('OFS040') || !workspace.hasEarlierReportOf(report.authority, uri)) return [];
    return recurringWeaknesses(report, (text) => workspace.similar(text, uri, 10));
  };

  /**
   * An open document joins the workspace index a moment after typing stops: indexing its
   * findings for similarity on every keystroke would slow the diagnostics the user is waiting for.
   */
  const indexTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const scheduleIndexing = (uri: string) => {
    clearTimeout(indexTimers.get(uri));
    indexTimers.set(
      uri,
      setTimeout(() => {
        indexTimers.delete(uri);
        const document = documents.get(uri);
        if (document) safely(connection, () => workspace.setOpen(uri, cache.get(document)), undefined);
      }, OPEN_DOCUMENT_INDEX_DELAY_MS),
    );
  };

  const schedule = (document: TextDocument) => {
    clearTimeout(pending.get(document.uri));
    const delay = document.getText().length > LARGE_DOCUMENT ? LARGE_DOCUMENT_DELAY_MS : 0;
    pending.set(document.uri, setTimeout(() => validate(document.uri), delay));
  };

  documents.onDidChangeContent((change) => schedule(change.document));
  documents.onDidClose((event) => {
    clearTimeout(pending.get(event.document.uri));
    pending.delete(event.document.uri);
    cache.delete(event.document.uri);
    clearTimeout(indexTimers.get(event.document.uri));
    indexTimers.delete(event.document.uri);
    workspace.closeOpen(event.document.uri);
    connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  const revalidateAll = () => documents.all().forEach(schedule);

  connection.onDocumentSymbol((params, token) => run(connection, token, [], () => withReport(reportOf(params.textDocument.uri), [], documentSymbols)));
  connection.onFoldingRanges((params, token) => run(connection, token, [], () => withReport(reportOf(params.textDocument.uri), [], foldingRanges)));
  connection.onSelectionRanges((params, token) =>
    run(connection, token, [], () => {
      const document = documents.get(params.textDocument.uri);
      const report = reportOf(params.textDocument.uri);
      return document && report ? selectionRanges(report, params.positions.map((p) => document.offsetAt(p))) : [];
    }),
  );
  connection.onHover((params, token) =>
    run(connection, token, null, () => {
      const document = documents.get(params.textDocument.uri);
      const report = reportOf(params.textDocument.uri);
      return document && report ? (hover(report, document.offsetAt(params.position)) ?? null) : null;
    }),
  );
  connection.onCodeAction((params, token) =>
    run(connection, token, [], () => {
      const document = documents.get(params.textDocument.uri);
      const report = reportOf(params.textDocument.uri);
      if (!document || !report) return [];
      const span = { start: document.offsetAt(params.range.start), end: document.offsetAt(params.range.end) };
      return codeActions(report, params.textDocument.uri, span);
    }),
  );
  connection.onCodeLens((params, token) => run(connection, token, [], () => withReport(reportOf(params.textDocument.uri), [], (report) => codeLenses(report, params.textDocument.uri))));
  connection.languages.semanticTokens.on((params, token) =>
    run(connection, token, { data: [] }, () => ({ data: withReport(reportOf(params.textDocument.uri), [], semanticTokens) })),
  );
  connection.onWorkspaceSymbol((params, token) => run(connection, token, [], () => workspaceSymbols(knownReports(), params.query)));

  const knownReports = (): KnownReport[] => workspace.reports();

  connection.onInitialized(() => {
    reportCodebookProblems();
    void indexWorkspace();
  });

  // The index cache is written in the background: what is pending is written before the exit.
  connection.onShutdown(() => workspace.flush());

  const reportCodebookProblems = () => {
    if (themes.problems.length) void connection.window.showWarningMessage(`Inspection Lens: the codebook file has problems: ${themes.problems.join(' ')}`);
  };

  /** The index follows the codebook file: every finding is themed again, nothing reread. */
  const codebookChanged = () => {
    const changed = themes.reload();
    reportCodebookProblems();
    if (!changed) return;
    cache.clear();
    workspace.retheme();
    revalidateAll();
  };

  /** Indexes the workspace in the background, with progress shown in the editor. */
  const indexWorkspace = async () => {
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Inspection Lens: indexing reports', 0, undefined, true);
    const hooks = { progress: (done: number, total: number) => progress?.report(total ? Math.round((done / total) * 100) : 100, `${done} of ${total} files`) };
    try {
      await workspace.index(progress?.token, hooks);
    } catch (error) {
      connection.console.error(`Inspection Lens: indexing failed: ${(error as Error).message}`);
    } finally {
      progress?.done();
    }
  };

  connection.onRequest(ReportSummaryRequest.method, (params: ReportSummaryRequest.Params): ReportSummaryRequest.Result | null => {
    const report = reportOf(params.uri);
    if (!report) return null;
    const overall = report.judgements.find((judgement) => judgement.subject === 'overall-effectiveness');
    return {
      kind: report.kind,
      kindName: KIND_NAMES[report.kind],
      authority: report.authority,
      overall: overall ? { grade: overall.grade, name: gradeName(overall.grade) } : null,
      problems: lspDiagnostics(report, silenced.read(), silenced.fileKey(params.uri)).length,
    };
  });

  /** The finding at a position of an open report or an indexed one. */
  const findingAt = (uri: string, position: { line: number; character: number }) => {
    const document = documents.get(uri);
    const report = reportOf(uri);
    if (document && report) {
      const offset = document.offsetAt(position);
      const finding = report.findings.find((f) => f.span.start <= offset && offset <= f.span.end);
      return finding?.text;
    }
    return workspace.reports().find((known) => known.uri === uri)?.digest.findings.find((f) => contains(f.range, position))?.text;
  };

  const similarTo = (params: SimilarFindingsRequest.Params): SimilarFindingsRequest.Result => {
    const query = (params.uri && params.position ? findingAt(params.uri, params.position) : undefined) ?? params.text;
    if (!query?.trim()) return null;
    const results = workspace.similar(query, params.uri, Math.min(params.limit ?? 20, 100)).map(({ uri, digest, finding, score }) => {
      const hit = digest.findings[finding];
      return { uri, range: hit.range, text: hit.text, section: hit.section, report: reportTitle(digest), score: Math.round(score * 1000) / 1000 };
    });
    return { query, results };
  };

  connection.onRequest(SimilarFindingsRequest.method, (params: SimilarFindingsRequest.Params) => safely(connection, () => similarTo(params), null));

  // References of a finding are the findings on the same issue in other reports (the peek view).
  connection.onReferences((params, token) =>
    run(connection, token, [], () => (similarTo({ uri: params.textDocument.uri, position: params.position })?.results ?? []).map((hit) => ({ uri: hit.uri, range: hit.range }))),
  );

  connection.onRequest(ThemeTreeRequest.method, (params: ThemeTreeRequest.Params): ThemeTreeRequest.Result =>
    safely(connection, () => treeChildren(workspace.reports(), themes.tree(), params.grouping, params.path, params.filter), []),
  );

  connection.onRequest(FindingPathRequest.method, (params: FindingPathRequest.Params): FindingPathRequest.Result => {
    const known = workspace.reports().find((report) => report.uri === params.uri);
    if (!known) return null;
    const index = known.digest.findings.findIndex((finding) => contains(finding.range, params.position));
    return index === -1 ? null : findingPath(known.digest, params.uri, index, params.grouping, themes.tree());
  });

  connection.onExecuteCommand((params) => {
    const args = params.arguments ?? [];
    try {
      if (params.command === Commands.silenceCode && typeof args[0] === 'string') {
        silenced.silenceCode(args[0]);
        revalidateAll();
      } else if (params.command === Commands.silenceInstance && args.slice(0, 4).every((arg) => typeof arg === 'string')) {
        const [uri, code, quote, prefix] = args as string[];
        silenced.silenceInstance({ file: silenced.fileKey(uri), code, quote, prefix });
        revalidateAll();
      } else if (params.command === Commands.explain && typeof args[0] === 'string') {
        connection.window.showInformationMessage(explainCode(args[0]));
      }
    } catch (error) {
      connection.window.showErrorMessage(`Inspection Lens could not save the silenced diagnostics: ${(error as Error).message}`);
    }
    return null;
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      if (change.uri.endsWith('/.inspection-lens/silenced.json')) {
        silenced.reload();
        revalidateAll();
      } else if (change.uri.endsWith('/.inspection-lens/codebook.json')) {
        codebookChanged();
      } else if (change.type === FileChangeType.Deleted) workspace.fileDeleted(change.uri);
      else void workspace.fileChanged(change.uri);
    }
  });

  documents.listen(connection);
  connection.listen();
}

function contains(range: { start: { line: number; character: number }; end: { line: number; character: number } }, position: { line: number; character: number }): boolean {
  const after = (a: typeof position, b: typeof position) => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(position, range.start) && after(range.end, position);
}

function withReport<T>(report: ParsedReport | undefined, fallback: T, feature: (report: ParsedReport) => T): T {
  return report ? feature(report) : fallback;
}

/** Runs a handler so that a failure answers with the empty result and a log line, never a crash. */
function run<T>(connection: Connection, token: CancellationToken, fallback: T, handler: () => T): T | ResponseError<void> {
  if (token.isCancellationRequested) return fallback;
  return safely(connection, handler, fallback);
}

function safely<T>(connection: Connection, handler: () => T, fallback: T): T {
  try {
    return handler();
  } catch (error) {
    connection.console.error(`Inspection Lens: ${(error as Error).stack ?? String(error)}`);
    return fallback;
  }
}

function workspaceFolders(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
}

function shortName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

// Started directly (node server/out/server.js --stdio / --node-ipc), as the client does.
if (require.main === module) startServer();
