// Storybook for @tao-subnet/ui: plain DOM/SVG stories (html-vite), play functions run as vitest
// browser tests in Debian's chromium through @storybook/addon-vitest. Packages are resolved to
// absolute paths because npm may nest @storybook/html-vite under ui/node_modules while
// `storybook` is hoisted (toolchain notes §9, pitfall 5). Telemetry is off.

import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { StorybookConfig } from "@storybook/html-vite";

const abs = (pkg: string) => dirname(fileURLToPath(import.meta.resolve(`${pkg}/package.json`)));

const config: StorybookConfig = {
  stories: ["../stories/**/*.stories.ts"],
  addons: [abs("@storybook/addon-vitest")],
  framework: { name: abs("@storybook/html-vite") as "@storybook/html-vite", options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
};
export default config;
