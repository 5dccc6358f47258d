/**
 * `npm run simulate`: runs your market on the in-process devnet with honest and cheating miners
 * and prints who earned what (src/simulation.ts). Change the profiles below, or pass your own, to
 * ask "does a cheater get paid?": the text kit's adversaries (padder, truncator, lookup) and yours
 * (src/adversary.ts: parrot) run by name.
 *   npm run simulate -- --epochs 50 --seed 7 --miners '{"honest":3,"parrot":2}'
 */
import { myKit } from "./kit.js";
import { runSimulation } from "./simulation.js";

await runSimulation(myKit(), { honest: 3, noisy: 2, lazy: 1, copier: 1, parrot: 2 });
