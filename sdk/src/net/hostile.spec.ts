/**
 * The Axon under hostile input (#21, axon classes 13–16), over real loopback HTTP: every header
 * malformed (400 naming it; the freshness window cannot be skipped with a NaN version), junk
 * synapse bodies from a registered caller (400 naming the field, before the handler; nothing
 * undeclared echoed), the nonce and rate-limit tables (only allowed callers, bounded keys, capped
 * by entries and bytes, pruned), and the warning for a kit without requiredHashFields.
 */
import { createServer, request } from "node:http";
import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { u8aToHex } from "@polkadot/util";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { DevChain } from "../chain/dev/devChain.js";
import type { SubnetKit } from "../kit/contract.js";
import { KitDriver } from "../kit/driver.js";
import { type RunningMiner, runMiner } from "../runtime/miner.js";
import { Axon } from "./axon.js";
import { Dendrite } from "./dendrite.js";
import { RateWindows } from "./nonces.js";
import { bodyHash, pythonStr } from "./protocol.js";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519" });
const alice = keyring.addFromUri("//Alice");
const owner = keyring.addFromUri("//hostile/owner");
const minerKey = keyring.addFromUri("//hostile/miner");
const TAO = 1_000_000_000n;
const HASHED = ["prompt", "max_tokens"];

