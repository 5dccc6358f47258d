/**
 * The static check of a scoring module before anything compiles it: a strict reader of the whole
 * WebAssembly binary (every section, every function body, every instruction), which accepts only
 * what the scoring ABI needs (docs/scoring-abi.md) and refuses the rest with a typed ScoringError
 * whose code names the limit or feature and whose message says the fix.
 *
 * Why before compiling: V8 allocates what a module declares while it compiles and instantiates
 * (a 110-byte module declaring a table of 10,000,000 entries aborts the process), outside any heap
 * limit of the thread doing it. So sizes are capped here (`SCORING_LIMITS`: module, code and data
 * bytes, functions, locals, tables, element segments, globals, nesting), proposals the ABI does not
 * use are refused (GC types, reference-typed values, SIMD, threads and shared memory, memory64,
 * multi-memory, exceptions, tail calls, table instructions such as `table.grow`), imports are the
 * allow-list's functions only (no imported memory, table, global or tag), and exports are the ABI's
 * (with their signatures) plus other functions, which the host never calls.
 *
 * Accepted: the MVP instruction set plus what AssemblyScript emits by default (sign extension,
 * non-trapping float-to-int, bulk memory on the one memory, mutable globals, multi-value block
 * types). A module without a declared memory maximum gets the cap written in (`capMemory`).
 */
import { ScoringError, ScoringErrorCode } from "./errors.js";

/**
 * The sizes a scoring module may declare (the memory cap is the host's `memoryCapPages`). The
 * kits' modules are 5–16 KB with 16–26 functions and under 100 locals; the byte limits also bound
 * this check, which runs on the caller's thread (linear in the module's size).
 */
export const SCORING_LIMITS = {
  /** The whole module, bytes. */
  moduleBytes: 4 * 1024 * 1024,
  /** The code section, bytes. */
  codeBytes: 2 * 1024 * 1024,
  /** One function body, bytes. */
  functionBytes: 256 * 1024,
  /** Functions, imported and defined. */
  functions: 20_000,
  /** Function types. */
  types: 10_000,
  /** Parameters of one function type. */
  params: 128,
  /** Results of one function type. */
  results: 16,
  /** Locals of one function (parameters not counted). */
  localsPerFunction: 4_096,
  /** Locals of all functions together. */
  localsTotal: 100_000,
  /** Nested blocks in one function. */
  blockDepth: 1_024,
  /** Tables (only `funcref`, for indirect calls). */
  tables: 1,
  /** A table's initial and maximum entries. */
  tableEntries: 10_000,
  /** Element segments. */
  elementSegments: 1_000,
  /** Globals. */
  globals: 1_000,
  /** Data segments. */
  dataSegments: 10_000,
  /** The data section's bytes. */
  dataBytes: 2 * 1024 * 1024,
  /** Exports. */
  exports: 1_000,
  /** Imports. */
  imports: 100,
} as const;

/** What the host checks a module against. */
export interface InspectPolicy {
  /** Memory cap, 64 KiB pages (default 1,024). */
  memoryCapPages?: number;
  /** `module.name` function imports a module may have (default only `env.abort`). */
  allowedImports?: readonly string[];
}

export interface ModuleShape {
  imports: Array<{ module: string; name: string; kind: number }>;
  exports: string[];
  memory: { initial: number; maximum: number | null } | null;
  /** Functions defined by the module (imports not counted). */
  functions: number;
  /** Locals of every defined function. */
  locals: number;
  /** The table's entries (0 without a table). */
  tableEntries: number;
}

const I32 = 0x7f;
const I64 = 0x7e;
const F32 = 0x7d;
const F64 = 0x7c;
const NUMERIC = new Set([I32, I64, F32, F64]);
const KIND_NAMES = ["function", "table", "memory", "global", "tag"];

/** The signatures the host calls (params → results, value type bytes). */
const ABI_EXPORTS: Record<string, { params: number[]; results: number[]; required: boolean }> = {
  alloc: { params: [I32], results: [I32], required: true },
  score_batch: { params: [I32, I32, I32], results: [I32], required: true },
  reset: { params: [], results: [], required: false },
  abi_version: { params: [], results: [I32], required: false },
};
/** The imports the worker links, with their signatures. */
const LINKABLE: Record<string, { params: number[]; results: number[] }> = { "env.abort": { params: [I32, I32, I32, I32], results: [] } };

