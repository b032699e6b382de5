// deploy:workload --canary with REAL Terraform 1.11.4 (local state, built-in
// provider only) on a stand-in workload stack shaped like the real one's
// canary interface (variable `canary`, its pins and rolled_back, outputs
// image, canary_digest and canary_service), and stand-ins for gcloud and for
// `kubectl proxy`, which forwards only the paths its --accept-paths admits,
// as kubectl does, to a canary whose prediction the test chooses. It shows
// the script's phases: an unready canary and a failed check each roll the
// canary back on their own and leave the record; a passing canary rolls out
// and the record moves. The real stack's own behaviour under these variables
// is __tests__/terraform/canary.test.ts. Skipped where no terraform is on PATH.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { readConfig } from "../../lib/config";
import { digestPath } from "../../lib/digest";
import { writeSynthInputs } from "../../lib/synth-inputs";
import { serviceProxyPath } from "../../scripts/canary-proxy";
import { canaryName } from "../../stacks/workload";
import { modelServer, PREDICTION } from "../model-stand-in";
import { DeployProject, GIT_ENV } from "../deploy-project";

const found = spawnSync("terraform", ["version"], { encoding: "utf8" });
const skip = found.status === 0 ? false : "needs terraform on PATH; CI's .ci/run requires it";

const STACK = "cdktf.out/stacks/workload";
const CANARY_SERVICE = canaryName("mlops-classifier");
const PINNED = (field: string, otherwise: string) => `\${try(var.canary.${field}, ${otherwise})}`;
const CANARY_DIGEST = '${try(var.canary.rolled_back ? "" : var.model_digest, "")}';

function workloadStack(url: string): string {
  return JSON.stringify({
    variable: {
      model_digest: { type: "string" },
      model_commit: { type: "string" },
      verify_rollout: { type: "bool", default: false },
      rolled_back_from: { type: "string", default: "" },
      deployed_at: { type: "string", default: "" },
      canary: { type: "object({ stable_digest = string, stable_commit = string, stable_image = string, rolled_back = bool })", nullable: true, default: null },
    },
    resource: {
      terraform_data: {
        // The stable Deployment: it moves only with what is pinned.
        deployment: { triggers_replace: PINNED("stable_digest", "var.model_digest") },
        // The canary: its rollout fails while the file canary-fails exists, unless it is rolled back to no pods.
        canary: {
          triggers_replace: CANARY_DIGEST,
          provisioner: [{ "local-exec": { command: 'test ! -e canary-fails || test -z "${self.triggers_replace}"' } }],
        },
        deployed: {
          input: {
            digest: PINNED("stable_digest", "var.model_digest"),
            commit: PINNED("stable_commit", "var.model_commit"),
            image: PINNED("stable_image", 'format("europe-west6-docker.pkg.dev/p/r/mlops-classifier@%s", var.model_digest)'),
          },
          triggers_replace: PINNED("stable_digest", "var.model_digest"),
          depends_on: ["terraform_data.deployment"],
        },
      },
    },
    output: {
      model_digest: { value: "${terraform_data.deployed.output.digest}" },
      model_commit: { value: "${terraform_data.deployed.output.commit}" },
      image: { value: "${terraform_data.deployed.output.image}" },
      canary_digest: { value: "${terraform_data.canary.triggers_replace}" },
      canary_service: { value: CANARY_SERVICE },
      url: { value: url },
    },
  });
}

// kubectl proxy as far as the deploy uses it: admits only --accept-paths,
// says where it serves, and answers for the canary's pods: GET 200, the
// sample request from canary-prediction.json.
const FAKE_KUBECTL = `#!/usr/bin/env node
const fs = require("fs"), http = require("http"), path = require("path");
const here = path.dirname(process.argv[1]);
fs.appendFileSync(path.join(here, "kubectl-calls"), JSON.stringify({ args: process.argv.slice(2), kubeconfig: process.env.KUBECONFIG }) + "\\n");
const accept = new RegExp(process.argv.find((arg) => arg.startsWith("--accept-paths=")).slice("--accept-paths=".length));
const server = http.createServer((request, response) => {
  if (!accept.test(request.url)) { response.writeHead(403); response.end("Forbidden"); return; }
  fs.appendFileSync(path.join(here, "canary-requests"), request.method + " " + request.url + "\\n");
  if (request.method === "POST") {
    const answer = JSON.parse(fs.readFileSync(path.join(here, "canary-prediction.json"), "utf8"));
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(answer.body);
    return;
  }
  response.writeHead(200);
  response.end();
});
server.listen(0, "127.0.0.1", () => process.stdout.write("Starting to serve on 127.0.0.1:" + server.address().port + "\\n"));
process.on("SIGTERM", () => { server.close(); process.exit(0); });
`;

