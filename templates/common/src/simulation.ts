/**
 * What `npm run simulate` runs (src/simulate.ts passes your kit): the tao-subnet CLI's simulate
 * for your kit, on the in-process devnet with honest and cheating miners, then who earned what
 * (TAO and share), per profile, with what each profile does, and an HTML report in
 * .tao-subnet/simulation.html. The profiles are the generic ones (honest, noisy, lazy, copier,
 * sybil), your kit's adversaries and the ones you add in src/adversary.ts.
 *   npm run simulate -- --epochs 50 --seed 7
 *   npm run simulate -- --miners '{"honest":3,"parrot":2}'
 *   npm run simulate -- --config simulation.json   (validators, joins, tempo, …: npm run simulate -- --help)
 * Bad input (an unknown profile or key, `--epochs abc`, a misspelt flag) exits with code 2 and one
 * JSON line naming it, with the closest known name ("did you mean").
 * `simulate` closes your kit when it ends (its `close` hook, once, through the last driver).
 */
import type { SubnetKit } from "@tao-subnet/sdk/kit";
import { simulateCommandLine } from "tao-subnet";

export async function runSimulation<Req, Res, E>(
  kit: SubnetKit<Req, Res, E>,
  miners: Record<string, number>,
  options: { epochs?: number } = {},
): Promise<void> {
  process.exitCode = await simulateCommandLine(kit, { miners, epochs: options.epochs ?? 20 });
}
