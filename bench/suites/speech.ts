/**
 * Speech scoring and recognition. (1) Word error rate of a 1,000-word transcript against its
 * 1,000-word reference (≈ 10 % of words substituted, dropped or inserted; numbers to normalise):
 * the speech kit's WASM module (its `word_error_counts` export, in this thread) against the kit's
 * plain TypeScript reference (`errorCounts` words only: normalise + Levenshtein; the baseline);
 * then the whole score (WER and CER, latency term) in the sandboxed host against `speechScore`.
 * Cases are measured in turns (7 rounds) and each ratio is the median of its per-round ratios.
 * (2) When espeak-ng and pocketsphinx are installed: the offline reference miner's WER on
 * synthesised challenge clips at several SNRs, and its speed as a real-time factor.
 */

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  errorCounts,
  espeakAvailable,
  levenshtein,
  normalizeWords,
  parseWav,
  passage,
  pocketsphinxAvailable,
  pocketsphinxRecognizer,
  randomVoice,
  SPEECH_SCORING_MODULE,
  sentence,
  speechScore,
  synthesize,
} from "@tao-subnet/kit-speech";
import { Random, ScoringHost } from "@tao-subnet/sdk";
import { machine, measure, measureAsync } from "../harness.js";

const rng = (s: string) => new Random(new Uint8Array(createHash("sha256").update(s).digest()));

