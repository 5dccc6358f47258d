/**
 * Run as its own process by remote.spec.ts: serves an idle devnet (no blocks, long polls may wait an
 * hour), sends one long poll, waits until the server has armed its timer, closes the server, and
 * prints the number of live timers. A fresh process has no other timers, so the count is exact;
 * and if close() left the poll's timer behind, this process would not exit for an hour.
 */
import { DevChain } from "../src/chain/dev/devChain.js";
import { encode } from "../src/chain/dev/rpc.js";
import { serveDevChain } from "../src/chain/dev/server.js";

const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
const s = await serveDevChain(new DevChain(), { port: 0, maxWaitMs: 3_600_000 });
const before = timers();
const poll = fetch(`${s.url}/rpc`, { method: "POST", body: encode({ id: 1, method: "dev_waitBlockAfter", params: [0, 3_600_000] }) }).then(
  (r) => String(r.status),
  () => "closed",
);
while (timers() <= before) await new Promise((r) => setImmediate(r));
const armed = timers() - before;
await s.close();
const settled = await poll;
process.stdout.write(`${JSON.stringify({ armed, settled, timersAfterClose: timers() - before })}\n`);
