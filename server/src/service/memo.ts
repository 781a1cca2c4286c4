/**
 * A bounded memo of pure results keyed by text. While a report is edited, almost every
 * paragraph and line is unchanged from the last version: remembering what was computed for
 * each keeps re-analysis after a keystroke proportional to what changed.
 */
export class TextMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(text: string, compute: (text: string) => V): V {
    const known = this.entries.get(text);
    if (known !== undefined) return known;
    const value = compute(text);
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(detached(text), value);
    return value;
  }
}

/**
 * The same characters in a string of their own. Keys are mostly a report's lines, and V8 makes a
 * line a slice that keeps the whole report's text alive: remembered as they are, the keys kept
 * every version of a report being edited in memory (some 110 KB a keystroke for a large report)
 * until the memo filled. Concatenating, then slicing, makes V8 copy just the characters.
 */
function detached(text: string): string {
  return (' ' + text).slice(1);
}
