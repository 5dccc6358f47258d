/**
 * `npm run validator`: challenges the subnet's miners, scores them with your module, and sets
 * weights (or commits them) every 10 blocks.
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

process.exitCode = await validatorCommandLine(myKit(), { netuid: config.netuid, chain: config.chain, hotkey: "//validator1", secretEnv: "VALIDATOR_SECRET" });
