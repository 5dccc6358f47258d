/** @tao-subnet/kit-speech: a speech-recognition market for tao-subnet. */
export { partialTranscript, speechAdversaries } from "./adversaries.js";
export type { ClipItem } from "./dataset.js";
export { loadClipDataset } from "./dataset.js";
export { SpeechError, SpeechErrorCode } from "./errors.js";
export type { SpeechExpected, SpeechKitOptions } from "./kit.js";
export { SPEECH_SCORING_MODULE, speechKit, speechScoringModule } from "./kit.js";
export { arpaModel, dictionarySubset, grammarCorpus, spokenWords } from "./lm.js";
export type { ErrorCounts } from "./normalize.js";
export {
  charErrorRate,
  checkText,
  errorCounts,
  levenshtein,
  MAX_CHARS,
  MAX_WORDS,
  normalizeText,
  normalizeWords,
  numberWords,
  speechScore,
  wordErrorRate,
} from "./normalize.js";
export type { TranscriptionEndpoint } from "./openai.js";
export { transcribe, transcriptionEndpointFromEnv } from "./openai.js";
export type { PocketsphinxOptions, Recognizer } from "./recognizer.js";
export { pocketsphinxAvailable, pocketsphinxRecognizer } from "./recognizer.js";
export { passage, sentence, vocabulary } from "./sentences.js";
export type { SpeechRequest, SpeechResponse } from "./synapse.js";
export type { Clip, SynthesisOptions, Voice } from "./synth.js";
export { espeakAvailable, mixNoise, randomVoice, synthesize, VOICES } from "./synth.js";
export type { SpeechVerifyOptions } from "./verify.js";
export { RecentReferences, verifySpeechRound } from "./verify.js";
export type { ParseWavOptions, Wav } from "./wav.js";
export { encodeWav, parseWav, resample, toMono } from "./wav.js";
