import { project } from "../../vitest.shared.js";

// The real chain: a subtensor runtime under chopsticks. `npm run test:chain` runs only this
// project; `npm test` includes it, and it skips (saying why) without TAO_SUBNET_RUNTIME or
// TAO_SUBNET_CHAIN_SPEC. One localnet per file; files run one after another (each boots a chain).
export default project("chain", {
  test: { include: ["*.spec.ts"], testTimeout: 600_000, hookTimeout: 120_000, fileParallelism: false },
});
