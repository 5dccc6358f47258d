/**
 * "Did you mean": the known name closest to a misspelt one, for error messages (a config key, a
 * profile, a command-line flag). Closeness is the optimal-string-alignment distance, case folded:
 * insertions, deletions, substitutions and swaps of two neighbouring letters each cost 1, so
 * `honset` is 1 from `honest` and `epoch` 1 from `epochs`.
 */

/** The optimal-string-alignment distance between `a` and `b` (Levenshtein plus adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  // three rows: the one before last (for swaps), the last, the current
  let before = new Array<number>(n + 1).fill(0);
  let last = Array.from({ length: n + 1 }, (_, j) => j);
  let row = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    row[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(last[j]! + 1, row[j - 1]! + 1, last[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row[j] = d;
    }
    [before, last, row] = [last, row, before];
  }
  return last[n]!;
}

/**
 * The name in `known` closest to `name`, when it is close enough to be a slip: at most a third of
 * the longer name's letters apart (at least one), ties to the first listed; undefined otherwise.
 */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    if (candidate === name) continue;
    const d = editDistance(wanted, candidate.toLowerCase());
    if (d <= Math.max(1, Math.floor(Math.max(wanted.length, candidate.length) / 3)) && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** `did you mean "honest"? ` when a known name is close to `name`, else the empty string (to put before a list of the known names). */
export function didYouMean(name: string, known: Iterable<string>, quote = (s: string) => JSON.stringify(s)): string {
  const best = closestName(name, known);
  return best === undefined ? "" : `did you mean ${quote(best)}? `;
}
