/**
 * A dev genesis for a bare subtensor runtime, built inside chopsticks' WASM executor through the
 * runtime's own `GenesisBuilder` API: what `node-subtensor build-spec --chain local --raw` does
 * natively, without the node binary (which cannot be built offline).
 *
 *   1. `GenesisBuilder_get_preset(None)` → the runtime's default `RuntimeGenesisConfig` JSON;
 *   2. patch it as the chain's localnet spec does (dev accounts funded, //Alice sudo and the single
 *      BABE/GRANDPA authority and staking validator, triumvirate and senate, EVM chain id 42);
 *   3. `GenesisBuilder_build_state(json)` → the storage diff, which becomes `genesis.raw.top`,
 *      plus `:code` and a pinned `Timestamp.Now` (without it chopsticks uses the wall clock and
 *      session/epoch boundaries move by a block between runs).
 *
 * see: subtensor node/src/chain_spec/localnet.rs (localnet_genesis) @ 738ba0c0c
 */

import { Keyring } from "@polkadot/keyring";
import { compactFromU8a, compactToU8a, hexToU8a, stringToU8a, u8aConcat, u8aToHex, u8aToString } from "@polkadot/util";
import { cryptoWaitReady, xxhashAsU8a } from "@polkadot/util-crypto";
import { DEV_ACCOUNTS } from "../commands/devnet.js";
import { CliErrorCode, UsageError } from "../errors.js";
import { quietChopsticks } from "./quiet.js";

/** 1,000,000 TAO each, in rao. */
export const DEV_BALANCE = 1_000_000n * 1_000_000_000n;
/** Genesis `Timestamp.Now`, ms: fixed so every run has the same slots and session boundaries. */
export const GENESIS_TIMESTAMP_MS = 1_700_000_000_000n;

export interface RawChainSpec {
  name: string;
  id: string;
  chainType: string;
  properties: { tokenSymbol: string; tokenDecimals: number; ss58Format: number };
  genesis: { raw: { top: Record<string, string>; childrenDefault: Record<string, never> } };
}

type Json = Record<string, unknown>;

const ZSTD_WASM_PREFIX = "52bc537646db8e05";

/** Checks that `code` looks like a runtime: plain WASM (`\0asm`) or Substrate's zstd-compressed form. */
export function assertRuntimeBlob(code: Uint8Array, source: string): void {
  const head = u8aToHex(code.subarray(0, 8)).slice(2);
  if (head.startsWith("0061736d") || head === ZSTD_WASM_PREFIX) return;
  throw new UsageError(
    CliErrorCode.INVALID_ARGUMENT,
    `--runtime: ${source} is not a runtime WASM (expected \\0asm or Substrate's compressed-wasm prefix); pass the file built from the chain, e.g. babe-pos.wasm`,
    "--runtime",
  );
}

/** Host callbacks for a runtime call on empty storage (genesis is built from nothing). */
const emptyStorage = {
  getStorage: async () => undefined,
  getNextKey: async () => undefined,
  offchainGetStorage: async () => undefined,
  offchainTimestamp: async () => 0,
  offchainRandomSeed: async () => "0x" + "00".repeat(32),
  offchainSubmitTransaction: async () => false,
};

async function call(wasm: `0x${string}`, method: string, arg: `0x${string}`) {
  const { runTask } = await quietChopsticks();
  const r = await runTask(
    { wasm, calls: [[method, [arg]]], mockSignatureHost: false, allowUnresolvedImports: true, runtimeLogLevel: 0 },
    emptyStorage as never,
  );
  if ("Error" in r) throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--runtime: the runtime failed in ${method}: ${r.Error}`, "--runtime");
  return r.Call;
}

/** SCALE `Vec<u8>` of UTF-8 text. */
const scaleBytes = (s: string) => {
  const b = stringToU8a(s);
  return u8aConcat(compactToU8a(b.length), b);
};

const storageKey = (pallet: string, item: string) => u8aToHex(u8aConcat(xxhashAsU8a(pallet, 128), xxhashAsU8a(item, 128)));

/** Builds the raw dev chain spec from a runtime blob (plain or compressed WASM). Takes ~3 s. */
export async function buildDevGenesis(code: Uint8Array, source = "the runtime"): Promise<RawChainSpec> {
  assertRuntimeBlob(code, source);
  await cryptoWaitReady();
  const wasm = u8aToHex(code);

  // 1. the default config (GenesisBuilder_get_preset(None) → Option<Vec<u8>>)
  const preset = hexToU8a((await call(wasm, "GenesisBuilder_get_preset", "0x00")).result);
  if (preset[0] !== 1)
    throw new UsageError(
      CliErrorCode.INVALID_ARGUMENT,
      `--runtime: ${source} has no default genesis preset (GenesisBuilder API); give a raw chain spec with --spec`,
      "--runtime",
    );
  const [offset, length] = compactFromU8a(preset.subarray(1));
  const config = JSON.parse(u8aToString(preset.subarray(1 + offset, 1 + offset + length.toNumber()))) as Json;

  // 2. the localnet patch
  const sr = new Keyring({ type: "sr25519" });
  const ed = new Keyring({ type: "ed25519" });
  const account = (name: string) => sr.addFromUri(`//${name}`).address;
  const alice = account("Alice");
  const patch: Json = {
    balances: { balances: DEV_ACCOUNTS.map((n) => [account(n), Number(DEV_BALANCE)]) },
    session: { keys: [[alice, alice, { babe: alice, grandpa: ed.addFromUri("//Alice").address }]] },
    staking: {
      minimumValidatorCount: 1,
      validatorCount: 1,
      stakers: [[alice, alice, 1000 * 1e9, "Validator"]],
      invulnerables: [alice],
      forceEra: "NotForcing",
      slashRewardFraction: 100_000_000,
    },
    sudo: { key: alice },
    triumvirateMembers: { members: ["Alice", "Bob", "Charlie"].map(account) },
    senateMembers: { members: ["Dave", "Eve", "Ferdie"].map(account) },
    evmChainId: { chainId: 42 },
  };
  for (const [k, v] of Object.entries(patch)) if (k in config) config[k] = { ...(config[k] as Json), ...(v as Json) };

  // 3. build the state
  const built = await call(wasm, "GenesisBuilder_build_state", u8aToHex(scaleBytes(JSON.stringify(config))));
  const result = hexToU8a(built.result); // Result<(), String>
  if (result[0] !== 0) {
    const [o, l] = compactFromU8a(result.subarray(1));
    const why = u8aToString(result.subarray(1 + o, 1 + o + l.toNumber()));
    throw new UsageError(CliErrorCode.INVALID_ARGUMENT, `--runtime: the runtime refused the dev genesis: ${why}`, "--runtime");
  }
  const top: Record<string, string> = {};
  for (const [k, v] of built.storageDiff) if (v != null && k !== "0x3a7472616e73616374696f6e5f6c6576656c3a") top[k] = v; // not the executor's ":transaction_level:" scratch key
  top["0x3a636f6465"] = wasm; // ":code"
  const now = new Uint8Array(8);
  new DataView(now.buffer).setBigUint64(0, GENESIS_TIMESTAMP_MS, true);
  top[storageKey("Timestamp", "Now")] = u8aToHex(now);
  return {
    name: "tao-subnet localnet",
    id: "tao_subnet_localnet",
    chainType: "Development",
    properties: { tokenSymbol: "TAO", tokenDecimals: 9, ss58Format: 42 },
    genesis: { raw: { top, childrenDefault: {} } },
  };
}
