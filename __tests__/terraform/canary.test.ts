// The canary through real Terraform 1.11.4 and the provider simulator, on the
// synthesized stacks: a new model goes to the canary Deployment alone while
// variable `canary` pins the stable one and the record; an unready canary
// (its rollout wait fails after the patch, as the kubernetes provider does:
// resource_kubernetes_deployment_v1.go:313, :319-326 at v2.38.0) is rolled
// back to no pods, and the stable Deployment and the record never moved; a
// canary that passes is rolled out to every pod, and only then the record
// moves. Skipped only where no terraform >= 1.7 is on PATH.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "fs";
import { join } from "path";
import { digestPath } from "../../lib/digest";
import { errorsOf, findTerraform, inDependencyOrder, OfflineWorkspace, TerraformRun } from "../../sim/offline";
import { root } from "../support";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing})` : false;

const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
const repository = { CI_GITHUB_REPOSITORY: "acme/mlops", CI_GITHUB_REPOSITORY_ID: "123456789", CI_GITHUB_OWNER_ID: "987654" };
const [FIRST_COMMIT, SECOND_COMMIT] = ["1".repeat(40), "2".repeat(40)];

function ok(run: TerraformRun): TerraformRun {
  assert.equal(run.code, 0, `terraform ${run.args.join(" ")} in ${run.stack} failed:\n${errorsOf(run).join("\n")}`);
  return run;
}

interface Outputs {
  readonly model_digest: string;
  readonly model_commit: string;
  readonly image: string;
  readonly canary_digest: string;
  readonly canary_replicas: number;
}

describe("the canary, through real Terraform and the provider simulator", { skip, concurrency: false }, () => {
  let workspace: OfflineWorkspace;
  let stableDigest: string;
  const vars = (digest: string, commit: string, canary?: Record<string, unknown>) => ({
    TF_VAR_model_digest: digest,
    TF_VAR_model_commit: commit,
    ...(canary ? { TF_VAR_canary: JSON.stringify(canary) } : {}),
  });
  const apply = (env: NodeJS.ProcessEnv) => workspace.terraform("workload", ["apply", "-auto-approve", "-input=false", "-lock=false", "-no-color"], env);
  const outputs = async (): Promise<Outputs> => {
    const shown = JSON.parse(ok(await workspace.terraform("workload", ["output", "-json"])).stdout);
    return Object.fromEntries(Object.entries<any>(shown).map(([name, output]) => [name, output.value])) as unknown as Outputs;
  };
  /** A Deployment as the state holds it: its pods' model, image and count. */
  const deployment = async (name: string) => {
    const state = JSON.parse(ok(await workspace.terraform("workload", ["show", "-json"])).stdout);
    const found = state.values.root_module.resources.find((r: any) => r.address === `kubernetes_deployment_v1.${name}`).values.spec[0];
    return { digest: found.template[0].metadata[0].annotations["model-digest"], image: found.template[0].spec[0].container[0].image, replicas: found.replicas };
  };
  /** The `canary` variable as the deploy sets it from the outputs. */
  const pins = (from: Outputs, rolledBack: boolean) => ({
    stable_digest: from.model_digest,
    stable_commit: from.model_commit,
    stable_image: from.image,
    rolled_back: rolledBack,
  });
  const newModel = (text: string) => {
    writeFileSync(join(workspace.buildContext, "model.mlem"), text);
    return digestPath(workspace.buildContext);
  };

  before(async () => {
    workspace = await OfflineWorkspace.open({ projectRoot: root, env: { ...cleanEnv, ...repository }, buildContext: "empty" });
    writeFileSync(join(workspace.buildContext, "Dockerfile"), "FROM python:3.11-slim\nCOPY . /app\n");
    stableDigest = newModel("model: version 1\n");
    await Promise.all(workspace.stacks.map(async (stack) => ok(await workspace.terraform(stack.name, ["init", "-input=false", "-no-color"]))));
    const applied = await inDependencyOrder(workspace.stacks, async (stack) => {
      const run = await workspace.terraform(stack.name, ["apply", "-auto-approve", "-input=false", "-lock=false", "-no-color"], vars(stableDigest, FIRST_COMMIT));
      return { ok: run.code === 0, result: run };
    });
    for (const stack of workspace.stacks) ok(applied.get(stack.name)!.result!);
  });
  after(() => workspace?.close());

  it("without a canary, the canary Deployment has no pods and the outputs say none", async () => {
    const recorded = await outputs();
    assert.equal(recorded.model_digest, stableDigest);
    assert.equal(recorded.canary_digest, "");
    assert.equal(recorded.canary_replicas, 0);
    assert.equal((await deployment("canary_deployment")).replicas, "0");
  });

  it("an unready canary fails the apply, its rollback leaves it no pods, and the stable Deployment and the record never moved", async () => {
    const before = await outputs();
    const stable = await deployment("deployment");
    const failing = newModel("model: version 2, whose pods never become ready\n");

    workspace.failApply([{ address: "kubernetes_deployment_v1.canary_deployment", action: "update", when: "after-save" }]);
    const failed = await apply(vars(failing, SECOND_COMMIT, pins(before, false)));
    assert.equal(failed.code, 1, "the canary's rollout failure fails the apply");
    assert.ok(errorsOf(failed).some((text) => text.includes("Simulated failure of kubernetes_deployment_v1.canary_deployment (update, after-save)")), errorsOf(failed).join("\n"));
    assert.deepEqual(await deployment("deployment"), stable, "the stable Deployment was touched");
    assert.equal((await deployment("canary_deployment")).digest, failing, "the state holds the patched canary, as the provider leaves it");

    // The deploy's automatic rollback: the same pins, rolled_back.
    workspace.failApply([]);
    ok(await apply(vars(failing, SECOND_COMMIT, pins(before, true))));
    assert.equal((await deployment("canary_deployment")).replicas, "0");
    assert.deepEqual(await deployment("deployment"), stable, "the stable Deployment was touched");
    const after = await outputs();
    assert.deepEqual([after.model_digest, after.model_commit, after.image], [before.model_digest, before.model_commit, before.image], "the record moved");
    assert.equal(after.canary_digest, "", "the outputs still name a canary");
  });

  it("a passing canary serves beside the stable pods; the full rollout then moves the stable Deployment and the record, and empties the canary", async () => {
    const before = await outputs();
    const stable = await deployment("deployment");
    const next = newModel("model: version 3\n");

    ok(await apply(vars(next, SECOND_COMMIT, pins(before, false))));
    const canary = await deployment("canary_deployment");
    assert.deepEqual([canary.digest, canary.replicas], [next, "1"]);
    assert.deepEqual(await deployment("deployment"), stable, "the stable Deployment moved before the check");
    const during = await outputs();
    assert.deepEqual([during.model_digest, during.image], [before.model_digest, before.image], "the record moved before the check");
    assert.deepEqual([during.canary_digest, during.canary_replicas], [next, 1]);

    ok(await apply(vars(next, SECOND_COMMIT)));
    const promoted = await deployment("deployment");
    assert.equal(promoted.digest, next);
    assert.equal(promoted.image, canary.image, "the stable pods run the image the canary was checked with");
    assert.equal((await deployment("canary_deployment")).replicas, "0");
    const recorded = await outputs();
    assert.deepEqual([recorded.model_digest, recorded.model_commit, recorded.image], [next, SECOND_COMMIT, canary.image]);
    assert.deepEqual([recorded.canary_digest, recorded.canary_replicas], ["", 0]);
  });

  it("refuses a canary whose pins are not what the outputs print, naming the field", async () => {
    const before = await outputs();
    const plan = await workspace.terraform("workload", ["plan", "-input=false", "-lock=false", "-json"], vars(before.model_digest, before.model_commit, { ...pins(before, false), stable_image: "mlops-classifier:latest" }));
    assert.equal(plan.code, 1);
    assert.ok(errorsOf(plan).some((text) => text.includes("canary.stable_image must be <registry>/<path>@sha256:<64 hex>")), errorsOf(plan).join("\n"));
  });
});
