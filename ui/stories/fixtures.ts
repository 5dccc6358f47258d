// Deterministic sample data for the stories: a 16-uid subnet (4 validators, 12 miners) and a
// short simulation, generated from a fixed LCG so every run draws the same pictures.
import type { EpochEarnings, NeuronRow, ProfileTotal, Rao, SimulationEconomyInput, SimulationReportInput, SparseRow, SubnetView } from "../src/index.js";

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function sampleSubnet(n = 16, validators = 4, seed = 7): SubnetView {
  const r = lcg(seed);
  const quality = Array.from({ length: n }, (_, u) => (u < validators ? 0 : 0.2 + r()));
  const qsum = quality.reduce((a, b) => a + b, 0);
  const weights: SparseRow[] = Array.from({ length: n }, (_, u) => {
    if (u >= validators) return [];
    const row = quality.map((q, c) => [c, q * (0.8 + 0.4 * r())] as [number, number]).filter(([c]) => c >= validators);
    const max = Math.max(...row.map(([, v]) => v));
    return row.map(([c, v]) => [c, Math.round((v / max) * 65535)] as [number, number]);
  });
  const bonds: SparseRow[] = weights.map((row, u) => row.map(([c, v]) => [c, Math.round(v * (0.3 + 0.15 * u))] as [number, number]));
  const stakes = Array.from({ length: n }, (_, u) => (u < validators ? BigInt(Math.round(1000 + 4000 * r())) * 1_000_000_000n : 0n));
  const stakeSum = stakes.reduce((a, b) => a + b, 0n);
  const neurons: NeuronRow[] = Array.from({ length: n }, (_, u) => {
    const incentive = u < validators ? 0 : Math.round((quality[u]! / qsum) * 65535);
    const dividends = u < validators ? Number((stakes[u]! * 65535n) / stakeSum) : 0;
    return {
      uid: u,
      hotkey: `5F${(u * 7919).toString(36).padStart(6, "x")}HotKey${u}`,
      stake: stakes[u]!,
      active: true,
      validatorPermit: u < validators,
      lastUpdate: 900 + u,
      consensus: incentive,
      incentive,
      dividends,
      validatorTrust: u < validators ? 60000 : 0,
      emission: BigInt(Math.round((incentive + dividends) * 1000)) * 1000n,
      axon: u < validators ? null : { ip: "127.0.0.1", port: 8090 + u },
    };
  });
  const history = Array.from({ length: 12 }, (_, i) => ({ x: (i + 1) * 100, emission: 82_000_000_000n - BigInt(i % 3) * 1_000_000n }));
  return { endpoint: "devnet", netuid: 1, block: 1234, tempo: 100, nextEpochBlock: 1300, neurons, weights, bonds, history };
}

/** The chain's block emission per halving epoch of issuance (display data, not consensus math). */
export function halvingCurve(): { points: Array<{ x: number; emission: bigint }>; halvings: number[] } {
  const points: Array<{ x: number; emission: bigint }> = [];
  const halvings: number[] = [];
  for (let k = 0; k < 6; k++) {
    const start = 21e6 * (1 - 2 ** -k); // issuance (TAO) at which the k-th halving happens
    if (k > 0) halvings.push(Math.round(start));
    points.push({ x: Math.round(start), emission: 1_000_000_000n >> BigInt(k) });
  }
  points.push({ x: 21e6, emission: 1_000_000_000n >> 5n });
  return { points, halvings };
}

