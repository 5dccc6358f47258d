#!/usr/bin/env node
// The `tao-subnet` command. The code is in ../src (built to ../dist by `npm run build`).
import { main } from "../dist/main.js";

process.exitCode = await main(process.argv.slice(2));
