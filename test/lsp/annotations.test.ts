import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  DidSaveTextDocumentNotification,
  DocumentSymbolRequest,
  type DocumentSymbol,
  ExecuteCommandRequest,
  FileChangeType,
  HoverRequest,
  RequestType,
} from 'vscode-languageserver-protocol/node';
import type { AnnotateRequest, AnnotationsRequest, CreateThemeRequest, ExportRequest, TagTargetRequest, ThemeTreeRequest, ThemesRequest } from '../../server/out/protocol';
import { parseReport, readAnnotationFile } from '../../server/out/service/index';
import { type LspServer, startServer } from '../helpers/lspClient';
import { readProjectFile } from '../helpers/shared';

const Annotations = new RequestType<AnnotationsRequest.Params, AnnotationsRequest.Result, void>('inspectionLens/annotations');
const Annotate = new RequestType<AnnotateRequest.Params, AnnotateRequest.Result, void>('inspectionLens/annotate');
const TagTarget = new RequestType<TagTargetRequest.Params, TagTargetRequest.Result, void>('inspectionLens/tagTarget');
const Themes = new RequestType<undefined, ThemesRequest.Result, void>('inspectionLens/themes');
const CreateTheme = new RequestType<CreateThemeRequest.Params, CreateThemeRequest.Result, void>('inspectionLens/createTheme');
const ThemeTree = new RequestType<ThemeTreeRequest.Params, ThemeTreeRequest.Result, void>('inspectionLens/themeTree');
const Export = new RequestType<ExportRequest.Params, ExportRequest.Result, void>('inspectionLens/export');

const EXAMPLE = readProjectFile('examples/northmoor-2025-inspection.txt');
const REPORT = parseReport(EXAMPLE);
/** "Too many pathway plans are out of date…", read from the example's section on care leavers. */
const PATHWAY_PLANS = REPORT.findings.find((finding) => finding.text.startsWith('Too many pathway plans are out of date.'))!;
/** What tagging the finding tags: the finding without its paragraph number ("17. "). */
const TAGGED_SPAN = { start: PATHWAY_PLANS.span.start + '17. '.length, end: PATHWAY_PLANS.span.end };
const pathwayRange = REPORT.source.rangeOf(TAGGED_SPAN);
const sha256 = (text: string) => `sha256:${crypto.createHash('sha256').update(text).digest('hex')}`;