export function sampleSimulation(epochs = 30): SimulationReportInput {
  const r = lcg(11);
  const rates: Record<string, number> = {
    "miner:honest": 3,
    "miner:noisy": 1.2,
    "miner:lazy": 0.05,
    "miner:copier": 0.08,
    "validator:honest": 3.5,
    "validator:weightCopier": 1.5,
  };
  const rows: EpochEarnings[] = Array.from({ length: epochs }, (_, e) => ({
    epoch: e,
    emission: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, String(Math.round(v * (0.9 + 0.2 * r()) * 1e9))])),
  }));
  const totals: Record<string, bigint> = {};
  for (const row of rows) for (const [k, v] of Object.entries(row.emission)) totals[k] = (totals[k] ?? 0n) + BigInt(v as string);
  const role = (k: string) => (k.startsWith("miner") ? "miner" : "validator") as "miner" | "validator";
  const roleTotal = (x: "miner" | "validator") =>
    Object.entries(totals)
      .filter(([k]) => role(k) === x)
      .reduce((a, [, v]) => a + v, 0n);
  const sizes: Record<string, number> = {
    "miner:honest": 3,
    "miner:noisy": 2,
    "miner:lazy": 2,
    "miner:copier": 2,
    "validator:honest": 2,
    "validator:weightCopier": 1,
  };
  const descriptions: Record<string, string> = {
    "miner:honest": "the kit's reference miner",
    "miner:noisy": "half of its answers belong to another prompt",
    "miner:lazy": "answers nothing half of the time, otherwise an empty answer",
    "miner:copier": "repeats an honest miner's answer from the previous round",
    "validator:honest": "scores every miner and sets weights",
    "validator:weightCopier": "sets last epoch's consensus as its weights",
  };
  let uid = 0;
  const profiles: Record<string, ProfileTotal> = {};
  const uids: SimulationReportInput["uids"] = [];
  for (const [k, total] of Object.entries(totals)) {
    const ids = Array.from({ length: sizes[k]! }, () => uid++);
    profiles[k] = {
      role: role(k),
      description: descriptions[k]!,
      uids: ids,
      emission: total.toString(),
      share: Number((total * 10000n) / roleTotal(role(k))) / 10000,
    };
    for (const id of ids) uids.push({ uid: id, role: role(k), profile: k.split(":")[1]!, emission: (total / BigInt(ids.length)).toString() });
  }
  return { config: { seed: "story", epochs, tempo: 20 }, profiles, epochs: rows, uids };
}

/**
 * A simulation from per-profile totals (key → τ earned and uid count), paid evenly over `epochs`
 * epochs and evenly among a profile's uids: round numbers, so a story can state the verdict's words.
 */
export function simulationOf(totals: Record<string, { tao: number; uids: number }>, epochs = 4): SimulationReportInput {
  const rao = (tao: number) => BigInt(Math.round(tao * 1e9));
  const role = (k: string) => (k.startsWith("validator:") ? "validator" : "miner") as "miner" | "validator";
  const roleTotal = (r: string) =>
    Object.entries(totals)
      .filter(([k]) => role(k) === r)
      .reduce((a, [, v]) => a + rao(v.tao), 0n);
  let uid = 0;
  const profiles: Record<string, ProfileTotal> = {};
  const uids: SimulationReportInput["uids"] = [];
  const lastIncentive: number[] = [];
  const lastDividends: number[] = [];
  for (const [k, { tao, uids: count }] of Object.entries(totals)) {
    const ids = Array.from({ length: count }, () => uid++);
    const all = roleTotal(role(k));
    profiles[k] = {
      role: role(k),
      description: `what ${k.split(":")[1]} does`,
      uids: ids,
      emission: rao(tao).toString(),
      share: all === 0n ? 0 : Number((rao(tao) * 10000n) / all) / 10000,
    };
    for (const id of ids) {
      uids.push({ uid: id, role: role(k), profile: k.split(":")[1]!, emission: (rao(tao) / BigInt(count)).toString() });
      const u16 = all === 0n ? 0 : Number((rao(tao) * 65535n) / all / BigInt(count));
      lastIncentive[id] = role(k) === "miner" ? u16 : 0;
      lastDividends[id] = role(k) === "validator" ? u16 : 0;
    }
  }
  const rows: EpochEarnings[] = Array.from({ length: epochs }, (_, e) => ({
    epoch: e,
    emission: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, (rao(v.tao) / BigInt(epochs)).toString()])),
  }));
  return {
    config: { seed: "story", epochs, tempo: 20 },
    profiles,
    epochs: rows,
    uids,
    lastEpoch: { consensus: lastIncentive, incentive: lastIncentive, dividends: lastDividends },
  };
}

