// npm run status through real Terraform: (1) the five synthesized stacks
// applied with the provider simulator into local state, then a rollout made
// to fail; (2) Terraform's real gcs backend against the Cloud Storage
// stand-in (sim/gcs), read as the planner, who may only read.
// Skipped only where no terraform >= 1.7 is on PATH; .ci/run requires one.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { digestPath } from "../../lib/digest";
import { Run, stackStatus } from "../../scripts/stack-status";
import { startStorageStandIn, StorageStandIn } from "../../sim/gcs/server";
import { errorsOf, findTerraform, inDependencyOrder, OfflineWorkspace, TerraformRun } from "../../sim/offline";
import { runChild } from "../child";
import { defaultContext, root, tempDir } from "../support";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing}); CI's .ci/run requires it` : false;

const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
/** A repository to trust: keyless sign-in (the default) refuses to plan identity without one. */
const repository = { CI_GITHUB_REPOSITORY: "acme/mlops", CI_GITHUB_REPOSITORY_ID: "123456789", CI_GITHUB_OWNER_ID: "987654" };
const COMMIT = "0123456789abcdef0123456789abcdef01234567";

function ok(run: TerraformRun): TerraformRun {
  assert.equal(run.code, 0, `terraform ${run.args.join(" ")} in ${run.stack} failed:\n${errorsOf(run).join("\n")}`);
  return run;
}

