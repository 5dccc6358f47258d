import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KitDriver, Random, type RoundEntry } from "@tao-subnet/sdk/kit";
import { ScoringHost } from "@tao-subnet/sdk/scoring";
import { simulate } from "@tao-subnet/sdk/sim";
import { afterAll, describe, expect, it } from "vitest";
import {
  encodeWav,
  errorCounts,
  espeakAvailable,
  parseWav,
  pocketsphinxAvailable,
  randomVoice,
  SpeechError,
  type SpeechExpected,
  type SpeechRequest,
  type SpeechResponse,
  sentence,
  speechKit,
  synthesize,
} from "./index.js";

const espeak = espeakAvailable();
const pocketsphinx = pocketsphinxAvailable();
const SOX = "/usr/bin/sox";
const why = (a: { ok: boolean; reason?: string }) => (a.ok ? "" : ` (skipped: ${a.reason})`);
const coords = (round: number) => ({ blockHash: "0xabc", validatorHotkey: "5Validator", round });
const decode = (audio: string) => parseWav(new Uint8Array(Buffer.from(audio, "base64")));
const seedOf = (s: string) => new Random(new Uint8Array(Buffer.from(s.padEnd(16, "."))));

describe.skipIf(!espeak.ok)(`synthesised challenges (espeak-ng)${why(espeak)}`, () => {
  const driver = new KitDriver(speechKit({ minerEndpoint: null }), { secret: "validator secret" });

  it("are real 16 kHz WAV files that decode, as long as espeak-ng's own rendering of the text", async () => {
    const cs = await driver.challenges(coords(1), [0, 1, 2, 3, 4, 5, 6, 7]);
    const dir = mkdtempSync(join(tmpdir(), "tao-speech-"));
    for (const [i, c] of cs.entries()) {
      const wav = decode(c.request.audio);
      expect(wav.sampleRate).toBe(16000);
      expect(wav.channels).toBe(1);
      expect(wav.durationMs).toBe(c.expected.durationMs);
      expect(c.expected.source.kind).toBe("tts");
      if (c.expected.source.kind !== "tts") continue;
      // espeak-ng itself, same text and voice: its clip (22,050 Hz) lasts as long as ours
      const v = c.expected.source.voice;
      const own = join(dir, `own${i}.wav`);
      execFileSync("/usr/bin/espeak-ng", ["-v", v.voice, "-s", String(v.rate), "-p", String(v.pitch), "-w", own, "--", c.expected.reference]);
      const ref = parseWav(new Uint8Array(readFileSync(own)));
      expect(Math.abs(ref.durationMs - wav.durationMs)).toBeLessThan(1);
      // and speech takes about as long as the words need at that rate (words per minute)
      const words = c.expected.reference.split(/\s+/).length;
      expect(wav.durationMs).toBeGreaterThan(((words * 60_000) / v.rate) * 0.5);
      expect(wav.durationMs).toBeLessThan(((words * 60_000) / v.rate) * 2.5);
      if (existsSync(SOX)) {
        const f = join(dir, `c${i}.wav`);
        writeFileSync(f, Buffer.from(c.request.audio, "base64"));
        expect(Number(execFileSync(SOX, ["--i", "-s", f], { encoding: "utf8" }))).toBe(wav.frames);
      }
    }
  });

  it("are the same bytes for the same validator and coordinates, and differ between validators and uids", async () => {
    const again = await driver.challenges(coords(1), [0, 1]);
    const first = await driver.challenges(coords(1), [0, 1]);
    expect(again.map((c) => c.request.audio)).toEqual(first.map((c) => c.request.audio));
    expect(first[0]!.request.audio).not.toBe(first[1]!.request.audio);
    const other = await new KitDriver(speechKit({ minerEndpoint: null }), { secret: "another validator" }).challenge(coords(1), 0);
    expect(other.request.audio).not.toBe(first[0]!.request.audio);
  });

  it("mix noise at the SNR they ask for (measured against the clean clip)", async () => {
    const text = "Please check the small door before Thursday morning.";
    const voice = { voice: "en-us", rate: 150, pitch: 50 };
    const clean = parseWav((await synthesize(text, voice, null)).wav).samples;
    for (const snr of [5, 15, 30]) {
      const noisy = parseWav((await synthesize(text, voice, seedOf(`snr${snr}`), { snrDb: snr })).wav).samples;
      let ps = 0,
        pn = 0;
      for (let i = 0; i < clean.length; i++) {
        ps += clean[i]! ** 2;
        pn += (noisy[i]! - clean[i]!) ** 2;
      }
      expect(Math.abs(10 * Math.log10(ps / pn) - snr), `${snr} dB`).toBeLessThan(0.5);
    }
  });

  it("refuses bad voices and options with typed errors naming the field", async () => {
    await expect(synthesize("hi", { voice: "en-us; rm -rf /", rate: 150, pitch: 50 }, null)).rejects.toMatchObject({
      code: "SPEECH_BAD_OPTION",
      field: "voice.voice",
    });
    await expect(synthesize("hi", { voice: "en-us", rate: 5, pitch: 50 }, null)).rejects.toMatchObject({ code: "SPEECH_BAD_OPTION", field: "voice.rate" });
    expect(() => speechKit({ snrDb: [30, 10] })).toThrow(expect.objectContaining({ code: "SPEECH_BAD_OPTION", field: "snrDb" }));
    await expect(synthesize("hi", randomVoice(seedOf("x")), null, { binary: "/nonexistent/espeak-ng" })).rejects.toMatchObject({
      code: "SPEECH_TOOL_MISSING",
      field: "espeak-ng",
    });
  });

  it("a text starting with a dash is spoken, not taken as an option", async () => {
    const clip = await synthesize("-v xx --help", { voice: "en-us", rate: 150, pitch: 50 }, null);
    expect(parseWav(clip.wav).durationMs).toBeGreaterThan(500);
  });
});