/** Opcodes of proposals the ABI does not need, by the feature that introduced them. */
const REFUSED_OPCODES: Record<number, string> = {
  6: "exception handling (try)",
  7: "exception handling (catch)",
  8: "exception handling (throw)",
  9: "exception handling (rethrow)",
  10: "exception handling (throw_ref)",
  18: "tail calls (return_call)",
  19: "tail calls (return_call_indirect)",
  20: "typed function references (call_ref)",
  21: "typed function references (return_call_ref)",
  24: "exception handling (delegate)",
  25: "exception handling (catch_all)",
  31: "exception handling (try_table)",
  37: "reference types (table.get)",
  38: "reference types (table.set)",
  208: "reference types (ref.null)",
  209: "reference types (ref.is_null)",
  210: "reference types (ref.func)",
  211: "typed function references (ref.as_non_null)",
  212: "typed function references (br_on_null)",
  213: "typed function references (ref.eq)",
  214: "typed function references (br_on_non_null)",
  251: "GC (struct/array instructions)",
  253: "SIMD (v128)",
  254: "threads (atomics)",
};
const REFUSED_FC: Record<number, string> = {
  12: "table.init",
  13: "elem.drop",
  14: "table.copy",
  15: "table.grow",
  16: "table.size",
  17: "table.fill",
};

const fail = (code: ScoringErrorCode, message: string): never => {
  throw new ScoringError(code, message);
};
const tooBig = (code: ScoringErrorCode, what: string, found: number, max: number, fix: string): void => {
  if (found > max) fail(code, `module declares ${what} ${found}, above the limit of ${max}; ${fix}`);
};
const unsupported = (feature: string, where: string): never =>
  fail(
    ScoringErrorCode.UNSUPPORTED_FEATURE,
    `module uses ${feature} (${where}), which the scoring ABI does not need and the host refuses; build it without that feature (asc's defaults: no --enable flags)`,
  );

class Reader {
  at: number;
  constructor(
    readonly b: Uint8Array,
    at = 0,
    public end = b.length,
  ) {
    this.at = at;
  }
  truncated(): never {
    return fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: a section runs past its end (at byte ${this.at}); rebuild it`);
  }
  byte(): number {
    if (this.at >= this.end) this.truncated();
    return this.b[this.at++]!;
  }
  bytes(n: number): Uint8Array {
    if (n > this.end - this.at) this.truncated();
    const out = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  /** Unsigned LEB128 of at most `bits` bits. */
  uleb(bits = 32): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (shift >= Math.ceil(bits / 7) * 7) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: an over-long LEB128 number at byte ${this.at}`);
      const x = this.byte();
      result += (x & 0x7f) * 2 ** shift;
      if ((x & 0x80) === 0) break;
      shift += 7;
    }
    if (result >= 2 ** bits) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: a number above ${bits} bits at byte ${this.at}`);
    return result;
  }
  /** A signed LEB128 of at most `bits` bits; only its length matters here. */
  sleb(bits: number): void {
    for (let n = 0; ; n++) {
      if (n >= Math.ceil(bits / 7)) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: an over-long signed number at byte ${this.at}`);
      if ((this.byte() & 0x80) === 0) return;
    }
  }
  name(): string {
    const bytes = this.bytes(this.uleb());
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return fail(ScoringErrorCode.BAD_MODULE, "the module is malformed: a name is not UTF-8");
    }
  }
  /** A vector's length, checked against what is left (each entry takes at least `minBytes`). */
  count(minBytes = 1): number {
    const n = this.uleb();
    if (n * minBytes > this.end - this.at) this.truncated();
    return n;
  }
}

const show = (s: string) => JSON.stringify(s.length > 100 ? `${s.slice(0, 100)}…` : s);

