import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Chain, DevChain, type Metagraph, RemoteDevChain } from "@tao-subnet/sdk";
import {
  type EmissionPoint,
  esc,
  type OwnerPoint,
  type PricePoint,
  type SimulationReportInput,
  STYLES,
  type SubnetEconomyView,
  type SubnetView,
  simulationReport,
  subnetDashboard,
} from "@tao-subnet/ui";
import { CHAIN_CHOICES, connectChain } from "../chainOption.js";
import type { Command } from "../command.js";
import { CliErrorCode, invalidArgument, UsageError } from "../errors.js";
import { parseJsonInput } from "../jsonInput.js";

export interface DashboardOptions {
  /** The chain to watch (live mode). */
  chain?: Chain;
  /** Subnet to show (default: the first subnet of the chain). */
  netuid?: number;
  /** A simulation's results (report mode) instead of a chain. */
  report?: SimulationReportInput;
  /** Port on 127.0.0.1 (default 8090; 0 picks a free one). */
  port?: number;
  /** How often the page and the server poll the chain, ms (default 2000). */
  pollMs?: number;
}

export interface RunningDashboard {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The live page: the stylesheet, a container, and a script that swaps in `/fragment` on every poll. */
function livePage(title: string, pollMs: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLES}</style></head>
<body><div id="app"><header><h1>${esc(title)}</h1><span class="meta">connecting…</span></header></div>
<script>
const app = document.getElementById("app");
async function refresh() {
  try {
    const res = await fetch("/fragment", { cache: "no-store" });
    if (!res.ok) throw new Error(await res.text());
    app.innerHTML = await res.text();
  } catch (e) {
    const bar = app.querySelector("header .meta");
    if (bar) { bar.textContent = "chain unreachable: " + e.message; bar.className = "meta error"; }
  }
}
refresh();
setInterval(refresh, ${Math.max(200, pollMs)});
</script></body></html>`;
}

/** Serves the dashboard on 127.0.0.1: live over a chain, or a simulation report. */
export async function startDashboard(o: DashboardOptions): Promise<RunningDashboard> {
  const pollMs = o.pollMs ?? 2000;
  const history: EmissionPoint[] = [];
  let lastEpochBlock = -1;
  let netuid = o.netuid;
  // the price and the owner's line, one point per epoch seen; cumulative from the first epoch seen
  const prices: PricePoint[] = [];
  const owner: OwnerPoint[] = [];
  let economyEpochBlock = -1;
  let ownerCutAtStart = 0n;

  /** The devnet's pool for the subnet, and the epoch's point on the price chart and the owner's line when a new epoch has run. */
  async function economyView(chain: DevChain | RemoteDevChain, mg: Metagraph, epochBlock: number): Promise<SubnetEconomyView | undefined> {
    const s = (await chain.economy()).subnets.find((x) => x.netuid === mg.netuid);
    if (!s) return undefined;
    if (epochBlock !== economyEpochBlock && epochBlock >= 0) {
      economyEpochBlock = epochBlock;
      prices.push({ x: epochBlock, price: s.price, movingPrice: s.movingPrice });
      const prev = owner[owner.length - 1];
      if (!prev) ownerCutAtStart = s.ownerCut;
      // what the epoch paid (alpha), each uid's emission split between its incentive (the miners') and its dividends (the validators'):
      // the epoch pays the two halves nearly alike (root's share comes out of the validators'), so a uid's emission follows incentive + dividends
      const paid = (part: "incentive" | "dividends") =>
        prev ? mg.neurons.reduce((a, n) => a + (n[part] === 0 ? 0n : (n.emission * BigInt(n[part])) / BigInt(n.incentive + n.dividends)), 0n) : 0n;
      owner.push({
        x: epochBlock,
        owner: s.ownerCut - ownerCutAtStart,
        miners: BigInt(prev?.miners ?? 0n) + paid("incentive"),
        validators: BigInt(prev?.validators ?? 0n) + paid("dividends"),
      });
      for (const series of [prices, owner] as unknown[][]) if (series.length > 500) series.shift();
    }
    return { price: s.price, movingPrice: s.movingPrice, ownerCut: s.ownerCut, prices: [...prices], owner: [...owner] };
  }

  async function view(): Promise<SubnetView> {
    const chain = o.chain!;
    if (netuid === undefined) {
      const list = await chain.subnets();
      if (list.length === 0) throw new Error(`no subnet on ${chain.endpoint} yet; register one (registerNetwork) and this page will show it`);
      netuid = list[0]!;
    }
    const mg = await chain.metagraph(netuid);
    // one history point per epoch: the emission the last epoch paid, at the epoch's block
    const epochBlock = mg.nextEpochBlock - mg.tempo;
    const paid = mg.neurons.reduce((a, n) => a + n.emission, 0n);
    if (epochBlock !== lastEpochBlock && paid > 0n) {
      lastEpochBlock = epochBlock;
      history.push({ x: epochBlock, emission: paid });
      if (history.length > 500) history.shift();
    }
    return {
      endpoint: chain.endpoint,
      netuid,
      block: mg.block,
      tempo: mg.tempo,
      nextEpochBlock: mg.nextEpochBlock,
      neurons: mg.neurons,
      weights: mg.weights,
      bonds: mg.bonds,
      history: [...history],
      // a devnet reports its block emission (0 at the 21M TAO cap: the page says so) and its pools
      ...((chain instanceof DevChain || chain instanceof RemoteDevChain) && {
        emission: await chain.emission(),
        ...(await economyView(chain, mg, epochBlock).then((economy) => economy && { economy })),
      }),
    };
  }

  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, {
        "content-type": `${type}; charset=utf-8`,
        "cache-control": "no-store",
        "content-security-policy": "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' data:",
      });
      res.end(body);
    };
    const path = (req.url ?? "/").split("?")[0];
    void (async () => {
      try {
        if (o.report) {
          if (path === "/") return send(200, "text/html", simulationReport(o.report));
          if (path === "/api/report") return send(200, "application/json", JSON.stringify(o.report));
        } else if (o.chain) {
          if (path === "/") return send(200, "text/html", livePage(`tao-subnet dashboard · ${o.chain.endpoint}`, pollMs));
          if (path === "/fragment") return send(200, "text/html", subnetDashboard(await view()));
          if (path === "/api/metagraph")
            return send(
              200,
              "application/json",
              JSON.stringify(await view(), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
            );
        }
        if (path === "/favicon.ico") return send(204, "text/plain", "");
        send(404, "text/plain", "not found");
      } catch (e) {
        send(503, "text/plain", (e as Error).message);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 8090, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** `tao-subnet dashboard`: a local page with a subnet's metagraph, live, or a simulation report. */
export const dashboard: Command = {
  name: "dashboard",
  summary: "serve a local page showing a subnet live (devnet or chain) or a simulation report",
  usage: "[--chain NAME|URL] [--netuid N] [--port 8090] [--poll ms] | --report results.json",
  help: [
    `--chain NAME|URL      the chain to watch: ${CHAIN_CHOICES}`,
    "--netuid N            the subnet to show (default the first one)",
    "--port N              port on 127.0.0.1 (default 8090; 0 picks a free one)",
    "--poll ms             refresh interval (default 2000)",
    "--report file.json    show a simulation's results (`tao-subnet simulate --json > file.json`) instead",
    "",
    'Prints one JSON line {"url"} once listening; stops on Ctrl-C.',
  ],
  options: { chain: { type: "string" }, netuid: { type: "string" }, port: { type: "string" }, poll: { type: "string" }, report: { type: "string" } },
  async run({ values }, io) {
    const int = (name: string, raw: unknown, min: number, max: number) => {
      if (raw === undefined) return undefined;
      if (typeof raw !== "string" || !/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
        throw invalidArgument(name, `an integer ${min}..${max}`, raw);
      return Number(raw);
    };
    const port = int("--port", values.port, 0, 65535) ?? 8090;
    const pollMs = int("--poll", values.poll, 200, 3_600_000) ?? 2000;
    const netuid = int("--netuid", values.netuid, 0, 65535);
    let running: RunningDashboard;
    let chain: Chain | undefined;
    if (typeof values.report === "string") {
      let report: SimulationReportInput;
      try {
        report = parseJsonInput(await readFile(values.report, "utf8"), "--report", `--report ${values.report}`) as SimulationReportInput;
      } catch (e) {
        throw new UsageError(
          CliErrorCode.INVALID_INPUT,
          `--report ${values.report}: cannot read simulation results (${(e as Error).message}); write them with tao-subnet simulate --json > file.json`,
          "--report",
        );
      }
      if (!report || typeof report !== "object" || !report.profiles || !Array.isArray(report.epochs)) {
        throw new UsageError(CliErrorCode.INVALID_INPUT, `--report ${values.report}: not a simulation result (expected profiles and epochs)`, "--report");
      }
      running = await startDashboard({ report, port });
    } else {
      chain = await connectChain(values.chain);
      running = await startDashboard({ chain, port, pollMs, ...(netuid !== undefined && { netuid }) });
    }
    io.stdout(JSON.stringify({ url: running.url }) + "\n");
    await new Promise<void>((done) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        void running
          .close()
          .then(() => chain?.close())
          .then(done);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    return 0;
  },
};
