import { project } from "../vitest.shared.js";

export default project("core", { test: { include: ["test/**/*.spec.ts", "src/**/*.spec.ts"] } });
