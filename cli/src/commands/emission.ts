import { halvingInfo } from "@tao-subnet/core";
import type { Command } from "../command.js";
import { invalidArgument, missingArgument } from "../errors.js";

/** `tao-subnet emission --issuance <rao>`: the chain's block emission at a total issuance. */
export const emission: Command = {
  name: "emission",
  summary: "block emission, halvings and the next halving at a total issuance",
  usage: "--issuance <rao>",
  help: [
    "--issuance <rao>  total TAO issuance in rao (1 TAO = 1e9 rao), a non-negative integer",
    "",
    'Prints {"blockEmission": "<rao>", "halvings": k, "nextHalvingIssuance": "<rao>"|null}.',
  ],
  options: { issuance: { type: "string" } },
  async run({ values }, io) {
    const raw = values.issuance;
    if (raw === undefined) throw missingArgument("--issuance", "give the total issuance in rao, e.g. --issuance 10500000000000000");
    if (typeof raw !== "string" || !/^\d{1,20}$/.test(raw) || BigInt(raw) >= 1n << 64n) {
      throw invalidArgument("--issuance", "a non-negative integer number of rao below 2^64 (e.g. 10500000000000000 for 10.5M TAO)", raw);
    }
    const info = halvingInfo(BigInt(raw));
    io.stdout(
      JSON.stringify({
        blockEmission: info.blockEmission.toString(),
        halvings: info.halvings,
        nextHalvingIssuance: info.nextHalvingIssuance?.toString() ?? null,
      }) + "\n",
    );
    return 0;
  },
};
