/**
 * `speechKit(options)`: a speech-recognition market. Validators make a fresh clip per challenge:
 * a sentence drawn from a grammar with the challenge's seeded PRNG, spoken by espeak-ng with a
 * drawn voice, rate and pitch, white noise mixed in at a drawn SNR (or a clip from a dataset
 * directory of their own). Miners return transcripts: the reference miner sends the clip to an
 * OpenAI-compatible `/v1/audio/transcriptions` endpoint when one is configured, and otherwise
 * recognises it offline with pocketsphinx. The WASM scoring module rates each transcript by WER
 * and CER after normalisation, with a latency term; `verify` vetoes empty, oversized, non-UTF-8
 * and copied transcripts. Its adversary (`adversaries.ts`: partial) runs in `simulate` beside the
 * generic profiles.
 */

import type { SubnetKit } from "@tao-subnet/sdk/kit";
import { type ScoringModuleBytes, scoringModuleAt, scoringModuleFrom } from "@tao-subnet/sdk/scoring";
import { z } from "zod";
import { speechAdversaries } from "./adversaries.js";
import { type ClipItem, loadClipDataset } from "./dataset.js";
import { SpeechError, SpeechErrorCode } from "./errors.js";
import { type TranscriptionEndpoint, transcribe, transcriptionEndpointFromEnv } from "./openai.js";
import { type PocketsphinxOptions, pocketsphinxRecognizer, type Recognizer } from "./recognizer.js";
import { passage } from "./sentences.js";
import type { SpeechRequest, SpeechResponse } from "./synapse.js";
import { randomVoice, synthesize, type Voice } from "./synth.js";
import { RecentReferences, verifySpeechRound } from "./verify.js";
import { parseWav } from "./wav.js";

/** What the validator keeps to score a transcript. */
export interface SpeechExpected {
  reference: string;
  latencyBudgetMs: number;
  durationMs: number;
  /** Where the clip came from: a synthesised voice (with its SNR) or a dataset clip id. */
  source: { kind: "tts"; voice: Voice; snrDb: number | null } | { kind: "dataset"; id: string };
}

export interface SpeechKitOptions {
  /** Validator: a directory of `<name>.wav` + `<name>.txt` clips (private challenges). */
  datasetDir?: string;
  /** Share of challenges drawn from `datasetDir` when it is set (default 1: all). */
  datasetShare?: number;
  /** Validator: the SNR range, in dB, noise is mixed in at (default [15, 30]); null: no noise. */
  snrDb?: [number, number] | null;
  /** Sentences per synthesised clip (default 1). */
  sentencesPerClip?: number;
  /** Path of espeak-ng (default /usr/bin/espeak-ng). */
  espeakBinary?: string;
  /** Miner: an OpenAI-compatible transcription endpoint; default from TAO_SPEECH_OPENAI_URL / _MODEL / _KEY, else offline. */
  minerEndpoint?: TranscriptionEndpoint | null;
  /** Miner: the offline recogniser (default pocketsphinx with the domain language model). */
  recognizer?: Recognizer;
  /** Miner: options of the default pocketsphinx recogniser. */
  pocketsphinx?: PocketsphinxOptions;
  /** Latency up to which transcripts keep full credit (default 5,000 ms). */
  latencyBudgetMs?: number;
  /** Largest accepted transcript (default 16 KiB). */
  maxTranscriptBytes?: number;
  /** Largest accepted clip (default 16 MiB). */
  maxAudioBytes?: number;
  /** Word error rate below which a transcript that fits another clip better is a copy (default 0.5). */
  copyWer?: number;
  /** Reward floor in [0, 1) (default 0.25): scores at or below it earn nothing, above it rewards rise quadratically. */
  rewardFloor?: number;
  /** Path of the scoring module (default: the kit's build/scoring.wasm). */
  scoringModulePath?: string;
  /** Pinned sha256 of the scoring module. */
  scoringModuleSha256?: string;
}

const enc = new TextEncoder();
const MAX_TRANSCRIPT_CHARS = 65_536;

/** The kit's scoring module, built by `npm run build` (or the command in the error when it is missing). */
const scoringModule = scoringModuleFrom(import.meta.url, "../build/scoring.wasm", { build: "npm run build:wasm -w @tao-subnet/kit-speech" });
/** The kit's scoring module path. */
export const SPEECH_SCORING_MODULE = scoringModule.url;
/** Reads and hashes the kit's built scoring module: the sha256 a subnet owner publishes and validators pin. */
export const speechScoringModule = (): ScoringModuleBytes => scoringModule.read();

