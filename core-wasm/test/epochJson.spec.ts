import { fromEpochInputArrays, fromSparseMatrix, type SparseRow, toEpochInputArrays, toSparseMatrix } from "@tao-subnet/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { epochInput } from "./epochArbitraries.js";

// The JSON shapes to and from the typed arrays the epoch runs on.
describe("JSON ⇄ typed-array conversions", () => {
  it("gives back every EpochInput from its typed arrays (300 random subnets)", () => {
    fc.assert(
      fc.property(epochInput(), (x) => {
        expect(fromEpochInputArrays(toEpochInputArrays(x))).toEqual(x);
      }),
      { numRuns: 300 },
    );
  });

  // fromSparseMatrix builds the pairs of matrices of 2^20 entries or more at a second allocation
  // site; both must give the same rows
  it.each([
    [40, 300],
    [1300, 1000],
  ])("gives back a matrix of %i rows × %i entries as compressed rows and as pairs", (rows, perRow) => {
    let s = rows;
    const rnd = () => {
      s = (s * 1103515245 + 12345) >>> 0;
      return s >>> 16;
    };
    const m: SparseRow[] = Array.from({ length: rows }, (_, i) =>
      i % 7 === 3 ? [] : Array.from({ length: perRow }, (_, j) => [(j * 7 + i) % 65536, rnd()] as [number, number]),
    );
    const packed = toSparseMatrix(m);
    expect(packed.rowPtr[rows]).toBe(m.reduce((a, r) => a + r.length, 0));
    if (rows > 1000) expect(packed.rowPtr[rows]).toBeGreaterThanOrEqual(2 ** 20);
    const back = fromSparseMatrix(packed);
    expect(back.length).toBe(rows);
    for (let i = 0; i < rows; i++) {
      expect(back[i]!.length).toBe(m[i]!.length);
      for (let j = 0; j < m[i]!.length; j++) if (back[i]![j]![0] !== m[i]![j]![0] || back[i]![j]![1] !== m[i]![j]![1]) expect(back[i]![j]).toEqual(m[i]![j]);
    }
  });
});
