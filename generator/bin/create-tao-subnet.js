#!/usr/bin/env node
// `npm create tao-subnet -- <dir> [options]` runs this. The code is in ../src, bundled with its
// dependencies into ../bundle (scripts/bundle.mjs; starts several times faster, and the package
// needs no dependencies installed). In the checkout before the first bundle: ../dist (tsc).
const { createTaoSubnet } = await import("../bundle/cli.js").catch((e) => {
  if (e?.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes("/bundle/cli.js")) return import("../dist/index.js");
  throw e;
});

process.exitCode = await createTaoSubnet(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  interactive: process.stdin.isTTY === true && process.env.CI !== "true",
  cwd: process.cwd(),
});