describe('annotations over the protocol', function () {
  let server: LspServer;
  let uri: string;
  let annotationFile: string;
  let version = 1;

  before(async function () {
    server = await startServer({ files: { 'reports/northmoor.txt': EXAMPLE } });
    uri = server.uriOf('reports/northmoor.txt');
    annotationFile = path.join(server.folder, '.inspection-lens', 'annotations', 'reports', 'northmoor.txt.json');
    await server.open(uri, EXAMPLE, version);
  });

  after(async function () {
    await server?.stop();
    if (server) fs.rmSync(server.folder, { recursive: true, force: true });
  });

  it('takes the finding at the cursor as the passage to tag', async function () {
    const inside = { line: pathwayRange.start.line + 1, character: 10 };
    const target = await server.request(TagTarget, { uri, range: { start: inside, end: inside } });
    assert.deepEqual(target, { range: pathwayRange, text: EXAMPLE.slice(TAGGED_SPAN.start, TAGGED_SPAN.end), themes: [], status: null });
  });

  it('tags, adds a memo and sets a disputed status, stored as W3C annotations beside the report', async function () {
    const tagged = await server.request(Annotate, { uri, range: pathwayRange, action: { kind: 'addTheme', theme: 'quality-assurance' }, creator: 'Jo Coder' });
    assert.ok(!('error' in tagged), JSON.stringify(tagged));
    await server.request(Annotate, { uri, range: pathwayRange, action: { kind: 'addMemo', memo: 'Check the audit figures for 2024.' }, creator: 'Jo Coder' });
    const last = await server.request(Annotate, { uri, range: pathwayRange, action: { kind: 'setStatus', status: 'disputed', reason: 'reads as planning, not QA' }, creator: 'Sam Reviewer' });
    assert.ok(!('error' in last));
    assert.equal(last.annotations.length, 1);
    const [view] = last.annotations;
    assert.deepEqual(
      { range: view.range, how: view.how, themes: view.themes.map((t) => [t.id, t.label, t.creator]), memos: view.memos.map((m) => [m.text, m.creator]), status: view.status && [view.status.value, view.status.reason, view.status.creator], creator: view.creator },
      {
        range: pathwayRange,
        how: 'position',
        themes: [['quality-assurance', 'Quality assurance and performance information', 'Jo Coder']],
        memos: [['Check the audit figures for 2024.', 'Jo Coder']],
        status: ['disputed', 'reads as planning, not QA', 'Sam Reviewer'],
        creator: 'Jo Coder',
      },
    );

    const stored = readAnnotationFile(fs.readFileSync(annotationFile, 'utf8'));
    assert.ok(!('corrupt' in stored));
    assert.equal(stored.annotations.length, 1);
    const [annotation] = stored.annotations;
    assert.deepEqual(annotation.target, {
      source: 'reports/northmoor.txt',
      contentHash: sha256(EXAMPLE),
      selector: [
        {
          type: 'TextQuoteSelector',
          exact: EXAMPLE.slice(TAGGED_SPAN.start, TAGGED_SPAN.end),
          prefix: EXAMPLE.slice(TAGGED_SPAN.start - 32, TAGGED_SPAN.start),
          suffix: EXAMPLE.slice(TAGGED_SPAN.end, TAGGED_SPAN.end + 32),
        },
        { type: 'TextPositionSelector', start: TAGGED_SPAN.start, end: TAGGED_SPAN.end },
      ],
    });
    assert.deepEqual(
      annotation.body.map((body) => [body.purpose, body.value, body.creator.name]),
      [
        ['tagging', 'quality-assurance', 'Jo Coder'],
        ['commenting', 'Check the audit figures for 2024.', 'Jo Coder'],
        ['assessing', 'disputed', 'Sam Reviewer'],
      ],
    );
  });

  it('shows the tags, memo, status, who and when in the hover and the outline', async function () {
    const answer = await server.request(HoverRequest.type, { textDocument: { uri }, position: { line: pathwayRange.start.line + 1, character: 4 } });
    const value = (answer?.contents as { value: string }).value;
    assert.match(value, /\*\*Tagged:\*\* Quality assurance and performance information/);
    assert.match(value, /\*\*Review status:\*\* disputed \(reads as planning, not QA\) — Sam Reviewer, \d+ \w+ \d{4}, \d\d:\d\d/);
    assert.match(value, /\*\*Memo\*\* \(Jo Coder, \d+ \w+ \d{4}, \d\d:\d\d\): Check the audit figures for 2024\\\./);
    assert.match(value, /_Annotated by Jo Coder on \d+ \w+ \d{4}/);

    const symbols = (await server.request(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    const group = symbols[0].children!.find((child) => child.name === 'Tagged passages');
    assert.ok(group);
    assert.deepEqual(
      group.children!.map((child) => [child.name, child.detail, child.range]),
      [['Quality assurance and performance information', 'disputed, 1 memo', pathwayRange]],
    );
  });

  it('counts the tag in the theme tree under its theme, marked as tagged', async function () {
    const roots = await server.request(ThemeTree, { grouping: 'theme', path: [] });
    const qa = roots.find((node) => node.path[0] === 'quality-assurance')!;
    const reports = await server.request(ThemeTree, { grouping: 'theme', path: qa.path });
    const findings = await server.request(ThemeTree, { grouping: 'theme', path: [...qa.path, uri] });
    const tagged = findings.filter((node) => node.coded);
    assert.equal(reports.length, 1);
    assert.deepEqual(
      tagged.map((node) => [node.location, node.coded, node.description]),
      // The tree's finding is the whole finding, paragraph number and all.
      [[{ uri, range: REPORT.source.rangeOf(PATHWAY_PLANS.span) }, { themes: ['quality-assurance'], memos: 1, status: 'disputed' }, 'The experiences and progress of care leavers: inadequate · tagged · disputed']],
    );
  });

  it('follows the tagged text when lines are added above it, and writes the new place on save', async function () {
    const insertion = 'A reviewer’s note added at the top.\n\n';
    const diagnostics = await server.change(uri, ++version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: insertion }]);
    assert.deepEqual(diagnostics.diagnostics.filter((d) => String(d.code).startsWith('OFS05')), []);
    const moved = { start: { line: pathwayRange.start.line + 2, character: pathwayRange.start.character }, end: { line: pathwayRange.end.line + 2, character: pathwayRange.end.character } };
    const listed = await server.request(Annotations, { uri });
    assert.deepEqual(listed.annotations.map((a) => [a.range, a.how]), [[moved, 'quote']]);

    const edited = insertion + EXAMPLE;
    fs.writeFileSync(path.join(server.folder, 'reports/northmoor.txt'), edited);
    const changed = server.notification('inspectionLens/annotationsChanged');
    await server.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
    await changed;
    const stored = readAnnotationFile(fs.readFileSync(annotationFile, 'utf8'));
    assert.ok(!('corrupt' in stored));
    assert.deepEqual(stored.annotations[0].target.selector[1], { type: 'TextPositionSelector', start: TAGGED_SPAN.start + insertion.length, end: TAGGED_SPAN.end + insertion.length });
    assert.equal(stored.annotations[0].target.contentHash, sha256(edited));
    assert.deepEqual(stored.annotations[0].body.length, 3);
  });

  it('keeps and reports a tagged passage whose text is deleted, and discards it only when asked', async function () {
    const listed = await server.request(Annotations, { uri });
    const range = listed.annotations[0].range!;
    const diagnostics = await server.change(uri, ++version, [{ range, text: '' }]);
    const orphaned = diagnostics.diagnostics.filter((d) => d.code === 'OFS050');
    assert.equal(orphaned.length, 1);
    assert.match(orphaned[0].message, /^A tagged passage can no longer be found in the report: "Too many pathway plans are out of date\. Plans are not routinely reviewed when/);
    assert.equal(orphaned[0].range.start.line, range.start.line, JSON.stringify({ orphan: orphaned[0].range, range }));
    const kept = readAnnotationFile(fs.readFileSync(annotationFile, 'utf8'));
    assert.equal('annotations' in kept && kept.annotations.length, 1, 'the orphan is still in the file');

    const actions = await server.request(CodeActionRequest.type, { textDocument: { uri }, range: orphaned[0].range, context: { diagnostics: orphaned } });
    const titles = actions!.map((action) => action.title);
    assert.ok(titles.includes('Discard the tagged passage (its tags, memos and status)'), titles.join('\n'));
    const discard = actions!.find((action) => action.title.startsWith('Discard'))!;
    const command = 'command' in discard && discard.command ? discard.command : (discard as { command: { command: string; arguments: unknown[] } });
    const next = server.nextDiagnostics(uri);
    await server.request(ExecuteCommandRequest.type, { command: (command as { command: string }).command, arguments: (command as { arguments: unknown[] }).arguments });
    assert.deepEqual((await next).diagnostics.filter((d) => d.code === 'OFS050'), []);
    const stored = readAnnotationFile(fs.readFileSync(annotationFile, 'utf8'));
    assert.ok(!('corrupt' in stored));
    assert.deepEqual(stored.annotations, []);
  });

  it('creates a new theme in the workspace codebook and tags a selection with it', async function () {
    const created = await server.request(CreateTheme, { label: 'Sibling groups' });
    assert.deepEqual(created, { id: 'sibling-groups' });
    const codebook = JSON.parse(fs.readFileSync(path.join(server.folder, '.inspection-lens', 'codebook.json'), 'utf8'));
    assert.deepEqual(codebook, { themes: [{ id: 'sibling-groups', label: 'Sibling groups', description: 'Added while tagging.', include: [] }] });
    assert.deepEqual(server.messages.filter((m) => /codebook/.test(m.message)), [], 'no warning about the new theme');
    const themes = await server.request(Themes, undefined);
    assert.ok(themes.some((theme) => theme.id === 'sibling-groups' && theme.label === 'Sibling groups'));
  });

  it('merges a change another window made to the annotation file instead of overwriting it', async function () {
    server.close(uri);
    await server.open(uri, EXAMPLE, ++version);
    assert.deepEqual((await server.request(Annotations, { uri })).annotations, []);
    const text = EXAMPLE;
    const other = REPORT.findings[0];
    // Another window tags the first finding and writes the file itself.
    const theirs = {
      '@context': ['http://www.w3.org/ns/anno.jsonld'],
      type: 'AnnotationCollection',
      first: {
        type: 'AnnotationPage',
        items: [
          {
            id: 'urn:uuid:11111111-1111-4111-8111-111111111111',
            type: 'Annotation',
            creator: { type: 'Person', name: 'Other Window' },
            created: '2026-11-25T10:00:00.000Z',
            modified: '2026-11-25T10:00:00.000Z',
            body: [{ id: 'urn:uuid:22222222-2222-4222-8222-222222222222', type: 'TextualBody', purpose: 'tagging', value: 'early-help', creator: { type: 'Person', name: 'Other Window' }, created: '2026-11-25T10:00:00.000Z', modified: '2026-11-25T10:00:00.000Z' }],
            target: { source: 'reports/northmoor.txt', contentHash: sha256(text), selector: [{ type: 'TextQuoteSelector', exact: text.slice(other.span.start, other.span.end), prefix: '', suffix: '' }, { type: 'TextPositionSelector', start: other.span.start, end: other.span.end }] },
          },
        ],
      },
    };
    fs.writeFileSync(annotationFile, JSON.stringify(theirs, null, 2));
    const changed = server.notification('inspectionLens/annotationsChanged');
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: `file://${annotationFile}`, type: FileChangeType.Changed }] });
    await changed;
    const listed = await server.request(Annotations, { uri });
    assert.deepEqual(listed.annotations.map((a) => [a.creator, a.themes.map((t) => t.id)]), [['Other Window', ['early-help']]]);

    // This window tags a selection with the new theme: the other window's tag survives.
    const sibling = EXAMPLE.indexOf('council’s own foster carers');
    assert.ok(sibling > 0);
    const start = REPORT.source.positionAt(sibling);
    const end = REPORT.source.positionAt(sibling + 'council’s own foster carers'.length);
    const result = await server.request(Annotate, { uri, range: { start, end }, action: { kind: 'addTheme', theme: 'sibling-groups' }, creator: 'Jo Coder' });
    assert.ok(!('error' in result));
    const stored = readAnnotationFile(fs.readFileSync(annotationFile, 'utf8'));
    assert.ok(!('corrupt' in stored));
    assert.deepEqual(stored.annotations.map((a) => [a.creator.name, a.body.map((b) => b.value)]).sort(), [['Jo Coder', ['sibling-groups']], ['Other Window', ['early-help']]]);
  });

  it('reports a corrupt annotation file, never overwrites it, and sets it aside untouched when a new tag is saved', async function () {
    const other = server.uriOf('reports/copy.txt');
    fs.writeFileSync(path.join(server.folder, 'reports/copy.txt'), EXAMPLE);
    const corruptFile = path.join(server.folder, '.inspection-lens', 'annotations', 'reports', 'copy.txt.json');
    const conflicted = '<<<<<<< HEAD\n{ "type": "AnnotationCollection" }\n=======\n{}\n>>>>>>> origin/main\n';
    fs.writeFileSync(corruptFile, conflicted);
    const opened = await server.open(other, EXAMPLE, 1);
    const unreadable = opened.diagnostics.filter((d) => d.code === 'OFS051');
    assert.equal(unreadable.length, 1);
    assert.match(unreadable[0].message, /^The annotation file .*copy\.txt\.json cannot be read: it is not valid JSON/);
    assert.equal(fs.readFileSync(corruptFile, 'utf8'), conflicted, 'reading leaves it as it was');

    const result = await server.request(Annotate, { uri: other, range: pathwayRange, action: { kind: 'addTheme', theme: 'care-leavers' }, creator: 'Jo Coder' });
    assert.ok(!('error' in result) && result.setAside, JSON.stringify(result));
    assert.equal(fs.readFileSync(result.setAside, 'utf8'), conflicted, 'set aside byte for byte');
    assert.match(path.basename(result.setAside), /^copy\.txt\.json\.corrupt-.+\.json$/);
    const fresh = readAnnotationFile(fs.readFileSync(corruptFile, 'utf8'));
    assert.ok(!('corrupt' in fresh));
    assert.deepEqual(fresh.annotations.map((a) => a.body.map((b) => b.value)), [['care-leavers']]);
  });

  it('re-attaches a passage that was rewritten past recognition to its closest match, when asked', async function () {
    const third = server.uriOf('reports/rewritten.txt');
    fs.writeFileSync(path.join(server.folder, 'reports/rewritten.txt'), EXAMPLE);
    await server.open(third, EXAMPLE, 1);
    const tagged = await server.request(Annotate, { uri: third, range: pathwayRange, action: { kind: 'addTheme', theme: 'care-leavers' }, creator: 'Jo Coder' });
    assert.ok(!('error' in tagged));
    // The reviewer rewrites the first half of the paragraph: too much for it to be followed by itself.
    const old = EXAMPLE.slice(TAGGED_SPAN.start, TAGGED_SPAN.end);
    const half = Math.floor(old.length / 2);
    const rewritten = 'Pathway plans are often stale, and they are seldom revisited when a young person moves home or changes course.' + old.slice(half);
    const diagnostics = await server.change(third, 2, [{ range: pathwayRange, text: rewritten }]);
    const orphaned = diagnostics.diagnostics.filter((d) => d.code === 'OFS050');
    assert.equal(orphaned.length, 1, JSON.stringify(diagnostics.diagnostics.map((d) => d.code)));
    const actions = await server.request(CodeActionRequest.type, { textDocument: { uri: third }, range: orphaned[0].range, context: { diagnostics: orphaned } });
    const reattach = actions!.find((action) => action.title.startsWith('Re-attach the tagged passage to the closest match'));
    assert.ok(reattach && 'command' in reattach && reattach.command, actions!.map((a) => a.title).join('\n'));
    const command = reattach.command as { command: string; arguments: unknown[] };
    const next = server.nextDiagnostics(third);
    await server.request(ExecuteCommandRequest.type, { command: command.command, arguments: command.arguments });
    assert.deepEqual((await next).diagnostics.filter((d) => d.code === 'OFS050'), []);
    const [view] = (await server.request(Annotations, { uri: third })).annotations;
    const start = command.arguments[2] as number;
    const end = command.arguments[3] as number;
    const edited = EXAMPLE.slice(0, TAGGED_SPAN.start) + rewritten + EXAMPLE.slice(TAGGED_SPAN.end);
    assert.equal(view.how, 'position');
    assert.deepEqual(view.themes.map((t) => t.id), ['care-leavers']);
    assert.equal(edited.slice(start, end), view.quote);
    // An approximate match's edges are approximate: within a few characters of the rewritten paragraph's.
    const paragraph = { start: TAGGED_SPAN.start, end: TAGGED_SPAN.start + rewritten.length };
    assert.ok(Math.abs(start - paragraph.start) <= 12 && Math.abs(end - paragraph.end) <= 12, `re-attached to ${start}–${end}, the paragraph is ${paragraph.start}–${paragraph.end}`);
  });
});

