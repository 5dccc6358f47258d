/**
 * `RemoteDevChain`: a `Chain` backed by a devnet served by `tao-subnet devnet` (or
 * `serveDevChain`) in another process. Reads are plain requests; transactions are signed locally
 * by the `Signer` (its private key stays here) and verified by the devnet. Block subscriptions use
 * long-polling, so a block is reported within milliseconds of being produced.
 */

import { u8aToHex } from "@polkadot/util";
import type { EpochInput, EpochOutput } from "@tao-subnet/core";
import { ChainError, ChainErrorCode } from "../errors.js";
import type {
  AxonInfo,
  Chain,
  Hex,
  MechanismOptions,
  Metagraph,
  SettableHyperparameters,
  Signer,
  StakeOptions,
  SubnetHyperparameters,
  SubnetMechanisms,
  TxResult,
} from "../types.js";
import type { DevChain, DevEmission, DevFaults } from "./devChain.js";
import { DevnetErrorCode } from "./errors.js";
import { authMessage, decode, encode, type RpcAuth } from "./rpc.js";

export interface RemoteDevChainOptions {
  /** Per-request timeout in ms (default 30 s; block waits use their own). */
  timeoutMs?: number;
}

export class RemoteDevChain implements Chain {
  readonly kind = "dev" as const;
  readonly endpoint: string;
  private nextId = 1;
  private readonly nonces = new Map<string, number>();
  /** The devnet's genesis hash, asked once (signed transactions name it). */
  private genesis: Promise<string> | null = null;
  private readonly aborts = new Set<AbortController>();
  private closed = false;

  /** `url` is the devnet's base URL, e.g. `http://127.0.0.1:9946`. */
  constructor(
    url: string,
    private readonly options: RemoteDevChainOptions = {},
  ) {
    this.endpoint = url.replace(/\/+$/, "");
  }

  /** Resolves once the devnet answers (throws DEVNET_UNREACHABLE otherwise). */
  static async connect(url: string, options: RemoteDevChainOptions = {}): Promise<RemoteDevChain> {
    const c = new RemoteDevChain(url, options);
    await c.call("dev_info", []);
    return c;
  }