describe("npm run status, through real Terraform and the provider simulator", { skip }, () => {
  let workspace: OfflineWorkspace;
  const run: Run = async (args, directory) => {
    const result = await workspace.terraformIn(directory, args);
    return { status: result.code, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
  };
  const statuses = () => Promise.all(workspace.stacks.map((stack) => stackStatus(stack.name, stack.dir, run)));
  const vars = (digest: string, at: string) => ({ TF_VAR_model_digest: digest, TF_VAR_model_commit: COMMIT, TF_VAR_deployed_at: at });

  before(async () => {
    workspace = await OfflineWorkspace.open({ projectRoot: root, env: { ...cleanEnv, ...repository }, buildContext: "empty" });
    writeFileSync(join(workspace.buildContext, "Dockerfile"), "FROM python:3.11-slim\nCOPY . /app\n");
    writeFileSync(join(workspace.buildContext, "model.mlem"), "model: version 1\n");
  });
  after(() => workspace?.close());

  it("says each stack is not deployed before any apply; after, each deployed, and the workload's digest, commit, URL, time and a completed rollout", async () => {
    for (const status of await statuses()) {
      assert.deepEqual([status.stack, status.deployed, status.detail], [status.stack, false, "not deployed: its state holds no resources"]);
    }
    const digest = digestPath(workspace.buildContext);
    const applied = await inDependencyOrder(workspace.stacks, async (stack) => {
      const result = await workspace.terraform(stack.name, ["apply", "-auto-approve", "-input=false", "-lock=false", "-no-color"], vars(digest, "2026-12-06T10:02:11.000Z"));
      return { ok: result.code === 0, result };
    });
    for (const stack of workspace.stacks) ok(applied.get(stack.name)!.result!);

    const after = await statuses();
    for (const status of after) assert.equal(status.deployed, true, `${status.stack}: ${status.detail}`);
    const workload = after.find((status) => status.stack === "workload")!;
    assert.match(workload.detail, /^deployed: \d+ resources \(state serial \d+\)$/);
    const url = JSON.parse(ok(await workspace.terraform("workload", ["output", "-json"])).stdout).url.value;
    const image = JSON.parse(ok(await workspace.terraform("workload", ["output", "-json"])).stdout).image.value;
    assert.deepEqual(workload.workload, {
      environment: "production",
      digest,
      commit: COMMIT,
      url,
      deployedAt: "2026-12-06T10:02:11.000Z",
      rolledBackFrom: undefined,
      lastRollout: "completed",
      image,
      checkedDigest: undefined,
    });
    assert.equal(after.find((status) => status.stack === "identity")!.workload, undefined);

    // A rollout that fails after the Deployment was patched (the SDK keeps the planned values).
    writeFileSync(join(workspace.buildContext, "model.mlem"), "model: version 2\n");
    const newDigest = digestPath(workspace.buildContext);
    workspace.failApply([{ address: "kubernetes_deployment_v1.deployment", action: "update", when: "after-save" }]);
    const failed = await workspace.terraform("workload", ["apply", "-auto-approve", "-input=false", "-lock=false", "-no-color"], vars(newDigest, "2026-12-06T11:00:00.000Z"));
    assert.equal(failed.code, 1);
    workspace.failApply([]);
    const broken = await stackStatus("workload", workspace.stack("workload").dir, run);
    assert.equal(broken.workload!.digest, digest, "the record still names the model that rolled out");
    assert.equal(broken.workload!.deployedAt, "2026-12-06T10:02:11.000Z");
    assert.equal(
      broken.workload!.lastRollout,
      `not completed: the Deployment was changed to model ${newDigest}, but the record still names ${digest} (a failed or cancelled rollout; the next deploy retries it)`,
    );
  });
});

const BUCKET = "mlops-state";
const PLANNER = "planner@mlops.iam.gserviceaccount.com";

describe("npm run status as the planner, through Terraform's real gcs backend and the Cloud Storage stand-in", { skip }, () => {
  let storage: StorageStandIn;
  before(async () => {
    storage = await startStorageStandIn(
      { "planner-token": { email: PLANNER, role: "viewer" }, "deployer-token": { email: "deployer@mlops.iam.gserviceaccount.com", role: "admin" } },
      [BUCKET],
    );
  });
  after(() => storage?.close());

  it("reads a deployed stack and says a never-applied one is not deployed, writing nothing; the summary shows the same", async () => {
    const dir = tempDir("status-gcs-");
    const backend = (stack: string) => ({ gcs: { bucket: BUCKET, prefix: `status/terraform/${stack}` } });
    const stacks: Record<string, object> = {
      platform: { terraform: { backend: backend("platform") }, resource: { terraform_data: { network: { input: "mlops-network" } } } },
      workload: { terraform: { backend: backend("workload") }, resource: { terraform_data: { deployed: { input: "record" } } } },
    };
    writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ context: { ...defaultContext, backend: "gcs" } }));
    mkdirSync(join(dir, "cdktf.out"));
    const manifest = { version: "0.21.0", stacks: { platform: { name: "platform" }, workload: { name: "workload", dependencies: ["platform"] } } };
    writeFileSync(join(dir, "cdktf.out", "manifest.json"), JSON.stringify(manifest));
    for (const [stack, json] of Object.entries(stacks)) {
      mkdirSync(join(dir, "cdktf.out", "stacks", stack), { recursive: true });
      writeFileSync(join(dir, "cdktf.out", "stacks", stack, "cdk.tf.json"), JSON.stringify(json));
    }
    writeFileSync(join(dir, "terraform.rc"), "disable_checkpoint = true\n");
    const env = (token: string) => ({
      PATH: process.env.PATH,
      HOME: dir,
      CHECKPOINT_DISABLE: "1",
      TF_CLI_CONFIG_FILE: join(dir, "terraform.rc"),
      GOOGLE_BACKEND_STORAGE_CUSTOM_ENDPOINT: storage.endpoint,
      GOOGLE_OAUTH_ACCESS_TOKEN: token,
    });
    for (const args of [["init"], ["apply", "-auto-approve"]]) {
      const applied = await runChild("terraform", [...args, "-input=false", "-no-color"], { cwd: join(dir, "cdktf.out", "stacks", "platform"), env: env("deployer-token") });
      assert.equal(applied.status, 0, applied.stderr);
    }

    const run = await runChild(process.execPath, [join(root, "bin", "app.js"), "scripts/status", "--summary", "summary.md"], { cwd: dir, env: env("planner-token") });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout,
      "platform: deployed: 1 resources (state serial 2)\n" +
        `workload: not deployed: no state at gs://${BUCKET}/status/terraform/workload/default.tfstate\n`,
    );
    // The only write the planner asked for is the lock the gcs backend takes to create a missing state, refused.
    const planner = storage.writes.filter((write) => write.email === PLANNER);
    assert.deepEqual(planner.map((write) => `${write.method} ${write.object}`), [`insert ${BUCKET}/status/terraform/workload/default.tflock`]);
    assert.ok(planner.every((write) => !write.allowed));
    assert.deepEqual([...storage.objects.keys()].filter((key) => key.includes("/workload/")), []);
    // A state it cannot read is not taken for "not deployed": it says so, with exit status 1.
    const denied = await runChild(process.execPath, [join(root, "bin", "app.js"), "scripts/status", "platform"], { cwd: dir, env: env("stranger-token") });
    assert.equal(denied.status, 1);
    assert.match(denied.stdout, /^platform: unknown: terraform init failed: Error: /);
    assert.equal(
      readFileSync(join(dir, "summary.md"), "utf8"),
      "## What is live\n\n| stack | state |\n|---|---|\n| platform | deployed: 1 resources (state serial 2) |\n" +
        `| workload | not deployed: no state at gs://${BUCKET}/status/terraform/workload/default.tfstate |\n`,
    );
  });
});