/** Limits of a memory or table: no shared, 64-bit or custom-page-size flags. */
function limits(r: Reader, what: "memory" | "table"): { initial: number; maximum: number | null } {
  const flags = r.byte();
  if (flags & 0x02) unsupported(what === "memory" ? "shared memory (threads)" : "a shared table", `${what} limits flags 0x${flags.toString(16)}`);
  if (flags & 0x04) unsupported(what === "memory" ? "memory64" : "table64", `${what} limits flags 0x${flags.toString(16)}`);
  if (flags & ~0x01) unsupported(`${what} limits flags 0x${flags.toString(16)}`, `a ${what} declaration`);
  const initial = r.uleb();
  const maximum = flags & 1 ? r.uleb() : null;
  if (maximum !== null && maximum < initial)
    fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: a ${what}'s maximum ${maximum} is below its initial ${initial}`);
  return { initial, maximum };
}

function valueType(r: Reader, where: string): number {
  const t = r.byte();
  if (NUMERIC.has(t)) return t;
  if (t === 0x7b) return unsupported("SIMD (v128 values)", where);
  if (t === 0x70 || t === 0x6f) return unsupported("reference types (funcref/externref values)", where);
  return unsupported(`the value type 0x${t.toString(16)} (GC or typed references)`, where);
}

/** A constant expression: one numeric constant or global.get of an earlier global, then end. */
function constExpr(r: Reader, globalsSoFar: number, where: string): void {
  const op = r.byte();
  if (op === 0x41) r.sleb(32);
  else if (op === 0x42) r.sleb(64);
  else if (op === 0x43) r.bytes(4);
  else if (op === 0x44) r.bytes(8);
  else if (op === 0x23) {
    const g = r.uleb();
    if (g >= globalsSoFar) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: ${where} reads global ${g}, which is not defined before it`);
  } else
    unsupported(
      op === 0xd0 || op === 0xd2
        ? "reference types"
        : op === 0xfb
          ? "GC"
          : op === 0xfd
            ? "SIMD"
            : `an extended constant expression (opcode 0x${op.toString(16)})`,
      where,
    );
  if (r.byte() !== 0x0b) unsupported("an extended constant expression", where);
}

interface Context {
  types: Array<{ params: number[]; results: number[] }>;
  functions: number;
  tables: number;
  globals: number;
  dataSegments: number | null;
}

/** Reads one function body's instructions, refusing opcodes outside the accepted set. */
function instructions(r: Reader, ctx: Context, fn: number): void {
  const where = `function ${fn}`;
  let depth = 1;
  while (depth > 0) {
    const op = r.byte();
    const refused = REFUSED_OPCODES[op];
    if (refused) unsupported(refused, where);
    switch (op) {
      case 0x02:
      case 0x03:
      case 0x04: {
        depth++;
        if (depth > SCORING_LIMITS.blockDepth)
          fail(ScoringErrorCode.FUNCTION_LIMIT, `module nests blocks deeper than ${SCORING_LIMITS.blockDepth} in ${where}; split the function`);
        const bt = r.b[r.at];
        if (bt === 0x40 || (bt !== undefined && NUMERIC.has(bt))) r.at++;
        else if (bt !== undefined && bt > 0x40 && bt < 0x80) valueType(r, `a block type in ${where}`);
        else {
          const t = r.uleb(33);
          if (t >= ctx.types.length) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: a block in ${where} names type ${t}`);
        }
        break;
      }
      case 0x0b:
        depth--;
        break;
      case 0x0c:
      case 0x0d:
      case 0x20:
      case 0x21:
      case 0x22:
      case 0x23:
      case 0x24:
        r.uleb();
        break;
      case 0x0e:
        for (let n = r.count(); n >= 0; n--) r.uleb();
        break;
      case 0x10:
        if (r.uleb() >= ctx.functions) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: ${where} calls a function that does not exist`);
        break;
      case 0x11: {
        if (r.uleb() >= ctx.types.length) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: ${where} calls indirectly through an unknown type`);
        if (r.uleb() >= ctx.tables) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: ${where} calls indirectly through a table that does not exist`);
        break;
      }
      case 0x1c:
        for (let n = r.count(); n > 0; n--) valueType(r, `a typed select in ${where}`);
        break;
      case 0x3f:
      case 0x40:
        if (r.byte() !== 0) unsupported("multi-memory", where);
        break;
      case 0x41:
        r.sleb(32);
        break;
      case 0x42:
        r.sleb(64);
        break;
      case 0x43:
        r.bytes(4);
        break;
      case 0x44:
        r.bytes(8);
        break;
      case 0xfc: {
        const sub = r.uleb();
        const name = REFUSED_FC[sub];
        if (name) unsupported(`table instructions (${name})`, where);
        if (sub <= 7) break; // saturating float-to-int
        if (sub === 8) {
          const d = r.uleb();
          if (ctx.dataSegments === null || d >= ctx.dataSegments)
            fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: memory.init in ${where} needs a data count section`);
          if (r.byte() !== 0) unsupported("multi-memory", where);
        } else if (sub === 9) {
          if (ctx.dataSegments === null || r.uleb() >= ctx.dataSegments)
            fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: data.drop in ${where} needs a data count section`);
        } else if (sub === 10) {
          if (r.byte() !== 0 || r.byte() !== 0) unsupported("multi-memory", where);
        } else if (sub === 11) {
          if (r.byte() !== 0) unsupported("multi-memory", where);
        } else unsupported(`the instruction 0xfc ${sub}`, where);
        break;
      }
      default:
        if (op >= 0x28 && op <= 0x3e) {
          const align = r.uleb();
          if (align >= 64) unsupported("multi-memory (a memory index in a load or store)", where);
          if (align > 3) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: alignment 2^${align} in ${where}`);
          r.uleb(); // offset: memory64 offsets would be 64-bit; the memory is 32-bit here
        } else if (op <= 0x01 || op === 0x05 || op === 0x0f || op === 0x1a || op === 0x1b || (op >= 0x45 && op <= 0xc4)) {
          // no immediates
        } else unsupported(`the opcode 0x${op.toString(16)}`, where);
    }
  }
}

