// Running terraform in a synthesized stack, as the CI scripts do: the
// directory of a stack, the check that CI works on shared state, and a child
// process whose output reaches the job log and the caller alike.
import { spawn } from "child_process";
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { Config } from "../lib/config";

/** The stack CI deploys on merge; every other stack is applied by a person or by Terraform Cloud. */
export const WORKLOAD_STACK = "workload";

/** Where `npm run synth` writes a stack's Terraform JSON, relative to the project root. */
export function stackDirectory(stack: string): string {
  return join("cdktf.out", "stacks", stack);
}

/** The stacks of the last synth, from cdktf.out/manifest.json. */
export function synthesizedStacks(): string[] {
  const manifest = join("cdktf.out", "manifest.json");
  if (!existsSync(manifest)) throw new Error(`${manifest} does not exist: run \`npm run synth\` first`);
  return Object.keys(JSON.parse(readFileSync(manifest, "utf8")).stacks);
}

/** Fails unless `stack` is one the app synthesized. */
export function requireStack(stack: string): string {
  const stacks = synthesizedStacks();
  if (!stacks.includes(stack)) throw new Error(`stack is ${JSON.stringify(stack)}: expected one of ${stacks.join(", ")}`);
  return stackDirectory(stack);
}

/**
 * In CI, state must be shared: a plan against an empty local state would
 * show every resource as new, and a deploy would create a second copy.
 */
export function requireSharedState(config: Config, env: Record<string, string | undefined> = process.env): void {
  if (env.CI && env.CI !== "false" && config.backend === "local") {
    throw new Error(
      'backend is "local" in CI: expected gcs or cloud, so that CI works on the team\'s state; set the CI variable CDKTF_BACKEND',
    );
  }
}

export interface TerraformResult {
  readonly status: number;
  readonly stdout: string;
  /** stdout and stderr together, in the order they arrived, as a terminal shows them. */
  readonly output: string;
}

export interface TerraformOptions {
  /** Copy the output to this process's stdout as it arrives (the job log). */
  readonly echo?: boolean;
  /** Where SIGINT and SIGTERM arrive (this process; tests pass an emitter). */
  readonly signals?: NodeJS.EventEmitter;
}

/** Terraform was asked to stop (a cancelled job) and has exited: its lock is released, its run did not finish. */
export class TerraformInterrupted extends Error {
  constructor(
    readonly signal: string,
    readonly result: TerraformResult,
  ) {
    super(`stopped on ${signal}: Terraform was asked to stop once, finished what it was doing, saved the state and released its lock (exit status ${result.status})`);
  }
}

/**
 * Runs `terraform <args>` in `cwd`; resolves with its exit status, never
 * rejects for a non-zero one, rejects with TerraformInterrupted after a
 * SIGINT or SIGTERM.
 *
 * A cancelled CI job gets SIGINT, then SIGTERM 7.5 s later (GitHub). For
 * Terraform either signal is an interrupt: the first stops the operation
 * gracefully and waits for it, so the state is saved and the lock released
 * (v1.11.4 signal_unix.go:13-14, commands.go:461-473, internal/command/
 * meta.go:484-511; the unlock: internal/backend/local/backend_apply.go:66-70);
 * a second one cancels it at once and exits with the lock still held. So
 * Terraform runs in a process group of its own, where no signal sent to ours
 * reaches it, and gets the first signal only once.
 */
export function terraform(args: string[], cwd: string, options: TerraformOptions = {}): Promise<TerraformResult> {
  const signals = options.signals ?? process;
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", args, { cwd, detached: true, env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" } });
    const stdout: Buffer[] = [];
    const both: Buffer[] = [];
    const collect = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
      if (stream === "stdout") stdout.push(chunk);
      both.push(chunk);
      if (options.echo) process.stdout.write(chunk);
    };
    let stopping: string | undefined;
    let exited = false;
    const forward = (signal: NodeJS.Signals) => {
      if (exited) {
        process.stderr.write(`${signal} received: terraform ${args[0]} has already stopped and released the lock; the deploy is ending\n`);
      } else if (stopping === undefined) {
        stopping = signal;
        process.stderr.write(`${signal} received: asking terraform ${args[0]} to stop, and waiting for it to save the state and release the lock\n`);
        child.kill("SIGINT");
      } else {
        process.stderr.write(`${signal} received: terraform ${args[0]} is already stopping; a second interrupt would leave the state locked, so it is not passed on\n`);
      }
    };
    signals.on("SIGINT", forward);
    signals.on("SIGTERM", forward);
    const release = () => {
      signals.off("SIGINT", forward);
      signals.off("SIGTERM", forward);
    };
    child.stdout.on("data", collect("stdout"));
    child.stderr.on("data", collect("stderr"));
    child.on("error", (error: NodeJS.ErrnoException) => {
      release();
      reject(
        error.code === "ENOENT"
          ? new Error("terraform is not on PATH: install Terraform 1.11 (in CI: hashicorp/setup-terraform)")
          : error,
      );
    });
    child.on("close", (status, signal) => {
      exited = true;
      // After a stop the caller is ending: a second signal (GitHub's SIGTERM, 7.5 s after
      // SIGINT) landing now would otherwise kill it by default, with status 143 and
      // without saying what Terraform left behind.
      if (stopping === undefined) release();
      const result = {
        status: status ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString("utf8"),
        output: Buffer.concat(both).toString("utf8"),
      };
      if (stopping !== undefined) reject(new TerraformInterrupted(stopping, result));
      else resolve(result);
    });
  });
}

