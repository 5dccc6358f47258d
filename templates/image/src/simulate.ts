/**
 * `npm run simulate`: runs your market on the in-process devnet with honest and cheating miners
 * and prints who earned what. Honest miners run the offline baseline on freshly rendered scenes;
 * noisy and copying miners send answers to other images (their image_hash gives them away); lazy
 * ones send nothing or empty answers. Change the profiles below to ask your own "does a cheater
 * get paid?".
 *   npm run simulate -- --epochs 50 --seed 7
 */
import { parseArgs } from "node:util";
import { simulate } from "@tao-subnet/sdk";
import { myKit } from "./kit.js";

const { values } = parseArgs({ options: { epochs: { type: "string", default: "20" }, seed: { type: "string", default: "1" } } });
const result = await simulate(myKit(), {
  seed: values.seed!,
  epochs: Number(values.epochs),
  miners: { honest: 3, noisy: 2, lazy: 1, copier: 1 },
});
for (const [name, p] of Object.entries(result.profiles)) {
  console.log(`${name.padEnd(24)} ${String(p.uids.length).padStart(3)} uids  ${(p.share * 100).toFixed(1).padStart(5)} % of ${p.role} emission`);
}
