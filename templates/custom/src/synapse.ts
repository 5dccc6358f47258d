/**
 * What travels on the wire between your validators and miners: the request a miner receives and
 * the answer it sends. src/kit.ts checks both with its zod schemas; change them together.
 */
export interface Request {
  numbers: number[];
}
export interface Response {
  sorted: number[];
}
