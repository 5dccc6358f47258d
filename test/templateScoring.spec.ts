/**
 * The templates import their scoring primitives from the kits' and the sdk's assembly/ instead of
 * copying them. What keeps a template's rule from drifting away from its kit's: each template's
 * assembly/scoring.ts, compiled here against the workspace packages (asc resolves
 * `@tao-subnet/<pkg>/assembly/…` in node_modules, as in a generated project), must give exactly the
 * kit's module's scores on seeded generated pairs (valid, near-miss and malformed ones), and import
 * only files its packages publish.
 */

import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "tao-template-scoring-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

type Pair = [Uint8Array, Uint8Array];
type Exports = { memory: WebAssembly.Memory; reset(): void; alloc(n: number): number; score_batch(p: number, n: number, o: number): number };

/** A seeded PRNG (mulberry32): the same pairs on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

async function compile(entry: string, cwd: string): Promise<Exports> {
  const file = join(out, `${createHash("sha256").update(entry).digest("hex").slice(0, 12)}.wasm`);
  const stderr: string[] = [];
  const { error } = await asc.main([entry, "-O3", "--runtime", "stub", "--maximumMemory", "512", "--baseDir", cwd, "-o", file], {
    stdout: { write: () => true },
    stderr: {
      write: (s: string | Uint8Array) => {
        stderr.push(String(s));
        return true;
      },
    },
  } as never);
  if (error) throw new Error(`${entry}: ${stderr.join("")}`);
  const { instance } = await WebAssembly.instantiate(readFileSync(file), {
    env: {
      abort: () => {
        throw new Error("abort");
      },
    },
  });
  return instance.exports as unknown as Exports;
}

function scores(x: Exports, pairs: Pair[]): number[] {
  x.reset();
  const parts: Uint8Array[] = [u32(pairs.length)];
  for (const [c, r] of pairs) parts.push(u32(c.length), c, u32(r.length), r);
  const batch = Buffer.concat(parts);
  const p = x.alloc(batch.length);
  const o = x.alloc(pairs.length * 2);
  new Uint8Array(x.memory.buffer, p, batch.length).set(batch);
  expect(x.score_batch(p, batch.length, o)).toBe(pairs.length);
  return [...new Uint16Array(x.memory.buffer.slice(o, o + pairs.length * 2))];
}

const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
};
const utf8 = (s: string) => new TextEncoder().encode(s);

/** JSON pairs for the text and speech kits: texts with escapes, numbers, non-ASCII; missing fields; garbage. */
function jsonPairs(answerKey: string, seed: number): Pair[] {
  const r = prng(seed);
  const words = [
    "the",
    "The",
    "cat",
    "CAT",
    "sat",
    "on",
    "mat",
    "Über",
    "☀️",
    "42",
    "1,000",
    "007",
    "don't",
    "don’t",
    "a\\nb",
    "x\\u00e9y",
    "\\ud83d",
    '\\"q\\"',
    "\\t",
    ",",
    ".",
    "—",
    "ß",
  ];
  const text = () => Array.from({ length: r(12) }, () => words[r(words.length)]).join(r(5) ? " " : "");
  return Array.from({ length: 600 }, (): Pair => {
    const ref = text();
    const budget = r(2) ? `, "latency_budget_ms": ${r(6000)}` : "";
    const c = `{${r(10) ? `"reference": "${ref}"` : ""}${budget}, "nested": {"${answerKey}": "x"}}`;
    const latency = r(2) ? `"latency_ms": ${r(19000)},` : "";
    const a = r(10) ? `"${answerKey}" : "${r(3) ? text() : ref}"` : "";
    return [utf8(c), utf8(r(20) ? `{${latency} ${a}}` : "garbage")];
  });
}

