// The scripts the pipelines call, run as CI runs them: in a synthesized
// project, with a fake terraform that answers with real Terraform output.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "fs";
import { join } from "path";
import { loadConfig } from "../lib/config";
import { digestPath } from "../lib/digest";
import { GITHUB_COMMENT_LIMIT, GITLAB_NOTE_LIMIT, JsonPlan, renderPlan } from "../scripts/plan-review";
import { planComment, summarizePlan } from "../scripts/plan-summary";
import type { RecordedPlan } from "./fixtures/record-plans";
import { CiProject } from "./ci-project";
import { modelServer } from "./model-stand-in";
import { DeployProject, git, outputs } from "./deploy-project";
import { loadRecording, replayServer } from "./replay";
import { defaultContext, root } from "./support";

function plan(name: string): string {
  return readFileSync(join(root, "__tests__", "fixtures", "plans", `${name}.txt`), "utf8");
}

const INIT = { stdout: "\nTerraform has been successfully initialized!\n" };

/** A plan recorded with real Terraform and the simulator (fixtures/plans/json/). */
function recorded(name: string): RecordedPlan {
  return JSON.parse(readFileSync(join(root, "__tests__", "fixtures", "plans", "json", `${name}.json`), "utf8"));
}

/** The fake terraform's answers for a plan that succeeds and is shown as `recording`'s JSON. */
function planned(recording: RecordedPlan) {
  return { init: INIT, plan: { stdout: recording.output }, show: { stdout: JSON.stringify(recording.plan) } };
}

