// An offline Terraform workspace: the app synthesized into a directory of its
// own (so every stack's local state lands there, never in the project), the
// provider simulator serving the providers the stacks use, and real Terraform
// run against it with no network and no credentials.
import { ChildProcess, spawn, spawnSync } from "child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, Stats, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join, relative, resolve, sep } from "path";
import { readConfig } from "../lib/config";
import { deployOrder, StackOrderError } from "../lib/deploy-order";
import { ApplyFailure, failuresFromEnvironment, resourceConfigs } from "./failures";
import { schemasForStacks, StackJson, StateJson } from "./providers";
import { Simulator, startSimulator } from "./server";

/** Something the workspace cannot do; the message says what and how to fix it. */
export class OfflineError extends Error {}

/** Oldest Terraform whose reattach mode and JSON output this workspace relies on, and that reads the workload's `removed` block (1.7). */
export const MINIMUM_TERRAFORM = [1, 7, 0] as const;

/** The terraform on PATH and its version, or why there is none usable. */
export function findTerraform(): { version: string } | { missing: string } {
  const run = spawnSync("terraform", ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (run.error || run.status !== 0) return { missing: "no terraform on PATH" };
  let version: string;
  try {
    version = JSON.parse(run.stdout).terraform_version;
  } catch {
    return { missing: `terraform version -json printed no version: ${run.stdout.slice(0, 200)}` };
  }
  const parts = version.split(/[.-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) {
    if (parts[i] > MINIMUM_TERRAFORM[i]) break;
    if (parts[i] < MINIMUM_TERRAFORM[i]) return { missing: `terraform ${version} is older than ${MINIMUM_TERRAFORM.join(".")}` };
  }
  return { version };
}

export interface TerraformRun {
  readonly stack: string;
  readonly args: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Messages of Terraform's machine-readable UI (`-json`), one per line. */
export function jsonMessages(run: TerraformRun): any[] {
  return run.stdout.split("\n").flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      return [JSON.parse(line)];
    } catch {
      return []; // human-readable output that happens to start with a brace
    }
  });
}

/** The diagnostics of a `-json` run: validate prints one document holding them, other commands one message per line. */
function diagnosticsOf(run: TerraformRun): any[] {
  try {
    const document = JSON.parse(run.stdout);
    if (Array.isArray(document?.diagnostics)) return document.diagnostics;
  } catch {
    // not a single document: the UI's message stream
  }
  return jsonMessages(run)
    .filter((message) => message.type === "diagnostic")
    .map((message) => message.diagnostic);
}

/** Every error diagnostic of a run, as "summary (where): detail" text, or its stderr. */
export function errorsOf(run: TerraformRun): string[] {
  const diagnostics = diagnosticsOf(run)
    .filter((diagnostic) => diagnostic.severity === "error")
    .map((diagnostic) => {
      const { summary, detail, address, range } = diagnostic;
      const where = [address, range ? `${range.filename}:${range.start.line}` : undefined].filter(Boolean).join(", ");
      return `${summary}${where ? ` (${where})` : ""}${detail ? `: ${detail}` : ""}`;
    });
  if (diagnostics.length > 0) return diagnostics;
  return run.code === 0 ? [] : [run.stderr.trim() || `terraform ${run.args.join(" ")} exited with ${run.code}`];
}

export interface WorkspaceOptions {
  /** The project: its cdktf.json, bin/app.js and installed bindings. */
  readonly projectRoot: string;
  /** Where to synthesize and keep simulated state; a throwaway directory, removed on close, by default. */
  readonly dir?: string;
  /** Environment for synthesis (configuration overrides) and for Terraform's TF_VAR_* values. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The model server's build context: "link" points the workspace's at the
   * project's (if it exists), "empty" makes an empty one to fill.
   */
  readonly buildContext?: "link" | "empty";
  /** Longest a single terraform command may run. */
  readonly timeoutSeconds?: number;
  /**
   * An already synthesized cdktf.out to plan instead of synthesizing the app
   * (a CI artifact, a hand-edited copy). Its backends and remote-state reads
   * are pointed at the workspace's local state, whatever they say.
   */
  readonly synthesized?: string;
  /**
   * Applies to fail from the start (sim/failures.ts); failApply() changes them
   * later. SIM_FAIL_APPLY and SIM_FAIL_APPLY_FILE in `env` add to them.
   */
  readonly failures?: readonly ApplyFailure[];
  /**
   * Types to serve besides those the stacks use, for a test that adds them
   * to a copy of a stack (the simulator serves only the types it was started with).
   */
  readonly alsoServe?: { readonly resources?: readonly string[]; readonly dataSources?: readonly string[] };
}

