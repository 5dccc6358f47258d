import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { describe, expect, it } from "vitest";
import { type ChainSuiteContext, chainSuite } from "../../testing/index.js";
import { DevChain, RemoteDevChain, serveDevChain } from "./index.js";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const TAO = 1_000_000_000n;
const owner = keyring.addFromUri("//Alice");
const accounts = ["//Bob", "//Charlie", "//Dave", "//Eve"].map((u) => keyring.addFromUri(u));
const hyperparameters = { tempo: 10, weightsRateLimit: 5 };

function fundAll(chain: DevChain) {
  for (const k of [owner, ...accounts]) chain.fund(k.address, 10_000n * TAO);
}

chainSuite({ describe, it, expect }, "DevChain (in-process)", async () => {
  const chain = new DevChain({ hyperparameters });
  fundAll(chain);
  // as on a real chain, the owner starts the subnet (StartCallDelay 0, as the runtime's)
  return {
    chain,
    owner,
    accounts,
    advance: async (n) => void (await chain.advance(n)),
    prepareSubnet: async (netuid) => void (await chain.startCall(owner, netuid)),
  };
});

const servers = new Map<ChainSuiteContext, () => Promise<void>>();
chainSuite(
  { describe, it, expect },
  "RemoteDevChain (devnet over loopback HTTP)",
  async () => {
    const dev = new DevChain({ hyperparameters });
    fundAll(dev);
    const server = await serveDevChain(dev, { port: 0 });
    const chain = await RemoteDevChain.connect(server.url);
    const ctx: ChainSuiteContext = {
      chain,
      owner,
      accounts,
      advance: async (n) => void (await chain.advance(n)),
      prepareSubnet: async (netuid) => void (await chain.startCall(owner, netuid)),
    };
    servers.set(ctx, async () => {
      await chain.close();
      await server.close();
    });
    return ctx;
  },
  async (ctx) => servers.get(ctx)?.(),
);
