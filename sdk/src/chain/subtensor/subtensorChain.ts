/**
 * `SubtensorChain`: the `Chain` interface on a real subtensor node (finney, test, a localnet, or a
 * chopsticks chain), through @polkadot/api. The chain's metadata is the authority: calls and
 * storage are looked up by name at run time, and errors are decoded through it.
 *
 * Transactions resolve to a `TxResult`: `ok` with the block, fee and events, or the chain's error
 * name, whether the pool refused the transaction (the runtime's transaction extension: rate
 * limits, stake too low, bad port …, no fee charged) or the dispatch failed (a pallet error, fee
 * charged). A transaction the block could not fit (`ExhaustsResources`, e.g. a session-rotation
 * block that books the whole block weight) is re-signed and resubmitted, up to three times.
 *
 * see: docs/chain.md (the runtimes it was tested on, and the traps of a chopsticks localnet)
 */
import { ApiPromise, WsProvider } from "@polkadot/api";
import type { SubmittableExtrinsic } from "@polkadot/api/types";
import { rpcDefinitions } from "@polkadot/types";
import type { DispatchError, EventRecord } from "@polkadot/types/interfaces";
import type { ISubmittableResult } from "@polkadot/types/types";
import { hexToU8a, isHex, u8aToHex, u8aToString } from "@polkadot/util";
import { ChainError, ChainErrorCode, subnetNotFound } from "../errors.js";
import { checkMecid, mechanismStorageIndex } from "../mechanisms.js";
import { NETWORKS } from "../networks.js";
import { revealRound } from "../timelock/drand.js";
import { encodeWeightsPayload } from "../timelock/payload.js";
import type {
  AxonInfo,
  Chain,
  ChainEvent,
  Hex,
  MechanismOptions,
  Metagraph,
  NeuronInfo,
  SettableHyperparameters,
  Signer,
  StakeOptions,
  SubnetHyperparameters,
  SubnetMechanisms,
  TimelockedCommit,
  TimelockedCommitOptions,
  TxResult,
} from "../types.js";
import { activityCutoffFactorFor, nextEpochAfter, OWNER_TEMPO_RANGE, readActivityCutoff, readEpochSchedule } from "./epochSchedule.js";
import { readEpochStakes } from "./epochStake.js";
import { isTransient, poolErrorName } from "./errors.js";
import { subtensorStorage } from "./storage.js";
import { blockTimeSeconds, drandBeacon, timelockedCall, timelockedCommitHash } from "./timelocked.js";

export interface SubtensorChainOptions {
  /** ms to wait for the first connection (default 10,000). */
  connectTimeoutMs?: number;
  /** Resolve transactions when included (default) or when finalised. */
  waitFor?: "inBlock" | "finalized";
  /** Progress lines for long waits (inclusion, finalisation). */
  onProgress?: (line: string) => void;
}

/** Resolves a network name (local, test, finney) or a ws(s):// URL to an endpoint; throws UNKNOWN_NETWORK. */
export function resolveEndpoint(network: string): string {
  if (/^wss?:\/\/[^\s]+$/.test(network)) return network;
  const url = (NETWORKS as Record<string, string>)[network];
  if (url) return url;
  throw new ChainError(
    ChainErrorCode.UNKNOWN_NETWORK,
    `unknown network ${JSON.stringify(network)}: expected one of ${Object.keys(NETWORKS).join(", ")} or a ws:// or wss:// URL`,
  );
}

/** Owner-settable hyperparameter → AdminUtils call (`sudo_set_*`, origin: subnet owner or root). */
const HYPERPARAMETER_CALLS: { [K in keyof SettableHyperparameters]: (netuid: number, v: SettableHyperparameters[K]) => [string, unknown[]] } = {
  tempo: (n, v) => ["sudoSetTempo", [n, v]],
  kappa: (n, v) => ["sudoSetKappa", [n, v]],
  immunityPeriod: (n, v) => ["sudoSetImmunityPeriod", [n, v]],
  minAllowedWeights: (n, v) => ["sudoSetMinAllowedWeights", [n, v]],
  maxWeightLimit: (n, v) => ["sudoSetMaxWeightLimit", [n, v]],
  weightsRateLimit: (n, v) => ["sudoSetWeightsSetRateLimit", [n, v]],
  weightsVersion: (n, v) => ["sudoSetWeightsVersionKey", [n, v]],
  activityCutoff: (n, v) => ["sudoSetActivityCutoff", [n, v]],
  maxAllowedUids: (n, v) => ["sudoSetMaxAllowedUids", [n, v]],
  maxAllowedValidators: (n, v) => ["sudoSetMaxAllowedValidators", [n, v]],
  bondsMovingAverage: (n, v) => ["sudoSetBondsMovingAverage", [n, v]],
  bondsPenalty: (n, v) => ["sudoSetBondsPenalty", [n, v]],
  commitRevealWeightsEnabled: (n, v) => ["sudoSetCommitRevealWeightsEnabled", [n, v]],
  commitRevealPeriod: (n, v) => ["sudoSetCommitRevealWeightsInterval", [n, v]],
  liquidAlphaEnabled: (n, v) => ["sudoSetLiquidAlphaEnabled", [n, v]],
  alphaValues: (n, v) => ["sudoSetAlphaValues", [n, v[0], v[1]]],
  yuma3Enabled: (n, v) => ["sudoSetYuma3Enabled", [n, v]],
  registrationAllowed: (n, v) => ["sudoSetNetworkRegistrationAllowed", [n, v]],
  minBurn: (n, v) => ["sudoSetMinBurn", [n, v]],
  maxBurn: (n, v) => ["sudoSetMaxBurn", [n, v]],
  burnHalfLife: (n, v) => ["sudoSetBurnHalfLife", [n, v]],
  burnIncreaseMult: (n, v) => ["sudoSetBurnIncreaseMult", [n, { bits: v }]],
  immuneOwnerUidsLimit: (n, v) => ["sudoSetOwnerImmuneNeuronLimit", [n, v]],
  minNonImmuneUids: (n, v) => ["sudoSetMinNonImmuneUids", [n, v]],
};

