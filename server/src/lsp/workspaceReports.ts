import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type KnownReport, type ReportService, looksLikeReport } from '../service/index';

/** Files larger than this are not reports (the longest run to about 1 MB). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Folders never holding reports worth listing. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.inspection-lens', 'out', 'dist']);
const MAX_FILES = 5000;

/**
 * The reports in the workspace folders, read on first use and re-read when a file's size or
 * modification time changes. This is the simple listing workspace symbols need; open documents
 * always win over what is on disk.
 */
export class WorkspaceReports {
  private readonly files = new Map<string, { stamp: string; known: KnownReport | null }>();

  constructor(
    private readonly folders: string[],
    private readonly service: ReportService,
  ) {}

  list(): KnownReport[] {
    const known: KnownReport[] = [];
    for (const file of this.reportFiles()) {
      const entry = this.read(file);
      if (entry) known.push(entry);
    }
    return known;
  }

  private read(file: string): KnownReport | null {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return null;
    }
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const cached = this.files.get(file);
    if (cached && cached.stamp === stamp) return cached.known;
    let known: KnownReport | null = null;
    if (stat.size <= MAX_FILE_BYTES) {
      const report = this.service.analyze(fs.readFileSync(file, 'utf8'));
      if (report && looksLikeReport(report)) known = { uri: pathToFileURL(file).toString(), report };
    }
    this.files.set(file, { stamp, known });
    return known;
  }

  private reportFiles(): string[] {
    const found: string[] = [];
    const visit = (folder: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (found.length >= MAX_FILES) return;
        const full = path.join(folder, entry.name);
        if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) visit(full);
        else if (entry.isFile() && /\.(?:txt|report)$/i.test(entry.name)) found.push(full);
      }
    };
    for (const folder of this.folders) visit(folder);
    return found;
  }
}
