/**
 * The code each scoring worker runs (a worker_threads script evaluated from this string, so it
 * needs no file on disk and works the same from sources, dist/ and bundles). It instantiates one
 * module through @assemblyscript/loader (for readable abort messages), and answers `score` messages with the module's u16 scores
 * or a description of how it failed. The host enforces time and memory caps from outside.
 */
export const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
// @assemblyscript/loader instantiates the module and supplies env.abort, which reads the
// AssemblyScript message and location out of the module's memory ("abort: <msg> at <file>:<l>:<c>").
// It offers a few more imports (trace, seed, Math, Date), but the host has already refused any
// module that imports anything except env.abort, so none of them can be linked.
const loader = require(workerData.loaderPath);
const { exports: ex } = loader.instantiateSync(new WebAssembly.Module(workerData.bytes), {});
const memory = ex.memory;
parentPort.on("message", (msg) => {
  const startBytes = memory.buffer.byteLength;
  try {
    if (typeof ex.reset === "function") ex.reset();
    const input = msg.input;
    const inPtr = ex.alloc(input.length);
    const outPtr = ex.alloc(msg.count * 2);
    new Uint8Array(memory.buffer, inPtr, input.length).set(input);
    const n = ex.score_batch(inPtr, input.length, outPtr);
    if (n !== msg.count) { parentPort.postMessage({ id: msg.id, ok: false, kind: "output", message: "score_batch returned " + n + " for a batch of " + msg.count }); return; }
    const scores = Array.from(new Uint16Array(memory.buffer.slice(outPtr, outPtr + n * 2)));
    parentPort.postMessage({ id: msg.id, ok: true, scores, memoryBytes: memory.buffer.byteLength });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, ok: false, kind: /^abort: /.test(String(e && e.message)) ? "abort" : "trap", message: String(e && e.message || e), memoryBytes: memory.buffer.byteLength, startBytes });
  }
});
`;
