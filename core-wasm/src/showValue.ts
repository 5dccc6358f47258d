/** A short, never-throwing rendering of a bad input value for error messages (cyclic, deep or BigInt values included). */
export function showValue(v: unknown): string {
  let s: string | undefined;
  try {
    s = typeof v === "bigint" ? `${v}n` : JSON.stringify(v);
  } catch {
    s = Array.isArray(v) ? "[a cyclic array]" : Object.prototype.toString.call(v);
  }
  if (s === undefined) s = String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
