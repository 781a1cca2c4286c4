/**
 * A trie over the characters of words, walked one character code at a time: the codebook's rules
 * and the stance's cue words look up a finding's words while its text is being scanned, with no
 * string sliced, hashed or compared per word (which had been most of the cost of theming a new
 * finding: bench/themes.mjs).
 *
 * Nodes are numbers; the root is 0, and 0 also means "no such child" (the root is no node's
 * child). Lower-case letters and digits, all but a handful of the characters of reports, index a
 * dense table (one array read per character); any other character a map.
 */
export class CharTrie {
  /** Per node, its child for each of a–z and 0–9 (`COLUMNS` per node). */
  private dense = new Int32Array(256 * COLUMNS);
  /** Children by other characters, keyed `node * 0x10000 + code`. */
  private readonly sparse = new Map<number, number>();
  private parents = new Int32Array(256);
  private depths = new Int32Array(256);
  private count = 1;

  /** The number of nodes, the root included. */
  get size(): number {
    return this.count;
  }

  /** The child of `node` by the character `code`, or 0. */
  child(node: number, code: number): number {
    const column = columnOf(code);
    if (column >= 0) return this.dense[node * COLUMNS + column];
    return this.sparse.get(node * 0x10000 + code) ?? 0;
  }

  parent(node: number): number {
    return this.parents[node];
  }

  /** How many characters lead from the root to `node`. */
  depth(node: number): number {
    return this.depths[node];
  }

  /** The node of `word`, added (with the nodes leading to it) when it is new. A node's parent is always added before it. */
  add(word: string): number {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const code = word.charCodeAt(i);
      let next = this.child(node, code);
      if (next === 0) {
        next = this.newNode(node);
        const column = columnOf(code);
        if (column >= 0) this.dense[node * COLUMNS + column] = next;
        else this.sparse.set(node * 0x10000 + code, next);
      }
      node = next;
    }
    return node;
  }

  private newNode(parent: number): number {
    const node = this.count++;
    if (node * COLUMNS >= this.dense.length) {
      const dense = new Int32Array(this.dense.length * 2);
      dense.set(this.dense);
      this.dense = dense;
      const parents = new Int32Array(this.parents.length * 2);
      parents.set(this.parents);
      this.parents = parents;
      const depths = new Int32Array(this.depths.length * 2);
      depths.set(this.depths);
      this.depths = depths;
    }
    this.parents[node] = parent;
    this.depths[node] = this.depths[parent] + 1;
    return node;
  }
}

/** a–z and 0–9. */
const COLUMNS = 36;

function columnOf(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return code - 48 + 26;
  return -1;
}
