/** The kits the CLI can load by name (`--kit`). One row per kit. */

import { didYouMean } from "@tao-subnet/core";
import { imageKit } from "@tao-subnet/kit-image";
import { speechKit } from "@tao-subnet/kit-speech";
import { storageKit } from "@tao-subnet/kit-storage";
import { textKit } from "@tao-subnet/kit-text";
import type { SubnetKit } from "@tao-subnet/sdk/kit";
import { CliErrorCode, UsageError } from "./errors.js";

export type AnyKit = SubnetKit<never, never, never>;

export const CLI_KITS: Record<string, () => AnyKit> = {
  text: () => textKit({ minerModel: null }) as unknown as AnyKit,
  storage: () => storageKit() as unknown as AnyKit,
  image: () => imageKit() as unknown as AnyKit,
  speech: () => speechKit() as unknown as AnyKit,
};

/** The `--kit` line of a command's help, its text starting at `column`: every kit the CLI loads. */
export const kitHelp = (column: number) => `${"--kit <name>".padEnd(column)}the kit: ${Object.keys(CLI_KITS).join(", ")}`;

export function loadKit(name: unknown): AnyKit {
  const make = typeof name === "string" ? CLI_KITS[name] : undefined;
  if (!make)
    throw new UsageError(
      CliErrorCode.INVALID_ARGUMENT,
      `--kit: ${typeof name === "string" ? didYouMean(name, Object.keys(CLI_KITS)) : ""}expected one of ${Object.keys(CLI_KITS).join(", ")}, got ${JSON.stringify(name)}`,
      "--kit",
    );
  return make();
}
