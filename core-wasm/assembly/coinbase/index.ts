export { coinbaseStepPacked } from "./step";
