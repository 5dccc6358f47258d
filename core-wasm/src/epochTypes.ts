/**
 * The shapes of one epoch's input and output, as in `test/vectors/README.md`: camelCase, u64
 * values as decimal strings, u16 values as numbers, sparse rows as `[uid, value]` pairs.
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
    normalizedServerEmission: string[];
    normalizedValidatorEmission: string[];
    normalizedCombinedEmission: string[];
  };
}
