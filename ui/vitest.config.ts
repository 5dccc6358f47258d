// The ui project: every story's play function runs as a test in Debian's chromium
// (/usr/bin/chromium, or CHROMIUM_PATH), through @storybook/addon-vitest and
// @vitest/browser-playwright; no browser is downloaded.
import { storybookTest } from "@storybook/addon-vitest/vitest-plugin";
import { playwright } from "@vitest/browser-playwright";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

process.env.STORYBOOK_DISABLE_TELEMETRY = "1";
const configDir = fileURLToPath(new URL("./.storybook", import.meta.url)); // absolute: the root runs this as a project

export default defineConfig({
  plugins: [storybookTest({ configDir })],
  test: {
    name: "ui",
    testTimeout: 30_000,
    browser: {
      enabled: true,
      headless: true,
      instances: [{ browser: "chromium" }],
      provider: playwright({
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        },
      }),
    },
  },
});
