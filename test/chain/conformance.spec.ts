/**
 * The `Chain` conformance suite (sdk/src/chain/chainSuite.ts) against a real subtensor runtime
 * under chopsticks: registration, axons, commitments, stake, set_weights with the chain's own
 * checks and error names, an epoch paying the better-weighted miner more, and hash commit-reveal.
 */

import { chainSuite } from "@tao-subnet/sdk/testing";
import { afterAll, describe, expect, it } from "vitest";
import { type LocalnetContext, SKIP_REASON, startLocalnetContext } from "./localnetContext.js";

if (SKIP_REASON) {
  describe.skip(SKIP_REASON, () => it("needs a runtime", () => undefined));
  console.warn(SKIP_REASON);
} else {
  let shared: Promise<LocalnetContext> | undefined;
  const context = () => (shared ??= startLocalnetContext());
  afterAll(async () => (await shared)?.close(), 60_000);
  chainSuite({ describe, it, expect }, "SubtensorChain on a real runtime (chopsticks)", context);
}
