// prepack: bundle the monorepo's templates/ into this package so a published create-tao-subnet is self-contained.
import { cp, rm } from "node:fs/promises";

const from = new URL("../../templates/", import.meta.url);
const to = new URL("../templates/", import.meta.url);
await rm(to, { recursive: true, force: true });
await cp(from, to, { recursive: true, filter: (src) => !/node_modules|\/dist\/|\/build\//.test(src) });
