// The synthesized stacks through real Terraform. The providers are the
// simulator (sim/), a stand-in: what is checked here is what Terraform itself
// checks (references, types against schemas derived from the bindings,
// variable validations, preconditions, remote state between stacks, what a
// plan changes), never what Google's, Kubernetes' or Docker's APIs would say.
// Skipped only where no terraform >= 1.7 is on PATH; .ci/run requires one.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join, resolve, sep } from "path";
import { digestPath } from "../../lib/digest";
import { errorsOf, findTerraform, inDependencyOrder, OfflineWorkspace, TerraformRun } from "../../sim/offline";
import { schemasForStacks } from "../../sim/providers";
import { startSimulator } from "../../sim/server";
import { root, tempDir } from "../support";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing}); CI's .ci/run requires it` : false;
if (skip) process.stdout.write(`# skipping the Terraform suite: ${skip}\n`);

/** Synthesis and Terraform see no configuration overrides and no TF_VAR_* of whoever runs the tests. */
const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
/** A repository to trust: keyless sign-in (the default) refuses to plan identity without one. */
const repository = { CI_GITHUB_REPOSITORY: "acme/mlops", CI_GITHUB_REPOSITORY_ID: "123456789", CI_GITHUB_OWNER_ID: "987654" };

function ok(run: TerraformRun): TerraformRun {
  assert.equal(run.code, 0, `terraform ${run.args.join(" ")} in ${run.stack} failed:\n${errorsOf(run).join("\n")}`);
  return run;
}

/** Leaf paths where a planned change differs (before != after, or after unknown), as dotted strings. */
function changedPaths(before: unknown, after: unknown, afterUnknown: unknown, at = ""): string[] {
  if (afterUnknown === true) return [at];
  const isContainer = (value: unknown) => typeof value === "object" && value !== null;
  if (isContainer(before) && isContainer(after)) {
    const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object)]);
    return [...keys].flatMap((key) =>
      changedPaths((before as any)[key], (after as any)[key], isContainer(afterUnknown) ? (afterUnknown as any)[key] : undefined, at ? `${at}.${key}` : key),
    );
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [at];
}

