// Word access to the packed coinbase input (the state, updated in place) and output, by the layout
// constants of ./layout.ts. Subnet s and neuron k are record indices in input order.
import { H_WORDS, N_WORDS, OH_WORDS, ON_WORDS, OS_WORDS, S_WORDS } from "./layout";

/** The packed input/state and output of the running step, and the record counts. */
export let inPtr: usize = 0;
export let outPtr: usize = 0;
export let subnetCount: i32 = 0;
export let neuronCount: i32 = 0;

export function bind(input: usize, output: usize, subnets: i32, neurons: i32): void {
  inPtr = input;
  outPtr = output;
  subnetCount = subnets;
  neuronCount = neurons;
}

@inline export function hdr(field: i32): u64 {
  return load<u64>(inPtr + (<usize>field << 3));
}
@inline export function setHdr(field: i32, v: u64): void {
  store<u64>(inPtr + (<usize>field << 3), v);
}
@inline function subnetAt(s: i32, field: i32): usize {
  return inPtr + (<usize>(H_WORDS + s * S_WORDS + field) << 3);
}
@inline export function sub(s: i32, field: i32): u64 {
  return load<u64>(subnetAt(s, field));
}
@inline export function setSub(s: i32, field: i32, v: u64): void {
  store<u64>(subnetAt(s, field), v);
}
@inline function neuronAt(k: i32, field: i32): usize {
  return inPtr + (<usize>(H_WORDS + subnetCount * S_WORDS + k * N_WORDS + field) << 3);
}
@inline export function neu(k: i32, field: i32): u64 {
  return load<u64>(neuronAt(k, field));
}
@inline export function setNeu(k: i32, field: i32, v: u64): void {
  store<u64>(neuronAt(k, field), v);
}

@inline export function setOutHdr(field: i32, v: u64): void {
  store<u64>(outPtr + (<usize>field << 3), v);
}
@inline function outSubnetAt(s: i32, field: i32): usize {
  return outPtr + (<usize>(OH_WORDS + s * OS_WORDS + field) << 3);
}
@inline export function outSub(s: i32, field: i32): u64 {
  return load<u64>(outSubnetAt(s, field));
}
@inline export function setOutSub(s: i32, field: i32, v: u64): void {
  store<u64>(outSubnetAt(s, field), v);
}
@inline function outNeuronAt(k: i32, field: i32): usize {
  return outPtr + (<usize>(OH_WORDS + subnetCount * OS_WORDS + k * ON_WORDS + field) << 3);
}
@inline export function outNeu(k: i32, field: i32): u64 {
  return load<u64>(outNeuronAt(k, field));
}
@inline export function setOutNeu(k: i32, field: i32, v: u64): void {
  store<u64>(outNeuronAt(k, field), v);
}

/** u64 saturating add and subtract (the chain's balances saturate). */
@inline export function satAdd(a: u64, b: u64): u64 {
  const c = a + b;
  return c < a ? <u64>-1 : c;
}
@inline export function satSub(a: u64, b: u64): u64 {
  return a > b ? a - b : 0;
}
