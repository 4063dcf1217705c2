/** Suffix CLIP's BPE appends to the last symbol of every word. */
export const END_OF_WORD = '</w>';

/**
 * Byte-pair encoding with CLIP's merge table: the word's last symbol carries '</w>', and the adjacent pair
 * with the lowest merge rank is merged (all its occurrences, left to right) until no ranked pair is left.
 * Results are cached per word, since prompts repeat words constantly.
 */
export class BytePairEncoder {
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, string[]>();

  /** @param merges "left right" pairs in priority order (merges.txt without its '#version' header). */
  constructor(merges: readonly (readonly [string, string])[]) {
    merges.forEach(([left, right], rank) => {
      const key = pairKey(left, right);
      if (!this.ranks.has(key)) this.ranks.set(key, rank);
    });
  }

  /** BPE symbols of one word given as byte-level symbols (at least one). */
  encodeWord(symbols: readonly string[]): string[] {
    const word = symbols.join('');
    const cached = this.cache.get(word);
    if (cached) return cached;
    let parts = symbols.slice();
    parts[parts.length - 1] += END_OF_WORD;
    while (parts.length > 1) {
      let bestRank = Infinity;
      let bestIndex = -1;
      for (let i = 0; i < parts.length - 1; i++) {
        const rank = this.ranks.get(pairKey(parts[i], parts[i + 1]));
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          bestIndex = i;
        }
      }
      if (bestIndex < 0) break;
      const left = parts[bestIndex];
      const right = parts[bestIndex + 1];
      const merged: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (i < parts.length - 1 && parts[i] === left && parts[i + 1] === right) {
          merged.push(left + right);
          i++;
        } else {
          merged.push(parts[i]);
        }
      }
      parts = merged;
    }
    if (this.cache.size > 10_000) this.cache.clear(); // bound memory for long-running workers
    this.cache.set(word, parts);
    return parts;
  }
}

function pairKey(left: string, right: string): string {
  // a space never occurs inside byte-level symbols, so it separates the pair unambiguously
  return `${left} ${right}`;
}
