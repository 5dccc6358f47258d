/**
 * `npm run miner`: your reference miner behind an Axon, on the devnet started by `npm run dev`
 * (or any devnet URL in TAO_SUBNET_CHAIN). The hotkey is a development URI (TAO_SUBNET_HOTKEY).
 * It answers with the offline baseline (classical vision), or with your model server when
 * TAO_IMAGE_MODEL_URL is set (`POST <url>/v1/detect`; TAO_IMAGE_MODEL_KEY as a bearer token).
 */
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { modelServerFromEnv } from "@tao-subnet/kit-image";
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
  kit: myKit({ minerBackend: modelServerFromEnv() }),
  port: Number(process.env.PORT ?? 8091),
});
console.log(`miner ${hotkey.address} listening on ${miner.host}:${miner.port}`);
process.once("SIGTERM", () => void miner.stop().then(() => chain.close()));
process.once("SIGINT", () => void miner.stop().then(() => chain.close()));
