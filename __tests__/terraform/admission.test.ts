// The admission policy as Terraform applies it: the access stack's
// kubernetes_manifest, with the registry's repository filled in through
// remote state, taken from the access stack's state after a real apply
// against the provider simulator, then run (@bufbuild/cel) on the workload's
// Deployment with the image Terraform computed for it. A wiring mistake
// (another output, a repository that differs from the one the image is
// pushed to) would make the policy refuse the model it exists to admit.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "fs";
import { join } from "path";
import { digestPath } from "../../lib/digest";
import { errorsOf, findTerraform, inDependencyOrder, OfflineWorkspace, TerraformRun } from "../../sim/offline";
import { admit } from "../admission";
import { deploymentObject, podObject, resolve } from "../kubernetes-objects";
import { root } from "../support";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing}); CI's .ci/run requires it` : false;

const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
const repository = { CI_GITHUB_REPOSITORY: "acme/mlops", CI_GITHUB_REPOSITORY_ID: "123456789", CI_GITHUB_OWNER_ID: "987654" };

function ok(run: TerraformRun): TerraformRun {
  assert.equal(run.code, 0, `terraform ${run.args.join(" ")} in ${run.stack} failed:\n${errorsOf(run).join("\n")}`);
  return run;
}

describe("the admission policy, as Terraform applies it", { skip }, () => {
  let workspace: OfflineWorkspace;
  let podsPolicy: any;
  let image: string;
  let deployment: any;

  before(async () => {
    workspace = await OfflineWorkspace.open({ projectRoot: root, env: { ...cleanEnv, ...repository }, buildContext: "empty" });
    const digest = digestPath(workspace.buildContext);
    const env = { TF_VAR_model_digest: digest, TF_VAR_model_commit: "0123456789abcdef0123456789abcdef01234567" };
    const applied = await inDependencyOrder(workspace.stacks, async (stack) => {
      const init = await workspace.terraform(stack.name, ["init", "-input=false", "-no-color"]);
      const run = init.code === 0 ? await workspace.terraform(stack.name, ["apply", "-auto-approve", "-input=false", "-lock=false", "-no-color"], env) : init;
      return { ok: run.code === 0, result: run };
    });
    for (const stack of workspace.stacks) ok(applied.get(stack.name)!.result!);

    const state = JSON.parse(ok(await workspace.terraform("access", ["show", "-json"])).stdout);
    podsPolicy = state.values.root_module.resources.find((r: any) => r.address === "kubernetes_manifest.pods_policy").values.manifest;
    image = JSON.parse(ok(await workspace.terraform("workload", ["output", "-json"])).stdout).image.value;
    const block = JSON.parse(readFileSync(join(workspace.stack("workload").dir, "cdk.tf.json"), "utf8")).resource.kubernetes_deployment_v1.deployment;
    const [container] = block.spec.template.spec.container;
    container.image = image; // as Terraform computed it: the registry's path (remote state) and the pushed digest
    // The stable pod template reads the canary's pins first (stacks/workload.ts).
    deployment = deploymentObject(resolve(block, { [block.spec.template.metadata.annotations["model-digest"].slice(2, -1)]: digest }));
  });
  after(() => workspace?.close());

  it("names the repository the workload pushes to", () => {
    const variable = podsPolicy.spec.variables.find((v: any) => v.name === "repository");
    assert.equal(variable.expression, '"europe-west6-docker.pkg.dev/mlops-demo-project/mlops-registry/"');
    assert.match(image, /^europe-west6-docker\.pkg\.dev\/mlops-demo-project\/mlops-registry\/mlops-classifier@sha256:[0-9a-f]{64}$/);
  });

  it("admits the workload's Deployment and its Pod", () => {
    assert.deepEqual(admit(podsPolicy, deployment), []);
    assert.deepEqual(admit(podsPolicy, podObject(deployment)), []);
  });

  it("refuses the same image from another project's registry", () => {
    const foreign = structuredClone(deployment);
    foreign.spec.template.spec.containers[0].image = image.replace("/mlops-demo-project/", "/someone-else/");
    assert.deepEqual(admit(podsPolicy, foreign), [
      "every container image must be in europe-west6-docker.pkg.dev/mlops-demo-project/mlops-registry, pinned by digest: europe-west6-docker.pkg.dev/mlops-demo-project/mlops-registry/<name>@sha256:<64 hex digits>",
    ]);
  });
});
