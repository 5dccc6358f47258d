/** Runs the CLI in-process with captured output (for tests). */
import type { CommandIo } from "./command.js";
import { main } from "./main.js";

export async function runCli(argv: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CommandIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => stdin,
    isTTY: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