describe("the stacks in real Terraform, against the provider simulator", { skip }, () => {
  let workspace: OfflineWorkspace;
  let firstDigest: string;
  const planDigest = (digest: string) => ({ TF_VAR_model_digest: digest, TF_VAR_model_commit: "0123456789abcdef0123456789abcdef01234567" });
  const stackJson = (stack: string) => JSON.parse(readFileSync(join(workspace.stack(stack).dir, "cdk.tf.json"), "utf8"));

  before(async () => {
    workspace = await OfflineWorkspace.open({ projectRoot: root, env: { ...cleanEnv, ...repository }, buildContext: "empty" });
    writeFileSync(join(workspace.buildContext, "Dockerfile"), "FROM python:3.11-slim\nCOPY . /app\n");
    writeFileSync(join(workspace.buildContext, "model.mlem"), "model: version 1\n");
    firstDigest = digestPath(workspace.buildContext);
    await Promise.all(workspace.stacks.map(async (stack) => ok(await workspace.terraform(stack.name, ["init", "-input=false", "-no-color"]))));
  });
  after(() => workspace?.close());

  it("(a) validates every stack: references, types and blocks against the providers' schemas", async () => {
    assert.deepEqual(workspace.stacks.map((stack) => stack.name), ["identity", "cluster", "registry", "access", "workload"]);
    for (const stack of workspace.stacks) {
      const run = await workspace.terraform(stack.name, ["validate", "-json", "-no-color"]);
      const result = JSON.parse(run.stdout);
      assert.equal(result.valid, true, `${stack.name}: ${JSON.stringify(result.diagnostics)}`);
      assert.equal(result.error_count, 0);
    }
  });

  it("(e) fails validate on a broken reference in a copy of a stack's JSON, so the harness can fail", async () => {
    const json = stackJson("identity");
    const iam = json.resource.google_storage_bucket_iam_member.deployer_state_write;
    assert.equal(iam.member, "${google_service_account.deployer.member}");
    iam.member = "${google_service_account.deployer.membr}"; // an attribute the schema lacks
    json.resource.google_project_iam_member.nodes_default_role.member = "${google_service_account.nobody.member}"; // an undeclared resource
    json.terraform.backend = { local: { path: "terraform.tfstate" } };
    const copy = join(workspace.project, "broken-identity");
    mkdirSync(copy);
    writeFileSync(join(copy, "cdk.tf.json"), JSON.stringify(json));
    ok(await workspace.terraformIn(copy, ["init", "-input=false", "-no-color"]));
    const run = await workspace.terraformIn(copy, ["validate", "-json", "-no-color"]);
    const result = JSON.parse(run.stdout);
    assert.equal(run.code, 1);
    assert.equal(result.valid, false);
    const summaries = result.diagnostics.map((diagnostic: any) => `${diagnostic.summary}: ${diagnostic.detail}`);
    assert.ok(summaries.some((text: string) => /^Unsupported attribute: .*"membr"/.test(text)), summaries.join("\n"));
    assert.ok(summaries.some((text: string) => /^Reference to undeclared resource: .*"nobody"/.test(text)), summaries.join("\n"));
    assert.equal(errorsOf(run).length, 2, "plan:offline reports both");
  });

  it("(b) applies all five stacks in order into a temporary state, then plans No changes for each", async () => {
    const env = planDigest(firstDigest);
    const applied = await inDependencyOrder(workspace.stacks, async (stack) => {
      const run = await workspace.terraform(stack.name, ["apply", "-auto-approve", "-input=false", "-lock=false", "-no-color"], env);
      return { ok: run.code === 0, result: run };
    });
    for (const stack of workspace.stacks) ok(applied.get(stack.name)!.result!);
    for (const stack of workspace.stacks) assert.ok(existsSync(workspace.statePath(stack.name)), `no state for ${stack.name}`);
    const outputs = JSON.parse(ok(await workspace.terraform("workload", ["output", "-json"])).stdout);
    assert.equal(outputs.model_digest.value, firstDigest);
    assert.equal(outputs.model_commit.value, "0123456789abcdef0123456789abcdef01234567");
    assert.match(outputs.image.value, /^europe-west6-docker\.pkg\.dev\/mlops-demo-project\/mlops-registry\/mlops-classifier@sha256:[0-9a-f]{64}$/);

    const plans = await Promise.all(
      workspace.stacks.map((stack) => workspace.terraform(stack.name, ["plan", "-detailed-exitcode", "-input=false", "-lock=false", "-no-color"], env)),
    );
    for (const plan of plans) {
      assert.equal(plan.code, 0, `${plan.stack} plans changes or fails:\n${plan.stdout}\n${plan.stderr}`);
      assert.match(plan.stdout, /No changes\. Your infrastructure matches the configuration\./);
    }
  });

  it("(c) a new model_digest changes only workload: the Deployment in place, the image and its push replaced, nothing else", async () => {
    writeFileSync(join(workspace.buildContext, "model.mlem"), "model: version 2\n");
    const env = planDigest(digestPath(workspace.buildContext));
    const plans = await Promise.all(
      workspace.stacks.map((stack) =>
        workspace.terraform(stack.name, ["plan", "-detailed-exitcode", "-input=false", "-lock=false", "-no-color", "-out=next.tfplan"], env),
      ),
    );
    for (const plan of plans) {
      const expected = plan.stack === "workload" ? 2 : 0; // 2: changes planned, 0: none
      assert.equal(plan.code, expected, `${plan.stack}: exit ${plan.code}\n${plan.stdout}\n${plan.stderr}`);
    }

    const shown = JSON.parse(ok(await workspace.terraform("workload", ["show", "-json", "next.tfplan"])).stdout);
    const actions = Object.fromEntries(
      shown.resource_changes.filter((change: any) => change.mode === "managed").map((change: any) => [change.type, change.change.actions.join(",")]),
    );
    // The deployed record is create-before-destroy, which Terraform extends
    // to the replaced resources it depends on: the image and its push.
    assert.deepEqual(actions, {
      docker_image: "create,delete",
      docker_registry_image: "create,delete",
      terraform_data: "create,delete",
      kubernetes_deployment_v1: "update",
      kubernetes_service_v1: "no-op",
      kubernetes_pod_disruption_budget_v1: "no-op",
      kubernetes_horizontal_pod_autoscaler_v2: "no-op",
    });
    const deployment = shown.resource_changes.find((change: any) => change.type === "kubernetes_deployment_v1").change;
    assert.deepEqual(changedPaths(deployment.before, deployment.after, deployment.after_unknown).sort(), [
      "spec.0.template.0.metadata.0.annotations.model-digest",
      "spec.0.template.0.spec.0.container.0.image",
    ]);
    // Both are replaced because their `triggers` and their `name` (tagged with
    // the digest) changed, each ForceNew (docker v3.6.2
    // internal/provider/resource_docker_image.go:40, resource_docker_registry_image.go:21,42).
    const replaced = shown.resource_changes.filter((change: any) => change.change.actions.includes("delete"));
    for (const change of replaced) {
      const paths = change.change.replace_paths.map((path: string[]) => path.join(".")).sort();
      // The deployed record is replaced by its triggers_replace (the digest) alone.
      const expected = change.type === "terraform_data" ? ["triggers_replace"] : ["name", "triggers"];
      assert.deepEqual(paths, expected, `${change.address} replaced for another reason`);
    }
  });

  it("(d) refuses an invalid model_digest with the variable's validation message", async () => {
    const [validation] = stackJson("workload").variable.model_digest.validation;
    for (const bad of [`sha256:${"AB".repeat(32)}`, "latest"]) {
      const plan = await workspace.terraform("workload", ["plan", "-input=false", "-lock=false", "-json"], planDigest(bad));
      assert.equal(plan.code, 1, `${bad} was accepted`);
      const errors = errorsOf(plan);
      assert.ok(errors.some((text) => text.startsWith("Invalid value for variable") && text.includes(validation.error_message)), errors.join("\n"));
    }
  });

  it("refuses a well-formed model_digest that is not the build context's (the image's precondition)", async () => {
    const plan = await workspace.terraform("workload", ["plan", "-input=false", "-lock=false", "-json"], planDigest(firstDigest));
    assert.equal(plan.code, 1);
    const errors = errorsOf(plan);
    assert.ok(errors.some((text) => text.startsWith("Resource precondition failed") && text.includes("model_digest is not the digest of the build context")), errors.join("\n"));
  });

  // The kubernetes provider patches the Deployment, then waits, and returns
  // the wait's error (resource_kubernetes_deployment_v1.go:313, :319-326 at
  // v2.38.0); the plugin SDK then keeps the planned values in state
  // (terraform-plugin-sdk issue 476). The simulator fails the update exactly
  // so (sim/failures.ts, "after-save").
  it("(f) a failed rollout is not recorded as deployed: the outputs keep the previous model, and the retry records the new one", async () => {
    writeFileSync(join(workspace.buildContext, "model.mlem"), "model: version 3, whose pods never become ready\n");
    const newDigest = digestPath(workspace.buildContext);
    const deployed = async () => JSON.parse(ok(await workspace.terraform("workload", ["output", "-json"])).stdout);
    const before = await deployed();
    assert.notEqual(before.model_digest.value, newDigest);

    workspace.failApply([{ address: "kubernetes_deployment_v1.deployment", action: "update", when: "after-save" }]);
    const failed = await workspace.terraform("workload", ["apply", "-auto-approve", "-input=false", "-lock=false", "-no-color"], planDigest(newDigest));
    assert.equal(failed.code, 1, "the rollout's failure fails the apply");
    // What the state says now: the Deployment as patched (the SDK's planned
    // values), the record and the outputs CI compares still the previous model.
    const state = JSON.parse(ok(await workspace.terraform("workload", ["show", "-json"])).stdout);
    const deployment = state.values.root_module.resources.find((r: any) => r.address === "kubernetes_deployment_v1.deployment");
    assert.equal(deployment.values.spec[0].template[0].metadata[0].annotations["model-digest"], newDigest);
    const afterFailure = await deployed();
    assert.equal(afterFailure.model_digest.value, before.model_digest.value, "the failed model looks deployed");
    assert.equal(afterFailure.model_commit.value, before.model_commit.value);

    // deploy:workload compares that output with the new digest: they differ,
    // so the next run plans and applies again instead of "model unchanged".
    workspace.failApply([]);
    const retry = await workspace.terraform("workload", ["plan", "-detailed-exitcode", "-input=false", "-lock=false", "-no-color"], planDigest(newDigest));
    assert.equal(retry.code, 2, `the retry plans nothing:\n${retry.stdout}`);
    assert.match(retry.stdout, /terraform_data\.deployed must be replaced/);
    ok(await workspace.terraform("workload", ["apply", "-auto-approve", "-input=false", "-lock=false", "-no-color"], planDigest(newDigest)));
    assert.equal((await deployed()).model_digest.value, newDigest);
  });
});

