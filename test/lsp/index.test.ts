import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { DidChangeWatchedFilesNotification, DidChangeWorkspaceFoldersNotification, ReferencesRequest, RequestType } from 'vscode-languageserver-protocol/node';
import { DEFAULT_CODEBOOK, defaultCodebook, parseReport, yearOf } from '../../server/out/service/index';
import type { SimilarFindingsRequest, ThemeTreeRequest, TreeNode } from '../../server/out/protocol';
import { INDEX_CACHE_NAME, INDEX_CACHE_VERSION, LEGACY_CACHE_NAME, readIndexCache } from '../../server/out/lsp/indexCache';
import { type LspServer, startServer } from '../helpers/lspClient';
import { readProjectFile, readSharedReport } from '../helpers/shared';

const DEFAULT_CODEBOOK_COMPILED = defaultCodebook();
const ThemeTree = new RequestType<ThemeTreeRequest.Params, ThemeTreeRequest.Result, void>('inspectionLens/themeTree');
const SimilarFindings = new RequestType<SimilarFindingsRequest.Params, SimilarFindingsRequest.Result, void>('inspectionLens/similarFindings');

/** The workspace: three real reports and the built-in example, in a folder of reports. */
const FILES: Record<string, string> = {
  'reports/bromley.txt': readSharedReport('ilacs/bromley-12-january-2024.txt'),
  'reports/bury.txt': readSharedReport('ilacs/bury-17-december-2021.txt'),
  'reports/york.txt': readSharedReport('ilacs/york-15-april-2025.txt'),
  'reports/northmoor.txt': readProjectFile('examples/northmoor-2025-inspection.txt'),
  'notes/not-a-report.txt': 'Shopping list: milk, bread, eggs.\n',
};

interface IndexChanged {
  reports: number;
  findings: number;
}

/** What the service itself reads in these files: the tree must agree with it. */
function expectedFindings(files: Record<string, string>): { reports: number; findings: number; byAuthority: Record<string, number> } {
  let reports = 0;
  let findings = 0;
  const byAuthority: Record<string, number> = {};
  for (const text of Object.values(files)) {
    const report = parseReport(text);
    if (report.kind === 'unknown') continue;
    reports++;
    findings += report.findings.length;
    byAuthority[report.authority ?? '(unknown)'] = (byAuthority[report.authority ?? '(unknown)'] ?? 0) + report.findings.length;
  }
  return { reports, findings, byAuthority };
}

