import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomically } from './atomicWrite';
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
  label(id: string): string {
    return this.themes.find((theme) => theme.id === id)?.label ?? id;
  }

  tree(): TreeTheme[] {
    return this.themes.map(({ id, label, description, parent }) => (parent ? { id, label, description, parent } : { id, label, description }));
  }

  /**
   * Adds a theme with no rules (a theme quality assurers tag by hand) to the codebook file,
   * creating the file if need be; answers with its id. A file that cannot be read as JSON is
   * never overwritten.
   */
  addTheme(label: string): { id: string } | { error: string } {
    const file = this.file;
    const name = label.trim();
    if (!file) return { error: 'Open a folder to add themes to its codebook.' };
    if (!name) return { error: 'A theme needs a name.' };
    const existing = this.themes.find((theme) => theme.label.toLowerCase() === name.toLowerCase());
    if (existing) return { id: existing.id };
    let content: { themes: unknown[] } & Record<string, unknown> = { themes: [] };
    if (fs.existsSync(file)) {
      try {
        const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
        if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { themes?: unknown }).themes)) throw new Error('it has no list of "themes"');
        content = parsed as typeof content;
      } catch (error) {
        return { error: `The codebook file ${file} cannot be read (${(error as Error).message}); mend it before adding themes. It was left as it is.` };
      }
    }
    const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'theme';
    const taken = new Set(this.themes.map((theme) => theme.id));
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    content.themes.push({ id, label: name, description: 'Added while tagging.', include: [] });
    writeFileAtomically(file, JSON.stringify(content, null, 2) + '\n');
    this.reload();
    return { id };
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
