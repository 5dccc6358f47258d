// The static check of scoring modules (inspect.ts), one crafted module per section kind and per
// limit, written byte by byte (test-fixtures/wasmWriter.ts): each must be refused with its typed
// code before anything compiles it, and the modules the kits build must pass.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  ABORT_IMPORT,
  abiModule,
  cat,
  EXTERNREF,
  exportEntry,
  F64,
  FUNCREF,
  funcType,
  I32,
  limits,
  module,
  name,
  SECTION,
  s32,
  section,
  u32,
  V128,
  vec,
} from "../../test-fixtures/wasmWriter.js";
import { ScoringError } from "./errors.js";
import { capMemory, inspectModule, SCORING_LIMITS } from "./inspect.js";

const refusal = (bytes: Uint8Array, policy?: Parameters<typeof inspectModule>[1]) => {
  try {
    inspectModule(bytes, policy);
  } catch (e) {
    expect(e).toBeInstanceOf(ScoringError);
    return e as ScoringError;
  }
  throw new Error("the module was accepted");
};
/** score_batch with these instructions before returning the count. */
const code = (...ops: number[][]) => abiModule({ scoreBatch: cat(...ops, [0x20, 0x00, 0x28, 0x02, 0x00]) });
const L = SCORING_LIMITS;

/** The 110-byte module of the report: nothing but a table of 10,000,000 entries (and the ABI's exports, here). */
export const hugeTable = abiModule({ tables: [cat([FUNCREF], limits(10_000_000))] });

