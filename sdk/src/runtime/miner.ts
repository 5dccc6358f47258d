/**
 * The miner runtime: serves a kit's reference miner (`serve`) behind an Axon on the kit's synapse
 * route, refuses callers that are not registered on the subnet (read from the metagraph, refreshed
 * every `refreshMs`), and announces the axon on chain with `serve_axon`. The kit's request schema
 * runs in the Axon before the handler, so a malformed synapse is a 400 naming its field.
 */
import type { Chain, Signer } from "../chain/types.js";
import type { SubnetKit } from "../kit/contract.js";
import { KitDriver } from "../kit/driver.js";
import { fromSynapseBody } from "../kit/synapse.js";
import { Axon, type AxonLogEntry, type CallerInfo } from "../net/axon.js";
import { RuntimeOptionsError } from "./errors.js";

export interface MinerOptions<Req, Res, E> {
  chain: Chain;
  netuid: number;
  hotkey: Signer;
  kit: SubnetKit<Req, Res, E>;
  host?: string;
  port?: number;
  /** The IP announced on chain (default: `host`). */
  externalIp?: string;
  /** Minimum caller stake, rao (default 0). */
  minStake?: bigint;
  refreshMs?: number;
  log?: (entry: AxonLogEntry) => void;
}

export interface RunningMiner {
  axon: Axon;
  host: string;
  port: number;
  stop(): Promise<void>;
}

export async function runMiner<Req, Res, E>(o: MinerOptions<Req, Res, E>): Promise<RunningMiner> {
  const driver = new KitDriver(o.kit);
  let callers = new Map<string, CallerInfo>();
  const refresh = async () => {
    const mg = await o.chain.metagraph(o.netuid, { lite: true });
    callers = new Map(mg.neurons.map((n) => [n.hotkey, { registered: true, stake: n.stake, validatorPermit: n.validatorPermit }]));
  };
  await refresh();
  const timer = setInterval(() => void refresh().catch(() => undefined), o.refreshMs ?? 12_000);
  timer.unref();
  const axon = new Axon({
    hotkey: o.hotkey,
    host: o.host ?? "127.0.0.1",
    port: o.port ?? 8091,
    callerInfo: (hk) => callers.get(hk),
    minStake: o.minStake ?? 0n,
    ...(o.log ? { log: o.log } : {}),
  });
  axon.attach(
    o.kit.synapse.name,
    async (body, ctx) => {
      const request = driver.parse("request", body);
      const response = await driver.serve(body, ctx);
      return driver.responseBody(request, response);
    },
    {
      requiredHashFields: o.kit.synapse.requiredHashFields ?? [],
      // the kit's schema before the handler (a bad field is a 400 naming it); the handler and the
      // echo get the body rebuilt from the validated fields, so nothing undeclared is echoed
      validate: (body) => {
        const { base, fields } = fromSynapseBody(o.kit.name, o.kit.synapse, "request", body);
        return driver.requestBody(fields, base);
      },
    },
  );
  const { host, port } = await axon.start();
  const ip = o.externalIp ?? host;
  const served = await o.chain.serveAxon(o.hotkey, o.netuid, { ip, port, ipType: 4, protocol: 4, version: 1 });
  if (!served.ok) {
    await axon.stop();
    clearInterval(timer);
    await driver.close();
    // subtensor's is_valid_ip_address refuses 0.0.0.0 and 127.0.0.1 (not the rest of 127/8)
    if (served.error === "InvalidIpAddress")
      throw new RuntimeOptionsError(
        `the chain refuses ${ip} as the axon's address (InvalidIpAddress: it takes an IPv4 address other than 0.0.0.0 and 127.0.0.1); announce the address validators reach this miner at (externalIp, the CLI's --external-ip A.B.C.D), or for a chain on this machine listen on another loopback address (host 127.0.0.2, the CLI's --host 127.0.0.2)`,
        "externalIp",
      );
    throw new Error(`serve_axon failed: ${served.error}: ${served.message}`);
  }
  return {
    axon,
    host,
    port,
    /** Stops the Axon and closes the kit's driver (and so the kit). */
    async stop() {
      clearInterval(timer);
      await axon.stop();
      await driver.close();
    },
  };
}
