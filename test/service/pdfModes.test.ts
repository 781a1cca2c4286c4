import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseReport } from '../../server/out/service/index';
import { extractionOf } from '../helpers/extraction';
import { projectRoot, sharedRoot } from '../helpers/shared';

/**
 * Reports reach reviewers through whatever turned the PDF into text. The four published PDFs in
 * ../shared/pdf are turned into text here by poppler's pdftotext in its three modes — reading
 * order (the mode the shared texts were made with), `-layout` (columns kept with spaces, so a grade
 * table's label and grade share a line) and `-raw` (content-stream order) — and each must give
 * the extraction written down for that report by reading it (test/fixtures/expected).
 */
const MODES: ReadonlyArray<[string, string[]]> = [
  ['reading order', []],
  ['-layout', ['-layout']],
  ['-raw', ['-raw']],
];

function pdfToText(pdf: string, flags: string[]): string {
  try {
    return execFileSync('pdftotext', [...flags, '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('pdftotext is not installed: install poppler-utils (.ci/run does, with apt-get).');
    throw error;
  }
}

/** Whitespace is what the modes differ in most; the words of a recommendation must be the same. */
function comparable(extraction: ReturnType<typeof extractionOf>) {
  return { ...extraction, recommendations: extraction.recommendations.map((r) => ({ ...r, text: r.text.replace(/\s+/g, ' ') })) };
}

describe('reports as pdftotext gives them in each of its modes', function () {
  const pdfs = fs.readdirSync(path.join(sharedRoot, 'pdf')).filter((name) => name.endsWith('.pdf')).sort();

  it('has the four published PDFs, each with an expected extraction', function () {
    assert.equal(pdfs.length, 4);
    for (const pdf of pdfs) assert.ok(fs.existsSync(path.join(projectRoot, 'test', 'fixtures', 'expected', pdf.replace(/\.pdf$/, '.json'))), pdf);
  });

  for (const pdf of pdfs) {
    for (const [mode, flags] of MODES) {
      it(`${pdf} (${mode})`, function () {
        const { file, notes, ...expected } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'expected', pdf.replace(/\.pdf$/, '.json')), 'utf8'));
        void file;
        void notes;
        const text = pdfToText(path.join(sharedRoot, 'pdf', pdf), flags);
        assert.deepEqual(comparable(extractionOf(parseReport(text))), comparable(expected));
      });
    }
  }
});
