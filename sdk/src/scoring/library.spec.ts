// The AssemblyScript scoring library (sdk/assembly/scoring), compiled into a real module
// (test-fixtures/scoring/probe.ts) and called directly: JSON fields, the checked reader, the batch
// loop's framing, and the per-item scratch that keeps a batch's memory at its largest item's.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Probe = {
  memory: WebAssembly.Memory;
  reset(): void;
  alloc(n: number): number;
  abi_version(): number;
  score_batch(p: number, n: number, o: number): number;
  json_text(p: number, n: number, o: number): number;
  json_n(p: number, n: number): bigint;
  read_layout(p: number, n: number, o: number): number;
};

const dir = mkdtempSync(join(tmpdir(), "tao-scoring-lib-"));
let x: Probe;
beforeAll(async () => {
  const entry = fileURLToPath(new URL("../../test-fixtures/scoring/probe.ts", import.meta.url));
  const file = join(dir, "probe.wasm");
  const { error, stderr } = await asc.main([entry, "-O3", "--runtime", "stub", "--maximumMemory", "64", "-o", file]);
  if (error) throw new Error(stderr.toString());
  x = (
    await WebAssembly.instantiate(readFileSync(file), {
      env: {
        abort: () => {
          throw new Error("abort");
        },
      },
    })
  ).instance.exports as unknown as Probe;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const enc = new TextEncoder();
/** Copies `bytes` into the module (after a reset) and returns its pointer. */
function lower(bytes: Uint8Array): number {
  const p = x.alloc(Math.max(bytes.length, 1));
  new Uint8Array(x.memory.buffer, p, bytes.length).set(bytes);
  return p;
}
function text(json: string): string | null {
  x.reset();
  const b = enc.encode(json);
  const out = x.alloc(b.length + 1);
  const n = x.json_text(lower(b), b.length, out);
  return n < 0 ? null : new TextDecoder().decode(new Uint8Array(x.memory.buffer, out, n));
}
function n(json: string): number {
  x.reset();
  const b = enc.encode(json);
  return Number(x.json_n(lower(b), b.length));
}
function batch(items: [Uint8Array, Uint8Array][], cut = 0): { count: number; scores: number[] } {
  x.reset();
  const parts: number[] = [];
  const u32 = (v: number) => parts.push(v & 255, (v >> 8) & 255, (v >> 16) & 255, (v >>> 24) & 255);
  u32(items.length);
  for (const [c, r] of items) {
    u32(c.length);
    parts.push(...c);
    u32(r.length);
    parts.push(...r);
  }
  const bytes = new Uint8Array(parts.slice(0, parts.length - cut));
  const p = lower(bytes);
  const o = x.alloc(items.length * 2);
  const count = x.score_batch(p, bytes.length, o);
  return { count, scores: count > 0 ? [...new Uint16Array(x.memory.buffer.slice(o, o + count * 2))] : [] };
}

describe("the AssemblyScript scoring library", () => {
  it("implements ABI version 1", () => expect(x.abi_version()).toBe(1));

  it("reads a top-level JSON string field, decoding escapes to UTF-8, and ignores keys in nested values and strings", () => {
    expect(text(`{"text": "plain"}`)).toBe("plain");
    expect(text(`{ "a": {"text": "nested"}, "b": "\\"text\\": \\"in a string\\"", "text" :  "top" }`)).toBe("top");
    expect(text(`{"text": "tab\\tquote\\"slash\\\\ \\u00e9\\u20ac A\\u0042"}`)).toBe('tab\tquote"slash\\ é€ AB');
    expect(text(`{"text": "a\\nb\\rc"}`)).toBe("a\nb\rc");
    expect(text(`{"text": "Über ☀️"}`)).toBe("Über ☀️");
    expect(text(`{"text": ""}`)).toBe("");
  });

  it("says null for a string field that is absent, not a string, or cut short", () => {
    expect(text(`{"other": "x"}`)).toBeNull();
    expect(text(`{"text": 12}`)).toBeNull();
    expect(text(`{"text": "no end`)).toBeNull();
    expect(text(`{"text": "bad \\u12G4"}`)).toBeNull();
    expect(text(`["text", "x"]`)).toBeNull();
  });

  it("reads a non-negative integer field, -1 when absent, negative, not a number or longer than 15 digits", () => {
    expect(n(`{"n": 42}`)).toBe(42);
    expect(n(`{"n":0, "m": 7}`)).toBe(0);
    expect(n(`{"n": 999999999999999}`)).toBe(999999999999999);
    expect(n(`{"n": 1000000000000000}`)).toBe(-1);
    expect(n(`{"n": -3}`)).toBe(-1);
    expect(n(`{"n": "3"}`)).toBe(-1);
    expect(n(`{"m": 3}`)).toBe(-1);
  });

  it("reads a packed little-endian layout, and reports a short or long one instead of trapping", () => {
    const layout = (bytes: number[]) => {
      x.reset();
      const out = x.alloc(20);
      const flags = x.read_layout(lower(new Uint8Array(bytes)), bytes.length, out);
      return { ok: (flags & 1) === 1, done: (flags & 2) === 2, values: [...new Uint32Array(x.memory.buffer.slice(out, out + 20))] };
    };
    const exact = [7, 1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 9, 8, 7, 6, 5, 0, 0, 0];
    expect(layout(exact)).toEqual({ ok: true, done: true, values: [7, 1, 0xfffffffe, 0x06070809, 5] });
    expect(layout([...exact, 0])).toMatchObject({ ok: true, done: false });
    const short = layout(exact.slice(0, 11));
    expect(short).toMatchObject({ ok: false, done: false });
    expect(short.values.slice(3)).toEqual([0xffffffff, 0]);
    expect(layout([])).toEqual({ ok: false, done: false, values: [0, 0, 0, 0xffffffff, 0] });
  });

  it("scores every item of a batch in order, and returns -1 for a batch whose framing does not fit", () => {
    const items: [Uint8Array, Uint8Array][] = [
      [enc.encode("c"), enc.encode("abc")],
      [new Uint8Array(0), new Uint8Array(0)],
      [enc.encode("x"), enc.encode("hello")],
    ];
    expect(batch(items)).toEqual({ count: 3, scores: [3, 0, 5] });
    expect(batch(items, 1).count).toBe(-1);
    expect(batch([]).count).toBe(0);
    x.reset();
    expect(x.score_batch(lower(new Uint8Array([1, 0])), 2, 0)).toBe(-1);
  });

  it("rewinds the scratch region before each item: 40 items taking 1 MiB each fit in a 4 MiB memory", () => {
    // the probe's memory cap is 64 pages (4 MiB): without the rewind, 40 MiB of scratch would trap
    const items = Array.from({ length: 40 }, (_, i): [Uint8Array, Uint8Array] => [new Uint8Array(1), new Uint8Array(i)]);
    const { count, scores } = batch(items);
    expect(count).toBe(40);
    expect(scores).toEqual(items.map((_, i) => i));
    expect(x.memory.buffer.byteLength).toBeLessThanOrEqual(64 * 65536);
  });
});
