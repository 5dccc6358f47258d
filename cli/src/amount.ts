/** Amounts and fractions on the command line: TAO or alpha as decimals (exactly, in rao), tolerances as fractions. */
import { invalidArgument } from "./errors.js";

/** `"1.5"` → 1,500,000,000 rao, exactly (at most 9 decimals); throws naming `argument`. */
export function parseTaoAmount(raw: unknown, argument: string, what = "an amount in TAO"): bigint {
  if (typeof raw !== "string" || !/^\d+(\.\d{1,9})?$/.test(raw.trim())) throw invalidArgument(argument, `${what}, e.g. 1.5 (at most 9 decimals)`, raw);
  const [whole = "0", frac = ""] = raw.trim().split(".");
  const rao = BigInt(whole) * 1_000_000_000n + BigInt(frac.padEnd(9, "0"));
  if (rao === 0n || rao >= 1n << 64n) throw invalidArgument(argument, `${what} above 0 and below 2^64 rao`, raw);
  return rao;
}

/** A fraction in [0, max) such as 0.005 (0.5 %), in parts per million. */
export function parseFractionPpm(raw: unknown, argument: string, max = 1): number {
  const s = typeof raw === "string" ? raw.trim() : "";
  const v = Number(s);
  if (!/^\d*\.?\d+$/.test(s) || !Number.isFinite(v) || v < 0 || v >= max)
    throw invalidArgument(argument, `a fraction 0 <= x < ${max}, e.g. 0.005 for 0.5 %`, raw);
  return Math.round(v * 1_000_000);
}

/** Rao (or alpha rao) as a decimal with 9 places, trailing zeros dropped: 1500000000n → "1.5". */
export function raoText(rao: bigint): string {
  const neg = rao < 0n;
  const a = neg ? -rao : rao;
  const frac = (a % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${a / 1_000_000_000n}${frac ? `.${frac}` : ""}`;
}
