/**
 * Storage kit verification throughput: SHA-256 (MB/s) and Merkle proof checks (proofs/s) in the
 * kit's WASM scoring module against node:crypto (OpenSSL, the baseline) on the same bytes. The WASM
 * rows call the module in process (no worker hop); the sandbox row is what a validator's `verify`
 * pays: batches of up to 1,000 (16 MiB of chunks) through the scoring host's worker.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  challengeAnswer,
  chunkOf,
  encodeChallenge,
  encodeResponse,
  inclusionProof,
  leafHash,
  leafHashes,
  MODE_CHECK,
  STORAGE_SCORING_MODULE,
  treeLevels,
  verifyInclusion,
} from "@tao-subnet/kit-storage";
import { encodeBatch, ScoringHost } from "@tao-subnet/sdk";
import { type Measurement, machine, measure, measureAsync, table } from "../harness.js";

interface Wasm {
  memory: WebAssembly.Memory;
  reset(): void;
  alloc(n: number): number;
  sha256_bytes(p: number, n: number, o: number): void;
  score_batch(p: number, n: number, o: number): number;
}

const mb = (m: Measurement, bytesPerOp: number): Measurement => ({ ...m, name: `${m.name}: ${((m.opsPerSec * bytesPerOp) / 1e6).toFixed(0)} MB/s` });

export default {
  name: "storage",
  async run() {
    const bytes = new Uint8Array(readFileSync(STORAGE_SCORING_MODULE));
    const { instance } = await WebAssembly.instantiate(bytes, {
      env: {
        abort: () => {
          throw new Error("abort");
        },
      },
    });
    const w = instance.exports as unknown as Wasm;
    const out: string[] = [`Machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}.`];

    // == SHA-256 over 1 MiB and 64 B inputs ==
    for (const size of [1 << 20, 64]) {
      const data = randomBytes(size);
      const perCall = size === 64 ? 1000 : 1;
      const node = measure(
        `SHA-256 ${size === 64 ? "64 B" : "1 MiB"}, node:crypto (baseline)`,
        () => {
          for (let i = 0; i < perCall; i++) createHash("sha256").update(data).digest();
        },
        { opsPerCall: perCall, budgetMs: 400 },
      );
      w.reset();
      const p = w.alloc(size);
      const o = w.alloc(32);
      new Uint8Array(w.memory.buffer).set(data, p);
      const wasm = measure(
        `SHA-256 ${size === 64 ? "64 B" : "1 MiB"}, WASM module`,
        () => {
          for (let i = 0; i < perCall; i++) w.sha256_bytes(p, size, o);
        },
        { opsPerCall: perCall, budgetMs: 400 },
      );
      out.push(table([mb(node, size), mb(wasm, size)]));
    }

    // == inclusion proofs: 1,024-chunk blobs, chunk + proof (10 hashes) + H(chunk ‖ nonce) ==
    const host = new ScoringHost({ timeoutMs: 60_000 });
    const module = await host.load(bytes);
    for (const chunkSize of [1024, 65536]) {
      const blob = randomBytes(1024 * chunkSize);
      const levels = treeLevels(leafHashes(blob, chunkSize));
      const root = levels.at(-1)![0]!;
      const nonce = randomBytes(32);
      const count = Math.min(1000, (16 << 20) / chunkSize); // a batch stays well inside the module's 32 MiB
      const items = Array.from({ length: count }, (_, k) => {
        const index = (k * 7919) % 1024;
        const chunk = chunkOf(blob, index, chunkSize);
        return { index, chunk, proof: inclusionProof(levels, index), answer: challengeAnswer(chunk, nonce) };
      });
      const node = measure(
        `proof, ${chunkSize / 1024} KiB chunks, node:crypto (baseline)`,
        () => {
          for (const it of items)
            if (!verifyInclusion(root, it.index, 1024, leafHash(it.chunk), it.proof) || !challengeAnswer(it.chunk, nonce).equals(it.answer))
              throw new Error("bad proof");
        },
        { opsPerCall: items.length, budgetMs: 600, samples: 3 },
      );
      const batch = items.map((it) => ({
        challenge: encodeChallenge(
          {
            op: "prove",
            root,
            size: blob.length,
            chunkSize,
            index: it.index,
            nonce,
            trials: 0,
            successes: 0,
            latencyBaseMs: 1000,
            latencyPerMiBMs: 1000,
            penalty: 0,
          },
          MODE_CHECK,
        ),
        response: encodeResponse({ latencyMs: 1, answer: it.answer, proof: it.proof, data: it.chunk }),
      }));
      const input = encodeBatch(batch);
      const direct = measure(
        `proof, ${chunkSize / 1024} KiB chunks, WASM module in process`,
        () => {
          w.reset();
          const p = w.alloc(input.length);
          const o = w.alloc(2 * batch.length);
          new Uint8Array(w.memory.buffer).set(input, p);
          if (w.score_batch(p, input.length, o) !== batch.length || new Uint16Array(w.memory.buffer, o, batch.length).some((s) => s !== 65535))
            throw new Error("bad proof");
        },
        { opsPerCall: items.length, budgetMs: 600, samples: 3 },
      );
      const sandbox = await measureAsync(
        `proof, ${chunkSize / 1024} KiB chunks, WASM in the sandbox (worker, batch of ${count})`,
        () => module.scoreBatch(batch),
        { opsPerCall: items.length, budgetMs: 600, samples: 3 },
      );
      out.push(table([mb(node, chunkSize), mb(direct, chunkSize), mb(sandbox, chunkSize)]));
    }
    await module.close();
    out.push(
      "ops/s: hashes per second (SHA-256 tables) or proofs checked per second (proof tables: leaf hash, 10 node hashes, H(chunk ‖ nonce), compare); MB/s is the data hashed.",
    );
    return out.join("\n\n");
  },
};
