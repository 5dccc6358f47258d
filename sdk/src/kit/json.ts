/**
 * Bounds on JSON taken from outside (an axon's request body, a devnet request, a CLI input): the
 * nesting depth is found by one linear scan of the text before `JSON.parse` builds anything, since
 * whatever walks deep input next (a reviver, `JSON.stringify`, a validator) recurses and would
 * overflow the stack (100,000 nested arrays did).
 */

/** The maximum nesting depth of `text`'s arrays and objects, stopping as soon as it passes `limit` (strings are skipped, escapes included). */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote, past escapes
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}
