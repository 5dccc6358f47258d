/**
 * A tiny byte-level writer of WebAssembly modules, for the scoring host's tests: hostile modules
 * are built here section by section (a table of 10,000,000 entries, a GC type, a shared memory, a
 * function with 100,000 locals, …) rather than checked in as binaries. `abiModule` writes a
 * module that implements the scoring ABI (docs/scoring-abi.md); its options swap or add sections.
 * Arrays are joined with loops, never spread into calls, so multi-megabyte modules build too.
 */

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;

export const SECTION = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
  tag: 13,
} as const;

/** Joins byte arrays. */
export function cat(...parts: ArrayLike<number>[]): number[] {
  const out: number[] = [];
  for (const p of parts) for (let i = 0; i < p.length; i++) out.push(p[i]!);
  return out;
}

/** Unsigned LEB128. */
export function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** Signed LEB128 (for i32.const and friends). */
export function s32(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export function name(s: string): number[] {
  const b = new TextEncoder().encode(s);
  return cat(u32(b.length), b);
}

export function vec(items: ArrayLike<number>[]): number[] {
  return cat(u32(items.length), ...items);
}

export function section(id: number, body: ArrayLike<number>): number[] {
  return cat([id], u32(body.length), body);
}

export function limits(min: number, max?: number, flags?: number): number[] {
  return cat([flags ?? (max === undefined ? 0 : 1)], u32(min), max === undefined ? [] : u32(max));
}

export function funcType(params: number[], results: number[]): number[] {
  return cat([0x60], vec(params.map((p) => [p])), vec(results.map((r) => [r])));
}

/** A function body: locals as [count, type] groups, then the instructions (an `end` is added). */
export function body(locals: Array<[number, number]>, code: ArrayLike<number>): number[] {
  const inner = cat(vec(locals.map(([n, t]) => cat(u32(n), [t]))), code, [0x0b]);
  return cat(u32(inner.length), inner);
}

export function exportEntry(n: string, kind: number, index: number): number[] {
  return cat(name(n), [kind], u32(index));
}

export function module(...sections: ArrayLike<number>[]): Uint8Array {
  return Uint8Array.from(cat([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], ...sections));
}

export interface AbiModuleOptions {
  /** Extra function types, after the ABI's four (indices 4…). */
  types?: number[][];
  /** Import entries (raw), before the ABI's functions; function imports shift the function indices. */
  imports?: number[][];
  /** How many of `imports` are functions (they shift the defined functions' indices). */
  importedFunctions?: number;
  /** The memory section's entries (default: one memory of 1 page, no maximum). */
  memories?: number[][];
  /** Table entries (default none). */
  tables?: number[][];
  /** Global entries. */
  globals?: number[][];
  /** Extra export entries. */
  exports?: number[][];
  /** Extra defined functions: type index and body (after the ABI's three). */
  functions?: Array<{ type: number; body: number[]; locals?: Array<[number, number]> }>;
  /** score_batch's instructions (default: return the count at ptr). */
  scoreBatch?: number[];
  /** score_batch's locals, as [count, type] groups. */
  scoreBatchLocals?: Array<[number, number]>;
  /** alloc's instructions (default: a bump pointer from 1024). */
  alloc?: number[];
  element?: number[][];
  data?: number[][];
  /** Raw sections appended at the end (custom sections, or out-of-order ones to test ordering). */
  extraSections?: number[][];
  /** Raw sections placed before the type section. */
  leadingSections?: number[][];
  start?: number;
  dataCount?: number;
  /** Type indices of alloc and score_batch (default 0 and 1), to give them a wrong signature. */
  allocType?: number;
  scoreBatchType?: number;
  /** ABI exports left out. */
  omitExports?: string[];
  /** Tag entries (a tag section, of exception handling), placed before the globals. */
  tags?: number[][];
}

/**
 * A module implementing the scoring ABI: types 0 (i32)→i32, 1 (i32,i32,i32)→i32, 2 ()→(),
 * 3 (i32,i32,i32,i32)→(); functions alloc, score_batch, reset (after any imported functions);
 * memory 0 exported as "memory". By default score_batch writes nothing and returns the batch's
 * count (so every score is the memory's zero).
 */
export function abiModule(o: AbiModuleOptions = {}): Uint8Array {
  const imported = o.importedFunctions ?? 0;
  const types = [funcType([I32], [I32]), funcType([I32, I32, I32], [I32]), funcType([], []), funcType([I32, I32, I32, I32], []), ...(o.types ?? [])];
  // alloc: a bump pointer in global 0 (mutable i32 starting at 1024): p = g; g += n; return p
  const bump = cat([0x23, 0x00, 0x23, 0x00, 0x20, 0x00, 0x6a, 0x24, 0x00]);
  const alloc = o.alloc ?? bump;
  const score = o.scoreBatch ?? cat([0x20, 0x00, 0x28, 0x02, 0x00]); // i32.load (ptr): the count
  const reset = cat([0x41], s32(1024), [0x24, 0x00]);
  const fns: Array<{ type: number; body: number[]; locals?: Array<[number, number]> }> = [
    { type: o.allocType ?? 0, body: alloc },
    { type: o.scoreBatchType ?? 1, body: score, locals: o.scoreBatchLocals },
    { type: 2, body: reset },
    ...(o.functions ?? []),
  ];
  const globals = [cat([I32, 0x01, 0x41], s32(1024), [0x0b]), ...(o.globals ?? [])];
  const out: number[][] = [...(o.leadingSections ?? [])];
  out.push(section(SECTION.type, vec(types)));
  if (o.imports?.length) out.push(section(SECTION.import, vec(o.imports)));
  out.push(section(SECTION.function, vec(fns.map((f) => u32(f.type)))));
  if (o.tables?.length) out.push(section(SECTION.table, vec(o.tables)));
  const memories = o.memories ?? [limits(1)];
  if (memories.length) out.push(section(SECTION.memory, vec(memories)));
  if (o.tags?.length) out.push(section(SECTION.tag, vec(o.tags)));
  out.push(section(SECTION.global, vec(globals)));
  const exports = [
    ...(memories.length ? [exportEntry("memory", 2, 0)] : []),
    exportEntry("alloc", 0, imported),
    exportEntry("score_batch", 0, imported + 1),
    exportEntry("reset", 0, imported + 2),
  ].filter((_, i) => !o.omitExports?.includes(["memory", "alloc", "score_batch", "reset"][memories.length ? i : i + 1]!));
  exports.push(...(o.exports ?? []));
  out.push(section(SECTION.export, vec(exports)));
  if (o.start !== undefined) out.push(section(SECTION.start, u32(o.start)));
  if (o.element?.length) out.push(section(SECTION.element, vec(o.element)));
  if (o.dataCount !== undefined) out.push(section(SECTION.dataCount, u32(o.dataCount)));
  out.push(section(SECTION.code, vec(fns.map((f) => body(f.locals ?? [], f.body)))));
  if (o.data?.length) out.push(section(SECTION.data, vec(o.data)));
  out.push(...(o.extraSections ?? []));
  return module(...out);
}

/** The import entry of `env.abort` (type 3 of `abiModule`). */
export const ABORT_IMPORT = cat(name("env"), name("abort"), [0x00], u32(3));
