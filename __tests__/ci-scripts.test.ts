// The scripts the pipelines call, run as CI runs them: in a synthesized
// project, with a fake terraform that answers with real Terraform output.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { loadConfig } from "../lib/config";
import { digestPath } from "../lib/digest";
import { planComment, summarizePlan } from "../scripts/plan-summary";
import { CiProject } from "./ci-project";
import { modelServer } from "./model-stand-in";
import { DeployProject, git, outputs } from "./deploy-project";
import { loadRecording, replayServer } from "./replay";
import { defaultContext, root } from "./support";

function plan(name: string): string {
  return readFileSync(join(root, "__tests__", "fixtures", "plans", `${name}.txt`), "utf8");
}

const INIT = { stdout: "\nTerraform has been successfully initialized!\n" };

// Each test has its own project directory: they run side by side.
describe("npm run plan:stack", { concurrency: true }, () => {
  it("plans a platform stack without refresh, records the plan and writes GitLab's report", async () => {
    const project = new CiProject();
    const run = await project.run("plan-stack", ["cluster", "--gitlab-report", "report.json"], { init: INIT, plan: { stdout: plan("replace") } });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(project.terraformCalls(), [
      "cdktf.out/stacks/cluster: init -input=false -no-color",
      "cdktf.out/stacks/cluster: plan -input=false -no-color -lock=false -refresh=false",
    ]);
    assert.equal(project.read("plans", "cluster.txt"), plan("replace"));
    assert.equal(project.read("plans", "cluster.exitcode"), "0\n");
    assert.deepEqual(JSON.parse(project.read("report.json")), { create: 1, update: 0, delete: 1 });
    assert.ok(run.stdout.endsWith("\ncluster: Plan: 1 to add, 0 to change, 1 to destroy.\n"));
  });

  it("plans the workload stack without refresh, with the digest of the build context and the pull request's commit", async () => {
    const project = new DeployProject();
    const run = await project.run("plan-stack", ["workload"], { init: INIT, plan: { stdout: plan("no-changes") } });
    assert.equal(run.status, 0, run.stderr);
    const digest = digestPath(project.path("model-server"));
    const commit = git(project.dir, "rev-parse", "HEAD");
    assert.equal(
      project.terraformCalls()[1],
      `cdktf.out/stacks/workload: plan -input=false -no-color -lock=false -refresh=false -var model_digest=${digest} -var model_commit=${commit}`,
    );
    assert.ok(run.stdout.endsWith("\nworkload: No changes.\n"));
  });

  it("takes no lock on Terraform Cloud either: a workspace in local execution mode locks like the local backend unless -lock=false", async () => {
    const project = new CiProject({ backend: "cloud", tfcOrganization: "acme-ml" });
    const run = await project.run("plan-stack", ["registry"], { init: INIT, plan: { stdout: plan("no-changes") } });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(project.terraformCalls()[1], "cdktf.out/stacks/registry: plan -input=false -no-color -lock=false -refresh=false");
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

  function event(project: CiProject): string {
    const file = project.path("event.json");
    writeFileSync(file, JSON.stringify({ pull_request: { number: 7, head: { sha: "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432" } } }));
    return file;
  }

  async function comment(project: CiProject, stack: string, body: string) {
    const server = await replayServer(loadRecording("create-comment"), body, TOKEN);
    try {
      const run = await project.run("plan-comment", [stack], {}, {
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

  it("posts the recorded plan of a stack to the pull request and the job summary", async () => {
    const project = new DeployProject();
    await project.run("plan-stack", ["workload"], { init: INIT, plan: { stdout: plan("replace") } });
    const body = planComment({
      stack: "workload",
      summary: summarizePlan(plan("replace"), 0),
      output: plan("replace"),
      commit: "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432",
      runUrl: "https://github.com/acme/mlops-classifier/actions/runs/4242",
    });
    const run = await comment(project, "workload", body);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "workload: Plan: 1 to add, 0 to change, 1 to destroy.\ncreated https://github.com/acme/mlops-classifier/pull/7#issuecomment-1897342\n");
    assert.equal(project.read("summary.md"), `${body}\n`);
  });

  it("posts a failed plan when the plan never ran", async () => {
    const project = new CiProject();
    const output = "No plan of stack workload was made: a step before it failed (see the job log).";
    const body = planComment({
      stack: "workload",
      summary: summarizePlan(output, 1),
      output,
      commit: "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432",
      runUrl: "https://github.com/acme/mlops-classifier/actions/runs/4242",
    });
    assert.equal(body.split("\n")[1], "**Plan failed (exit status 1): see the full output**");
    const run = await comment(project, "workload", body);
    assert.equal(run.status, 0, run.stderr);
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