describe("the static check of a scoring module (crafted modules, one per section and limit)", () => {
  it("accepts the modules the kits and the sdk build, and the writer's ABI module", () => {
    for (const f of ["kits/text", "kits/image", "kits/speech", "kits/storage"]) {
      const shape = inspectModule(new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../${f}/build/scoring.wasm`, import.meta.url)))));
      expect(shape.imports).toEqual([{ module: "env", name: "abort", kind: 0 }]);
      expect(shape.memory?.maximum).toBeLessThanOrEqual(1024);
    }
    const shape = inspectModule(abiModule());
    expect(shape).toMatchObject({ exports: ["memory", "alloc", "score_batch", "reset"], memory: { initial: 1, maximum: null }, functions: 3 });
    expect(WebAssembly.validate(abiModule())).toBe(true);
  });

  it("accepts what AssemblyScript emits: abort import, a funcref table with elements, a start function, passive data with memory.init, sign extension, saturating truncation, bulk memory", () => {
    const bytes = abiModule({
      imports: [ABORT_IMPORT],
      importedFunctions: 1,
      tables: [cat([FUNCREF], limits(2, 2))],
      element: [cat([0x00, 0x41], s32(1), [0x0b], vec([u32(1)]))],
      functions: [{ type: 2, body: [] }],
      start: 4,
      dataCount: 1,
      data: [cat([0x01], vec([[1], [2], [3]]))],
      scoreBatch: cat(
        [0x41, 0x00, 0x41, 0x00, 0x41, 0x03, 0xfc, 0x08, 0x00, 0x00], // memory.init 0
        [0x41, 0x00, 0xc0, 0x1a], // i32.extend8_s
        [0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0xfc, 0x02, 0x1a], // i32.trunc_sat_f64_s
        [0x41, 0x00, 0x41, 0x00, 0x41, 0x04, 0xfc, 0x0b, 0x00], // memory.fill
        [0x20, 0x00, 0x28, 0x02, 0x00],
      ),
    });
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(inspectModule(bytes).tableEntries).toBe(2);
  });

  // [what, module, code, message part]
  const cases: Array<[string, () => Uint8Array, string, RegExp]> = [
    // the header and the framing
    ["bytes that are not WebAssembly", () => new TextEncoder().encode("#!/bin/sh\nrm -rf /"), "SCORING_BAD_MODULE", /no \\0asm header/],
    ["a component (binary version 0x0d)", () => Uint8Array.from([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]), "SCORING_UNSUPPORTED_FEATURE", /version 13/],
    ["a truncated module", () => abiModule().subarray(0, 40), "SCORING_BAD_MODULE", /runs past its end/],
    [
      "a section with bytes past its contents",
      () => module(section(SECTION.type, cat(vec([funcType([], [])]), [0x00]))),
      "SCORING_BAD_MODULE",
      /past its contents/,
    ],
    ["sections out of order", () => abiModule({ leadingSections: [section(SECTION.memory, vec([limits(1)]))] }), "SCORING_BAD_MODULE", /out of order/],
    ["an unknown section", () => abiModule({ extraSections: [section(99, [])] }), "SCORING_BAD_MODULE", /unknown section/],
    ["an over-long LEB128 number", () => module([SECTION.type, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), "SCORING_BAD_MODULE", /LEB128/],
    [
      "a module above the size limit (a custom section)",
      () => {
        const big = new Uint8Array(L.moduleBytes + 1);
        big.set(abiModule());
        return big;
      },
      "SCORING_MODULE_TOO_LARGE",
      /limit of 4194304/,
    ],
    // the type section
    ["a GC struct type", () => abiModule({ types: [cat([0x5f], vec([[I32, 0x01]]))] }), "SCORING_UNSUPPORTED_FEATURE", /GC \(struct types\)/],
    ["a GC array type", () => abiModule({ types: [[0x5e, I32, 0x01]] }), "SCORING_UNSUPPORTED_FEATURE", /GC \(array types\)/],
    [
      "a recursive type group",
      () => abiModule({ types: [cat([0x4e], vec([funcType([], [])]))] }),
      "SCORING_UNSUPPORTED_FEATURE",
      /GC \(recursive or sub types\)/,
    ],
    ["a sub type", () => abiModule({ types: [cat([0x50, 0x00], funcType([], []))] }), "SCORING_UNSUPPORTED_FEATURE", /GC/],
    ["a v128 parameter", () => abiModule({ types: [funcType([V128], [])] }), "SCORING_UNSUPPORTED_FEATURE", /SIMD/],
    ["an externref parameter", () => abiModule({ types: [funcType([EXTERNREF], [])] }), "SCORING_UNSUPPORTED_FEATURE", /reference types/],
    ["a typed reference result", () => abiModule({ types: [funcType([], [0x64])] }), "SCORING_UNSUPPORTED_FEATURE", /GC or typed references/],
    ["too many parameters", () => abiModule({ types: [funcType(Array(L.params + 1).fill(I32), [])] }), "SCORING_FUNCTION_LIMIT", /parameters in type 4: 129/],
    ["too many results", () => abiModule({ types: [funcType([], Array(L.results + 1).fill(I32))] }), "SCORING_FUNCTION_LIMIT", /results/],
    ["too many types", () => abiModule({ types: Array.from({ length: L.types }, () => funcType([], [])) }), "SCORING_FUNCTION_LIMIT", /function types: 10004/],
    // imports
    [
      "an imported memory",
      () => abiModule({ imports: [cat(name("env"), name("memory"), [0x02], limits(1))] }),
      "SCORING_FORBIDDEN_IMPORT",
      /imports a memory \("env.memory"\)/,
    ],
    [
      "an imported table",
      () => abiModule({ imports: [cat(name("env"), name("table"), [0x01, FUNCREF], limits(1))] }),
      "SCORING_FORBIDDEN_IMPORT",
      /imports a table/,
    ],
    ["an imported global", () => abiModule({ imports: [cat(name("env"), name("g"), [0x03, I32, 0x00])] }), "SCORING_FORBIDDEN_IMPORT", /imports a global/],
    ["an imported tag", () => abiModule({ imports: [cat(name("env"), name("e"), [0x04, 0x00], u32(2))] }), "SCORING_FORBIDDEN_IMPORT", /imports a tag/],
    [
      "a function import outside the allow-list",
      () => abiModule({ imports: [cat(name("wasi_snapshot_preview1"), name("fd_write"), [0x00], u32(3))], importedFunctions: 1 }),
      "SCORING_FORBIDDEN_IMPORT",
      /wasi_snapshot_preview1.fd_write/,
    ],
    [
      "env.abort with another signature",
      () => abiModule({ imports: [cat(name("env"), name("abort"), [0x00], u32(0))], importedFunctions: 1 }),
      "SCORING_FORBIDDEN_IMPORT",
      /wrong signature/,
    ],
    // functions and code
    [
      "too many functions",
      () => abiModule({ functions: Array.from({ length: L.functions }, () => ({ type: 2, body: [] })) }),
      "SCORING_FUNCTION_LIMIT",
      /functions: 20003, above the limit of 20000/,
    ],
    [
      "too many locals in one function",
      () =>
        abiModule({
          scoreBatchLocals: [
            [L.localsPerFunction, I32],
            [1, F64],
          ],
        }),
      "SCORING_LOCALS_LIMIT",
      /locals in function 1: 4097/,
    ],
    [
      "too many locals in all functions",
      () => abiModule({ functions: Array.from({ length: 30 }, () => ({ type: 2, body: [], locals: [[4000, I32]] as Array<[number, number]> })) }),
      "SCORING_LOCALS_LIMIT",
      /locals in all functions: 10\d{4}, above the limit of 100000/,
    ],
    ["a v128 local", () => abiModule({ scoreBatchLocals: [[1, V128]] }), "SCORING_UNSUPPORTED_FEATURE", /SIMD/],
    [
      "a function body above the limit",
      () => abiModule({ functions: [{ type: 2, body: new Array(L.functionBytes).fill(0x01) }] }),
      "SCORING_MODULE_TOO_LARGE",
      /function 3 of \(bytes\)/,
    ],
    [
      "a code section above the limit",
      () => abiModule({ functions: Array.from({ length: 10 }, () => ({ type: 2, body: new Array(L.functionBytes - 100).fill(0x01) })) }),
      "SCORING_MODULE_TOO_LARGE",
      /a code section of \(bytes\)/,
    ],
    [
      "blocks nested too deep",
      () => code(new Array(L.blockDepth).fill([0x02, 0x40]).flat(), new Array(L.blockDepth).fill(0x0b)),
      "SCORING_FUNCTION_LIMIT",
      /nests blocks deeper than 1024/,
    ],
    ["exception handling (try)", () => code([0x06, 0x40, 0x0b]), "SCORING_UNSUPPORTED_FEATURE", /exception handling \(try\)/],
    ["exception handling (throw)", () => code([0x08, 0x00]), "SCORING_UNSUPPORTED_FEATURE", /exception handling \(throw\)/],
    ["tail calls", () => code([0x12, 0x00]), "SCORING_UNSUPPORTED_FEATURE", /tail calls/],
    ["typed function references (call_ref)", () => code([0x14, 0x00]), "SCORING_UNSUPPORTED_FEATURE", /call_ref/],
    ["reference types (ref.func)", () => code([0xd2, 0x00, 0x1a]), "SCORING_UNSUPPORTED_FEATURE", /ref.func/],
    ["reference types (table.get)", () => code([0x41, 0x00, 0x25, 0x00, 0x1a]), "SCORING_UNSUPPORTED_FEATURE", /table.get/],
    ["table.grow", () => code([0x41, 0x00, 0x41, 0x01, 0xfc, 0x0f, 0x00, 0x1a]), "SCORING_UNSUPPORTED_FEATURE", /table instructions \(table.grow\)/],
    ["table.size", () => code([0xfc, 0x10, 0x00, 0x1a]), "SCORING_UNSUPPORTED_FEATURE", /table.size/],
    ["table.fill", () => code([0xfc, 0x11, 0x00]), "SCORING_UNSUPPORTED_FEATURE", /table.fill/],
    ["GC instructions", () => code([0xfb, 0x07, 0x00]), "SCORING_UNSUPPORTED_FEATURE", /GC \(struct\/array instructions\)/],
    ["SIMD instructions", () => code([0xfd, 0x0c, ...new Array(16).fill(0), 0x1a]), "SCORING_UNSUPPORTED_FEATURE", /SIMD/],
    ["atomics", () => code([0x41, 0x00, 0xfe, 0x10, 0x02, 0x00, 0x1a]), "SCORING_UNSUPPORTED_FEATURE", /threads \(atomics\)/],
    ["a second memory named in a load (multi-memory)", () => code([0x41, 0x00, 0x28, 0x42, 0x01, 0x00, 0x1a]), "SCORING_UNSUPPORTED_FEATURE", /multi-memory/],
    ["memory.grow on memory 1", () => code([0x41, 0x01, 0x40, 0x01, 0x1a]), "SCORING_UNSUPPORTED_FEATURE", /multi-memory/],
    ["an unknown opcode", () => code([0xc5]), "SCORING_UNSUPPORTED_FEATURE", /opcode 0xc5/],
    ["a call to a missing function", () => code([0x10, 0x63]), "SCORING_BAD_MODULE", /calls a function that does not exist/],
    // tables and elements
    ["the report's table of 10,000,000 entries", () => hugeTable, "SCORING_TABLE_LIMIT", /a table of \(initial entries\) 10000000, above the limit of 10000/],
    ["a table whose maximum is 10,000,000", () => abiModule({ tables: [cat([FUNCREF], limits(1, 10_000_000))] }), "SCORING_TABLE_LIMIT", /maximum entries/],
    ["two tables", () => abiModule({ tables: [cat([FUNCREF], limits(1)), cat([FUNCREF], limits(1))] }), "SCORING_TABLE_LIMIT", /tables: 2/],
    ["an externref table", () => abiModule({ tables: [cat([EXTERNREF], limits(1))] }), "SCORING_UNSUPPORTED_FEATURE", /externref table/],
    ["a 64-bit table", () => abiModule({ tables: [cat([FUNCREF], limits(1, undefined, 0x04))] }), "SCORING_UNSUPPORTED_FEATURE", /table64/],
    [
      "too many element segments",
      () =>
        abiModule({
          tables: [cat([FUNCREF], limits(1))],
          element: Array.from({ length: L.elementSegments + 1 }, () => cat([0x00, 0x41, 0x00, 0x0b], vec([]))),
        }),
      "SCORING_TABLE_LIMIT",
      /element segments: 1001/,
    ],
    [
      "more elements than a table may hold",
      () =>
        abiModule({
          tables: [cat([FUNCREF], limits(1))],
          element: [cat([0x00, 0x41, 0x00, 0x0b], vec(Array.from({ length: L.tableEntries + 1 }, () => [0x00])))],
        }),
      "SCORING_TABLE_LIMIT",
      /table elements: 10001/,
    ],
    [
      "a passive element segment",
      () => abiModule({ tables: [cat([FUNCREF], limits(1))], element: [cat([0x01, 0x00], vec([[0x00]]))] }),
      "SCORING_UNSUPPORTED_FEATURE",
      /element segment kind 1/,
    ],
    // memory
    ["a memory above the cap", () => abiModule({ memories: [limits(2000)] }), "SCORING_MEMORY_CAP", /2000..unbounded pages, above the cap of 1024/],
    ["a memory maximum above the cap", () => abiModule({ memories: [limits(1, 65536)] }), "SCORING_MEMORY_CAP", /1..65536 pages/],
    ["a shared memory", () => abiModule({ memories: [limits(1, 2, 0x03)] }), "SCORING_UNSUPPORTED_FEATURE", /shared memory \(threads\)/],
    ["a 64-bit memory", () => abiModule({ memories: [limits(1, undefined, 0x04)] }), "SCORING_UNSUPPORTED_FEATURE", /memory64/],
    ["a custom page size", () => abiModule({ memories: [limits(1, undefined, 0x08)] }), "SCORING_UNSUPPORTED_FEATURE", /memory limits flags 0x8/],
    ["two memories", () => abiModule({ memories: [limits(1), limits(1)] }), "SCORING_BAD_MODULE", /2 memories/],
    ["no memory", () => abiModule({ memories: [] }), "SCORING_BAD_MODULE", /defines no memory/],
    // globals
    [
      "too many globals",
      () => abiModule({ globals: Array.from({ length: L.globals }, () => [I32, 0x00, 0x41, 0x00, 0x0b]) }),
      "SCORING_FUNCTION_LIMIT",
      /globals: 1001/,
    ],
    ["a v128 global", () => abiModule({ globals: [[V128, 0x00, 0xfd, 0x0c, ...new Array(16).fill(0), 0x0b]] }), "SCORING_UNSUPPORTED_FEATURE", /SIMD/],
    [
      "an extended constant expression",
      () => abiModule({ globals: [[I32, 0x00, 0x41, 0x01, 0x41, 0x01, 0x6a, 0x0b]] }),
      "SCORING_UNSUPPORTED_FEATURE",
      /extended constant expression/,
    ],
    // exports
    [
      "an exported table",
      () => abiModule({ tables: [cat([FUNCREF], limits(1))], exports: [exportEntry("t", 1, 0)] }),
      "SCORING_BAD_MODULE",
      /exports a table as "t"/,
    ],
    ["an exported global", () => abiModule({ exports: [exportEntry("g", 3, 0)] }), "SCORING_BAD_MODULE", /exports a global as "g"/],
    [
      "alloc with the wrong signature",
      () => abiModule({ allocType: 2, alloc: [] }),
      "SCORING_BAD_MODULE",
      /exports alloc with the wrong signature; the ABI's is \(i32\) → \(i32\)/,
    ],
    ["a missing score_batch", () => abiModule({ omitExports: ["score_batch"] }), "SCORING_BAD_MODULE", /lacks the ABI export\(s\) score_batch/],
    ["a missing memory export", () => abiModule({ omitExports: ["memory"] }), "SCORING_BAD_MODULE", /lacks the ABI export\(s\) memory/],
    [
      "score_batch with the wrong signature",
      () => abiModule({ scoreBatchType: 0, scoreBatch: [0x41, 0x00] }),
      "SCORING_BAD_MODULE",
      /score_batch with the wrong signature/,
    ],
    // data
    [
      "data above the limit",
      () => abiModule({ memories: [limits(100)], data: [cat([0x00, 0x41, 0x00, 0x0b], u32(L.dataBytes + 1), new Uint8Array(L.dataBytes + 1))] }),
      "SCORING_MODULE_TOO_LARGE",
      /data of \(bytes\)/,
    ],
    [
      "too many data segments",
      () => abiModule({ data: Array.from({ length: L.dataSegments + 1 }, () => [0x01, 0x00]) }),
      "SCORING_MODULE_TOO_LARGE",
      /data segments: 10001/,
    ],
    ["a data count that does not match", () => abiModule({ dataCount: 2, data: [[0x01, 0x00]] }), "SCORING_BAD_MODULE", /data count/],
    // sections of refused proposals
    ["a tag section (exceptions)", () => abiModule({ tags: [[0x00, 0x02]] }), "SCORING_UNSUPPORTED_FEATURE", /exception handling \(a tag section\)/],
  ];

  it.each(cases)("refuses %s", (_, make, code, message) => {
    const e = refusal(make());
    expect(e.code).toBe(code);
    expect(e.kind).toBe("refused");
    expect(e.message).toMatch(message);
    expect(e.message.length).toBeLessThan(600);
  });

  it("the report's table module is valid WebAssembly that an engine would allocate: only the static check stands in the way", () => {
    expect(WebAssembly.validate(hugeTable)).toBe(true);
    expect(hugeTable.length).toBeLessThan(200);
  });

  it("caps a memory without a maximum and leaves one with a maximum alone", () => {
    const capped = capMemory(abiModule(), 256);
    expect(inspectModule(capped).memory).toEqual({ initial: 1, maximum: 256 });
    const declared = abiModule({ memories: [limits(1, 8)] });
    expect(capMemory(declared, 256)).toBe(declared);
  });

  it("applies the host's memory cap and import allow-list", () => {
    expect(refusal(abiModule({ memories: [limits(300)] }), { memoryCapPages: 256 }).code).toBe("SCORING_MEMORY_CAP");
    expect(refusal(abiModule({ imports: [ABORT_IMPORT], importedFunctions: 1 }), { allowedImports: [] }).code).toBe("SCORING_FORBIDDEN_IMPORT");
  });
});
