/**
 * `npm run simulate`: runs your market on the in-process devnet with honest and cheating miners
 * and prints who earned what. Honest miners run the offline baseline on freshly rendered scenes;
 * noisy and copying miners send answers to other images (their image_hash gives them away); lazy
 * ones send nothing or empty answers. Change the profiles below to ask your own "does a cheater
 * get paid?".
 * Your adversary (src/adversary.ts: oneBox) and the kit's (replayer, jitter) run by name:
 * `--miners '{"honest":3,"jitter":2}'`.
 *   npm run simulate -- --epochs 50 --seed 7
 */
import { myKit } from "./kit.js";
import { runSimulation } from "./simulation.js";

await runSimulation(myKit(), { honest: 3, noisy: 2, lazy: 1, copier: 1, oneBox: 1 });
