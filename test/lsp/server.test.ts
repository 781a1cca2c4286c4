/**
 * Protocol tests: LSP spoken over stdio to the real server process (`inspection-lens lsp --stdio`),
 * on the built-in example and the shared real reports. Results are compared as whole mapped
 * structures, written by reading the reports, so that a failure shows the difference.
 *
 * Nothing here sleeps: every wait is on a notification or a response (see helpers/lspClient.ts).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type CodeAction,
  CodeActionRequest,
  type Command,
  type Diagnostic,
  type DocumentSymbol,
  DidChangeTextDocumentNotification,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  HoverRequest,
  type Range,
  RequestType,
  SemanticTokensRequest,
  type SemanticTokensLegend,
  SymbolKind,
} from 'vscode-languageserver-protocol/node';
import { Commands, ReportSummaryRequest } from '../../server/out/protocol';
import { type LspServer, editsAsChanges, startServer } from '../helpers/lspClient';
import { readProjectFile, readSharedReport, sharedReportFiles } from '../helpers/shared';

const EXAMPLE = readProjectFile('examples/northmoor-2025-inspection.txt');
const BROMLEY = 'ilacs/bromley-12-january-2024.txt';
const summaryRequest = new RequestType<ReportSummaryRequest.Params, ReportSummaryRequest.Result | null, void>(ReportSummaryRequest.method);

/** The example's diagnostics, found by reading it: code, 0-based range, and the text under the range. */
const EXAMPLE_DIAGNOSTICS = [
  // "…to understand and improve the / [page 2 header, footer, number] / experiences and progress of care leavers."
  { code: 'OFS032', severity: 3, range: range(86, 0, 89, 1), text: 'Inspection of Northmoor local authority children’s services\n10 to 21 March 2025\n\n2' },
  { code: 'OFS031', severity: 4, range: range(109, 30, 109, 41), text: 'multiagency' },
  { code: 'OFS030', severity: 4, range: range(124, 67, 124, 76), text: 'childrens' },
  { code: 'OFS031', severity: 4, range: range(144, 69, 144, 83), text: 'preproceedings' },
  // "…with carers who meet their needs. The / [page 4] / recruitment of foster carers…"
  { code: 'OFS032', severity: 3, range: range(182, 0, 185, 1), text: 'Inspection of Northmoor local authority children’s services\n10 to 21 March 2025\n\n4' },
  // "…and risk assessments / [page 5] / are not completed…"
  { code: 'OFS032', severity: 3, range: range(230, 0, 233, 1), text: 'Inspection of Northmoor local authority children’s services\n10 to 21 March 2025\n\n5' },
  // "…supervision is infrequent / [page 6] / and does not challenge drift…"
  { code: 'OFS032', severity: 3, range: range(275, 0, 278, 1), text: 'Inspection of Northmoor local authority children’s services\n10 to 21 March 2025\n\n6' },
];
const CHILDRENS = EXAMPLE_DIAGNOSTICS[2];
/** The 24 characters before "childrens" on its line, which tell this instance from any other. */
const CHILDRENS_PREFIX = ' harm, and they capture ';

const EXAMPLE_JUDGEMENTS = [
  { name: 'The impact of leaders on social work practice with children and families', detail: 'Requires improvement to be good' },
  { name: 'The experiences and progress of children who need help and protection', detail: 'Good' },
  { name: 'The experiences and progress of children in care', detail: 'Good' },
  { name: 'The experiences and progress of care leavers', detail: 'Inadequate' },
  { name: 'Overall effectiveness', detail: 'Requires improvement to be good' },
];
const EXAMPLE_RECOMMENDATIONS = [
  { name: 'The quality and consistency of management oversight and supervision in the…', detail: 'recommendation 1' },
  { name: 'The quality and timeliness of pathway plans for care leavers, so that they:…', detail: 'recommendation 2' },
  { name: 'The suitability of accommodation for care leavers, including the assessment of…', detail: 'recommendation 3' },
  { name: 'The timeliness of initial health assessments for children in care, and the…', detail: 'recommendation 4' },
  { name: 'The effectiveness of performance information, quality assurance and the…', detail: 'recommendation 5' },
  { name: 'The take-up and quality of return home interviews for children who go missing…', detail: 'recommendation 6' },
];

