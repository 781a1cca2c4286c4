import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot, sharedRoot } from '../helpers/shared';

/** Runs the real command line, as `npx inspection-lens` does. */
function run(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'inspection-lens.js'), ...args], { cwd: projectRoot, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const EXAMPLE = 'examples/northmoor-2025-inspection.txt';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'inspection-lens-cli-'));

function scratchFile(name: string, content: string | Buffer): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('inspection-lens analyze', () => {
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('prints one JSON document whose report holds what the example states', () => {
    const { code, stdout, stderr } = run('analyze', '--json', EXAMPLE);
    assert.equal(code, 0, stderr);
    const json = JSON.parse(stdout);
    assert.deepEqual(Object.keys(json), ['reports']);
    const [report] = json.reports;
    assert.deepEqual(
      { file: report.file, kind: report.kind, authority: report.authority, inspection: report.inspection, published: report.published, leadInspector: report.leadInspector },
      { file: EXAMPLE, kind: 'ilacs-standard', authority: 'Northmoor', inspection: { start: '2025-03-10', end: '2025-03-21' }, published: null, leadInspector: 'Helena Marchbank' },
    );
    assert.deepEqual(report.judgements[0], {
      subject: 'impact-of-leaders',
      grade: 'requires-improvement',
      label: 'The impact of leaders on social work practice with children and families',
      range: { start: { line: 8, character: 0 }, end: { line: 11, character: 31 } },
    });
    assert.deepEqual(Object.keys(report), ['file', 'kind', 'authority', 'inspection', 'published', 'leadInspector', 'judgements', 'recommendations', 'findings', 'dates', 'diagnostics']);
    assert.deepEqual(report.dates.find((date: { kind: string }) => date.kind === 'inspection'), {
      text: '10 to 21 March 2025',
      value: '2025-03-10/2025-03-21',
      kind: 'inspection',
      range: { start: { line: 2, character: 18 }, end: { line: 2, character: 37 } },
    });
  });

  it('prints a short outline without --json', () => {
    const { code, stdout } = run('analyze', EXAMPLE);
    assert.equal(code, 0);
    const lines = stdout.split('\n');
    assert.deepEqual(lines.slice(0, 8), [
      EXAMPLE,
      '  Kind:            ILACS standard inspection',
      '  Authority:       Northmoor',
      '  Inspection:      10 March 2025 to 21 March 2025',
      '  Published:       not stated',
      '  Lead inspector:  Helena Marchbank',
      '  Judgements:',
      '    The impact of leaders on social work practice with children and families: Requires improvement to be good',
    ]);
    assert.ok(lines.includes('  Recommendations: 6'));
  });

  it('gives a one-line message and exit 1 for each unreadable file, and still analyses the rest', () => {
    const files = {
      missing: path.join(scratch, 'no-such-report.txt'),
      folder: scratch,
      binary: scratchFile('image.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])),
      pdf: path.join(sharedRoot, 'pdf', 'bedford-07-april-2017.pdf'),
      empty: scratchFile('empty.txt', ''),
      prose: scratchFile('prose.txt', 'It was a bright cold day in April, and the clocks were striking thirteen.\n'),
    };
    const { code, stdout, stderr } = run('analyze', '--json', files.missing, files.folder, files.binary, EXAMPLE, files.pdf, files.empty, files.prose);
    assert.equal(code, 1);
    assert.deepEqual(stderr.trim().split('\n'), [
      `inspection-lens: ${files.missing}: no such file`,
      `inspection-lens: ${files.folder}: is a folder, not a report file`,
      `inspection-lens: ${files.binary}: is a binary file, not a report`,
      `inspection-lens: ${files.pdf}: is a PDF; convert it to text first (for example with pdftotext)`,
      `inspection-lens: ${files.empty}: is empty`,
      `inspection-lens: ${files.prose}: does not look like an Ofsted inspection report`,
    ]);
    const json = JSON.parse(stdout);
    assert.deepEqual(json.reports.map((report: { file: string }) => report.file), [EXAMPLE]);
    assert.equal(json.errors.length, 6);
    assert.ok(!/\bat \w+ \(/.test(stderr), 'no stack trace');
  });

  it('reads a file that is not UTF-8 as Windows-1252, with a warning', () => {
    const text = fs.readFileSync(path.join(projectRoot, EXAMPLE), 'utf8').replace(/[’‘]/g, "'").replace(/[◼–]/g, '-');
    const file = scratchFile('latin1.txt', Buffer.from(text.replace('Northmoor local authority', 'Northmoor local authority'), 'latin1'));
    const withPound = Buffer.concat([fs.readFileSync(file), Buffer.from([0xa3, 0x0a])]);
    fs.writeFileSync(file, withPound);
    const { code, stdout, stderr } = run('analyze', '--json', file);
    assert.equal(code, 0);
    assert.equal(stderr.trim(), `inspection-lens: ${file}: is not valid UTF-8; read as Windows-1252`);
    assert.equal(JSON.parse(stdout).reports[0].authority, 'Northmoor');
  });

  it('gives CRLF files the same extraction as LF files', () => {
    const text = fs.readFileSync(path.join(projectRoot, EXAMPLE), 'utf8');
    const crlf = scratchFile('crlf.txt', text.replace(/\n/g, '\r\n'));
    const lf = JSON.parse(run('analyze', '--json', EXAMPLE).stdout).reports[0];
    const fromCrlf = JSON.parse(run('analyze', '--json', crlf).stdout).reports[0];
    assert.deepEqual({ ...fromCrlf, file: EXAMPLE }, lf);
  });

  it('rejects usage errors with exit 2', () => {
    assert.equal(run('analyze').code, 2);
    assert.equal(run('analyze', '--yaml', EXAMPLE).code, 2);
    assert.equal(run('frobnicate').code, 2);
    assert.equal(run('lsp').code, 2);
  });
});
