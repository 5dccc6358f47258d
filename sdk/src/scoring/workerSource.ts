/**
 * The script each scoring worker process runs (`node -e`, so it needs no file on disk and works the
 * same from sources, dist/ and bundles). It compiles one module and instantiates it with
 * @assemblyscript/loader (its path is the script's first argument), off the caller's thread: the host
 * never compiles a module. It links only `env.abort`, its own (the loader keeps an `abort` it is
 * given, so the module's strings are read bounded, here), and answers batches with the
 * module's u16 scores or a description of what happened (abort, trap, output out of range). Every
 * string it takes from the module is bounded before it leaves the process (an abort's message
 * MAX_STRING characters, its file name a fifth of that, so the whole error stays under the 2,000
 * characters an SdkError keeps, and the note of the full length survives).
 * The host enforces the time cap from outside by killing the process (SIGKILL always works, where
 * `worker.terminate()` cannot stop a module inside `memory.fill` or `memory.grow`), and a watchdog
 * thread kills the process if the host dies first.
 *
 * Messages in: `{ type: "module", bytes }` once, then `{ type: "batch", id, input, count }`.
 * Messages out: `booted`, then `ready` or `failed`, then one `result` per batch.
 */
export const MAX_STRING = 1000;

export const WORKER_SOURCE = `"use strict";
const MAX = ${MAX_STRING};
let ex = null;
let memory = null;
let aborted = null;
process.on("disconnect", () => process.exit(0));
// If the host dies (even by SIGKILL) while the module runs, this thread sees the new parent and
// ends the process: a runaway module never outlives its host.
try {
  const { Worker } = require("node:worker_threads");
  const w = new Worker("const p = " + process.ppid + "; setInterval(() => { if (process.ppid !== p) process.kill(process.pid, 'SIGKILL'); }, 250);", { eval: true, resourceLimits: { maxOldGenerationSizeMb: 4 } });
  w.unref();
  w.on("error", () => {});
} catch {}
const bound = (s) => (s.length <= MAX ? s : s.slice(0, MAX) + "… (" + s.length + " characters in all)");
// An AssemblyScript string at ptr: UTF-16LE, its byte length in the u32 before it. At most MAX
// characters are read, and only inside the memory.
function asString(ptr, max) {
  ptr = ptr >>> 0;
  if (!memory || ptr === 0) return "";
  const size = memory.buffer.byteLength;
  if (ptr < 4 || ptr > size) return "(string at " + ptr + " is outside the memory)";
  const bytes = new DataView(memory.buffer).getUint32(ptr - 4, true);
  const units = Math.floor(Math.min(bytes, size - ptr) / 2);
  const n = Math.min(units, max);
  const view = new DataView(memory.buffer, ptr, n * 2);
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(view.getUint16(i * 2, true));
  return units > max ? s + "… (" + Math.floor(bytes / 2) + " characters in all)" : s;
}
const imports = {
  env: {
    abort(msg, file, line, column) {
      aborted = asString(msg, MAX) + " at " + asString(file, MAX / 5) + ":" + (line >>> 0) + ":" + (column >>> 0);
      throw new Error("abort");
    },
  },
};
function describe(e) {
  if (aborted !== null) return { kind: "abort", message: aborted };
  const message = bound(String((e && e.message) || e));
  if (e instanceof RangeError && /call stack/i.test(message)) return { kind: "trap", message: "stack overflow (" + message + ")" };
  return { kind: e instanceof WebAssembly.RuntimeError ? "trap" : "error", message };
}
const send = (m) => process.send(m);
function load(bytes) {
  let module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    return send({ type: "failed", stage: "compile", kind: "error", message: bound(String(e && e.message)) });
  }
  try {
    ex = require(process.argv[1]).instantiateSync(module, imports).exports;
    memory = ex.memory;
  } catch (e) {
    return send({ type: "failed", stage: "instantiate", ...describe(e) });
  }
  send({ type: "ready" });
}
// A pointer the module handed out must hold size bytes inside its memory.
const outside = (ptr, size) => !Number.isInteger(ptr) || ptr < 0 || ptr + size > memory.buffer.byteLength;
function batch(msg) {
  const startBytes = memory.buffer.byteLength;
  const fail = (kind, message) => send({ type: "result", id: msg.id, ok: false, kind, message, memoryBytes: memory.buffer.byteLength, startBytes });
  aborted = null;
  try {
    if (typeof ex.reset === "function") ex.reset();
    const input = msg.input;
    const inPtr = ex.alloc(input.length);
    if (outside(inPtr, input.length)) return fail("output", "alloc(" + input.length + ") returned " + inPtr + ", which is not a range of " + input.length + " bytes inside the memory (" + memory.buffer.byteLength + " bytes)");
    const outPtr = ex.alloc(msg.count * 2);
    if (outside(outPtr, msg.count * 2)) return fail("output", "alloc(" + msg.count * 2 + ") returned " + outPtr + ", which is not a range of " + msg.count * 2 + " bytes inside the memory (" + memory.buffer.byteLength + " bytes)");
    new Uint8Array(memory.buffer, inPtr, input.length).set(input);
    const n = ex.score_batch(inPtr, input.length, outPtr);
    if (n !== msg.count) return fail("output", "score_batch returned " + n + " for a batch of " + msg.count);
    // the memory as it is after the call (the module may have grown it)
    if (outside(outPtr, n * 2)) return fail("output", "the scores at " + outPtr + " (" + n * 2 + " bytes) are not inside the memory (" + memory.buffer.byteLength + " bytes)");
    const scores = new Uint16Array(n);
    const view = new DataView(memory.buffer, outPtr, n * 2);
    for (let i = 0; i < n; i++) scores[i] = view.getUint16(i * 2, true);
    send({ type: "result", id: msg.id, ok: true, scores, memoryBytes: memory.buffer.byteLength });
  } catch (e) {
    const d = describe(e);
    fail(d.kind, d.message);
  }
}
process.on("message", (msg) => {
  if (msg.type === "module") load(msg.bytes);
  else if (msg.type === "batch") batch(msg);
});
send({ type: "booted" });
`;
