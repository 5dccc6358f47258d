// The ui project: every story's play function runs as a test in Debian's chromium
// (/usr/bin/chromium, or CHROMIUM_PATH), through @storybook/addon-vitest and
// @vitest/browser-playwright; no browser is downloaded. The Node specs (src/*.spec.ts) are the
// `ui-node` project (vitest.node.config.ts).

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { storybookTest } from "@storybook/addon-vitest/vitest-plugin";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";

process.env.STORYBOOK_DISABLE_TELEMETRY = "1";
const configDir = fileURLToPath(new URL("./.storybook", import.meta.url)); // absolute: the root runs this as a project
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.warn(`ui: story tests skipped: no chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

export default defineConfig({
  plugins: existsSync(chromium) ? [storybookTest({ configDir })] : [],
  test: {
    name: "ui",
    testTimeout: 30_000,
    ...(!existsSync(chromium) && { include: [] }),
    browser: {
      enabled: existsSync(chromium),
      headless: true,
      instances: [{ browser: "chromium" }],
      provider: playwright({
        launchOptions: {
          executablePath: chromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      }),
    },
  },
});
