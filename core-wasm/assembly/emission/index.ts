export { blockEmissionForIssuance, lastBlockEmissionHalvings, log2FloorI96F32 } from "./blockEmission";
export { emissionSplit, splitOwnerCut, splitRootAlpha, splitServer, splitValidator } from "./split";
