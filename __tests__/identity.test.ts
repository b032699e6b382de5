import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Testing } from "cdktf";
import { IdentityStack } from "../stacks/identity";
import { resource, resources, synthesize, testApp, testConfig } from "./support";

function identity(overrides: Record<string, unknown> = {}) {
  const stack = new IdentityStack(testApp(), "identity", { config: testConfig(overrides) });
  return synthesize(stack);
}

describe("identity stack", () => {
  const json = identity();
  const deployer = "${google_service_account.deployer.member}";

  it("creates the guide's deployer service account", () => {
    assert.ok(
      Testing.toHaveResourceWithProperties(JSON.stringify(json), "google_service_account", {
        account_id: "mlem-service-account",
        display_name: "MLEM Service Account",
      }),
    );
  });

  it("grants the deployer exactly its bucket and cluster roles (push is granted on the repository, in the registry stack)", () => {
    const grants = [
      ...resources(json, "google_storage_bucket_iam_member").map((g) => `bucket ${g.bucket}: ${g.role}`),
      ...resources(json, "google_project_iam_member")
        .filter((g) => g.member === deployer)
        .map((g) => `project ${g.project}: ${g.role}`),
    ].sort();
    assert.deepEqual(grants, [
      "bucket mlops-demo-bucket: roles/storage.objectAdmin",
      "project mlops-demo-project: roles/container.clusterViewer",
      "project mlops-demo-project: roles/container.developer",
    ]);
    assert.equal(resource(json, "google_storage_bucket_iam_member", "deployer_bucket_objects").member, deployer);
  });

  it("grants no primitive role and no public member", () => {
    const iam = Object.entries(json.resource)
      .filter(([type]) => type.endsWith("_iam_member"))
      .flatMap(([, blocks]) => Object.values(blocks as Record<string, any>));
    assert.ok(iam.length > 0);
    for (const grant of iam) {
      assert.doesNotMatch(grant.role, /^roles\/(owner|editor|viewer)$/);
      assert.doesNotMatch(grant.member, /^(allUsers|allAuthenticatedUsers)$/);
    }
  });

  it("creates a key that a keeper rotates, leaving only as a sensitive output", () => {
    const key = resource(json, "google_service_account_key", "deployer_json_key");
    assert.equal(key.service_account_id, "${google_service_account.deployer.name}");
    assert.deepEqual(key.keepers, { rotation: "1" });
    assert.deepEqual(key.lifecycle, { create_before_destroy: true }, "the old key lives until the new one exists");
    assert.equal(identity({ deployerKeyRotation: "2026-12" }).resource.google_service_account_key.deployer_json_key.keepers.rotation, "2026-12");
    assert.deepEqual(json.output.deployer_key, {
      description: json.output.deployer_key.description,
      sensitive: true,
      value: "${google_service_account_key.deployer_json_key.private_key}",
    });
    const plainOutputs = Object.values<any>(json.output).filter((o) => !o.sensitive);
    assert.ok(plainOutputs.every((o) => !String(o.value).includes("private_key")));
  });

  it("gives the nodes their own identity with the minimal node role", () => {
    assert.equal(resource(json, "google_service_account", "nodes").account_id, "mlops-kubernetes-nodes");
    const nodeRoles = resources(json, "google_project_iam_member")
      .filter((g) => g.member === "${google_service_account.nodes.member}")
      .map((g) => g.role);
    assert.deepEqual(nodeRoles, ["roles/container.defaultNodeServiceAccount"]);
  });

  it("enables the APIs it calls and keeps them on destroy", () => {
    const apis = resources(json, "google_project_service");
    assert.deepEqual(apis.map((a) => a.service).sort(), ["cloudresourcemanager.googleapis.com", "iam.googleapis.com"]);
    assert.ok(apis.every((a) => a.disable_on_destroy === false));
    assert.deepEqual(resource(json, "google_service_account", "deployer").depends_on, [
      "google_project_service.api_iam",
      "google_project_service.api_cloudresourcemanager",
    ]);
  });

  describe("with ciAuth oidc", () => {
    const oidc = identity({ ciAuth: "oidc", githubRepository: "acme/mlops" });

    it("creates no key and no key output", () => {
      assert.equal(oidc.resource.google_service_account_key, undefined);
      assert.equal(oidc.output.deployer_key, undefined);
    });

    it("trusts GitHub's OIDC issuer for the configured repository only", () => {
      const provider = resource(oidc, "google_iam_workload_identity_pool_provider", "github_provider");
      assert.deepEqual(provider.oidc, { issuer_uri: "https://token.actions.githubusercontent.com" });
      assert.equal(provider.attribute_condition, 'assertion.repository == "acme/mlops"');
      assert.equal(provider.attribute_mapping["attribute.repository"], "assertion.repository");
      assert.equal(provider.attribute_mapping["google.subject"], "assertion.sub");
    });

    it("lets only that repository's workflows act as the deployer", () => {
      const binding = resource(oidc, "google_service_account_iam_member", "deployer_github_federation");
      assert.deepEqual(
        { role: binding.role, member: binding.member, service_account_id: binding.service_account_id },
        {
          role: "roles/iam.workloadIdentityUser",
          member: "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.github_pool.name}/attribute.repository/acme/mlops",
          service_account_id: "${google_service_account.deployer.name}",
        },
      );
    });

    it("outputs the provider name for the workflows and enables the token APIs", () => {
      assert.equal(oidc.output.workload_identity_provider.value, "${google_iam_workload_identity_pool_provider.github_provider.name}");
      const apis = resources(oidc, "google_project_service").map((a) => a.service);
      assert.ok(apis.includes("iamcredentials.googleapis.com") && apis.includes("sts.googleapis.com"));
    });

    it("keeps the deployer's grants as in key mode", () => {
      const roles = (json: any) => resources(json, "google_project_iam_member").map((g) => g.role).sort();
      assert.deepEqual(roles(oidc), roles(json));
    });
  });

  it("in key mode creates no federation", () => {
    assert.equal(json.resource.google_iam_workload_identity_pool, undefined);
    assert.equal(json.output.workload_identity_provider, undefined);
  });
});
