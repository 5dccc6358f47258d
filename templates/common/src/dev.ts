/**
 * `npm run dev`: your subnet running on this machine, as separate processes on 127.0.0.1 — a devnet,
 * your subnet registered on it, your reference miner(s) (`src/miner.ts`), a validator scoring them
 * with your scoring (`src/validator.ts`) and setting weights, and the dashboard. Ctrl-C stops them all.
 *   npm run dev
 *   npm run dev -- --miners 3 --block-time 250 --port 9946 --miner-port 8091 --dashboard-port 8090
 * (a port of 0 picks a free one)
 * The devnet numbers subnets itself (the first one registered is 1): the subnet id printed here is
 * the one the miner and validator are given (--netuid); tao-subnet.config.json's netuid is for
 * the real chain. VALIDATOR_SECRET is yours when set, else a random one for this run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import type { TxResult } from "@tao-subnet/sdk/chain";
import { RemoteDevChain } from "@tao-subnet/sdk/devnet";

const TAO = 1_000_000_000n;
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "9946" },
    "block-time": { type: "string", default: "1000" },
    tempo: { type: "string", default: "20" },
    miners: { type: "string", default: "1" },
    "miner-port": { type: "string", default: "8091" },
    "dashboard-port": { type: "string", default: "8090" },
  },
});
const miners = Number(values.miners);
const procs: Array<{ name: string; child: ChildProcess }> = [];
let stopping = false;

function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const p of procs.reverse()) p.child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 2000).unref();
  process.exitCode = code;
}
process.once("SIGINT", () => stop(0));
process.once("SIGTERM", () => stop(0));

/** Starts a process whose output is prefixed with its name; if it dies, everything stops. */
function start(name: string, cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on("line", (l) => console.log(`[${name}] ${l}`));
  child.once("exit", (code, signal) => {
    if (stopping) return;
    console.log(`[dev] ${name} exited (${signal ?? `code ${code}`}); stopping everything`);
    stop(1);
  });
  procs.push({ name, child });
  return child;
}

/** Resolves with the first JSON line a process prints (the devnet and dashboard announce their URL). */
function firstJsonLine(child: ChildProcess): Promise<{ url: string }> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (l) => {
      if (l.startsWith("{")) resolve(JSON.parse(l) as { url: string });
    });
    child.once("exit", () => reject(new Error("exited before it was ready")));
  });
}

const tsx = "node_modules/.bin/tsx";
const cli = "node_modules/.bin/tao-subnet";

const devnet = start("devnet", cli, ["devnet", "--port", values.port!, "--block-time", values["block-time"]!, "--tempo", values.tempo!]);
const { url } = await firstJsonLine(devnet);

// the subnet, its validator (staked, so it gets a validator permit) and its miners
await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const chain = await RemoteDevChain.connect(url);
const must = <T>(r: TxResult<T>, what: string): T => {
  if (!r.ok) throw new Error(`${what}: ${r.error}: ${r.message}`);
  return r.value;
};
const owner = keyring.addFromUri("//Alice");
const { netuid } = must(await chain.registerNetwork(owner, owner.address), "register the subnet");
must(await chain.startCall(owner, netuid), "start the subnet's emission");
const validator = keyring.addFromUri("//validator1");
const minerKeys = Array.from({ length: miners }, (_, k) => keyring.addFromUri(`//miner${k + 1}`));
for (const key of [validator, ...minerKeys]) {
  await chain.fund(key.address, 10_000n * TAO);
  must(await chain.burnedRegister(key, netuid, key.address), `register ${key.address}`);
}
must(await chain.addStake(validator, validator.address, netuid, 1_000n * TAO), "stake the validator");
console.log(`[dev] devnet ${url}: subnet ${netuid}, validator //validator1, miners ${minerKeys.map((_, k) => `//miner${k + 1}`).join(", ")}`);

// the miners and the validator run on this devnet's subnet, whatever tao-subnet.config.json says
const here = ["--chain", url, "--netuid", String(netuid)];
minerKeys.forEach((_, k) => {
  const port = Number(values["miner-port"]) === 0 ? 0 : Number(values["miner-port"]) + k;
  start(`miner${k + 1}`, tsx, ["src/miner.ts", ...here, "--hotkey", `//miner${k + 1}`, "--port", String(port)]);
});
// the chain gives validator permits at an epoch: start the validator once its stake has earned one,
// so its first round can set weights (before that the chain refuses them: NeuronNoValidatorPermit)
const hasPermit = async () => (await chain.metagraph(netuid, { lite: true })).neurons.find((n) => n.hotkey === validator.address)?.validatorPermit === true;
if (!(await hasPermit())) {
  console.log(`[dev] the validator starts at the subnet's next epoch (within ${values.tempo} blocks), when its stake earns it a validator permit`);
  for (let block = await chain.bestBlock(); !(await hasPermit()); block++) await chain.waitForBlock(block + 1);
}
await chain.close();
start("validator", tsx, ["src/validator.ts", ...here, "--hotkey", "//validator1"], {
  VALIDATOR_SECRET: process.env.VALIDATOR_SECRET ?? randomBytes(16).toString("hex"),
});
const dashboard = start("dashboard", cli, ["dashboard", "--chain", url, "--netuid", String(netuid), "--port", values["dashboard-port"]!]);
const { url: dashboardUrl } = await firstJsonLine(dashboard);
console.log(`[dev] dashboard ${dashboardUrl} — Ctrl-C stops everything`);
