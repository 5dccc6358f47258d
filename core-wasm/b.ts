import { getCore, validateEpochInput } from "./src/index.ts";
import { packEpochInput, unpackEpochOutput } from "./src/epochPacking.ts";
import { benchSubnet } from "../bench/suites/epochFixtures.ts";
for (const [n, v] of [[1024, 256], [4096, 1024]]) {
  const x = benchSubnet(n, v);
  let t = performance.now(); validateEpochInput(x); const tv = performance.now() - t;
  t = performance.now(); const bytes = packEpochInput(x, false); const tp = performance.now() - t;
  const core = getCore();
  t = performance.now(); const ptr = core.lowerBytes(bytes); const out = core.call<number>("runEpochPacked", ptr); const tw = performance.now() - t;
  t = performance.now(); unpackEpochOutput(core.liftBytes(out), n, false); const tu = performance.now() - t;
  core.release(ptr);
  console.log(n, { validate: tv.toFixed(0), pack: tp.toFixed(0), wasm: tw.toFixed(0), unpack: tu.toFixed(0) });
  const y = { ...x, liquidAlpha: false };
  t = performance.now(); const p2 = core.lowerBytes(packEpochInput(y, false)); core.call("runEpochPacked", p2); console.log(" no liquid alpha wasm+pack", (performance.now() - t).toFixed(0)); core.release(p2);
}
