import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Codebook, DEFAULT_CODEBOOK, type Theme, type TreeTheme, applyCodebookFile, compileCodebook } from '../service/index';

/**
 * The workspace's codebook: the default children's services themes, changed by
 * `.inspection-lens/codebook.json` when the workspace has one (adding, renaming, nesting,
 * reorganising or removing themes). Problems in the file are reported; the rest still applies.
 */
export class CodebookStore {
  private themes: Theme[] = DEFAULT_CODEBOOK;
  private compiled: Codebook = compileCodebook(DEFAULT_CODEBOOK);
  problems: string[] = [];

  constructor(private readonly folder: string | undefined) {
    this.reload();
  }

  get file(): string | undefined {
    return this.folder ? path.join(this.folder, '.inspection-lens', 'codebook.json') : undefined;
  }

  get codebook(): Codebook {
    return this.compiled;
  }

  /** The themes as the tree shows them. */
  tree(): TreeTheme[] {
    return this.themes.map(({ id, label, description, parent }) => (parent ? { id, label, description, parent } : { id, label, description }));
  }

  /** Reads the file again; returns whether the codebook changed. */
  reload(): boolean {
    const before = JSON.stringify(this.themes);
    const file = this.file;
    let text: string | undefined;
    try {
      text = file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    } catch (error) {
      this.problems = [`The codebook file could not be read: ${(error as Error).message}`];
    }
    const applied = text === undefined ? { themes: DEFAULT_CODEBOOK, problems: [] } : applyCodebookFile(DEFAULT_CODEBOOK, text);
    this.themes = applied.themes;
    this.problems = applied.problems;
    if (JSON.stringify(this.themes) === before) return false;
    this.compiled = compileCodebook(this.themes);
    return true;
  }
}
