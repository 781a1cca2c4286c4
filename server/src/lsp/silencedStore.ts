import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomically } from './atomicWrite';
import type { Silenced, SilencedInstance } from '../service/index';

/**
 * Silenced diagnostics, kept beside the reports in `.inspection-lens/silenced.json` (never
 * inside a report) so that a team shares them through version control like any other file.
 */
export class SilencedStore {
  private cache: Silenced | undefined;

  constructor(private readonly folder: string | undefined) {}

  get file(): string | undefined {
    return this.folder ? path.join(this.folder, '.inspection-lens', 'silenced.json') : undefined;
  }

  read(): Silenced {
    if (this.cache) return this.cache;
    this.cache = { codes: [], instances: [] };
    const file = this.file;
    if (!file || !fs.existsSync(file)) return this.cache;
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Silenced>;
      this.cache = {
        codes: Array.isArray(parsed.codes) ? parsed.codes.filter((c) => typeof c === 'string') : [],
        instances: Array.isArray(parsed.instances) ? parsed.instances.filter(isInstance) : [],
      };
    } catch {
      // A damaged file silences nothing and is left as it is for the user to mend.
    }
    return this.cache;
  }

  silenceCode(code: string): void {
    const silenced = this.read();
    if (!silenced.codes.includes(code)) this.write({ ...silenced, codes: [...silenced.codes, code].sort() });
  }

  silenceInstance(instance: SilencedInstance): void {
    const silenced = this.read();
    const same = (other: SilencedInstance) => other.file === instance.file && other.code === instance.code && other.quote === instance.quote && other.prefix === instance.prefix;
    if (silenced.instances.some(same)) return;
    this.write({ ...silenced, instances: [...silenced.instances, instance] });
  }

  /** How a report is named in the file: its path relative to the workspace folder, with forward slashes. */
  fileKey(uri: string): string {
    if (!uri.startsWith('file:') || !this.folder) return uri;
    const relative = path.relative(this.folder, fileURLToPath(uri));
    return relative.startsWith('..') ? uri : relative.split(path.sep).join('/');
  }

  /** Forgets the cached copy, after the file changed on disk. */
  reload(): void {
    this.cache = undefined;
  }

  private write(silenced: Silenced): void {
    this.cache = silenced;
    if (this.file) writeFileAtomically(this.file, JSON.stringify(silenced, null, 2) + '\n');
  }
}

function isInstance(value: unknown): value is SilencedInstance {
  const instance = value as SilencedInstance;
  return !!instance && ['file', 'code', 'quote', 'prefix'].every((key) => typeof instance[key as keyof SilencedInstance] === 'string');
}
