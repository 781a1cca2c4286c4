import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type AnnotationLoader, exportReports, parseExportArgs } from '../../server/out/cli/export';
import { addTheme, newAnnotation } from '../../server/out/service/annotations';
import { projectRoot, readSharedReport, sharedRoot } from '../helpers/shared';

/** Runs the real command line, as `npx inspection-lens` does. */
function run(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'inspection-lens.js'), ...args], { cwd: projectRoot, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Relative to the project root, where the command runs, so that the output names it the same everywhere.
const BROMLEY = '../shared/reports/ilacs/bromley-12-january-2024.txt';
const HAVERING = '../shared/reports/havering-2021-05-focused-visit.txt';
const HEADER = 'report,authority,inspection date,section,theme,theme id,quote,memo,status,coder\r\n';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'inspection-lens-export-'));

describe('inspection-lens export', () => {
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('prints an action plan from the recommendation of a real report and the findings that support it', () => {
    const { code, stdout, stderr } = run('export', '--action-plan', BROMLEY);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    // Bromley's one recommendation (line 50); the findings of paragraphs 8 (line 132) and 44 (line 411).
    assert.equal(
      stdout,
      `# Action plan: Bromley, ILACS short inspection, 13 November 2023 to 17 November 2023

Report: ${BROMLEY}.

The report's recommendation, with the findings that support it and the quality assurers' coding of those findings. Fill in the actions, who owns them and by when.

## Recommendation 1

The continued strengthening of practice for children experiencing increasing risks that may lead to the pre-proceedings stage of the public law outline.

### Supporting findings

1. The experiences and progress of children who need help and protection: outstanding, line 132:

   > Targeted early intervention and edge-of-care work are successfully diverting children from the need for care, pre-proceedings and court proceedings, helping children to remain with their families. Decisions to escalate children’s cases to pre-proceedings when their experiences are not improving are appropriate. However, the language in letters before proceedings is not easy enough for all parents they are written for to understand the concerns. For a small number of children, assessments are completed at child-in-need and child protection stages but are repeated through pre-proceedings. This slows intervention and makes it more difficult to divert these children from proceedings.

2. The experiences and progress of care leavers: outstanding, line 411:

   > YPAs provide effective support for vulnerable care leavers who are at risk of exploitation. They know young people well, maintain up-to-date case summaries that outline risks and put support in place to increase their safety. The MEGA panel also reviews young people up to the age of 25, bringing together multi-agency partners to explore and analyse risks and vulnerabilities associated with contextual safeguarding.

### Actions

| Action | Owner | By when | Progress |
| --- | --- | --- | --- |
|  |  |  |  |
`,
    );
  });

  it('prints the CSV header alone for reports with no annotations, and writes the same to --out, with a byte order mark for Excel', () => {
    const printed = run('export', '--csv', HAVERING, BROMLEY);
    assert.deepEqual(printed, { code: 0, stdout: HEADER, stderr: '' });
    const out = path.join(scratch, 'coded', 'findings.csv');
    const written = run('export', '--csv', '--out', out, path.join(sharedRoot, 'reports'));
    assert.deepEqual(written, { code: 0, stdout: '', stderr: '' });
    assert.equal(fs.readFileSync(out, 'utf8'), '\ufeff' + HEADER);
  });

  it('gives a one-line message and exit 1 for a missing or unreadable report, and still exports the rest', () => {
    const missing = path.join(scratch, 'no-such-report.txt');
    const prose = path.join(scratch, 'prose.txt');
    fs.writeFileSync(prose, 'It was a bright cold day in April, and the clocks were striking thirteen.\n');
    assert.deepEqual(run('export', '--action-plan', missing), { code: 1, stdout: '', stderr: `inspection-lens: ${missing}: no such file\n` });
    assert.deepEqual(run('export', '--action-plan', prose), { code: 1, stdout: '', stderr: `inspection-lens: ${prose}: does not look like an Ofsted inspection report\n` });
    assert.deepEqual(run('export', '--csv', missing, HAVERING, prose), {
      code: 1,
      stdout: HEADER,
      stderr: `inspection-lens: ${missing}: no such file or folder\ninspection-lens: ${prose}: does not look like an Ofsted inspection report\n`,
    });
    // In a folder, a file that is not a report is passed over.
    assert.deepEqual(run('export', '--csv', scratch), { code: 0, stdout: HEADER, stderr: '' });
  });

  it('gives a usage error, exit 2, for arguments it cannot follow', () => {
    const usage = (...args: string[]) => {
      const { code, stdout, stderr } = run('export', ...args);
      return { code, stdout, message: stderr.split('\n')[0] };
    };
    assert.deepEqual(usage(HAVERING), { code: 2, stdout: '', message: 'inspection-lens export: choose one of --csv and --action-plan' });
    assert.deepEqual(usage('--csv', '--action-plan', HAVERING), { code: 2, stdout: '', message: 'inspection-lens export: choose one of --csv and --action-plan' });
    assert.deepEqual(usage('--action-plan', HAVERING, BROMLEY), { code: 2, stdout: '', message: 'inspection-lens export: --action-plan takes one report file' });
    assert.deepEqual(usage('--csv'), { code: 2, stdout: '', message: 'inspection-lens export: name the reports or folders to export' });
    assert.deepEqual(usage('--csv', HAVERING, '--out'), { code: 2, stdout: '', message: 'inspection-lens export: --out takes the file to write' });
    assert.deepEqual(usage('--csv', '--json', HAVERING), { code: 2, stdout: '', message: 'inspection-lens export: unknown option --json' });
    assert.deepEqual(usage('--csv', '--out', HAVERING, HAVERING), { code: 2, stdout: '', message: `inspection-lens export: --out ${HAVERING} would overwrite a report` });
  });

  it('says so, exit 1, when --out cannot be written', () => {
    const { code, stdout, stderr } = run('export', '--csv', '--out', scratch, HAVERING);
    assert.deepEqual({ code, stdout, stderr }, { code: 1, stdout: '', stderr: `inspection-lens: ${scratch}: is a folder; name the file to write\n` });
  });
});

