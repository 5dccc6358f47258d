import { createHash } from "node:crypto";
import { request } from "node:http";
import { Keyring } from "@polkadot/keyring";
import { u8aToHex } from "@polkadot/util";
import { cryptoWaitReady, encodeAddress } from "@polkadot/util-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Axon, type AxonTarget, bodyHash, Dendrite, pythonStr } from "../index.js";
import { usingSchnorrkelWasm } from "./crypto.js";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
const alice = keyring.addFromUri("//Alice");
const bob = keyring.addFromUri("//Bob");
const miner = keyring.addFromUri("//Charlie");
const sha3 = (s: string) => createHash("sha3-256").update(s).digest("hex");

/** Raw POST with chosen headers and body (to build requests the way other clients would). */
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

/** Headers and body exactly as the Python SDK's dendrite builds them (documented algorithm, //Alice). */
function pythonStyleRequest(opts: {
  nonce?: bigint;
  signer?: typeof alice;
  claimed?: string;
  body?: Record<string, unknown>;
  required?: string[];
  signature?: string;
}) {
  const body = opts.body ?? { prompt: "hello", max_tokens: 8 };
  const hash = sha3((opts.required ?? []).map((f) => sha3(pythonStr(body[f], f))).join(""));
  const nonce = opts.nonce ?? BigInt(Date.now()) * 1_000_000n;
  const uuid = "8b7e2a5c-0000-11ef-9a3b-0242ac120002";
  const hotkey = opts.claimed ?? alice.address;
  const message = `${nonce}.${hotkey}.${miner.address}.${uuid}.${hash}`;
  const signature = opts.signature ?? u8aToHex((opts.signer ?? alice).sign(new TextEncoder().encode(message)));
  const headers: Record<string, string> = {
    name: "TextGeneration",
    timeout: "12.0",
    bt_header_dendrite_ip: "10.0.0.1",
    bt_header_dendrite_version: "10002000",
    bt_header_dendrite_nonce: String(nonce),
    bt_header_dendrite_uuid: uuid,
    bt_header_dendrite_hotkey: hotkey,
    bt_header_dendrite_signature: signature,
    bt_header_axon_ip: "127.0.0.1",
    bt_header_axon_port: "8091",
    bt_header_axon_hotkey: miner.address,
    bt_header_input_obj_prompt: "IiI=",
    header_size: "640",
    total_size: "3210",
    computed_body_hash: hash,
  };
  return { headers, body: JSON.stringify({ ...body, name: "TextGeneration", timeout: 12.0, dendrite: { hotkey }, axon: { hotkey: miner.address } }) };
}

