/**
 * `npm run validator`: challenges the subnet's miners, scores them with your module, and sets
 * weights (or commits and reveals them) every 10 blocks. Keep VALIDATOR_SECRET private: it is what
 * makes your challenges unpredictable.
 */
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { RemoteDevChain } from "@tao-subnet/sdk/devnet";
import { ValidatorRuntime } from "@tao-subnet/sdk/runtime";
import config from "../tao-subnet.config.json" with { type: "json" };
import { myKit } from "./kit.js";

await cryptoWaitReady();
const chain = await RemoteDevChain.connect(process.env.TAO_SUBNET_CHAIN ?? "http://127.0.0.1:9946");
const hotkey = new Keyring({ type: "sr25519" }).addFromUri(process.env.TAO_SUBNET_HOTKEY ?? "//validator1");
const secret = process.env.VALIDATOR_SECRET;
if (!secret) throw new Error("set VALIDATOR_SECRET (any private string) before starting a validator");
const runtime = await ValidatorRuntime.start({
  chain,
  netuid: Number(process.env.TAO_SUBNET_NETUID ?? config.netuid),
  hotkey,
  kit: myKit(),
  secret,
  statePath: ".tao-subnet/validator.json",
  log: (e) => console.log(JSON.stringify(e)),
});
const ac = new AbortController();
process.once("SIGTERM", () => ac.abort());
process.once("SIGINT", () => ac.abort());
await runtime.run(10, ac.signal);
await runtime.stop();
await chain.close();
