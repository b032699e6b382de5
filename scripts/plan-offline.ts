// `npm run plan:offline [stack...] [-- --dir DIR] [--synthesized DIR]`: a
// no-credentials preview. Synthesizes the app into a directory of its own (or
// copies an already synthesized cdktf.out there), then for each stack in
// dependency order runs real Terraform (init, validate, plan) against the
// provider simulator and a simulated state, and prints one line per stack.
// Each plan is then applied to the simulated state, so that later stacks read
// earlier stacks' outputs as they would after a real deploy. Exits 1 when
// Terraform reports any error.
import { appendFileSync, readFileSync } from "fs";
import { join, resolve } from "path";
import { ConfigError } from "../lib/config";
import { DigestError, digestPath } from "../lib/digest";
import { BindingsError } from "../sim/bindings";
import { GitError, headCommit } from "./git";
import { GITHUB_COMMENT_LIMIT, JsonPlan, renderPlan } from "./plan-review";
import { errorsOf, findTerraform, inDependencyOrder, jsonMessages, OfflineError, OfflineWorkspace, StackInfo, TerraformRun } from "../sim/offline";

const usage = `usage: npm run plan:offline [stack...] [-- --dir DIR] [--synthesized DIR] [--summary FILE]
  stack     plan only these stacks (and the stacks they read from); all by default
  --dir DIR keep the synthesized stacks and the simulated state in DIR, so the
            next run with the same DIR shows only what changed since this one
  --synthesized DIR
            plan this already synthesized cdktf.out (a CI artifact, a
            hand-edited copy) instead of synthesizing the app; its backends
            and remote-state reads are pointed at the simulated state
  --summary FILE
            append each stack's plan to FILE in the form of the plan
            comments, labelled as an offline plan (the job summary:
            $GITHUB_STEP_SUMMARY, or a file the job keeps)
Variables come from TF_VAR_* as with terraform; model_digest defaults to the
digest of the build context (npm run digest), model_commit to git's HEAD.`;

interface Arguments {
  readonly stacks: string[];
  readonly dir?: string;
  readonly synthesized?: string;
  readonly summary?: string;
}

function parseArguments(argv: readonly string[]): Arguments {
  const stacks: string[] = [];
  const options: { dir?: string; synthesized?: string; summary?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") throw new UsageError("");
    const option = /^--(dir|synthesized|summary)(?:=(.*))?$/.exec(arg);
    if (option) {
      const name = option[1] as "dir" | "synthesized" | "summary";
      const value = option[2] ?? argv[++i];
      if (!value) throw new UsageError(`--${name} needs a ${name === "summary" ? "file" : "directory"}`);
      options[name] = value;
    } else if (arg.startsWith("-")) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      stacks.push(arg);
    }
  }
  return { stacks, ...options };
}

class UsageError extends Error {}

interface StackReport {
  /** What follows the stack's name on its line. */
  readonly line: string;
  /** One line per planned change, shown when the plan does more than create. */
  readonly changes: string[];
  /** For --summary: the saved plan's JSON and text, or the errors of a failed step. */
  readonly review?: { readonly plan?: JsonPlan; readonly output: string; readonly exitStatus: number };
}

const symbols: Record<string, string> = { create: "+", update: "~", replace: "-/+", delete: "-", read: "<=" };

/** The stacks asked for and every stack they read from. */
function withDependencies(workspace: OfflineWorkspace, names: readonly string[]): StackInfo[] {
  if (names.length === 0) return [...workspace.stacks];
  const wanted = new Set<string>();
  const add = (name: string) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    workspace.stack(name).dependencies.forEach(add);
  };
  names.forEach(add);
  return workspace.stacks.filter((stack) => wanted.has(stack.name));
}

function failure(step: string, run: TerraformRun): { ok: false; result: StackReport } {
  const errors = errorsOf(run).map((text) => text.replace(/\s+/g, " "));
  const output = `terraform ${step} failed:\n${errors.map((error) => `Error: ${error}`).join("\n")}\n`;
  return { ok: false, result: { line: `FAILED at ${step}: ${errors.join(" | ")}`, changes: [], review: { output, exitStatus: run.code || 1 } } };
}

