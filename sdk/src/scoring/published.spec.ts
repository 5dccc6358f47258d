/** The published scoring pin's text: what the owner writes and every validator reads. */
import { describe, expect, it } from "vitest";
import {
  checkSource,
  formatPublishedScoring,
  moduleAt,
  PUBLISHED_SCORING_MAX_BYTES,
  PublishedScoringError,
  parsePublishedScoring,
  rollOut,
} from "./published.js";

const A = "a".repeat(64);
const B = "b".repeat(64);

function refusal(f: () => unknown): PublishedScoringError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PublishedScoringError);
    expect((e as PublishedScoringError).kind).toBe("bad-input");
    return e as PublishedScoringError;
  }
  throw new Error("expected a PublishedScoringError");
}

describe("published scoring pin", () => {
  it("round-trips one module and a roll-out, and fits one commitment field", () => {
    const one = { modules: [{ sha256: A, source: "https://example.org/scoring-1.wasm" }] };
    expect(parsePublishedScoring(formatPublishedScoring(one))).toEqual(one);
    const two = {
      modules: [
        { sha256: A, source: "npm:@acme/scoring@1.0.0" },
        { sha256: B, source: "npm:@acme/scoring@1.1.0", fromBlock: 7200 },
      ],
    };
    const text = formatPublishedScoring(two);
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(PUBLISHED_SCORING_MAX_BYTES);
    expect(parsePublishedScoring(text)).toEqual(two);
  });

  it("is null for a commitment that is not a pin (an owner's other metadata) and for none", () => {
    expect(parsePublishedScoring(null)).toBeNull();
    expect(parsePublishedScoring("sha256:00ff")).toBeNull();
    expect(parsePublishedScoring('{"name":"my subnet"}')).toBeNull();
  });

  it("refuses a malformed pin, naming the field", () => {
    const cases: Array<[string, string]> = [
      ['{"tao-subnet.scoring":1,"modules":[{"sha256":"xyz"}]}', "modules[0].sha256"],
      [`{"tao-subnet.scoring":1,"modules":[{"sha256":"${A.toUpperCase()}"}]}`, "modules[0].sha256"],
      [`{"tao-subnet.scoring":1,"modules":[{"sha256":"${A}","source":"ftp://x/y"}]}`, "modules[0].source"],
      [`{"tao-subnet.scoring":1,"modules":[{"sha256":"${A}","fromBlock":-1}]}`, "modules[0].fromBlock"],
      [`{"tao-subnet.scoring":1,"modules":[{"sha256":"${A}","fromBlock":1.5}]}`, "modules[0].fromBlock"],
      [`{"tao-subnet.scoring":1,"modules":[{"sha256":"${A}","extra":1}]}`, "modules[0].extra"],
      ['{"tao-subnet.scoring":1,"modules":[]}', "modules"],
      [`{"tao-subnet.scoring":1,"modules":[{"sha256":"${A}","fromBlock":50},{"sha256":"${B}","fromBlock":50}]}`, "modules[1].fromBlock"],
      [`{"tao-subnet.scoring":2,"modules":[{"sha256":"${A}"}]}`, "tao-subnet.scoring"],
      ['{"tao-subnet.scoring":1,"modules":', "(text)"],
    ];
    for (const [text, path] of cases) expect(refusal(() => parsePublishedScoring(text)).path, text).toBe(path);
  });

  it("checks sources: http(s) URLs and npm:<package>@<version> only", () => {
    expect(checkSource("https://cdn.example/m.wasm", "s")).toBe("https://cdn.example/m.wasm");
    expect(checkSource("npm:@acme/scoring@1.2.0-rc.1", "s")).toBe("npm:@acme/scoring@1.2.0-rc.1");
    for (const bad of ["", "file:///etc/passwd", "npm:@acme/scoring", "not a url", "x".repeat(201), 7])
      expect(refusal(() => checkSource(bad, "--source")).path).toBe("--source");
  });

  it("refuses a pin over the chain's 512 bytes, naming the source", () => {
    const long = `https://example.org/${"p".repeat(180)}`;
    const e = refusal(() =>
      formatPublishedScoring({
        modules: [
          { sha256: A, source: long },
          { sha256: B, source: long, fromBlock: 10 },
        ],
      }),
    );
    expect(e.path).toBe("source");
    expect(e.message).toMatch(/over the chain's 512/);
  });

  it("moduleAt picks the last module whose fromBlock has come", () => {
    const pin = { modules: [{ sha256: A }, { sha256: B, fromBlock: 100 }] };
    expect(moduleAt(pin, 0).sha256).toBe(A);
    expect(moduleAt(pin, 99).sha256).toBe(A);
    expect(moduleAt(pin, 100).sha256).toBe(B);
    expect(moduleAt(pin, 10_000).sha256).toBe(B);
  });

  it("rollOut keeps the module in use until the new one's block, and replaces it when it applies now", () => {
    const now = { modules: [{ sha256: A, source: "npm:@acme/s@1.0.0" }] };
    expect(rollOut(now, { sha256: B, fromBlock: 360 }, 100)).toEqual({
      modules: [
        { sha256: A, source: "npm:@acme/s@1.0.0" },
        { sha256: B, fromBlock: 360 },
      ],
    });
    expect(rollOut(now, { sha256: B }, 100)).toEqual({ modules: [{ sha256: B }] });
    // after a roll-out has happened, the next one starts from the module in use then
    const rolled = { modules: [{ sha256: A }, { sha256: B, fromBlock: 360 }] };
    const C = "c".repeat(64);
    expect(rollOut(rolled, { sha256: C, fromBlock: 722 }, 500)).toEqual({ modules: [{ sha256: B }, { sha256: C, fromBlock: 722 }] });
    expect(rollOut(null, { sha256: C, fromBlock: 722 }, 500)).toEqual({ modules: [{ sha256: C }] });
  });
});
