/** Version of the core's export ABI (the packed buffer layouts); bumped when a layout changes. */
export function coreAbiVersion(): u32 {
  return 1;
}
