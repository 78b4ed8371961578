// Finds, in one pass over a text, which of many groups of literals occur in
// it (Aho–Corasick). The safety reader asks "does this text hold one of this
// rule's anchors?" for every rule; a search per anchor per rule was most of
// the cost of reading 36,500 imported entries, this is one step per character.
// Building the automaton costs about what searching some tens of kB of text
// literal by literal does (30 ms in a fresh process for the safety rules'
// 289 literals), so a run that reads one check-in never builds it: texts are
// searched literal by literal until `buildAfterChars` have been read.

interface Automaton {
  /** Transitions for ASCII characters, dense: state * 128 + code -> state (failures already followed). */
  ascii: Int32Array;
  /** Transitions for other characters, sparse (trie edges only; failures followed while scanning). */
  other: Map<number, number>[];
  fail: Int32Array;
  /** The groups whose literal ends at each state (including those reached through failure links). */
  out: number[][];
}

/** Built once from groups of literals; `present(text)` says which groups have a literal in the text. */
export class LiteralScan {
  private automaton: Automaton | undefined;
  private charsRead = 0;

  constructor(
    private readonly groups: readonly (readonly string[])[],
    private readonly buildAfterChars = 50_000,
  ) {}

  /** For each group, whether one of its literals occurs in `text`. */
  present(text: string): boolean[] {
    if (!this.automaton) {
      this.charsRead += text.length;
      if (this.charsRead <= this.buildAfterChars) return this.groups.map((literals) => literals.some((l) => text.includes(l)));
      this.automaton = this.build();
    }
    const found = new Array<boolean>(this.groups.length).fill(false);
    const { ascii, other, fail, out } = this.automaton;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      s = c < 128 ? ascii[s * 128 + c]! : this.step(other, ascii, fail, s, c);
      const groups = out[s]!;
      for (let g = 0; g < groups.length; g++) found[groups[g]!] = true;
    }
    return found;
  }

  private build(): Automaton {
    const edges: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    this.groups.forEach((literals, group) => {
      for (const literal of literals) {
        let s = 0;
        for (let i = 0; i < literal.length; i++) {
          const c = literal.charCodeAt(i);
          let t = edges[s]!.get(c);
          if (t === undefined) {
            t = edges.length;
            edges.push(new Map());
            out.push([]);
            edges[s]!.set(c, t);
          }
          s = t;
        }
        if (!out[s]!.includes(group)) out[s]!.push(group);
      }
    });
    const n = edges.length;
    const fail = new Int32Array(n);
    const ascii = new Int32Array(n * 128);
    // Breadth first, so a state's failure target is complete before the state.
    const queue: number[] = [];
    for (let c = 0; c < 128; c++) {
      const t = edges[0]!.get(c);
      ascii[c] = t ?? 0;
      if (t !== undefined) queue.push(t);
    }
    for (const [c, t] of edges[0]!) if (c >= 128) queue.push(t);
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      for (const g of out[fail[s]!]!) if (!out[s]!.includes(g)) out[s]!.push(g);
      ascii.copyWithin(s * 128, fail[s]! * 128, fail[s]! * 128 + 128);
      for (const [c, t] of edges[s]!) {
        fail[t] = s === 0 ? 0 : this.step(edges, ascii, fail, fail[s]!, c);
        if (c < 128) ascii[s * 128 + c] = t;
        queue.push(t);
      }
    }
    return { ascii, other: edges, fail, out };
  }

  /** The state after reading `c` in state `s`, following failure links (while building and for non-ASCII text). */
  private step(edges: Map<number, number>[], ascii: Int32Array, fail: Int32Array, s: number, c: number): number {
    if (c < 128) return ascii[s * 128 + c]!;
    for (;;) {
      const t = edges[s]!.get(c);
      if (t !== undefined) return t;
      if (s === 0) return 0;
      s = fail[s]!;
    }
  }
}
