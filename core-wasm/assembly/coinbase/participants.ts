// The participants' alpha (the third part of `emit_to_subnets`): the subnet's alpha emission is
// minted to SubnetAlphaOut, the owner's cut set aside, and the rest split into server, validator and
// root alpha (root_proportion read after this mint) and added to the pending amounts; root alpha
// is recycled instead when the network does not root-sell.
import { emissionSplit, splitOwnerCut, splitRootAlpha, splitServer, splitValidator } from "../emission/split";
import { fxHi } from "./fx";
import { H_SUBNET_OWNER_CUT, OS_ALPHA_OUT, OS_OWNER_CUT, OS_ROOT_ALPHA, OS_SERVER_ALPHA, OS_VALIDATOR_ALPHA, S_FLAGS, S_PENDING_OWNER_CUT, S_PENDING_ROOT_ALPHA_DIVS, S_PENDING_SERVER_EMISSION, S_PENDING_VALIDATOR_EMISSION, S_SUBNET_ALPHA_OUT, SF_OWNER_CUT_ENABLED } from "./layout";
import { rootProportion } from "./price";
import { hdr, satAdd, satSub, setOutSub, setSub, sub } from "./state";

/** Mints and splits subnet record `s`'s alpha emission `alphaOut` (rao). */
// see: subtensor pallets/subtensor/src/coinbase/run_coinbase.rs emit_to_subnets (step 3) @ 14bc6f9
export function emitParticipantAlpha(s: i32, alphaOut: u64, rootSell: bool): void {
  setOutSub(s, OS_ALPHA_OUT, alphaOut);
  setSub(s, S_SUBNET_ALPHA_OUT, satAdd(sub(s, S_SUBNET_ALPHA_OUT), alphaOut));
  const rpLo = rootProportion(s);
  emissionSplit(alphaOut, <u16>hdr(H_SUBNET_OWNER_CUT), (sub(s, S_FLAGS) & SF_OWNER_CUT_ENABLED) != 0, fxHi, rpLo);
  const cut = splitOwnerCut();
  const server = splitServer();
  const validator = splitValidator();
  const root = splitRootAlpha();
  setOutSub(s, OS_OWNER_CUT, cut);
  setOutSub(s, OS_SERVER_ALPHA, server);
  setOutSub(s, OS_VALIDATOR_ALPHA, validator);
  setOutSub(s, OS_ROOT_ALPHA, root);
  setSub(s, S_PENDING_OWNER_CUT, satAdd(sub(s, S_PENDING_OWNER_CUT), cut));
  setSub(s, S_PENDING_SERVER_EMISSION, satAdd(sub(s, S_PENDING_SERVER_EMISSION), server));
  setSub(s, S_PENDING_VALIDATOR_EMISSION, satAdd(sub(s, S_PENDING_VALIDATOR_EMISSION), validator));
  if (rootSell) setSub(s, S_PENDING_ROOT_ALPHA_DIVS, satAdd(sub(s, S_PENDING_ROOT_ALPHA_DIVS), root));
  else setSub(s, S_SUBNET_ALPHA_OUT, satSub(sub(s, S_SUBNET_ALPHA_OUT), root));
}