// Each test has its own project directory: they run side by side.
describe("npm run plan:stack", { concurrency: true }, () => {
  it("plans a platform stack without refresh, saves the plan, records it with its JSON and writes GitLab's report", async () => {
    const project = new CiProject();
    const cluster = recorded("network-replaces-cluster");
    // Stands for the file terraform plan -out writes (the stand-in writes none).
    const saved = project.path("cdktf.out", "stacks", "cluster", "plan-stack.tfplan");
    writeFileSync(saved, "saved plan");
    const run = await project.run("plan-stack", ["cluster", "--gitlab-report", "report.json"], planned(cluster));
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(project.terraformCalls(), [
      "cdktf.out/stacks/cluster: init -input=false -no-color",
      "cdktf.out/stacks/cluster: plan -input=false -no-color -lock=false -refresh=false -out=plan-stack.tfplan",
      "cdktf.out/stacks/cluster: show -json -no-color plan-stack.tfplan",
    ]);
    assert.equal(project.read("plans", "cluster.txt"), cluster.output);
    assert.equal(project.read("plans", "cluster.exitcode"), "0\n");
    assert.deepEqual(JSON.parse(project.read("plans", "cluster.plan.json")), cluster.plan);
    assert.equal(existsSync(saved), false, "the saved plan, state included, is removed once shown");
    // It holds sensitive values in plain: its owner alone may read it.
    assert.equal(statSync(project.path("plans", "cluster.plan.json")).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(project.read("report.json")), { create: 3, update: 0, delete: 3 });
    assert.ok(run.stdout.endsWith("\ncluster: Plan: 3 to add, 0 to change, 3 to destroy.\n"));
  });

  it("records the plan without JSON, and says why, when terraform cannot show the saved plan; and drops an earlier run's JSON", async () => {
    const project = new CiProject();
    await project.run("plan-stack", ["cluster"], planned(recorded("network-replaces-cluster")));
    const run = await project.run("plan-stack", ["cluster"], { init: INIT, plan: { stdout: plan("replace") }, show: { status: 1, stderr: "Error: Failed to read the given file as a state or plan file\n" } });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^plan:stack: terraform show -json plan-stack.tfplan failed \(exit status 1\); the comment shows the text plan only:\nError: Failed to read/);
    assert.equal(project.read("plans", "cluster.txt"), plan("replace"));
    assert.equal(existsSync(project.path("plans", "cluster.plan.json")), false);
  });

  it("records the plan without JSON when what terraform shows is not JSON", async () => {
    const project = new CiProject();
    const run = await project.run("plan-stack", ["cluster"], { init: INIT, plan: { stdout: plan("replace") }, show: { stdout: "Terraform will perform the following actions:\n" } });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^plan:stack: terraform show -json plan-stack.tfplan gave no JSON \(.*\); the comment shows the text plan only\n$/);
    assert.equal(existsSync(project.path("plans", "cluster.plan.json")), false);
  });

  it("plans the workload stack without refresh, with the digest of the build context and the pull request's commit", async () => {
    const project = new DeployProject();
    const run = await project.run("plan-stack", ["workload"], { init: INIT, plan: { stdout: plan("no-changes") } });
    assert.equal(run.status, 0, run.stderr);
    const digest = digestPath(project.path("model-server"));
    const commit = git(project.dir, "rev-parse", "HEAD");
    assert.equal(
      project.terraformCalls()[1],
      `cdktf.out/stacks/workload: plan -input=false -no-color -lock=false -refresh=false -out=plan-stack.tfplan -var model_digest=${digest} -var model_commit=${commit}`,
    );
    assert.ok(run.stdout.endsWith("\nworkload: No changes.\n"));
  });

  it("takes no lock on Terraform Cloud either: a workspace in local execution mode locks like the local backend unless -lock=false", async () => {
    const project = new CiProject({ backend: "cloud", tfcOrganization: "acme-ml" });
    const run = await project.run("plan-stack", ["registry"], { init: INIT, plan: { stdout: plan("no-changes") } });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(project.terraformCalls()[1], "cdktf.out/stacks/registry: plan -input=false -no-color -lock=false -refresh=false -out=plan-stack.tfplan");
  });

  it("removes the partial plan Terraform saves when planning fails, and records no JSON", async () => {
    const project = new CiProject();
    // What terraform plan -out leaves behind on an error: a partial plan, state included.
    writeFileSync(project.path("cdktf.out", "stacks", "cluster", "plan-stack.tfplan"), "partial plan");
    const run = await project.run("plan-stack", ["cluster"], { init: INIT, plan: { status: 1, stderr: plan("invalid-digest") } });
    assert.equal(run.status, 1);
    assert.equal(existsSync(project.path("cdktf.out", "stacks", "cluster", "plan-stack.tfplan")), false);
    assert.equal(existsSync(project.path("plans", "cluster.plan.json")), false);
    assert.ok(!project.terraformCalls().some((call) => call.includes(": show ")), "a failed plan is not shown");
  });

  it("records a failed plan as failed, exits with its status and writes no report", async () => {
    const project = new DeployProject();
    const run = await project.run("plan-stack", ["workload", "--gitlab-report", "report.json"], { init: INIT, plan: { status: 1, stderr: plan("invalid-digest") } });
    assert.equal(run.status, 1);
    assert.equal(project.read("plans", "workload.exitcode"), "1\n");
    assert.equal(existsSync(project.path("report.json")), false);
    assert.ok(run.stdout.endsWith("\nworkload: Plan failed (exit status 1): Error: Invalid value for variable\n"));
  });

  it("records a failed init as the plan's failure", async () => {
    const project = new CiProject();
    const denied = "\nError: Failed to get existing workspaces: querying Cloud Storage failed: googleapi: Error 403: denied\n";
    const run = await project.run("plan-stack", ["identity"], { init: { status: 1, stderr: denied } });
    assert.equal(run.status, 1);
    assert.equal(project.terraformCalls().length, 1);
    assert.equal(project.read("plans", "identity.txt"), denied);
  });

  it("refuses local state in CI before running terraform, and records why", async () => {
    const project = new CiProject({ backend: "local" });
    const run = await project.run("plan-stack", ["identity"]);
    assert.equal(run.status, 1);
    assert.deepEqual(project.terraformCalls(), []);
    const why = 'plan:stack: backend is "local" in CI: expected gcs or cloud, so that CI works on the team\'s state; set the CI variable CDKTF_BACKEND\n';
    assert.equal(run.stderr, why);
    assert.equal(project.read("plans", "identity.txt"), why);
  });

  it("names the stacks it knows when given another", async () => {
    const run = await new CiProject().run("plan-stack", ["workloads"]);
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'plan:stack: stack is "workloads": expected one of identity, registry, cluster, workload\n');
  });
});

/** A pull request's project with environments staging and production: workload-staging beside workload. */
function twoEnvironments(): DeployProject {
  const project = new DeployProject({ backend: "gcs", environments: ["staging", "production"] });
  mkdirSync(project.path("cdktf.out", "stacks", "workload-staging"), { recursive: true });
  const stacks = ["identity", "registry", "cluster", "workload-staging", "workload"];
  writeFileSync(project.path("cdktf.out", "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: Object.fromEntries(stacks.map((name) => [name, { name }])) }));
  return project;
}

/** What `terraform state pull` prints for a deployed workload state with these outputs. */
function workloadState(values: Record<string, string>) {
  const outputs = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value, type: "string" }]));
  return { stdout: JSON.stringify({ version: 4, serial: 7, outputs, resources: [{ mode: "managed", type: "terraform_data", name: "deployed", instances: [{ attributes: {} }] }] }) };
}