/** Image pairs in the kit's packed layout: labels, jittered and stray detections, hashes off by bits. */
function imagePairs(seed: number): Pair[] {
  const r = prng(seed);
  return Array.from({ length: 600 }, (): Pair => {
    const W = r(5) ? 1 + r(200) : 0,
      H = 1 + r(200);
    const hash = Buffer.from(Array.from({ length: 32 }, () => r(256)));
    const labels = Array.from({ length: r(8) }, () => [r(3), r(W * 16), r(H * 16), 1 + r(W * 8), 1 + r(H * 8)]);
    const c = Buffer.alloc(56 + labels.length * 20);
    c.writeUInt32LE(0x31474d49, 0);
    c.writeUInt32LE(W, 4);
    c.writeUInt32LE(H, 8);
    c.writeUInt32LE(r(3) ? r(3000) : 0, 12);
    c.writeUInt32LE(r(10), 16);
    hash.copy(c, 20);
    c.writeUInt32LE(labels.length, 52);
    labels.forEach((l, i) => {
      c.writeUInt32LE(l[0]!, 56 + i * 20);
      for (let k = 1; k < 5; k++) c.writeInt32LE(l[k]!, 56 + i * 20 + 4 * k);
    });
    const jittered = r(3) ? labels.map((l) => [r(4) ? l[0]! : r(3), l[1]! + r(64) - 32, l[2]! + r(64) - 32, l[3]! + r(32) - 16, l[4]! + r(32) - 16]) : [];
    const dets = jittered.concat(Array.from({ length: r(4) }, () => [r(3), r(W * 16) - 100, r(H * 16), r(W * 8), r(H * 8)]));
    const a = Buffer.alloc(48 + dets.length * 24);
    a.writeUInt32LE(0x31524d49, 0);
    a.writeUInt32LE(r(8000), 4);
    a.writeUInt32LE(r(10) ? 1 : 0, 8);
    const h = Buffer.from(hash);
    if (r(3) === 0) h[r(32)]! ^= 1 << r(8);
    if (r(10) === 0) h[r(32)]! ^= 0xff;
    h.copy(a, 12);
    a.writeUInt32LE(dets.length, 44);
    dets.forEach((d, i) => {
      a.writeUInt32LE(d[0]!, 48 + i * 24);
      for (let k = 1; k < 5; k++) a.writeInt32LE(d[k]!, 48 + i * 24 + 4 * k);
      a.writeUInt32LE(r(4) ? r(65536) : 30000, 68 + i * 24);
    });
    return r(30) ? [c, a] : [c.subarray(0, c.length - 1), a];
  });
}

