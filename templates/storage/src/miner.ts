/**
 * `npm run miner`: your reference storage miner behind an Axon, on the devnet started by
 * `npm run dev` (or any devnet URL in TAO_SUBNET_CHAIN). Blobs live in STORAGE_DIR (default
 * .tao-subnet/store): files, fsync and an index, so a crash never loses an acknowledged blob.
 * STORAGE_QUOTA_MIB bounds what it will hold (default 1024). The hotkey is a development URI
 * (TAO_SUBNET_HOTKEY).
 */
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { FileStore } from "@tao-subnet/kit-storage";
import { RemoteDevChain } from "@tao-subnet/sdk/devnet";
import { runMiner } from "@tao-subnet/sdk/runtime";
import config from "../tao-subnet.config.json" with { type: "json" };
import { myKit } from "./kit.js";

await cryptoWaitReady();
const store = await FileStore.open(process.env.STORAGE_DIR ?? ".tao-subnet/store", { quotaBytes: Number(process.env.STORAGE_QUOTA_MIB ?? 1024) * 2 ** 20 });
if (store.recovery.removedTemp > 0) console.log(`recovered from a crash: ${store.recovery.removedTemp} unfinished upload(s) discarded`);
const kit = myKit({ store });
const chain = await RemoteDevChain.connect(process.env.TAO_SUBNET_CHAIN ?? "http://127.0.0.1:9946");
const hotkey = new Keyring({ type: "sr25519" }).addFromUri(process.env.TAO_SUBNET_HOTKEY ?? "//miner1");
const miner = await runMiner({ chain, netuid: Number(process.env.TAO_SUBNET_NETUID ?? config.netuid), hotkey, kit, port: Number(process.env.PORT ?? 8091) });
console.log(
  `miner ${hotkey.address} listening on ${miner.host}:${miner.port}, ${store.list().length} blobs, ${store.usedBytes} of ${store.quotaBytes} bytes used`,
);
const stop = () =>
  void miner
    .stop()
    .then(() => kit.close())
    .then(() => chain.close());
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
