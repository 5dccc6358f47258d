export { coinbaseStepNoEpoch, coinbaseStepPacked } from "./step";
export { coinbaseBlocksUntilNextEpoch, coinbaseDividendDistribution, coinbaseMovingPrice, coinbaseRootProportion, coinbaseSubnetTerms } from "./probes";
