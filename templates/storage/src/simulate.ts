/**
 * `npm run simulate`: runs your storage market on the in-process devnet with honest and cheating
 * miners and prints who earned what. In the first rounds validators store blobs; after that each
 * round challenges a chunk (or asks for a whole blob back). Lazy miners answer nothing or empty
 * answers, noisy ones half the time someone else's, copiers replay an honest miner's last answer:
 * none of them can produce a chunk that hashes to the root. Change the profiles below.
 *   npm run simulate -- --epochs 30 --seed 7
 */
import { parseArgs } from "node:util";
import { simulate } from "@tao-subnet/sdk";
import { myKit } from "./kit.js";

const { values } = parseArgs({ options: { epochs: { type: "string", default: "20" }, seed: { type: "string", default: "1" } } });
const kit = myKit({ blobsPerMiner: 2 });
const result = await simulate(kit, {
  seed: values.seed!,
  epochs: Number(values.epochs),
  miners: { honest: 3, noisy: 2, lazy: 1, copier: 1 },
});
for (const [name, p] of Object.entries(result.profiles)) {
  console.log(`${name.padEnd(24)} ${String(p.uids.length).padStart(3)} uids  ${(p.share * 100).toFixed(1).padStart(5)} % of ${p.role} emission`);
}
await kit.close();