/**
 * A simulation's economy over `epochs` epochs (the sdk's `SimulationEconomy` shape): the price seeded
 * at 0.01 and lifted by the validators' stakes, a moving price creeping up from 0, the owner's cut
 * growing by `cutPerEpoch` alpha each epoch. `cutPerEpoch` 0 and `taoPerEpoch` 0: a chain that
 * mints nothing.
 */
export function sampleEconomy(epochs = 20, options: { cutPerEpoch?: number; taoPerEpoch?: number; price?: number } = {}): SimulationEconomyInput {
  const price = options.price ?? 0.09;
  const cut = BigInt(Math.round((options.cutPerEpoch ?? 3.6) * 1e9));
  const pricePath = Array.from({ length: epochs + 1 }, (_, i) => ({
    epoch: i - 1,
    block: 20 * (i + 1),
    price: price * (1 + 0.002 * i),
    movingPrice: price * 0.04 * i,
    ownerCut: (cut * BigInt(i + 1)).toString(),
  }));
  const last = pricePath[pricePath.length - 1]!;
  const ownerAlpha = BigInt(last.ownerCut);
  return {
    market: { subnets: 128, price: 0.01, established: false },
    pricePath,
    finalPrice: last.price,
    taoInjected: BigInt(Math.round((options.taoPerEpoch ?? 0.5) * epochs * 1e9)).toString(),
    ownerCut: { alpha: ownerAlpha.toString(), tao: BigInt(Math.floor(Number(ownerAlpha) * last.price)).toString() },
    registrationCost: { lock: "1000000000000", burns: "12000000000", total: "1012000000000" },
  };
}

/** `sampleSimulation` in two currencies: its earnings are alpha, each with its TAO worth at the economy's final price. */
export function sampleSimulationInAlpha(epochs = 20): SimulationReportInput {
  const sim = sampleSimulation(epochs);
  const economy = sampleEconomy(epochs);
  const worth = (alpha: Rao) => BigInt(Math.floor(Number(BigInt(alpha)) * economy.finalPrice)).toString();
  return {
    ...sim,
    profiles: Object.fromEntries(Object.entries(sim.profiles).map(([k, p]) => [k, { ...p, tao: worth(p.emission) }])),
    uids: sim.uids.map((u) => ({ ...u, tao: worth(u.emission) })),
    economy,
  };
}

/** `sampleSubnet` on a dynamic-TAO devnet: the pool's price and the owner's line over `epochs` epochs seen (x = block). */
export function sampleSubnetWithEconomy(epochs = 12, options: { paid?: boolean } = {}): SubnetView {
  const subnet = sampleSubnet(24, 6);
  const e = sampleEconomy(epochs, options.paid === false ? { cutPerEpoch: 0 } : {});
  const step = options.paid === false ? 0n : 4_100_000_000n;
  const owner = e.pricePath.map((p, i) => ({
    x: 100 * (i + 1),
    owner: (BigInt(p.ownerCut!) - BigInt(e.pricePath[0]!.ownerCut!)).toString(),
    miners: (step * BigInt(i)).toString(),
    validators: ((step * BigInt(i) * 9n) / 10n).toString(),
  }));
  return {
    ...subnet,
    economy: {
      price: e.finalPrice,
      movingPrice: e.pricePath[e.pricePath.length - 1]!.movingPrice,
      ownerCut: e.ownerCut.alpha,
      prices: e.pricePath.map((p, i) => ({ x: 100 * (i + 1), price: p.price, movingPrice: p.movingPrice })),
      owner,
    },
  };
}
