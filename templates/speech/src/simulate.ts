/**
 * `npm run simulate`: runs your market on the in-process devnet with honest and cheating miners
 * and prints who earned what. Every round is real: espeak-ng speaks fresh clips, the honest miners
 * recognise them with pocketsphinx, your module scores the transcripts. Change the profiles below
 * to ask your own "does a cheater get paid?".
 * Your adversary (src/adversary.ts: stutter) and the kit's (partial) run by name:
 * `--miners '{"honest":3,"partial":2}'`.
 *   npm run simulate -- --epochs 20 --seed 7
 */
import { espeakAvailable, pocketsphinxAvailable } from "@tao-subnet/kit-speech";
import { myKit } from "./kit.js";
import { runSimulation } from "./simulation.js";

for (const tool of [espeakAvailable(), pocketsphinxAvailable()]) {
  if (!tool.ok) {
    console.error(`simulate needs the speech tools: ${tool.reason}`);
    process.exit(2);
  }
}
await runSimulation(myKit({ minerEndpoint: null }), { honest: 3, noisy: 2, lazy: 1, copier: 1, stutter: 1 }, { epochs: 10 });
