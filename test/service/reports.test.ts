import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseReport } from '../../server/out/service/index';
import { extractionOf } from '../helpers/extraction';
import { projectRoot, readProjectFile, readSharedReport, sharedReportFiles } from '../helpers/shared';

/** An expected extraction, written by reading the report (see test/fixtures/README.md). */
interface Expected {
  file: string;
  kind: string;
  authority: string | null;
  inspection: { start: string | null; end: string | null };
  published: string | null;
  leadInspector: string | null;
  judgements: Array<{ subject: string; grade: string; label: string }>;
  recommendations: Array<{ text: string; timeframe?: string; subject?: string }>;
}

const expectedDir = path.join(projectRoot, 'test', 'fixtures', 'expected');
const fixtures: Expected[] = fs
  .readdirSync(expectedDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(fs.readFileSync(path.join(expectedDir, name), 'utf8')) as Expected);

function textOf(file: string): string {
  return file.startsWith('examples/') ? readProjectFile(file) : readSharedReport(file);
}

function extract(file: string): Omit<Expected, 'file'> {
  return extractionOf(parseReport(textOf(file)));
}

describe('real reports: whole extraction against what a reader finds', () => {
  it('has an expected extraction for every shared report', () => {
    const covered = new Set(fixtures.map((fixture) => fixture.file));
    assert.deepEqual(sharedReportFiles().filter((file) => !covered.has(file)), []);
  });

  for (const fixture of fixtures) {
    it(fixture.file, () => {
      const { file, ...expected } = fixture;
      const { kind, authority, inspection, published, leadInspector, judgements, recommendations } = expected;
      assert.deepEqual(extract(file), { kind, authority, inspection, published, leadInspector, judgements, recommendations });
    });
  }
});