/** Section ids in the order the binary format requires them (custom sections anywhere). */
const ORDER: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13 };

/**
 * Reads and checks every section of a scoring module against the ABI and `SCORING_LIMITS`. Throws
 * a ScoringError on anything outside them; returns the module's shape when it passes.
 */
export function inspectModule(bytes: Uint8Array, policy: InspectPolicy = {}): ModuleShape {
  const cap = policy.memoryCapPages ?? 1024;
  const allowed = policy.allowedImports ?? ["env.abort"];
  tooBig(
    ScoringErrorCode.MODULE_TOO_LARGE,
    "a size of (bytes)",
    bytes.length,
    SCORING_LIMITS.moduleBytes,
    "a scoring module should be small: leave datasets out of it",
  );
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    fail(ScoringErrorCode.BAD_MODULE, "not a WebAssembly module (no \\0asm header); build the scoring module with asc");
  }
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0)
    unsupported(`binary format version ${bytes[4]}.${bytes[5]}.${bytes[6]}.${bytes[7]} (a component, or a newer format)`, "the header");
  const shape: ModuleShape = { imports: [], exports: [], memory: null, functions: 0, locals: 0, tableEntries: 0 };
  const ctx: Context = { types: [], functions: 0, tables: 0, globals: 0, dataSegments: null };
  const exports = new Map<string, { kind: number; index: number }>();
  let definedTypes: number[] = []; // type index of each defined function
  let importedFunctions = 0;
  let memories = 0;
  let lastRank = 0;
  let codeSeen = false;
  let elements = 0;
  const top = new Reader(bytes, 8);
  while (top.at < bytes.length) {
    const id = top.byte();
    const size = top.uleb();
    if (size > bytes.length - top.at) top.truncated();
    const r = new Reader(bytes, top.at, top.at + size);
    top.at += size;
    if (id !== 0) {
      const rank = ORDER[id] ?? fail(ScoringErrorCode.BAD_MODULE, `the module has an unknown section (id ${id}); rebuild it with asc`);
      if (id === 13) unsupported("exception handling (a tag section)", "section 13");
      if (rank <= lastRank) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: section ${id} is out of order or repeated`);
      lastRank = rank;
    }
    switch (id) {
      case 0:
        r.name();
        r.at = r.end;
        break;
      case 1: {
        const n = r.count();
        tooBig(ScoringErrorCode.FUNCTION_LIMIT, "function types:", n, SCORING_LIMITS.types, "merge identical signatures");
        for (let i = 0; i < n; i++) {
          const form = r.byte();
          if (form === 0x4e || form === 0x50 || form === 0x4f) unsupported("GC (recursive or sub types)", `type ${i}`);
          if (form === 0x5f || form === 0x5e) unsupported(`GC (${form === 0x5f ? "struct" : "array"} types)`, `type ${i}`);
          if (form === 0x5d) unsupported("stack switching (continuation types)", `type ${i}`);
          if (form !== 0x60) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: type ${i} has form 0x${form.toString(16)}`);
          const np = r.count();
          tooBig(ScoringErrorCode.FUNCTION_LIMIT, `parameters in type ${i}:`, np, SCORING_LIMITS.params, "pass a pointer to a struct in memory instead");
          const params = Array.from({ length: np }, () => valueType(r, `type ${i}`));
          const nr = r.count();
          tooBig(ScoringErrorCode.FUNCTION_LIMIT, `results in type ${i}:`, nr, SCORING_LIMITS.results, "return through memory instead");
          const results = Array.from({ length: nr }, () => valueType(r, `type ${i}`));
          ctx.types.push({ params, results });
        }
        break;
      }
      case 2: {
        const n = r.count(3);
        tooBig(ScoringErrorCode.FORBIDDEN_IMPORT, "imports:", n, SCORING_LIMITS.imports, "a scoring module imports only env.abort");
        for (let i = 0; i < n; i++) {
          const module = r.name();
          const name = r.name();
          const kind = r.byte();
          const full = `${module}.${name}`;
          if (kind !== 0)
            fail(
              ScoringErrorCode.FORBIDDEN_IMPORT,
              `module imports a ${KIND_NAMES[kind] ?? `kind-${kind} value`} (${show(full)}); a scoring module imports functions only (${allowed.join(", ") || "none"}) and defines and exports its own memory`,
            );
          const type = r.uleb();
          if (!allowed.includes(full))
            fail(
              ScoringErrorCode.FORBIDDEN_IMPORT,
              `module imports ${show(full)}, which is not allowed (allowed: ${allowed.join(", ") || "none"}); scoring must not touch the host`,
            );
          const sig = ctx.types[type];
          const want = LINKABLE[full];
          if (!sig || !want || sig.params.join() !== want.params.join() || sig.results.join() !== want.results.join())
            fail(
              ScoringErrorCode.FORBIDDEN_IMPORT,
              `module imports ${full} with the wrong signature; it is (msg: i32, file: i32, line: i32, column: i32) → ()`,
            );
          shape.imports.push({ module, name, kind });
          importedFunctions++;
        }
        ctx.functions = importedFunctions;
        break;
      }
      case 3: {
        const n = r.count();
        tooBig(
          ScoringErrorCode.FUNCTION_LIMIT,
          "functions:",
          n + importedFunctions,
          SCORING_LIMITS.functions,
          "a scoring module needs far fewer; split it or inline less",
        );
        definedTypes = Array.from({ length: n }, () => r.uleb());
        if (definedTypes.some((t) => t >= ctx.types.length))
          fail(ScoringErrorCode.BAD_MODULE, "the module is malformed: a function names a type that does not exist");
        ctx.functions += n;
        shape.functions = n;
        break;
      }
      case 4: {
        const n = r.count();
        tooBig(ScoringErrorCode.TABLE_LIMIT, "tables:", n, SCORING_LIMITS.tables, "a scoring module needs at most one funcref table");
        for (let i = 0; i < n; i++) {
          const t = r.byte();
          if (t !== 0x70) unsupported(t === 0x6f ? "reference types (an externref table)" : `a table of type 0x${t.toString(16)}`, `table ${i}`);
          const l = limits(r, "table");
          tooBig(ScoringErrorCode.TABLE_LIMIT, "a table of (initial entries)", l.initial, SCORING_LIMITS.tableEntries, "use fewer indirect-call targets");
          if (l.maximum !== null)
            tooBig(ScoringErrorCode.TABLE_LIMIT, "a table of (maximum entries)", l.maximum, SCORING_LIMITS.tableEntries, "declare a smaller maximum");
          shape.tableEntries = l.initial;
        }
        ctx.tables = n;
        break;
      }
      case 5: {
        const n = r.count();
        memories += n;
        if (memories > 1)
          fail(ScoringErrorCode.BAD_MODULE, `module has ${memories} memories; the ABI allows exactly one (exported as "memory"), and the cap covers one`);
        if (n === 1) {
          const mem = limits(r, "memory");
          if (mem.initial > cap || (mem.maximum !== null && mem.maximum > cap))
            fail(
              ScoringErrorCode.MEMORY_CAP,
              `module declares memory of ${mem.initial}..${mem.maximum ?? "unbounded"} pages, above the cap of ${cap} pages (${cap * 64} KiB); compile it with --maximumMemory ${cap} or less`,
            );
          shape.memory = mem;
        }
        break;
      }
      case 6: {
        const n = r.count(3);
        tooBig(ScoringErrorCode.FUNCTION_LIMIT, "globals:", n, SCORING_LIMITS.globals, "keep state in memory");
        for (let i = 0; i < n; i++) {
          valueType(r, `global ${i}`);
          const mut = r.byte();
          if (mut > 1) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: global ${i} has mutability ${mut}`);
          constExpr(r, ctx.globals, `global ${i}`);
          ctx.globals++;
        }
        break;
      }
      case 7: {
        const n = r.count(3);
        tooBig(ScoringErrorCode.BAD_MODULE, "exports:", n, SCORING_LIMITS.exports, "export the ABI's functions and memory");
        for (let i = 0; i < n; i++) {
          const name = r.name();
          const kind = r.byte();
          const index = r.uleb();
          if (exports.has(name)) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: ${show(name)} is exported twice`);
          if (kind !== 0 && !(kind === 2 && name === "memory"))
            fail(
              ScoringErrorCode.BAD_MODULE,
              `module exports a ${KIND_NAMES[kind] ?? `kind-${kind} value`} as ${show(name)}; a scoring module exports its memory as "memory" and functions only`,
            );
          if (kind === 0 && index >= ctx.functions) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: export ${show(name)} names a missing function`);
          exports.set(name, { kind, index });
          shape.exports.push(name);
        }
        break;
      }
      case 8:
        if (r.uleb() >= ctx.functions) fail(ScoringErrorCode.BAD_MODULE, "the module is malformed: its start function does not exist");
        break;
      case 9: {
        const n = r.count();
        tooBig(ScoringErrorCode.TABLE_LIMIT, "element segments:", n, SCORING_LIMITS.elementSegments, "merge them");
        for (let i = 0; i < n; i++) {
          const flags = r.uleb();
          if (flags !== 0)
            unsupported(`element segment kind ${flags} (passive, declarative or expression elements; reference types and bulk tables)`, `element segment ${i}`);
          if (ctx.tables === 0) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: element segment ${i} has no table`);
          constExpr(r, ctx.globals, `element segment ${i}`);
          const count = r.count();
          elements += count;
          tooBig(ScoringErrorCode.TABLE_LIMIT, "table elements:", elements, SCORING_LIMITS.tableEntries, "use fewer indirect-call targets");
          for (let k = 0; k < count; k++)
            if (r.uleb() >= ctx.functions) fail(ScoringErrorCode.BAD_MODULE, "the module is malformed: an element names a missing function");
        }
        break;
      }
      case 12:
        ctx.dataSegments = r.uleb();
        tooBig(ScoringErrorCode.MODULE_TOO_LARGE, "data segments:", ctx.dataSegments, SCORING_LIMITS.dataSegments, "merge them");
        break;
      case 10: {
        codeSeen = true;
        tooBig(
          ScoringErrorCode.MODULE_TOO_LARGE,
          "a code section of (bytes)",
          size,
          SCORING_LIMITS.codeBytes,
          "a scoring module should be small: optimise it (-O3) or split the work",
        );
        const n = r.count(2);
        if (n !== definedTypes.length) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: ${n} function bodies for ${definedTypes.length} functions`);
        for (let i = 0; i < n; i++) {
          const fn = importedFunctions + i;
          const len = r.uleb();
          tooBig(ScoringErrorCode.MODULE_TOO_LARGE, `function ${fn} of (bytes)`, len, SCORING_LIMITS.functionBytes, "split the function");
          if (len > r.end - r.at) r.truncated();
          const f = new Reader(bytes, r.at, r.at + len);
          r.at += len;
          let locals = 0;
          for (let g = f.count(2); g > 0; g--) {
            locals += f.uleb();
            tooBig(ScoringErrorCode.LOCALS_LIMIT, `locals in function ${fn}:`, locals, SCORING_LIMITS.localsPerFunction, "split the function or reuse locals");
            valueType(f, `the locals of function ${fn}`);
          }
          shape.locals += locals;
          tooBig(
            ScoringErrorCode.LOCALS_LIMIT,
            "locals in all functions:",
            shape.locals,
            SCORING_LIMITS.localsTotal,
            "use fewer functions or fewer locals each",
          );
          instructions(f, ctx, fn);
          if (f.at !== f.end) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: function ${fn}'s body has bytes after its end`);
        }
        break;
      }
      case 11: {
        const n = r.count();
        tooBig(ScoringErrorCode.MODULE_TOO_LARGE, "data segments:", n, SCORING_LIMITS.dataSegments, "merge them");
        if (ctx.dataSegments !== null && ctx.dataSegments !== n)
          fail(ScoringErrorCode.BAD_MODULE, "the module is malformed: the data count does not match the data section");
        let total = 0;
        for (let i = 0; i < n; i++) {
          const flags = r.uleb();
          if (flags === 2 && r.uleb() !== 0) unsupported("multi-memory", `data segment ${i}`);
          if (flags > 2) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: data segment ${i} has flags ${flags}`);
          if (flags !== 1) constExpr(r, ctx.globals, `data segment ${i}`);
          const len = r.uleb();
          total += len;
          tooBig(
            ScoringErrorCode.MODULE_TOO_LARGE,
            "data of (bytes)",
            total,
            SCORING_LIMITS.dataBytes,
            "a scoring module should be small: leave datasets out of it",
          );
          r.bytes(len);
        }
        break;
      }
    }
    if (r.at !== r.end) fail(ScoringErrorCode.BAD_MODULE, `the module is malformed: section ${id} has ${r.end - r.at} byte(s) past its contents`);
  }
  if (!codeSeen && definedTypes.length > 0) fail(ScoringErrorCode.BAD_MODULE, "the module is malformed: functions without a code section");
  if (shape.memory === null) fail(ScoringErrorCode.BAD_MODULE, 'module defines no memory; the ABI needs one, exported as "memory"');
  const missing = ["memory", ...Object.keys(ABI_EXPORTS).filter((e) => ABI_EXPORTS[e]!.required)].filter((e) => !exports.has(e));
  if (missing.length) fail(ScoringErrorCode.BAD_MODULE, `module lacks the ABI export(s) ${missing.join(", ")} (see docs/scoring-abi.md)`);
  for (const [name, want] of Object.entries(ABI_EXPORTS)) {
    const e = exports.get(name);
    if (!e) continue;
    const typeIndex = e.index < importedFunctions ? -1 : definedTypes[e.index - importedFunctions]!;
    const sig = ctx.types[typeIndex];
    if (!sig || sig.params.join() !== want.params.join() || sig.results.join() !== want.results.join()) {
      const t = (xs: number[]) => xs.map((x) => ({ [I32]: "i32", [I64]: "i64", [F32]: "f32", [F64]: "f64" })[x]).join(", ");
      fail(
        ScoringErrorCode.BAD_MODULE,
        `module exports ${name} with the wrong signature; the ABI's is (${t(want.params)}) → (${t(want.results)}) (docs/scoring-abi.md)`,
      );
    }
  }
  return shape;
}

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
};

/**
 * Returns the module with its (defined) memory's maximum set to `capPages` when it declares none.
 * Run on a module `inspectModule` accepted; the sha256 is checked on the original bytes first.
 */
export function capMemory(bytes: Uint8Array, capPages: number): Uint8Array {
  const r = new Reader(bytes, 8);
  while (r.at < bytes.length) {
    const start = r.at;
    const id = r.byte();
    const size = r.uleb();
    const end = r.at + size;
    if (id === 5) {
      const count = r.uleb();
      if (count !== 1) return bytes;
      const mem = limits(r, "memory");
      if (mem.maximum !== null) return bytes;
      const body = [...leb(1), 0x01, ...leb(mem.initial), ...leb(capPages)];
      const section = [5, ...leb(body.length), ...body];
      const out = new Uint8Array(bytes.length - (end - start) + section.length);
      out.set(bytes.subarray(0, start), 0);
      out.set(section, start);
      out.set(bytes.subarray(end), start + section.length);
      return out;
    }
    r.at = end;
  }
  return bytes;
}
