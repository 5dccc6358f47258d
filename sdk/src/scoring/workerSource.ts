/**
 * The code each scoring worker runs (a worker_threads script evaluated from this string, so it
 * needs no file on disk and works the same from sources, dist/ and bundles). It instantiates one
 * module with only `env.abort` provided, and answers `score` messages with the module's u16 scores
 * or a description of how it failed. The host enforces time and memory caps from outside.
 */
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const module = new WebAssembly.Module(workerData.bytes);
let memory;
function readString(ptr) {
  if (!memory || !ptr) return "";
  const len = new DataView(memory.buffer).getUint32(ptr - 4, true) >>> 1;
  const units = new Uint16Array(memory.buffer, ptr, Math.min(len, 1024));
  return String.fromCharCode(...units);
}
class ModuleAbort extends Error {}
const instance = new WebAssembly.Instance(module, {
  env: { abort(msg, file, line, col) { throw new ModuleAbort(readString(msg) + " at " + readString(file) + ":" + line + ":" + col); } },
});
const ex = instance.exports;
memory = ex.memory;
parentPort.on("message", (msg) => {
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
    parentPort.postMessage({ id: msg.id, ok: false, kind: e instanceof ModuleAbort ? "abort" : "trap", message: String(e && e.message || e), memoryBytes: memory.buffer.byteLength });
  }
});
`;
