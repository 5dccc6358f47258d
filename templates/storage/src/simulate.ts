/**
 * `npm run simulate`: runs your storage market on the in-process devnet with honest and cheating
 * miners and prints who earned what. In the first rounds validators store blobs; after that each
 * round challenges a chunk (or asks for a whole blob back). Lazy miners answer nothing or empty
 * answers, noisy ones half the time someone else's, copiers replay an honest miner's last answer:
 * none of them can produce a chunk that hashes to the root. Change the profiles below.
 * Your adversary (src/adversary.ts: slowpoke) and the kit's (relay, halfChunks, rootOnly) run by
 * name: `--miners '{"honest":3,"rootOnly":2}'`.
 *   npm run simulate -- --epochs 30 --seed 7
 */
import { myKit } from "./kit.js";
import { runSimulation } from "./simulation.js";

await runSimulation(myKit({ blobsPerMiner: 2 }), { honest: 3, noisy: 2, lazy: 1, copier: 1, slowpoke: 1 });
