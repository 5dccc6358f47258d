/**
 * `npm run register`: what registering this subnet on a real chain will do. Today it is a dry run
 * (the subtensor client of tao-subnet is not released yet): it prints the steps and the scoring
 * module's sha256 you will publish so validators can pin it.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import config from "../tao-subnet.config.json" with { type: "json" };
import { SCORING_MODULE } from "./kit.js";

const sha = createHash("sha256").update(await readFile(SCORING_MODULE)).digest("hex");
console.log(JSON.stringify({ dryRun: true, steps: ["register_network(owner hotkey)", `set hyperparameters on netuid ${config.netuid}`, "start_call", `Commitments.set_commitment(scoring module sha256 ${sha})`], scoringModuleSha256: sha }, null, 2));
