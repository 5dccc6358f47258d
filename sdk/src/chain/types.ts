/**
 * The `Chain` interface: what tao-subnet needs from a Bittensor chain, implemented twice:
 * `SubtensorChain` (@polkadot/api against a real node or a chopsticks chain) and `DevChain` (the
 * in-process devnet, the embedded default). Runtimes, the CLI and the dashboard take a `Chain` and
 * never know which one they have.
 *
 * Conventions: block numbers are `number`; balances and stake are `bigint` rao; u16 values
 * (weights, incentive, …) are `number` in 0..65535. Calls the chain may refuse (rate limits, not
 * registered, no permit, …) resolve to a {@link TxResult} carrying the chain's error name; they
 * throw only for programming errors and transport failures (typed `ChainError`s).
 */
import type { KeyringPair } from "@polkadot/keyring/types";

/** An account that signs: an sr25519 keypair (from a wallet, a mnemonic or a dev URI such as //Alice). */
export type Signer = KeyringPair;

/** 0x-prefixed lowercase hex. */
export type Hex = `0x${string}`;

/** A served axon, as `serve_axon` stores it. `ip` is dotted IPv4 or IPv6 text. */
export interface AxonInfo {
  ip: string;
  port: number;
  ipType: 4 | 6;
  protocol: number;
  version: number;
  /** Block at which it was last served (0 when never). */
  block?: number;
}

/** One uid of a subnet's metagraph. */
export interface NeuronInfo {
  uid: number;
  hotkey: string;
  coldkey: string;
  /** Stake weight used by the epoch, rao. */
  stake: bigint;
  active: boolean;
  validatorPermit: boolean;
  lastUpdate: number;
  blockAtRegistration: number;
  axon: AxonInfo | null;
  /** u16 outputs of the last epoch. */
  consensus: number;
  incentive: number;
  dividends: number;
  validatorTrust: number;
  /** Rao emitted to this uid by the last epoch. */
  emission: bigint;
}

/** Hyperparameters of a subnet (names as the chain's `SubnetHyperparams`, camelCase). */
export interface SubnetHyperparameters {
  tempo: number;
  kappa: number;
  immunityPeriod: number;
  minAllowedWeights: number;
  maxWeightLimit: number;
  weightsRateLimit: number;
  weightsVersion: bigint;
  activityCutoff: number;
  maxAllowedUids: number;
  maxAllowedValidators: number;
  bondsMovingAverage: bigint;
  bondsPenalty: number;
  commitRevealWeightsEnabled: boolean;
  /** Reveal period in tempos. */
  commitRevealPeriod: number;
  liquidAlphaEnabled: boolean;
  alphaLow: number;
  alphaHigh: number;
  alphaSigmoidSteepness: number;
  yuma3Enabled: boolean;
  registrationAllowed: boolean;
  /** Current burn cost of `burned_register`, rao. */
  burn: bigint;
  minBurn: bigint;
  maxBurn: bigint;
  stakeThreshold: bigint;
  /** Blocks in which the burn halves (BurnHalfLife, spec 425: it decays every block and rises by `burnIncreaseMult` at each registration). Absent where the runtime has none. */
  burnHalfLife?: number;
  /** Factor the burn is multiplied by after a registration (BurnIncreaseMult), U64F64 bits: 2^64 is 1.0. Spec 425. */
  burnIncreaseMult?: bigint;
  /** How many of the owner's hotkeys pruning skips (ImmuneOwnerUidsLimit, the owner's hotkey first). Spec 425. */
  immuneOwnerUidsLimit?: number;
  /** Fewest non-immune uids pruning leaves before it takes an immune one (MinNonImmuneUids; root sets it). Spec 425. */
  minNonImmuneUids?: number;
}

/** A subnet's state at one block. `weights` and `bonds` are sparse rows by uid (empty when `lite`). */
export interface Metagraph {
  netuid: number;
  block: number;
  n: number;
  tempo: number;
  /** First block at which this subnet's next epoch runs. */
  nextEpochBlock: number;
  ownerColdkey: string;
  ownerHotkey: string;
  hyperparameters: SubnetHyperparameters;
  neurons: NeuronInfo[];
  weights: Array<Array<[number, number]>>;
  bonds: Array<Array<[number, number]>>;
}

