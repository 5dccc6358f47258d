/**
 * The shapes of one epoch's input and output. JSON shapes, as in `test/vectors/README.md`:
 * camelCase, u64 values as decimal strings, u16 values as numbers, sparse rows as `[uid, value]`
 * pairs. Typed-array shapes (`*Arrays`), the same values for callers that hold a large subnet
 * (a validator, a simulator): stake and emissions as `BigUint64Array` (rao), sparse matrices as
 * compressed rows (`rowPtr`, `cols`, `values`), u16 vectors as `Uint16Array`, booleans as
 * `Uint8Array` (0 or 1), I32F32 bits as `BigInt64Array`.
 */

/** A sparse row: `[uid, u16]` pairs in the order they were submitted. */
export type SparseRow = Array<[number, number]>;

/** The whole state of one subnet at one epoch. */
export interface EpochInput {
  n: number;
  /** Raw stake per uid (rao, decimal strings). */
  stake: string[];
  lastUpdate: number[];
  blockAtRegistration: number[];
  /** Permits from the previous epoch (they gate this epoch's weights). */
  validatorPermit: boolean[];
  weights: SparseRow[];
  /** Stored bonds (Yuma 2: column max scaled to 65535; Yuma 3: proportion × 65535). */
  bonds: SparseRow[];
  currentBlock: number;
  tempo: number;
  activityCutoff: number;
  kappa: number;
  bondsPenalty: number;
  /** 1e6 scale, decimal string (900000 ⇒ α = 0.1). */
  bondsMovingAverage: string;
  yuma3: boolean;
  liquidAlpha: boolean;
  alphaLow?: number;
  alphaHigh?: number;
  alphaSigmoidSteepness?: number;
  maxAllowedValidators: number;
  /** Emission to distribute this epoch (rao, decimal string). */
  raoEmission: string;
  lastMechanismStepBlock: number;
  ownerUid: number | null;
  stakeThreshold: string;
  /** The subnet's CommitRevealWeightsEnabled (default false: `commitBlock` is not used). */
  commitRevealEnabled?: boolean;
  /**
   * Per uid, the block of its earliest commit that has not expired (u64, decimal string), or null
   * for none (default: none for every uid). With commit-reveal on, the weight from i to j is dropped
   * when commitBlock[i] < blockAtRegistration[j] (run_epoch.rs, "Commit-reveal column mask").
   */
  commitBlock?: Array<string | null>;
}

/** I32F32 intermediates as raw 64-bit integers (value = bits / 2^32), decimal strings. */
export interface EpochFixed {
  stake: string[];
  activeStake: string[];
  consensus: string[];
  incentive: string[];
  dividends: string[];
  validatorTrust: string[];
}

export interface EpochOutput {
  active: boolean[];
  /** New permits (top-k stake). */
  validatorPermit: boolean[];
  consensus: number[];
  incentive: number[];
  dividends: number[];
  validatorTrust: number[];
  stakeWeight: number[];
  emission: string[];
  serverEmission: string[];
  validatorEmission: string[];
  /**
   * The normalised server emission per uid, I32F32 bits: incentive / Σ(incentive + dividends) (0
   * when that sum is 0). serverEmission = floor(serverShare × raoEmission).
   */
  serverShare: string[];
  /**
   * The normalised validator emission per uid, I32F32 bits: dividends / Σ(incentive + dividends),
   * or, when that sum is 0, the active stake (the stake when no stake is active).
   * validatorEmission = floor(validatorShare × raoEmission).
   */
  validatorShare: string[];
  /** Bonds as stored after the epoch (u16 rows). */
  bonds: SparseRow[];
  fixed: EpochFixed;
}

/** A sparse matrix of I32F32 bits (decimal strings), for traces. */
export type FixedRow = Array<[number, string]>;

/** Every intermediate stage of an epoch, for debugging a subnet. */
export interface EpochTrace extends EpochOutput {
  stages: {
    /** S: normalised stake (I32F32 bits). */
    stake: string[];
    /** Active stake: S masked by activity and permits, renormalised. */
    activeStake: string[];
    /** W: weights after masking and row normalisation. */
    weights: FixedRow[];
    /** C: consensus per column. */
    consensus: string[];
    /** W̄: weights clipped at consensus. */
    clippedWeights: FixedRow[];
    validatorTrust: string[];
    incentive: string[];
    /** W_b: weights for bonds (W interpolated toward W̄ by the bonds penalty). */
    weightsForBonds: FixedRow[];
    /** B before the EMA (masked; Yuma 2: column-normalised; Yuma 3: proportions). */
    bondsBefore: FixedRow[];
    /** B after the EMA (Yuma 2: column-max upscaled). */
    bondsAfter: FixedRow[];
    dividends: string[];
    /** The output's serverShare and validatorShare. */
    normalizedServerEmission: string[];
    normalizedValidatorEmission: string[];
    normalizedCombinedEmission: string[];
  };
}

