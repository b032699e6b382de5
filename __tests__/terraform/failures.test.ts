// Failure injection through real Terraform: what Terraform writes to state
// when a provider's apply fails before any change, and when it fails after
// the change was made and saved (the plugin SDK keeps the planned values on
// an update error: terraform-plugin-sdk issue 476; the kubernetes provider's
// resourceKubernetesDeploymentV1Update patches the Deployment, then fails
// waiting for the rollout). The resource is the workload's namespace, alone
// in a small configuration inside the workspace, so the test needs no other
// stack applied.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { errorsOf, findTerraform, OfflineWorkspace, TerraformRun } from "../../sim/offline";
import { root } from "../support";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing})` : false;

const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

/**
 * The access stack's namespace (same address, same literal name and labels:
 * the simulator matches a failure to the resource whose literals the request
 * holds), with a label to change.
 */
function namespaceConfig(stackLabels: Record<string, string>, label: string): object {
  return {
    terraform: { required_providers: { kubernetes: { source: "hashicorp/kubernetes", version: "2.38.0" } }, backend: { local: { path: "terraform.tfstate" } } },
    provider: { kubernetes: [{ host: "https://203.0.113.1" }] },
    resource: { kubernetes_namespace_v1: { namespace: { metadata: { name: "live", labels: { ...stackLabels, release: label } } } } },
  };
}

describe("failure injection, through real Terraform", { skip }, () => {
  let workspace: OfflineWorkspace;
  let dir: string;
  const run = (args: string[]) => workspace.terraformIn(dir, args);
  const apply = () => run(["apply", "-auto-approve", "-input=false", "-json"]);
  let stackLabels: Record<string, string>;
  const write = (label: string) => writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(namespaceConfig(stackLabels, label)));
  /** The namespace as `terraform show -json` reports the state Terraform wrote. */
  const stateNamespace = async () => {
    const shown = JSON.parse((await run(["show", "-json"])).stdout);
    return (shown.values?.root_module?.resources ?? []).find((resource: any) => resource.address === "kubernetes_namespace_v1.namespace");
  };
  const failed = (result: TerraformRun, pattern: RegExp) => {
    assert.equal(result.code, 1, `apply should fail:\n${result.stdout}`);
    assert.ok(errorsOf(result).some((text) => pattern.test(text)), errorsOf(result).join("\n"));
  };

  before(async () => {
    workspace = await OfflineWorkspace.open({ projectRoot: root, env: cleanEnv, buildContext: "empty" });
    stackLabels = JSON.parse(readFileSync(join(workspace.stack("access").dir, "cdk.tf.json"), "utf8")).resource.kubernetes_namespace_v1.namespace.metadata.labels;
    dir = join(workspace.project, "cdktf.out", "stacks", "failing");
    mkdirSync(dir, { recursive: true });
    write("1");
    assert.equal((await run(["init", "-input=false", "-no-color"])).code, 0);
  });
  after(() => workspace?.close());

  it("a create that fails before any change leaves nothing in state; after saving, a tainted object", async () => {
    workspace.failApply([{ address: "kubernetes_namespace_v1.namespace", action: "create", when: "before-change" }]);
    failed(await apply(), /^Simulated failure of kubernetes_namespace_v1\.namespace \(create, before-change\)/);
    assert.equal(await stateNamespace(), undefined);

    workspace.failApply([{ address: "kubernetes_namespace_v1.namespace", action: "create", when: "after-save" }]);
    failed(await apply(), /\(create, after-save\)/);
    const saved = await stateNamespace();
    assert.equal(saved.values.metadata[0].labels.release, "1");
    assert.equal(saved.tainted, true, "Terraform taints an object whose create failed");
  });

  it("an update that fails before any change keeps the prior state; after saving, the planned values, and the next plan sees nothing to do", async () => {
    workspace.failApply([]);
    assert.equal((await apply()).code, 0, "replaces the tainted namespace");
    assert.equal((await stateNamespace()).values.metadata[0].labels.release, "1");

    write("2");
    workspace.failApply([{ address: "kubernetes_namespace_v1.namespace", action: "update", when: "before-change" }]);
    failed(await apply(), /\(update, before-change\)/);
    const unchanged = await stateNamespace();
    assert.equal(unchanged.values.metadata[0].labels.release, "1");
    assert.notEqual(unchanged.tainted, true);

    workspace.failApply([{ address: "kubernetes_namespace_v1.namespace", when: "after-save" }]);
    failed(await apply(), /\(update, after-save\)/);
    const saved = await stateNamespace();
    assert.equal(saved.values.metadata[0].labels.release, "2");
    assert.notEqual(saved.tainted, true, "an update error does not taint");
    assert.match(saved.values.metadata[0].uid, /^sim-uid-/, "unknowns filled, as after a successful apply");

    // The trap the SDK's behaviour sets: the failed change now looks applied.
    workspace.failApply([]);
    const plan = await run(["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
    assert.equal(plan.code, 0, plan.stdout);
  });
});
