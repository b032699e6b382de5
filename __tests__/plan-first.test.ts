// How plan:stack recognizes a stack that was never applied, from Terraform's
// own text (terraform 1.11.4, gcs backend), and what the plan's summary and
// comment then say. The same path through real Terraform and the Cloud
// Storage stand-in: __tests__/terraform/gcs-backend.test.ts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { firstPlanOverride, ownStateMissing, sourcesNotDeployed, stackStates } from "../scripts/first-plan";
import { notDeployedLine, planComment, summarizePlan } from "../scripts/plan-summary";

const DENIED =
  "googleapi: Error 403: planner@p.iam.gserviceaccount.com does not have storage.objects.create access to the Google Cloud Storage object. Permission 'storage.objects.create' denied on resource (or it may not exist)., forbidden";

/** A workload stack as cdktf synthesizes it with the gcs backend. */
const workload = {
  terraform: { backend: { gcs: { bucket: "mlops-state", prefix: "terraform/workload" } } },
  data: {
    terraform_remote_state: {
      "cross-stack-reference-input-cluster": {
        backend: "gcs",
        config: { bucket: "mlops-state", prefix: "terraform/cluster/" },
        workspace: "${terraform.workspace}",
      },
      "cross-stack-reference-input-registry": {
        backend: "gcs",
        config: { bucket: "mlops-state", prefix: "terraform/registry" },
        workspace: "${terraform.workspace}",
      },
      elsewhere: { backend: "local", config: { path: "../other.tfstate" } },
    },
  },
};

/** What `terraform plan` prints when a source's state is missing: Terraform wraps the detail to the width. */
const missingRegistry = `
Error: Error loading state error

  with data.terraform_remote_state.cross-stack-reference-input-registry,
  on cdk.tf.json line 13, in data.terraform_remote_state.cross-stack-reference-input-registry:
  13:     "backend": "gcs",

error loading the remote state: writing
"gs://mlops-state/terraform/registry/default.tflock" failed: googleapi: Error
403: planner@p.iam.gserviceaccount.com does not have storage.objects.create
access to the Google Cloud Storage object. Permission
'storage.objects.create' denied on resource (or it may not exist)., forbidden
storage: object doesn't exist
`;

describe("a stack that was never applied", () => {
  it("is found where its own state and the states it reads live, gcs only", () => {
    const states = stackStates(workload);
    assert.equal(states.own, "gs://mlops-state/terraform/workload/default.tfstate");
    assert.deepEqual(Object.fromEntries(states.sources), {
      "cross-stack-reference-input-cluster": "gs://mlops-state/terraform/cluster/default.tfstate",
      "cross-stack-reference-input-registry": "gs://mlops-state/terraform/registry/default.tfstate",
    });
    assert.deepEqual(stackStates({ terraform: { backend: { local: { path: "x" } } } }), { own: undefined, sources: new Map() });
  });

  it("is told by the 403 on the lock file Terraform takes only to create a missing state (backend_state.go:108-113)", () => {
    const states = stackStates(workload);
    const init = `\nError: Error loading state: writing "gs://mlops-state/terraform/workload/default.tflock" failed: ${DENIED}\nstorage: object doesn't exist\n`;
    assert.equal(ownStateMissing(init, states), true);
    const boxed = init.replace(/failed: /, "failed:\n│ ");
    assert.equal(ownStateMissing(boxed, states), true, "wrapped and boxed as on a terminal");
    assert.equal(ownStateMissing(init.replaceAll("workload", "cluster"), states), false, "another stack's lock");
    const unauthenticated = "\nError: Failed to get existing workspaces: querying Cloud Storage failed: googleapi: Error 401: Invalid Credentials, authError\n";
    assert.equal(ownStateMissing(unauthenticated, states), false);
    assert.equal(ownStateMissing(init, stackStates({})), false, "a stack whose JSON names no gcs state");
  });

  it("names the sources a plan could not read because they are not deployed: missing, or without outputs", () => {
    const states = stackStates(workload);
    assert.deepEqual(sourcesNotDeployed(missingRegistry, states), ["cross-stack-reference-input-registry"]);
    const empty = `
Error: Unsupported attribute

  on cdk.tf.json line 40, in data.google_container_cluster.cluster:
  40:         "name": "\${data.terraform_remote_state.cross-stack-reference-input-cluster.outputs.cross-stack-output-google_container_clusterclustername}",
    ├────────────────
    │ data.terraform_remote_state.cross-stack-reference-input-cluster.outputs is
    │ object with no attributes
`;
    assert.deepEqual(sourcesNotDeployed(missingRegistry + empty, states), ["cross-stack-reference-input-cluster", "cross-stack-reference-input-registry"]);
    assert.deepEqual(sourcesNotDeployed("Error: Invalid value for variable\n", states), []);
  });

  it("is planned with the stack's state local and the missing sources read during apply", () => {
    assert.deepEqual(firstPlanOverride(true, ["cross-stack-reference-input-cluster"]), {
      terraform: { backend: { local: { path: "not-deployed.tfstate" } } },
      data: { terraform_remote_state: { "cross-stack-reference-input-cluster": { defaults: { not_deployed_yet: "${timestamp()}" } } } },
    });
    assert.deepEqual(firstPlanOverride(false, []), {});
  });
});

describe("the summary and comment of a plan made against empty state", () => {
  const output = `${notDeployedLine("stack workload (gs://mlops-state/terraform/workload/default.tfstate)")}\n\nPlan: 7 to add, 0 to change, 0 to destroy.\n`;

  it('say "not deployed yet; planned against empty state" below Terraform\'s own line', () => {
    const summary = summarizePlan(output, 0);
    assert.deepEqual(summary, {
      outcome: "changes",
      line: "Plan: 7 to add, 0 to change, 0 to destroy.",
      counts: { add: 7, change: 0, destroy: 0 },
      notDeployed: ["stack workload (gs://mlops-state/terraform/workload/default.tfstate): not deployed yet; planned against empty state"],
    });
    const comment = planComment({ stack: "workload", summary, output });
    assert.ok(
      comment.startsWith(
        "<!-- cdktf-plan:workload -->\nPlan: 7 to add, 0 to change, 0 to destroy.\n\n- stack workload (gs://mlops-state/terraform/workload/default.tfstate): not deployed yet; planned against empty state\n\n<details>",
      ),
      comment,
    );
  });

  it("keep saying it when the plan failed for another reason", () => {
    const summary = summarizePlan(`${output.split("\n")[0]}\n\nError: Invalid value for variable\n`, 1);
    assert.equal(summary.outcome, "failed");
    assert.equal(summary.notDeployed?.length, 1);
    assert.ok(
      planComment({ stack: "workload", summary, output }).includes("**Plan failed (exit status 1): Error: Invalid value for variable**\n\n- stack workload"),
    );
  });
});
