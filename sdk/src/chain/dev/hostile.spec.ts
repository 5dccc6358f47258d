/**
 * The devnet under hostile input (#21, devnet classes 7–12): every call with wrong types and
 * out-of-range values (in-process and over RPC), hyperparameters as the chain checks them and by
 * whom, amounts past a u64, a block loop that survives a failing step, prototype keys, bounded
 * decoding while /health stays served, and replays (another devnet, another encoding of the
 * address, a restart from the saved state). Real HTTP on loopback throughout.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { u8aToHex } from "@polkadot/util";
import { cryptoWaitReady, decodeAddress, encodeAddress } from "@polkadot/util-crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { SettableHyperparameters } from "../types.js";
import { DEV_SUDO_ADDRESS, DevChain } from "./devChain.js";
import { DEV_MAX_UIDS, SETTABLE_NAMES } from "./hyperparameters.js";
import { RemoteDevChain } from "./remote.js";
import { authMessage, decode, encode, MAX_BIGINT_DIGITS } from "./rpc.js";
import { type DevnetServer, serveDevChain } from "./server.js";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const key = (uri: string) => keyring.addFromUri(uri);
const alice = key("//Alice");
const bob = key("//Bob");
const TAO = 1_000_000_000n;
const U64_MAX = (1n << 64n) - 1n;
const servers: DevnetServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

/** A devnet with subnet 1 owned by //Alice (not the sudo key unless `sudo` says so) and //Bob registered. */
async function devnet(options: ConstructorParameters<typeof DevChain>[0] = {}) {
  const chain = new DevChain({ hyperparameters: { tempo: 5 }, ...options });
  chain.fund(alice.address, 10_000n * TAO);
  chain.fund(bob.address, 10_000n * TAO);
  const r = await chain.registerNetwork(alice, alice.address);
  if (!r.ok) throw new Error(r.message);
  const reg = await chain.burnedRegister(bob, 1, bob.address);
  if (!reg.ok) throw new Error(reg.message);
  return chain;
}
async function served(chain: DevChain) {
  const s = await serveDevChain(chain, { port: 0 });
  servers.push(s);
  return s;
}
const post = async (url: string, body: unknown) =>
  decode(await (await fetch(`${url}/rpc`, { method: "POST", body: typeof body === "string" ? body : encode(body) })).text()) as {
    result?: unknown;
    error?: { code: string; message: string; field?: string };
  };
/** A signed request body as RemoteDevChain builds it. */
function signed(chain: DevChain, signer: KeyringPair, method: string, params: unknown[], nonce: number, address = signer.address) {
  const message = authMessage(chain.genesisHash(), u8aToHex(signer.publicKey), method, nonce, encode(params));
  return { id: 1, method, params, auth: { address, nonce, signature: u8aToHex(signer.sign(message)) } };
}