/** An event a transaction emitted, decoded (`section.method`, data as JSON-safe values). */
export interface ChainEvent {
  section: string;
  method: string;
  data: unknown[];
}

/**
 * Names of chain errors callers commonly branch on (the pallet error's name as the chain's
 * metadata spells it). Any other decoded name comes through as a plain string.
 */
export type KnownChainErrorName =
  | "SettingWeightsTooFast"
  | "HotKeyNotRegisteredInSubNet"
  | "HotKeyAlreadyRegisteredInSubNet"
  | "NeuronNoValidatorPermit"
  | "SubNetworkDoesNotExist"
  | "MechanismDoesNotExist"
  | "NotEnoughBalanceToStake"
  | "NotEnoughBalanceToPayBurn"
  | "TooManyRegistrationsThisBlock"
  | "TooManyRegistrationsThisInterval"
  | "SubNetRegistrationDisabled"
  | "WeightVecNotEqualSize"
  | "UidVecContainInvalidOne"
  | "DuplicateUids"
  | "WeightVecLengthIsLow"
  | "MaxWeightExceeded"
  | "IncorrectWeightVersionKey"
  | "CommitRevealEnabled"
  | "CommitRevealDisabled"
  | "NoWeightsCommitFound"
  | "InvalidRevealCommitHashNotMatch"
  | "RevealTooEarly"
  | "ExpiredWeightCommit"
  | "TooManyUnrevealedCommits"
  | "CommittingWeightsTooFast"
  | "NonAssociatedColdKey"
  | "NotSubnetOwner"
  | "ServingRateLimitExceeded"
  | "InvalidIpAddress"
  | "InvalidPort"
  | "NetworkTxRateLimitExceeded"
  | "SubtokenDisabled"
  | "BadOrigin";

/** The outcome of a transaction. `ok: false` carries the chain's error name; nothing was applied. */
export type TxResult<T = undefined> =
  | { ok: true; value: T; block: number; blockHash?: Hex; fee: bigint; events: ChainEvent[] }
  | {
      ok: false;
      error: KnownChainErrorName | (string & {});
      message: string;
      block?: number;
      fee: bigint;
      events: ChainEvent[];
    };

/** Owner-settable hyperparameters, by name, with the value type each takes. */
export interface SettableHyperparameters {
  tempo: number;
  kappa: number;
  immunityPeriod: number;
  minAllowedWeights: number;
  maxWeightLimit: number;
  weightsRateLimit: number;
  weightsVersion: bigint;
  activityCutoff: number;
  maxAllowedUids: number;
  maxAllowedValidators: number;
  bondsMovingAverage: bigint;
  bondsPenalty: number;
  commitRevealWeightsEnabled: boolean;
  commitRevealPeriod: number;
  liquidAlphaEnabled: boolean;
  alphaValues: [number, number];
  yuma3Enabled: boolean;
  registrationAllowed: boolean;
  minBurn: bigint;
  maxBurn: bigint;
  /** Spec 425 on (see SubnetHyperparameters). */
  burnHalfLife?: number;
  burnIncreaseMult?: bigint;
  immuneOwnerUidsLimit?: number;
  /** Root only. */
  minNonImmuneUids?: number;
}

/** A stake order's options. */
export interface StakeOptions {
  /**
   * Limit price in rao of TAO per whole alpha (the chain's `limit_price`): a buy fails if the pool's
   * price would rise above it, a sell if it would fall below it (add_stake_limit /
   * remove_stake_limit without partial fills). Absent: no limit.
   */
  limitPrice?: bigint;
}

/** A timelocked (drand) weights commit as sent; the chain reveals it itself once it holds the round's pulse. */
export interface TimelockedCommit {
  /** The drand round the payload is encrypted to. */
  revealRound: number;
  /** The call that carried it, as the runtime's metadata names it (`commitTimelockedWeights`, `commitCrv3Weights`). */
  call: string;
  /** blake2-256 of the ciphertext (what the chain's commit event carries). */
  commitHash: Hex;
}