export interface StackInfo {
  readonly name: string;
  readonly dependencies: readonly string[];
  /** cdktf.out/stacks/<name>, where Terraform runs. */
  readonly dir: string;
}

/** Variables that would change what Terraform does or where it reads and writes; the workspace sets its own. */
const ignoredTerraformVariables = /^TF_(CLI_ARGS.*|WORKSPACE|DATA_DIR|PLUGIN_CACHE_DIR|PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE|REATTACH_PROVIDERS|CLI_CONFIG_FILE|LOG.*|INPUT|IN_AUTOMATION)$/;

const openWorkspaces = new Set<OfflineWorkspace>();

function closeAll(): void {
  for (const workspace of openWorkspaces) workspace.closeNow();
}

/**
 * A run that ends without close() (an uncaught error, process.exit, Ctrl-C,
 * a test runner's SIGTERM) still leaves no Terraform process and no
 * throwaway directory behind. A signal is raised again after cleaning up, so
 * the process ends as it would have.
 */
let guarded = false;
function guardExit(): void {
  if (guarded) return;
  guarded = true;
  process.on("exit", closeAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      void Promise.all([...openWorkspaces].map((workspace) => workspace.close())).finally(() => process.kill(process.pid, signal));
    });
  }
}

export class OfflineWorkspace {
  /** The synthesized project: cdktf.json, cdktf.out/ and the stacks' terraform.<stack>.tfstate. */
  readonly project: string;
  /** Stacks in dependency order. */
  readonly stacks: readonly StackInfo[];
  /** The build context the workload stack builds from, inside the workspace. */
  readonly buildContext: string;
  /** Whether buildContext is an empty stand-in because the project has none. */
  readonly placeholderBuildContext: boolean;
  private readonly children = new Set<ChildProcess>();
  private closed = false;

  private constructor(
    private readonly root: string,
    private readonly throwaway: boolean,
    project: string,
    stacks: StackInfo[],
    buildContext: string,
    placeholderBuildContext: boolean,
    private readonly simulator: Simulator,
    private readonly terraformEnv: NodeJS.ProcessEnv,
    private readonly timeoutSeconds: number,
  ) {
    this.project = project;
    this.stacks = stacks;
    this.buildContext = buildContext;
    this.placeholderBuildContext = placeholderBuildContext;
    guardExit();
    openWorkspaces.add(this);
  }