const HOTKEY = bob.address;
const AXON = { ip: "192.0.2.1", port: 8091, ipType: 4, protocol: 4, version: 1 };
/** Each call with good parameters, and bad ones: [parameters, the field the error must name]. */
const CALLS: Array<{ method: string; tx: boolean; bad: Array<[unknown[], string]> }> = [
  {
    method: "blockHash",
    tx: false,
    bad: [
      [["1"], "blockHash.block"],
      [[-1], "blockHash.block"],
      [[1.5], "blockHash.block"],
    ],
  },
  {
    method: "balance",
    tx: false,
    bad: [
      [[5], "balance.address"],
      [["x".repeat(200)], "balance.address"],
      [[{}], "balance.address"],
    ],
  },
  {
    method: "subnetExists",
    tx: false,
    bad: [
      [["1"], "subnetExists.netuid"],
      [[65536], "subnetExists.netuid"],
      [[null], "subnetExists.netuid"],
    ],
  },
  {
    method: "hyperparameters",
    tx: false,
    bad: [
      [[-1], "hyperparameters.netuid"],
      [[true], "hyperparameters.netuid"],
    ],
  },
  {
    method: "metagraph",
    tx: false,
    bad: [
      [[1, { lite: "yes" }], "metagraph.options.lite"],
      [[1, { evil: 1 }], "metagraph.options"],
      [["1"], "metagraph.netuid"],
    ],
  },
  {
    method: "uidOf",
    tx: false,
    bad: [
      [[1, 7], "uidOf.hotkey"],
      [[NaN, HOTKEY], "uidOf.netuid"],
    ],
  },
  { method: "commitment", tx: false, bad: [[[1, ["a"]], "commitment.hotkey"]] },
  {
    method: "registerNetwork",
    tx: true,
    bad: [
      [[{ evil: 1 }], "registerNetwork.hotkey"],
      [["constructor"], "registerNetwork.hotkey"],
      [[`0x${"00".repeat(31)}`], "registerNetwork.hotkey"],
    ],
  },
  {
    method: "burnedRegister",
    tx: true,
    bad: [
      [[1, { evil: 1 }], "burnedRegister.hotkey"],
      [["1", HOTKEY], "burnedRegister.netuid"],
      [[70000, HOTKEY], "burnedRegister.netuid"],
      [[1, HOTKEY, 3], "burnedRegister"],
    ],
  },
  {
    method: "serveAxon",
    tx: true,
    bad: [
      [[1, { ...AXON, port: 70000 }], "serveAxon.axon.port"],
      [[1, { ...AXON, ipType: 5 }], "serveAxon.axon.ipType"],
      [[1, { ...AXON, evil: {} }], "serveAxon.axon"],
      [[1, "axon"], "serveAxon.axon"],
    ],
  },
  {
    method: "addStake",
    tx: true,
    bad: [
      [[HOTKEY, 1, 5], "addStake.amount"],
      [[HOTKEY, 1, -1n], "addStake.amount"],
      [[HOTKEY, 1, 1n << 64n], "addStake.amount"],
      [[7, 1, 1n], "addStake.hotkey"],
    ],
  },
  {
    method: "setWeights",
    tx: true,
    bad: [
      [[1, [0, "1"], [1, 1], 0n], "setWeights.uids[1]"],
      [[1, [0], [70000], 0n], "setWeights.weights[0]"],
      [[1, [0], [1.5], 0n], "setWeights.weights[0]"],
      [[1, { 0: 1 }, [1], 0n], "setWeights.uids"],
      [[1, [0], [1], 1], "setWeights.versionKey"],
      [[1, [0], [1], -1n], "setWeights.versionKey"],
    ],
  },
  {
    method: "commitWeights",
    tx: true,
    bad: [
      [[1, "0x12"], "commitWeights.hash"],
      [[1, 5], "commitWeights.hash"],
    ],
  },
  {
    method: "revealWeights",
    tx: true,
    bad: [
      [[1, [0], [1], [-1], 0n], "revealWeights.salt[0]"],
      [[1, [0], [1], "salt", 0n], "revealWeights.salt"],
      [[1, [0], [1], [1], 2n ** 64n], "revealWeights.versionKey"],
    ],
  },
  {
    method: "setHyperparameter",
    tx: true,
    bad: [
      [[1, "kappa", 70000], "setHyperparameter.value"],
      [[1, "kappa", "1"], "setHyperparameter.value"],
      [[1, "tempo", -1], "setHyperparameter.value"],
      [[1, "constructor", 1], "setHyperparameter.name"],
      [[1, "__proto__", 1], "setHyperparameter.name"],
      [[1, "weightsVersion", 5], "setHyperparameter.value"],
      [[1, "bondsMovingAverage", 1n << 64n], "setHyperparameter.value"],
      [[1, "alphaValues", [1, 2, 3]], "setHyperparameter.value"],
      [[1, "commitRevealWeightsEnabled", 1], "setHyperparameter.value"],
    ],
  },
  {
    method: "setCommitment",
    tx: true,
    bad: [
      [[1, "x".repeat(129)], "setCommitment.data"],
      [[1, 5], "setCommitment.data"],
    ],
  },
  {
    method: "dev_fund",
    tx: false,
    bad: [
      [["constructor", 1n], "dev_fund.address"],
      [[HOTKEY, 1], "dev_fund.amount"],
      [[HOTKEY, 1n << 64n], "dev_fund.amount"],
    ],
  },
  {
    method: "dev_advance",
    tx: false,
    bad: [
      [[-1], "dev_advance.blocks"],
      [[1e9], "dev_advance.blocks"],
      [["5"], "dev_advance.blocks"],
    ],
  },
  { method: "dev_lastEpoch", tx: false, bad: [[["1"], "dev_lastEpoch.netuid"]] },
  { method: "dev_exportEpoch", tx: false, bad: [[[1, "last"], "dev_exportEpoch.epoch"]] },
  { method: "dev_nextEpochInput", tx: false, bad: [[[{}], "dev_nextEpochInput.netuid"]] },
  {
    method: "dev_waitBlockAfter",
    tx: false,
    bad: [
      [["0"], "dev_waitBlockAfter.block"],
      [[0, -5], "dev_waitBlockAfter.ms"],
    ],
  },
];

