import { describe, expect, it } from "vitest";
import { closestName, didYouMean, editDistance } from "../src/suggest.js";

describe("did you mean", () => {
  it("measures the optimal-string-alignment distance: edits and neighbouring swaps cost 1", () => {
    const cases: Array<[string, string, number]> = [
      ["", "", 0],
      ["", "abc", 3],
      ["honest", "honest", 0],
      ["honset", "honest", 1], // a swap
      ["epoch", "epochs", 1], // an insertion
      ["tempo", "temp", 1], // a deletion
      ["alpha", "alphx", 1], // a substitution
      ["kitten", "sitting", 3],
      ["ca", "abc", 3], // OSA, not the unrestricted Damerau distance (2)
    ];
    for (const [a, b, d] of cases) {
      expect(editDistance(a, b), `${a} → ${b}`).toBe(d);
      expect(editDistance(b, a), `${b} → ${a}`).toBe(d);
    }
  });

  it("suggests the closest known name within a third of its length, ignoring case; nothing for a name far from all", () => {
    const profiles = ["honest", "noisy", "lazy", "copier", "sybil", "padder", "truncator", "lookup"];
    expect(closestName("honset", profiles)).toBe("honest");
    expect(closestName("Honest", profiles)).toBe("honest");
    expect(closestName("padr", profiles)).toBe("padder");
    expect(closestName("epoch", ["seed", "epochs", "tempo"])).toBe("epochs");
    expect(closestName("banana", profiles)).toBeUndefined();
    expect(closestName("x", ["y", "z"])).toBe("y"); // one letter apart is always close enough; ties to the first
    expect(didYouMean("--epoch", ["--epochs", "--seed"])).toBe('did you mean "--epochs"? ');
    expect(didYouMean("--zzz", ["--epochs", "--seed"])).toBe("");
  });
});
