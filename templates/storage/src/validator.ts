/**
 * `npm run validator`: stores blobs on the subnet's miners, challenges random chunks, scores the
 * answers with your module, and sets weights (or commits them) every 10 blocks. What it keeps of
 * each blob (root, size, chunking) and each miner's outcome window is written to
 * .tao-subnet/storage-ledger.json, so a restart keeps challenging what it stored.
 * It runs `tao-subnet validator` for this project's kit and scoring module: the chain and netuid
 * come from tao-subnet.config.json (`chain`, `netuid`), flags win: `--chain
 * devnet|local|test|finney|ws://…`, `--netuid N`, a btcli wallet with `--wallet NAME
 * --wallet-hotkey NAME` (or `--hotkey-env VAR`), `--every BLOCKS` (default 10), `--state-dir`,
 * `--log-level`, `--log-format`, `--metrics-port` (`npm run validator -- --help`). On a devnet the
 * hotkey defaults to the development key //validator1; any other chain needs a wallet. Its scores
 * and pending commits are kept per chain (genesis hash), subnet and hotkey: state from another
 * chain is never used. Keep VALIDATOR_SECRET private: it is what makes your challenges
 * unpredictable.
 */
import { validatorCommandLine } from "tao-subnet";
import config from "../tao-subnet.config.json" with { type: "json" };
import { myKit } from "./kit.js";

const kit = myKit({ statePath: ".tao-subnet/storage-ledger.json" });
process.exitCode = await validatorCommandLine(kit, { netuid: config.netuid, chain: config.chain, hotkey: "//validator1", secretEnv: "VALIDATOR_SECRET" });
await kit.close();