describe("Axon and Dendrite over loopback (Python SDK wire protocol)", () => {
  let axon: Axon;
  let port = 0;
  const calls: string[] = [];
  const signals: AbortSignal[] = [];
  beforeAll(async () => {
    axon = new Axon({
      hotkey: miner,
      port: 0,
      maxBodyBytes: 64 * 1024,
      callerInfo: (hk) => (hk === alice.address || hk === bob.address ? { registered: true, stake: 1000n } : undefined),
    });
    axon.attach("TextGeneration", (body, ctx) => {
      calls.push(ctx.caller);
      return { completion: `echo ${String(body.prompt)}` };
    });
    axon.attach("Hashed", (body) => ({ ok: body.prompt }), { requiredHashFields: ["prompt"] });
    axon.attach("Quick", (_, ctx) => {
      signals.push(ctx.signal);
      return { ok: true };
    });
    axon.attach("Slow", async (_, ctx) => {
      signals.push(ctx.signal);
      await new Promise((r) => setTimeout(r, 1000));
      return { ok: true };
    });
    axon.attach("Fails", () => {
      throw new Error("disk full… données perdues\nretry later");
    });
    ({ port } = await axon.start());
  });
  afterAll(() => axon.stop());

  it("hashes bodies as the Python SDK: sha3_256('') with no required fields", () => {
    expect(bodyHash({ anything: 1 }, [])).toBe("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
    expect(bodyHash({ prompt: "hi", n: 3, flag: true }, ["prompt", "n", "flag"])).toBe(sha3(sha3("hi") + sha3("3") + sha3("True")));
    expect(pythonStr(["a", "b"], "x")).toBe("['a', 'b']");
  });

  it("accepts a request signed the way the Python SDK signs, and answers with the headers it reads", async () => {
    const before = calls.length;
    const r = await post(port, "/TextGeneration", ...(Object.values(pythonStyleRequest({})) as [Record<string, string>, string]));
    expect(r.status).toBe(200);
    expect(calls.length).toBe(before + 1);
    expect(r.headers.bt_header_axon_status_code).toBe("200");
    expect(r.headers.bt_header_axon_hotkey).toBe(miner.address);
    expect(Number(r.headers.bt_header_axon_process_time)).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(r.body)).toMatchObject({ completion: "echo hello", prompt: "hello", axon: { status_code: 200 } });
  });

  it("verifies required hash fields in the signed body hash", async () => {
    const req = pythonStyleRequest({ required: ["prompt"] });
    const r = await post(port, "/Hashed", req.headers, req.body);
    expect(r.status).toBe(200);
  });

  it("sends Dendrite requests that pass the same checks, and gets parsed responses", async () => {
    const d = new Dendrite(alice);
    const target: AxonTarget = { ip: "127.0.0.1", port, hotkey: miner.address };
    const [res] = await d.forward([target], "TextGeneration", { prompt: "ping", max_tokens: 4 }, { timeoutMs: 2000 });
    expect(res!.status).toBe(200);
    expect(res!.body).toMatchObject({ completion: "echo ping" });
    expect(res!.latencyMs).toBeGreaterThan(0);
    d.close();
  });

  it("answers a failing handler with 500 even when its message is not header-safe text", async () => {
    const d = new Dendrite(alice);
    const [res] = await d.forward([{ ip: "127.0.0.1", port, hotkey: miner.address }], "Fails", { prompt: "x" }, { timeoutMs: 2000 });
    d.close();
    expect(res!.status).toBe(500);
    expect(res!.latencyMs).toBeLessThan(2000); // answered, not timed out
    const raw = await post(port, "/Fails", pythonStyleRequest({}).headers, pythonStyleRequest({}).body);
    expect(raw.status).toBe(500);
    expect(raw.headers.bt_header_axon_status_message).toBe("handler failed: disk full\\u2026 donn\\u00e9es perdues\\u000aretry later");
  });

  it("aborts a handler at the request's timeout (408), and never aborts one that finished", async () => {
    const slow = pythonStyleRequest({});
    const r = await post(port, "/Slow", { ...slow.headers, timeout: "0.2" }, slow.body);
    expect(r.status).toBe(408);
    expect(signals.at(-1)!.aborted).toBe(true);
    const quick = pythonStyleRequest({});
    expect((await post(port, "/Quick", { ...quick.headers, timeout: "0.2" }, quick.body)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect(signals.at(-1)!.aborted).toBe(false);
  });

  describe("rejects, before any handler runs", () => {
    const cases: Array<[string, number, () => { headers: Record<string, string>; body: string }, string?]> = [
      ["a forged signature", 401, () => pythonStyleRequest({ signature: "0x" + "ab".repeat(64) })],
      ["an empty signature", 401, () => pythonStyleRequest({ signature: "" })],
      ["a signature by another hotkey", 401, () => pythonStyleRequest({ signer: bob })],
      [
        "an unmarked (ed25519-style) signature",
        401,
        () => {
          const r = pythonStyleRequest({});
          const sig = Buffer.from(r.headers.bt_header_dendrite_signature!.slice(2), "hex");
          sig[63]! &= 0x7f;
          return { headers: { ...r.headers, bt_header_dendrite_signature: `0x${sig.toString("hex")}` }, body: r.body };
        },
      ],
      ["a claimed hotkey that is not a ristretto255 point", 401, () => pythonStyleRequest({ claimed: encodeAddress(new Uint8Array(32).fill(0xff), 42) })],
      ["a stale nonce", 401, () => pythonStyleRequest({ nonce: BigInt(Date.now() - 60_000) * 1_000_000n })],
      [
        "a body altered after signing",
        400,
        () => {
          const r = pythonStyleRequest({ required: ["prompt"] });
          return { headers: r.headers, body: r.body.replace("hello", "HELLO") };
        },
        "/Hashed",
      ],
      [
        "an oversized body",
        413,
        () => {
          const r = pythonStyleRequest({});
          return { headers: r.headers, body: JSON.stringify({ prompt: "x".repeat(100_000) }) };
        },
      ],
      [
        "an unregistered hotkey",
        403,
        () => {
          const eve = keyring.addFromUri("//Eve");
          return pythonStyleRequest({ signer: eve, claimed: eve.address });
        },
      ],
      [
        "malformed headers",
        400,
        () => {
          const r = pythonStyleRequest({});
          return { headers: { ...r.headers, bt_header_dendrite_nonce: "soon" }, body: r.body };
        },
      ],
      [
        "a 15,000-character hotkey (base58 decoding it would hold the event loop for most of a second)",
        400,
        () => {
          const r = pythonStyleRequest({});
          return { headers: { ...r.headers, bt_header_dendrite_hotkey: "5".repeat(15_000) }, body: r.body };
        },
      ],
      [
        "a 4,000-character uuid (a key of the nonce table)",
        400,
        () => {
          const r = pythonStyleRequest({});
          return { headers: { ...r.headers, bt_header_dendrite_uuid: "a".repeat(4000) }, body: r.body };
        },
      ],
      [
        "missing headers",
        400,
        () => {
          const r = pythonStyleRequest({});
          const { computed_body_hash: _, ...h } = r.headers;
          return { headers: h, body: r.body };
        },
      ],
    ];
    it.each(cases)("%s → %i", async (_, status, build, path = "/TextGeneration") => {
      const before = calls.length;
      const req = build();
      const r = await post(port, path, req.headers, req.body).catch((e: Error) => ({ status: status === 413 ? 413 : -1, headers: {}, body: e.message }));
      expect(r.status).toBe(status);
      expect(calls.length).toBe(before);
    });

    it("a replayed nonce → 401", async () => {
      const req = pythonStyleRequest({});
      expect((await post(port, "/TextGeneration", req.headers, req.body)).status).toBe(200);
      const before = calls.length;
      expect((await post(port, "/TextGeneration", req.headers, req.body)).status).toBe(401);
      expect(calls.length).toBe(before);
    });

    it("none of them made the signature module trap, and the next good request is served", async () => {
      expect(usingSchnorrkelWasm()).toBe(true);
      expect((await post(port, "/TextGeneration", ...(Object.values(pythonStyleRequest({})) as [Record<string, string>, string]))).status).toBe(200);
    });

    it("an unknown synapse → 404", async () => {
      const req = pythonStyleRequest({});
      expect((await post(port, "/Nope", req.headers, req.body)).status).toBe(404);
    });
  });
});

describe("Dendrite load over loopback", () => {
  // 100 rounds here (6,400 signed requests); `npm run bench -- net` runs the full 1,000 rounds with the same check.
  it("queries 64 axons concurrently for 100 rounds with no lost or mis-attributed response", async () => {
    const axons: Axon[] = [];
    const targets: AxonTarget[] = [];
    for (let i = 0; i < 64; i++) {
      const hk = keyring.addFromUri(`//Miner${i}`);
      const a = new Axon({ hotkey: hk, port: 0, rateLimit: { requests: 1_000_000, windowMs: 60_000 } });
      a.attach("Echo", (body) => ({ who: i, round: body.round }));
      const { port } = await a.start();
      axons.push(a);
      targets.push({ ip: "127.0.0.1", port, hotkey: hk.address });
    }
    const d = new Dendrite(alice);
    let bad = 0;
    for (let round = 0; round < 100; round++) {
      const res = await d.forward(targets, "Echo", { round }, { timeoutMs: 5000 });
      res.forEach((r, i) => {
        if (r.status !== 200 || r.body?.who !== i || r.body?.round !== round) bad++;
      });
    }
    d.close();
    await Promise.all(axons.map((a) => a.stop()));
    expect(bad).toBe(0);
  }, 300_000);
});
