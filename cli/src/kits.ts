/** The kits the CLI can load by name (`--kit`). One row per kit; the others come as their packages land. */
import type { SubnetKit } from "@tao-subnet/sdk";
import { textKit } from "@tao-subnet/kit-text";
import { CliErrorCode, UsageError } from "./errors.js";

export const CLI_KITS: Record<string, () => SubnetKit<never, never, never>> = {
  text: () => textKit({ minerModel: null }) as unknown as SubnetKit<never, never, never>,
};

export function loadKit(name: unknown): SubnetKit<never, never, never> {
  const make = typeof name === "string" ? CLI_KITS[name] : undefined;
  if (!make) throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--kit: expected one of ${Object.keys(CLI_KITS).join(", ")}, got ${JSON.stringify(name)}`, "--kit");
  return make();
}