const FAKE_GCLOUD = `#!/bin/sh
echo "$*" >> "$(dirname "$0")/gcloud-calls"
echo "apiVersion: v1" > "$KUBECONFIG"
`;

function canaryProject(url: string): DeployProject {
  const project = new DeployProject();
  rmSync(project.path(".fake-bin", "terraform"));
  writeFileSync(project.path(STACK, "main.tf.json"), workloadStack(url));
  for (const [name, text] of [["kubectl", FAKE_KUBECTL], ["gcloud", FAKE_GCLOUD]]) {
    writeFileSync(project.path(".fake-bin", name), text);
    chmodSync(project.path(".fake-bin", name), 0o755);
  }
  canaryAnswers(project, PREDICTION);
  return project;
}

function canaryAnswers(project: DeployProject, prediction: { status: number; body: string }): void {
  writeFileSync(project.path(".fake-bin", "canary-prediction.json"), JSON.stringify(prediction));
}

const SMOKE_FAST = ["--attempts", "1", "--delay-ms", "0", "--timeout-ms", "60000"];

function deploy(project: DeployProject, args: string[] = []) {
  return project.run("deploy-workload", [...args, ...SMOKE_FAST], {}, { ...GIT_ENV, HOME: process.env.HOME ?? "/tmp", CHECKPOINT_DISABLE: "1" });
}