const STAGED = `sha256:${"4".repeat(64)}`;
const STAGED_COMMIT = "c".repeat(40);
const RUNNING = `sha256:${"1".repeat(64)}`;
const RUNNING_COMMIT = "b".repeat(40);

describe("npm run plan:stack with two environments", { concurrency: true }, () => {
  it("plans staging, the first, with the pull request's model and says it is what the merge deploys there", async () => {
    const project = twoEnvironments();
    const run = await project.run("plan-stack", ["workload-staging"], planned(recorded("new-model")));
    assert.equal(run.status, 0, run.stderr);
    const digest = digestPath(project.path("model-server"));
    const commit = git(project.dir, "rev-parse", "HEAD");
    assert.deepEqual(project.terraformCalls().slice(0, 2), [
      "cdktf.out/stacks/workload-staging: init -input=false -no-color",
      `cdktf.out/stacks/workload-staging: plan -input=false -no-color -lock=false -refresh=false -out=plan-stack.tfplan -var model_digest=${digest} -var model_commit=${commit}`,
    ]);
    const line = "plan:stack: environment staging: planned with the pull request's model, what the merge deploys to staging\n";
    assert.ok(project.read("plans", "workload-staging.txt").startsWith(line));
    assert.ok(run.stdout.startsWith(line), run.stdout);
  });

  it("a failed init of an environment's stack is recorded as failed, still naming the environment", async () => {
    const project = twoEnvironments();
    const run = await project.run("plan-stack", ["workload-staging"], { init: { status: 1, stderr: "\nError: Backend initialization required\n" } });
    assert.equal(run.status, 1);
    assert.equal(
      project.read("plans", "workload-staging.txt"),
      "plan:stack: environment staging: planned with the pull request's model, what the merge deploys to staging\n\nError: Backend initialization required\n",
    );
  });

  it("plans production with what staging deployed and checked, read from staging's state as the read-only planner reads it", async () => {
    const project = twoEnvironments();
    const answers = { ...planned(recorded("new-model")), state: workloadState({ model_digest: STAGED, checked_model_digest: STAGED, checked_model_commit: STAGED_COMMIT }) };
    const run = await project.run("plan-stack", ["workload"], answers);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(project.terraformCalls().slice(0, 4), [
      "cdktf.out/stacks/workload-staging: init -input=false -no-color",
      "cdktf.out/stacks/workload-staging: state pull",
      "cdktf.out/stacks/workload: init -input=false -no-color",
      `cdktf.out/stacks/workload: plan -input=false -no-color -lock=false -refresh=false -out=plan-stack.tfplan -var model_digest=${STAGED} -var model_commit=${STAGED_COMMIT}`,
    ]);
    const record = project.read("plans", "workload.txt");
    assert.ok(
      record.startsWith(`plan:stack: environment production: planned with the model staging deployed and checked (${STAGED}, commit ${STAGED_COMMIT}), what a promotion deploys to production\n`),
      record,
    );
    assert.deepEqual(summarizePlan(record, 0).environment, {
      name: "production",
      says: `planned with the model staging deployed and checked (${STAGED}, commit ${STAGED_COMMIT}), what a promotion deploys to production`,
      planned: true,
    });
  });

  it("with nothing checked in staging, plans nothing, exits 0 and says what production runs and that a promotion would change nothing", async () => {
    const project = twoEnvironments();
    const states = [workloadState({ model_digest: STAGED, model_commit: STAGED_COMMIT, checked_model_digest: "" }), workloadState({ model_digest: RUNNING, model_commit: RUNNING_COMMIT })];
    const run = await project.run("plan-stack", ["workload", "--gitlab-report", "report.json"], { init: INIT, state: states });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(project.terraformCalls().some((call) => call.includes(": plan ")), false, project.terraformCalls().join("\n"));
    const says = `staging runs ${STAGED} (commit ${STAGED_COMMIT}), whose prediction check has not passed there, so a promotion has nothing to deploy and would change nothing; production runs ${RUNNING} (commit ${RUNNING_COMMIT})`;
    assert.equal(project.read("plans", "workload.txt"), `plan:stack: environment production: not planned: ${says}\n`);
    assert.ok(run.stdout.endsWith(`\nworkload: Not planned: ${says}\n`), run.stdout);
    assert.deepEqual(JSON.parse(project.read("report.json")), { create: 0, update: 0, delete: 0 });
    const comment = renderPlan({ stack: "workload", output: project.read("plans", "workload.txt"), exitStatus: 0, limit: GITHUB_COMMENT_LIMIT });
    assert.equal(comment, `<!-- cdktf-plan:workload -->\n**Plan of stack \`workload\`:** not planned. **Environment \`production\`:** ${says.replace(/sha256:[0-9a-f]{64}|[0-9a-f]{40}/g, (value) => `\`${value}\``)}.`);
  });

  it("says so when staging or production was never deployed", async () => {
    const project = twoEnvironments();
    const empty = { stdout: "" };
    const run = await project.run("plan-stack", ["workload"], { init: INIT, state: empty });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      project.read("plans", "workload.txt"),
      "plan:stack: environment production: not planned: staging has no model deployed, so a promotion has nothing to deploy and would change nothing; production runs no model yet\n",
    );
  });

  it("fails, naming the stack and why, when staging's state cannot be read or its record is malformed", async () => {
    const unreadable = twoEnvironments();
    const denied = "\nError: Failed to get existing workspaces: querying Cloud Storage failed: googleapi: Error 401: Invalid Credentials, authError\n";
    const run = await unreadable.run("plan-stack", ["workload"], { init: { status: 1, stderr: denied } });
    assert.equal(run.status, 1);
    assert.match(
      unreadable.read("plans", "workload.txt"),
      /^plan:stack: stack workload-staging's state could not be read \(unknown: terraform init failed: Error: Failed to get existing workspaces: .*\), so what staging deployed and checked, and so what a promotion to production would deploy is unknown\n$/,
    );

    const malformed = twoEnvironments();
    const state = workloadState({ model_digest: STAGED, checked_model_digest: STAGED, checked_model_commit: "HEAD" });
    assert.equal((await malformed.run("plan-stack", ["workload"], { init: INIT, state })).status, 1);
    assert.equal(malformed.read("plans", "workload.txt"), `plan:stack: stack workload-staging's output checked_model_commit is "HEAD": expected a commit id of 40 lowercase hex digits\n`);
    assert.equal(malformed.terraformCalls().some((call) => call.includes(": plan ")), false);
  });
});


