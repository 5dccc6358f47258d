// Random networks for the coinbase's property tests: 1–16 subnets (netuids up to 600, so storage
// order differs from netuid order), stable and dynamic pools, every gate on and off, tempos that
// make epochs run and, with a small MaxEpochsPerBlock, be deferred, and issuances at the halving
// edges (TAO and each subnet's alpha).
import type { CoinbaseInput, CoinbaseNeuron, CoinbaseSubnet } from "@tao-subnet/core";
import fc from "fast-check";

const E = 1_000_000_000n;
/** Issuances at and around the halvings of the 21M curve (k = 1, 2, 3, …) and the cap. */
const EDGES = [0n, 10_500_000n * E, 15_750_000n * E, 18_375_000n * E, 19_687_500n * E, 21_000_000n * E];
const issuance = fc.oneof(
  fc.bigInt({ min: 0n, max: 21_000_000n * E }),
  fc.tuple(fc.constantFrom(...EDGES), fc.bigInt({ min: -3n, max: 3n })).map(([e, d]) => (e + d < 0n ? 0n : e + d)),
);
const amount = (max: bigint) => fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max }), fc.bigInt({ min: 1_000_000n, max: 1_000_000_000n * E }));
const str = (a: fc.Arbitrary<bigint>) => a.map((v) => v.toString());
const fx32 = fc.bigInt({ min: 0n, max: 4n << 32n });

function neuronArb(): fc.Arbitrary<CoinbaseNeuron> {
  return fc.record({
    alphaStake: str(amount(1_000_000n * E)),
    rootStake: str(amount(1_000_000n * E)),
    take: fc.integer({ min: 0, max: 65535 }),
    ownedBySubnetOwner: fc.boolean(),
    // raw weights, normalised per subnet below (an epoch's shares sum to at most 1)
    serverShare: str(fc.bigInt({ min: 0n, max: 1n << 31n })),
    validatorShare: str(fc.bigInt({ min: 0n, max: 1n << 31n })),
  });
}

function subnetArb(netuid: number, block: bigint): fc.Arbitrary<CoinbaseSubnet> {
  return fc
    .record({
      mechanism: fc.constantFrom(0, 1, 1, 1),
      subnetTao: str(fc.bigInt({ min: 0n, max: 10_000_000n * E })),
      alphaIn: fc.bigInt({ min: 0n, max: 10_000_000n * E }),
      alphaOutIssued: fc.oneof(fc.bigInt({ min: 0n, max: 10_000_000n * E }), fc.constantFrom(...EDGES)),
      subnetProtocolAlpha: str(amount(1_000_000n * E)),
      movingPrice: str(fx32),
      emaPriceHalvingBlocks: str(fc.bigInt({ min: 0n, max: 500_000n })),
      swapQuoteWeight: str(fc.bigInt({ min: 20_000_000_000_000_000n, max: 980_000_000_000_000_000n })),
      palSwapInitialized: fc.boolean(),
      minerBurned: str(fc.bigInt({ min: 0n, max: 3n << 31n })),
      rootProp: str(fc.bigInt({ min: 0n, max: 1n << 32n })),
      firstEmissionBlock: fc.option(str(fc.bigInt({ min: 0n, max: block })), { freq: 4 }),
      subtokenEnabled: fc.constantFrom(true, true, true, false),
      registrationAllowed: fc.constantFrom(true, true, true, false),
      emissionEnabled: fc.constantFrom(true, true, true, false),
      ownerCutEnabled: fc.boolean(),
      tempo: fc.constantFrom(0, 1, 2, 3, 10, 360),
      lastEpochBlock: str(fc.bigInt({ min: 0n, max: block })),
      pendingEpochAt: str(fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: block + 1n }))),
      blocksSinceLastStep: str(fc.oneof(fc.bigInt({ min: 0n, max: 100n }), fc.bigInt({ min: 50_399n, max: 50_402n }))),
      epochIndex: str(fc.bigInt({ min: 0n, max: 1000n })),
      lastMechanismStepBlock: str(fc.bigInt({ min: 0n, max: block })),
      pendingServerEmission: str(amount(100_000n * E)),
      pendingValidatorEmission: str(amount(100_000n * E)),
      pendingRootAlphaDivs: str(amount(100_000n * E)),
      pendingOwnerCut: str(amount(100_000n * E)),
      recycleOrBurn: fc.constantFrom("burn" as const, "recycle" as const),
      neurons: fc.array(neuronArb(), { maxLength: 8 }),
      owner: fc.nat(),
      hasOwner: fc.boolean(),
    })
    .map(({ alphaIn, alphaOutIssued, owner, hasOwner, ...s }) => {
      // shares as an epoch gives them: server and validator shares together sum to at most 1 (2^32)
      const total = s.neurons.reduce((a, n) => a + BigInt(n.serverShare) + BigInt(n.validatorShare), 0n);
      if (total > 1n << 32n)
        for (const n of s.neurons) {
          n.serverShare = ((BigInt(n.serverShare) << 32n) / total).toString();
          n.validatorShare = ((BigInt(n.validatorShare) << 32n) / total).toString();
        }
      // the pending amounts and the stakes were minted into SubnetAlphaOut before: it holds at least them
      const held = [
        s.pendingServerEmission,
        s.pendingValidatorEmission,
        s.pendingRootAlphaDivs,
        s.pendingOwnerCut,
        ...s.neurons.map((n) => n.alphaStake),
      ].reduce((a, v) => a + BigInt(v), 0n);
      let alphaOut = alphaOutIssued > alphaIn ? alphaOutIssued - alphaIn : alphaOutIssued;
      if (alphaOut < held) alphaOut = held;
      return {
        netuid,
        ...s,
        subnetAlphaIn: alphaIn.toString(),
        subnetAlphaOut: alphaOut.toString(),
        ownerHotkeyUid: hasOwner && s.neurons.length > 0 ? owner % s.neurons.length : null,
      };
    });
}

export function coinbaseInput(): fc.Arbitrary<CoinbaseInput> {
  return fc
    .record({
      block: fc.bigInt({ min: 1n, max: 10_000_000n }),
      netuids: fc.uniqueArray(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 16 }),
    })
    .chain(({ block, netuids }) =>
      fc.record({
        blockNumber: fc.constant(block.toString()),
        blockEmission: fc.option(str(fc.bigInt({ min: 0n, max: 2n * E })), { freq: 3 }),
        totalIssuance: str(issuance),
        totalStake: str(amount(1_000_000n * E)),
        taoWeight: str(fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }))),
        subnetOwnerCut: fc.integer({ min: 0, max: 65535 }),
        subnetMovingAlpha: str(fc.bigInt({ min: 0n, max: 1n << 32n })),
        maxEpochsPerBlock: fc.integer({ min: 0, max: 4 }),
        swapMinimumReserve: fc.constantFrom("100", "1000000"),
        rootSubnetTao: str(amount(10_000_000n * E)),
        subnets: fc.tuple(...netuids.map((n) => subnetArb(n, block))),
      }),
    );
}
