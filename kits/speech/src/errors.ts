/**
 * Errors of the speech kit. Every one is a `SpeechError` with a SCREAMING_SNAKE `code`, the
 * `field` it is about (`audio`, `transcript`, `reference`, a dataset file, a tool) and a message
 * that says what was expected and how to fix it.
 */
import { type ErrorKind, SdkError } from "@tao-subnet/sdk/kit";

export const SpeechErrorCode = {
  /** A WAV file that is not RIFF/WAVE, has sizes that do not match its bytes, or a format the kit cannot read. */
  WAV_INVALID: "SPEECH_WAV_INVALID",
  /** A clip above the size or duration limit. */
  AUDIO_TOO_LARGE: "SPEECH_AUDIO_TOO_LARGE",
  /** A transcript or reference above the scoring limits (bytes, words or characters). */
  TEXT_TOO_LARGE: "SPEECH_TEXT_TOO_LARGE",
  /** A dataset directory that is missing, empty, or has a clip without its transcript. */
  DATASET_INVALID: "SPEECH_DATASET_INVALID",
  /** espeak-ng or pocketsphinx is not installed (or not at the configured path). */
  TOOL_MISSING: "SPEECH_TOOL_MISSING",
  /** espeak-ng or pocketsphinx ran and failed. */
  TOOL_FAILED: "SPEECH_TOOL_FAILED",
  /** The OpenAI-compatible transcription endpoint answered with an error or an unexpected body. */
  TRANSCRIBE_FAILED: "SPEECH_TRANSCRIBE_FAILED",
  /** An option out of range (SNR, rate, pitch, …). */
  BAD_OPTION: "SPEECH_BAD_OPTION",
} as const;
export type SpeechErrorCode = (typeof SpeechErrorCode)[keyof typeof SpeechErrorCode];

/** Bad clips, texts, datasets and options are bad input; tools and endpoints that fail are `unavailable`. */
const KINDS: Record<SpeechErrorCode, ErrorKind> = {
  SPEECH_WAV_INVALID: "bad-input",
  SPEECH_AUDIO_TOO_LARGE: "bad-input",
  SPEECH_TEXT_TOO_LARGE: "bad-input",
  SPEECH_DATASET_INVALID: "bad-input",
  SPEECH_BAD_OPTION: "bad-input",
  SPEECH_TOOL_MISSING: "unavailable",
  SPEECH_TOOL_FAILED: "unavailable",
  SPEECH_TRANSCRIBE_FAILED: "unavailable",
};

/** A typed error of the speech kit: `code`, the `field` at fault, and a message with the fix. */
export class SpeechError extends SdkError {
  readonly kind: ErrorKind;
  constructor(
    code: SpeechErrorCode,
    readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, `${field}: ${message}`, options);
    this.kind = KINDS[code];
  }
}
