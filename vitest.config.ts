import { defineConfig } from "vitest/config";

// Each package has its own vitest.config.ts; `npm test` runs them all as projects.
export default defineConfig({
  test: {
    projects: ["core-wasm", "sdk", "kits/*", "cli", "generator", "test", "test/chain", "ui", "ui/vitest.node.config.ts"],
  },
});