describe('workspace index over the protocol', function () {
  let server: LspServer;
  let storage: string;
  const expected = expectedFindings(FILES);

  before(async function () {
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'inspection-lens-storage-'));
    const server0 = startServer({ files: FILES, storagePath: storage });
    server = await server0;
  });

  after(async function () {
    await server?.stop();
    fs.rmSync(storage, { recursive: true, force: true });
  });

  async function indexed(reports: number): Promise<IndexChanged> {
    // Listen first, then ask the tree (which answers from the index): the announcement may go either side.
    const announced = server.notification<IndexChanged>('inspectionLens/indexChanged', (params) => params.reports === reports);
    const roots = await server.request(ThemeTree, { grouping: 'authority', path: [] });
    if (roots.length !== reports) return announced;
    announced.catch(() => undefined);
    return { reports, findings: roots.reduce((sum, node) => sum + node.count, 0) };
  }

  it('indexes every report in the workspace, and nothing that is not a report', async function () {
    const state = await indexed(expected.reports);
    assert.deepStrictEqual(state, { reports: 4, findings: expected.findings });
  });

  it('groups findings by authority, with the counts the service gives', async function () {
    const roots = await server.request(ThemeTree, { grouping: 'authority', path: [] });
    assert.deepStrictEqual(
      roots.map((node) => [node.label, node.count]),
      Object.entries(expected.byAuthority).sort(([a], [b]) => a.localeCompare(b)),
    );
    for (const node of roots) assert.ok(node.strengths + node.weaknesses <= node.count);
  });

  it('groups by year, newest first, and by theme with nested themes and every level reachable', async function () {
    const years = await server.request(ThemeTree, { grouping: 'year', path: [] });
    const yearsOf = Object.values(FILES).map((text) => parseReport(text)).filter((r) => r.kind !== 'unknown').map((r) => yearOf(r) ?? '(unknown)');
    assert.deepStrictEqual(years.map((node) => node.label), [...new Set(yearsOf)].sort().reverse());

    const themes = await server.request(ThemeTree, { grouping: 'theme', path: [] });
    const oversight = themes.find((node) => node.path[0] === 'management-oversight') as TreeNode;
    assert.equal(oversight.label, 'Management oversight and supervision');
    const under = await server.request(ThemeTree, { grouping: 'theme', path: oversight.path });
    assert.deepStrictEqual(under.filter((node) => node.kind === 'theme').map((node) => node.path), [['management-oversight', 'supervision']]);
    const report = under.find((node) => node.kind === 'report') as TreeNode;
    const findings = await server.request(ThemeTree, { grouping: 'theme', path: report.path });
    assert.equal(findings.length, report.count);
    assert.ok(findings.every((node) => node.kind === 'finding' && node.location?.uri === report.path[1]));
  });

  it('filters the tree by words in the findings', async function () {
    const roots = await server.request(ThemeTree, { grouping: 'authority', path: [], filter: 'fostering' });
    // A finding passes when its text or one of its themes (id or label) names the filter.
    const labels = new Map(DEFAULT_CODEBOOK.map((theme) => [theme.id, theme.label.toLowerCase()]));
    const passes = (f: { text: string; themes: string[] }) => f.text.toLowerCase().includes('fostering') || f.themes.some((id) => id.includes('fostering') || labels.get(id)?.includes('fostering'));
    const all = Object.values(FILES).flatMap((text) => parseReport(text).findings).filter(passes);
    assert.ok(all.length > 0);
    assert.equal(roots.reduce((sum, node) => sum + node.count, 0), all.length);
  });

  it('answers "go to similar finding" with findings on the same issue in other reports, best first', async function () {
    const bury = server.uriOf('reports/bury.txt');
    const text = FILES['reports/bury.txt'];
    const line = text.split('\n').findIndex((l) => l.includes('The quality of supervision for social workers'));
    assert.ok(line > 0);
    const answer = (await server.request(SimilarFindings, { uri: bury, position: { line, character: 5 }, limit: 5 })) as NonNullable<SimilarFindingsRequest.Result>;
    assert.ok(answer.query.startsWith('The quality of supervision for social workers is too variable'), answer.query);
    assert.ok(answer.results.length > 0);
    assert.ok(answer.results.every((hit) => hit.uri !== bury), 'never the query’s own report');
    assert.ok(/supervision/i.test(answer.results[0].text), `the best match speaks of supervision: ${answer.results[0].text}`);
    const scores = answer.results.map((hit) => hit.score);
    assert.deepStrictEqual(scores, [...scores].sort((a, b) => b - a));

    const references = await server.request(ReferencesRequest.type, { textDocument: { uri: bury }, position: { line, character: 5 }, context: { includeDeclaration: false } });
    assert.deepStrictEqual(references?.slice(0, 5), answer.results.map((hit) => ({ uri: hit.uri, range: hit.range })));
  });

  it('stays fresh as files are created, changed, renamed and deleted', async function () {
    const created = path.join(server.folder, 'reports', 'wolverhampton.txt');
    const createdUri = server.uriOf('reports/wolverhampton.txt');
    fs.writeFileSync(created, readSharedReport('ilacs/wolverhampton-18-june-2026.txt'));
    let announced = server.notification<IndexChanged>('inspectionLens/indexChanged', (p) => p.reports === 5);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: createdUri, type: FileChangeType.Created }] });
    await announced;
    assert.ok((await authorities()).includes('Wolverhampton'));

    // Changed: the file now holds another authority's report.
    fs.writeFileSync(created, readSharedReport('ilacs/solihull-13-january-2023.txt'));
    announced = server.notification<IndexChanged>('inspectionLens/indexChanged');
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: createdUri, type: FileChangeType.Changed }] });
    await announced;
    const afterChange = await authorities();
    assert.ok(afterChange.includes('Solihull') && !afterChange.includes('Wolverhampton'));

    // Renamed: a deletion and a creation.
    const renamed = path.join(server.folder, 'reports', 'solihull.txt');
    const renamedUri = server.uriOf('reports/solihull.txt');
    fs.renameSync(created, renamed);
    announced = server.notification<IndexChanged>('inspectionLens/indexChanged', (p) => p.reports === 5);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: createdUri, type: FileChangeType.Deleted },
        { uri: renamedUri, type: FileChangeType.Created },
      ],
    });
    await announced;
    const solihull = (await server.request(ThemeTree, { grouping: 'authority', path: [] })).find((node) => node.label === 'Solihull') as TreeNode;
    const reports = await server.request(ThemeTree, { grouping: 'authority', path: solihull.path });
    assert.deepStrictEqual(reports.map((node) => node.path[1]), [renamedUri]);

    // Deleted.
    fs.rmSync(renamed);
    announced = server.notification<IndexChanged>('inspectionLens/indexChanged', (p) => p.reports === 4);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: renamedUri, type: FileChangeType.Deleted }] });
    await announced;
    assert.ok(!(await authorities()).includes('Solihull'));
  });

  it('lets an open, unsaved document win over its file', async function () {
    const uri = server.uriOf('reports/york.txt');
    const changed = FILES['reports/york.txt'].replace('Inspection of City of York Council local', 'Inspection of Eastmoor local');
    const announced = server.notification<IndexChanged>('inspectionLens/indexChanged');
    await server.open(uri, changed);
    await announced;
    const names = await authorities();
    assert.ok(names.includes('Eastmoor') && !names.includes('York'), names.join(', '));
    const back = server.notification<IndexChanged>('inspectionLens/indexChanged');
    server.close(uri);
    await back;
    assert.ok((await authorities()).includes('York'));
  });

  it('keeps a cache of the index by content hash in its storage, written atomically', async function () {
    // Written in the background, and at the latest when the server shuts down: this is the last test here.
    await server.stop();
    const cache = await readIndexCache(path.join(storage, INDEX_CACHE_NAME));
    assert.equal(cache.codebook, JSON.stringify(DEFAULT_CODEBOOK_COMPILED.themes));
    assert.ok(cache.files.every((entry) => /^[0-9a-f]{40}$/.test(entry.hash)));
    const authoritiesInCache = cache.files.map((entry) => entry.digest?.authority ?? null).sort();
    assert.deepStrictEqual(authoritiesInCache, [null, 'Bromley', 'Bury', 'Northmoor', 'York'].sort());
    assert.deepStrictEqual(fs.readdirSync(storage).filter((name) => name.endsWith('.tmp')), []);
  });

  async function authorities(): Promise<string[]> {
    return (await server.request(ThemeTree, { grouping: 'authority', path: [] })).map((node) => node.label);
  }
});