describe('language server over stdio', function () {
  let server: LspServer;

  before(async function () {
    server = await startServer();
  });

  after(async function () {
    await server?.stop();
  });

  let logged = 0;
  beforeEach(function () {
    logged = server.messages.length;
  });

  // Handlers answer an empty result when they fail and log the error: an empty answer must not hide one.
  afterEach(function () {
    assert.ok(server.isAlive(), 'the server process died');
    assert.deepStrictEqual(server.messages.slice(logged).filter((message) => message.type === 1), [], 'the server logged errors');
  });

  describe('initialize', function () {
    it('declares its capabilities, token legend and commands', function () {
      assert.deepStrictEqual(server.initializeResult, {
        capabilities: {
          textDocumentSync: { openClose: true, change: 2, save: { includeText: false } },
          documentSymbolProvider: { label: 'Inspection report' },
          foldingRangeProvider: true,
          selectionRangeProvider: true,
          hoverProvider: true,
          codeActionProvider: { codeActionKinds: ['quickfix'] },
          codeLensProvider: { resolveProvider: false },
          workspaceSymbolProvider: true,
          referencesProvider: true,
          semanticTokensProvider: {
            legend: {
              tokenTypes: ['grade', 'date', 'recommendation'],
              tokenModifiers: ['outstanding', 'good', 'requiresImprovement', 'adequate', 'satisfactory', 'inadequate', 'inspection', 'publication'],
            },
            full: true,
          },
          executeCommandProvider: {
            commands: ['inspectionLens.silenceDiagnostic', 'inspectionLens.silenceCode', 'inspectionLens.explainDiagnostic', 'inspectionLens.reattachAnnotation', 'inspectionLens.discardAnnotation'],
          },
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: 'Inspection Lens', version: '0.1.0' },
      });
    });

    it('uses the token types, modifiers and commands the extension declares in package.json', function () {
      const contributes = JSON.parse(readProjectFile('package.json')).contributes;
      const capabilities = server.initializeResult.capabilities;
      assert.deepStrictEqual(
        { types: capabilities.semanticTokensProvider?.legend.tokenTypes, modifiers: capabilities.semanticTokensProvider?.legend.tokenModifiers },
        { types: contributes.semanticTokenTypes.map((t: { id: string }) => t.id), modifiers: contributes.semanticTokenModifiers.map((m: { id: string }) => m.id) },
      );
      const declared = new Set(contributes.commands.map((c: { command: string }) => c.command));
      assert.deepStrictEqual(capabilities.executeCommandProvider?.commands.filter((command) => !declared.has(command)), []);
    });
  });

  describe('diagnostics', function () {
    it('publishes the example report’s extraction damage with its version', async function () {
      const uri = server.uriOf('diagnostics/northmoor.txt');
      const published = await server.open(uri, EXAMPLE, 7);
      assert.equal(published.version, 7);
      assert.deepStrictEqual(published.diagnostics.map((d) => quoted(EXAMPLE, d)), EXAMPLE_DIAGNOSTICS);
    });

    it('names every diagnostic with its source, code and slug', async function () {
      const uri = server.uriOf('diagnostics/northmoor-messages.txt');
      const { diagnostics } = await server.open(uri, EXAMPLE);
      assert.deepStrictEqual(
        diagnostics.map(({ code, source, message }) => ({ code, source, message })),
        [
          { code: 'OFS032', source: 'Inspection Lens', message: 'A page header or footer interrupts this sentence. (page-furniture)' },
          { code: 'OFS031', source: 'Inspection Lens', message: '"multiagency" has lost its hyphen: "multi-agency". (joined-word)' },
          { code: 'OFS030', source: 'Inspection Lens', message: '"childrens" has lost its apostrophe: "children\'s". (lost-apostrophe)' },
          { code: 'OFS031', source: 'Inspection Lens', message: '"preproceedings" has lost its hyphen: "pre-proceedings". (joined-word)' },
          { code: 'OFS032', source: 'Inspection Lens', message: 'A page header or footer interrupts this sentence. (page-furniture)' },
          { code: 'OFS032', source: 'Inspection Lens', message: 'A page header or footer interrupts this sentence. (page-furniture)' },
          { code: 'OFS032', source: 'Inspection Lens', message: 'A page header or footer interrupts this sentence. (page-furniture)' },
        ],
      );
    });
  });

  describe('documentSymbol', function () {
    it('outlines the example: report, judgements, recommendations and sections', async function () {
      const uri = server.uriOf('outline/northmoor.txt');
      await server.open(uri, EXAMPLE);
      const outline = await symbols(server, uri);
      assert.deepStrictEqual(outlineSummary(outline), {
        root: [{ name: 'Northmoor: ILACS standard inspection', detail: '10 March 2025 to 21 March 2025', kind: SymbolKind.File }],
        sections: [
          'Judgements',
          'What needs to improve?',
          'The experiences and progress of children who need help and protection: good',
          'The experiences and progress of children in care: good',
          'The experiences and progress of care leavers: inadequate',
          'The impact of leaders on social work practice with children and families: requires improvement to be good',
        ],
        judgements: EXAMPLE_JUDGEMENTS,
        recommendations: EXAMPLE_RECOMMENDATIONS,
      });
    });

    it('ends the example’s last section at its last finding, before Ofsted’s back page', async function () {
      const uri = server.uriOf('outline/northmoor-back-page.txt');
      await server.open(uri, EXAMPLE);
      const [root] = await symbols(server, uri);
      const leaders = root.children?.find((child) => child.name.startsWith('The impact of leaders'));
      // Paragraphs 22 to 27; the back page (lines 293-320: Ofsted's address, licence, copyright) is not a finding.
      assert.deepStrictEqual(
        leaders?.children?.map((child) => child.name),
        [
          'The Director of Children’s Services and the senior leadership team share a…',
          'Leaders did not identify the serious decline in the care leavers service…',
          'Since September 2024, leaders have taken action to improve the service. They…',
          'The corporate parenting board has not provided sufficient scrutiny of the…',
          'Most social workers receive regular, reflective supervision, and managers…',
          'Social workers enjoy working in Northmoor. They describe leaders who are…',
        ],
      );
    });

    it('outlines a real ILACS report (Bromley, January 2024)', async function () {
      const uri = server.uriOf('outline/bromley.txt');
      await server.open(uri, readSharedReport(BROMLEY));
      const outline = await symbols(server, uri);
      assert.deepStrictEqual(outlineSummary(outline), {
        root: [{ name: 'Bromley: ILACS short inspection', detail: '13 November 2023 to 17 November 2023', kind: SymbolKind.File }],
        sections: [
          'Judgements',
          'What needs to improve?',
          'The experiences and progress of children who need help and protection: outstanding',
          'The experiences and progress of children in care: outstanding',
          'The experiences and progress of care leavers: outstanding',
          'The impact of leaders on social work practice with children and families: outstanding',
        ],
        judgements: [
          { name: 'The impact of leaders on social work practice with children and families', detail: 'Outstanding' },
          { name: 'The experiences and progress of children who need help and protection', detail: 'Outstanding' },
          { name: 'The experiences and progress of children in care', detail: 'Outstanding' },
          { name: 'The experiences and progress of care leavers', detail: 'Outstanding' },
          { name: 'Overall effectiveness', detail: 'Outstanding' },
        ],
        recommendations: [{ name: 'The continued strengthening of practice for children experiencing increasing…', detail: 'recommendation 1' }],
      });
    });
  });

  describe('hover', function () {
    let uri: string;
    before(async function () {
      uri = server.uriOf('hover/northmoor.txt');
      await server.open(uri, EXAMPLE);
    });

    it('explains a grade of the judgement table', async function () {
      // Line 12: "Requires improvement to be good", the grade of the impact of leaders.
      const answer = await server.request(HoverRequest.type, { textDocument: { uri }, position: { line: 11, character: 5 } });
      assert.deepStrictEqual(answer, {
        contents: {
          kind: 'markdown',
          value: [
            '**Requires improvement to be good** — The impact of leaders on social work practice with children and families',
            '',
            'There are no widespread or serious failures that leave children harmed or at risk of harm, but the authority is not yet delivering good help, care and protection.',
            '',
            '_ILACS standard inspection_',
          ].join('\n'),
        },
        range: range(11, 0, 11, 31),
      });
    });

    it('explains an inadequate grade', async function () {
      // Line 27: "Inadequate", the grade of the experiences and progress of care leavers.
      const answer = await server.request(HoverRequest.type, { textDocument: { uri }, position: { line: 26, character: 0 } });
      assert.deepStrictEqual(answer, {
        contents: {
          kind: 'markdown',
          value: [
            '**Inadequate** — The experiences and progress of care leavers',
            '',
            'There are widespread or serious failures that leave children harmed or at risk of harm, or leaders cannot show that children are safeguarded.',
            '',
            '_ILACS standard inspection_',
          ].join('\n'),
        },
        range: range(26, 0, 26, 10),
      });
    });

    it('gives the inspection dates as an ISO interval with weekdays, days and working days', async function () {
      // Line 3: "Inspection dates: 10 to 21 March 2025" — Monday to Friday of the following week.
      const answer = await server.request(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 25 } });
      assert.deepStrictEqual(answer, {
        contents: {
          kind: 'markdown',
          value: ['**10 to 21 March 2025** — `2025-03-10/2025-03-21` (inspection date)', '', 'Monday 10 March 2025 to Friday 21 March 2025', '12 days, 10 working days'].join('\n'),
        },
        range: range(2, 18, 2, 37),
      });
    });

    it('answers null away from grades, dates and recommendations', async function () {
      // Line 5: "Judgement", the table's header.
      const answer = await server.request(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 3 } });
      assert.equal(answer, null);
    });
  });

  describe('codeAction', function () {
    it('offers the repair of "childrens", which applied removes that diagnostic only', async function () {
      const uri = server.uriOf('actions/northmoor.txt');
      const before = await server.open(uri, EXAMPLE, 1);
      const actions = await server.request(CodeActionRequest.type, {
        textDocument: { uri },
        range: CHILDRENS.range,
        context: { diagnostics: before.diagnostics.filter((d) => d.code === 'OFS030') },
      });
      const diagnostic = before.diagnostics.find((d) => d.code === 'OFS030');
      assert.deepStrictEqual(actions, [
        {
          title: 'Change to "children\'s"',
          kind: 'quickfix',
          edit: { changes: { [uri]: [{ range: CHILDRENS.range, newText: "children's" }] } },
          diagnostics: [diagnostic],
          isPreferred: true,
        },
        {
          title: 'Silence OFS030 here',
          kind: 'quickfix',
          command: { title: 'Silence', command: Commands.silenceInstance, arguments: [uri, 'OFS030', 'childrens', CHILDRENS_PREFIX] },
          diagnostics: [diagnostic],
        },
        {
          title: 'Silence OFS030 (lost-apostrophe) in every report',
          kind: 'quickfix',
          command: { title: 'Silence', command: Commands.silenceCode, arguments: ['OFS030'] },
          diagnostics: [diagnostic],
        },
        // Tagging the selected word: the quality assurers' actions, offered on any selection.
        { title: 'Tag the selection with a theme…', kind: '', command: { title: 'Tag with theme…', command: 'inspectionLens.tagWithTheme', arguments: [uri, CHILDRENS.range] } },
        { title: 'Add a memo to the selection…', kind: '', command: { title: 'Add memo…', command: 'inspectionLens.addMemo', arguments: [uri, CHILDRENS.range] } },
        { title: 'Set the review status of the selection…', kind: '', command: { title: 'Set review status…', command: 'inspectionLens.setReviewStatus', arguments: [uri, CHILDRENS.range] } },
      ]);

      const fix = (actions as CodeAction[])[0];
      const after = await server.change(uri, 2, editsAsChanges(fix.edit?.changes?.[uri] ?? []));
      assert.equal(after.version, 2);
      assert.deepStrictEqual(
        after.diagnostics.map((d) => quoted(applied(EXAMPLE, 124, 67, 76, "children's"), d)),
        EXAMPLE_DIAGNOSTICS.filter((d) => d !== CHILDRENS),
      );
    });
  });

  describe('semanticTokens/full', function () {
    let tokens: DecodedToken[];
    before(async function () {
      const uri = server.uriOf('tokens/northmoor.txt');
      await server.open(uri, EXAMPLE);
      const answer = await server.request(SemanticTokensRequest.type, { textDocument: { uri } });
      tokens = decodeTokens(answer?.data ?? [], server.initializeResult.capabilities.semanticTokensProvider!.legend);
    });

    it('marks each grade of the judgement table with its level', function () {
      assert.deepStrictEqual(
        tokens.filter((token) => token.type === 'grade').map((token) => ({ ...token, text: textAt(EXAMPLE, token) })),
        [
          { line: 11, character: 0, length: 31, type: 'grade', modifiers: ['requiresImprovement'], text: 'Requires improvement to be good' },
          { line: 16, character: 0, length: 4, type: 'grade', modifiers: ['good'], text: 'Good' },
          { line: 21, character: 0, length: 4, type: 'grade', modifiers: ['good'], text: 'Good' },
          { line: 26, character: 0, length: 10, type: 'grade', modifiers: ['inadequate'], text: 'Inadequate' },
          { line: 30, character: 0, length: 31, type: 'grade', modifiers: ['requiresImprovement'], text: 'Requires improvement to be good' },
        ],
      );
    });

    it('marks the inspection dates as such', function () {
      assert.deepStrictEqual(
        tokens.filter((token) => token.modifiers.includes('inspection')).map((token) => ({ ...token, text: textAt(EXAMPLE, token) })),
        [{ line: 2, character: 18, length: 19, type: 'date', modifiers: ['inspection'], text: '10 to 21 March 2025' }],
      );
    });

    it('encodes tokens in order, each on one line, none overlapping', function () {
      const lines = EXAMPLE.split('\n');
      const problems = tokens.flatMap((token, i) => {
        const previous = tokens[i - 1];
        const found: string[] = [];
        if (previous && (token.line < previous.line || (token.line === previous.line && token.character < previous.character + previous.length))) found.push(`token ${i} overlaps or precedes token ${i - 1}`);
        if (token.length <= 0 || token.character + token.length > (lines[token.line] ?? '').length) found.push(`token ${i} is outside line ${token.line}`);
        return found;
      });
      assert.deepStrictEqual(problems, []);
    });
  });

  describe('didChange', function () {
    it('re-validates and re-outlines after incremental edits, applying several changes in order', async function () {
      const uri = server.uriOf('changes/northmoor.txt');
      await server.open(uri, EXAMPLE, 1);

      // The table now grades care leavers good, while their section's heading still says inadequate.
      const second = await server.change(uri, 2, [{ range: range(26, 0, 26, 10), text: 'Good' }]);
      assert.equal(second.version, 2);
      assert.deepStrictEqual(
        second.diagnostics.map(({ code, range }) => ({ code, range })),
        [
          ...EXAMPLE_DIAGNOSTICS.slice(0, 5).map(({ code, range }) => ({ code, range })),
          // Line 210: "The experiences and progress of care leavers: inadequate".
          { code: 'OFS001', range: range(209, 0, 209, 56) },
          ...EXAMPLE_DIAGNOSTICS.slice(5).map(({ code, range }) => ({ code, range })),
        ],
      );
      assert.deepStrictEqual(outlineSummary(await symbols(server, uri)).judgements, EXAMPLE_JUDGEMENTS.map((j, i) => (i === 3 ? { ...j, detail: 'Good' } : j)));

      // One notification, two changes: a seventh recommendation, then "multiagency" repaired on
      // its line as the first change left it (one line further down).
      const third = await server.change(uri, 3, [
        { range: range(94, 0, 94, 0), text: '◼ The stability of personal advisers for care leavers.\n' },
        { range: range(110, 30, 110, 41), text: 'multi-agency' },
      ]);
      assert.equal(third.version, 3);
      const down = (r: Range): Range => range(r.start.line + 1, r.start.character, r.end.line + 1, r.end.character);
      assert.deepStrictEqual(
        third.diagnostics.map(({ code, range }) => ({ code, range })),
        [
          { code: 'OFS032', range: range(86, 0, 89, 1) },
          { code: 'OFS030', range: down(CHILDRENS.range) },
          { code: 'OFS031', range: range(145, 69, 145, 83) },
          { code: 'OFS032', range: range(183, 0, 186, 1) },
          { code: 'OFS001', range: range(210, 0, 210, 56) },
          { code: 'OFS032', range: range(231, 0, 234, 1) },
          { code: 'OFS032', range: range(276, 0, 279, 1) },
        ],
      );
      assert.deepStrictEqual(outlineSummary(await symbols(server, uri)).recommendations, [
        ...EXAMPLE_RECOMMENDATIONS,
        { name: 'The stability of personal advisers for care leavers.', detail: 'recommendation 7' },
      ]);
    });
  });

  describe('a burst of edits', function () {
    it('publishes, for the last version, the diagnostics of the last text', async function () {
      const uri = server.uriOf('burst/northmoor.txt');
      await server.open(uri, EXAMPLE, 1);
      // Line 33 starts "At the last inspection in 2021": "childrens " goes in, out, in, out and in again,
      // sent without waiting, as fast typing does.
      const insert = { range: range(32, 0, 32, 0), text: 'childrens ' };
      const remove = { range: range(32, 0, 32, 10), text: '' };
      const last = server.diagnostics(uri, 6);
      await Promise.all([insert, remove, insert, remove].map((change, i) => server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: i + 2 }, contentChanges: [change] })));
      const published = await server.change(uri, 6, [insert]);
      assert.equal(published, await last);
      const text = applied(EXAMPLE, 32, 0, 0, 'childrens ');
      assert.deepStrictEqual(published.diagnostics.map((d) => quoted(text, d)), [
        { code: 'OFS030', severity: 4, range: range(32, 0, 32, 9), text: 'childrens' },
        ...EXAMPLE_DIAGNOSTICS,
      ]);
    });
  });

  describe('CRLF line ends', function () {
    for (const file of ['examples/northmoor-2025-inspection.txt', ...sharedReportFiles()]) {
      it(`gives ${file} the same outline and diagnostics with CRLF as with LF`, async function () {
        const text = file.startsWith('examples/') ? readProjectFile(file) : readSharedReport(file);
        assert.ok(!text.includes('\r'), 'the fixture should have LF line ends');
        const lf = server.uriOf(`crlf/lf-${path.basename(file)}`);
        const crlf = server.uriOf(`crlf/crlf-${path.basename(file)}`);
        const [lfDiagnostics, crlfDiagnostics] = await Promise.all([server.open(lf, text), server.open(crlf, text.replace(/\n/g, '\r\n'))]);
        const [lfOutline, crlfOutline] = await Promise.all([symbols(server, lf), symbols(server, crlf)]);
        assert.deepStrictEqual({ outline: crlfOutline, diagnostics: crlfDiagnostics.diagnostics }, { outline: lfOutline, diagnostics: lfDiagnostics.diagnostics });
        server.close(lf);
        server.close(crlf);
      });
    }
  });

  describe('robustness', function () {
    it('answers for an empty document', async function () {
      const uri = server.uriOf('robust/empty.txt');
      const published = await server.open(uri, '');
      assert.deepStrictEqual(published.diagnostics, []);
      assert.deepStrictEqual(await symbols(server, uri), [
        { name: 'Unrecognised report', detail: '', kind: SymbolKind.File, range: range(0, 0, 0, 0), selectionRange: range(0, 0, 0, 0), children: [] },
      ]);
      await assertStillServing(server);
    });

    it('answers for random bytes read as latin1, with ranges inside the document', async function () {
      const text = randomBytes(200_000, 20260118).toString('latin1');
      const uri = server.uriOf('robust/binary.txt');
      const published = await server.open(uri, text);
      const outline = await symbols(server, uri);
      const lines = text.split(/\r\n|\r|\n/);
      const outside = [...published.diagnostics.map((d) => d.range), ...flatten(outline).flatMap((s) => [s.range, s.selectionRange])].filter((r) => !inside(lines, r));
      assert.deepStrictEqual(outside, []);
      assert.ok(Array.isArray(outline));
      await assertStillServing(server);
    });

    it('answers for a 5 MB document on a single line', async function () {
      const sentence = 'Social workers visit children regularly and review their plans with them. ';
      const text = sentence.repeat(Math.ceil((5 * 1024 * 1024) / sentence.length)) + 'childrens';
      const uri = server.uriOf('robust/one-line.txt');
      const published = await server.open(uri, text);
      assert.deepStrictEqual(
        published.diagnostics.map(({ code, range }) => ({ code, range })),
        [{ code: 'OFS030', range: range(0, text.length - 9, 0, text.length) }],
      );
      assert.ok(Array.isArray(await symbols(server, uri)));
      server.close(uri);
      await assertStillServing(server);
    });
  });

  it('leaves a document too large to be a report unread, says so once, and goes on serving', async function () {
    const uri = server.uriOf('robust/too-large.txt');
    const paragraph = 'Social workers visit children regularly and review their plans with them.\n\n';
    const text = paragraph.repeat(Math.ceil((9 * 1024 * 1024) / paragraph.length));
    const published = await server.open(uri, text);
    assert.deepStrictEqual(published.diagnostics, []);
    assert.deepStrictEqual(await symbols(server, uri), []);
    const told = server.messages.filter((message) => message.message.includes('too-large.txt'));
    assert.deepStrictEqual(told.map(({ type, message }) => ({ type, message })), [{ type: 2, message: 'Inspection Lens: too-large.txt is too large to be a report; it is not analysed.' }]);
    server.close(uri);
    await assertStillServing(server);
  });

  describe('inspectionLens/reportSummary', function () {
    it('summarises the example for the status item', async function () {
      const uri = server.uriOf('summary/northmoor.txt');
      await server.open(uri, EXAMPLE);
      assert.deepStrictEqual(await server.request(summaryRequest, { uri }), {
        kind: 'ilacs-standard',
        kindName: 'ILACS standard inspection',
        authority: 'Northmoor',
        overall: { grade: 'requires-improvement', name: 'Requires improvement to be good' },
        problems: EXAMPLE_DIAGNOSTICS.length,
      });
    });

    it('summarises Bromley, counting the problems it publishes', async function () {
      const uri = server.uriOf('summary/bromley.txt');
      const published = await server.open(uri, readSharedReport(BROMLEY));
      assert.deepStrictEqual(await server.request(summaryRequest, { uri }), {
        kind: 'ilacs-short',
        kindName: 'ILACS short inspection',
        authority: 'Bromley',
        overall: { grade: 'outstanding', name: 'Outstanding' },
        problems: published.diagnostics.length,
      });
    });

    it('answers null for a document that is not open', async function () {
      assert.equal(await server.request(summaryRequest, { uri: server.uriOf('summary/not-open.txt') }), null);
    });
  });
});