export interface TimelockedCommitOptions {
  /** The drand round to encrypt to (default: computed from the reveal epoch's wall-clock time, as the Python SDK does). */
  revealRound?: number;
}

/** What tao-subnet needs from a Bittensor chain. See the file header for conventions. */
export interface Chain {
  /** `dev` for the in-process devnet, `subtensor` for a real node or chopsticks. */
  readonly kind: "dev" | "subtensor";
  /** Human-readable endpoint (a ws:// URL, or `devnet`). */
  readonly endpoint: string;

  bestBlock(): Promise<number>;
  blockHash(block?: number): Promise<Hex>;
  /** Calls `onBlock` for each new best block; resolves to an unsubscribe function. */
  subscribeBlocks(onBlock: (block: number, hash: Hex) => void): Promise<() => void>;
  /** Resolves once the best block is at least `block`. */
  waitForBlock(block: number): Promise<void>;

  balance(address: string): Promise<bigint>;
  subnets(): Promise<number[]>;
  subnetExists(netuid: number): Promise<boolean>;
  hyperparameters(netuid: number): Promise<SubnetHyperparameters>;
  /** The subnet's metagraph; `lite` leaves weights and bonds empty. */
  metagraph(netuid: number, options?: { lite?: boolean }): Promise<Metagraph>;
  uidOf(netuid: number, hotkey: string): Promise<number | null>;
  /** Published commitment (e.g. a scoring module's sha256) of a hotkey on a subnet. */
  commitment(netuid: number, hotkey: string): Promise<string | null>;

  registerNetwork(coldkey: Signer, hotkey: string): Promise<TxResult<{ netuid: number }>>;
  burnedRegister(coldkey: Signer, netuid: number, hotkey: string): Promise<TxResult<{ uid: number }>>;
  serveAxon(hotkey: Signer, netuid: number, axon: AxonInfo): Promise<TxResult>;
  /** Stakes `amount` rao of TAO to `hotkey` on `netuid`: a dynamic subnet swaps it for alpha through its pool (fee, optional price limit). */
  addStake(coldkey: Signer, hotkey: string, netuid: number, amount: bigint, options?: StakeOptions): Promise<TxResult>;
  /** Unstakes `amount` (alpha rao on a dynamic subnet) of `coldkey`'s stake on `hotkey`, swapped back to TAO through the pool. */
  removeStake(coldkey: Signer, hotkey: string, netuid: number, amount: bigint, options?: StakeOptions): Promise<TxResult>;
  /** start_call: the subnet owner starts the subnet's emission (and staking). */
  startCall(owner: Signer, netuid: number): Promise<TxResult>;
  /** `uids` and u16 `weights` as `convert_weights_and_uids_for_emit` gives them. */
  setWeights(hotkey: Signer, netuid: number, uids: number[], weights: number[], versionKey: bigint): Promise<TxResult>;
  commitWeights(hotkey: Signer, netuid: number, commitHash: Hex): Promise<TxResult>;
  revealWeights(hotkey: Signer, netuid: number, uids: number[], weights: number[], salt: number[], versionKey: bigint): Promise<TxResult>;
  /**
   * Whether the chain takes timelocked (drand) weight commits, which it reveals itself. Optional:
   * a chain without the method has none (the devnet, until it has a local beacon).
   */
  supportsTimelockedCommits?(): Promise<boolean>;
  /** Commits weights encrypted to a drand round (`supportsTimelockedCommits`); there is nothing to reveal afterwards. */
  commitTimelockedWeights?(
    hotkey: Signer,
    netuid: number,
    uids: number[],
    weights: number[],
    versionKey: bigint,
    options?: TimelockedCommitOptions,
  ): Promise<TxResult<TimelockedCommit>>;
  setHyperparameter<K extends keyof SettableHyperparameters>(owner: Signer, netuid: number, name: K, value: SettableHyperparameters[K]): Promise<TxResult>;
  setCommitment(hotkey: Signer, netuid: number, data: string): Promise<TxResult>;

  close(): Promise<void>;
}