/** The AdminUtils call for a hyperparameter name (looked up as an own key: a name such as `constructor` is no hyperparameter). */
function hyperparameterCall(name: string, netuid: number, value: unknown): [string, unknown[]] {
  if (!Object.hasOwn(HYPERPARAMETER_CALLS, name))
    throw new ChainError(
      ChainErrorCode.INVALID_ARGUMENT,
      `name: expected one of ${Object.keys(HYPERPARAMETER_CALLS).join(", ")}, got ${JSON.stringify(String(name).slice(0, 64))}`,
      {
        field: "name",
      },
    );
  return (HYPERPARAMETER_CALLS as Record<string, (n: number, v: unknown) => [string, unknown[]]>)[name]!(netuid, value);
}

/** What `settingCall` reads of the connected runtime. */
export interface SettingRuntime {
  /** The metadata has `SubtensorModule.<call>`. */
  offers(call: string): boolean;
  tempo(netuid: number): Promise<number>;
  specVersion: string;
}

/**
 * The call that sets hyperparameter `name`, signed by the subnet owner or with root origin, on this
 * runtime: `[pallet, method, args]`.
 * - `tempo` by the owner: `SubtensorModule.set_tempo` (360..50400, else INVALID_ARGUMENT) where the
 *   metadata has it; without it only root sets tempo, and this throws CALL_NOT_AVAILABLE. Root:
 *   AdminUtils `sudo_set_tempo` on every runtime.
 * - `activityCutoff` (blocks): where the metadata has `SubtensorModule.set_activity_cutoff_factor`,
 *   the epoch reads the cutoff as a factor of tempo and AdminUtils' `sudo_set_activity_cutoff`
 *   writes an item no epoch reads, so the cutoff is sent as the factor `ceil(blocks × 1000 / tempo)`
 *   (at least `blocks`; 1 to 50 tempos, else INVALID_ARGUMENT).
 * - the rest: AdminUtils `sudo_set_*`.
 *
 * see: subtensor pallets/subtensor/src/coinbase/tempo_control.rs, pallets/admin-utils/src/lib.rs
 * sudo_set_tempo, sudo_set_activity_cutoff @ 738ba0c0c and @ 14bc6f9
 */
export async function settingCall(
  runtime: SettingRuntime,
  name: keyof SettableHyperparameters,
  netuid: number,
  value: unknown,
  origin: "owner" | "root",
): Promise<[string, string, unknown[]]> {
  const [method, args] = hyperparameterCall(name, netuid, value);
  if (name === "tempo" && origin === "owner") {
    if (!runtime.offers("setTempo"))
      throw new ChainError(
        ChainErrorCode.CALL_NOT_AVAILABLE,
        `tempo: this runtime has no owner call for it (no SubtensorModule.set_tempo; spec_version ${runtime.specVersion}): only root sets tempo there; on a localnet use sudoSetHyperparameter with the sudo key`,
        { field: "tempo" },
      );
    const [min, max] = OWNER_TEMPO_RANGE;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
      throw new ChainError(ChainErrorCode.INVALID_ARGUMENT, `tempo: an owner's set_tempo takes ${min}..${max} blocks, got ${String(value)}`, {
        field: "tempo",
      });
    return ["subtensorModule", "setTempo", [netuid, value]];
  }
  if (name === "activityCutoff" && runtime.offers("setActivityCutoffFactor"))
    return ["subtensorModule", "setActivityCutoffFactor", [netuid, activityCutoffFactorFor(value as number, await runtime.tempo(netuid))]];
  return ["adminUtils", method, args];
}

/** IPv4 dotted text or IPv6 text → the u128 the chain stores. */
export function ipToBigInt(ip: string, ipType: 4 | 6): bigint {
  if (ipType === 4) {
    const parts = ip.split(".");
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
      throw new ChainError(ChainErrorCode.INVALID_ARGUMENT, `axon.ip: expected dotted IPv4 such as 127.0.0.1, got ${JSON.stringify(ip)}`);
    return parts.reduce((a, p) => (a << 8n) | BigInt(p), 0n);
  }
  const [head = "", tail] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g)))
    throw new ChainError(ChainErrorCode.INVALID_ARGUMENT, `axon.ip: expected IPv6 text such as ::1, got ${JSON.stringify(ip)}`);
  return groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** The chain's u128 → IP text. */
export function bigIntToIp(n: bigint, ipType: number): string {
  if (ipType === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join(".");
  const g: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) g.push(((n >> s) & 0xffffn).toString(16));
  return g.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}

type AnyCodec = { toJSON(): unknown; toString(): string; toNumber?(): number; toBigInt?(): bigint; isTrue?: boolean; isSome?: boolean; unwrap?(): AnyCodec };
const num = (c: unknown): number => Number((c as AnyCodec).toString());
const big = (c: unknown): bigint => BigInt((c as AnyCodec).toString());
const bool = (c: unknown): boolean => (c as AnyCodec).toJSON() === true;
const vecNum = (c: unknown): number[] => ((c as AnyCodec).toJSON() as Array<number | string>).map(Number);
const vecBool = (c: unknown): boolean[] => ((c as AnyCodec).toJSON() as boolean[]).map(Boolean);

