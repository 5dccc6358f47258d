/** @tao-subnet/kit-storage: a storage market with Merkle proofs of possession for tao-subnet. */

export type { FillBytes } from "./adversaries.js";
export { bytesFrom, halfChunksAnswer, rootOnlyAnswer, storageAdversaries } from "./adversaries.js";
export type { StorageSender } from "./client.js";
export { retrieveBlob, uploadBlob } from "./client.js";
export type { ScoringChallenge, ScoringResponse, StorageOp } from "./encode.js";
export { encodeChallenge, encodeResponse, MODE_CHECK, MODE_SCORE } from "./encode.js";
export { StorageError, StorageErrorCode } from "./errors.js";
export type { StorageExpected, StorageKit, StorageKitOptions } from "./kit.js";
export { blobFromSeed, STORAGE_SCORING_MODULE, storageKit, storageScoringModule } from "./kit.js";
export type { BlobRecord, MinerRecord } from "./ledger.js";
export { Ledger } from "./ledger.js";
export {
  challengeAnswer,
  chunkCount,
  chunkOf,
  inclusionProof,
  leafHash,
  leafHashes,
  merkleRoot,
  nodeHash,
  proofLength,
  treeLevels,
  verifyInclusion,
} from "./merkle.js";
export type { StorageMinerOptions } from "./miner.js";
export { StorageMiner } from "./miner.js";
export type { BlobShape, ProveAnswer, StorageRequest, StorageResponse } from "./protocol.js";
export {
  base64,
  blobId,
  hex32,
  MAX_BLOB_BYTES,
  MAX_CHUNK_BYTES,
  MAX_PART_BYTES,
  MIN_BLOB_BYTES,
  MIN_CHUNK_BYTES,
  storageRequestSchema,
  storageResponseSchema,
  validateChunkIndex,
  validateProveAnswer,
  validateShape,
} from "./protocol.js";
export type { Recovery } from "./store/fileStore.js";
export { FileStore } from "./store/fileStore.js";
export { MemoryStore } from "./store/memoryStore.js";
export type { BlobMeta, BlobStore, Upload } from "./store/types.js";
