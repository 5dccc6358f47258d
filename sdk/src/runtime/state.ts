/**
 * Durable validator state: the score moving average and pending weight commits, written so a crash
 * loses nothing acknowledged: temp file, fsync, rename, fsync of the directory. A pending commit is
 * written *before* the commit extrinsic is sent, so a validator that dies between commit and reveal
 * still knows its salt and weights after a restart.
 */
import { open, readFile, rename } from "node:fs/promises";
import { dirname, join } from "node:path";
import { mkdirSync } from "node:fs";

export interface PendingCommit {
  netuid: number;
  uids: number[];
  weights: number[];
  salt: number[];
  versionKey: string;
  hash: string;
  /** Block at which the commit was sent. */
  block: number;
}

export interface ValidatorState {
  version: 1;
  netuid: number;
  hotkey: string;
  scores: number[];
  pending: PendingCommit[];
  round: number;
}

/** Writes `data` to `path` durably (fsync file and directory around an atomic rename). */
export async function writeDurably(path: string, data: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${Date.now()}.${process.pid}.tmp`);
  const fh = await open(tmp, "w", 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
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

export const saveValidatorState = (path: string, s: ValidatorState): Promise<void> => writeDurably(path, JSON.stringify(s));
