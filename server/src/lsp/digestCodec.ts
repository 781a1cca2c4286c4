import type { Range } from 'vscode-languageserver-types';
import type { ReportDigest } from '../service/index';

type DigestFinding = ReportDigest['findings'][number];
type Stance = DigestFinding['stance'];

/**
 * A report's digest as bytes, for the index cache and for crossing from a worker thread: its
 * findings' texts are most of a digest's size, so they are kept apart as UTF-8 (`texts`, one
 * after another) and decoded only when a finding's text is first read. Everything else is in
 * `meta`: the header as JSON (with the findings' sections and sets of themes, each once), the
 * judgements and recommendations as JSON (parsed when first read), then each finding as a few
 * varints. A warm start decodes one small object per finding and no text.
 */
export interface EncodedDigest {
  meta: Uint8Array;
  texts: Uint8Array;
}

/** Where findings' texts are kept as UTF-8: in memory, or in a region of a file read when needed (indexCache.ts). */
export interface TextSource {
  readonly length: number;
  /** The bytes from `from` to `to`. */
  slice(from: number, to: number): Buffer;
}

/** Texts in memory. */
export class MemoryTexts implements TextSource {
  private readonly bytes: Buffer;

  constructor(bytes: Uint8Array) {
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  slice(from: number, to: number): Buffer {
    return this.bytes.subarray(from, to);
  }
}

const STANCES: readonly Stance[] = ['strength', 'weakness', 'mixed', 'neutral'];

/** The bytes each digest was decoded from, written again as they are while its findings keep their themes. */
const ENCODED = new WeakMap<ReportDigest, { meta: Uint8Array; texts: TextSource; from: number; to: number }>();

/** Encodes a digest. Both arrays are fresh memory of their own, which a worker may transfer. */
export function encodeDigest(digest: ReportDigest): EncodedDigest {
  const known = ENCODED.get(digest);
  if (known && digest.findings.every((finding) => finding instanceof StoredFinding && finding.isUnchanged())) return { meta: known.meta, texts: known.texts.slice(known.from, known.to) };
  const { kind, authority, inspection, published, judgements, recommendations, findings } = digest;
  const sections = new Table<string>((section) => section);
  const themeSets = new Table<string[]>((themes) => themes.join(' '));
  const lengths = findings.map((finding) => Buffer.byteLength(finding.text, 'utf8'));
  const writer = new VarintWriter(16 + findings.length * 12);
  findings.forEach((finding, i) => {
    writer.varint(sections.idOf(finding.section));
    writer.varint(themeSets.idOf(finding.themes));
    writer.varint(Math.max(0, STANCES.indexOf(finding.stance)));
    writeRange(writer, finding.range);
    writer.varint(lengths[i]);
  });
  const head: Head = { kind, authority, inspection, published, findings: findings.length, sections: sections.values, themeSets: themeSets.values };
  const texts = Buffer.allocUnsafeSlow(lengths.reduce((sum, length) => sum + length, 0));
  let at = 0;
  for (const finding of findings) at += texts.write(finding.text, at, 'utf8');
  return { meta: concat([...withLength(JSON.stringify(head)), ...withLength(JSON.stringify({ judgements, recommendations } satisfies Rest)), writer.bytes()]), texts };
}

/**
 * Reads a digest back; its findings' texts are `texts` from `from` on, decoded when first asked
 * for (so the source stays referenced), and its judgements and recommendations are read when
 * first asked for. Throws on bytes that are not an encoded digest.
 */
export function decodeDigest(meta: Uint8Array, texts: TextSource, from = 0): ReportDigest {
  const reader = new VarintReader(meta);
  const head = JSON.parse(reader.string()) as Head;
  const rest = reader.bytes(reader.varint());
  const findings: DigestFinding[] = new Array(head.findings);
  let at = from;
  for (let i = 0; i < head.findings; i++) {
    const section = head.sections[reader.varint()];
    const themes = head.themeSets[reader.varint()];
    const stance = STANCES[reader.varint()];
    const finding = new StoredFinding(section, themes, stance, texts, at, reader);
    if (section === undefined || themes === undefined || stance === undefined || finding.to > texts.length) throw new Error('a digest in it is damaged');
    findings[i] = finding;
    at = finding.to;
  }
  if (!reader.done()) throw new Error('a digest in it is damaged');
  const digest = new StoredDigest(head, rest, findings);
  ENCODED.set(digest, { meta, texts, from, to: at });
  return digest;
}

type Head = Pick<ReportDigest, 'kind' | 'authority' | 'inspection' | 'published'> & { findings: number; sections: string[]; themeSets: string[][] };
type Rest = Pick<ReportDigest, 'judgements' | 'recommendations'>;

/** A digest read from bytes: its judgements and recommendations (which only workspace symbols read) are parsed on first use. */
class StoredDigest implements ReportDigest {
  kind: ReportDigest['kind'];
  authority: string | null;
  inspection: ReportDigest['inspection'];
  published: string | null;
  private parsed: Rest | undefined;

