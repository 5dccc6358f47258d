import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { KitDriver } from "@tao-subnet/sdk/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeWav, parseWav, speechKit, transcribe, transcriptionEndpointFromEnv } from "./index.js";

/*
 * A stand-in for an OpenAI-compatible transcription server (POST /v1/audio/transcriptions,
 * multipart form), on a real HTTP server on 127.0.0.1: it parses the form as a server would,
 * checks the clip is a WAV, and "recognises" clips it was told about by their sha256.
 */
const clip = encodeWav(
  Int16Array.from({ length: 8000 }, (_, i) => Math.round(3000 * Math.sin(i / 5))),
  16000,
);
const known = new Map([[createHash("sha256").update(clip).digest("hex"), "Anna bought 42 red boxes."]]);
const seen: Array<{ auth: string | undefined; model: string; format: string; language: string | null; frames: number }> = [];

describe("the OpenAI-compatible transcription client (a stand-in server on 127.0.0.1)", () => {
  let server: Server;
  let url = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(body));
        };
        if (req.url !== "/v1/audio/transcriptions" || req.method !== "POST") return reply(404, { error: "not found" });
        if (req.headers.authorization === "Bearer wrong") return reply(401, { error: { message: "invalid key" } });
        const form = await new Response(Buffer.concat(chunks), { headers: { "content-type": req.headers["content-type"]! } }).formData();
        const file = form.get("file") as File;
        const bytes = new Uint8Array(await file.arrayBuffer());
        seen.push({
          auth: req.headers.authorization,
          model: String(form.get("model")),
          format: String(form.get("response_format")),
          language: form.get("language") as string | null,
          frames: parseWav(bytes).frames,
        });
        reply(200, { text: known.get(createHash("sha256").update(bytes).digest("hex")) ?? "" });
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("sends the clip as a multipart WAV with the model, the language and the key as a bearer token", async () => {
    expect(await transcribe({ url, model: "whisper-large", key: "sk-test" }, clip, { language: "en" })).toBe("Anna bought 42 red boxes.");
    expect(seen.at(-1)).toEqual({ auth: "Bearer sk-test", model: "whisper-large", format: "json", language: "en", frames: 8000 });
  });

  it("answers as the kit's miner when TAO_SPEECH_OPENAI_URL / _MODEL / _KEY are set", async () => {
    const env = { TAO_SPEECH_OPENAI_URL: url, TAO_SPEECH_OPENAI_MODEL: "m2", TAO_SPEECH_OPENAI_KEY: "sk-env" };
    expect(transcriptionEndpointFromEnv(env)).toEqual({ url, model: "m2", key: "sk-env" });
    expect(transcriptionEndpointFromEnv({})).toBeNull();
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const d = new KitDriver(speechKit(), { secret: "v" });
      expect(await d.serve({ audio: Buffer.from(clip).toString("base64"), language: "en" }, { caller: "5V", timeoutMs: 2000 })).toEqual({
        transcript: "Anna bought 42 red boxes.",
      });
      expect(seen.at(-1)).toMatchObject({ auth: "Bearer sk-env", model: "m2" });
    } finally {
      for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
    }
  });

  it("turns a refused key and an unreachable server into typed errors that never contain the key", async () => {
    const refused = await transcribe({ url, model: "m", key: "wrong" }, clip).then(
      () => null,
      (e: unknown) => e as Error & { code: string },
    );
    expect(refused).toMatchObject({ code: "SPEECH_TRANSCRIBE_FAILED", field: "TAO_SPEECH_OPENAI_URL" });
    expect(refused!.message).toMatch(/HTTP 401; check the model name and the key \(TAO_SPEECH_OPENAI_KEY\)/);
    expect(refused!.message).not.toContain("wrong");
    const down = await transcribe({ url: "http://127.0.0.1:9", model: "m", key: "sk-secret" }, clip).then(
      () => null,
      (e: unknown) => e as Error & { code: string },
    );
    expect(down).toMatchObject({ code: "SPEECH_TRANSCRIBE_FAILED" });
    expect(down!.message).toMatch(/cannot be reached/);
    expect(down!.message).not.toContain("sk-secret");
  });
});