describe('the index cache across server starts', function () {
  let storage: string;
  let folder: string;

  beforeEach(() => {
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'inspection-lens-storage-'));
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'inspection-lens-lsp-'));
    for (const [name, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      fs.writeFileSync(path.join(folder, name), text);
    }
  });

  afterEach(() => {
    fs.rmSync(storage, { recursive: true, force: true });
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Starts a server on the workspace (its files untouched since the last) and storage, and waits until it has indexed every report. */
  async function indexedServer(): Promise<LspServer> {
    const server = await startServer({ storagePath: storage, folder });
    const announced = server.notification<IndexChanged>('inspectionLens/indexChanged', (params) => params.reports === expectedFindings(FILES).reports);
    const roots = await server.request(ThemeTree, { grouping: 'authority', path: [] });
    if (roots.length === expectedFindings(FILES).reports) announced.catch(() => undefined);
    else await announced;
    return server;
  }

  /** What a user sees: the reports by authority with their counts, and the findings like one of Bury's. */
  async function answers(server: LspServer): Promise<unknown> {
    const roots = await server.request(ThemeTree, { grouping: 'authority', path: [] });
    const bury = server.uriOf('reports/bury.txt');
    const line = FILES['reports/bury.txt'].split('\n').findIndex((l) => l.includes('The quality of supervision for social workers'));
    const similar = await server.request(SimilarFindings, { uri: bury, position: { line, character: 5 }, limit: 5 });
    return { roots: roots.map((node) => [node.label, node.count, node.strengths, node.weaknesses]), similar };
  }

  function logged(server: LspServer): string[] {
    return server.messages.filter((message) => message.method === 'window/logMessage').map((message) => message.message);
  }

  it('answers from the cache the next time as it answered the first', async function () {
    const first = await indexedServer();
    const expected = await answers(first);
    await first.stop();
    assert.deepStrictEqual(fs.readdirSync(storage), [INDEX_CACHE_NAME], 'the cache is written before the server exits');
    const second = await indexedServer();
    try {
      assert.deepStrictEqual(await answers(second), expected);
      assert.deepStrictEqual(logged(second).filter((message) => message.includes('index cache')), []);
    } finally {
      await second.stop();
    }
  });

  it('ignores, with a message, a cache of another version, and removes the JSON cache of earlier versions and cut-short writes', async function () {
    const outdated = Buffer.alloc(12);
    outdated.write('ILIX', 0, 'latin1');
    outdated.writeUInt32LE(INDEX_CACHE_VERSION + 1, 4);
    fs.writeFileSync(path.join(storage, INDEX_CACHE_NAME), outdated);
    fs.writeFileSync(path.join(storage, LEGACY_CACHE_NAME), JSON.stringify({ version: 2, codebook: '', files: {} }));
    fs.writeFileSync(path.join(storage, `${INDEX_CACHE_NAME}.12345.0.tmp`), 'ILIX');
    const server = await indexedServer();
    await server.stop();
    assert.deepStrictEqual(logged(server).filter((message) => message.includes('index cache')), [
      'Inspection Lens: removed the index cache of an earlier version.',
      `Inspection Lens: ignored the index cache: it was written by another version (${INDEX_CACHE_VERSION + 1})`,
    ]);
    assert.deepStrictEqual(fs.readdirSync(storage), [INDEX_CACHE_NAME]);
    assert.equal((await readIndexCache(path.join(storage, INDEX_CACHE_NAME))).files.length, Object.keys(FILES).length);
  });

  it('ignores a damaged cache with a message, and answers as without one', async function () {
    const fresh = await indexedServer();
    const expected = await answers(fresh);
    await fresh.stop();
    const file = path.join(storage, INDEX_CACHE_NAME);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 100));
    const server = await indexedServer();
    try {
      assert.deepStrictEqual(logged(server).filter((message) => message.includes('index cache')), ['Inspection Lens: ignored the index cache: its length does not match its header']);
      assert.deepStrictEqual(await answers(server), expected);
    } finally {
      await server.stop();
    }
  });
});