// A server on loopback answers in milliseconds; 60 s per attempt is far from
// any time it takes, even on a loaded machine, so "attempt 1" never depends on speed.
const SMOKE_FAST = ["--attempts", "2", "--delay-ms", "10", "--timeout-ms", "60000"];

describe("npm run deploy:workload", { concurrency: true }, () => {
  it("deploys a new model: plans with its digest and commit, applies that plan, smoke-tests the URL and reports it", async () => {
    const project = new DeployProject();
    const server = await modelServer(200);
    try {
      const digest = digestPath(project.path("model-server"));
      const commit = git(project.dir, "rev-parse", "HEAD");
      const started = Date.now();
      const run = await project.run("deploy-workload", ["--outputs", "outputs.env", ...SMOKE_FAST], {
        init: INIT,
        // No state before; the record and the Service's URL after the apply.
        "output -json": [outputs(), outputs(), outputs({ model_digest: digest, model_commit: commit, url: server.url })],
        plan: { status: 2, stdout: plan("changes") },
        apply: { stdout: "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.\n" },
      }, { GITHUB_STEP_SUMMARY: project.path("summary.md") });
      assert.equal(run.status, 0, run.stderr);
      const stack = "cdktf.out/stacks/workload";
      // The record keeps the time of the deploy, read from its clock while it ran.
      const deployedAt = /deployed_at=(\S+)/.exec(project.terraformCalls().join("\n"))![1];
      assert.ok(Date.parse(deployedAt) >= started && Date.parse(deployedAt) <= Date.now(), deployedAt);
      assert.deepEqual(project.terraformCalls(), [
        `${stack}: init -input=false -no-color`,
        `${stack}: output -json`,
        `${stack}: plan -input=false -no-color -detailed-exitcode -lock-timeout=5m -out=deploy.tfplan -var model_digest=${digest} -var model_commit=${commit} -var rolled_back_from= -var deployed_at=${deployedAt} -var verify_rollout=true`,
        `${stack}: output -json`,
        `${stack}: apply -input=false -no-color -lock-timeout=5m deploy.tfplan`,
        `${stack}: output -json`,
      ]);
      assert.match(run.stdout, /no model deployed yet\n/);
      assert.match(run.stdout, new RegExp(`smoke test passed: GET ${server.url}/docs answered 200 \\(attempt 1 of 2\\)\\n`));
      assert.match(run.stdout, new RegExp(`prediction check passed: POST ${server.url}/predict answered 200 with predictions\\n`));
      assert.equal(
        project.read("summary.md"),
        `## Deploy: model ${digest} deployed\n\n| | |\n|---|---|\n` +
          `| URL | ${server.url} ([API docs](${server.url}/docs)) |\n| Model digest | \`${digest}\` |\n| Model commit | \`${commit}\` |\n| Previously deployed | nothing |\n` +
          `| Smoke test | GET ${server.url}/docs answered 200 (attempt 1 of 2); POST ${server.url}/predict answered 200 with predictions |\n`,
      );
      assert.equal(project.read("outputs.env"), `DEPLOY_URL=${server.url}\nMODEL_DIGEST=${digest}\nMODEL_COMMIT=${commit}\nDEPLOYED=true\n`);
    } finally {
      server.close();
    }
  });

  /** A deploy whose model and commit are the deployed ones, against a model server answering `status`. */
  async function deployUnchanged(status: number) {
    const project = new DeployProject();
    const server = await modelServer(status);
    const digest = digestPath(project.path("model-server"));
    const commit = git(project.dir, "rev-parse", "HEAD");
    try {
      const run = await project.run("deploy-workload", ["--outputs", "outputs.env", ...SMOKE_FAST], {
        init: INIT,
        "output -json": outputs({ model_digest: digest, model_commit: commit, url: server.url }),
      }, { GITHUB_STEP_SUMMARY: project.path("summary.md") });
      return { project, run, digest, commit, url: server.url };
    } finally {
      server.close();
    }
  }

  it('says "model unchanged, nothing deployed" when the digest is the deployed one, plans and applies nothing, and still smoke-tests', async () => {
    const { project, run, digest, commit, url } = await deployUnchanged(200);
    assert.equal(run.status, 0, run.stderr);
    const stack = "cdktf.out/stacks/workload";
    assert.deepEqual(project.terraformCalls(), [
      `${stack}: init -input=false -no-color`,
      `${stack}: output -json`,
    ]);
    assert.match(run.stdout, new RegExp(`deployed model digest: ${digest}, commit: ${commit}\ncommit ${commit} is the deployed one\n`));
    assert.match(run.stdout, /\nmodel unchanged, nothing deployed\n/);
    assert.ok(project.read("summary.md").startsWith("## Deploy: model unchanged, nothing deployed\n"));
    assert.match(project.read("summary.md"), new RegExp(`\\| Smoke test \\| GET ${url}/docs answered 200`));
    assert.equal(project.read("outputs.env"), `DEPLOY_URL=${url}\nMODEL_DIGEST=${digest}\nMODEL_COMMIT=${commit}\nDEPLOYED=false\n`);
  });

  it("fails a re-run with an unchanged model while the model does not answer", async () => {
    const { run, url } = await deployUnchanged(503);
    assert.notEqual(run.status, 0);
    assert.match(run.stdout, /model unchanged, nothing deployed\n/);
    assert.match(run.stderr, new RegExp(`${url}/docs`));
  });

  it("with --force, applies the workload stack's other changes under the same digest", async () => {
    const project = new DeployProject();
    const server = await modelServer(200);
    try {
      const digest = digestPath(project.path("model-server"));
      const run = await project.run("deploy-workload", ["--force", ...SMOKE_FAST], {
        init: INIT,
        "output -json": outputs({ model_digest: digest, model_commit: git(project.dir, "rev-parse", "HEAD"), url: server.url }),
        plan: { status: 2, stdout: "  # kubernetes_horizontal_pod_autoscaler_v2.autoscaler will be updated in-place\nPlan: 0 to add, 1 to change, 0 to destroy.\n" },
        apply: { stdout: "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.\n" },
      }, { GITHUB_STEP_SUMMARY: project.path("summary.md") });
      assert.equal(run.status, 0, run.stderr);
      assert.ok(project.terraformCalls().includes("cdktf.out/stacks/workload: apply -input=false -no-color -lock-timeout=5m deploy.tfplan"));
      assert.ok(project.read("summary.md").startsWith("## Deploy: model unchanged, workload settings applied\n"));
    } finally {
      server.close();
    }
  });

  /** A deploy of a new model (a second commit) whose apply succeeds, asking the model at `url`. */
  async function deployNewModel(url: string) {
    const project = new DeployProject();
    const deployed = git(project.dir, "rev-parse", "HEAD");
    project.commit("second model");
    const run = await project.run("deploy-workload", SMOKE_FAST, {
      init: INIT,
      "output -json": outputs({ model_digest: `sha256:${"a".repeat(64)}`, model_commit: deployed, url }),
      plan: { status: 2, stdout: plan("replace") },
      apply: { stdout: "Apply complete!\n" },
    }, { GITHUB_STEP_SUMMARY: project.path("summary.md") });
    return { project, run };
  }

  it("fails when the deployed server does not answer, naming the URL and what was seen", async () => {
    const server = await modelServer(404);
    try {
      const { project, run } = await deployNewModel(server.url);
      assert.equal(run.status, 1);
      const seen = `GET ${server.url}/docs never answered 200 in 2 attempt(s); last: answered 404 Not Found`;
      assert.equal(run.stderr, `deploy:workload: ${seen}\n`);
      assert.match(project.read("summary.md"), new RegExp(`^## Deploy failed\\n\\nModel digest \`sha256:[0-9a-f]{64}\`: ${seen.replace(/[()]/g, "\\$&")}\\n$`));
    } finally {
      server.close();
    }
  });

  it("fails when the model starts but answers the sample prediction with 500, naming the URL, the request and the answer", async () => {
    const server = await modelServer(200, { status: 500, body: "Internal Server Error" });
    try {
      const { run } = await deployNewModel(server.url);
      assert.equal(run.status, 1);
      assert.match(run.stdout, new RegExp(`smoke test passed: GET ${server.url}/docs answered 200`));
      assert.equal(
        run.stderr,
        `deploy:workload: POST ${server.url}/predict with {"data":[[5.1,3.5,1.4,0.2]]} answered 500: Internal Server Error; expected status 200\n`,
      );
    } finally {
      server.close();
    }
  });

  it("stops before applying when the plan fails", async () => {
    const project = new DeployProject();
    const run = await project.run("deploy-workload", [], {
      init: INIT,
      "output -json": outputs(),
      plan: { status: 1, stderr: plan("invalid-digest") },
    });
    assert.equal(run.status, 1);
    assert.equal(run.stderr.split("\n").at(-2), "deploy:workload: terraform plan failed with exit status 1: see its output above");
    assert.ok(!project.terraformCalls().some((call) => call.includes(": apply")));
  });
});

