#!/usr/bin/env node
// `npm create tao-subnet -- <dir> [options]` runs this. The code is in ../src, built to ../dist.
import { createTaoSubnet } from "../dist/index.js";

process.exitCode = await createTaoSubnet(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  interactive: process.stdin.isTTY === true && process.env.CI !== "true",
  cwd: process.cwd(),
});
