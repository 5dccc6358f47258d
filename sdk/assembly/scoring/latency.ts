// The latency term every kit's score uses, in integers.

/** 1.0 in the factor's units. */
export const FACTOR_ONE: i64 = 65536;

/**
 * The latency factor in 1/65536: 1 up to `budgetMs`, falling linearly to 1/2 at three times the
 * budget and staying there. A budget ≤ 0 (none) or a latency < 0 (not reported) gives 1.
 */
export function latencyFactor(latencyMs: i64, budgetMs: i64): i64 {
  if (budgetMs <= 0 || latencyMs <= budgetMs) return FACTOR_ONE;
  const over = min(latencyMs - budgetMs, 2 * budgetMs);
  return FACTOR_ONE - (over * 32768) / (2 * budgetMs);
}

/** A score in 0..65535 times a factor in 1/65536, floored (and kept ≤ 65535). */
export function applyFactor(score: i64, factor: i64): u16 {
  return <u16>min<i64>(65535, (score * factor) >> 16);
}