describe("npm run plan:comment", { concurrency: true }, () => {
  const TOKEN = "ghs_cli0000000000000000000000000000";
  const GITLAB_TOKEN = "glpat-test00000000000000";
  const HEAD = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";

  function event(project: CiProject): string {
    const file = project.path("event.json");
    writeFileSync(file, JSON.stringify({ pull_request: { number: 7, head: { sha: HEAD } } }));
    return file;
  }

  async function comment(project: CiProject, stack: string, body: string, recording = "create-comment", args: string[] = []) {
    const server = await replayServer(loadRecording(recording), body, TOKEN);
    try {
      const run = await project.run("plan-comment", [stack, ...args], {}, {
        GITHUB_ACTIONS: "true",
        GITHUB_TOKEN: TOKEN,
        GITHUB_REPOSITORY: "acme/mlops-classifier",
        GITHUB_EVENT_PATH: event(project),
        GITHUB_API_URL: server.apiUrl,
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_RUN_ID: "4242",
        GITHUB_STEP_SUMMARY: project.path("summary.md"),
      });
      server.done();
      return run;
    } finally {
      await server.close();
    }
  }

  /** The comment of `recording` as plan:comment builds it on GitHub. */
  function githubBody(stack: string, recording: RecordedPlan): string {
    const runUrl = "https://github.com/acme/mlops-classifier/actions/runs/4242";
    return renderPlan({ stack, plan: recording.plan as JsonPlan, output: recording.output, exitStatus: 0, commit: HEAD, runUrl, limit: GITHUB_COMMENT_LIMIT });
  }

  it("posts the stack's plan, built from its JSON, to the pull request, the job summary and plans/<stack>.md", async () => {
    const project = new DeployProject();
    const model = recorded("new-model");
    await project.run("plan-stack", ["workload"], planned(model));
    const body = githubBody("workload", model);
    assert.ok(body.includes("**Model:** `sha256:3fec85d94460` → `sha256:344c0b479362`"));
    const run = await comment(project, "workload", body);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "workload: Plan: 3 to add, 1 to change, 3 to destroy.\ncreated GitHub comment https://github.com/acme/mlops-classifier/pull/7#issuecomment-1897342\n");
    assert.equal(project.read("summary.md"), `${body}\n`);
    assert.equal(project.read("plans", "workload.md"), body);
  });

  it("leaves a contributor's comment that carries the marker alone, posts its own, and says so in the job output", async () => {
    const project = new DeployProject();
    const model = recorded("new-model");
    await project.run("plan-stack", ["workload"], planned(model));
    const run = await comment(project, "workload", githubBody("workload", model), "planted-marker");
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout.split("\n").slice(1).join("\n"),
      "created GitHub comment https://github.com/acme/mlops-classifier/pull/7#issuecomment-1897342\n" +
        "left alone GitHub comment https://github.com/acme/mlops-classifier/pull/7#issuecomment-1897001 by mallory: it carries the marker of stack workload, but the pipeline did not write it\n",
    );
  });

  it("fails, naming --author, when the token posts as someone else; and refuses an --author that is no GitHub login", async () => {
    const project = new DeployProject();
    const model = recorded("new-model");
    await project.run("plan-stack", ["workload"], planned(model));
    const run = await comment(project, "workload", githubBody("workload", model), "other-author");
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^plan:comment: the GitHub comment \S+ was posted as octocat, not as github-actions\[bot\] \(plan:comment --author\)/);
    const bad = await project.run("plan-comment", ["workload", "--author", "octo cat"], {}, { GITHUB_ACTIONS: "true" });
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr, 'plan:comment: --author is "octo cat": expected a GitHub login, such as github-actions[bot] or my-app[bot]\n');
  });

  it("posts a failed plan when the plan never ran", async () => {
    const project = new CiProject();
    const output = "No plan of stack workload was made: a step before it failed (see the job log).";
    const body = planComment({
      stack: "workload",
      summary: summarizePlan(output, 1),
      output,
      commit: HEAD,
      runUrl: "https://github.com/acme/mlops-classifier/actions/runs/4242",
    });
    assert.equal(body.split("\n")[1], "**Plan failed (exit status 1): see the full output**");
    const run = await comment(project, "workload", body);
    assert.equal(run.status, 0, run.stderr);
  });

  function gitlabEnv(apiUrl: string, token?: string): Record<string, string> {
    return {
      GITLAB_CI: "true",
      ...(token ? { GITLAB_NOTE_TOKEN: token } : {}),
      CI_API_V4_URL: apiUrl,
      CI_MERGE_REQUEST_PROJECT_ID: "4711",
      CI_MERGE_REQUEST_IID: "7",
      CI_MERGE_REQUEST_PROJECT_URL: "https://gitlab.com/acme/mlops-classifier",
      CI_COMMIT_SHA: HEAD,
      CI_JOB_URL: "https://gitlab.com/acme/mlops-classifier/-/jobs/8812",
    };
  }

  it("keeps the stack's note on a GitLab merge request, as the token's user, leaving a contributor's marked note alone", async () => {
    const project = new DeployProject();
    const model = recorded("new-model");
    await project.run("plan-stack", ["workload"], planned(model));
    const body = renderPlan({
      stack: "workload",
      plan: model.plan as JsonPlan,
      output: model.output,
      exitStatus: 0,
      commit: HEAD,
      runUrl: "https://gitlab.com/acme/mlops-classifier/-/jobs/8812",
      limit: GITLAB_NOTE_LIMIT,
    });
    const server = await replayServer(loadRecording("planted-marker", "gitlab"), body, GITLAB_TOKEN);
    try {
      const run = await project.run("plan-comment", ["workload"], {}, gitlabEnv(server.apiUrl, GITLAB_TOKEN));
      server.done();
      assert.equal(run.status, 0, run.stderr);
      assert.equal(
        run.stdout,
        "workload: Plan: 3 to add, 1 to change, 3 to destroy.\n" +
          "created GitLab note https://gitlab.com/acme/mlops-classifier/-/merge_requests/7#note_530\n" +
          "left alone GitLab note https://gitlab.com/acme/mlops-classifier/-/merge_requests/7#note_502 by mallory: it carries the marker of stack workload, but the pipeline did not write it\n",
      );
      assert.equal(project.read("plans", "workload.md"), body);
    } finally {
      await server.close();
    }
  });

  it("without GITLAB_NOTE_TOKEN, writes the note's text to the job log and plans/<stack>.md, and says why no note was written", async () => {
    const project = new CiProject();
    const registry = recorded("no-changes");
    await project.run("plan-stack", ["registry"], planned(registry));
    const run = await project.run("plan-comment", ["registry"], {}, gitlabEnv("https://gitlab.com/api/v4"));
    assert.equal(run.status, 0, run.stderr);
    const body = "<!-- cdktf-plan:registry -->\n**Plan of stack `registry` at `9f8e7d6`:** no changes.";
    assert.equal(
      run.stdout,
      `registry: No changes.\nGITLAB_NOTE_TOKEN is not set (docs/continuous-deployment.md, "Plan comments"): no note written, the plan is below\n\n${body}\n`,
    );
    assert.equal(project.read("plans", "registry.md"), body);
  });

  it("refuses to run outside GitHub Actions and GitLab CI, and a GitLab pipeline that is not a merge request's", async () => {
    const project = new CiProject();
    const outside = await project.run("plan-comment", ["registry"]);
    assert.equal(outside.status, 1);
    assert.equal(outside.stderr, 'plan:comment: neither GITHUB_ACTIONS nor GITLAB_CI is "true": expected a GitHub Actions or GitLab CI job\n');
    const branch = await project.run("plan-comment", ["registry"], {}, { GITLAB_CI: "true" });
    assert.equal(branch.stderr, "plan:comment: CI_MERGE_REQUEST_IID is not set: expected it from GitLab CI in a merge request pipeline\n");
  });

  it("refuses a merge request number that is not one, and a recorded plan JSON that is not JSON, naming each", async () => {
    const project = new CiProject();
    const bad = await project.run("plan-comment", ["registry"], {}, { ...gitlabEnv("https://gitlab.com/api/v4"), CI_MERGE_REQUEST_IID: "7;rm" });
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr, 'plan:comment: CI_MERGE_REQUEST_IID is "7;rm": expected a merge request\'s number\n');
    await project.run("plan-stack", ["registry"], planned(recorded("no-changes")));
    writeFileSync(project.path("plans", "registry.plan.json"), "{ cut");
    const corrupt = await project.run("plan-comment", ["registry"], {}, gitlabEnv("https://gitlab.com/api/v4"));
    assert.equal(corrupt.status, 1);
    assert.match(corrupt.stderr, /^plan:comment: plans\/registry\.plan\.json is not JSON \(.*\): expected `terraform show -json` of the saved plan\n$/);
  });
});

