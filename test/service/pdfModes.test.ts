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
 * table's label and grade share a line) and `-raw` (content-stream order, no blank lines) — and by
 * pdfminer.six (a grade table's labels before its grades, list numbers before their paragraphs),
 * and each must give the extraction written down for that report by reading it
 * (test/fixtures/expected). `npm test` installs both tools from Debian's packages.
 */
const EXTRACTORS: ReadonlyArray<[string, string, string[]]> = [
  ['pdftotext', 'poppler-utils', ['-enc', 'UTF-8']],
  ['pdftotext -layout', 'poppler-utils', ['-layout', '-enc', 'UTF-8']],
  ['pdftotext -raw', 'poppler-utils', ['-raw', '-enc', 'UTF-8']],
  ['pdf2txt', 'python3-pdfminer', []],
];

function pdfToText(pdf: string, [command, debianPackage, flags]: (typeof EXTRACTORS)[number]): string {
  const program = command.split(' ')[0];
  const args = program === 'pdftotext' ? [...flags, pdf, '-'] : [...flags, pdf];
  try {
    return execFileSync(program, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${program} is not installed: install Debian's ${debianPackage} (npm test does, with apt-get).`);
    throw error;
  }
}

/** Whitespace is what the modes differ in most; the words of a recommendation must be the same. */
function comparable(extraction: ReturnType<typeof extractionOf>) {
  return { ...extraction, recommendations: extraction.recommendations.map((r) => ({ ...r, text: r.text.replace(/\s+/g, ' ') })) };
}

describe('reports as each PDF extractor gives them', function () {
  const pdfs = fs.readdirSync(path.join(sharedRoot, 'pdf')).filter((name) => name.endsWith('.pdf')).sort();

  it('has the four published PDFs, each with an expected extraction', function () {
    assert.equal(pdfs.length, 4);
    for (const pdf of pdfs) assert.ok(fs.existsSync(path.join(projectRoot, 'test', 'fixtures', 'expected', pdf.replace(/\.pdf$/, '.json'))), pdf);
  });

  for (const pdf of pdfs) {
    for (const extractor of EXTRACTORS) {
      it(`${pdf} (${extractor[0]})`, function () {
        const { file, notes, ...expected } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'expected', pdf.replace(/\.pdf$/, '.json')), 'utf8'));
        void file;
        void notes;
        const text = pdfToText(path.join(sharedRoot, 'pdf', pdf), extractor);
        assert.deepEqual(comparable(extractionOf(parseReport(text))), comparable(expected));
      });
    }
  }
});