function post(
  port: number,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "POST", agent: false, headers: { ...headers, "content-type": "application/json" } }, (res) => {
      let data = "";
      res.on("data", (c: Buffer) => (data += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: data }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

let uuidCounter = 0;
/** A request signed as the Python SDK's dendrite signs it, to `axonKey`, with the body hash over `required`. */
function signedRequest(
  axonKey: KeyringPair,
  body: Record<string, unknown>,
  o: { signer?: KeyringPair; nonce?: bigint; uuid?: string; required?: string[]; raw?: string } = {},
) {
  const signer = o.signer ?? alice;
  const hash = bodyHash(body, o.required ?? HASHED);
  const nonce = o.nonce ?? BigInt(Date.now()) * 1_000_000n;
  const uuid = o.uuid ?? `8b7e2a5c-0000-11ef-9a3b-${(uuidCounter++).toString(16).padStart(12, "0")}`;
  const signature = u8aToHex(signer.sign(new TextEncoder().encode(`${nonce}.${signer.address}.${axonKey.address}.${uuid}.${hash}`)));
  const headers: Record<string, string> = {
    name: "TextGeneration",
    timeout: "12.0",
    bt_header_dendrite_ip: "10.0.0.1",
    bt_header_dendrite_version: "10002000",
    bt_header_dendrite_nonce: String(nonce),
    bt_header_dendrite_uuid: uuid,
    bt_header_dendrite_hotkey: signer.address,
    bt_header_dendrite_signature: signature,
    computed_body_hash: hash,
  };
  return { headers, body: o.raw ?? JSON.stringify({ ...body, name: "TextGeneration", timeout: 12.0 }) };
}

/** A small kit: the text kit's request shape, its serve counted. */
const served: string[] = [];
const kit: SubnetKit<{ prompt: string; max_tokens: number }, { completion: string }, null> = {
  name: "kit:hostile-test",
  synapse: {
    name: "TextGeneration",
    request: z.object({ prompt: z.string().min(1).max(8192), max_tokens: z.number().int().min(1).max(4096) }),
    response: z.object({ completion: z.string() }),
    requiredHashFields: HASHED,
  },
  challenge: () => ({ request: { prompt: "p", max_tokens: 1 }, expected: null }),
  serve: (r) => {
    served.push(r.prompt);
    return { completion: `echo ${r.prompt}` };
  },
  scorer: { kind: "function", score: () => 0 },
} as unknown as SubnetKit<{ prompt: string; max_tokens: number }, { completion: string }, null>;

describe("the Axon under hostile input", () => {
  let miner: RunningMiner;
  let port = 0;
  beforeAll(async () => {
    const chain = new DevChain({ hyperparameters: { tempo: 100 } });
    chain.fund(owner.address, 1000n * TAO);
    await chain.registerNetwork(owner, owner.address);
    for (const k of [alice, minerKey]) {
      chain.fund(k.address, 100n * TAO);
      await chain.burnedRegister(k, 1, k.address);
    }
    miner = await runMiner({ chain, netuid: 1, hotkey: minerKey, kit, port: 0 });
    port = miner.port;
  });
  afterAll(() => miner.stop());
  const good = { prompt: "hello", max_tokens: 8 };

  describe("headers, parsed strictly: a malformed one is a 400 naming it", () => {
    const malformed: Array<[string, string]> = [
      ["bt_header_dendrite_hotkey", "5".repeat(15_000)],
      ["bt_header_dendrite_hotkey", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ"], // one character off: bad checksum
      ["bt_header_dendrite_hotkey", "not an address"],
      ["bt_header_dendrite_nonce", "soon"],
      ["bt_header_dendrite_nonce", "-5"],
      ["bt_header_dendrite_nonce", "1e18"],
      ["bt_header_dendrite_nonce", "1".repeat(21)],
      ["bt_header_dendrite_nonce", "18446744073709551616"],
      ["bt_header_dendrite_uuid", "a".repeat(15_000)],
      ["bt_header_dendrite_uuid", "not-a-uuid"],
      ["bt_header_dendrite_uuid", "8b7e2a5c-0000-11ef-9a3b-0242ac12000g"],
      ["computed_body_hash", "AB".repeat(32)],
      ["computed_body_hash", "ab"],
      ["bt_header_dendrite_signature", "0x1234"],
      ["bt_header_dendrite_signature", "zz".repeat(65)],
      ["timeout", "abc"],
      ["timeout", "0"],
      ["timeout", "-1"],
      ["timeout", "NaN"],
      ["timeout", "Infinity"],
      ["timeout", "1e3"],
      ["timeout", "3601"],
      ["bt_header_dendrite_version", "not-a-number"],
      ["bt_header_dendrite_version", "1.5"],
      ["bt_header_dendrite_version", "-1"],
      ["bt_header_dendrite_version", ""],
      ["bt_header_dendrite_version", "99999999999"],
    ];
    it.each(malformed.map(([h, v]) => [h, v.length > 40 ? `${v.slice(0, 12)}… (${v.length} characters)` : JSON.stringify(v), v]))(
      "%s: %s",
      async (header, _label, value) => {
        const before = served.length;
        const r = signedRequest(minerKey, good);
        const res = await post(port, "/TextGeneration", { ...r.headers, [header]: value }, r.body);
        expect(res.status).toBe(400);
        expect(String(res.headers.bt_header_axon_status_message)).toContain(header);
        expect(served.length).toBe(before);
      },
    );

    it("missing headers are a 400 naming them; a missing signature is a 401", async () => {
      for (const header of ["bt_header_dendrite_hotkey", "bt_header_dendrite_nonce", "bt_header_dendrite_uuid", "computed_body_hash"]) {
        const r = signedRequest(minerKey, good);
        const { [header]: _, ...rest } = r.headers;
        const res = await post(port, "/TextGeneration", rest, r.body);
        expect(res.status, header).toBe(400);
        expect(String(res.headers.bt_header_axon_status_message)).toContain(header);
      }
      const r = signedRequest(minerKey, good);
      const { bt_header_dendrite_signature: _, ...rest } = r.headers;
      expect((await post(port, "/TextGeneration", rest, r.body)).status).toBe(401);
    });

    it("the freshness window cannot be skipped: a 10-minute-old nonce is refused whatever the version header says", async () => {
      const old = (BigInt(Date.now()) - 600_000n) * 1_000_000n;
      const r = signedRequest(minerKey, good, { nonce: old });
      expect((await post(port, "/TextGeneration", r.headers, r.body)).status).toBe(401);
      for (const version of ["not-a-number", "NaN", "", "1e9", "0x10"]) {
        const again = signedRequest(minerKey, good, { nonce: old });
        const res = await post(port, "/TextGeneration", { ...again.headers, bt_header_dendrite_version: version }, again.body);
        expect(res.status, version).toBe(400);
      }
      // a good request is served (the refusals above left nothing behind)
      const ok = signedRequest(minerKey, good);
      expect((await post(port, "/TextGeneration", ok.headers, ok.body)).status).toBe(200);
    });
  });

  describe("junk bodies from a registered caller: 400 naming the field, before the handler", () => {
    const junk: Array<[string, Record<string, unknown> | string, string]> = [
      ["prompt: 5", { prompt: 5, max_tokens: 8 }, "prompt"],
      ["max_tokens: 1e400", '{"prompt":"hello","max_tokens":1e400}', "max_tokens"],
      ["max_tokens: -1", { prompt: "hello", max_tokens: -1 }, "max_tokens"],
      ["max_tokens: 1.5", { prompt: "hello", max_tokens: 1.5 }, "max_tokens"],
      ["{}", {}, "prompt"],
      ["prompt: a list", { prompt: ["a"], max_tokens: 8 }, "prompt"],
      ["name: another synapse", { prompt: "hello", max_tokens: 8, name: "Other" }, "name"],
    ];
    it.each(junk)("%s", async (_, body, field) => {
      const before = served.length;
      const parsed = typeof body === "string" ? (JSON.parse(body) as Record<string, unknown>) : body;
      // signed over the hash of the fields as sent; a value that cannot hash as Python prints it (1e400 is Infinity here) is refused by the hash step, naming the field
      let required = HASHED;
      try {
        bodyHash(parsed, HASHED);
      } catch {
        required = [];
      }
      const signedAgain = signedRequest(minerKey, parsed, { raw: typeof body === "string" ? body : JSON.stringify(body), required });
      const res = await post(port, "/TextGeneration", signedAgain.headers, signedAgain.body);
      expect(res.status, res.headers.bt_header_axon_status_message as string).toBe(400);
      expect(String(res.headers.bt_header_axon_status_message)).toMatch(new RegExp(`field ${field}|${field}`));
      expect(served.length).toBe(before);
    });

    it("a body nested 100,000 deep is a 400 at once; a nested extra field is accepted and never echoed", async () => {
      const deep = `{"prompt":"hello","max_tokens":8,"extra":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
      const r = signedRequest(minerKey, good, { raw: deep });
      const res = await post(port, "/TextGeneration", r.headers, r.body);
      expect(res.status).toBe(400);
      expect(String(res.headers.bt_header_axon_status_message)).toMatch(/more than 32 deep/);
      const nested = { ...good, extra: JSON.parse(`${"[".repeat(20)}"x"${"]".repeat(20)}`) as unknown, more: "y".repeat(10_000) };
      const ok = signedRequest(minerKey, nested);
      const answer = await post(port, "/TextGeneration", ok.headers, ok.body);
      expect(answer.status).toBe(200);
      const echoed = JSON.parse(answer.body) as Record<string, unknown>;
      expect(echoed).toMatchObject({ prompt: "hello", max_tokens: 8, completion: "echo hello" });
      expect(echoed.extra).toBeUndefined();
      expect(echoed.more).toBeUndefined();
      expect(answer.body.length).toBeLessThan(3000);
    });

    it("a body swapped under the same signed headers is refused", async () => {
      const r = signedRequest(minerKey, good);
      for (const swapped of [
        { ...good, prompt: "something else" },
        { ...good, max_tokens: 9 },
      ]) {
        const res = await post(port, "/TextGeneration", r.headers, JSON.stringify({ ...swapped, name: "TextGeneration" }));
        expect(res.status).toBe(400);
        expect(String(res.headers.bt_header_axon_status_message)).toMatch(/body hash/);
      }
      expect((await post(port, "/TextGeneration", r.headers, r.body)).status).toBe(200);
    });
  });

  describe("the nonce and rate-limit tables", () => {
    it("an unregistered key's signed requests (with long uuids) leave no nonce or rate-limit entry", async () => {
      const eve = keyring.addFromUri("//Eve");
      const before = miner.axon.tables();
      for (let i = 0; i < 200; i++) {
        const r = signedRequest(minerKey, good, { signer: eve });
        expect((await post(port, "/TextGeneration", r.headers, r.body)).status).toBe(403);
      }
      const long = signedRequest(minerKey, good, { signer: eve, uuid: "a".repeat(15_000) });
      expect((await post(port, "/TextGeneration", long.headers, long.body)).status).toBe(400);
      expect(miner.axon.tables()).toEqual(before);
    });

    it("the nonce table is capped by entries and by bytes, oldest out first", async () => {
      const axon = new Axon({ hotkey: minerKey, port: 0, nonceTable: { maxEntries: 30, maxBytes: 30 * 400 }, rateLimit: { requests: 1000, windowMs: 60_000 } });
      axon.attach("TextGeneration", () => ({ completion: "x" }), { requiredHashFields: HASHED });
      const { port: p } = await axon.start();
      try {
        for (let i = 0; i < 100; i++) {
          const r = signedRequest(minerKey, good);
          expect((await post(p, "/TextGeneration", r.headers, r.body)).status).toBe(200);
        }
        const t = axon.tables();
        expect(t.nonces).toBe(30);
        expect(t.nonceBytes).toBeLessThanOrEqual(30 * 400);
        const small = new Axon({ hotkey: minerKey, port: 0, nonceTable: { maxEntries: 1000, maxBytes: 2000 } });
        small.attach("TextGeneration", () => ({ completion: "x" }), { requiredHashFields: HASHED });
        const { port: q } = await small.start();
        for (let i = 0; i < 50; i++) {
          const r = signedRequest(minerKey, good);
          await post(q, "/TextGeneration", r.headers, r.body);
        }
        expect(small.tables().nonceBytes).toBeLessThanOrEqual(2000);
        expect(small.tables().nonces).toBeLessThan(50);
        await small.stop();
      } finally {
        await axon.stop();
      }
    });

    it("rate-limit windows are pruned once expired and capped in number", () => {
      const w = new RateWindows(2, 1000, 500);
      for (let i = 0; i < 2000; i++) expect(w.admit(`k${i}`, 0)).toBe(true);
      expect(w.size).toBe(500);
      expect(w.admit("k1999", 10)).toBe(true);
      expect(w.admit("k1999", 20)).toBe(false);
      w.admit("late", 1500);
      expect(w.size).toBe(1);
    });
  });

  it("the Dendrite bounds a hostile miner's answer: size (413), depth and shape (422), and ignores a malformed status header", async () => {
    const answers: Array<(res: import("node:http").ServerResponse) => void> = [
      (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(`{"a":${"[".repeat(100_000)}${"]".repeat(100_000)}}`);
      },
      (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        // 8 MiB, past a 1 MiB limit, in chunks
        const chunk = "x".repeat(64 * 1024);
        let sent = 0;
        const more = () => {
          while (sent < 128 && res.write(chunk)) sent++;
          if (sent < 128) res.once("drain", more);
          else res.end();
        };
        res.on("error", () => undefined);
        more();
      },
      (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("[1,2,3]");
      },
      (res) => {
        res.writeHead(500, { bt_header_axon_status_code: "abc" });
        res.end();
      },
    ];
    let next = 0;
    const server = createServer((req, res) => {
      req.resume();
      answers[next++]!(res);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const target = { ip: "127.0.0.1", port: (server.address() as { port: number }).port, hotkey: minerKey.address };
    const d = new Dendrite(alice);
    try {
      const deep = await d.call(target, "TextGeneration", good, { timeoutMs: 10_000 });
      expect(deep).toMatchObject({ status: 422, body: null });
      expect(deep.statusMessage).toMatch(/more than 32 deep/);
      const huge = await d.call(target, "TextGeneration", good, { timeoutMs: 10_000, maxResponseBytes: 1024 * 1024 });
      expect(huge).toMatchObject({ status: 413, body: null });
      expect(await d.call(target, "TextGeneration", good, { timeoutMs: 10_000 })).toMatchObject({ status: 422, body: null });
      expect(await d.call(target, "TextGeneration", good, { timeoutMs: 10_000 })).toMatchObject({ status: 500, body: null });
    } finally {
      d.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("hashes lists of strings as Python's str() writes them (quotes, escapes, unprintable characters)", () => {
    // each expected text printed by CPython 3.11's str(list) for the list on its left
    const cases: Array<[unknown[], string]> = [
      [["cat"], "['cat']"],
      [["o'clock"], `["o'clock"]`],
      [['say "hi"'], `['say "hi"']`],
      [[`both ' and "`], `['both \\' and "']`],
      [["back\\slash"], "['back\\\\slash']"],
      [["tab\tnew\nline\r"], "['tab\\tnew\\nline\\r']"],
      [["caf\u00e9"], "['caf\u00e9']"],
      [["\u0000\u007f\u0085"], "['\\x00\\x7f\\x85']"],
      [["zero\u200bwidth"], "['zero\\u200bwidth']"],
      [["emoji \u{1F600}"], "['emoji \u{1F600}']"],
      [["\u2028"], "['\\u2028']"],
      [[" "], "[' ']"],
      [[1, -2, 30], "[1, -2, 30]"],
      [[], "[]"],
    ];
    for (const [list, text] of cases) expect(pythonStr(list, "f"), JSON.stringify(list)).toBe(text);
    expect(() => pythonStr([2 ** 60], "f")).toThrow(/safe integers/);
    expect(() => pythonStr([1, "a"], "f")).toThrow(/lists of strings or of safe integers/);
  });

  it("warns once, when a kit without requiredHashFields is loaded", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      const bare = { ...kit, name: "kit:unhashed", synapse: { ...kit.synapse, requiredHashFields: undefined } } as typeof kit;
      const a = new KitDriver(bare);
      const b = new KitDriver(bare);
      const hashed = new KitDriver({ ...kit, name: "kit:hashed" } as typeof kit);
      await new Promise((r) => setImmediate(r));
      const mine = warnings.filter((w) => (w as { code?: string }).code === "TAO_SUBNET_NO_HASH_FIELDS");
      expect(mine).toHaveLength(1);
      expect(mine[0]!.message).toMatch(/kit:unhashed.*requiredHashFields/);
      await Promise.all([a.close(), b.close(), hashed.close()]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