describe.skipIf(!espeak.ok || !pocketsphinx.ok)(
  `the offline reference miner (pocketsphinx) on synthesised clips${why(espeak.ok ? pocketsphinx : espeak)}`,
  () => {
    const kit = speechKit({ minerEndpoint: null });
    const host = new ScoringHost({ timeoutMs: 10_000 });
    const driver = new KitDriver(kit, { secret: "pocketsphinx test", scoringHost: host });
    afterAll(() => driver.close());

    it("transcribes 12 clips (random voices, 15–30 dB SNR) with a word error rate under 25 %, scoring them accordingly", async () => {
      const uids = Array.from({ length: 12 }, (_, i) => i);
      const cs = await driver.challenges(coords(7), uids);
      let ew = 0,
        nw = 0;
      const transcripts: string[] = [];
      for (const c of cs) {
        const { transcript } = await driver.serve(c.request, { caller: "5V", timeoutMs: 30_000 });
        const e = errorCounts(c.expected.reference, transcript);
        ew += e.ew;
        nw += e.nw;
        transcripts.push(transcript);
      }
      console.log(`pocketsphinx (domain model) WER on 12 synthesised clips: ${((100 * ew) / nw).toFixed(1)} % (${ew}/${nw} words)`);
      expect(ew / nw).toBeLessThan(0.25);
      const entries: Array<RoundEntry<SpeechRequest, SpeechResponse, SpeechExpected>> = cs.map((c, i) => ({
        uid: i,
        challenge: c,
        response: { transcript: transcripts[i]! },
        latencyMs: 800,
      }));
      const verdict = await driver.verify(entries);
      expect(verdict.vetoed).toEqual([]);
      const scores = await driver.score(entries, verdict);
      const mean = [...scores.values()].reduce((a, b) => a + b, 0) / scores.size;
      expect(mean).toBeGreaterThan(65535 * 0.75);
    }, 120_000);

    it("pays honest miners in a simulated market and not copiers or lazy miners (3 epochs on the devnet)", async () => {
      const r = await simulate(speechKit({ minerEndpoint: null }), { seed: "speech", epochs: 3, miners: { honest: 3, noisy: 2, lazy: 1, copier: 1 } });
      const share = (p: string) => r.profiles[`miner:${p}`]!.share;
      const perUid = (p: string) => share(p) / r.profiles[`miner:${p}`]!.uids.length;
      expect(share("honest")).toBeGreaterThan(0.8);
      expect(perUid("noisy")).toBeLessThan(perUid("honest") / 2);
      expect(share("copier")).toBe(0);
      expect(share("lazy")).toBe(0);
    }, 180_000);
  },
);