  constructor(
    head: Head,
    private readonly rest: Uint8Array,
    public findings: DigestFinding[],
  ) {
    this.kind = head.kind;
    this.authority = head.authority;
    this.inspection = head.inspection;
    this.published = head.published;
  }

  get judgements(): ReportDigest['judgements'] {
    return this.restOf().judgements;
  }

  get recommendations(): ReportDigest['recommendations'] {
    return this.restOf().recommendations;
  }

  toJSON(): ReportDigest {
    const { kind, authority, inspection, published, judgements, recommendations, findings } = this;
    return { kind, authority, inspection, published, judgements, recommendations, findings };
  }

  private restOf(): Rest {
    return (this.parsed ??= JSON.parse(Buffer.from(this.rest.buffer, this.rest.byteOffset, this.rest.byteLength).toString('utf8')) as Rest);
  }
}

/**
 * A finding read from bytes: its text is decoded, and its range made, on first use. A warm start
 * makes one of these per finding in the workspace, so it is one object, not four.
 */
class StoredFinding implements DigestFinding {
  readonly to: number;
  private decoded: string | undefined;
  private made: Range | undefined;
  private readonly storedThemes: string[];
  private readonly storedStance: Stance;
  private readonly startLine: number;
  private readonly startCharacter: number;
  private readonly endLine: number;
  private readonly endCharacter: number;

  /** Reads the rest of the finding (its range and text length) from `reader`. */
  constructor(
    public section: string,
    public themes: string[],
    public stance: Stance,
    private readonly texts: TextSource,
    private readonly from: number,
    reader: VarintReader,
  ) {
    this.storedThemes = themes;
    this.storedStance = stance;
    this.startLine = reader.varint();
    this.startCharacter = reader.varint();
    this.endLine = reader.varint();
    this.endCharacter = reader.varint();
    this.to = from + reader.varint();
  }

  get text(): string {
    return (this.decoded ??= this.texts.slice(this.from, this.to).toString('utf8'));
  }

  get range(): Range {
    return (this.made ??= { start: { line: this.startLine, character: this.startCharacter }, end: { line: this.endLine, character: this.endCharacter } });
  }

  /** Whether it still has the themes and stance it was read with (theming it again with another codebook changes them). */
  isUnchanged(): boolean {
    return this.themes === this.storedThemes && this.stance === this.storedStance;
  }

  /** As a plain finding, should one ever be written out whole. */
  toJSON(): DigestFinding {
    const { text, section, themes, stance, range } = this;
    return { text, section, themes, stance, range };
  }
}

function writeRange(writer: VarintWriter, range: Range): void {
  writer.varint(range.start.line);
  writer.varint(range.start.character);
  writer.varint(range.end.line);
  writer.varint(range.end.character);
}

/**
 * Distinct values in first-use order, for writing each as a small number. Values are looked up
 * as themselves first (findings with the same text share one themes array), then by key.
 */
class Table<T> {
  readonly values: T[] = [];
  private readonly byValue = new Map<T, number>();
  private readonly byKey = new Map<string, number>();

  constructor(private readonly keyOf: (value: T) => string) {}

  idOf(value: T): number {
    let id = this.byValue.get(value);
    if (id !== undefined) return id;
    const key = this.keyOf(value);
    id = this.byKey.get(key);
    if (id === undefined) {
      id = this.values.push(value) - 1;
      this.byKey.set(key, id);
    }
    this.byValue.set(value, id);
    return id;
  }
}

/** A string as UTF-8 after its length in bytes. */
function withLength(text: string): Uint8Array[] {
  const bytes = Buffer.from(text, 'utf8');
  const length = new VarintWriter(8);
  length.varint(bytes.length);
  return [length.bytes(), bytes];
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

class VarintWriter {
  private buffer: Uint8Array;
  private length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }

  varint(value: number): void {
    if (this.length + 8 > this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2 + 8);
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.buffer[this.length++] = rest;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

class VarintReader {
  at = 0;
  constructor(private readonly source: Uint8Array) {}

  done(): boolean {
    return this.at === this.source.length;
  }

  bytes(length: number): Uint8Array {
    if (this.at + length > this.source.length) throw new Error('a digest in it is damaged');
    this.at += length;
    return this.source.subarray(this.at - length, this.at);
  }

  /** A string written by `withLength`. */
  string(): string {
    const bytes = this.bytes(this.varint());
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }

  varint(): number {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      if (this.at >= this.source.length) throw new Error('a digest in it is damaged');
      byte = this.source[this.at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  }
}