/** Storage pairs in the kit's layout: real RFC 9162 trees and proofs, wrong answers, short proofs, truncations. */
function storagePairs(seed: number): Pair[] {
  const r = prng(seed);
  const H = (...b: Uint8Array[]) => createHash("sha256").update(Buffer.concat(b)).digest();
  const node = (a: Buffer, b: Buffer) => H(Buffer.from([1]), a, b);
  const split = (n: number) => {
    let k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  };
  const mth = (l: Buffer[]): Buffer => (l.length === 1 ? l[0]! : node(mth(l.slice(0, split(l.length))), mth(l.slice(split(l.length)))));
  const path = (m: number, l: Buffer[]): Buffer[] => {
    if (l.length === 1) return [];
    const k = split(l.length);
    return m < k ? [...path(m, l.slice(0, k)), mth(l.slice(k))] : [...path(m - k, l.slice(k)), mth(l.slice(0, k))];
  };
  return Array.from({ length: 600 }, (): Pair => {
    const size = 1 + r(300),
      cs = 1 + r(64);
    const blob = Buffer.from(Array.from({ length: size }, () => r(256)));
    const chunks: Buffer[] = [];
    for (let i = 0; i < size; i += cs) chunks.push(blob.subarray(i, i + cs));
    const leaves = chunks.map((c) => H(Buffer.from([0]), c));
    const root = mth(leaves);
    const op = r(3),
      index = r(chunks.length + (r(10) ? 0 : 2));
    const nonce = Buffer.from(Array.from({ length: 32 }, () => r(256)));
    const c = Buffer.alloc(100);
    c[0] = r(2);
    c[1] = r(20) ? op : 3;
    root.copy(c, 4);
    c.writeUInt32LE(r(30) ? size : 0, 36);
    c.writeUInt32LE(cs, 40);
    c.writeUInt32LE(index, 44);
    nonce.copy(c, 48);
    const trials = r(300);
    c.writeUInt32LE(r(50) ? trials : 0xffffffff, 80);
    c.writeUInt32LE(r(trials + 2), 84);
    c.writeUInt32LE(r(500), 88);
    c.writeUInt32LE(r(5000), 92);
    c.writeUInt32LE(r(3) ? r(300) : 0, 96);
    let answer = Buffer.alloc(32),
      proof: Buffer[] = [],
      data = Buffer.alloc(0);
    if (op === 0) answer = r(5) ? root : H(root);
    if (op === 1 && index < chunks.length) {
      data = chunks[index]!;
      proof = path(index, leaves);
      answer = H(data, nonce);
      if (r(6) === 0) proof = proof.slice(1);
      if (r(8) === 0) answer = H(answer);
    }
    if (op === 2) data = r(6) ? blob : blob.subarray(1);
    const a = Buffer.alloc(44 + 32 * proof.length + data.length);
    a.writeUInt32LE(r(4000), 0);
    answer.copy(a, 4);
    a.writeUInt32LE(proof.length, 36);
    proof.forEach((p, i) => p.copy(a, 40 + 32 * i));
    a.writeUInt32LE(data.length, 40 + 32 * proof.length);
    data.copy(a, 44 + 32 * proof.length);
    return r(30) ? [c, a] : [c, a.subarray(0, a.length - 1)];
  });
}

const cases: [kit: string, pairs: () => Pair[]][] = [
  ["text", () => jsonPairs("completion", 1)],
  ["speech", () => jsonPairs("transcript", 2)],
  ["image", () => imagePairs(3)],
  ["storage", () => storagePairs(4)],
];

describe("the templates' scoring modules", () => {
  it.each(cases)(
    "%s: the template's module, built against the workspace packages, scores exactly as the kit's module",
    async (kit, pairs) => {
      const dir = join(root, "templates", kit);
      const template = await compile("assembly/scoring.ts", dir);
      const kits = await compile("assembly/scoring.ts", join(root, "kits", kit));
      const batch = pairs();
      const mine = scores(template, batch);
      expect(mine).toEqual(scores(kits, batch));
      expect(mine.filter((s) => s > 0).length, "some pairs must score").toBeGreaterThan(batch.length / 5);
      expect(mine.filter((s) => s === 0).length, "some pairs must fail").toBeGreaterThan(batch.length / 20);
    },
    120_000,
  );

  it.each(["text", "speech", "image", "storage", "custom"])("%s: imports only files that the packages it depends on publish", (kit) => {
    const source = readFileSync(join(root, "templates", kit, "assembly/scoring.ts"), "utf8");
    const deps = Object.keys(
      (JSON.parse(readFileSync(join(root, "templates", kit, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies,
    );
    const specifiers = [...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1]!);
    expect(specifiers.length).toBeGreaterThan(0);
    for (const s of specifiers) {
      const pkg = /^(@tao-subnet\/[^/]+)\/(.+)$/.exec(s);
      expect(pkg, `${s}: a template imports from packages, not relative files`).not.toBeNull();
      expect(deps, `${s}: the template's package.json must depend on ${pkg![1]}`).toContain(pkg![1]);
      const dir = join(root, "node_modules", pkg![1]!);
      const files = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { files: string[] }).files;
      expect(files, `${pkg![1]} must publish ${pkg![2]!.split("/")[0]}/`).toContain(pkg![2]!.split("/")[0]);
      expect(existsSync(join(dir, `${pkg![2]}.ts`)) || existsSync(join(dir, pkg![2]!, "index.ts")), s).toBe(true);
    }
  });
});
