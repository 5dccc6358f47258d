/**
 * `npm run simulate`: your market on the in-process devnet with honest and cheating miners.
 * Your adversary (src/adversary.ts: halfSorter) runs by name: `--miners '{"honest":3,"halfSorter":2}'`.
 *   npm run simulate -- --epochs 50 --seed 7
 */
import { myKit } from "./kit.js";
import { runSimulation } from "./simulation.js";

await runSimulation(myKit(), { honest: 3, noisy: 2, lazy: 1, copier: 1, halfSorter: 1 });
