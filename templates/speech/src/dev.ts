/**
 * `npm run dev`: a devnet with your subnet, one miner, one validator and the dashboard, as
 * separate processes on 127.0.0.1. Ctrl-C stops them all.
 */
import { spawn } from "node:child_process";

const bin = "node_modules/.bin/tao-subnet";
const procs = [
  spawn(bin, ["devnet", "--subnet", "--tempo", "20"], { stdio: "inherit" }),
  spawn(bin, ["dashboard", "--netuid", "1"], { stdio: "inherit" }),
];
console.log("devnet on http://127.0.0.1:9946; start `npm run miner` and `VALIDATOR_SECRET=… npm run validator` in other terminals (register their hotkeys first: see the README)");
const stop = () => procs.forEach((p) => p.kill("SIGTERM"));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
