// prepack: bundle the monorepo's templates/ into this package so a published create-tao-subnet is
// self-contained. postpack (`--clean`) removes the copy again, so the checkout keeps using the
// monorepo's templates/. Both swap whole folders with rename, so a generator running beside a pack
// sees either the full copy or none.
import { cp, rename, rm } from "node:fs/promises";

const from = new URL("../../templates/", import.meta.url);
const to = new URL("../templates", import.meta.url);
const staged = new URL(`../templates.${process.pid}.tmp`, import.meta.url);

await rm(staged, { recursive: true, force: true });
if (process.argv.includes("--clean")) {
  await rename(to, staged).catch((e) => {
    if (e.code !== "ENOENT") throw e;
  });
} else {
  await cp(from, staged, { recursive: true, filter: (src) => !/node_modules|\/dist\/|\/build\//.test(src) });
  await rm(to, { recursive: true, force: true });
  await rename(staged, to);
}
await rm(staged, { recursive: true, force: true });