  private async call<T>(method: string, params: unknown[], signer?: Signer, timeoutMs = this.options.timeoutMs ?? 30_000): Promise<T> {
    if (this.closed) throw new ChainError(DevnetErrorCode.DEVNET_RPC_FAILED, `${method}: this RemoteDevChain was closed`);
    while (params.length > 0 && params[params.length - 1] === undefined) params = params.slice(0, -1);
    const paramsJson = encode(params);
    let auth: RpcAuth | undefined;
    if (signer) {
      this.genesis ??= this.call<string>("blockHash", [0]).catch((e: unknown) => {
        this.genesis = null;
        throw e;
      });
      const genesis = await this.genesis;
      const accountId = u8aToHex(signer.publicKey);
      const nonce = Math.max(Date.now() * 1000, (this.nonces.get(accountId) ?? 0) + 1);
      this.nonces.set(accountId, nonce);
      const message = authMessage(genesis, accountId, method, nonce, paramsJson);
      auth = { address: signer.address, nonce, signature: u8aToHex(signer.sign(new TextEncoder().encode(message))) };
    }
    const abort = new AbortController();
    this.aborts.add(abort);
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let text: string;
    try {
      const body = `{"id":${this.nextId++},"method":${JSON.stringify(method)},"params":${paramsJson}${auth ? `,"auth":${JSON.stringify(auth)}` : ""}}`;
      const post = () => fetch(`${this.endpoint}/rpc`, { method: "POST", headers: { "content-type": "application/json" }, body, signal: abort.signal });
      let res: Response;
      try {
        res = await post();
      } catch (e) {
        // a pooled keep-alive socket the server had already closed (seen with Node 24's fetch): the
        // request never reached the devnet, so one retry on a fresh connection is safe (a signed call
        // that did arrive would be refused as a replayed nonce, never applied twice)
        const code = ((e as Error).cause as { code?: string } | undefined)?.code;
        if (abort.signal.aborted || (code !== "UND_ERR_SOCKET" && code !== "ECONNRESET")) throw e;
        res = await post();
      }
      text = await res.text();
    } catch (e) {
      throw new ChainError(
        DevnetErrorCode.DEVNET_UNREACHABLE,
        `${method}: cannot reach the devnet at ${this.endpoint} (${(e as Error).message}); start one with \`tao-subnet devnet\``,
        { cause: e },
      );
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
    let answer: { result?: T; error?: { code: string; message: string; field?: string } };
    try {
      answer = decode(text) as typeof answer;
    } catch (e) {
      throw new ChainError(
        DevnetErrorCode.DEVNET_RPC_FAILED,
        `${method}: the devnet at ${this.endpoint} answered something that is not a devnet answer (${(e as Error).message})`,
      );
    }
    if (answer?.error) {
      // the devnet's own bad-input codes keep their code (and field), as an in-process DevChain throws them
      const passed = [ChainErrorCode.SUBNET_NOT_FOUND, ChainErrorCode.INVALID_ARGUMENT] as string[];
      const code = passed.includes(answer.error.code) ? (answer.error.code as ChainErrorCode) : DevnetErrorCode.DEVNET_RPC_FAILED;
      const field = typeof answer.error.field === "string" ? answer.error.field : undefined;
      throw new ChainError(
        code,
        code === DevnetErrorCode.DEVNET_RPC_FAILED ? `${method}: ${answer.error.message} (${answer.error.code})` : answer.error.message,
        {
          ...(field !== undefined && { field }),
        },
      );
    }
    return answer.result as T;
  }

  bestBlock(): Promise<number> {
    return this.call("bestBlock", []);
  }
  blockHash(block?: number): Promise<Hex> {
    return this.call("blockHash", [block]);
  }

  async subscribeBlocks(onBlock: (block: number, hash: Hex) => void): Promise<() => void> {
    let active = true;
    let last = await this.bestBlock();
    void (async () => {
      while (active && !this.closed) {
        try {
          const b = await this.call<number>("dev_waitBlockAfter", [last, 10_000], undefined, 15_000);
          for (let x = last + 1; x <= b && active; x++) onBlock(x, await this.blockHash(x));
          last = Math.max(last, b);
        } catch {
          if (!active || this.closed) return;
          await new Promise((r) => setTimeout(r, 500)); // devnet restarting: retry
        }
      }
    })();
    return () => {
      active = false;
    };
  }

  async waitForBlock(block: number): Promise<void> {
    for (let b = await this.bestBlock(); b < block; ) b = await this.call<number>("dev_waitBlockAfter", [b, 10_000], undefined, 15_000);
  }

  balance(address: string): Promise<bigint> {
    return this.call("balance", [address]);
  }
  subnets(): Promise<number[]> {
    return this.call("subnets", []);
  }
  subnetExists(netuid: number): Promise<boolean> {
    return this.call("subnetExists", [netuid]);
  }
  hyperparameters(netuid: number): Promise<SubnetHyperparameters> {
    return this.call("hyperparameters", [netuid]);
  }
  metagraph(netuid: number, options?: { lite?: boolean } & MechanismOptions): Promise<Metagraph> {
    return this.call("metagraph", [netuid, options]);
  }
  mechanisms(netuid: number): Promise<SubnetMechanisms> {
    return this.call("mechanisms", [netuid]);
  }
  uidOf(netuid: number, hotkey: string): Promise<number | null> {
    return this.call("uidOf", [netuid, hotkey]);
  }
  commitment(netuid: number, hotkey: string): Promise<string | null> {
    return this.call("commitment", [netuid, hotkey]);
  }

  registerNetwork(coldkey: Signer, hotkey: string): Promise<TxResult<{ netuid: number }>> {
    return this.call("registerNetwork", [hotkey], coldkey);
  }
  burnedRegister(coldkey: Signer, netuid: number, hotkey: string): Promise<TxResult<{ uid: number }>> {
    return this.call("burnedRegister", [netuid, hotkey], coldkey);
  }
  serveAxon(hotkey: Signer, netuid: number, axon: AxonInfo): Promise<TxResult> {
    return this.call("serveAxon", [netuid, axon], hotkey);
  }
  addStake(coldkey: Signer, hotkey: string, netuid: number, amount: bigint, options?: StakeOptions): Promise<TxResult> {
    return this.call("addStake", [hotkey, netuid, amount, options ?? {}], coldkey);
  }
  removeStake(coldkey: Signer, hotkey: string, netuid: number, amount: bigint, options?: StakeOptions): Promise<TxResult> {
    return this.call("removeStake", [hotkey, netuid, amount, options ?? {}], coldkey);
  }
  startCall(owner: Signer, netuid: number): Promise<TxResult> {
    return this.call("startCall", [netuid], owner);
  }
  setWeights(hotkey: Signer, netuid: number, uids: number[], weights: number[], versionKey: bigint, options?: MechanismOptions): Promise<TxResult> {
    return this.call("setWeights", [netuid, uids, weights, versionKey, options], hotkey);
  }
  commitWeights(hotkey: Signer, netuid: number, commitHash: Hex, options?: MechanismOptions): Promise<TxResult> {
    return this.call("commitWeights", [netuid, commitHash, options], hotkey);
  }
  revealWeights(
    hotkey: Signer,
    netuid: number,
    uids: number[],
    weights: number[],
    salt: number[],
    versionKey: bigint,
    options?: MechanismOptions,
  ): Promise<TxResult> {
    return this.call("revealWeights", [netuid, uids, weights, salt, versionKey, options], hotkey);
  }
  setMechanismCount(owner: Signer, netuid: number, count: number): Promise<TxResult> {
    return this.call("setMechanismCount", [netuid, count], owner);
  }
  setMechanismEmissionSplit(owner: Signer, netuid: number, split: number[] | null): Promise<TxResult> {
    return this.call("setMechanismEmissionSplit", [netuid, split], owner);
  }
  setHyperparameter<K extends keyof SettableHyperparameters>(owner: Signer, netuid: number, name: K, value: SettableHyperparameters[K]): Promise<TxResult> {
    return this.call("setHyperparameter", [netuid, name, value], owner);
  }
  /** Sets a hyperparameter as root, signed by the devnet's sudo key (//Alice unless the devnet was started with another); see `DevChain.sudoSetHyperparameter`. */
  sudoSetHyperparameter<K extends keyof SettableHyperparameters>(
    sudoKey: Signer,
    netuid: number,
    name: K,
    value: SettableHyperparameters[K],
  ): Promise<TxResult> {
    return this.call("sudoSetHyperparameter", [netuid, name, value], sudoKey);
  }
  setCommitment(hotkey: Signer, netuid: number, data: string): Promise<TxResult> {
    return this.call("setCommitment", [netuid, data], hotkey);
  }

  // ---- devnet controls ----

  /** Produces `n` blocks on the devnet; resolves to the new best block. */
  advance(n = 1): Promise<number> {
    return this.call("dev_advance", [n], undefined, 300_000);
  }
  /** The devnet's faucet: mints `amount` rao to `address`. */
  async fund(address: string, amount: bigint): Promise<void> {
    await this.call("dev_fund", [address, amount]);
  }
  /** The devnet's genesis hash, its block, subnets and block-loop faults (`DevChain.faults`). */
  info(): Promise<{ kind: "dev"; genesis: string; block: number; subnets: number[]; faults: DevFaults }> {
    return this.call("dev_info", []);
  }
  /** Issuance on the emission schedule, the faucet's endowment beside it, and the block emission (0: epochs pay nobody); see `DevChain.emission`. */
  emission(): Promise<DevEmission> {
    return this.call("dev_emission", []);
  }
  /** Every devnet subnet's pool, prices and totals, and the rest of the network (read-only); see `DevChain.economy`. */
  economy(): Promise<ReturnType<DevChain["economy"]>> {
    return this.call("dev_economy", []);
  }
  /** The last epoch a subnet ran (replayable EpochInput and its output), or null. */
  lastEpoch(netuid: number): Promise<{ input: EpochInput; output: EpochOutput; block: number } | null> {
    return this.call("dev_lastEpoch", [netuid]);
  }
  /** A past epoch's EpochInput by the subnet's epoch index (default the last), or null; see `DevChain.exportEpoch`. */
  exportEpoch(netuid: number, epoch?: number): Promise<{ epoch: number; block: number; input: EpochInput; epochs: number[] } | null> {
    return this.call("dev_exportEpoch", [netuid, epoch]);
  }
  /** The EpochInput the subnet's next epoch would run with now. */
  nextEpochInput(netuid: number): Promise<EpochInput> {
    return this.call("dev_nextEpochInput", [netuid]);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const a of this.aborts) a.abort();
  }
}