function outputsOf(project: DeployProject): Record<string, string> {
  const shown = spawnSync("terraform", [`-chdir=${STACK}`, "output", "-json"], { cwd: project.dir, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  return Object.fromEntries(Object.entries<any>(JSON.parse(shown.stdout)).map(([name, output]) => [name, output.value]));
}

const record = (outputs: Record<string, string>) => [outputs.model_digest, outputs.model_commit, outputs.image];

describe("deploy:workload --canary through real Terraform", { skip, concurrency: true }, () => {
  it("the first deploy has nothing to protect: no canary, every pod", async () => {
    const server = await modelServer();
    try {
      const project = canaryProject(server.url);
      const run = await deploy(project, ["--canary"]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /canary: none: nothing recorded serves yet/);
      assert.equal(outputsOf(project).model_digest, digestPath(project.path("model-server")));
    } finally {
      server.close();
    }
  });

  it("an unready canary and a canary that fails its prediction are each rolled back on their own; the record stays; a passing one rolls out and the record moves", async () => {
    const server = await modelServer();
    try {
      const project = canaryProject(server.url);
      assert.equal((await deploy(project)).status, 0);
      const stable = outputsOf(project);

      // Unready: the canary's rollout fails; the deploy rolls it back and fails.
      const second = project.commit("second model");
      const secondDigest = digestPath(project.path("model-server"));
      writeFileSync(project.path(STACK, "canary-fails"), "");
      const unready = await deploy(project, ["--canary"]);
      assert.equal(unready.status, 1);
      assert.match(unready.stderr, new RegExp(`the canary of model ${secondDigest} failed \\(its rollout did not complete: see the apply's output above\\) and was rolled back to no pods: model ${stable.model_digest} \\(commit ${stable.model_commit}\\) still serves`));
      assert.deepEqual(record(outputsOf(project)), record(stable));
      assert.equal(outputsOf(project).canary_digest, "", "the canary still has the failed model");
      rmSync(project.path(STACK, "canary-fails"));

      // The check through the proxy fails: rolled back, record unchanged.
      canaryAnswers(project, { status: 500, body: '{"detail": "model failed"}' });
      const failing = await deploy(project, ["--canary"]);
      assert.equal(failing.status, 1);
      assert.match(failing.stderr, /failed \(its prediction check failed: POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/live\/services\/mlops-classifier-canary:http\/proxy\/predict .* answered 500/);
      assert.match(failing.stderr, /and was rolled back to no pods/);
      assert.deepEqual(record(outputsOf(project)), record(stable));
      assert.equal(outputsOf(project).canary_digest, "");
      // Asked the canary's Service alone, through a proxy that admits nothing else, signed in with a kubeconfig of its own.
      const requests = readFileSync(project.path(".fake-bin", "canary-requests"), "utf8").trim().split("\n");
      const prefix = serviceProxyPath("live", CANARY_SERVICE);
      assert.ok(requests.every((line) => line.split(" ")[1].startsWith(`${prefix}/`)), requests.join("\n"));
      const call = JSON.parse(readFileSync(project.path(".fake-bin", "kubectl-calls"), "utf8").trim().split("\n")[0]);
      assert.deepEqual(call.args.slice(0, 3), ["proxy", "--address=127.0.0.1", "--port=0"]);
      assert.ok(!new RegExp(call.args[3].slice("--accept-paths=".length)).test("/api/v1/namespaces/live/services/mlops-classifier:http/proxy/predict"), "the proxy admits the public Service");
      assert.match(call.kubeconfig, /canary-kubeconfig-/);

      // It passes: a full rollout, and the record moves to it.
      canaryAnswers(project, PREDICTION);
      const passed = await deploy(project, ["--canary", "--outputs", project.path("out.env")]);
      assert.equal(passed.status, 0, passed.stderr);
      assert.match(passed.stdout, /canary: model sha256:[0-9a-f]{64} on the canary's pods, beside /);
      assert.match(passed.stdout, /canary passed: /);
      const moved = outputsOf(project);
      assert.deepEqual([moved.model_digest, moved.model_commit], [secondDigest, second]);
      assert.equal(moved.canary_digest, "");
      assert.match(readFileSync(project.path("out.env"), "utf8"), new RegExp(`CANARY=model ${secondDigest} passed on the canary's pods alone`));
    } finally {
      server.close();
    }
  });
});


/** The first environment's stand-in: the same, plus the checked record a promotion reads. */
function stagingStack(url: string): string {
  const stack = JSON.parse(workloadStack(url));
  stack.variable.checked_model_digest = { type: "string", default: "" };
  stack.resource.terraform_data.checked = {
    count: '${var.checked_model_digest == "" ? 0 : 1}',
    input: { digest: "${var.model_digest}", commit: "${var.model_commit}", image: "${terraform_data.deployed.output.image}" },
    depends_on: ["terraform_data.deployed"],
    lifecycle: { precondition: [{ condition: "${var.checked_model_digest == var.model_digest}", error_message: "checked_model_digest is not model_digest" }] },
  };
  for (const field of ["digest", "commit", "image"]) {
    stack.output[field === "image" ? "checked_image" : `checked_model_${field}`] = { value: `\${try(terraform_data.checked[0].output.${field}, "")}` };
  }
  return JSON.stringify(stack);
}

/** The serving environment's stand-in: the canary stand-in, refusing a digest staging did not check (as terraform_data.promotion does). */
function productionStack(url: string): string {
  const stack = JSON.parse(workloadStack(url));
  stack.data = { terraform_remote_state: { record_staging: { backend: "local", config: { path: "../workload-staging/terraform.tfstate" } } } };
  stack.resource.terraform_data.promotion = {
    input: "${var.model_digest}",
    lifecycle: { precondition: [{ condition: '${var.model_digest == try(data.terraform_remote_state.record_staging.outputs.checked_model_digest, "")}', error_message: "not checked in staging" }] },
  };
  return JSON.stringify(stack);
}

function twoEnvironments(url: string): DeployProject {
  const project = canaryProject(url);
  const context = JSON.parse(readFileSync(project.path("cdktf.json"), "utf8"));
  writeFileSync(project.path("cdktf.json"), JSON.stringify({ context: { ...context.context, environments: ["staging", "production"] } }));
  writeSynthInputs(project.path("cdktf.out"), readConfig(project.path("cdktf.json"), {}));
  const manifest = JSON.parse(readFileSync(project.path("cdktf.out", "manifest.json"), "utf8"));
  manifest.stacks["workload-staging"] = { name: "workload-staging" };
  writeFileSync(project.path("cdktf.out", "manifest.json"), JSON.stringify(manifest));
  mkdirSync(project.path("cdktf.out", "stacks", "workload-staging"));
  writeFileSync(project.path("cdktf.out", "stacks", "workload-staging", "main.tf.json"), stagingStack(url));
  writeFileSync(project.path(STACK, "main.tf.json"), productionStack(url));
  return project;
}

function outputsIn(project: DeployProject, stack: string): Record<string, string> {
  const shown = spawnSync("terraform", [`-chdir=cdktf.out/stacks/${stack}`, "output", "-json"], { cwd: project.dir, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  return Object.fromEntries(Object.entries<any>(JSON.parse(shown.stdout || "{}")).map(([name, output]) => [name, output.value]));
}

describe("npm run promote (deploy:workload --promote) through real Terraform", { skip }, () => {
  it("deploys staging and records its passed check; previews, then promotes exactly that digest to production behind a canary; refuses when staging checked nothing", async () => {
    const server = await modelServer();
    try {
      const project = twoEnvironments(server.url);
      const refused = await deploy(project, ["--promote"]);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /deploy:workload: staging has no model deployed and checked: nothing to promote; deploy to staging first and let its check pass\n/);
      assert.deepEqual(outputsIn(project, "workload"), {}, "production was applied");

      const deployed = await deploy(project);
      assert.equal(deployed.status, 0, deployed.stderr);
      const digest = digestPath(project.path("model-server"));
      const staging = outputsIn(project, "workload-staging");
      assert.deepEqual([staging.model_digest, staging.checked_model_digest], [digest, digest]);
      assert.deepEqual(outputsIn(project, "workload"), {}, "a deploy touched production");

      const preview = await deploy(project, ["--promote", "--dry-run"]);
      assert.equal(preview.status, 0, preview.stderr);
      assert.match(preview.stdout, new RegExp(`\\| staging checked \\| \`${digest}\``));
      assert.match(preview.stdout, new RegExp(`\\| A promotion would change \\| production moves from nothing to \`${digest}\` behind a canary \\|`));
      assert.deepEqual(outputsIn(project, "workload"), {}, "a preview applied");

      const promoted = await deploy(project, ["--promote"]);
      assert.equal(promoted.status, 0, promoted.stderr);
      assert.match(promoted.stdout, new RegExp(`promoting model ${digest} of commit [0-9a-f]{40}, which staging deployed and checked, to production: image europe-west6-docker\\.pkg\\.dev/p/r/mlops-classifier@${digest}, no build`));
      assert.doesNotMatch(promoted.stdout, /docker: /, "a promotion asked Docker");
      const production = outputsIn(project, "workload");
      assert.deepEqual([production.model_digest, production.image], [digest, staging.checked_image]);

      // The next model: staging moves; production keeps the old one until promoted, and the canary phase runs.
      project.commit("second model");
      assert.equal((await deploy(project)).status, 0);
      const second = digestPath(project.path("model-server"));
      assert.equal(outputsIn(project, "workload").model_digest, digest);
      const again = await deploy(project, ["--promote"]);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /canary passed: /);
      assert.equal(outputsIn(project, "workload").model_digest, second);
    } finally {
      server.close();
    }
  });

  it("refuses --promote with one environment, and a plain deploy of a later environment, naming the setting", async () => {
    const project = new DeployProject();
    const one = await deploy(project, ["--promote"]);
    assert.match(one.stderr, /deploy:workload: --promote needs two environments at least, and environments is production: set environments to staging,production \(docs\/promotion\.md\)\n/);
    const context = JSON.parse(readFileSync(project.path("cdktf.json"), "utf8"));
    writeFileSync(project.path("cdktf.json"), JSON.stringify({ context: { ...context.context, environments: ["staging", "production"] } }));
    writeSynthInputs(project.path("cdktf.out"), readConfig(project.path("cdktf.json"), {}));
    const later = await deploy(project, ["--environment", "production"]);
    assert.match(later.stderr, /--environment is production, which runs only what staging checked: deploy it with --promote \(npm run promote\)\n/);
    const first = await deploy(project, ["--promote", "--environment", "staging"]);
    assert.match(first.stderr, /--promote to staging, the first environment: it builds, nothing comes before it; promote to one of production\n/);
    const mismatch = await project.run("deploy-workload", SMOKE_FAST, {}, { ...GIT_ENV, GITLAB_CI: "true", CI_ENVIRONMENT_NAME: "production" });
    assert.match(
      mismatch.stderr,
      /this job runs in GitLab environment production but deploys environment staging, whose deployer signs in only in a job of that environment: name the job's environment staging \(the deploy job: CI\/CD variable DEPLOY_ENVIRONMENT\)\n/,
    );
    const unknown = await deploy(project, ["--environment", "prod"]);
    assert.match(unknown.stderr, /--environment is "prod": expected one of staging, production \(setting environments\)\n/);
  });
});