/** How long deploy:workload waits for a held state lock unless told otherwise. */
export const DEFAULT_LOCK_TIMEOUT = "5m";

/**
 * Checks a `-lock-timeout` value: whole seconds or minutes, from 0s (fail at
 * once, Terraform's default) to 60m, so a deploy never waits without bound.
 */
export function lockTimeout(value: string, setting = "lock-timeout"): string {
  const match = /^(\d{1,4})(s|m)$/.exec(value);
  const seconds = match ? Number(match[1]) * (match[2] === "m" ? 60 : 1) : NaN;
  if (!(seconds <= 3600)) {
    throw new Error(`${setting} is ${JSON.stringify(value)}: expected a wait in whole seconds or minutes, from 0s to 60m, such as 90s or 5m`);
  }
  return value;
}

/** Terraform's "Lock Info:" block, as statemgr.LockInfo.String() prints it. */
export interface LockInfo {
  readonly id: string;
  readonly path: string;
  readonly operation: string;
  readonly who: string;
  readonly version: string;
  readonly created: string;
}

/**
 * The lock described by Terraform's "Error acquiring the state lock" output,
 * or undefined when the output holds no such error. The block's layout is
 * Terraform's (v1.11.4 internal/states/statemgr/locker.go:189-206,
 * LockInfo.String(): "Lock Info:" then "  ID:", "Path:", "Operation:",
 * "Who:", "Version:", "Created:", "Info:" lines), printed inside the error
 * internal/command/clistate/state.go:130-134 makes.
 */
export function heldLock(output: string): { readonly message: string; readonly info?: LockInfo } | undefined {
  const start = output.indexOf("Error acquiring the state lock");
  if (start < 0) return undefined;
  const text = output.slice(start);
  const message = /Error message: (.*)/.exec(text)?.[1].trim() ?? "";
  const block = text.indexOf("Lock Info:");
  if (block < 0) return { message };
  const field = (name: string) => new RegExp(`^\\s*${name}:[ \\t]*(.*)$`, "m").exec(text.slice(block))?.[1].trim() ?? "";
  const info = { id: field("ID"), path: field("Path"), operation: field("Operation"), who: field("Who"), version: field("Version"), created: field("Created") };
  return { message, info };
}

/**
 * One sentence on a held lock, naming the holder when Terraform knows it.
 * Terraform Cloud's lock error carries the *requesting* run's LockInfo, not
 * the holder's (v1.11.4 internal/cloud/state.go:343-353 sets `lockErr.Info =
 * info` on tfe.ErrWorkspaceLocked), so there the workspace is named instead.
 */
export function describeHeldLock(lock: { readonly message: string; readonly info?: LockInfo }, stackDir: string, waited: string): string {
  const cloud = /workspace already locked \(lock ID: "([^"]+)"\)/.exec(lock.message);
  if (cloud) {
    return `Terraform Cloud workspace ${cloud[1]} is locked (Terraform does not say by whom: the workspace's page does), waited ${waited}; re-run when its run or lock is gone`;
  }
  const info = lock.info;
  if (!info || !info.who) return `the state is locked (${lock.message || "Terraform did not say by whom"}), waited ${waited}; re-run when the other run is done`;
  return (
    `the state is locked by ${info.who} (operation ${info.operation || "unknown"}, since ${info.created || "unknown"}, lock ID ${info.id}, path ${info.path}), waited ${waited}. ` +
    `Re-run once that run is done; if it died holding the lock: terraform -chdir=${stackDir} force-unlock ${info.id}`
  );
}
