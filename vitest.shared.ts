// Shared vitest settings for every package: resolve workspace packages to their TypeScript
// sources (the "source" export condition), so tests never run against a stale dist/.
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineProject, mergeConfig, type ViteUserConfig } from "vitest/config";

export function project(name: string, config: ViteUserConfig = {}): ViteUserConfig {
  return mergeConfig(
    defineProject({
      resolve: { conditions: ["source", ...defaultClientConditions] },
      ssr: { resolve: { conditions: ["source", ...defaultServerConditions] } },
      // 30 s, not vitest's 5 s: CI runs every project on 2 shared cores, where a test of a few
      // seconds' CPU can take several times that; a test that hangs still fails
      test: { name, include: ["**/*.spec.ts"], exclude: ["**/node_modules/**", "**/dist/**"], testTimeout: 30_000 },
    }),
    config,
  );
}
