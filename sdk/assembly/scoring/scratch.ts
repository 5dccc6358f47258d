// Scratch memory for one item of a batch. The stub runtime frees only between batches (`reset`),
// so working buffers that every item needs again (token tables, DP rows, box matrices) come from
// one region that the batch loop rewinds before each item: a batch of many items needs the memory
// of its largest item, not of all of them.

let base: usize = 0;
let cap: usize = 0;
let top: usize = 0;

/** Forgets the region (after `__reset` freed it); the next request allocates a new one. */
export function forgetScratch(): void { base = 0; cap = 0; top = 0; }

/** Makes the whole region free again; what earlier callers took may be overwritten. */
export function rewindScratch(): void { top = base; }

/**
 * Makes sure the next `n` bytes of requests fit without growing: when they do not, one region of
 * exactly what is needed replaces the current one (whose contents stay valid until `reset`). A kit
 * that knows an item's needs up front reserves them, so its memory is one region of its largest item.
 */
export function reserveScratch(n: usize): void {
  if (top + n <= base + cap && base != 0) return;
  base = __alloc(n);
  cap = n;
  top = base;
}

/** `n` bytes (8-aligned), valid until the scratch region is next rewound. */
export function scratch(n: usize): usize {
  const size = (n + 7) & ~(<usize>7);
  if (base == 0 || top + size > base + cap) {
    // grow: a new region at least twice the old one (the old one stays valid until `reset`)
    const next = max(size, max(cap << 1, <usize>65536));
    base = __alloc(next);
    cap = next;
    top = base;
  }
  const p = top;
  top += size;
  return p;
}
