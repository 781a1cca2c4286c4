import type { Grade, Judgement, Span } from '../model';
import type { ParsedReport } from '../report';

/** Semantic token types and modifiers, declared by the extension (package.json) and the server. */
export const TOKEN_TYPES = ['grade', 'date', 'recommendation'] as const;
export const TOKEN_MODIFIERS = ['outstanding', 'good', 'requiresImprovement', 'adequate', 'satisfactory', 'inadequate', 'inspection', 'publication'] as const;

const GRADE_MODIFIER: Partial<Record<Grade, (typeof TOKEN_MODIFIERS)[number]>> = {
  outstanding: 'outstanding',
  good: 'good',
  'requires-improvement': 'requiresImprovement',
  adequate: 'adequate',
  satisfactory: 'satisfactory',
  inadequate: 'inadequate',
};

/** A semantic token before encoding: one line's span, its type and modifiers. */
export interface Token {
  span: Span;
  type: (typeof TOKEN_TYPES)[number];
  modifiers: Array<(typeof TOKEN_MODIFIERS)[number]>;
}

/**
 * Semantic tokens, encoded as the LSP's relative integers: each judgement's grade (with its level
 * as a modifier, so themes can colour Outstanding and Inadequate apart), each date, and the
 * lines of each recommendation.
 */
export function semanticTokens(report: ParsedReport): number[] {
  const tokens: Token[] = [];
  for (const judgement of report.judgements) {
    const span = gradeSpan(report.source.text, judgement);
    const modifier = GRADE_MODIFIER[judgement.grade];
    if (span) tokens.push({ span, type: 'grade', modifiers: modifier ? [modifier] : [] });
  }
  for (const date of report.dates) {
    const modifiers: Token['modifiers'] = date.kind === 'inspection' ? ['inspection'] : date.kind === 'publication' || date.kind === 'letter' ? ['publication'] : [];
    tokens.push({ span: date.span, type: 'date', modifiers });
  }
  for (const recommendation of report.recommendations) tokens.push({ span: recommendation.span, type: 'recommendation', modifiers: [] });
  return encode(report, tokens);
}

const GRADE_WORDS = /\b(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|outstanding|good|inadequate|adequate|satisfactory)\b/gi;

/** Where the grade itself is printed within a judgement's span: its last grade phrase. */
export function gradeSpan(text: string, judgement: Judgement): Span | undefined {
  const slice = text.slice(judgement.span.start, judgement.span.end);
  let found: Span | undefined;
  for (const match of slice.matchAll(GRADE_WORDS)) found = { start: judgement.span.start + match.index, end: judgement.span.start + match.index + match[0].length };
  return found;
}

interface Piece {
  line: number;
  character: number;
  length: number;
  type: number;
  modifiers: number;
}

function encode(report: ParsedReport, tokens: Token[]): number[] {
  const source = report.source;
  const pieces: Piece[] = [];
  for (const token of tokens) {
    const type = TOKEN_TYPES.indexOf(token.type);
    const modifiers = token.modifiers.reduce((bits, modifier) => bits | (1 << TOKEN_MODIFIERS.indexOf(modifier)), 0);
    // Tokens may not span lines: split at line ends, keeping to each line's text.
    const first = source.lineOf(token.span.start);
    const last = source.lineOf(token.span.end);
    for (let index = first; index <= last; index++) {
      const line = source.lines[index];
      const start = Math.max(token.span.start, line.textStart);
      const end = Math.min(token.span.end, line.textStart + line.text.length);
      if (end > start) pieces.push({ line: index, character: start - line.start, length: end - start, type, modifiers });
    }
  }
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const piece of withoutOverlaps(pieces)) {
    data.push(piece.line - line, piece.line === line ? piece.character - character : piece.character, piece.length, piece.type, piece.modifiers);
    line = piece.line;
    character = piece.character;
  }
  return data;
}

const RECOMMENDATION = TOKEN_TYPES.indexOf('recommendation');

/**
 * Tokens may not overlap: a grade or date inside a recommendation keeps its own token and the
 * recommendation's token is cut around it. Sorted by position, as the encoding requires.
 */
function withoutOverlaps(pieces: Piece[]): Piece[] {
  const marks = pieces.filter((piece) => piece.type !== RECOMMENDATION);
  const cut: Piece[] = [...marks];
  for (const piece of pieces) {
    if (piece.type !== RECOMMENDATION) continue;
    let start = piece.character;
    const end = piece.character + piece.length;
    const inside = marks.filter((mark) => mark.line === piece.line && mark.character < end && mark.character + mark.length > start).sort((a, b) => a.character - b.character);
    for (const mark of inside) {
      if (mark.character > start) cut.push({ ...piece, character: start, length: mark.character - start });
      start = Math.max(start, mark.character + mark.length);
    }
    if (end > start) cut.push({ ...piece, character: start, length: end - start });
  }
  cut.sort((a, b) => a.line - b.line || a.character - b.character);
  return cut.filter((piece, i) => i === 0 || piece.line !== cut[i - 1].line || piece.character >= cut[i - 1].character + cut[i - 1].length);
}
