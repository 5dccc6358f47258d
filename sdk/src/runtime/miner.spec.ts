/** The miner runtime's start: an address the chain refuses for an axon is a typed error naming `externalIp`, and nothing is left listening. */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { devnetSubnet } from "../../test-fixtures/devnetSubnet.js";
import { echo } from "../../test-fixtures/echoKit.js";
import { RuntimeOptionsError } from "./errors.js";
import { runMiner } from "./miner.js";

/** A port nothing listens on now. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe("runMiner", () => {
  it("names externalIp and the fix when the chain refuses the announced address (InvalidIpAddress), and stops its Axon", async () => {
    const { chain, netuid, miners } = await devnetSubnet("badip", { tempo: 5 }, { miners: 1 });
    const port = await freePort();
    const start = runMiner({ chain, netuid, hotkey: miners[0]!, kit: echo, port, externalIp: "localhost" });
    await expect(start).rejects.toBeInstanceOf(RuntimeOptionsError);
    await expect(start).rejects.toMatchObject({
      kind: "bad-input",
      field: "externalIp",
      message: expect.stringMatching(/^externalIp: the chain refuses localhost .*InvalidIpAddress.*127\.0\.0\.2/),
    });
    // the port is free again: the Axon it started was stopped
    await new Promise<void>((resolve, reject) => {
      const s = createServer()
        .once("error", reject)
        .listen(port, "127.0.0.1", () => s.close(() => resolve()));
    });
  });
});
