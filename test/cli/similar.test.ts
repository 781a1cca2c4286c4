import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { projectRoot, readSharedReport, sharedRoot } from '../helpers/shared';

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'inspection-lens.js'), ...args], { cwd: projectRoot, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const REPORTS = path.join(sharedRoot, 'reports');
const BURY = path.join(REPORTS, 'ilacs', 'bury-17-december-2021.txt');

describe('inspection-lens similar', () => {
  it('ranks the findings of other reports like the finding on a line, best first, never its own report', () => {
    const line = readSharedReport('ilacs/bury-17-december-2021.txt').split('\n').findIndex((l) => l.includes('The quality of supervision for social workers')) + 1;
    const { code, stdout, stderr } = run('similar', '--json', '--limit', '5', `${BURY}:${line}`, REPORTS);
    assert.equal(code, 0, stderr);
    const output = JSON.parse(stdout);
    assert.deepEqual(Object.keys(output), ['query', 'results']);
    assert.equal(output.query.file, `${BURY}`);
    assert.ok(output.query.text.startsWith('The quality of supervision for social workers is too variable'));
    assert.equal(output.results.length, 5);
    for (const hit of output.results) {
      assert.deepEqual(Object.keys(hit), ['file', 'range', 'text', 'score']);
      assert.notEqual(path.resolve(hit.file), BURY);
    }
    assert.match(output.results[0].text, /supervision/i);
    const scores = output.results.map((hit: { score: number }) => hit.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  });

  it('takes a text instead of a line, and prints a readable list without --json', () => {
    const { code, stdout } = run('similar', '--limit', '2', '--text', 'Return home interviews are not always offered to children who go missing', REPORTS);
    assert.equal(code, 0);
    const lines = stdout.split('\n');
    assert.equal(lines[0], 'Findings like the text: Return home interviews are not always offered to children who go missing');
    assert.match(lines[2], /^ {2}1\. .+\.txt:\d+ \(\d\.\d\d\)$/);
    assert.match(lines[3], /return home/i);
  });

  it('gives clear messages for usage errors and for a line with no finding', () => {
    assert.equal(run('similar', REPORTS).code, 2);
    assert.equal(run('similar', '--text', 'supervision').code, 2);
    assert.equal(run('similar', '--limit', 'none', '--text', 'supervision', REPORTS).code, 2);
    const { code, stderr } = run('similar', `${BURY}:1`, REPORTS);
    assert.equal(code, 1);
    assert.equal(stderr.trim(), `inspection-lens: ${BURY}:1: there is no finding or recommendation on that line`);
  });
});
