/**
 * `npm run register`: registers your subnet with tao-subnet's CLI (`tao-subnet register subnet`),
 * after printing the sha256 of your scoring module, which you publish so validators can pin it.
 * A dry run (what it costs, whether the coldkey can pay; nothing sent) unless you pass --send:
 *   npm run register -- --chain test --wallet my-wallet          # testnet, a btcli wallet: dry run
 *   npm run register -- --chain test --wallet my-wallet --send   # registers (locks the network cost)
 *   npm run register -- --chain http://127.0.0.1:9946 --coldkey //Alice --send   # a local devnet
 * Every other option is the CLI's (`npx tao-subnet register --help`). Then start the subnet
 * (`npx tao-subnet register start --netuid N …`), register your validator and miner hotkeys
 * (`npx tao-subnet register neuron --netuid N …`), and set netuid in tao-subnet.config.json.
 */
import { spawnSync } from "node:child_process";
import { SCORING_MODULE } from "./kit.js";

const sha = SCORING_MODULE.read().sha256;
console.log(`scoring module sha256 ${sha} (publish it: Commitments.set_commitment on your subnet)`);
const args = process.argv.slice(2);
const send = args.includes("--send");
const cli = ["register", "subnet", ...args.filter((a) => a !== "--send" && a !== "--dry-run"), ...(send ? [] : ["--dry-run"])];
const r = spawnSync("node_modules/.bin/tao-subnet", cli, { stdio: "inherit" });
process.exitCode = r.status ?? 1;
