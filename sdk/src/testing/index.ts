/** `@tao-subnet/sdk/testing`: the `Chain` conformance suite, for any `Chain` implementation's tests. */

export type { ChainSuiteContext, SuiteRunner } from "./chainSuite.js";
export { chainSuite } from "./chainSuite.js";