/**
 * author_submitAndWatchExtrinsic without polkadot-js's console report of a failure: the pool's
 * refusal (a rate limit, a bad axon address) is the call's `TxResult`, which the caller reports
 * once; polkadot-js would also print it twice on stderr ("RPC-CORE: submitAndWatchExtrinsic …").
 */
const QUIET_SUBMIT = { author: { submitAndWatchExtrinsic: { ...rpcDefinitions.author!.submitAndWatchExtrinsic!, noErrorLog: true } } };

export class SubtensorChain implements Chain {
  readonly kind = "subtensor" as const;
  readonly #waitFor: "inBlock" | "finalized";
  readonly #progress: (line: string) => void;
  #closed = false;

  private constructor(
    readonly api: ApiPromise,
    readonly endpoint: string,
    private readonly provider: WsProvider,
    options: SubtensorChainOptions,
  ) {
    this.#waitFor = options.waitFor ?? "inBlock";
    this.#progress = options.onProgress ?? (() => undefined);
  }

  /**
   * Connects to `network` (local, test, finney, or a ws(s):// URL). Throws `UNKNOWN_NETWORK` or
   * `ENDPOINT_UNREACHABLE` (after `connectTimeoutMs`) with nothing left running. Once connected, a
   * dropped connection is re-established every second until `close()`.
   */
  static async connect(network = "local", options: SubtensorChainOptions = {}): Promise<SubtensorChain> {
    const endpoint = resolveEndpoint(network);
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    // autoConnect off: polkadot-js would otherwise retry (and log) forever at an endpoint that is down.
    const provider = new WsProvider(endpoint, false);
    const deadline = Date.now() + timeoutMs;
    let lastError = "no answer";
    for (;;) {
      try {
        await provider.connect();
        await new Promise<void>((resolve, reject) => {
          if (provider.isConnected) return resolve();
          const settle = (e?: Error) => {
            offOk();
            offErr();
            if (e) reject(e);
            else resolve();
          };
          const offOk = provider.on("connected", () => settle());
          const offErr = provider.on("error", (e: Error) => settle(e));
          setTimeout(() => settle(new Error("timed out")), Math.max(1, deadline - Date.now()));
        });
        break;
      } catch (e) {
        lastError = (e as Error).message || String(e);
        await provider.disconnect().catch(() => undefined);
        if (Date.now() + 500 >= deadline) {
          throw new ChainError(
            ChainErrorCode.ENDPOINT_UNREACHABLE,
            `no subtensor node answers at ${endpoint} (${lastError}); start one with tao-subnet localnet, or check the URL and your connection`,
          );
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true, rpc: QUIET_SUBMIT });
    const chain = new SubtensorChain(api, endpoint, provider, options);
    provider.on("disconnected", () => chain.#reconnect());
    if (!api.tx.subtensorModule || !api.query.subtensorModule) {
      await chain.close();
      throw new ChainError(ChainErrorCode.NOT_SUBTENSOR, `${endpoint} is not a subtensor chain (no SubtensorModule pallet in its metadata)`);
    }
    return chain;
  }

  #reconnect(): void {
    if (this.#closed) return;
    setTimeout(() => {
      if (this.#closed || this.provider.isConnected) return;
      this.#progress(`reconnecting to ${this.endpoint}…`);
      this.provider.connect().catch(() => this.#reconnect());
    }, 1000);
  }

  // ---- reads --------------------------------------------------------------------------------

  get #q() {
    return this.api.query.subtensorModule as unknown as Record<
      string,
      ((...a: unknown[]) => Promise<AnyCodec>) & { entries: (...a: unknown[]) => Promise<Array<[{ args: AnyCodec[] }, AnyCodec]>> }
    >;
  }

  async bestBlock(): Promise<number> {
    return (await this.api.rpc.chain.getHeader()).number.toNumber();
  }

  async blockHash(block?: number): Promise<Hex> {
    const h = block === undefined ? await this.api.rpc.chain.getBlockHash() : await this.api.rpc.chain.getBlockHash(block);
    return h.toHex() as Hex;
  }

  async subscribeBlocks(onBlock: (block: number, hash: Hex) => void): Promise<() => void> {
    return this.api.rpc.chain.subscribeNewHeads((header) => onBlock(header.number.toNumber(), header.hash.toHex() as Hex));
  }

  async waitForBlock(block: number): Promise<void> {
    if ((await this.bestBlock()) >= block) return;
    await new Promise<void>((resolve) => {
      let off: (() => void) | undefined;
      let done = false;
      void this.subscribeBlocks((b) => {
        if (b >= block && !done) {
          done = true;
          off?.();
          resolve();
        }
      }).then((u) => {
        if (done) u();
        else off = u;
      });
    });
  }

  async balance(address: string): Promise<bigint> {
    const account = (await this.api.query.system!.account!(address)) as unknown as { data: { free: AnyCodec } };
    return big(account.data.free);
  }

  async subnets(): Promise<number[]> {
    const entries = await this.#q.networksAdded!.entries();
    return entries
      .filter(([, v]) => bool(v))
      .map(([k]) => num(k.args[0]))
      .sort((a, b) => a - b);
  }

  async subnetExists(netuid: number): Promise<boolean> {
    return bool(await this.#q.networksAdded!(netuid));
  }

  async #requireSubnet(netuid: number): Promise<void> {
    if (!(await this.subnetExists(netuid))) throw subnetNotFound(netuid);
  }

  async hyperparameters(netuid: number): Promise<SubnetHyperparameters> {
    await this.#requireSubnet(netuid);
    const q = this.#q;
    const items = [
      "tempo",
      "kappa",
      "immunityPeriod",
      "minAllowedWeights",
      "maxWeightsLimit",
      "weightsSetRateLimit",
      "weightsVersionKey",
      "maxAllowedUids",
      "maxAllowedValidators",
      "bondsMovingAverage",
      "bondsPenalty",
      "commitRevealWeightsEnabled",
      "revealPeriodEpochs",
      "liquidAlphaOn",
      "alphaValues",
      "alphaSigmoidSteepness",
      "yuma3On",
      "networkRegistrationAllowed",
      "burn",
      "minBurn",
      "maxBurn",
    ] as const;
    const values = await Promise.all(items.map((name) => q[name]!(netuid)));
    const v = Object.fromEntries(items.map((name, i) => [name, values[i]!])) as Record<(typeof items)[number], AnyCodec>;
    const [alphaLow, alphaHigh] = v.alphaValues.toJSON() as [number, number];
    const cutoff = await readActivityCutoff(subtensorStorage(this.api), netuid, num(v.tempo));
    return {
      tempo: num(v.tempo),
      kappa: num(v.kappa),
      immunityPeriod: num(v.immunityPeriod),
      minAllowedWeights: num(v.minAllowedWeights),
      maxWeightLimit: num(v.maxWeightsLimit),
      weightsRateLimit: num(v.weightsSetRateLimit),
      weightsVersion: big(v.weightsVersionKey),
      activityCutoff: cutoff.blocks,
      ...(cutoff.factorMilli === null ? {} : { activityCutoffFactorMilli: cutoff.factorMilli }),
      maxAllowedUids: num(v.maxAllowedUids),
      maxAllowedValidators: num(v.maxAllowedValidators),
      bondsMovingAverage: big(v.bondsMovingAverage),
      bondsPenalty: num(v.bondsPenalty),
      commitRevealWeightsEnabled: bool(v.commitRevealWeightsEnabled),
      commitRevealPeriod: num(v.revealPeriodEpochs),
      liquidAlphaEnabled: bool(v.liquidAlphaOn),
      alphaLow,
      alphaHigh,
      alphaSigmoidSteepness: num(v.alphaSigmoidSteepness),
      yuma3Enabled: bool(v.yuma3On),
      registrationAllowed: bool(v.networkRegistrationAllowed),
      burn: big(v.burn),
      minBurn: big(v.minBurn),
      maxBurn: big(v.maxBurn),
      stakeThreshold: big(await q.stakeThreshold!()),
    };
  }

  async uidOf(netuid: number, hotkey: string): Promise<number | null> {
    const uid = await this.#q.uids!(netuid, hotkey);
    return uid.isSome ? num(uid.unwrap!()) : null;
  }

  async commitment(netuid: number, hotkey: string): Promise<string | null> {
    const q = this.api.query.commitments as unknown as Record<string, (...a: unknown[]) => Promise<AnyCodec>> | undefined;
    if (!q?.commitmentOf) return null;
    const reg = await q.commitmentOf(netuid, hotkey);
    if (!reg.isSome) return null;
    const fields = (reg.unwrap!().toJSON() as { info: { fields: Array<Record<string, string>> } }).info.fields;
    const first = fields[0];
    if (!first) return null;
    const [, value] = Object.entries(first)[0] ?? [];
    return typeof value === "string" && isHex(value) ? u8aToString(hexToU8a(value)) : (value ?? null);
  }

  async metagraph(netuid: number, options: { lite?: boolean } & MechanismOptions = {}): Promise<Metagraph> {
    const mecid = this.#mecid(options, "metagraph");
    await this.#requireSubnet(netuid);
    const q = this.#q;
    // weights, bonds, incentive and last update are kept per mechanism, under its storage index
    const index = mechanismStorageIndex(netuid, mecid);
    const mechanisms = await this.mechanisms(netuid);
    if (mecid >= mechanisms.count)
      throw new ChainError(
        ChainErrorCode.INVALID_ARGUMENT,
        `metagraph.mecid: subnet ${netuid} has ${mechanisms.count} mechanism(s) (0..${mechanisms.count - 1}), got ${mecid}`,
        { field: "metagraph.mecid" },
      );
    const header = await this.api.rpc.chain.getHeader();
    const block = header.number.toNumber();
    const [n, hp, keys, active, consensus, incentive, dividends, validatorTrust, emission, lastUpdate, permits, ownerCold, ownerHot] = await Promise.all([
      q.subnetworkN!(netuid).then(num),
      this.hyperparameters(netuid),
      q.keys!.entries(netuid),
      q.active!(netuid).then(vecBool),
      q.consensus!(netuid).then(vecNum),
      q.incentive!(index).then(vecNum),
      q.dividends!(netuid).then(vecNum),
      q.validatorTrust!(netuid).then(vecNum),
      q.emission!(netuid).then((c) => ((c.toJSON() as Array<number | string>) ?? []).map((x) => BigInt(x))),
      q.lastUpdate!(index).then(vecNum),
      q.validatorPermit!(netuid).then(vecBool),
      q.subnetOwner!(netuid).then(String),
      q.subnetOwnerHotkey ? q.subnetOwnerHotkey(netuid).then(String) : Promise.resolve(""),
    ]);
    const hotkeys: string[] = Array(n).fill("");
    for (const [k, v] of keys) hotkeys[num(k.args[1])] = v.toString();
    const perNeuron = await Promise.all(
      hotkeys.map(async (hotkey, uid) => {
        const [coldkey, registered, axon] = await Promise.all([
          q.owner!(hotkey).then(String),
          q.blockAtRegistration!(netuid, uid).then(num),
          q.axons!(netuid, hotkey),
        ]);
        return { coldkey, registered, axon: axon.isSome ? (axon.unwrap!().toJSON() as Record<string, number | string>) : null };
      }),
    );
    const storage = subtensorStorage(this.api);
    const [stakes, schedule] = await Promise.all([readEpochStakes(storage, netuid, hotkeys), readEpochSchedule(storage, netuid, hp.tempo)]);
    const neurons: NeuronInfo[] = hotkeys.map((hotkey, uid) => {
      const x = perNeuron[uid]!;
      const axon: AxonInfo | null = x.axon
        ? {
            ip: bigIntToIp(BigInt(x.axon.ip!), Number(x.axon.ipType)),
            port: Number(x.axon.port),
            ipType: Number(x.axon.ipType) === 6 ? 6 : 4,
            protocol: Number(x.axon.protocol),
            version: Number(x.axon.version),
            block: Number(x.axon.block),
          }
        : null;
      return {
        uid,
        hotkey,
        coldkey: x.coldkey,
        stake: stakes[uid]!.total,
        active: active[uid] ?? false,
        validatorPermit: permits[uid] ?? false,
        lastUpdate: lastUpdate[uid] ?? 0,
        blockAtRegistration: x.registered,
        axon,
        consensus: consensus[uid] ?? 0,
        incentive: incentive[uid] ?? 0,
        dividends: dividends[uid] ?? 0,
        validatorTrust: validatorTrust[uid] ?? 0,
        emission: emission[uid] ?? 0n,
      };
    });
    const rows = async (item: "weights" | "bonds") => {
      const out: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
      if (options.lite) return out;
      for (const [k, v] of await q[item]!.entries(index)) {
        const uid = num(k.args[1]);
        if (uid < n) out[uid] = (v.toJSON() as Array<[number, number]>).map(([a, b]) => [Number(a), Number(b)] as [number, number]).sort((a, b) => a[0] - b[0]);
      }
      return out;
    };
    const [weights, bonds] = await Promise.all([rows("weights"), rows("bonds")]);
    return {
      netuid,
      mecid,
      mechanismCount: mechanisms.count,
      block,
      n,
      tempo: hp.tempo,
      nextEpochBlock: nextEpochAfter(schedule, block),
      ownerColdkey: ownerCold,
      ownerHotkey: ownerHot,
      hyperparameters: hp,
      neurons,
      weights,
      bonds,
    };
  }

  // ---- transactions -------------------------------------------------------------------------

  /** What `settingCall` needs to know of this runtime. */
  #runtime(): SettingRuntime {
    return {
      offers: (call) => typeof (this.api.tx.subtensorModule as unknown as Record<string, unknown> | undefined)?.[call] === "function",
      tempo: async (netuid) => num(await this.#q.tempo!(netuid)),
      specVersion: this.api.runtimeVersion.specVersion.toString(),
    };
  }

  #tx(pallet: string, method: string, args: unknown[]): SubmittableExtrinsic<"promise"> {
    const p = (this.api.tx as unknown as Record<string, Record<string, (...a: unknown[]) => SubmittableExtrinsic<"promise">> | undefined>)[pallet];
    const f = p?.[method];
    if (!f)
      throw new ChainError(
        ChainErrorCode.CALL_NOT_AVAILABLE,
        `this chain's runtime has no ${pallet}.${method}; it may be older or newer than the calls tao-subnet knows (spec_version ${this.api.runtimeVersion.specVersion.toString()})`,
      );
    return f(...args);
  }

  /** Wraps a call in `sudo.sudo` (root origin), signed by the sudo key: localnet administration. */
  sudoCall(pallet: string, method: string, args: unknown[]): SubmittableExtrinsic<"promise"> {
    return this.#tx("sudo", "sudo", [this.#tx(pallet, method, args)]);
  }

  /** Signs and submits `pallet.method(args)`; see the file header for what the result carries. */
  async submit<T = undefined>(signer: Signer, pallet: string, method: string, args: unknown[], value?: (events: ChainEvent[]) => T): Promise<TxResult<T>> {
    return this.send(signer, () => this.#tx(pallet, method, args), value);
  }

  /** Signs and submits an extrinsic built by `build` (rebuilt for each retry). */
  async send<T = undefined>(signer: Signer, build: () => SubmittableExtrinsic<"promise">, value?: (events: ChainEvent[]) => T): Promise<TxResult<T>> {
    for (let attempt = 1; ; attempt++) {
      const r = await this.#sendOnce(signer, build(), value);
      if (r.ok || !isTransient(r.error) || attempt >= 4) return r;
      this.#progress(`${r.error}: resubmitting (attempt ${attempt + 1})`);
    }
  }

  async #sendOnce<T>(signer: Signer, tx: SubmittableExtrinsic<"promise">, value?: (events: ChainEvent[]) => T): Promise<TxResult<T>> {
    const name = `${tx.method.section}.${tx.method.method}`;
    return new Promise<TxResult<T>>((resolve) => {
      let unsub: (() => void) | undefined;
      let settled = false;
      const finish = (r: TxResult<T>) => {
        if (settled) return;
        settled = true;
        unsub?.();
        resolve(r);
      };
      this.#progress(`${name}: submitted, waiting for inclusion…`);
      tx.signAndSend(signer, { nonce: -1 }, (result: ISubmittableResult) => {
        const { status } = result;
        if (status.isInvalid || status.isDropped || status.isUsurped) {
          finish({
            ok: false,
            error: status.isInvalid ? "ExhaustsResources" : status.isDropped ? "Dropped" : "Usurped",
            message: `${name} was ${status.type.toLowerCase()} by the pool`,
            fee: 0n,
            events: [],
          });
          return;
        }
        const included = status.isInBlock || status.isFinalized;
        if (!included) return;
        if (this.#waitFor === "finalized" && !status.isFinalized) {
          this.#progress(`${name}: in block ${status.asInBlock.toHex().slice(0, 10)}…, waiting for finalisation…`);
          return;
        }
        const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex() as Hex;
        void this.#outcome(result, blockHash, value).then(finish, (e) =>
          finish({ ok: false, error: "Unknown", message: (e as Error).message, fee: 0n, events: [] }),
        );
      })
        .then((u) => {
          if (settled) u();
          else unsub = u;
        })
        .catch((e: Error) => {
          const message = e.message ?? String(e);
          finish({ ok: false, error: poolErrorName(message), message: `${name} refused by the pool: ${message}`, fee: 0n, events: [] });
        });
    });
  }

  async #outcome<T>(result: ISubmittableResult, blockHash: Hex, value?: (events: ChainEvent[]) => T): Promise<TxResult<T>> {
    const block = (await this.api.rpc.chain.getHeader(blockHash)).number.toNumber();
    const records = result.events as EventRecord[];
    const events: ChainEvent[] = records.map(({ event }) => ({ section: event.section, method: event.method, data: event.data.toJSON() as unknown[] }));
    const feeEvent = records.find(({ event }) => event.section === "transactionPayment" && event.method === "TransactionFeePaid");
    const fee = feeEvent ? BigInt(feeEvent.event.data[1]!.toString()) : 0n;
    // a sudo call succeeds as an extrinsic even when the inner call fails: look at Sudid too
    const sudid = records.find(({ event }) => event.section === "sudo" && event.method === "Sudid");
    const failed = records.find(({ event }) => event.section === "system" && event.method === "ExtrinsicFailed");
    let dispatchError: DispatchError | undefined;
    if (failed) dispatchError = failed.event.data[0] as DispatchError;
    else if (sudid) {
      const r = sudid.event.data[0] as unknown as { isErr: boolean; asErr: DispatchError };
      if (r.isErr) dispatchError = r.asErr;
    }
    if (dispatchError) {
      const { error, message } = this.#decode(dispatchError);
      return { ok: false, error, message, block, fee, events };
    }
    return { ok: true, value: (value ? value(events) : undefined) as T, block, blockHash, fee, events };
  }

