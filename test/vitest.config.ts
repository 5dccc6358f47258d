import { project } from "../vitest.shared.js";

// Cross-package tests. test/chain is its own project (`npm run test:chain`).
export default project("integration", { test: { include: ["*.spec.ts"], exclude: ["chain/**", "**/node_modules/**"], testTimeout: 60_000 } });
