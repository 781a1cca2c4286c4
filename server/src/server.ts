import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type WorkspaceFoldersChangeEvent,
  createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodebookStore } from './lsp/codebookStore';
import { ReportCache } from './lsp/reportCache';
import { SilencedStore } from './lsp/silencedStore';
import { WorkspaceAnnotations } from './lsp/workspaceAnnotations';
import { WorkspaceIndex } from './lsp/workspaceIndex';
import {
  AnnotateRequest,
  AnnotationsChangedNotification,
  AnnotationsRequest,
  Commands,
  CreateThemeRequest,
  ExportRequest,
  FindingPathRequest,
  IndexChangedNotification,
  type InitializationOptions,
  ReportSummaryRequest,
  SimilarFindingsRequest,
  TagTargetRequest,
  ThemeTreeRequest,
  ThemesRequest,
} from './protocol';
import {
  KIND_NAMES,
  type Anchored,
  actionPlanMarkdown,
  annotationCodeActions,
  codedFindingsCsv,
  UTF8_BYTE_ORDER_MARK,
  annotationDiagnostics,
  annotationHover,
  annotationSymbol,
  annotationViews,
  closestMatch,
  statusOf,
  themesOfAnnotation,
  tagTarget,
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
  const analyze = (text: string) => service.analyze(text, undefined, themes.codebook) as ParsedReport;
  let annotations = new WorkspaceAnnotations([], analyze);
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

  /**
   * A message for the user, sent as a notification: a client that cannot show it loses the
   * message, and the server does not fail with it.
   */
  const tell = (type: MessageType, message: string) => void connection.sendNotification(ShowMessageNotification.type, { type, message });

  /** A theme's label in the workspace's codebook (the id when the codebook no longer has it). */
  const themeLabel = (id: string) => themes.label(id);

  const reportOf = (uri: string): ParsedReport | undefined => {
    const document = documents.get(uri);
    return document ? cache.get(document) : undefined;
  };

  let folders: string[] = [];
  let foldersFollowed = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    folders = workspaceFolders(params);
    foldersFollowed = !!params.capabilities.workspace?.workspaceFolders;
    silenced = new SilencedStore(folders[0]);
    themes = new CodebookStore(folders[0]);
    annotations = new WorkspaceAnnotations(folders, analyze);
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    workspace = new WorkspaceIndex(folders, service, options.storagePath, () => themes.codebook, {
      log: (message) => connection.console.log(message),
      changed: announceChange,
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        documentSymbolProvider: { label: 'Inspection report' },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
        workspaceSymbolProvider: true,
        referencesProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
        executeCommandProvider: { commands: [Commands.silenceInstance, Commands.silenceCode, Commands.explain, Commands.reattach, Commands.discard] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'Inspection Lens', version: '0.1.0' },
    };
  });

  const validate = (uri: string) => {
    pending.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    if (cache.isTooLarge(document)) {
      if (!warnedTooLarge.has(uri)) tell(MessageType.Warning, `Inspection Lens: ${shortName(uri)} is too large to be a report; it is not analysed.`);
      warnedTooLarge.add(uri);
      connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
      return;
    }
    const report = safely(connection, () => cache.get(document), undefined);
    scheduleIndexing(uri);
    const diagnostics = report
      ? safely(connection, () => [...lspDiagnostics(report, silenced.read(), silenced.fileKey(uri)), ...recurring(uri, report), ...annotationProblems(uri, report)], [])
      : [];
    connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  };

  /** The report's annotations placed in the editor's text of it. */
  const placedIn = (uri: string): ReturnType<WorkspaceAnnotations['place']> => {
    const document = documents.get(uri);
    return document ? safely(connection, () => annotations.place(uri, document.getText()), undefined) : undefined;
  };
  const anchoredIn = (uri: string): Anchored[] => placedIn(uri)?.anchored ?? [];

  /** OFS050 for annotations that can no longer be placed; OFS051 when the annotation file cannot be read. */
  const annotationProblems = (uri: string, report: ParsedReport) => {
    const placed = placedIn(uri);
    if (!placed) return [];
    const { loaded } = placed;
    const problem = loaded.corrupt
      ? `The annotation file ${loaded.file} cannot be read: ${loaded.corrupt}. Its tags are not shown, and it is never overwritten: it will be set aside untouched when new tags are saved.`
      : loaded.problems.length
        ? `Some annotations in ${loaded.file} cannot be read and are kept as they are: ${loaded.problems.join(' ')}`
        : undefined;
    const codes = silenced.read().codes;
    return annotationDiagnostics(report, placed.anchored, themeLabel, problem).filter((diagnostic) => !codes.includes(String(diagnostic.code)));
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

  connection.onDocumentSymbol((params, token) =>
    run(connection, token, [], () =>
      withReport(reportOf(params.textDocument.uri), [], (report) => {
        const symbols = documentSymbols(report);
        const tagged = annotationSymbol(report, anchoredIn(params.textDocument.uri), themeLabel);
        if (tagged && symbols[0]) symbols[0].children = [tagged, ...(symbols[0].children ?? [])];
        return symbols;
      }),
    ),
  );
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
      if (!document || !report) return null;
      const offset = document.offsetAt(params.position);
      const found = hover(report, offset);
      const tagged = annotationHover(anchoredIn(params.textDocument.uri), offset, themeLabel);
      if (!tagged) return found ?? null;
      const value = found && typeof found.contents === 'object' && 'value' in found.contents ? `${tagged.markdown}\n\n---\n\n${found.contents.value}` : tagged.markdown;
      return { contents: { kind: 'markdown', value }, range: found?.range ?? report.source.rangeOf(tagged.span) };
    }),
  );
  connection.onCodeAction((params, token) =>
    run(connection, token, [], () => {
      const document = documents.get(params.textDocument.uri);
      const report = reportOf(params.textDocument.uri);
      if (!document || !report) return [];
      const span = { start: document.offsetAt(params.range.start), end: document.offsetAt(params.range.end) };
      const uri = params.textDocument.uri;
      const tagging = annotations.pathOf(uri) ? annotationCodeActions(report, uri, span, anchoredIn(uri), (annotation) => closestMatch(annotation, document.getText()), themeLabel) : [];
      return [...codeActions(report, uri, span), ...tagging];
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
    if (foldersFollowed) connection.workspace.onDidChangeWorkspaceFolders((event) => safely(connection, () => foldersChanged(event), undefined));
  });

  /**
   * Folders added to or removed from the workspace: the index reads the new ones and forgets the
   * old; annotations follow each folder; the codebook and silenced problems stay the first folder's.
   */
  const foldersChanged = (event: WorkspaceFoldersChangeEvent) => {
    const removed = new Set(workspaceFolders({ workspaceFolders: event.removed }));
    const first = folders[0];
    folders = [...folders.filter((folder) => !removed.has(folder)), ...workspaceFolders({ workspaceFolders: event.added })];
    workspace.setFolders(folders);
    annotations = new WorkspaceAnnotations(folders, analyze);
    if (folders[0] !== first) {
      silenced = new SilencedStore(folders[0]);
      themes = new CodebookStore(folders[0]);
      reportCodebookProblems();
      cache.clear();
      workspace.retheme();
    }
    annotationsChanged(documents.all().map((document) => document.uri));
    void indexWorkspace();
  };

  // The index cache is written in the background: what is pending is written before the exit.
  connection.onShutdown(() => workspace.flush());

  const reportCodebookProblems = () => {
    if (themes.problems.length) tell(MessageType.Warning, `Inspection Lens: the codebook file has problems: ${themes.problems.join(' ')}`);
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
      overall: overall ? { grade: overall.grade, name: gradeName(overall.grade, report.kind) } : null,
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

  /** The index's reports with quality assurers' tags folded in (the theme tree counts them). */
  const codedReports = () => annotations.codedReports(workspace.reports(), (uri) => documents.get(uri)?.getText());

  connection.onRequest(ThemeTreeRequest.method, (params: ThemeTreeRequest.Params): ThemeTreeRequest.Result =>
    safely(connection, () => treeChildren(codedReports(), themes.tree(), params.grouping, params.path, params.filter), []),
  );

  connection.onRequest(FindingPathRequest.method, (params: FindingPathRequest.Params): FindingPathRequest.Result => {
    const known = codedReports().find((report) => report.uri === params.uri);
    if (!known) return null;
    const index = known.digest.findings.findIndex((finding) => contains(finding.range, params.position));
    return index === -1 ? null : findingPath(known.digest, params.uri, index, params.grouping, themes.tree());
  });

  // Quality assurers' annotations --------------------------------------------------------------

  const annotationsChanged = (uris: string[]) => {
    for (const uri of uris) if (documents.get(uri)) schedule(documents.get(uri)!);
    void connection.sendNotification(AnnotationsChangedNotification.method, { uris } satisfies AnnotationsChangedNotification.Params);
    announceChange();
  };

  const viewsOf = (uri: string) => {
    const report = reportOf(uri);
    const placed = placedIn(uri);
    return report && placed ? annotationViews(report, placed.anchored, themeLabel) : [];
  };

  connection.onRequest(AnnotationsRequest.method, (params: AnnotationsRequest.Params): AnnotationsRequest.Result =>
    safely(
      connection,
      () => {
        const placed = placedIn(params.uri);
        if (!placed) return { file: null, annotations: [] };
        return { file: placed.loaded.file, annotations: viewsOf(params.uri), ...(placed.loaded.corrupt ? { problem: placed.loaded.corrupt } : {}) };
      },
      { file: null, annotations: [] },
    ),
  );

  connection.onRequest(TagTargetRequest.method, (params: TagTargetRequest.Params): TagTargetRequest.Result =>
    safely(
      connection,
      () => {
        const document = documents.get(params.uri);
        const report = reportOf(params.uri);
        if (!document || !report) return null;
        const span = tagTarget(report, { start: document.offsetAt(params.range.start), end: document.offsetAt(params.range.end) });
        if (!span) return null;
        const here = anchoredIn(params.uri).find((a) => a.span && a.span.start === span.start && a.span.end === span.end)?.annotation;
        return {
          range: report.source.rangeOf(span),
          text: report.source.text.slice(span.start, span.end),
          themes: here ? themesOfAnnotation(here) : [],
          status: (here && statusOf(here)?.value) ?? null,
        };
      },
      null,
    ),
  );

  const annotate = async (params: AnnotateRequest.Params): Promise<AnnotateRequest.Result> => {
    const document = documents.get(params.uri);
    if (!document) return { error: 'Open the report to tag it.' };
    const text = document.getText();
    const choice = params.id ? { id: params.id } : params.range ? { span: { start: document.offsetAt(params.range.start), end: document.offsetAt(params.range.end) } } : undefined;
    if (!choice) return { error: 'Say which passage to tag.' };
    try {
      const result = await annotations.apply(params.uri, text, choice, params.action, params.creator);
      annotationsChanged([params.uri]);
      if (result.setAside) tell(MessageType.Warning, `Inspection Lens: the annotation file could not be read, so it was set aside untouched as ${result.setAside}; your new tag was saved to a fresh file.`);
      return { annotations: viewsOf(params.uri), ...(result.setAside ? { setAside: result.setAside } : {}) };
    } catch (error) {
      return { error: `Inspection Lens could not save the annotation: ${(error as Error).message}` };
    }
  };

  connection.onRequest(AnnotateRequest.method, (params: AnnotateRequest.Params) => safelyAsync(connection, () => annotate(params), { error: 'Inspection Lens could not save the annotation.' }));
  connection.onRequest(ThemesRequest.method, (): ThemesRequest.Result => safely(connection, () => themes.tree(), []));
  connection.onRequest(CreateThemeRequest.method, (params: CreateThemeRequest.Params): CreateThemeRequest.Result =>
    safely(
      connection,
      () => {
        const created = themes.addTheme(params.label);
        if ('id' in created) codebookChanged();
        return created;
      },
      { error: 'Inspection Lens could not add the theme.' },
    ),
  );

  const exportCoded = (params: ExportRequest.Params): ExportRequest.Result => {
    const openText = (uri: string) => documents.get(uri)?.getText();
    if (params.format === 'csv') {
      const { reports, problems } = annotations.codedForExport(openText);
      if (problems.length) tell(MessageType.Warning, `Inspection Lens: left out of the export: ${problems.join('; ')}.`);
      return { text: UTF8_BYTE_ORDER_MARK + codedFindingsCsv(reports, themeLabel), reports: reports.length };
    }
    const document = documents.get(params.uri);
    const report = reportOf(params.uri);
    if (!document || !report) return { error: 'Open the report to make its action plan.' };
    const placed = placedIn(params.uri);
    if (placed?.loaded.corrupt) return { error: `The report's annotation file cannot be read (${placed.loaded.corrupt}); mend it first, so that the plan leaves no coding out.` };
    const name = annotations.reportName(params.uri) ?? shortName(params.uri);
    return { text: actionPlanMarkdown({ file: name, report, annotations: placed?.anchored ?? [] }, themeLabel), reports: 1 };
  };
  connection.onRequest(ExportRequest.method, (params: ExportRequest.Params) => safely(connection, () => exportCoded(params), { error: 'Inspection Lens could not make the export.' }));

  /** After a save, annotations that followed their text are written back with their new place. */
  documents.onDidSave((event) => {
    const uri = event.document.uri;
    void safelyAsync(connection, () => annotations.follow(uri, event.document.getText()), false).then((moved) => moved && annotationsChanged([uri]));
  });

  connection.onExecuteCommand(async (params) => {
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
        tell(MessageType.Info, explainCode(args[0]));
      } else if (params.command === Commands.reattach && typeof args[0] === 'string' && typeof args[1] === 'string' && Number.isInteger(args[2]) && Number.isInteger(args[3])) {
        const result = await annotate({ uri: args[0], id: args[1], action: { kind: 'reattach', span: { start: args[2] as number, end: args[3] as number } } });
        if ('error' in result) tell(MessageType.Error, result.error);
      } else if (params.command === Commands.discard && typeof args[0] === 'string' && typeof args[1] === 'string') {
        const result = await annotate({ uri: args[0], id: args[1], action: { kind: 'discard' } });
        if ('error' in result) tell(MessageType.Error, result.error);
      }
    } catch (error) {
      tell(MessageType.Error, `Inspection Lens could not save the change: ${(error as Error).message}`);
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
      } else if (annotations.isAnnotationFile(change.uri)) {
        // Another window, another tool or a pull changed a report's annotations: show theirs.
        annotationsChanged(documents.all().map((document) => document.uri));
      } else if (change.type === FileChangeType.Deleted) workspace.fileDeleted(change.uri);
      else {
        void workspace.fileChanged(change.uri);
        followOnDisk(change.uri);
      }
    }
  });

  /** A report changed on disk while closed: its annotations follow the new text. */
  const followOnDisk = (uri: string) => {
    if (documents.get(uri) || !annotations.pathOf(uri)) return;
    void safelyAsync(
      connection,
      async () => {
        const annotationFile = annotations.annotationFileOf(uri);
        return !!annotationFile && fs.existsSync(annotationFile) && (await annotations.follow(uri, fs.readFileSync(fileURLToPath(uri), 'utf8')));
      },
      false,
    ).then((moved) => moved && annotationsChanged([uri]));
  };

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

async function safelyAsync<T>(connection: Connection, handler: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await handler();
  } catch (error) {
    connection.console.error(`Inspection Lens: ${(error as Error).stack ?? String(error)}`);
    return fallback;
  }
}

function workspaceFolders(params: Pick<InitializeParams, 'workspaceFolders'> & Partial<Pick<InitializeParams, 'rootUri'>>): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
}

function shortName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

// Started directly (node server/out/server.js --stdio / --node-ipc), as the client does.
if (require.main === module) startServer();
