/**
 * How a validator's requests reach miners. `ValidatorRuntime` queries every served miner of the
 * metagraph through a `Transport`: over HTTP with a Dendrite to the miner's axon (the default, what
 * a deployed validator does), or in-process, where a function delivers the request to a uid's
 * miner and returns its body and latency (the simulation, with the kit's real miner code and the
 * behaviour profiles). The runtime is the same either way; only the wire differs.
 */
import type { AxonInfo, Signer } from "../chain/types.js";
import type { SubnetKit } from "../kit/contract.js";
import { toSynapseBody } from "../kit/synapse.js";
import { Dendrite } from "../net/dendrite.js";

/** A served miner of the metagraph. */
export interface MinerTarget {
  uid: number;
  hotkey: string;
  axon: AxonInfo;
}

/** A miner's answer: the raw response body (null: none) and the latency in ms. */
export interface MinerReply {
  body: unknown;
  latencyMs: number;
}

export interface Transport<Req> {
  /** Delivers one request; resolves to the reply (a failure is `{ body: null }`, or a rejection, which the round counts as no answer). */
  query(target: MinerTarget, request: Req, options: { timeoutMs: number }): Promise<MinerReply>;
  /** Releases connections. */
  close(): void | Promise<void>;
}

/** Over HTTP: a Dendrite signed by `hotkey` sends the kit's synapse to each miner's axon. */
export function dendriteTransport<Req>(hotkey: Signer, kit: SubnetKit<Req, unknown, unknown>): Transport<Req> {
  const dendrite = new Dendrite(hotkey);
  return {
    async query(target, request, { timeoutMs }) {
      const body = toSynapseBody(kit.synapse as never, { request });
      const r = await dendrite.call({ ip: target.axon.ip, port: target.axon.port, hotkey: target.hotkey }, kit.synapse.name, body, {
        timeoutMs,
        requiredHashFields: kit.synapse.requiredHashFields ?? [],
      });
      return { body: r.status === 200 ? r.body : null, latencyMs: r.latencyMs };
    },
    close: () => dendrite.close(),
  };
}

/** In-process: `deliver(uid, request)` hands the request to that uid's miner and returns its reply. */
export function inProcessTransport<Req>(deliver: (uid: number, request: Req) => Promise<MinerReply>): Transport<Req> {
  return { query: (target, request) => deliver(target.uid, request), close: () => undefined };
}
