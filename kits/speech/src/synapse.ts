/** What travels on the wire between a speech validator and a miner. */

/** The request a miner receives: a WAV clip, base64-encoded, and its language. */
export interface SpeechRequest {
  audio: string;
  language: string;
}

/** The miner's answer. */
export interface SpeechResponse {
  transcript: string;
}
