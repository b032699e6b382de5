// A throwaway project as CI sees it after `npm run synth` (cdktf.json,
// cdktf.out/ with every stack, a model build context), and a fake `terraform`
// on PATH that answers from a script of recorded answers and logs each call.
// The CI scripts run in it as `node bin/app.js scripts/<name>` would.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { ChildProcess, SpawnOptions } from "child_process";
import { ConfigError, readConfig } from "../lib/config";
import { writeSynthInputs } from "../lib/synth-inputs";
import { ChildRun, runChild, startChild } from "./child";
import { SAMPLE_REQUEST } from "./model-stand-in";
import { defaultContext, root, tempDir } from "./support";

/** What the fake terraform does for one command: "init", "plan", "apply", or "output <name>" (a list: one per call). */
export interface Answer {
  readonly status?: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

const FAKE_TERRAFORM = `#!/usr/bin/env node
const fs = require("fs");
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_TERRAFORM_LOG, JSON.stringify({ cwd: process.cwd(), args }) + "\\n");
const key = args[0] === "output" ? "output " + args[args.length - 1] : args[0];
let answer = JSON.parse(fs.readFileSync(process.env.FAKE_TERRAFORM_ANSWERS, "utf8"))[key];
if (Array.isArray(answer)) {
  // One answer per call of this command in the run (the last repeats): the state can change between two reads.
  const countsFile = process.env.FAKE_TERRAFORM_ANSWERS + ".used";
  const counts = fs.existsSync(countsFile) ? JSON.parse(fs.readFileSync(countsFile, "utf8")) : {};
  counts[key] = (counts[key] ?? 0) + 1;
  fs.writeFileSync(countsFile, JSON.stringify(counts));
  answer = answer[Math.min(counts[key], answer.length) - 1];
}
if (!answer) {
  process.stderr.write("fake terraform: no answer for " + key + "\\n");
  process.exit(99);
}
if (answer.stdout) process.stdout.write(answer.stdout);
if (answer.stderr) process.stderr.write(answer.stderr);
process.exit(answer.status ?? 0);
`;

export class CiProject {
  readonly dir = tempDir("ci-project-");
  private readonly bin = join(this.dir, ".fake-bin");

  constructor(context: Record<string, unknown> = { backend: "gcs" }, stacks = ["identity", "registry", "cluster", "workload"]) {
    writeFileSync(join(this.dir, "cdktf.json"), JSON.stringify({ context: { ...defaultContext, ...context } }));
    const manifest = { version: "0.21.0", stacks: Object.fromEntries(stacks.map((name) => [name, { name }])) };
    for (const stack of stacks) mkdirSync(join(this.dir, "cdktf.out", "stacks", stack), { recursive: true });
    writeFileSync(join(this.dir, "cdktf.out", "manifest.json"), JSON.stringify(manifest));
    // As `npm run synth` leaves it, with the project's settings (a test of bad settings has none to record).
    try {
      writeSynthInputs(join(this.dir, "cdktf.out"), readConfig(join(this.dir, "cdktf.json"), {}));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
    }
    mkdirSync(join(this.dir, "model-server"));
    writeFileSync(join(this.dir, "model-server", "Dockerfile"), "FROM python:3.11-slim\n");
    writeFileSync(join(this.dir, "model-server", "sample-request.json"), `${JSON.stringify(SAMPLE_REQUEST)}\n`);
    mkdirSync(this.bin);
    writeFileSync(join(this.bin, "terraform"), FAKE_TERRAFORM);
    chmodSync(join(this.bin, "terraform"), 0o755);
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  /**
   * Runs `npm run <script>` as CI would (CI=true), with terraform answering
   * `answers`. Asynchronous, so servers of the test process can answer it.
   */
  run(script: string, args: string[], answers: Record<string, Answer | Answer[]> = {}, env: Record<string, string> = {}): Promise<ChildRun> {
    return this.runNode([join(root, "bin", "app.js"), `scripts/${script}`, ...args], answers, env);
  }

  /** Runs `node <argv>` in the project as `run` does: the pipelines' bundles (dist/ci/*.js) run this way. */
  runNode(argv: string[], answers: Record<string, Answer | Answer[]> = {}, env: Record<string, string> = {}): Promise<ChildRun> {
    return runChild(process.execPath, argv, this.spawnOptions(answers, env));
  }

  /**
   * Starts `npm run <script>` as `run` does, as the leader of its own process
   * group, so a test can signal the group as a terminal's Ctrl-C or a job
   * runner does.
   */
  start(script: string, args: string[], answers: Record<string, Answer | Answer[]> = {}, env: Record<string, string> = {}): { child: ChildProcess; done: Promise<ChildRun> } {
    return startChild(process.execPath, [join(root, "bin", "app.js"), `scripts/${script}`, ...args], { ...this.spawnOptions(answers, env), detached: true });
  }

  private spawnOptions(answers: Record<string, Answer | Answer[]>, env: Record<string, string>): SpawnOptions {
    writeFileSync(this.path(".answers.json"), JSON.stringify(answers));
    rmSync(this.path(".answers.json.used"), { force: true });
    return {
      cwd: this.dir,
      env: {
        PATH: `${this.bin}:${process.env.PATH}`,
        CI: "true",
        FAKE_TERRAFORM_ANSWERS: this.path(".answers.json"),
        FAKE_TERRAFORM_LOG: this.path(".terraform-calls"),
        ...env,
      },
    };
  }

  /** Each terraform call so far, as "<stack directory>: <args>". */
  terraformCalls(): string[] {
    const log = this.path(".terraform-calls");
    if (!existsSync(log)) return [];
    return readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { cwd: string; args: string[] })
      .map(({ cwd, args }) => `${cwd.slice(this.dir.length + 1)}: ${args.join(" ")}`);
  }

  read(...parts: string[]): string {
    return readFileSync(this.path(...parts), "utf8");
  }
}
