import * as fs from 'node:fs';

/** The text of a report file, or why it cannot be read as one. */
export type ReadResult = { ok: true; text: string; warning?: string } | { ok: false; message: string };

/** Larger than any report (the longest published run to about 1 MB of text). */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/** Reads a file as report text, turning every way it can fail into a one-line message. */
export function readReportFile(file: string): ReadResult {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    return { ok: false, message: `${file}: ${describeError(error)}` };
  }
  if (stat.isDirectory()) return { ok: false, message: `${file}: is a folder, not a report file` };
  if (stat.size > MAX_REPORT_BYTES) return { ok: false, message: `${file}: is ${Math.round(stat.size / 1048576)} MB, too large to be a report` };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { ok: false, message: `${file}: ${describeError(error)}` };
  }
  return decode(file, bytes);
}

/** Decodes report bytes: UTF-8 when valid, otherwise Windows-1252 (older exports), never binary. */
export function decode(file: string, bytes: Uint8Array): ReadResult {
  if (startsWith(bytes, '%PDF')) return { ok: false, message: `${file}: is a PDF; convert it to text first (for example with pdftotext)` };
  if (looksBinary(bytes)) return { ok: false, message: `${file}: is a binary file, not a report` };
  try {
    return { ok: true, text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    const text = new TextDecoder('windows-1252').decode(bytes);
    return { ok: true, text, warning: `${file}: is not valid UTF-8; read as Windows-1252` };
  }
}

function startsWith(bytes: Uint8Array, magic: string): boolean {
  return bytes.length >= magic.length && [...magic].every((char, i) => bytes[i] === char.charCodeAt(0));
}

/** NUL bytes, or many control characters, in the first 8 KB mean the file is not text. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder, not a report file';
  return (error as Error).message ?? String(error);
}
