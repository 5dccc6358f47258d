/** `@tao-subnet/sdk/testing`: the `Chain` conformance suite, for any `Chain` implementation's tests. */
export { chainSuite } from "./chainSuite.js";
export type { ChainSuiteContext, SuiteRunner } from "./chainSuite.js";
