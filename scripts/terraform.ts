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
}

/** Runs `terraform <args>` in `cwd`; resolves with its exit status, never rejects for a non-zero one. */
export function terraform(args: string[], cwd: string, options: TerraformOptions = {}): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", args, { cwd, env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" } });
    const stdout: Buffer[] = [];
    const both: Buffer[] = [];
    const collect = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
      if (stream === "stdout") stdout.push(chunk);
      both.push(chunk);
      if (options.echo) process.stdout.write(chunk);
    };
    child.stdout.on("data", collect("stdout"));
    child.stderr.on("data", collect("stderr"));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new Error("terraform is not on PATH: install Terraform 1.11 (in CI: hashicorp/setup-terraform)")
          : error,
      ),
    );
    child.on("close", (status, signal) =>
      resolve({
        status: status ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString("utf8"),
        output: Buffer.concat(both).toString("utf8"),
      }),
    );
  });
}
