// Shared vitest settings for every package: resolve workspace packages to their TypeScript
// sources (the "source" export condition), so tests never run against a stale dist/.
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineProject, mergeConfig, type ViteUserConfig } from "vitest/config";

export function project(name: string, config: ViteUserConfig = {}): ViteUserConfig {
  return mergeConfig(
    defineProject({
      resolve: { conditions: ["source", ...defaultClientConditions] },
      ssr: { resolve: { conditions: ["source", ...defaultServerConditions] } },
      test: { name, include: ["**/*.spec.ts"], exclude: ["**/node_modules/**", "**/dist/**"] },
    }),
    config,
  );
}
