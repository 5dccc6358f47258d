/** Printing a transaction's outcome: one line (or JSON), exit 0 when applied, 1 when the chain refused it. */
import type { TxResult } from "@tao-subnet/sdk";
import { formatTao } from "@tao-subnet/ui";
import type { CommandIo } from "./command.js";

export function printTx<T>(
  io: CommandIo,
  values: Record<string, unknown>,
  r: TxResult<T>,
  describe: (value: T) => Record<string, unknown> = () => ({}),
): number {
  if (values.json) {
    io.stdout(
      JSON.stringify(
        r.ok
          ? { ok: true, block: r.block, fee: r.fee.toString(), ...describe(r.value) }
          : { ok: false, error: r.error, message: r.message, block: r.block ?? null, fee: r.fee.toString() },
      ) + "\n",
    );
  } else if (r.ok) {
    const extra = Object.entries(describe(r.value))
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(", ");
    io.stdout(`ok in block ${r.block}${extra ? `: ${extra}` : ""} (fee ${formatTao(r.fee)})\n`);
  } else {
    io.stderr(`refused by the chain: ${r.error}: ${r.message}${r.fee ? ` (fee ${formatTao(r.fee)})` : ""}\n`);
  }
  return r.ok ? 0 : 1;
}
