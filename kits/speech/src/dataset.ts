/**
 * Clips from a dataset directory a validator points the kit at (its own recordings keep its
 * challenges private): every `<name>.wav` beside a `<name>.txt` holding its transcript (UTF-8).
 * Each clip is validated by `parseWav` when the dataset is loaded, so a broken or lying file is
 * reported at start-up, with its path, rather than mid-round.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { SpeechError, SpeechErrorCode } from "./errors.js";
import { checkText } from "./normalize.js";
import { parseWav } from "./wav.js";

export interface ClipItem {
  /** File name without `.wav`. */
  id: string;
  /** The WAV bytes (validated). */
  wav: Uint8Array;
  /** The transcript (trimmed). */
  transcript: string;
  durationMs: number;
}

/** Loads and validates a dataset directory (see the file comment); throws SPEECH_DATASET_INVALID or the clip's own error. */
export function loadClipDataset(dir: string, options: { maxClips?: number } = {}): ClipItem[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error("not a directory");
    names = readdirSync(dir);
  } catch (e) {
    throw new SpeechError(
      SpeechErrorCode.DATASET_INVALID,
      "datasetDir",
      `${dir} cannot be read (${(e as Error).message}); point datasetDir at a directory of <name>.wav + <name>.txt pairs`,
    );
  }
  const wavs = names.filter((n) => n.toLowerCase().endsWith(".wav")).sort();
  if (wavs.length === 0) throw new SpeechError(SpeechErrorCode.DATASET_INVALID, "datasetDir", `${dir} holds no .wav files; add <name>.wav + <name>.txt pairs`);
  const max = options.maxClips ?? 100_000;
  if (wavs.length > max)
    throw new SpeechError(
      SpeechErrorCode.DATASET_INVALID,
      "datasetDir",
      `${dir} holds ${wavs.length} clips, above maxClips ${max}; raise maxClips or split the dataset`,
    );
  return wavs.map((file) => {
    const id = file.slice(0, -4);
    const txt = names.find((n) => n === `${id}.txt`);
    if (!txt) throw new SpeechError(SpeechErrorCode.DATASET_INVALID, join(dir, file), `has no transcript; write it to ${id}.txt beside the clip`);
    const transcript = readFileSync(join(dir, txt), "utf8").trim();
    if (!transcript) throw new SpeechError(SpeechErrorCode.DATASET_INVALID, join(dir, txt), "is empty; write the clip's transcript in it");
    checkText(transcript, join(dir, txt), 16 * 1024);
    const wav = new Uint8Array(readFileSync(join(dir, file)));
    const parsed = parseWav(wav, { field: join(dir, file) });
    return { id, wav, transcript, durationMs: parsed.durationMs };
  });
}
