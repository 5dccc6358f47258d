/**
 * Durable validator state: the score moving average and pending weight commits, written so a crash
 * loses nothing acknowledged: temp file, fsync, rename, fsync of the directory. A pending commit is
 * written *before* the commit extrinsic is sent, so a validator that dies between commit and reveal
 * still knows its salt and weights after a restart.
 *
 * Format `version: 1`. `PendingCommit.revealAt` was added later and is optional: a commit written
 * before it has none and is due at once (what the runtime did then), and an older reader ignores
 * it, so files move both ways without a migration.
 *
 * The state belongs to one chain, one subnet and one hotkey: `genesis` (the chain's block-0 hash),
 * `netuid` and `hotkey`. `stateFits` says whether a loaded state is that one; a validator uses no
 * other (scores and commits from another chain mean nothing here) and starts fresh, saying why.
 */

import { mkdirSync } from "node:fs";
import { link, open, readFile, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export interface PendingCommit {
  netuid: number;
  uids: number[];
  weights: number[];
  salt: number[];
  versionKey: string;
  hash: string;
  /** Block at which the commit was sent. */
  block: number;
  /** First block at which a reveal is tried (the start of the epoch after the commit's); absent: at once. */
  revealAt?: number;
}

export interface ValidatorState {
  version: 1;
  /** The chain's genesis (block 0) hash. Absent in files written before states were keyed by chain. */
  genesis?: string;
  netuid: number;
  hotkey: string;
  scores: number[];
  pending: PendingCommit[];
  round: number;
}

/**
 * Writes `data` to `path` durably and atomically, mode 0600 (whatever the umask): a temp file in
 * the same directory, fsync, rename, fsync of the directory. A crash leaves the old file or the new
 * one. With `exclusive`, an existing file is an error (`EEXIST`) and is left untouched.
 */
export async function writeDurably(path: string, data: string | Uint8Array, options: { mode?: number; exclusive?: boolean } = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(path), `.${basename(path)}.${Date.now()}.${process.pid}.tmp`);
  const fh = await open(tmp, "wx", mode);
  try {
    await fh.chmod(mode);
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    if (options.exclusive) {
      await link(tmp, path); // fails with EEXIST instead of replacing
      await unlink(tmp);
    } else {
      await rename(tmp, path);
    }
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  const dir = await open(dirname(path), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export async function loadValidatorState(path: string): Promise<ValidatorState | null> {
  try {
    const s = JSON.parse(await readFile(path, "utf8")) as ValidatorState;
    return s.version === 1 ? s : null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** Whose state a validator wants: the chain (genesis hash), the subnet and the hotkey's address. */
export interface StateKey {
  genesis: string;
  netuid: number;
  hotkey: string;
}

/** Null when `s` is the state for `key`; else why not (a sentence, for the log). */
export function stateMismatch(s: ValidatorState, key: StateKey): string | null {
  if (s.genesis === undefined) return "it names no chain (written before states were keyed by the chain's genesis hash)";
  if (s.genesis !== key.genesis) return `it is for another chain (genesis ${s.genesis}, this chain's is ${key.genesis})`;
  if (s.netuid !== key.netuid) return `it is for subnet ${s.netuid}, not ${key.netuid}`;
  if (s.hotkey !== key.hotkey) return `it is for hotkey ${s.hotkey}, not ${key.hotkey}`;
  return null;
}

export const saveValidatorState = (path: string, s: ValidatorState): Promise<void> => writeDurably(path, JSON.stringify(s));

/** Where a validator keeps its state: a durable file (`fileStateStore`), or memory (a simulation). */
export interface ValidatorStateStore {
  load(): Promise<ValidatorState | null>;
  save(state: ValidatorState): Promise<void>;
}

/** The state in a JSON file, written durably (0600, fsync, rename). */
export function fileStateStore(path: string): ValidatorStateStore {
  return { load: () => loadValidatorState(path), save: (s) => saveValidatorState(path, s) };
}

/** The state in memory: nothing survives the process (simulations, tests of the policy). */
export function memoryStateStore(initial: ValidatorState | null = null): ValidatorStateStore {
  let kept = initial;
  return {
    load: async () => kept,
    save: async (s) => {
      kept = s;
    },
  };
}
