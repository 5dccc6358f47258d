// The ui package's Node specs (src/**/*.spec.ts): the charts are strings, so they need no browser.
// The stories run in chromium in the `ui` project (vitest.config.ts).
import { project } from "../vitest.shared.js";

export default project("ui-node", { test: { include: ["src/**/*.spec.ts"] } });
