/**
 * The offline reference recogniser: Debian's pocketsphinx (`pocketsphinx_continuous`, package
 * pocketsphinx) with its US English acoustic model (package pocketsphinx-en-us), and either its
 * general language model or a domain model of the challenge grammar (lm.ts, the default). Clips
 * are converted to 16 kHz mono in TypeScript and handed over as a temporary WAV file; the binary
 * runs without a shell. Install: `apt-get install pocketsphinx pocketsphinx-en-us`.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Random } from "@tao-subnet/sdk/kit";
import { SpeechError, SpeechErrorCode } from "./errors.js";
import { arpaModel, dictionarySubset, grammarCorpus } from "./lm.js";
import { mixNoise } from "./synth.js";
import { encodeWav, resample, toMono, type Wav } from "./wav.js";

export interface PocketsphinxOptions {
  /** Path of pocketsphinx_continuous (default /usr/bin/pocketsphinx_continuous). */
  binary?: string;
  /** The model directory of pocketsphinx-en-us (default /usr/share/pocketsphinx/model/en-us). */
  modelDir?: string;
  /** "domain" (default): a trigram model of the challenge grammar; "general": the package's en-us.lm.bin. */
  languageModel?: "domain" | "general";
  /** Kill a recognition after this long (default 30 s). */
  timeoutMs?: number;
  /**
   * White noise added before recognition, in dB below the clip's power (default 30; null: none).
   * pocketsphinx's acoustic model was trained on recorded speech and does badly on synthetic
   * speech with digitally silent pauses (measured WER ≈ 35 % clean vs ≈ 6 % with this floor).
   */
  noiseFloorDb?: number | null;
}

/** Turns a clip into text. */
export type Recognizer = (wav: Wav, signal?: AbortSignal) => Promise<string>;

const DEFAULT_BINARY = "/usr/bin/pocketsphinx_continuous";
const DEFAULT_MODEL = "/usr/share/pocketsphinx/model/en-us";

/** Whether pocketsphinx and its model are installed (paths as in `options`); the reason when not. */
export function pocketsphinxAvailable(options: PocketsphinxOptions = {}): { ok: true } | { ok: false; reason: string } {
  const bin = options.binary ?? DEFAULT_BINARY;
  const model = options.modelDir ?? DEFAULT_MODEL;
  if (!existsSync(bin)) return { ok: false, reason: `${bin} not found (apt-get install pocketsphinx)` };
  if (!existsSync(join(model, "en-us", "mdef"))) return { ok: false, reason: `${model}/en-us not found (apt-get install pocketsphinx-en-us)` };
  return { ok: true };
}

/** A recogniser running pocketsphinx_continuous per clip (see the file comment). */
export function pocketsphinxRecognizer(options: PocketsphinxOptions = {}): Recognizer {
  const bin = options.binary ?? DEFAULT_BINARY;
  const model = options.modelDir ?? DEFAULT_MODEL;
  let dir: Promise<string> | null = null;
  const workDir = () =>
    (dir ??= (async () => {
      const avail = pocketsphinxAvailable(options);
      if (!avail.ok) throw new SpeechError(SpeechErrorCode.TOOL_MISSING, "pocketsphinx", `${avail.reason}; or set the recogniser's binary/modelDir options`);
      const d = await mkdtemp(join(tmpdir(), "tao-speech-ps-"));
      if ((options.languageModel ?? "domain") === "domain") {
        const corpus = grammarCorpus();
        await writeFile(join(d, "domain.lm"), arpaModel(corpus));
        await writeFile(join(d, "domain.dict"), dictionarySubset(join(model, "cmudict-en-us.dict"), corpus.flat()));
      }
      return d;
    })().catch((e: unknown) => {
      dir = null;
      throw e;
    }));
  return async (wav, signal) => {
    const d = await workDir();
    const domain = (options.languageModel ?? "domain") === "domain";
    const file = join(d, `clip-${process.pid}-${Math.random().toString(36).slice(2)}.wav`);
    let samples = resample(toMono(wav), wav.sampleRate, 16000);
    const floor = options.noiseFloorDb === undefined ? 30 : options.noiseFloorDb;
    if (floor !== null) samples = mixNoise(samples, floor, new Random(new Uint8Array(16).fill(7)));
    await writeFile(file, encodeWav(samples, 16000));
    try {
      const args = [
        "-infile",
        file,
        "-hmm",
        join(model, "en-us"),
        "-lm",
        domain ? join(d, "domain.lm") : join(model, "en-us.lm.bin"),
        "-dict",
        domain ? join(d, "domain.dict") : join(model, "cmudict-en-us.dict"),
        "-logfn",
        "/dev/null",
      ];
      const out = await new Promise<string>((resolve, reject) => {
        execFile(bin, args, { timeout: options.timeoutMs ?? 30_000, maxBuffer: 1 << 20, ...(signal ? { signal } : {}) }, (err, stdout) => {
          if (err)
            reject(
              new SpeechError(
                SpeechErrorCode.TOOL_FAILED,
                "pocketsphinx",
                `${bin} failed: ${err.message}; check that the model files under ${model} are intact`,
                { cause: err },
              ),
            );
          else resolve(stdout);
        });
      });
      return out
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .join(" ");
    } finally {
      await rm(file, { force: true });
    }
  };
}
