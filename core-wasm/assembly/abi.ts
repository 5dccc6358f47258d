/** Version of the core's export ABI (the packed buffer layouts); bumped when a layout changes. */
export function coreAbiVersion(): u32 {
  // 3: sparse u16 matrices of the epoch as rowLen[n] words, a u16 uid run, a u16 value run
  // 4: the coinbase step's packed state and output (core-wasm/src/coinbaseLayout.ts)
  // 5: the epoch's commitBlock input vector and commitReveal flag; serverShare and validatorShare outputs
  return 5;
}

/**
 * Frees every heap allocation at once. The core runs on AssemblyScript's `stub` runtime (a bump
 * allocator with no GC): the host calls this before and after each call that allocates, so one
 * call's scratch memory is reclaimed wholesale and a process that runs for weeks stays bounded
 * by its largest single call. Nothing on the heap survives a call (results are copied out first).
 */
export function coreReset(): void {
  __reset();
}

/** The heap's current top (bytes): after a call and before the next reset, that call's peak use. */
export function coreHeapTop(): usize {
  return __alloc(0);
}