describe('inspection-lens export with an annotation loader', () => {
  const havering = readSharedReport('havering-2021-05-focused-visit.txt');
  const words = 'The quality of supervision notes including the rationale for decisions.';
  const start = havering.indexOf(words);
  const span = { start, end: start + words.length };
  const context = { newId: () => 'urn:uuid:1', now: () => '2025-02-03T10:00:00.000Z', creator: 'Priya Shah' };
  const annotation = addTheme(newAnnotation(havering, span, 'havering.txt', 'sha256:0', context), 'supervision', context);

  it('exports the annotations the loader gives for each report', () => {
    const load: AnnotationLoader = (file) => ({ annotations: file === HAVERING ? [{ annotation, span }] : [] });
    const args = parseExportArgs(['--csv', HAVERING, BROMLEY]);
    assert.ok(typeof args !== 'string');
    const warnings: string[] = [];
    assert.deepEqual(exportReports(args, (message) => warnings.push(message), { load, themeLabel: (id) => id.toUpperCase() }), {
      text: HEADER + `${HAVERING},Havering,2021-05-12/2021-05-13,What needs to improve in this area of social work practice,SUPERVISION,supervision,${words},,unreviewed,Priya Shah\r\n`,
    });
    assert.deepEqual(warnings, []);
  });

  it('reports a report whose annotations cannot be read, and leaves it out rather than export it uncoded', () => {
    const load: AnnotationLoader = (file) => {
      if (file === BROMLEY) throw new Error('it is not valid JSON');
      return { annotations: [{ annotation, span }] };
    };
    const warnings: string[] = [];
    const csv = exportReports({ format: 'csv', paths: [BROMLEY, HAVERING] }, (message) => warnings.push(message), { load });
    assert.ok(typeof csv !== 'string');
    assert.equal(csv.text.split('\r\n').length, 3);
    assert.deepEqual(warnings, [`${BROMLEY}: its annotations could not be read (it is not valid JSON)`]);
    const plan = exportReports({ format: 'action-plan', paths: [BROMLEY] }, () => assert.fail('no warning'), { load });
    assert.equal(plan, `${BROMLEY}: its annotations could not be read (it is not valid JSON)`);
  });
});
