// Entry of the core's WASM: re-exports every public kernel. One file per concept lives beside it.
export function coreAbiVersion(): u32 {
  return 1;
}
