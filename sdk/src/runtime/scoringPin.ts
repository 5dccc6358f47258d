/**
 * Which scoring module a validator may score with: the one the subnet owner published on chain
 * (`scoring/published.ts`, the owner hotkey's commitment), read at start and again at every epoch.
 * A validator whose module differs fetches the published one (cache, then its source, checked by
 * hash) and switches; when it cannot, it refuses to score and says why, naming both hashes. During
 * a roll-out every validator switches at the block the owner named (an epoch's first block), so all
 * score with the same module in the same epoch. An operator may pin a hash on purpose (`sha256`):
 * the validator then scores with that module only, and warns at every epoch while the owner
 * publishes another.
 */
import type { Chain, Metagraph } from "../chain/types.js";
import { type FetchModuleOptions, fetchPublishedModule } from "../scoring/fetchModule.js";
import { moduleAt, type PublishedScoring, PublishedScoringError, parsePublishedScoring } from "../scoring/published.js";
import { RuntimeOptionsError } from "./errors.js";
import type { RuntimeEvent } from "./events.js";

export interface ScoringPinOptions {
  /** Follow the owner's published module (default true). */
  follow?: boolean;
  /** Score with this module only (lowercase hex sha256), whatever the owner published; warned at every epoch while they differ. */
  sha256?: string;
  /** Where published modules are fetched and cached. */
  fetch?: FetchModuleOptions;
}

/** What a round may do: score with the module it has, switch to these bytes first, or not score. */
export type PinDecision = { action: "score" } | { action: "switch"; sha256: string; bytes: Uint8Array } | { action: "refuse"; why: string };

export function checkPinOptions(o: ScoringPinOptions | undefined): void {
  if (o?.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(o.sha256))
    throw new RuntimeOptionsError(`expected 64 lowercase hex digits (a sha256), got ${JSON.stringify(o.sha256)}`, "scoring.sha256");
}

export class ScoringPin {
  /** The epoch (its next block) the commitment was last read for, and what it said. */
  private readFor = -1;
  private published: PublishedScoring | null = null;
  private invalid: string | null = null;

  constructor(
    private readonly o: ScoringPinOptions,
    private readonly log: (e: RuntimeEvent) => void,
  ) {}

  /**
   * The decision for a round at `mg.block`, given the sha256 of the module the validator holds
   * (`null`: it scores with a TypeScript function). Reads the owner's commitment once per epoch.
   */
  async decide(chain: Chain, mg: Metagraph, holding: string | null): Promise<PinDecision> {
    const fresh = this.readFor !== mg.nextEpochBlock;
    if (fresh) await this.read(chain, mg);
    if (this.invalid) return this.refuse(fresh, this.invalid, "the subnet owner must publish it again (tao-subnet subnet publish-scoring)");
    const pinned = this.o.sha256;
    const published = this.published && this.o.follow !== false ? moduleAt(this.published, mg.block) : null;
    if (published && pinned && pinned !== published.sha256 && fresh)
      this.log({
        level: "warn",
        event: "scoring-pinned",
        block: mg.block,
        pinned,
        published: published.sha256,
        why: "the operator pinned a module the subnet owner no longer publishes; this validator's scores may disagree with the others'",
      });
    const want = pinned ?? published?.sha256;
    if (want === undefined || want === holding) return { action: "score" };
    if (holding === null)
      return this.refuse(
        fresh,
        `this validator scores with a TypeScript function, but the subnet's scoring module is ${want}`,
        "run the kit's WASM scoring module",
      );
    if (want === pinned)
      return this.refuse(
        fresh,
        `the pinned module is ${pinned}, but this validator's module is ${holding}`,
        "build or fetch the pinned module, or change --scoring-sha256",
      );
    try {
      const bytes = await fetchPublishedModule(published!, this.o.fetch);
      this.log({
        level: "info",
        event: "scoring-switched",
        block: mg.block,
        from: holding,
        to: want,
        ...(published!.source ? { source: published!.source } : {}),
      });
      return { action: "switch", sha256: want, bytes };
    } catch (e) {
      return this.refuse(
        true,
        `the subnet owner published scoring module ${want}, this validator has ${holding}, and the published one could not be had: ${(e as Error).message}`,
        "put the published module in the scoring cache as <sha256>.wasm, or pin yours with --scoring-sha256 (with care)",
      );
    }
  }

  private async read(chain: Chain, mg: Metagraph): Promise<void> {
    this.readFor = mg.nextEpochBlock;
    this.invalid = null;
    if (this.o.follow === false) return;
    const text = await chain.commitment(mg.netuid, mg.ownerHotkey);
    try {
      this.published = parsePublishedScoring(text);
    } catch (e) {
      if (!(e instanceof PublishedScoringError)) throw e;
      this.published = null;
      this.invalid = `the subnet owner's published scoring module is malformed (${e.message})`;
    }
  }

  private refuse(tell: boolean, why: string, fix: string): PinDecision {
    if (tell) this.log({ level: "error", event: "scoring-refused", why, fix });
    return { action: "refuse", why };
  }
}