  #decode(e: DispatchError): { error: string; message: string } {
    if (e.isModule) {
      const meta = this.api.registry.findMetaError(e.asModule);
      return { error: meta.name, message: `${meta.section}.${meta.name}: ${meta.docs.join(" ").trim() || "(no description)"}` };
    }
    if (e.isBadOrigin) return { error: "BadOrigin", message: "the call needs a different origin (subnet owner or root)" };
    if (e.isToken) return { error: e.asToken.type, message: `token error: ${e.asToken.type}` };
    if (e.isArithmetic) return { error: e.asArithmetic.type, message: `arithmetic error: ${e.asArithmetic.type}` };
    return { error: e.type, message: e.toString() };
  }

  async registerNetwork(coldkey: Signer, hotkey: string): Promise<TxResult<{ netuid: number }>> {
    return this.submit(coldkey, "subtensorModule", "registerNetwork", [hotkey], (events) => {
      const added = events.find((e) => e.section === "subtensorModule" && e.method === "NetworkAdded");
      return { netuid: Number(added?.data[0]) };
    });
  }

  async burnedRegister(coldkey: Signer, netuid: number, hotkey: string): Promise<TxResult<{ uid: number }>> {
    return this.submit(coldkey, "subtensorModule", "burnedRegister", [netuid, hotkey], (events) => {
      const reg = events.find((e) => e.section === "subtensorModule" && e.method === "NeuronRegistered");
      return { uid: Number(reg?.data[1]) };
    });
  }

  async serveAxon(hotkey: Signer, netuid: number, axon: AxonInfo): Promise<TxResult> {
    return this.submit(hotkey, "subtensorModule", "serveAxon", [
      netuid,
      axon.version,
      ipToBigInt(axon.ip, axon.ipType),
      axon.port,
      axon.ipType,
      axon.protocol,
      0,
      0,
    ]);
  }

  /** add_stake, or add_stake_limit (no partial fill) with `limitPrice`. */
  async addStake(coldkey: Signer, hotkey: string, netuid: number, amount: bigint, options: StakeOptions = {}): Promise<TxResult> {
    if (options.limitPrice === undefined) return this.submit(coldkey, "subtensorModule", "addStake", [hotkey, netuid, amount]);
    return this.submit(coldkey, "subtensorModule", "addStakeLimit", [hotkey, netuid, amount, options.limitPrice, false]);
  }

  /** remove_stake, or remove_stake_limit (no partial fill) with `limitPrice`; `amount` is alpha rao. */
  async removeStake(coldkey: Signer, hotkey: string, netuid: number, amount: bigint, options: StakeOptions = {}): Promise<TxResult> {
    if (options.limitPrice === undefined) return this.submit(coldkey, "subtensorModule", "removeStake", [hotkey, netuid, amount]);
    return this.submit(coldkey, "subtensorModule", "removeStakeLimit", [hotkey, netuid, amount, options.limitPrice, false]);
  }

  /** Whether the runtime's metadata has the `*_mechanism_*` weights calls (the Python SDK then always uses them). */
  get hasMechanisms(): boolean {
    return (this.api.tx.subtensorModule as unknown as Record<string, unknown> | undefined)?.setMechanismWeights !== undefined;
  }

  /** The mecid of `options` (0 when absent), checked; above 0 needs a runtime with mechanisms. */
  #mecid(options: MechanismOptions | undefined, call: string): number {
    const mecid = checkMecid(options?.mecid ?? 0, `${call}.mecid`);
    if (mecid > 0 && !this.hasMechanisms)
      throw new ChainError(
        ChainErrorCode.MECHANISMS_UNSUPPORTED,
        `${call}.mecid: this chain's runtime has no mechanisms (no set_mechanism_weights in its metadata; spec_version ${this.api.runtimeVersion.specVersion.toString()}), so only mecid 0 exists; got ${mecid}`,
        { field: `${call}.mecid` },
      );
    return mecid;
  }

  /** `plain(args)` on a runtime without mechanisms, else `mechanism(netuid, mecid, …args)` (what the Python SDK sends). */
  #weightsCall(
    hotkey: Signer,
    options: MechanismOptions | undefined,
    call: string,
    plain: string,
    mechanism: string,
    netuid: number,
    args: unknown[],
  ): Promise<TxResult> {
    const mecid = this.#mecid(options, call);
    return this.hasMechanisms
      ? this.submit(hotkey, "subtensorModule", mechanism, [netuid, mecid, ...args])
      : this.submit(hotkey, "subtensorModule", plain, [netuid, ...args]);
  }

  async setWeights(hotkey: Signer, netuid: number, uids: number[], weights: number[], versionKey: bigint, options?: MechanismOptions): Promise<TxResult> {
    return this.#weightsCall(hotkey, options, "setWeights", "setWeights", "setMechanismWeights", netuid, [uids, weights, versionKey]);
  }

  async commitWeights(hotkey: Signer, netuid: number, commitHash: Hex, options?: MechanismOptions): Promise<TxResult> {
    return this.#weightsCall(hotkey, options, "commitWeights", "commitWeights", "commitMechanismWeights", netuid, [commitHash]);
  }

  async revealWeights(
    hotkey: Signer,
    netuid: number,
    uids: number[],
    weights: number[],
    salt: number[],
    versionKey: bigint,
    options?: MechanismOptions,
  ): Promise<TxResult> {
    return this.#weightsCall(hotkey, options, "revealWeights", "revealWeights", "revealMechanismWeights", netuid, [uids, weights, salt, versionKey]);
  }

  async mechanisms(netuid: number): Promise<SubnetMechanisms> {
    const q = this.#q as unknown as Record<string, ((...a: unknown[]) => Promise<{ toJSON(): unknown }>) | undefined>;
    if (!this.hasMechanisms || !q.mechanismCountCurrent) {
      await this.#requireSubnet(netuid);
      return { count: 1, emissionSplit: null, maxCount: 1 };
    }
    const [count, split, max] = await Promise.all([
      q.mechanismCountCurrent(netuid),
      q.mechanismEmissionSplit ? q.mechanismEmissionSplit(netuid) : Promise.resolve(null),
      q.maxMechanismCount ? q.maxMechanismCount() : Promise.resolve(null),
    ]);
    const parts = split?.toJSON() as number[] | null | undefined;
    return {
      count: Number(count.toJSON()),
      emissionSplit: parts ? parts.map(Number) : null,
      maxCount: max ? Number(max.toJSON()) : Number(count.toJSON()),
    };
  }

  async setMechanismCount(owner: Signer, netuid: number, count: number): Promise<TxResult> {
    this.#requireMechanismAdmin("setMechanismCount", "sudoSetMechanismCount");
    return this.submit(owner, "adminUtils", "sudoSetMechanismCount", [netuid, count]);
  }

  async setMechanismEmissionSplit(owner: Signer, netuid: number, split: number[] | null): Promise<TxResult> {
    this.#requireMechanismAdmin("setMechanismEmissionSplit", "sudoSetMechanismEmissionSplit");
    return this.submit(owner, "adminUtils", "sudoSetMechanismEmissionSplit", [netuid, split]);
  }

  #requireMechanismAdmin(call: string, method: string): void {
    if (!(this.api.tx.adminUtils as unknown as Record<string, unknown> | undefined)?.[method])
      throw new ChainError(
        ChainErrorCode.MECHANISMS_UNSUPPORTED,
        `${call}: this chain's runtime has no mechanisms (no admin_utils ${method} in its metadata; spec_version ${this.api.runtimeVersion.specVersion.toString()})`,
      );
  }

  async supportsTimelockedCommits(): Promise<boolean> {
    return (await timelockedCall(this.api)) !== null;
  }

  /**
   * Encrypts `{uids, weights, versionKey}` (with the hotkey first where the runtime's commit-reveal
   * version asks for it) to a drand round of the beacon the runtime's drand pallet follows, and
   * sends it through the timelocked call the metadata offers (`timelocked.ts`). The round is
   * `options.revealRound`, or the one the reveal epoch's wall-clock time gives.
   */
  async commitTimelockedWeights(
    hotkey: Signer,
    netuid: number,
    uids: number[],
    weights: number[],
    versionKey: bigint,
    options: TimelockedCommitOptions = {},
  ): Promise<TxResult<TimelockedCommit>> {
    const mecid = this.#mecid(options, "commitTimelockedWeights");
    const call = await timelockedCall(this.api, mecid);
    if (!call)
      throw new ChainError(
        ChainErrorCode.CALL_NOT_AVAILABLE,
        `this chain's runtime has no timelocked weights commit (commit_timelocked_weights or commit_crv3_weights; spec_version ${this.api.runtimeVersion.specVersion.toString()}); use commitWeights and revealWeights`,
      );
    const beacon = await drandBeacon(this.api);
    let round = options.revealRound;
    if (round === undefined) {
      // the epoch schedule is the subnet's whatever the mechanism (the chain reveals a mechanism's
      // commits with its subnet's epochs); the Python SDK passes the storage index here instead,
      // which moves its round for mecid > 0
      const [hp, block] = await Promise.all([this.hyperparameters(netuid), this.bestBlock()]);
      round = revealRound(beacon, {
        block,
        netuid,
        tempo: hp.tempo,
        revealPeriod: hp.commitRevealPeriod,
        blockTimeSeconds: blockTimeSeconds(this.api),
        offsetBlocks: call.offsetBlocks,
      });
    }
    const payload = encodeWeightsPayload({ uids, values: weights, versionKey, hotkey: hotkey.publicKey }, call.format);
    // loaded here: @noble/curves' BLS12-381 takes about 0.4 s to import, which other chain work never needs
    const { tlockEncrypt } = await import("../timelock/tle.js");
    const commit = tlockEncrypt(payload, round, beacon.publicKey);
    // as hex: polkadot-js reads a Uint8Array given for `Bytes` as already SCALE-encoded (length first)
    const bytes = u8aToHex(commit);
    const args =
      call.method === "commitTimelockedMechanismWeights"
        ? [netuid, mecid, bytes, round, call.version]
        : call.method === "commitTimelockedWeights"
          ? [netuid, bytes, round, call.version]
          : [netuid, bytes, round];
    const revealAt = round;
    return this.submit(hotkey, "subtensorModule", call.method, args, () => ({
      revealRound: revealAt,
      call: call.method,
      commitHash: timelockedCommitHash(commit),
    }));
  }

  /**
   * Sets a hyperparameter signed by the subnet owner, through the call this runtime offers:
   * `tempo` through the owner's `SubtensorModule.set_tempo` (360..50400) where the metadata has it;
   * a runtime without it keeps tempo root-only, and this throws CALL_NOT_AVAILABLE (use
   * `sudoSetHyperparameter` on a localnet). `activityCutoff` (blocks) goes through
   * `set_activity_cutoff_factor` where the runtime has it (see `settingCall`); the rest through
   * AdminUtils `sudo_set_*`.
   */
  async setHyperparameter<K extends keyof SettableHyperparameters>(
    owner: Signer,
    netuid: number,
    name: K,
    value: SettableHyperparameters[K],
  ): Promise<TxResult> {
    const [pallet, method, args] = await settingCall(this.#runtime(), name, netuid, value, "owner");
    return this.submit(owner, pallet, method, args);
  }

  /** Sets a hyperparameter with root origin (`sudo.sudo`), for the ones only root may set (e.g. tempo) on a localnet. */
  async sudoSetHyperparameter<K extends keyof SettableHyperparameters>(
    sudoKey: Signer,
    netuid: number,
    name: K,
    value: SettableHyperparameters[K],
  ): Promise<TxResult> {
    const [pallet, method, args] = await settingCall(this.#runtime(), name, netuid, value, "root");
    return this.send(sudoKey, () => this.sudoCall(pallet, method, args));
  }

  /** `start_call`: the owner enables emission and staking on a new subnet once DurationOfStartCall blocks have passed. */
  async startCall(owner: Signer, netuid: number): Promise<TxResult> {
    return this.submit(owner, "subtensorModule", "startCall", [netuid]);
  }

  async setCommitment(hotkey: Signer, netuid: number, data: string): Promise<TxResult> {
    const bytes = new TextEncoder().encode(data);
    // one field: Raw up to 128 bytes; BigRaw (up to 512) where the runtime's commitments pallet has it
    const max = bytes.length <= 128 ? 128 : this.#bigRawCommitments() ? 512 : 128;
    if (bytes.length > max)
      throw new ChainError(
        ChainErrorCode.INVALID_ARGUMENT,
        `commitment: at most ${max} bytes on this runtime, got ${bytes.length}; publish a hash (e.g. sha256:<hex>) instead of the data`,
      );
    const field = bytes.length <= 128 ? { [`Raw${bytes.length}`]: data } : { BigRaw: u8aToHex(bytes) };
    return this.submit(hotkey, "commitments", "setCommitment", [netuid, { fields: [field] }]);
  }

  /** Whether the commitments pallet's field type has the `BigRaw` variant (read from the metadata). */
  #bigRawCommitments(): boolean {
    const call = (this.api.tx.commitments as unknown as Record<string, { meta: { args: Array<{ type: { toString(): string } }> } }> | undefined)?.setCommitment;
    const info = call?.meta.args[1]?.type.toString();
    if (!info) return false;
    try {
      this.api.registry.createType(info, { fields: [{ BigRaw: "0x00" }] });
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.api.disconnect().catch(() => undefined);
  }
}
