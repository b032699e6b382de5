// How the CI scripts end: the exit status `main` returns, or status 1 with
// one line naming the script and the problem (no stack trace for bad input).
import { ConfigError } from "../lib/config";

export function runMain(script: string, main: () => Promise<number>): void {
  main().then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      const message = error instanceof ConfigError ? `invalid configuration:\n  ${error.problems.join("\n  ")}` : String((error as Error).message ?? error);
      process.stderr.write(`${script}: ${message}\n`);
      process.exitCode = 1;
    },
  );
}