describe('language server: silencing a diagnostic', function () {
  let server: LspServer;

  // A server of its own: silencing writes the workspace's silenced.json, which every document reads.
  before(async function () {
    server = await startServer();
  });

  after(async function () {
    await server?.stop();
  });

  it('runs "Silence … here", republishes without that instance and writes silenced.json', async function () {
    const uri = server.uriOf('northmoor.txt');
    const before = await server.open(uri, EXAMPLE);
    assert.deepStrictEqual(before.diagnostics.map((d) => quoted(EXAMPLE, d)), EXAMPLE_DIAGNOSTICS);

    const actions = (await server.request(CodeActionRequest.type, { textDocument: { uri }, range: CHILDRENS.range, context: { diagnostics: [] } })) as CodeAction[];
    const silence = actions.find((action) => action.title === 'Silence OFS030 here')?.command as Command;
    assert.deepStrictEqual(silence, { title: 'Silence', command: Commands.silenceInstance, arguments: [uri, 'OFS030', 'childrens', CHILDRENS_PREFIX] });

    const republished = server.nextDiagnostics(uri);
    assert.equal(await server.request(ExecuteCommandRequest.type, { command: silence.command, arguments: silence.arguments }), null);
    const after = await republished;
    assert.equal(after.version, 1);
    assert.deepStrictEqual(after.diagnostics.map((d) => quoted(EXAMPLE, d)), EXAMPLE_DIAGNOSTICS.filter((d) => d !== CHILDRENS));

    const file = path.join(server.folder, '.inspection-lens', 'silenced.json');
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { codes: [], instances: [{ file: 'northmoor.txt', code: 'OFS030', quote: 'childrens', prefix: CHILDRENS_PREFIX }] });
    assert.deepStrictEqual(server.messages, []);
  });
});