/** A sparse matrix in compressed rows: row i is `cols[rowPtr[i]..rowPtr[i+1]]` with its `values`. */
export interface EpochSparseMatrix {
  /** n + 1 offsets into `cols`/`values`, starting at 0, non-decreasing. */
  rowPtr: Uint32Array;
  /** uid of each entry (< n, at most once per row), in the row's order. */
  cols: Uint16Array;
  /** u16 value of each entry. */
  values: Uint16Array;
}

/**
 * `EpochInput` with its per-uid vectors and matrices as typed arrays, and its u64 scalars as
 * decimal strings or bigints (the other hyperparameters unchanged).
 */
export interface EpochInputArrays
  extends Omit<
    EpochInput,
    | "stake"
    | "lastUpdate"
    | "blockAtRegistration"
    | "validatorPermit"
    | "weights"
    | "bonds"
    | "bondsMovingAverage"
    | "raoEmission"
    | "stakeThreshold"
    | "commitBlock"
  > {
  /** 1e6 scale (900000 ⇒ α = 0.1). */
  bondsMovingAverage: string | bigint;
  /** Emission to distribute this epoch (rao). */
  raoEmission: string | bigint;
  stakeThreshold: string | bigint;
  /** Raw stake per uid (rao). */
  stake: BigUint64Array;
  /** Block numbers (integers ≤ 2^53 − 1). */
  lastUpdate: ArrayLike<number>;
  blockAtRegistration: ArrayLike<number>;
  /** Permits from the previous epoch: 0 or 1 per uid. */
  validatorPermit: Uint8Array;
  weights: EpochSparseMatrix;
  bonds: EpochSparseMatrix;
  /** Per uid, the block of its earliest commit that has not expired; 2^64 − 1 (EPOCH_NO_COMMIT) for none. */
  commitBlock?: BigUint64Array;
}

/** I32F32 bits as typed arrays. */
export interface EpochFixedArrays {
  stake: BigInt64Array;
  activeStake: BigInt64Array;
  consensus: BigInt64Array;
  incentive: BigInt64Array;
  dividends: BigInt64Array;
  validatorTrust: BigInt64Array;
}

/** `EpochOutput` as typed arrays: the same values, entry for entry. */
export interface EpochOutputArrays {
  active: Uint8Array;
  validatorPermit: Uint8Array;
  consensus: Uint16Array;
  incentive: Uint16Array;
  dividends: Uint16Array;
  validatorTrust: Uint16Array;
  stakeWeight: Uint16Array;
  emission: BigUint64Array;
  serverEmission: BigUint64Array;
  validatorEmission: BigUint64Array;
  /** I32F32 bits (see EpochOutput.serverShare). */
  serverShare: BigInt64Array;
  /** I32F32 bits (see EpochOutput.validatorShare). */
  validatorShare: BigInt64Array;
  bonds: EpochSparseMatrix;
  fixed: EpochFixedArrays;
}

/** A sparse matrix of I32F32 bits in compressed rows (as EpochSparseMatrix, `values` the bits). */
export interface EpochFixedMatrix {
  rowPtr: Uint32Array;
  cols: Uint16Array;
  values: BigInt64Array;
}

/**
 * `EpochTrace` as typed arrays: the stages that are not already among the outputs' `fixed`
 * vectors (S, active stake, C, trust, I and D are `fixed.*`; the normalised server and validator
 * emissions are the same arrays as `serverShare` and `validatorShare`).
 */
export interface EpochTraceArrays extends EpochOutputArrays {
  stages: {
    weights: EpochFixedMatrix;
    clippedWeights: EpochFixedMatrix;
    weightsForBonds: EpochFixedMatrix;
    bondsBefore: EpochFixedMatrix;
    bondsAfter: EpochFixedMatrix;
    normalizedServerEmission: BigInt64Array;
    normalizedValidatorEmission: BigInt64Array;
    normalizedCombinedEmission: BigInt64Array;
  };
}
