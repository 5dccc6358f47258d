/**
 * `npm run miner`: your reference miner behind an Axon, on the devnet started by `npm run dev`
 * (or any devnet URL in TAO_SUBNET_CHAIN). The hotkey is a development URI (TAO_SUBNET_HOTKEY).
 */
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { RemoteDevChain } from "@tao-subnet/sdk/devnet";
import { runMiner } from "@tao-subnet/sdk/runtime";
import config from "../tao-subnet.config.json" with { type: "json" };
import { myKit } from "./kit.js";

await cryptoWaitReady();
const chain = await RemoteDevChain.connect(process.env.TAO_SUBNET_CHAIN ?? "http://127.0.0.1:9946");
const hotkey = new Keyring({ type: "sr25519" }).addFromUri(process.env.TAO_SUBNET_HOTKEY ?? "//miner1");
const miner = await runMiner({
  chain,
  netuid: Number(process.env.TAO_SUBNET_NETUID ?? config.netuid),
  hotkey,
  kit: myKit(),
  port: Number(process.env.PORT ?? 8091),
});
console.log(`miner ${hotkey.address} listening on ${miner.host}:${miner.port}`);
process.once("SIGTERM", () => void miner.stop().then(() => chain.close()));
process.once("SIGINT", () => void miner.stop().then(() => chain.close()));