describe("the offline workspace", { skip }, () => {
  it("synthesizes with local state inside its own directory, whatever backend is configured, and removes it on close", async () => {
    const workspace = await OfflineWorkspace.open({ projectRoot: root, env: { ...cleanEnv, CDKTF_BACKEND: "gcs" }, buildContext: "empty" });
    try {
      for (const stack of workspace.stacks) {
        const json = JSON.parse(readFileSync(join(stack.dir, "cdk.tf.json"), "utf8"));
        assert.deepEqual(json.terraform.backend, { local: { path: `../../../terraform.${stack.name}.tfstate` } });
        assert.equal(resolve(stack.dir, json.terraform.backend.local.path), workspace.statePath(stack.name));
        assert.ok(workspace.statePath(stack.name).startsWith(workspace.directory + sep));
      }
    } finally {
      await workspace.close();
    }
    assert.equal(existsSync(workspace.directory), false);
  });
});

/** A process's state letter from /proc (R, S, Z...), or null when there is no such process. */
function processState(pid: number): string | null {
  try {
    return /^\d+ \(.*\) (\w)/.exec(readFileSync(`/proc/${pid}/stat`, "utf8"))![1];
  } catch {
    return null;
  }
}

describe("the offline workspace's cleanup", { skip }, () => {
  const offline = JSON.stringify(join(root, "dist", "sim", "offline.js"));
  const open = `require(${offline}).OfflineWorkspace.open({ projectRoot: ${JSON.stringify(root)}, env: { PATH: process.env.PATH, HOME: process.env.HOME }, buildContext: "empty" })`;

  it("leaves no Terraform process and no directory behind when a test fails mid-run", () => {
    const dir = tempDir("failing-test-");
    const report = join(dir, "report.json");
    writeFileSync(
      join(dir, "failing.test.js"),
      `const { after, it } = require("node:test");
      const { writeFileSync } = require("fs");
      let workspace;
      after(() => workspace && workspace.close());
      it("fails while Terraform runs", async () => {
        workspace = await ${open};
        workspace.terraform("identity", ["init", "-input=false"]);
        writeFileSync(${JSON.stringify(report)}, JSON.stringify({ dir: workspace.directory, pids: workspace.runningPids() }));
        throw new Error("a failing test");
      });`,
    );
    const run = spawnSync(process.execPath, ["--test", join(dir, "failing.test.js")], { env: cleanEnv, encoding: "utf8" });
    assert.equal(run.status, 1, run.stdout);
    const { dir: workspaceDir, pids } = JSON.parse(readFileSync(report, "utf8"));
    assert.equal(pids.length, 1);
    assert.equal(existsSync(workspaceDir), false, `${workspaceDir} was left behind`);
    for (const pid of pids) assert.equal(processState(pid), null, `terraform ${pid} is still there`);
  });

  it("kills Terraform and removes its directory when its process crashes mid-run", () => {
    const script = `${open}.then((workspace) => {
        workspace.terraform("identity", ["init", "-input=false"]);
        process.stdout.write(JSON.stringify({ dir: workspace.directory, pids: workspace.runningPids() }));
        throw new Error("a crash");
      });`;
    const run = spawnSync(process.execPath, ["-e", script], { env: cleanEnv, encoding: "utf8" });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /a crash/);
    const { dir, pids } = JSON.parse(run.stdout);
    assert.equal(pids.length, 1);
    assert.equal(existsSync(dir), false, `${dir} was left behind`);
    // Killed with the crashing process. Its parent gone, only the system's
    // init can reap it: this sandbox's init does not, so a dead <defunct>
    // entry may stay (no memory, no files, no sockets), but nothing runs.
    for (const pid of pids) assert.ok([null, "Z"].includes(processState(pid)), `terraform ${pid} still runs`);
  });
});

