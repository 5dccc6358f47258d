/**
 * A reference storage miner as its own process, for the crash test: opens a FileStore in
 * argv[2], serves the storage kit behind an Axon on 127.0.0.1, prints one JSON line
 * ({ port, hotkey, recovery }) and serves until it is killed.
 *   node --conditions=source --import tsx test/crashMiner.ts <dir>
 */
import { FileStore, storageKit } from "../src/index.js";
import { serveKit } from "./harness.js";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: crashMiner.ts <store dir>");
  process.exit(2);
}
const store = await FileStore.open(dir, { quotaBytes: 512 << 20 });
const running = await serveKit(storageKit({ store }), "//crash-miner");
process.stdout.write(`${JSON.stringify({ port: running.target.port, hotkey: running.target.hotkey, recovery: store.recovery, blobs: store.list().length })}\n`);