function checkOptions(o: SpeechKitOptions): void {
  const bad = (field: string, msg: string) => new SpeechError(SpeechErrorCode.BAD_OPTION, field, msg);
  if (o.snrDb) {
    const [lo, hi] = o.snrDb;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi && lo >= -10 && hi <= 100))
      throw bad("snrDb", `[${lo}, ${hi}]; use [low, high] dB with −10 ≤ low ≤ high ≤ 100, or null for clean clips`);
  }
  if (o.datasetShare !== undefined && !(o.datasetShare >= 0 && o.datasetShare <= 1)) throw bad("datasetShare", `${o.datasetShare}; use a share in 0–1`);
  if (o.sentencesPerClip !== undefined && !(Number.isInteger(o.sentencesPerClip) && o.sentencesPerClip >= 1 && o.sentencesPerClip <= 20))
    throw bad("sentencesPerClip", `${o.sentencesPerClip}; use an integer in 1–20`);
  if (o.rewardFloor !== undefined && !(o.rewardFloor >= 0 && o.rewardFloor < 1)) throw bad("rewardFloor", `${o.rewardFloor}; use a number in [0, 1)`);
}

export function speechKit(options: SpeechKitOptions = {}): SubnetKit<SpeechRequest, SpeechResponse, SpeechExpected> {
  checkOptions(options);
  const budget = options.latencyBudgetMs ?? 5000;
  const maxTranscriptBytes = options.maxTranscriptBytes ?? 16 * 1024;
  const maxAudioBytes = options.maxAudioBytes ?? 16 * 1024 * 1024;
  const snr = options.snrDb === undefined ? ([15, 30] as [number, number]) : options.snrDb;
  let dataset: ClipItem[] | null = null;
  const clips = () => (dataset ??= loadClipDataset(options.datasetDir!));
  const endpoint = options.minerEndpoint === undefined ? transcriptionEndpointFromEnv() : options.minerEndpoint;
  let recognizer = options.recognizer ?? null;
  const recent = new RecentReferences();
  return {
    name: "kit:speech",
    synapse: {
      name: "SpeechTranscription",
      request: z.object({
        audio: z
          .string()
          .min(1)
          .max(Math.ceil((maxAudioBytes * 4) / 3) + 4, { message: `a base64 WAV clip of at most ${maxAudioBytes} bytes; send a shorter clip` }),
        language: z.string().regex(/^[a-z]{2,3}$/, { message: 'an ISO 639 language code such as "en"' }),
      }),
      response: z.object({
        transcript: z
          .string()
          .max(MAX_TRANSCRIPT_CHARS, { message: `a transcript of at most ${MAX_TRANSCRIPT_CHARS} characters; send only the recognised text of the clip` }),
      }),
      // both request fields are covered by the signed body hash
      requiredHashFields: ["audio", "language"],
    },
    async challenge(ctx) {
      const useDataset = options.datasetDir !== undefined && ctx.random.int(1_000_000) < Math.round((options.datasetShare ?? 1) * 1_000_000);
      if (useDataset) {
        const item = ctx.random.pick(clips());
        return {
          request: { audio: Buffer.from(item.wav).toString("base64"), language: "en" },
          expected: { reference: item.transcript, latencyBudgetMs: budget, durationMs: item.durationMs, source: { kind: "dataset", id: item.id } },
        };
      }
      const text = passage(ctx.random, options.sentencesPerClip ?? 1);
      const voice = randomVoice(ctx.random);
      const snrDb = snr ? snr[0] + ctx.random.int(snr[1] - snr[0] + 1) : null;
      const clip = await synthesize(text, voice, ctx.random, { snrDb, ...(options.espeakBinary ? { binary: options.espeakBinary } : {}) });
      return {
        request: { audio: Buffer.from(clip.wav).toString("base64"), language: "en" },
        expected: { reference: text, latencyBudgetMs: budget, durationMs: clip.durationMs, source: { kind: "tts", voice, snrDb } },
      };
    },
    async serve(request, ctx) {
      const bytes = new Uint8Array(Buffer.from(request.audio, "base64"));
      const wav = parseWav(bytes, { field: "audio", maxBytes: maxAudioBytes });
      if (endpoint) return { transcript: await transcribe(endpoint, bytes, { language: request.language, ...(ctx.signal ? { signal: ctx.signal } : {}) }) };
      recognizer ??= pocketsphinxRecognizer(options.pocketsphinx);
      return { transcript: await recognizer(wav, ctx.signal) };
    },
    verify: (round) => verifySpeechRound(round, { maxBytes: maxTranscriptBytes, copyWer: options.copyWer ?? 0.5 }, recent),
    aggregate: (scores) => {
      const floor = options.rewardFloor ?? 0.25;
      return new Map(
        [...scores].map(([uid, s]) => {
          const x = Math.max(0, (s / 65535 - floor) / (1 - floor));
          return [uid, x * x];
        }),
      );
    },
    scorer: {
      kind: "wasm",
      load: (options.scoringModulePath ? scoringModuleAt(options.scoringModulePath) : scoringModule).load,
      ...(options.scoringModuleSha256 ? { sha256: options.scoringModuleSha256 } : {}),
      encode: (e) => ({
        challenge: enc.encode(JSON.stringify({ reference: e.challenge.expected.reference, latency_budget_ms: e.challenge.expected.latencyBudgetMs })),
        response: enc.encode(JSON.stringify({ transcript: e.response?.transcript ?? "", latency_ms: Math.round(e.latencyMs) })),
      }),
    },
    adversaries: speechAdversaries(),
  };
}
