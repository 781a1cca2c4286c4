import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Codebook, ParsedReport, ReportService } from '../service/index';

/**
 * Longest document the server reads, the index's limit too (`MAX_REPORT_BYTES`): the longest real
 * report is about 200 KB, and reading 20 MB of reports joined together held the server's thread
 * for some 1.5 s (parse and checks), during which the editor got no answers.
 */
export const MAX_DOCUMENT_LENGTH = 8 * 1024 * 1024;

/**
 * Parses each document once per version. Every feature asks the cache, so a burst of requests
 * after an edit (symbols, tokens, diagnostics, lenses) parses the text once.
 */
export class ReportCache {
  private readonly entries = new Map<string, { version: number; report: ParsedReport }>();

  constructor(
    private readonly service: ReportService,
    private readonly codebook: () => Codebook,
  ) {}

  get(document: TextDocument): ParsedReport | undefined {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached.report;
    if (document.getText().length > MAX_DOCUMENT_LENGTH) return undefined;
    const report = this.service.analyze(document.getText(), undefined, this.codebook());
    if (report) this.entries.set(document.uri, { version: document.version, report });
    return report;
  }

  /** Whether a document is too large to read. */
  isTooLarge(document: TextDocument): boolean {
    return document.getText().length > MAX_DOCUMENT_LENGTH;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  /** Forgets every parse, after the codebook changed. */
  clear(): void {
    this.entries.clear();
  }
}