describe('recurring weaknesses (OFS040)', function () {
  let server: LspServer;

  before(async function () {
    server = await startServer({
      files: {
        'havering-2016.txt': readSharedReport('havering-2016-10-sif-inspection.txt'),
        'bromley-2024.txt': readSharedReport('ilacs/bromley-12-january-2024.txt'),
      },
    });
  });

  after(async function () {
    await server?.stop();
  });

  it("links a weakness of Havering's 2021 visit to the like weakness its 2016 inspection reported", async function () {
    const announced = server.notification<IndexChanged>('inspectionLens/indexChanged', (p) => p.reports === 2);
    const roots = await server.request(ThemeTree, { grouping: 'authority', path: [] });
    if (roots.length < 2) await announced;
    else announced.catch(() => undefined); // already indexed: the announcement went before we listened
    const uri = server.uriOf('havering-2021.txt');
    const published = await server.open(uri, readSharedReport('havering-2021-05-focused-visit.txt'));
    const recurring = published.diagnostics.filter((d) => d.code === 'OFS040');
    assert.ok(recurring.length > 0, 'at least one recurring weakness');
    const earlier = server.uriOf('havering-2016.txt');
    for (const diagnostic of recurring) {
      assert.equal(diagnostic.severity, 3);
      assert.deepStrictEqual(diagnostic.relatedInformation?.map((info) => info.location.uri), [earlier]);
      assert.match(diagnostic.message, /^A similar weakness was reported at Havering's earlier inspection/);
    }
  });

  it('finds none where no earlier report of the same authority is known', async function () {
    const uri = server.uriOf('bromley-open.txt');
    const published = await server.open(uri, readSharedReport('ilacs/bromley-12-january-2024.txt'));
    assert.deepStrictEqual(published.diagnostics.filter((d) => d.code === 'OFS040'), []);
  });
});

describe('workspace folders added and removed while the server runs', function () {
  let server: LspServer;

  before(async function () {
    server = await startServer({
      files: { 'first/bromley.txt': FILES['reports/bromley.txt'], 'second/bury.txt': FILES['reports/bury.txt'] },
      workspaceFolders: ['first'],
    });
  });

  after(async function () {
    await server?.stop();
    if (server) fs.rmSync(server.folder, { recursive: true, force: true });
  });

  const authorities = async () => (await server.request(ThemeTree, { grouping: 'authority', path: [] })).map((node) => node.label);
  const folder = (name: string) => ({ uri: pathToFileURL(path.join(server.folder, name)).toString(), name });

  it('reads the reports of a folder added, and forgets those of a folder removed', async function () {
    let announced = server.notification<IndexChanged>('inspectionLens/indexChanged', (params) => params.reports === 1);
    if ((await authorities()).length !== 1) await announced;
    assert.deepStrictEqual(await authorities(), ['Bromley']);

    announced = server.notification<IndexChanged>('inspectionLens/indexChanged', (params) => params.reports === 2);
    await server.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [folder('second')], removed: [] } });
    await announced;
    assert.deepStrictEqual(await authorities(), ['Bromley', 'Bury']);

    announced = server.notification<IndexChanged>('inspectionLens/indexChanged', (params) => params.reports === 1);
    await server.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [folder('first')] } });
    await announced;
    assert.deepStrictEqual(await authorities(), ['Bury']);
  });
});