describe("npm run ci:env", { concurrency: true }, () => {
  it("exports the repository variables that override settings, and only those", async () => {
    const project = new CiProject();
    const variables = { GCP_PROJECT_ID: "acme-ml-prod", CDKTF_BACKEND: "gcs", GCP_WORKLOAD_IDENTITY_PROVIDER: "projects/1/locations/global/x", MODEL_REPLICAS: "3" };
    const run = await project.run("ci-env", [], {}, { GITHUB_ENV: project.path("github.env"), CI_VARIABLES: JSON.stringify(variables) });
    assert.equal(run.status, 0, run.stderr);
    const lines = project.read("github.env").trim().split("\n");
    assert.deepEqual(lines, ["CDKTF_BACKEND=gcs", "GCP_PROJECT_ID=acme-ml-prod", "MODEL_REPLICAS=3"]);
    assert.equal(run.stdout, "settings from repository variables: CDKTF_BACKEND, GCP_PROJECT_ID, MODEL_REPLICAS\n");
    const config = loadConfig(defaultContext, Object.fromEntries(lines.map((line) => line.split("="))));
    assert.deepEqual([config.backend, config.projectId, config.replicas], ["gcs", "acme-ml-prod", 3]);
  });

  it("exports nothing for a repository without variables, so cdktf.json's defaults stay", async () => {
    const project = new CiProject();
    const run = await project.run("ci-env", [], {}, { GITHUB_ENV: project.path("github.env"), CI_VARIABLES: "{}" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(existsSync(project.path("github.env")), false);
  });

  it("refuses a value of more than one line, which would inject other variables", async () => {
    const project = new CiProject();
    const run = await project.run("ci-env", [], {}, { GITHUB_ENV: project.path("github.env"), CI_VARIABLES: JSON.stringify({ GCP_REGION: "europe-west6\nNODE_OPTIONS=--require=/tmp/x" }) });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'ci:env: repository variable GCP_REGION is "europe-west6\\nNODE_OPTIONS=--require=/tmp/x": expected one line of text\n');
  });
});