  static async open(options: WorkspaceOptions): Promise<OfflineWorkspace> {
    const projectRoot = resolve(options.projectRoot);
    // Whatever backend the project is configured for, the offline run keeps
    // local state in its own directory: gcs or Terraform Cloud would need
    // the network and credentials.
    const env = { ...(options.env ?? process.env), CDKTF_BACKEND: "local" };
    const throwaway = options.dir === undefined;
    const root = throwaway ? mkdtempSync(join(tmpdir(), "mlops-offline-")) : resolve(options.dir!);
    if (!throwaway && resolve(root) === projectRoot) {
      throw new OfflineError(`--dir ${options.dir} is the project itself: pick a directory of its own, so state never lands in the project`);
    }
    try {
      return await OfflineWorkspace.prepare(projectRoot, root, throwaway, env, options);
    } catch (error) {
      if (throwaway) rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  private static async prepare(
    projectRoot: string,
    root: string,
    throwaway: boolean,
    env: NodeJS.ProcessEnv,
    options: WorkspaceOptions,
  ): Promise<OfflineWorkspace> {
    const config = readConfig(join(projectRoot, "cdktf.json"), env);
    const fromEnvironment = failuresFromEnvironment(env);
    // The stacks find state and the build context at ../../../ from
    // cdktf.out/stacks/<stack>: the project's place. A build context outside
    // the project (../elsewhere) must still land inside the workspace, so the
    // project sits as deep below the root as the context climbs above it.
    const climbs = config.buildContext.split("/").filter((part) => part === "..").length;
    const project = join(root, ...Array<string>(climbs).fill("up"), "project");
    mkdirSync(project, { recursive: true });
    cpSync(join(projectRoot, "cdktf.json"), join(project, "cdktf.json"));
    if (options.synthesized !== undefined) {
      copySynthesized(resolve(options.synthesized), join(project, "cdktf.out"), options.synthesized);
    } else {
      const synth = spawnSync(process.execPath, [join(projectRoot, "bin", "app.js")], { cwd: project, env, encoding: "utf8" });
      if (synth.status !== 0) throw new OfflineError(`synthesis failed (node bin/app.js, exit ${synth.status}):\n${synth.stderr}`);
    }

    const buildContext = resolve(project, config.buildContext);
    if (!buildContext.startsWith(root + sep)) throw new OfflineError(`buildContext ${config.buildContext} leaves the workspace`);
    const placeholder = placeBuildContext(buildContext, resolve(projectRoot, config.buildContext), options.buildContext ?? "link");

    const outdir = join(project, "cdktf.out");
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    const stacks = dependencyOrder(
      Object.entries<any>(manifest.stacks).map(([name, entry]) => ({
        name,
        dependencies: entry.dependencies ?? [],
        dir: join(outdir, entry.workingDirectory ?? join("stacks", name)),
      })),
    );
    const jsons = new Map<string, StackJson>(stacks.map((stack) => [stack.name, JSON.parse(readFileSync(join(stack.dir, "cdk.tf.json"), "utf8"))]));
    if (options.synthesized !== undefined) localizeState(jsons, stacks, options.synthesized);
    const served = new Map(jsons);
    if (options.alsoServe) {
      const stub = (types: readonly string[] = []) => Object.fromEntries(types.map((type) => [type, {}]));
      served.set("(also served)", { resource: stub(options.alsoServe.resources), data: stub(options.alsoServe.dataSources) });
    }
    // A kept workspace (--dir) may hold objects of a type the stacks no longer name.
    const states: StateJson[] = stacks
      .map((stack) => join(project, `terraform.${stack.name}.tfstate`))
      .filter((path) => existsSync(path))
      .map((path) => {
        try {
          return JSON.parse(readFileSync(path, "utf8")) as StateJson;
        } catch (error) {
          throw new OfflineError(`${path} is not a Terraform state (JSON) the simulator can read: ${(error as Error).message}; remove it or the --dir`);
        }
      });
    const simulator = await startSimulator(schemasForStacks(projectRoot, served, states), {
      failures: { fixed: [...(options.failures ?? []), ...fromEnvironment.fixed], ...(fromEnvironment.file ? { file: fromEnvironment.file } : {}) },
      resources: resourceConfigs(jsons),
    });

    // Terraform may install no provider from anywhere: the simulated ones are
    // attached, and any other would have to come from this empty mirror.
    const mirror = join(root, "no-provider-downloads");
    mkdirSync(mirror, { recursive: true });
    const cliConfig = join(root, "terraform.rc");
    writeFileSync(cliConfig, `disable_checkpoint = true\nprovider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
    const terraformEnv: NodeJS.ProcessEnv = {
      ...Object.fromEntries(Object.entries(env).filter(([name]) => !ignoredTerraformVariables.test(name))),
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_REATTACH_PROVIDERS: simulator.reattach,
    };
    return new OfflineWorkspace(root, throwaway, project, stacks, buildContext, placeholder, simulator, terraformEnv, options.timeoutSeconds ?? 120);
  }

  stack(name: string): StackInfo {
    const found = this.stacks.find((stack) => stack.name === name);
    if (!found) throw new OfflineError(`no stack ${name}: expected one of ${this.stacks.map((stack) => stack.name).join(", ")}`);
    return found;
  }

  /** Runs `terraform <args>` in a stack's directory; never rejects on a Terraform failure, only reports it. */
  terraform(stack: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<TerraformRun> {
    return this.terraformIn(this.stack(stack).dir, args, env, stack);
  }

  /** Runs `terraform <args>` in `dir` (a stack directory, or a copy of one inside the workspace). */
  terraformIn(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, stack = relative(this.project, dir)): Promise<TerraformRun> {
    if (this.closed) throw new OfflineError("the workspace is closed");
    return new Promise((resolvePromise) => {
      const child = spawn("terraform", args, { cwd: dir, env: { ...this.terraformEnv, ...env }, stdio: ["ignore", "pipe", "pipe"] });
      this.children.add(child);
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (chunk) => (stdout += chunk));
      child.stderr!.on("data", (chunk) => (stderr += chunk));
      const timer = setTimeout(() => {
        stderr += `\nkilled after ${this.timeoutSeconds} s`;
        child.kill("SIGKILL");
      }, this.timeoutSeconds * 1000);
      const finish = (code: number) => {
        clearTimeout(timer);
        this.children.delete(child);
        resolvePromise({ stack, args, code, stdout, stderr });
      };
      child.on("error", (error) => {
        stderr += `\n${error.message}`;
        finish(127);
      });
      child.on("close", (code, signal) => finish(code ?? (signal ? 128 : 1)));
    });
  }

  /**
   * Makes the simulator fail these applies from now on (an empty list: none),
   * replacing the failures in force; see sim/failures.ts for what each mode
   * returns to Terraform.
   */
  failApply(failures: readonly ApplyFailure[]): void {
    this.simulator.failApply(failures);
  }

  /** Where a stack's simulated state lives. */
  statePath(stack: string): string {
    return join(this.project, `terraform.${stack}.tfstate`);
  }

  get directory(): string {
    return this.root;
  }

  /** Process ids of the Terraform runs still going. */
  runningPids(): number[] {
    return [...this.children].map((child) => child.pid).filter((pid): pid is number => pid !== undefined);
  }

  /** Stops every Terraform run (and waits for it to end), the simulator, and removes a throwaway directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    const ended = [...this.children].map(
      (child) => new Promise<void>((resolveEnded) => (child.exitCode !== null || child.signalCode !== null ? resolveEnded() : child.once("close", () => resolveEnded()))),
    );
    for (const child of this.children) child.kill("SIGKILL");
    await Promise.race([Promise.all(ended), new Promise((resolveLater) => setTimeout(resolveLater, 5000).unref())]);
    await this.simulator.close();
    this.closeNow();
  }

  /**
   * The synchronous part of close(), for an exit handler: kills what still
   * runs without waiting (the process is ending; an orphan it leaves is
   * reaped by the system's init, if that reaps orphans).
   */
  closeNow(): void {
    for (const child of this.children) child.kill("SIGKILL");
    this.children.clear();
    if (!this.closed) void this.simulator.close();
    this.closed = true;
    if (this.throwaway) rmSync(this.root, { recursive: true, force: true });
    openWorkspaces.delete(this);
  }
}

/** Copies a synthesized cdktf.out, or fails naming the option and what it expected there. */
function copySynthesized(source: string, target: string, given: string): void {
  const expected = "expected the cdktf.out directory of a synth (manifest.json and stacks/<name>/cdk.tf.json)";
  if (!existsSync(source) || !lstatSync(source).isDirectory()) throw new OfflineError(`--synthesized ${given}: no such directory; ${expected}`);
  if (!existsSync(join(source, "manifest.json"))) throw new OfflineError(`--synthesized ${given}: no manifest.json there; ${expected}`);
  rmSync(target, { recursive: true, force: true });
  // Terraform's own files from a run elsewhere (.terraform, plans) are not the stacks: they are left behind.
  cpSync(source, target, { recursive: true, filter: (path) => !/(^|[\\/])(\.terraform|[^\\/]*\.tfplan)$/.test(path) });
}

type BackendJson = Record<string, Record<string, any>>;

/** A key naming where a backend keeps a state, comparable between a stack's backend and a remote-state read. */
function stateKey(type: string, config: Record<string, any>): string | undefined {
  if (type === "local") return config.path?.split(/[\\/]/).pop();
  if (type === "gcs") return `gcs:${config.bucket}/${config.prefix ?? ""}`;
  if (type === "remote" || type === "cloud") return `tfc:${config.organization}/${config.workspaces?.name ?? config.workspaces?.prefix ?? ""}`;
  return undefined;
}

/**
 * Points every stack of a synthesized copy at the workspace's local state:
 * its backend (gcs or Terraform Cloud would need the network) and each
 * terraform_remote_state read, matched to the stack whose backend it reads.
 * Rewrites the stacks' cdk.tf.json files and `jsons`.
 */
function localizeState(jsons: Map<string, StackJson>, stacks: readonly StackInfo[], given: string): void {
  const owners = new Map<string, string>();
  for (const [name, json] of jsons) {
    const cloud = json.terraform?.cloud;
    const [type, config] = cloud ? ["cloud", cloud] : Object.entries((json.terraform?.backend ?? {}) as BackendJson)[0] ?? [];
    const key = type ? stateKey(type, config) : undefined;
    if (key) owners.set(key, name);
  }
  for (const stack of stacks) {
    const json = jsons.get(stack.name)!;
    json.terraform = { ...json.terraform, backend: { local: { path: `../../../terraform.${stack.name}.tfstate` } } };
    delete json.terraform.cloud;
    for (const [id, read] of Object.entries<Record<string, any>>(json.data?.terraform_remote_state ?? {})) {
      const owner = owners.get(stateKey(read.backend, read.config ?? {}) ?? "");
      if (!owner) {
        throw new OfflineError(`--synthesized ${given}: stack ${stack.name} reads state through data.terraform_remote_state.${id} (backend ${read.backend}) that no stack of the manifest writes`);
      }
      json.data.terraform_remote_state[id] = { ...read, backend: "local", config: { path: `../../../terraform.${owner}.tfstate` } };
    }
    writeFileSync(join(stack.dir, "cdk.tf.json"), JSON.stringify(json, null, 2));
  }
}

/**
 * Makes the workspace's build context: a link to the project's (the real
 * model), or an empty directory when asked for one or when the project has
 * none. Returns whether an empty stand-in replaced a missing real one. A kept
 * workspace (--dir) follows the project: a stand-in becomes a link once the
 * project has a build context.
 */
function placeBuildContext(target: string, source: string, mode: "link" | "empty"): boolean {
  const current = lstatOrNull(target);
  const wantLink = mode === "link" && existsSync(source);
  if (current?.isSymbolicLink() && (!wantLink || readlinkSync(target) !== source)) rmSync(target);
  if (current?.isDirectory() && wantLink) {
    if (readdirSync(target).length > 0) throw new OfflineError(`${target} is a directory with files, not the link to ${source}: remove it`);
    rmSync(target, { recursive: true });
  }
  mkdirSync(dirname(target), { recursive: true });
  if (wantLink && !lstatOrNull(target)) symlinkSync(source, target, "dir");
  if (!wantLink) mkdirSync(target, { recursive: true });
  return mode === "link" && !wantLink;
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/** Stacks sorted so each comes after its dependencies; a cycle or unknown dependency is an OfflineError. */
export function dependencyOrder(stacks: readonly StackInfo[]): StackInfo[] {
  try {
    return deployOrder(stacks);
  } catch (error) {
    throw error instanceof StackOrderError ? new OfflineError(error.message) : error;
  }
}

/**
 * Runs `step` for every stack, each as soon as its dependencies' steps have
 * succeeded, independent ones in parallel. A stack whose dependency failed is
 * skipped (its result is undefined). Resolves when all are done.
 */
export async function inDependencyOrder<T>(
  stacks: readonly StackInfo[],
  step: (stack: StackInfo) => Promise<{ ok: boolean; result: T }>,
): Promise<Map<string, { ok: boolean; result?: T; skippedFor?: string }>> {
  const names = new Set(stacks.map((stack) => stack.name));
  const outcomes = new Map<string, { ok: boolean; result?: T; skippedFor?: string }>();
  const running = new Map<string, Promise<void>>();
  const start = (stack: StackInfo): Promise<void> => {
    let promise = running.get(stack.name);
    if (!promise) {
      promise = (async () => {
        const dependencies = stack.dependencies.filter((name) => names.has(name));
        await Promise.all(dependencies.map((name) => start(stacks.find((candidate) => candidate.name === name)!)));
        const failed = dependencies.find((name) => !outcomes.get(name)!.ok);
        if (failed) {
          outcomes.set(stack.name, { ok: false, skippedFor: outcomes.get(failed)!.skippedFor ?? failed });
          return;
        }
        const { ok, result } = await step(stack);
        outcomes.set(stack.name, { ok, result });
      })();
      running.set(stack.name, promise);
    }
    return promise;
  };
  await Promise.all(stacks.map(start));
  return outcomes;
}
