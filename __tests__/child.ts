// Runs a process without blocking the test's event loop, so servers of the
// test process (GitHub or a model server on loopback) can answer it.
import { ChildProcess, spawn, SpawnOptions } from "child_process";

export interface ChildRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runChild(command: string, args: string[], options: SpawnOptions = {}, stdin = ""): Promise<ChildRun> {
  return startChild(command, args, options, stdin).done;
}

/** Starts a process and hands back its handle, for a test that signals it while it runs. */
export function startChild(command: string, args: string[], options: SpawnOptions = {}, stdin = ""): { child: ChildProcess; done: Promise<ChildRun> } {
  const child = spawn(command, args, { ...options, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  // A child that exits before reading its input closes the pipe, and the
  // write then fails with EPIPE; unhandled, that error would end the whole
  // test process. Its exit status and output are what the test judges.
  child.stdin!.on("error", () => undefined);
  child.stdin!.end(stdin);
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
  return { child, done };
}