describe('annotations in a workspace of several folders', function () {
  let server: LspServer;

  before(async function () {
    server = await startServer({ files: { 'ours/northmoor.txt': EXAMPLE, 'theirs/northmoor.txt': EXAMPLE }, workspaceFolders: ['ours', 'theirs'] });
  });

  after(async function () {
    await server?.stop();
    if (server) fs.rmSync(server.folder, { recursive: true, force: true });
  });

  it("keeps each report's annotations in its own folder's .inspection-lens, and exports them under the folder's name", async function () {
    const uri = server.uriOf('theirs/northmoor.txt');
    await server.open(uri, EXAMPLE, 1);
    const tagged = await server.request(Annotate, { uri, range: pathwayRange, action: { kind: 'addTheme', theme: 'care-leavers' }, creator: 'Jo Coder' });
    assert.ok(!('error' in tagged), JSON.stringify(tagged));

    const stored = readAnnotationFile(fs.readFileSync(path.join(server.folder, 'theirs', '.inspection-lens', 'annotations', 'northmoor.txt.json'), 'utf8'));
    assert.ok(!('corrupt' in stored));
    assert.deepEqual(
      stored.annotations.map((annotation) => [annotation.target.source, annotation.body.map((body) => body.value)]),
      [['northmoor.txt', ['care-leavers']]],
    );
    assert.equal(fs.existsSync(path.join(server.folder, 'ours', '.inspection-lens')), false, 'nothing written in the other folder');

    const exported = await server.request(Export, { format: 'csv' });
    assert.ok('text' in exported, JSON.stringify(exported));
    const rows = exported.text.replace(/^\ufeff/, '').trimEnd().split('\r\n');
    assert.deepEqual(
      rows.slice(1).map((row) => row.split(',').slice(0, 2)),
      [['theirs/northmoor.txt', 'Northmoor']],
    );
  });
});