// Issue 17: a simulator started from a configuration that no longer names a
// type still serves it, as the real provider does, so Terraform can read the
// state of the last resource of that type and plan its destroy, or forget it
// with a `removed` block (without it: "no schema available ... while reading
// state", terraform v1.11.4 internal/terraform/node_resource_abstract.go:497).
describe("the last resource of a type, removed or forgotten, with a simulator started from the configuration as it now is", { skip }, () => {
  const provider = { terraform: { required_providers: { google: { source: "hashicorp/google", version: "6.50.0" } } }, provider: { google: [{ project: "p", region: "europe-west6" }] } };
  const withAddress = { ...provider, resource: { google_service_account: { kept: { account_id: "kept-account" } }, google_compute_address: { last: { name: "last-address" } } } };
  const withoutAddress = { ...provider, resource: { google_service_account: { kept: { account_id: "kept-account" } } } };

  /** Runs terraform in `dir` against a simulator started for `json` alone, the configuration written there first. */
  async function run(dir: string, json: object, args: string[]): Promise<{ status: number | null; out: string }> {
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(json));
    const simulator = await startSimulator(schemasForStacks(root, new Map([["one", json]])));
    try {
      const env = { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: "1", TF_REATTACH_PROVIDERS: simulator.reattach };
      // Asynchronously: the simulator answers from this process's event loop.
      return await new Promise((resolvePromise, reject) => {
        const child = spawn("terraform", args, { cwd: dir, env });
        let out = "";
        child.stdout.on("data", (chunk) => (out += chunk));
        child.stderr.on("data", (chunk) => (out += chunk));
        child.on("error", reject);
        child.on("close", (status) => resolvePromise({ status, out }));
      });
    } finally {
      await simulator.close();
    }
  }

  async function applied(): Promise<string> {
    const dir = tempDir("last-of-a-type-");
    assert.equal((await run(dir, withAddress, ["init", "-input=false", "-no-color"])).status, 0);
    const apply = await run(dir, withAddress, ["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert.equal(apply.status, 0, apply.out);
    return dir;
  }

  /** Terraform's planned actions by address, from `show -json` of a saved plan. */
  async function planned(dir: string, json: object): Promise<Record<string, string>> {
    const plan = await run(dir, json, ["plan", "-input=false", "-no-color", "-out=next.tfplan"]);
    assert.equal(plan.status, 0, plan.out);
    const shown = JSON.parse((await run(dir, json, ["show", "-json", "next.tfplan"])).out);
    return Object.fromEntries((shown.resource_changes ?? []).map((change: any) => [change.address, change.change.actions.join(",")]));
  }

  it("plans the destroy of the removed resource, and nothing else", async () => {
    const dir = await applied();
    assert.deepEqual(await planned(dir, withoutAddress), { "google_compute_address.last": "delete", "google_service_account.kept": "no-op" });
  });

  it("forgets it with a removed block: no destroy, and it leaves the state", async () => {
    const dir = await applied();
    const forget = { ...withoutAddress, removed: [{ from: "google_compute_address.last", lifecycle: { destroy: false } }] };
    assert.deepEqual(await planned(dir, forget), { "google_compute_address.last": "forget", "google_service_account.kept": "no-op" });
  });
});