function fixture(): { reference: string; transcript: string } {
  const r = rng("bench speech");
  const words = passage(r, 120).split(" ").slice(0, 1000);
  const hyp: string[] = [];
  for (const w of words) {
    const x = r.int(100);
    if (x < 4)
      hyp.push("uh", w); // insertion
    else if (x < 7)
      continue; // deletion
    else if (x < 10)
      hyp.push("zebra"); // substitution
    else hyp.push(w.toLowerCase());
  }
  return { reference: words.join(" "), transcript: hyp.join(" ") };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function interleaved(cases: Array<[string, () => unknown, boolean, number]>): Promise<string[]> {
  const rounds: number[][] = [];
  for (let k = 0; k < 7; k++) {
    const row: number[] = [];
    for (const [name, fn, isAsync, per] of cases)
      row.push(
        isAsync
          ? (await measureAsync(name, fn as () => Promise<unknown>, { budgetMs: 400, samples: 1, opsPerCall: per })).opsPerSec
          : measure(name, fn, { budgetMs: 400, samples: 1, opsPerCall: per }).opsPerSec,
      );
    rounds.push(row);
  }
  return cases.map(([name], i) => {
    const ops = median(rounds.map((row) => row[i]!));
    const ratios = rounds.map((row) => row[i]! / row[0]!).sort((a, b) => a - b);
    return `| ${name} | ${ops.toFixed(1)} | ${(1000 / ops).toFixed(2)} | ${median(ratios).toFixed(2)}× | ${ratios[0]!.toFixed(2)}–${ratios.at(-1)!.toFixed(2)}× |`;
  });
}

async function recognition(): Promise<string> {
  const e = espeakAvailable();
  const p = pocketsphinxAvailable();
  if (!e.ok || !p.ok) return `Recognition accuracy: skipped (${!e.ok ? e.reason : (p as { reason: string }).reason}).`;
  const n = Number(process.env.BENCH_SPEECH_CLIPS ?? 24);
  const domain = pocketsphinxRecognizer();
  const general = pocketsphinxRecognizer({ languageModel: "general" });
  const rows: string[] = [];
  const run = async (label: string, rec: typeof domain, snr: number | null, count: number) => {
    const r = rng(`bench speech clips ${label}`);
    let ew = 0,
      nw = 0,
      recMs = 0,
      audioMs = 0;
    for (let i = 0; i < count; i++) {
      const text = sentence(r);
      const clip = await synthesize(text, randomVoice(r), r, { snrDb: snr });
      const wav = parseWav(clip.wav);
      const t0 = performance.now();
      const out = await rec(wav);
      recMs += performance.now() - t0;
      audioMs += wav.durationMs;
      const c = errorCounts(text, out);
      ew += c.ew;
      nw += c.nw;
    }
    rows.push(`| ${label} | ${count} | ${nw} | ${((100 * ew) / nw).toFixed(1)} % | ${(recMs / audioMs).toFixed(2)} |`);
  };
  for (const snr of [null, 30, 20, 15, 10, 5]) await run(`domain model, ${snr === null ? "no noise" : `${snr} dB SNR`}`, domain, snr, n);
  await run("general en-us model, no noise", general, null, Math.max(4, n >> 2));
  return [
    `Recognition: pocketsphinx (Debian 0.8+5prealpha) on synthesised challenge clips (one sentence each, random espeak-ng voice, rate 130–180 wpm, pitch 30–70). Real-time factor = recognition time / audio duration (process start and model load included).`,
    "",
    "| recogniser, clips | clips | reference words | WER | real-time factor |",
    "|---|---:|---:|---:|---:|",
    ...rows,
  ].join("\n");
}

export default {
  name: "speech",
  async run() {
    const { reference, transcript } = fixture();
    const bytes = new Uint8Array(readFileSync(SPEECH_SCORING_MODULE));
    const { instance } = await WebAssembly.instantiate(bytes, {
      env: {
        abort: () => {
          throw new Error("abort");
        },
      },
    });
    const x = instance.exports as unknown as {
      memory: WebAssembly.Memory;
      alloc(n: number): number;
      reset(): void;
      word_error_counts(r: number, rl: number, h: number, hl: number, o: number): number;
    };
    const enc = new TextEncoder();
    const rb = enc.encode(reference);
    const hb = enc.encode(transcript);
    const wasmWer = () => {
      x.reset();
      const rp = x.alloc(rb.length);
      const hp = x.alloc(hb.length);
      const o = x.alloc(8);
      new Uint8Array(x.memory.buffer).set(rb, rp);
      new Uint8Array(x.memory.buffer).set(hb, hp);
      x.word_error_counts(rp, rb.length, hp, hb.length, o);
      const v = new Int32Array(x.memory.buffer, o, 2);
      return [v[0]!, v[1]!];
    };
    const tsWer = () => {
      const a = normalizeWords(reference);
      const b = normalizeWords(transcript);
      return [a.length, levenshtein(a, b)];
    };
    const [nw, ew] = tsWer();
    if (wasmWer().join() !== [nw, ew].join()) throw new Error(`WASM ${wasmWer()} ≠ TypeScript ${[nw, ew]}: the twins disagree`);
    const item = {
      challenge: enc.encode(JSON.stringify({ reference, latency_budget_ms: 5000 })),
      response: enc.encode(JSON.stringify({ transcript, latency_ms: 800 })),
    };
    const module = await new ScoringHost({ timeoutMs: 20_000 }).load(bytes);
    const expected = speechScore(reference, transcript, 800, 5000);
    const [got] = await module.scoreBatch([item]);
    if (got !== expected) throw new Error(`sandboxed score ${got} ≠ speechScore ${expected}`);
    const batch = Array.from({ length: 10 }, () => item);
    const werRows = await interleaved([
      ["TypeScript: normalise + word Levenshtein (baseline)", tsWer, false, 1],
      ["WASM word_error_counts, in this thread", wasmWer, false, 1],
    ]);
    const scoreRows = await interleaved([
      ["TypeScript speechScore: WER + CER + latency (baseline)", () => speechScore(reference, transcript, 800, 5000), false, 1],
      ["WASM module in the sandboxed host (batches of 10)", () => module.scoreBatch(batch), true, 10],
    ]);
    await module.close();
    const head = ["| case | transcripts/s | ms/transcript | ratio vs baseline (median) | ratio range over rounds |", "|---|---:|---:|---:|---:|"];
    const nc = errorCounts(reference, transcript).nc;
    return [
      `Machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}. A 1,000-word reference (${nc} characters normalised) and a transcript with ${ew} word edits (WER ${((100 * ew) / nw).toFixed(1)} %); both implementations give the same counts and score (${expected}). Median of 7 rounds.`,
      "",
      "WER only:",
      "",
      ...head,
      ...werRows,
      "",
      "The whole score (WER, CER over ≈ 6,000 × 6,000 characters, latency):",
      "",
      ...head,
      ...scoreRows,
      "",
      await recognition(),
    ].join("\n");
  },
};
