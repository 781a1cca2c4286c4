import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addMemo, addTheme, newAnnotation, parseReport, setStatus, writeAnnotationFile } from '../../server/out/service/index';
import { projectRoot, readProjectFile } from '../helpers/shared';

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'inspection-lens.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const EXAMPLE = readProjectFile('examples/northmoor-2025-inspection.txt');
const REPORT = parseReport(EXAMPLE);
/** Read from the example: "Too many pathway plans are out of date…" (paragraph 17, care leavers). */
const PATHWAY = REPORT.findings.find((finding) => finding.text.startsWith('Too many pathway plans'))!;
let clock = 0;
const context = { creator: 'Jo Coder', now: () => `2026-11-25T10:0${clock++ % 10}:00.000Z`, newId: () => `urn:uuid:00000000-0000-4000-8000-00000000000${clock++ % 10}` };

describe('the command line and annotations', () => {
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'inspection-lens-cli-annotations-'));
    fs.mkdirSync(path.join(folder, 'reports'));
    fs.writeFileSync(path.join(folder, 'reports', 'northmoor.txt'), EXAMPLE);
    let tagged = newAnnotation(EXAMPLE, PATHWAY.span, 'reports/northmoor.txt', 'sha256:x', context);
    tagged = addTheme(tagged, 'care-leavers', context);
    tagged = addMemo(tagged, 'Same as 2021, "pathway plans".', context);
    tagged = setStatus(tagged, 'agreed', undefined, context);
    // A passage from an earlier version of the report, no longer in it.
    const earlier = 'Personal advisers visit young people every eight weeks, as the council expects.';
    let lost = newAnnotation(`${earlier}\n${EXAMPLE}`, { start: 0, end: earlier.length }, 'reports/northmoor.txt', 'sha256:y', context);
    lost = addTheme(lost, 'workforce', context);
    const file = path.join(folder, '.inspection-lens', 'annotations', 'reports', 'northmoor.txt.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, writeAnnotationFile('reports/northmoor.txt', [tagged, lost]));
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('analyze --json gives each annotation with its current range, and the lost one as OFS050', () => {
    const { code, stdout, stderr } = run(folder, 'analyze', '--json', 'reports/northmoor.txt');
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const [report] = JSON.parse(stdout).reports;
    assert.deepEqual(
      report.annotations.map((a: { range: unknown; how: string; themes: Array<{ id: string }>; memos: Array<{ text: string }>; status: { value: string } | null }) => [a.range, a.how, a.themes.map((t) => t.id), a.memos.map((m) => m.text), a.status?.value ?? null]),
      // In the file's order: by the place each had when tagged (the lost one was at the top).
      [
        [null, 'orphaned', ['workforce'], [], null],
        [REPORT.source.rangeOf(PATHWAY.span), 'position', ['care-leavers'], ['Same as 2021, "pathway plans".'], 'agreed'],
      ],
    );
    const orphaned = report.diagnostics.filter((d: { code: string }) => d.code === 'OFS050');
    assert.deepEqual(orphaned.map((d: { slug: string; severity: string; range: { start: { line: number } } }) => [d.slug, d.severity, d.range.start.line]), [['annotation-orphaned', 'warning', 0]]);
  });

  it('analyze without --json counts the annotations', () => {
    const { stdout } = run(folder, 'analyze', 'reports/northmoor.txt');
    assert.match(stdout, /\n {2}Annotations: {5}2 \(1 can no longer be found: OFS050\)\n/);
  });

  it('export --csv writes a row per tagged theme, the lost passage kept', () => {
    const { code, stdout, stderr } = run(folder, 'export', '--csv', 'reports/northmoor.txt');
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const rows = stdout.trimEnd().split('\r\n');
    assert.equal(rows[0], 'report,authority,inspection date,section,theme,theme id,quote,memo,status,coder');
    assert.equal(rows.length, 3);
    assert.match(rows[1], /^reports\/northmoor\.txt,Northmoor,2025-03-10\/2025-03-21,The experiences and progress of care leavers: inadequate,Care leavers and pathway plans,care-leavers,"17\. Too many pathway plans are out of date\./);
    assert.match(rows[1], /,"Same as 2021, ""pathway plans""\.",agreed,Jo Coder$/);
    assert.match(rows[2], /^reports\/northmoor\.txt,Northmoor,2025-03-10\/2025-03-21,\(not found in the current text\),Workforce and caseloads,workforce,Personal advisers visit young people every eight weeks, as the council expects\.|,"Personal advisers/);
  });

  it('a corrupt annotation file stops the export of that report with a message, and is left as it was', () => {
    const file = path.join(folder, '.inspection-lens', 'annotations', 'reports', 'northmoor.txt.json');
    const before = fs.readFileSync(file);
    fs.writeFileSync(file, '<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> theirs\n');
    try {
      const { code, stderr } = run(folder, 'export', '--csv', 'reports/northmoor.txt');
      assert.equal(code, 1);
      assert.match(stderr, /annotation file .* cannot be read: it is not valid JSON/);
      assert.equal(fs.readFileSync(file, 'utf8'), '<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> theirs\n');
    } finally {
      fs.writeFileSync(file, before);
    }
  });
});
