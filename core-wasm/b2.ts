import { getCore } from "./src/index.ts";
import { packEpochInput } from "./src/epochPacking.ts";
import { benchSubnet } from "../bench/suites/epochFixtures.ts";
const core = getCore("release");
for (const [n, v, la] of [[256, 64, true], [1024, 256, true], [4096, 1024, true], [4096, 1024, false]] as const) {
  const bytes = packEpochInput({ ...benchSubnet(n, v), liquidAlpha: la }, false);
  core.reserve(bytes.byteLength * 16 + (1 << 22));
  const r: string[] = [];
  for (let k = 0; k < 3; k++) { const t = performance.now(); core.arena(() => core.liftBytes(core.call<number>("runEpochPacked", core.lowerBytes(bytes)))); r.push((performance.now() - t).toFixed(1)); }
  console.log(n, v, la ? "liquid" : "fixed α", r, (core.exports.memory.buffer.byteLength / 2 ** 20).toFixed(0), "MiB");
}
