import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeWav, parseWav, resample, SpeechError } from "./index.js";

const tone = (n: number, rate: number) => Int16Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)));
const SOX = "/usr/bin/sox";

/** Expects a typed WAV error naming `field`, whose message says what is wrong (`what`) and how to fix it. */
function expectWavError(fn: () => unknown, what: RegExp, field = "audio", code = "SPEECH_WAV_INVALID") {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SpeechError);
  expect(err).toMatchObject({ code, field });
  expect((err as Error).message).toMatch(what);
  if (code === "SPEECH_WAV_INVALID") expect((err as Error).message).toMatch(/; write the clip as RIFF\/WAVE 16-bit PCM/);
}

describe("WAV files", () => {
  it("round-trip: what encodeWav writes, parseWav reads back sample for sample, with the duration of its frames", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.constantFrom(8000, 16000, 22050, 44100), fc.constantFrom(1, 2), (n, rate, ch) => {
        const s = tone(n * ch, rate);
        const w = parseWav(encodeWav(s, rate, ch));
        expect(w).toMatchObject({ sampleRate: rate, channels: ch, frames: n, durationMs: (n * 1000) / rate });
        expect(Array.from(w.samples)).toEqual(Array.from(s));
      }),
      { numRuns: 60 },
    );
  });

  it.skipIf(!existsSync(SOX))(
    `are read by an independent decoder (sox) with the same duration and samples${existsSync(SOX) ? "" : " (skipped: sox is not installed; apt-get install sox)"}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), "tao-wav-"));
      const file = join(dir, "t.wav");
      writeFileSync(file, encodeWav(tone(16000 * 3 + 123, 16000), 16000));
      expect(Number(execFileSync(SOX, ["--i", "-s", file], { encoding: "utf8" }).trim())).toBe(16000 * 3 + 123);
      expect(Number(execFileSync(SOX, ["--i", "-D", file], { encoding: "utf8" }).trim())).toBeCloseTo(3 + 123 / 16000, 5);
      // sox converts it to raw 16-bit: the bytes are our samples
      const raw = execFileSync(SOX, [file, "-t", "raw", "-e", "signed", "-b", "16", "-"]);
      expect(Array.from(new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2))).toEqual(Array.from(tone(16000 * 3 + 123, 16000)));
    },
  );

  it("a header that lies about sizes or format is a typed error naming the field and the fix", () => {
    const good = encodeWav(tone(1600, 16000), 16000);
    const with_ = (at: number, v: number, bytes = 4) => {
      const b = good.slice();
      const dv = new DataView(b.buffer);
      if (bytes === 4) dv.setUint32(at, v, true);
      else dv.setUint16(at, v, true);
      return b;
    };
    expectWavError(() => parseWav(with_(4, good.length * 4)), /RIFF header says \d+ bytes but the file has 3244/);
    expectWavError(() => parseWav(with_(40, 1_000_000)), /chunk "data" at byte 36 says 1000000 bytes but only 3200 remain/);
    expectWavError(() => parseWav(with_(24, 48000)), /byte rate 32000, but 48000 Hz × 2 bytes make 96000/);
    expectWavError(() => parseWav(with_(32, 4, 2)), /block align 4, but 1 channel\(s\) of 16 bits make 2/);
    expectWavError(() => parseWav(with_(20, 3, 2)), /audio format 3, expected 1/);
    expectWavError(() => parseWav(with_(34, 24, 2)), /24 bits per sample/);
    expectWavError(() => parseWav(with_(16, 100_000)), /chunk "fmt " at byte 12 says 100000 bytes/);
    expectWavError(() => parseWav(good.subarray(0, 100)), /RIFF header says 3244 bytes but the file has 100/);
    expectWavError(() => parseWav(new TextEncoder().encode("ID3 this is an mp3, not a wav")), /not a RIFF\/WAVE file/);
    expectWavError(
      () => parseWav(good, { field: "clips/a.wav", maxDurationMs: 50 }),
      /0\.1 s, above the limit of 0\.05 s/,
      "clips/a.wav",
      "SPEECH_AUDIO_TOO_LARGE",
    );
    expectWavError(() => parseWav(new Uint8Array(17 * 1024 * 1024)), /above the limit of 16777216; send a shorter clip/, "audio", "SPEECH_AUDIO_TOO_LARGE");
  });

  it("never throws anything but a SpeechError on random corruptions of a valid file", () => {
    const good = encodeWav(tone(800, 16000), 16000);
    let refused = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(good.length),
        (pokes, cut) => {
          const b = good.slice(0, Math.max(cut, 1));
          for (const [at, v] of pokes) if (at < b.length) b[at] = v;
          try {
            parseWav(b);
          } catch (e) {
            expect(e).toBeInstanceOf(SpeechError);
            refused++;
          }
        },
      ),
      { numRuns: 2000, seed: 3 },
    );
    expect(refused).toBeGreaterThan(1000);
  });

  it("resamples to the requested rate with the same duration, identically on every call", () => {
    const s = tone(22050, 22050);
    const r = resample(s, 22050, 16000);
    expect(r.length).toBe(16000);
    expect(Array.from(resample(s, 22050, 16000))).toEqual(Array.from(r));
    // a 440 Hz tone stays a 440 Hz tone: 880 zero crossings per second (±2)
    let crossings = 0;
    for (let i = 1; i < r.length; i++) if (r[i - 1]! < 0 !== r[i]! < 0) crossings++;
    expect(Math.abs(crossings - 880)).toBeLessThanOrEqual(2);
  });
});
