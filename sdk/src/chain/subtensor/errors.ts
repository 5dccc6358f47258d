/**
 * How a refused transaction is named. Two places refuse: the pool's validation (the runtime's
 * transaction extension, before any fee: "1010: Invalid Transaction: Custom error: N") and the
 * dispatch (a pallet error, decoded through the chain's metadata, after the fee).
 */

// see: subtensor pallets/subtensor/src/lib.rs CustomTransactionError (u8 codes) @ 738ba0c0c
const CUSTOM_TRANSACTION_ERRORS: Record<number, string> = {
  0: "ColdkeyInSwapSchedule",
  1: "StakeAmountTooLow",
  2: "BalanceTooLow",
  3: "SubnetDoesntExist",
  4: "HotkeyAccountDoesntExist",
  5: "NotEnoughStakeToWithdraw",
  6: "RateLimitExceeded",
  7: "InsufficientLiquidity",
  8: "SlippageTooHigh",
  9: "TransferDisallowed",
  10: "HotKeyNotRegisteredInNetwork",
  11: "InvalidIpAddress",
  12: "ServingRateLimitExceeded",
  13: "InvalidPort",
  14: "ZeroMaxAmount",
  255: "BadRequest",
};

/** Standard `InvalidTransaction` variants as node RPC errors spell them, mapped to names. */
const INVALID_TRANSACTION: Array<[RegExp, string]> = [
  [/Inability to pay some fees|Payment/i, "InsufficientBalanceForFees"],
  [/Transaction is outdated|Stale/i, "Stale"],
  [/Transaction has a bad signature|BadProof/i, "BadSignature"],
  [/ancient birth block|AncientBirthBlock/i, "AncientBirthBlock"],
  [/exhausts the resources|ExhaustsResources/i, "ExhaustsResources"],
  [/will be valid in the future|Future/i, "Future"],
  [/BadOrigin/i, "BadOrigin"],
];

/**
 * Names a pool rejection from the RPC error message: a node says `1010: Invalid Transaction:
 * Custom error: 6`, chopsticks `1010: {"invalid":{"custom":6}}`.
 */
export function poolErrorName(message: string): string {
  const custom = /Custom error:\s*(\d+)|"custom"\s*:\s*(\d+)/i.exec(message);
  if (custom) {
    const code = Number(custom[1] ?? custom[2]);
    return CUSTOM_TRANSACTION_ERRORS[code] ?? `CustomTransactionError(${code})`;
  }
  for (const [re, name] of INVALID_TRANSACTION) if (re.test(message)) return name;
  return "InvalidTransaction";
}

/** True when resubmitting may succeed (a full block, a tx the pool dropped). */
export const isTransient = (name: string): boolean => name === "ExhaustsResources" || name === "Dropped" || name === "Usurped";
