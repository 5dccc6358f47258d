/**
 * A client for OpenAI-compatible speech-to-text endpoints (`POST <url>/v1/audio/transcriptions`,
 * multipart form with `file`, `model` and `response_format=json`; the answer is `{ "text" }`), used
 * by the reference miner. URL, model and key come from options or the environment
 * (`TAO_SPEECH_OPENAI_URL` / `_MODEL` / `_KEY`); the key is sent as a bearer token and never logged.
 */
import { SpeechError, SpeechErrorCode } from "./errors.js";

export interface TranscriptionEndpoint {
  url: string;
  model: string;
  key?: string;
}

/** An endpoint from `<prefix>_URL`, `<prefix>_MODEL` (default "whisper-1") and `<prefix>_KEY`; null when the URL is unset. */
export function transcriptionEndpointFromEnv(env: NodeJS.ProcessEnv = process.env, prefix = "TAO_SPEECH_OPENAI"): TranscriptionEndpoint | null {
  const url = env[`${prefix}_URL`];
  if (!url) return null;
  const key = env[`${prefix}_KEY`];
  return { url, model: env[`${prefix}_MODEL`] ?? "whisper-1", ...(key ? { key } : {}) };
}

/** Sends one WAV clip and returns the endpoint's transcript. Errors are SPEECH_TRANSCRIBE_FAILED (no key in the message). */
export async function transcribe(endpoint: TranscriptionEndpoint, wav: Uint8Array, options: { signal?: AbortSignal; language?: string } = {}): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(wav)], { type: "audio/wav" }), "clip.wav");
  form.append("model", endpoint.model);
  form.append("response_format", "json");
  if (options.language) form.append("language", options.language);
  const url = `${endpoint.url.replace(/\/$/, "")}/v1/audio/transcriptions`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      body: form,
      headers: endpoint.key ? { authorization: `Bearer ${endpoint.key}` } : {},
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    throw new SpeechError(
      SpeechErrorCode.TRANSCRIBE_FAILED,
      "TAO_SPEECH_OPENAI_URL",
      `${url} cannot be reached (${(e as Error).message}); check the URL and that the server is up`,
      { cause: e },
    );
  }
  if (!res.ok)
    throw new SpeechError(
      SpeechErrorCode.TRANSCRIBE_FAILED,
      "TAO_SPEECH_OPENAI_URL",
      `${url} answered HTTP ${res.status}; check the model name${res.status === 401 ? " and the key (TAO_SPEECH_OPENAI_KEY)" : ""}`,
    );
  const body = (await res.json().catch(() => null)) as { text?: unknown } | null;
  if (typeof body?.text !== "string")
    throw new SpeechError(
      SpeechErrorCode.TRANSCRIBE_FAILED,
      "TAO_SPEECH_OPENAI_URL",
      `${url} answered without a "text" string; the endpoint must follow the OpenAI transcription API`,
    );
  return body.text;
}
