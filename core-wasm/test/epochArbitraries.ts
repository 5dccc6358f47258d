// fast-check generators of valid EpochInputs (small subnets, every feature switched at random,
// commit-reveal and its commit blocks included, or absent).

import type { EpochInput, SparseRow } from "@tao-subnet/core";
import fc from "fast-check";

const row = (n: number) =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n })
    .chain((uids) =>
      fc
        .array(fc.integer({ min: 0, max: 65535 }), { minLength: uids.length, maxLength: uids.length })
        .map((vs) => uids.map((u, k) => [u, vs[k]!] as [number, number])),
    );

export const epochInput = (maxN = 16): fc.Arbitrary<EpochInput> =>
  fc.integer({ min: 1, max: maxN }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      stake: fc.array(fc.oneof(fc.constant(0n), fc.bigInt(1n, 10n ** 6n), fc.bigInt(1n, 10n ** 18n)).map(String), { minLength: n, maxLength: n }),
      lastUpdate: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: n, maxLength: n }),
      blockAtRegistration: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: n, maxLength: n }),
      validatorPermit: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      weights: fc.array(row(n), { minLength: n, maxLength: n }) as fc.Arbitrary<SparseRow[]>,
      bonds: fc.array(row(n), { minLength: n, maxLength: n }) as fc.Arbitrary<SparseRow[]>,
      currentBlock: fc.integer({ min: 0, max: 60 }),
      tempo: fc.integer({ min: 0, max: 20 }),
      activityCutoff: fc.integer({ min: 0, max: 50 }),
      kappa: fc.integer({ min: 0, max: 65535 }),
      bondsPenalty: fc.oneof(fc.constant(0), fc.constant(65535), fc.integer({ min: 0, max: 65535 })),
      bondsMovingAverage: fc.integer({ min: 0, max: 1_000_000 }).map(String),
      yuma3: fc.boolean(),
      liquidAlpha: fc.boolean(),
      alphaLow: fc.integer({ min: 0, max: 30000 }),
      alphaHigh: fc.integer({ min: 30000, max: 65535 }),
      alphaSigmoidSteepness: fc.integer({ min: -2000, max: 2000 }),
      maxAllowedValidators: fc.integer({ min: 0, max: n + 2 }),
      raoEmission: fc.oneof(fc.constant("0"), fc.bigInt(0n, 10n ** 12n).map(String), fc.constant("18446744073709551615")),
      lastMechanismStepBlock: fc.integer({ min: 0, max: 40 }),
      ownerUid: fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: null }),
      stakeThreshold: fc.oneof(fc.constant("0"), fc.bigInt(0n, 10n ** 6n).map(String)),
      commitRevealEnabled: fc.option(fc.boolean(), { nil: undefined }),
      // null: no commit; blocks in the range of the registrations above, so the mask drops some weights
      commitBlock: fc.option(fc.array(fc.option(fc.integer({ min: 0, max: 45 }).map(String), { nil: null }), { minLength: n, maxLength: n }), {
        nil: undefined,
      }),
    }),
  );
