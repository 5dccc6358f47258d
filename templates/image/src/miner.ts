/**
 * `npm run miner`: your reference miner behind an Axon, announced on chain.
 * It runs `tao-subnet miner` for this project's kit: the chain and netuid come from
 * tao-subnet.config.json (`chain`, `netuid`), flags win: `--chain devnet|local|test|finney|ws://…`,
 * `--netuid N`, a btcli wallet with `--wallet NAME --wallet-hotkey NAME` (or `--hotkey-env VAR`),
 * `--host`, `--port`, `--external-ip`, `--log-level`, `--log-format`, `--metrics-port`
 * (`npm run miner -- --help`). On a devnet the hotkey defaults to the development key //miner1;
 * any other chain needs a wallet.
 * It answers with the offline baseline (classical vision), or with your model server when
 * TAO_IMAGE_MODEL_URL is set (`POST <url>/v1/detect`; TAO_IMAGE_MODEL_KEY as a bearer token).
 */
import { modelServerFromEnv } from "@tao-subnet/kit-image";
import { minerCommandLine } from "tao-subnet";
import config from "../tao-subnet.config.json" with { type: "json" };
import { myKit } from "./kit.js";

process.exitCode = await minerCommandLine(myKit({ minerBackend: modelServerFromEnv() }), { netuid: config.netuid, chain: config.chain, hotkey: "//miner1" });