/** The saved plan as the plan comments read it: its JSON and its text. */
async function showPlan(workspace: OfflineWorkspace, stack: string, env: NodeJS.ProcessEnv): Promise<StackReport["review"]> {
  const json = await workspace.terraform(stack, ["show", "-json", "offline.tfplan"], env);
  const text = await workspace.terraform(stack, ["show", "-no-color", "offline.tfplan"], env);
  if (json.code !== 0 || text.code !== 0) return { output: `${text.stdout}${text.stderr}${json.stderr}`, exitStatus: 0 };
  return { plan: JSON.parse(json.stdout) as JsonPlan, output: text.stdout, exitStatus: 0 };
}

async function planStack(
  workspace: OfflineWorkspace,
  stack: StackInfo,
  env: NodeJS.ProcessEnv,
  validated: Promise<TerraformRun | undefined>,
  review: boolean,
  keepState: boolean,
) {
  const validation = await validated;
  if (validation) return failure(validation.args[0], validation);
  const plan = await workspace.terraform(stack.name, ["plan", "-input=false", "-lock=false", "-json", "-out=offline.tfplan"], env);
  if (plan.code !== 0) return failure("plan", plan);
  const messages = jsonMessages(plan);
  const summary = messages.find((message) => message.type === "change_summary")?.changes ?? { add: 0, change: 0, remove: 0 };
  const planned = messages.filter((message) => message.type === "planned_change").map((message) => message.change);
  const replaced = planned.filter((change) => change.action === "replace").length;
  const changes = planned.every((change) => change.action === "create")
    ? []
    : planned.map((change) => `    ${symbols[change.action] ?? change.action} ${change.resource.addr} (${change.action})`);
  const shown = review ? await showPlan(workspace, stack.name, env) : undefined;
  // The simulated state exists for the stacks that read this one, and for
  // the next run with --dir; without either, applying would only cost time.
  if (keepState) {
    const apply = await workspace.terraform(stack.name, ["apply", "-input=false", "-lock=false", "-json", "offline.tfplan"], env);
    if (apply.code !== 0) return failure("apply (to the simulated state)", apply);
  }
  const counts =
    summary.add + summary.change + summary.remove === 0
      ? "no changes"
      : `${summary.add} to add, ${summary.change} to change, ${summary.remove} to destroy${replaced ? ` (${replaced} replaced)` : ""}`;
  return { ok: true, result: { line: `valid; ${counts}`, changes, review: shown } };
}

/** True when the identity stack signs in keyless but trusts no CI platform yet. */
function withoutCiPlatform(workspace: OfflineWorkspace): boolean {
  const identity = workspace.stacks.find((stack) => stack.name === "identity");
  if (identity === undefined) return false;
  const json = JSON.parse(readFileSync(join(identity.dir, "cdk.tf.json"), "utf8"));
  const platforms = json.locals?.ci_platforms;
  return platforms !== undefined && Object.values(platforms).every((id) => id === "");
}

/**
 * Where a reader of the summary learns what the simulator does not check: the
 * page at the pipeline's commit, on GitHub or GitLab, or the path in the repository.
 */
function caveatsUrl(env: NodeJS.ProcessEnv): string {
  const page = "sim/README.md#what-is-real-and-what-is-simulated";
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA) return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}/${page}`;
  if (env.CI_PROJECT_URL && env.CI_COMMIT_SHA) return `${env.CI_PROJECT_URL}/-/blob/${env.CI_COMMIT_SHA}/${page}`;
  return page;
}

/**
 * The offline plans in the form of the plan comments, each labelled as an
 * offline plan. Each stack is held to a GitHub comment's length: a step's
 * summary may be 1 MiB (GitHub docs, "Adding a job summary").
 */
function offlineSummary(reviews: { stack: string; review: NonNullable<StackReport["review"]> }[], notes: string[]): string {
  const link = caveatsUrl(process.env);
  const head = `## Offline plans: Terraform against simulated providers\n\nNo provider API was called and no credential was used: these plans check the configuration, not the cloud ([what that does not check](${link})). ${notes.map((note) => `${note[0].toUpperCase()}${note.slice(1)}.`).join(" ")}\n`;
  const bodies = reviews.map(({ stack, review }) =>
    renderPlan({ stack, ...review, commit: process.env.GITHUB_SHA ?? process.env.CI_COMMIT_SHA, limit: GITHUB_COMMENT_LIMIT, offline: { caveatsUrl: link } }),
  );
  return `${head}\n${bodies.join("\n\n")}\n`;
}