describe("copies, replays and empty transcripts (verify)", () => {
  type Entry = RoundEntry<SpeechRequest, SpeechResponse, SpeechExpected>;
  const e = (uid: number, reference: string, transcript: string | null, latencyMs = 500): Entry => ({
    uid,
    challenge: {
      request: { audio: "x", language: "en" },
      expected: { reference, latencyBudgetMs: 5000, durationMs: 3000, source: { kind: "dataset", id: String(uid) } },
    },
    response: transcript === null ? null : { transcript },
    latencyMs,
  });
  const r = seedOf("verify");
  const refs = Array.from({ length: 6 }, () => sentence(r));

  it("vetoes empty transcripts and a transcript copied from another miner's clip, not the honest ones", () => {
    const kit = speechKit({ minerEndpoint: null });
    const v = kit.verify!([
      e(1, refs[0]!, refs[0]!.toUpperCase(), 300),
      e(2, refs[1]!, refs[1]!, 400),
      e(3, refs[2]!, refs[0]!, 900),
      e(4, refs[3]!, " … "),
      e(5, refs[4]!, null),
    ]) as { vetoed: Array<{ uid: number; reason: string }> };
    expect(v.vetoed.map((x) => x.uid).sort()).toEqual([3, 4]);
    expect(v.vetoed.find((x) => x.uid === 3)!.reason).toMatch(/same transcript as uid 1's/);
    expect(v.vetoed.find((x) => x.uid === 4)!.reason).toBe("empty transcript");
  });

  it("vetoes a transcript of last round's clip replayed this round, even with a word changed", () => {
    const kit = speechKit({ minerEndpoint: null });
    kit.verify!([e(1, refs[0]!, refs[0]!), e(2, refs[1]!, refs[1]!)]);
    const replay = refs[0]!.replace(/^\S+/, "Zebra");
    const v = kit.verify!([e(1, refs[2]!, refs[2]!), e(2, refs[3]!, replay)]) as { vetoed: Array<{ uid: number; reason: string }> };
    expect(v.vetoed.map((x) => x.uid)).toEqual([2]);
    expect(v.vetoed[0]!.reason).toMatch(/fits a clip of an earlier round/);
  });

  it("keeps an honest transcript with errors when it still fits its own clip best", () => {
    const kit = speechKit({ minerEndpoint: null });
    const noisy = refs[1]!
      .split(" ")
      .map((w, i) => (i % 3 === 0 ? "uh" : w))
      .join(" ");
    expect((kit.verify!([e(1, refs[0]!, refs[0]!), e(2, refs[1]!, noisy)]) as { vetoed: unknown[] }).vetoed).toEqual([]);
  });

  it("vetoes oversized and non-UTF-8 transcripts", () => {
    const kit = speechKit({ minerEndpoint: null, maxTranscriptBytes: 100 });
    const v = kit.verify!([e(1, refs[0]!, "a ".repeat(80)), e(2, refs[1]!, "caf\uFFFD"), e(3, refs[2]!, "lone \uD800 half")]) as {
      vetoed: Array<{ uid: number }>;
    };
    expect(v.vetoed.map((x) => x.uid)).toEqual([1, 2, 3]);
  });
});

describe("clips from a validator's dataset directory", () => {
  const tone = (ms: number) =>
    encodeWav(
      Int16Array.from({ length: (16000 * ms) / 1000 }, (_, i) => Math.round(5000 * Math.sin(i / 7))),
      16000,
    );
  const make = (files: Record<string, string | Uint8Array>) => {
    const dir = mkdtempSync(join(tmpdir(), "tao-speech-ds-"));
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
    return dir;
  };

  it("challenges with its clips and their transcripts", async () => {
    const dir = make({ "a.wav": tone(500), "a.txt": "first clip\n", "b.wav": tone(800), "b.txt": "second clip" });
    const d = new KitDriver(speechKit({ datasetDir: dir, minerEndpoint: null }), { secret: "s" });
    const cs = await d.challenges(coords(1), [0, 1, 2, 3, 4, 5]);
    for (const c of cs) {
      expect(c.expected.source.kind).toBe("dataset");
      const id = c.expected.source.kind === "dataset" ? c.expected.source.id : "";
      expect(c.expected.reference).toBe(id === "a" ? "first clip" : "second clip");
      expect(decode(c.request.audio).durationMs).toBe(id === "a" ? 500 : 800);
    }
  });

  it("reports a lying clip, a clip without transcript and an empty directory as typed errors naming the file", async () => {
    const lying = tone(500);
    new DataView(lying.buffer).setUint32(40, 999_999, true);
    const cases: Array<[Record<string, string | Uint8Array>, string, RegExp]> = [
      [{ "a.wav": lying, "a.txt": "x" }, "SPEECH_WAV_INVALID", /a\.wav: chunk "data" at byte 36 says 999999 bytes/],
      [{ "a.wav": tone(100) }, "SPEECH_DATASET_INVALID", /a\.wav: has no transcript; write it to a\.txt/],
      [{ "notes.md": "hi" }, "SPEECH_DATASET_INVALID", /holds no \.wav files/],
    ];
    for (const [files, code, msg] of cases) {
      const d = new KitDriver(speechKit({ datasetDir: make(files), minerEndpoint: null }), { secret: "s" });
      const err = await d.challenge(coords(1), 0).then(
        () => null,
        (x: unknown) => x as { cause?: unknown },
      );
      expect(err?.cause).toBeInstanceOf(SpeechError);
      expect(err?.cause).toMatchObject({ code, message: expect.stringMatching(msg) });
    }
  });

  it("a miner sent a WAV with a lying header answers with a typed error, and keeps serving", async () => {
    const d = new KitDriver(speechKit({ minerEndpoint: null, recognizer: async (w) => `${w.frames} frames` }), { secret: "s" });
    const bad = tone(300);
    new DataView(bad.buffer).setUint32(4, 12, true);
    const err = await d.serve({ audio: Buffer.from(bad).toString("base64"), language: "en" }, { caller: "5V", timeoutMs: 1000 }).then(
      () => null,
      (x: unknown) => x as { code: string; cause?: unknown },
    );
    expect(err).toMatchObject({ code: "KIT_HOOK_FAILED" });
    expect(err?.cause).toMatchObject({ code: "SPEECH_WAV_INVALID", field: "audio" });
    expect(await d.serve({ audio: Buffer.from(tone(300)).toString("base64"), language: "en" }, { caller: "5V", timeoutMs: 1000 })).toEqual({
      transcript: "4800 frames",
    });
  });
});
