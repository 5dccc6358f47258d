/**
 * `npm run register`: what registering this subnet on a real chain will do. Today it is a dry run
 * (the subtensor client of tao-subnet is not released yet): it prints the steps and the sha256 of
 * your scoring code (src/scoring.ts), to publish so validators can check they run the same rule.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import config from "../tao-subnet.config.json" with { type: "json" };
import { SCORING_SOURCE } from "./kit.js";

const sha = createHash("sha256").update(await readFile(SCORING_SOURCE)).digest("hex");
console.log(JSON.stringify({ dryRun: true, steps: ["register_network(owner hotkey)", `set hyperparameters on netuid ${config.netuid}`, "start_call", `Commitments.set_commitment(scoring source sha256 ${sha})`], scoringSourceSha256: sha }, null, 2));