describe('language server: how far silencing reaches', function () {
  let server: LspServer;

  // A server of its own, like the one above: silenced.json is shared by every document.
  before(async function () {
    server = await startServer();
  });

  after(async function () {
    await server?.stop();
  });

  /** Runs the code action with this title at the "childrens" diagnostic of `uri`; resolves with both documents' republished diagnostics. */
  async function silence(title: string, uri: string, other: string) {
    const actions = (await server.request(CodeActionRequest.type, { textDocument: { uri }, range: CHILDRENS.range, context: { diagnostics: [] } })) as CodeAction[];
    const command = actions.find((action) => action.title === title)?.command as Command;
    const republished = Promise.all([server.nextDiagnostics(uri), server.nextDiagnostics(other)]);
    await server.request(ExecuteCommandRequest.type, { command: command.command, arguments: command.arguments });
    const [here, there] = await republished;
    return { here: here.diagnostics.map((d) => quoted(EXAMPLE, d)), there: there.diagnostics.map((d) => quoted(EXAMPLE, d)) };
  }

  it('"Silence … here" leaves the same words in another report alone; "in every report" silences both', async function () {
    const here = server.uriOf('northmoor.txt');
    const there = server.uriOf('copy-of-northmoor.txt');
    await Promise.all([server.open(here, EXAMPLE), server.open(there, EXAMPLE)]);

    assert.deepStrictEqual(await silence('Silence OFS030 here', here, there), {
      here: EXAMPLE_DIAGNOSTICS.filter((d) => d !== CHILDRENS),
      there: EXAMPLE_DIAGNOSTICS,
    });
    assert.deepStrictEqual(await silence('Silence OFS030 (lost-apostrophe) in every report', there, here), {
      here: EXAMPLE_DIAGNOSTICS.filter((d) => d !== CHILDRENS),
      there: EXAMPLE_DIAGNOSTICS.filter((d) => d !== CHILDRENS),
    });
  });
});

