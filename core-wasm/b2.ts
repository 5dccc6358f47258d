import { runEpoch, getCore } from "./src/index.ts";
import { benchSubnet } from "../bench/suites/epochFixtures.ts";
for (const n of [256, 1024, 2048, 4096]) {
  const x = benchSubnet(n, n / 4);
  const r = [];
  for (let k = 0; k < 3; k++) { const t = performance.now(); runEpoch(x); r.push((performance.now() - t).toFixed(0)); }
  console.log(n, r, (getCore().exports.memory.buffer.byteLength / 2 ** 20).toFixed(0), "MiB");
}
