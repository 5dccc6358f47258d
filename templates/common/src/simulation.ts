/**
 * What `npm run simulate` runs (src/simulate.ts passes your kit): your market on the in-process
 * devnet with honest and cheating miners, then who earned what, per profile, with what each
 * profile does. The profiles are the generic ones (honest, noisy, lazy, copier, sybil), your kit's
 * adversaries and the ones you add in src/adversary.ts.
 *   npm run simulate -- --epochs 50 --seed 7
 *   npm run simulate -- --miners '{"honest":3,"parrot":2}'
 * An unknown profile name exits with code 2 and one JSON line naming it and listing the known ones.
 * `simulate` closes your kit when it ends (its `close` hook, once, through the last driver).
 */
import { parseArgs } from "node:util";
import type { SubnetKit } from "@tao-subnet/sdk/kit";
import { SimulationConfigError, simulate } from "@tao-subnet/sdk/sim";

type Options = { epochs?: number; onEpoch?: (epoch: number, total: number) => void };

/** Bad input: one JSON line on stderr naming the argument, exit code 2. */
function badInput(argument: string, message: string): void {
  console.error(JSON.stringify({ error: { argument, message } }));
  process.exitCode = 2;
}

export async function runSimulation<Req, Res, E>(kit: SubnetKit<Req, Res, E>, miners: Record<string, number>, options: Options = {}): Promise<void> {
  const { values } = parseArgs({
    options: {
      epochs: { type: "string", default: String(options.epochs ?? 20) },
      seed: { type: "string", default: "1" },
      miners: { type: "string", default: JSON.stringify(miners) },
    },
  });
  try {
    let wanted: Record<string, number>;
    try {
      wanted = JSON.parse(values.miners!) as Record<string, number>;
    } catch (e) {
      return badInput("--miners", `expected a JSON object of profile → number of miners, e.g. {"honest":3,"noisy":2} (${(e as Error).message})`);
    }
    const result = await simulate(kit, { seed: values.seed!, epochs: Number(values.epochs), miners: wanted }, options.onEpoch);
    for (const [name, p] of Object.entries(result.profiles)) {
      console.log(
        `${name.padEnd(24)} ${String(p.uids.length).padStart(3)} uids  ${(p.share * 100).toFixed(1).padStart(5)} % of ${p.role} emission  ${p.description}`,
      );
    }
  } catch (e) {
    if (!(e instanceof SimulationConfigError)) throw e;
    badInput(e.path, e.message);
  }
}
