/**
 * `npm run miner`: your reference storage miner behind an Axon, announced on chain.
 * It runs `tao-subnet miner` for this project's kit: the chain and netuid come from
 * tao-subnet.config.json (`chain`, `netuid`), flags win: `--chain devnet|local|test|finney|ws://…`,
 * `--netuid N`, a btcli wallet with `--wallet NAME --wallet-hotkey NAME` (or `--hotkey-env VAR`),
 * `--host`, `--port`, `--external-ip`, `--log-level`, `--log-format`, `--metrics-port`
 * (`npm run miner -- --help`). On a devnet the hotkey defaults to the development key //miner1;
 * any other chain needs a wallet.
 * Blobs live in STORAGE_DIR (default .tao-subnet/store): files, fsync and an index, so a crash
 * never loses an acknowledged blob. STORAGE_QUOTA_MIB bounds what it will hold (default 1024).
 */
import { FileStore } from "@tao-subnet/kit-storage";
import { minerCommandLine } from "tao-subnet";
import config from "../tao-subnet.config.json" with { type: "json" };
import { myKit } from "./kit.js";

const store = await FileStore.open(process.env.STORAGE_DIR ?? ".tao-subnet/store", { quotaBytes: Number(process.env.STORAGE_QUOTA_MIB ?? 1024) * 2 ** 20 });
if (store.recovery.removedTemp > 0) console.error(`recovered from a crash: ${store.recovery.removedTemp} unfinished upload(s) discarded`);
console.error(`store: ${store.list().length} blobs, ${store.usedBytes} of ${store.quotaBytes} bytes used`);
const kit = myKit({ store });
process.exitCode = await minerCommandLine(kit, { netuid: config.netuid, chain: config.chain, hotkey: "//miner1" });
await kit.close();