/** Calls `method` on an in-process DevChain with a signer first for transactions. */
function callInProcess(chain: DevChain, method: string, params: unknown[], signer: KeyringPair): Promise<unknown> {
  const direct: Record<string, (...a: unknown[]) => unknown> = {
    dev_fund: (...a) => chain.fund(a[0] as string, a[1] as bigint),
    dev_advance: (...a) => chain.advance(a[0] as number),
    dev_lastEpoch: (...a) => chain.lastEpoch(a[0] as number),
    dev_exportEpoch: (...a) => chain.exportEpoch(a[0] as number, a[1] as number),
    dev_nextEpochInput: (...a) => chain.nextEpochInput(a[0] as number),
    dev_waitBlockAfter: (...a) => chain.waitForBlock(a[0] as number),
  };
  return (async () => {
    if (direct[method]) return direct[method](...params);
    const fn = (chain as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!.bind(chain);
    const tx = CALLS.find((c) => c.method === method)!.tx;
    return tx ? fn(signer, ...params) : fn(...params);
  })();
}

describe("the devnet under hostile input", () => {
  it("refuses every call's wrong types and out-of-range values with INVALID_ARGUMENT naming the parameter, in process and over RPC", async () => {
    const chain = await devnet();
    const { url } = await served(chain);
    const before = await chain.metagraph(1);
    let nonce = Date.now() * 1000;
    for (const { method, tx, bad } of CALLS) {
      for (const [params, field] of bad) {
        // dev_waitBlockAfter in process is waitForBlock (one parameter); its second is RPC only
        if (!(method === "dev_waitBlockAfter" && field.endsWith(".ms")) && !(method === "burnedRegister" && params.length > 2)) {
          const local = callInProcess(chain, method, params, alice);
          await expect(local, `${method}(${encode(params)}) in process`).rejects.toMatchObject({ code: "INVALID_ARGUMENT", kind: "bad-input", field });
        }
        const body = tx ? signed(chain, alice, method, params, ++nonce) : { id: 1, method, params };
        const r = await post(url, body);
        expect(r.error, `${method}(${encode(params)}) over RPC`).toMatchObject({ code: "INVALID_ARGUMENT", field });
        // bounded (an unknown hyperparameter name's message lists the 24 known ones)
        expect(r.error!.message.length).toBeLessThan(600);
      }
    }
    // calls without parameters refuse any, as every call refuses one too many
    for (const method of ["bestBlock", "subnets", "dev_info", "dev_emission"]) {
      const r = await post(url, { id: 1, method, params: [{ evil: 1 }] });
      expect(r.error, method).toMatchObject({ code: "INVALID_ARGUMENT", field: method });
    }
    // nothing was applied, and the metagraph still renders (the issue's `c.padEnd is not a function`)
    const after = await chain.metagraph(1);
    expect(after.neurons).toEqual(before.neurons);
    for (const n of after.neurons) expect(typeof n.hotkey.padEnd).toBe("function");
    // the remote client raises the same typed error, with the field
    const remote = await RemoteDevChain.connect(url);
    await expect(remote.burnedRegister(bob, 1, { evil: 1 } as unknown as string)).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      kind: "bad-input",
      field: "burnedRegister.hotkey",
    });
    await expect(remote.setHyperparameter(alice, 1, "kappa", 70000)).rejects.toMatchObject({ code: "INVALID_ARGUMENT", field: "setHyperparameter.value" });
    await remote.close();
  });

  it("checks a timelocked commit's parameters and signer like every other call", async () => {
    const chain = await devnet({ beacon: "hostile beacon" });
    for (const [params, field] of [
      [[1, [0], [70000], 0n], "commitTimelockedWeights.weights[0]"],
      [[1, [0], [1], 1], "commitTimelockedWeights.versionKey"],
      [[1, [0], [1], 0n, { revealRound: -1 }], "commitTimelockedWeights.options.revealRound"],
      [[1, [0], [1], 0n, { evil: 1 }], "commitTimelockedWeights.options"],
    ] as Array<[unknown[], string]>)
      await expect((chain.commitTimelockedWeights as (...a: unknown[]) => Promise<unknown>).call(chain, bob, ...params), field).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
        field,
      });
    await expect(chain.commitTimelockedWeights({ address: "constructor" } as never, 1, [0], [1], 0n)).rejects.toMatchObject({
      field: "commitTimelockedWeights.signer",
    });
  });

  it("keeps every keyed store free of prototypes: balance('constructor') is 0 and such names are no accounts", async () => {
    const chain = await devnet();
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      expect(await chain.balance(name)).toBe(0n);
      expect(await chain.uidOf(1, name)).toBeNull();
      expect(await chain.commitment(1, name)).toBeNull();
    }
    expect(() => chain.fund("__proto__", 1n)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", field: "dev_fund.address" }));
    const { url } = await served(chain);
    expect((await post(url, { id: 1, method: "balance", params: ["constructor"] })).result).toBe(0n);
    expect((await post(url, { id: 1, method: "__proto__", params: [] })).error!.code).toBe("METHOD_NOT_FOUND");
    expect((await post(url, { id: 1, method: "constructor", params: [] })).error!.code).toBe("METHOD_NOT_FOUND");
  });

  it("treats every encoding of an account as one: hex and other SS58 prefixes read and register the same account", async () => {
    const chain = await devnet();
    const hex = u8aToHex(decodeAddress(bob.address));
    for (const form of [hex, encodeAddress(bob.publicKey, 0), encodeAddress(bob.publicKey, 2)]) {
      expect(await chain.balance(form)).toBe(await chain.balance(bob.address));
      expect(await chain.uidOf(1, form)).toBe(1);
      expect(await chain.burnedRegister(alice, 1, form)).toMatchObject({ ok: false, error: "HotKeyAlreadyRegisteredInSubNet" });
    }
  });

  it("checks hyperparameters as AdminUtils does: owner or root, the chain's ranges, and never a value that stops the epoch", async () => {
    const chain = await devnet();
    const sudo = key("//Alice");
    expect(sudo.address).toBe(DEV_SUDO_ADDRESS);
    const owner = key("//Owner");
    chain.fund(owner.address, 1000n * TAO);
    const net = await chain.registerNetwork(owner, owner.address);
    const netuid = (net as { value: { netuid: number } }).value.netuid;
    // root-only names: the owner gets BadOrigin, the sudo key sets them
    for (const [name, value] of [
      ["tempo", 1],
      ["kappa", 65535],
      ["weightsRateLimit", 0],
      ["maxAllowedValidators", 8],
      ["registrationAllowed", true],
      ["minNonImmuneUids", 0],
    ] as const) {
      expect(await chain.setHyperparameter(owner, netuid, name, value as never), name).toMatchObject({ ok: false, error: "BadOrigin" });
      expect((await chain.sudoSetHyperparameter(sudo, netuid, name, value as never)).ok, name).toBe(true);
    }
    expect(await chain.sudoSetHyperparameter(owner, netuid, "tempo", 2)).toMatchObject({ ok: false, error: "RequireSudo" });
    expect(await chain.setHyperparameter(bob, netuid, "immunityPeriod", 10)).toMatchObject({ ok: false, error: "BadOrigin" });
    // the pallet's checks, by name
    const refusals: Array<[keyof SettableHyperparameters, unknown, string]> = [
      ["activityCutoff", 359, "ActivityCutoffTooLow"],
      ["maxAllowedUids", 257, "MaxAllowedUidsGreaterThanDefaultMaxAllowedUids"],
      ["maxAllowedUids", 0, "MaxAllowedUIdsLessThanCurrentUIds"],
      ["bondsMovingAverage", 975_001n, "BondsMovingAverageMaxReached"],
      ["commitRevealPeriod", 101, "RevealPeriodTooLarge"],
      ["commitRevealPeriod", 0, "RevealPeriodTooSmall"],
      ["alphaValues", [40000, 50000], "LiquidAlphaDisabled"],
      ["minBurn", TAO, "ValueNotInBounds"],
      ["maxBurn", TAO / 10n, "ValueNotInBounds"],
      // spec 425: half-life 1..36,100 blocks, multiplier 1..3 (U64F64), owner-immune uids 1..10
      ["burnHalfLife", 0, "InvalidValue"],
      ["burnHalfLife", 36_101, "InvalidValue"],
      ["burnIncreaseMult", (1n << 64n) - 1n, "InvalidValue"],
      ["burnIncreaseMult", 3n * (1n << 64n) + 1n, "InvalidValue"],
      ["immuneOwnerUidsLimit", 0, "InvalidValue"],
      ["immuneOwnerUidsLimit", 11, "InvalidValue"],
    ];
    for (const [name, value, error] of refusals)
      expect(await chain.setHyperparameter(owner, netuid, name, value as never), `${name} ${String(value)}`).toMatchObject({ ok: false, error });
    expect((await chain.setHyperparameter(owner, netuid, "liquidAlphaEnabled", true)).ok).toBe(true);
    expect(await chain.setHyperparameter(owner, netuid, "alphaValues", [60000, 50000])).toMatchObject({ ok: false, error: "AlphaLowOutOfRange" });
    expect(await chain.setHyperparameter(owner, netuid, "alphaValues", [100, 1000])).toMatchObject({ ok: false, error: "AlphaHighTooLow" });
    expect((await chain.setHyperparameter(owner, netuid, "alphaValues", [1638, 65535])).ok).toBe(true);
    // root may pass the owner's bound on the bonds moving average, up to a u64
    expect((await chain.sudoSetHyperparameter(sudo, netuid, "bondsMovingAverage", U64_MAX)).ok).toBe(true);
    // every settable name has an entry (a name added to the type without one would be refused as unknown)
    expect([...SETTABLE_NAMES].sort()).toEqual(
      [
        "tempo",
        "kappa",
        "immunityPeriod",
        "minAllowedWeights",
        "maxWeightLimit",
        "weightsRateLimit",
        "weightsVersion",
        "activityCutoff",
        "maxAllowedUids",
        "maxAllowedValidators",
        "bondsMovingAverage",
        "bondsPenalty",
        "commitRevealWeightsEnabled",
        "commitRevealPeriod",
        "liquidAlphaEnabled",
        "alphaValues",
        "yuma3Enabled",
        "registrationAllowed",
        "minBurn",
        "maxBurn",
        "burnHalfLife",
        "burnIncreaseMult",
        "immuneOwnerUidsLimit",
        "minNonImmuneUids",
      ].sort(),
    );
    // with tempo 1, kappa 65535, liquid alpha at its edges and the largest moving average, epochs run every block, without a fault
    await chain.advance(12);
    expect(chain.faults()).toEqual({ count: 0, last: null });
    expect(chain.lastEpoch(netuid)!.block).toBe(await chain.bestBlock());
  });

  it("refuses a faucet amount that would take the devnet's rao past 2^64−1, and keeps running", async () => {
    const chain = await devnet();
    const { url } = await served(chain);
    const held = chain.emission().endowed + chain.emission().issuance;
    const r = await post(url, { id: 1, method: "dev_fund", params: [bob.address, 1n << 64n] });
    expect(r.error).toMatchObject({ code: "INVALID_ARGUMENT", field: "dev_fund.amount" });
    const over = await post(url, { id: 1, method: "dev_fund", params: [bob.address, U64_MAX - held + 1n] });
    expect(over.error).toMatchObject({ code: "INVALID_ARGUMENT", field: "dev_fund.amount" });
    // up to the bound is accepted; emission then cannot overflow either (it stops at the 21M TAO cap, far below)
    const most = U64_MAX - held - 1_000_000n * TAO;
    expect((await post(url, { id: 1, method: "dev_fund", params: [bob.address, most] })).error).toBeUndefined();
    expect((await post(url, { id: 1, method: "dev_advance", params: [20] })).result).toBe(20 + 0);
    expect(chain.faults().count).toBe(0);
    expect(() => new DevChain({ balances: { [alice.address]: U64_MAX, [bob.address]: 1n } })).toThrow(expect.objectContaining({ field: "balances" }));
    expect(() => new DevChain({ hyperparameters: { kappa: 70000 } })).toThrow(expect.objectContaining({ field: "hyperparameters.kappa" }));
    // no subnet so large that its epoch would hold the block loop (DEV_MAX_UIDS)
    expect(() => new DevChain({ hyperparameters: { maxAllowedUids: DEV_MAX_UIDS + 1 } })).toThrow(
      expect.objectContaining({ field: "hyperparameters.maxAllowedUids" }),
    );
    expect(() => new DevChain({ hyperparameters: { alphaLow: 60000, alphaHigh: 100 } })).toThrow(
      expect.objectContaining({ field: "hyperparameters.alphaLow" }),
    );
  });

  it("the block loop survives an injected failing step: logged once, counted, and the devnet serves /health and advances", async () => {
    const lines: string[] = [];
    const chain = await devnet({ log: (l) => lines.push(l) });
    const { url } = await served(chain);
    // injected faults (a mock of a bug: no accepted call can store these): an epoch input the core refuses, and a listener that throws
    (chain as unknown as { state: { subnets: Array<{ hyperparameters: { kappa: number } }> } }).state.subnets[0]!.hyperparameters.kappa = 70000;
    await chain.subscribeBlocks(() => {
      throw new Error("listener bug");
    });
    const start = await chain.bestBlock();
    chain.start(5);
    try {
      for (let i = 0; i < 400 && (await chain.bestBlock()) < start + 12; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await chain.bestBlock()).toBeGreaterThanOrEqual(start + 12);
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect((await post(url, { id: 1, method: "bestBlock", params: [] })).result).toBeGreaterThanOrEqual(start + 12);
    } finally {
      chain.stop();
    }
    const faults = chain.faults();
    expect(faults.count).toBeGreaterThanOrEqual(12 + 2); // a listener per block, an epoch per 5 blocks
    expect(faults.last!.length).toBeLessThan(400);
    // each distinct fault logged once
    expect(lines.filter((l) => l.includes("listener bug"))).toHaveLength(1);
    expect(lines.filter((l) => l.includes("EpochInputError"))).toHaveLength(1);
    expect((await post(url, { id: 1, method: "dev_info", params: [] })).result).toMatchObject({ faults: { count: faults.count } });
  });

  it("bounds numbers, nesting and bodies before decoding; /health answers while such requests are sent", async () => {
    const chain = await devnet();
    const { url } = await served(chain);
    // 4 million digits: over the body cap; 900,000 digits: under it, refused by the digit bound before BigInt runs
    const huge = `{"id":1,"method":"balance","params":[{"$bigint":"${"9".repeat(4_000_000)}"}]}`;
    const long = `{"id":1,"method":"balance","params":[{"$bigint":"${"9".repeat(900_000)}"}]}`;
    const deep = `{"id":1,"method":"bestBlock","params":[${"[".repeat(100_000)}${"]".repeat(100_000)}]}`;
    const hostile = [long, huge, deep, long, huge].map((body) => fetch(`${url}/rpc`, { method: "POST", body }).then((r) => r.json()));
    // health is asked while the hostile bodies are in flight, and must answer
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    const answers = (await Promise.all(hostile)) as Array<{ error: { code: string; message: string } }>;
    for (const a of answers) {
      expect(["INVALID_REQUEST", "BODY_TOO_LARGE"]).toContain(a.error.code);
      expect(a.error.message.length).toBeLessThan(300);
    }
    expect(answers[0]!.error.message).toMatch(new RegExp(`at most ${MAX_BIGINT_DIGITS} digits`));
    expect(answers[1]!.error.code).toBe("BODY_TOO_LARGE");
    expect(answers[2]!.error.message).toMatch(/nested deeper/);
    // a body over the cap is refused (by its declared length, before it is read)
    const big = await post(url, `{"id":1,"method":"bestBlock","params":[],"pad":"${"x".repeat(2 * 1024 * 1024)}"}`);
    expect(big.error!.code).toBe("BODY_TOO_LARGE");
    // a $bigint at the bound decodes (a u128's digits), and the call's schema then names it
    const r = await post(url, `{"id":1,"method":"dev_fund","params":["${bob.address}",{"$bigint":"${"9".repeat(39)}"}]}`);
    expect(r.error).toMatchObject({ code: "INVALID_ARGUMENT", field: "dev_fund.amount" });
    // odd JSON at the top level
    for (const body of ["null", "5", '"x"', "[]", '{"method":5,"params":[]}', '{"method":"bestBlock","params":{}}'])
      expect((await post(url, body)).error!.code).toBe("INVALID_REQUEST");
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it("a long dev_advance yields between blocks: /health is answered before it ends", async () => {
    const chain = await devnet();
    const { url } = await served(chain);
    const order: string[] = [];
    const advancing = post(url, { id: 1, method: "dev_advance", params: [3000] }).then(() => order.push("advance"));
    // once the advance is under way, /health comes back while it runs
    for (let i = 0; i < 1000 && (await chain.bestBlock()) < 10; i++) await new Promise((r) => setImmediate(r));
    await fetch(`${url}/health`).then(() => order.push("health"));
    await advancing;
    expect(order).toEqual(["health", "advance"]);
    expect(await chain.bestBlock()).toBe(3000);
  });

  describe("replays", () => {
    it("a captured transaction is refused again, under another encoding of the address, and on another devnet", async () => {
      const chain = await devnet();
      const { url } = await served(chain);
      const nonce = Date.now() * 1000;
      const captured = signed(chain, bob, "setCommitment", [1, "sha256:00"], nonce);
      expect((await post(url, captured)).error).toBeUndefined();
      expect((await post(url, captured)).error!.code).toBe("STALE_NONCE");
      // the same signature under other encodings of bob's address: one account, one nonce
      for (const address of [u8aToHex(bob.publicKey), encodeAddress(bob.publicKey, 0), encodeAddress(bob.publicKey, 7)]) {
        const r = await post(url, { ...captured, auth: { ...captured.auth, address } });
        expect(r.error!.code, address).toBe("STALE_NONCE");
      }
      // a signature over the address text (the old payload) or for another devnet does not verify
      const other = await devnet({ seed: "another devnet" });
      const { url: otherUrl } = await served(other);
      expect((await post(otherUrl, captured)).error!.code).toBe("BAD_SIGNATURE");
      const old = `tao-subnet devnet tx\nsetCommitment\n${nonce + 1}\n`;
      const forged = { ...captured, auth: { address: bob.address, nonce: nonce + 1, signature: u8aToHex(bob.sign(old)) } };
      expect((await post(url, forged)).error!.code).toBe("BAD_SIGNATURE");
      // the nonce is spent only by a caller whose signature verified
      const wrong = { ...captured, auth: { ...captured.auth, nonce: nonce + 5, signature: captured.auth.signature } };
      expect((await post(url, wrong)).error!.code).toBe("BAD_SIGNATURE");
      expect(chain.lastNonce(bob.address)).toBe(nonce);
    });

    it("nonces are saved with the state: a captured transaction does not replay after a restart", async () => {
      const chain = await devnet();
      const s = await serveDevChain(chain, { port: 0 });
      const captured = signed(chain, bob, "setCommitment", [1, "sha256:01"], Date.now() * 1000);
      expect((await post(s.url, captured)).error).toBeUndefined();
      const file = join(mkdtempSync(join(tmpdir(), "devnet-replay-")), "state.json");
      await chain.save(file);
      await s.close();
      const restarted = await DevChain.load(file);
      const { url } = await served(restarted);
      expect((await post(url, captured)).error!.code).toBe("STALE_NONCE");
      expect((await post(url, { ...captured, auth: { ...captured.auth, address: u8aToHex(bob.publicKey) } })).error!.code).toBe("STALE_NONCE");
      // a fresh transaction from the same key goes through
      const remote = await RemoteDevChain.connect(url);
      expect((await remote.setCommitment(bob, 1, "sha256:02")).ok).toBe(true);
      await remote.close();
    });
  });
});