// ---------------------------------------------------------------------------------------------

function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

/** A diagnostic as the tests compare it: code, severity, range and the text it sits on. */
function quoted(text: string, diagnostic: Diagnostic) {
  return { code: diagnostic.code, severity: diagnostic.severity, range: diagnostic.range, text: textIn(text, diagnostic.range) };
}

function textIn(text: string, r: Range): string {
  const lines = text.split('\n');
  const offset = (line: number, character: number) => lines.slice(0, line).reduce((sum, l) => sum + l.length + 1, 0) + character;
  return text.slice(offset(r.start.line, r.start.character), offset(r.end.line, r.end.character));
}

/** The text with one line's characters from `start` to `end` replaced. */
function applied(text: string, line: number, start: number, end: number, newText: string): string {
  const lines = text.split('\n');
  lines[line] = lines[line].slice(0, start) + newText + lines[line].slice(end);
  return lines.join('\n');
}

async function symbols(server: LspServer, uri: string): Promise<DocumentSymbol[]> {
  return (await server.request(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
}

/** The outline's root, its sections' names, and the judgements' and recommendations' children. */
function outlineSummary(outline: DocumentSymbol[]) {
  const children = outline[0]?.children ?? [];
  const named = (symbol: DocumentSymbol | undefined) => symbol?.children?.map(({ name, detail }) => ({ name, detail })) ?? [];
  return {
    root: outline.map(({ name, detail, kind }) => ({ name, detail, kind })),
    sections: children.map((child) => child.name),
    judgements: named(children.find((child) => child.name === 'Judgements')),
    recommendations: named(children.find((child) => /^(?:What needs to improve|Recommendations)/.test(child.name))),
  };
}

function flatten(outline: DocumentSymbol[]): DocumentSymbol[] {
  return outline.flatMap((symbol) => [symbol, ...flatten(symbol.children ?? [])]);
}

function inside(lines: string[], r: Range): boolean {
  const ok = (p: Range['start']) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  return ok(r.start) && ok(r.end);
}

interface DecodedToken {
  line: number;
  character: number;
  length: number;
  type: string;
  modifiers: string[];
}

/** LSP's relative integer encoding back to absolute tokens with named types and modifiers. */
function decodeTokens(data: number[], legend: SemanticTokensLegend): DecodedToken[] {
  const tokens: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, bits] = data.slice(i, i + 5);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    const modifiers = legend.tokenModifiers.filter((_, bit) => bits & (1 << bit));
    tokens.push({ line, character, length, type: legend.tokenTypes[type], modifiers });
  }
  return tokens;
}

function textAt(text: string, token: DecodedToken): string {
  return text.split('\n')[token.line].slice(token.character, token.character + token.length);
}

/** Deterministic bytes (a linear congruential generator), so that a failure can be replayed. */
function randomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** After an odd document, the server still answers a normal request on the example. */
async function assertStillServing(server: LspServer): Promise<void> {
  assert.ok(server.isAlive(), 'the server process died');
  const uri = server.uriOf('robust/northmoor-after.txt');
  await server.open(uri, EXAMPLE);
  assert.deepStrictEqual(outlineSummary(await symbols(server, uri)).root, [{ name: 'Northmoor: ILACS standard inspection', detail: '10 March 2025 to 21 March 2025', kind: SymbolKind.File }]);
  server.close(uri);
}