function commitOrZeros(root: string): string {
  try {
    return headCommit(root);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    return "0".repeat(40);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArguments(argv);
  const terraform = findTerraform();
  if ("missing" in terraform) {
    process.stderr.write(`plan:offline needs terraform >= 1.7 on PATH: ${terraform.missing}\n`);
    return 1;
  }
  const started = Date.now();
  const root = resolve(__dirname, "..", "..");
  const workspace = await OfflineWorkspace.open({ projectRoot: root, dir: args.dir, buildContext: "link", synthesized: args.synthesized });
  try {
    const stacks = withDependencies(workspace, args.stacks);
    const env: NodeJS.ProcessEnv = {};
    if (process.env.TF_VAR_model_digest === undefined) env.TF_VAR_model_digest = digestPath(workspace.buildContext);
    // The commit the workload records; outside a git checkout (an unpacked
    // archive) a stand-in of zeros, which the plan only stores.
    if (process.env.TF_VAR_model_commit === undefined) env.TF_VAR_model_commit = commitOrZeros(root);
    // A preview has no prediction check: each environment records the digest
    // as checked, so the next one plans its promotion (stacks/workload.ts).
    if (process.env.TF_VAR_checked_model_digest === undefined) env.TF_VAR_checked_model_digest = env.TF_VAR_model_digest ?? process.env.TF_VAR_model_digest;
    // Keyless sign-in with no CI platform configured (a fork's pull request
    // has no repository variables): previewed anyway, and said below; a real
    // plan of identity refuses (stacks/identity.ts).
    const unconfigured = withoutCiPlatform(workspace);
    if (unconfigured) env.TF_VAR_preview_without_ci_platform = "true";

    // init and validate need no state: every stack at once.
    const validations = new Map(
      stacks.map((stack) => [
        stack.name,
        (async () => {
          const init = await workspace.terraform(stack.name, ["init", "-input=false", "-no-color"]);
          if (init.code !== 0) return init;
          const validate = await workspace.terraform(stack.name, ["validate", "-json", "-no-color"]);
          return validate.code === 0 ? undefined : validate;
        })(),
      ]),
    );
    const read = (stack: StackInfo) => stacks.some((other) => other.dependencies.includes(stack.name));
    const outcomes = await inDependencyOrder(stacks, (stack) =>
      planStack(workspace, stack, env, validations.get(stack.name)!, args.summary !== undefined, args.dir !== undefined || read(stack)),
    );

    const width = Math.max(...stacks.map((stack) => stack.name.length));
    for (const stack of stacks) {
      const outcome = outcomes.get(stack.name)!;
      const line = outcome.result?.line ?? `skipped: ${outcome.skippedFor} failed`;
      process.stdout.write(`${stack.name.padEnd(width)}  ${line}\n`);
      for (const change of outcome.result?.changes ?? []) process.stdout.write(`${change}\n`);
    }
    const notes = [
      `${stacks.length} stacks in ${((Date.now() - started) / 1000).toFixed(1)} s, terraform ${terraform.version} against the provider simulator: no provider API was called; sim/README.md says what it does not check`,
      workspace.placeholderBuildContext ? "no build context in the project: the workload was planned with an empty one" : "",
      unconfigured
        ? "keyless sign-in trusts no CI platform yet (set CI_GITHUB_REPOSITORY, CI_GITHUB_REPOSITORY_ID and CI_GITHUB_OWNER_ID, or the CI_GITLAB_* settings): previewed anyway; a real plan or deploy of identity refuses until then"
        : "",
      args.synthesized ? `planned ${join(args.synthesized)} as synthesized, without synthesizing the app` : "",
      args.dir ? `state kept in ${join(args.dir)}` : "",
    ].filter(Boolean);
    process.stdout.write(notes.map((note) => `(${note})\n`).join(""));
    if (args.summary) {
      const reviews = stacks.map((stack) => {
        const outcome = outcomes.get(stack.name)!;
        return { stack: stack.name, review: outcome.result?.review ?? { output: `skipped: ${outcome.skippedFor} failed\n`, exitStatus: 1 } };
      });
      appendFileSync(args.summary, offlineSummary(reviews, notes));
    }
    return [...outcomes.values()].every((outcome) => outcome.ok) ? 0 : 1;
  } finally {
    await workspace.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) {
      if (!error.message) process.stdout.write(`${usage}\n`); // --help
      else process.stderr.write(`${error.message}\n${usage}\n`);
      process.exit(error.message ? 2 : 0);
    }
    if (error instanceof OfflineError || error instanceof ConfigError || error instanceof BindingsError || error instanceof DigestError) {
      process.stderr.write(`plan:offline: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  },
);
