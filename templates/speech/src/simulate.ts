/**
 * `npm run simulate`: runs your market on the in-process devnet with honest and cheating miners
 * and prints who earned what. Every round is real: espeak-ng speaks fresh clips, the honest miners
 * recognise them with pocketsphinx, your module scores the transcripts. Change the profiles below
 * to ask your own "does a cheater get paid?".
 *   npm run simulate -- --epochs 20 --seed 7
 */
import { parseArgs } from "node:util";
import { simulate } from "@tao-subnet/sdk";
import { espeakAvailable, pocketsphinxAvailable } from "@tao-subnet/kit-speech";
import { myKit } from "./kit.js";

for (const tool of [espeakAvailable(), pocketsphinxAvailable()]) {
  if (!tool.ok) {
    console.error(`simulate needs the speech tools: ${tool.reason}`);
    process.exit(2);
  }
}
const { values } = parseArgs({ options: { epochs: { type: "string", default: "10" }, seed: { type: "string", default: "1" } } });
const result = await simulate(myKit({ minerEndpoint: null }), {
  seed: values.seed!,
  epochs: Number(values.epochs),
  miners: { honest: 3, noisy: 2, lazy: 1, copier: 1 },
}, (epoch, total) => process.stderr.write(`epoch ${epoch}/${total}\r`));
process.stderr.write("\n");
for (const [name, p] of Object.entries(result.profiles)) {
  console.log(`${name.padEnd(24)} ${String(p.uids.length).padStart(3)} uids  ${(p.share * 100).toFixed(1).padStart(5)} % of ${p.role} emission`);
}
