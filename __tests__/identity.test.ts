import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Testing } from "cdktf";
import { IdentityStack } from "../stacks/identity";
import { resource, resources, synthesize, testApp, testConfig } from "./support";

function identity(overrides: Record<string, unknown> = {}) {
  const stack = new IdentityStack(testApp(), "identity", { config: testConfig(overrides) });
  return synthesize(stack);
}

const deployer = "${google_service_account.deployer.member}";
const planner = "${google_service_account.planner.member}";

describe("identity stack", () => {
  const json = identity();

  it("creates the guide's deployer service account and a planner beside it", () => {
    assert.ok(
      Testing.toHaveResourceWithProperties(JSON.stringify(json), "google_service_account", {
        account_id: "mlem-service-account",
        display_name: "MLEM Service Account",
      }),
    );
    assert.equal(resource(json, "google_service_account", "planner").account_id, "mlops-planner");
  });

  it("grants the deployer read/write and the planner read on the bucket's objects, in that bucket only", () => {
    const grants = resources(json, "google_storage_bucket_iam_member").map((g) => `${g.member} ${g.bucket} ${g.role}`).sort();
    assert.deepEqual(grants, [
      `${deployer} mlops-demo-bucket roles/storage.objectAdmin`,
      `${planner} mlops-demo-bucket roles/storage.objectViewer`,
    ]);
    const projectGrants = resources(json, "google_project_iam_member").filter((g) => g.member === deployer || g.member === planner);
    assert.deepEqual(projectGrants, [], "cluster and registry grants sit with the cluster and the registry");
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

  it("creates a key for each CI identity, rotated by a keeper, made before the old one goes", () => {
    for (const name of ["deployer", "planner"]) {
      const key = resource(json, "google_service_account_key", `${name}_json_key`);
      assert.equal(key.service_account_id, `\${google_service_account.${name}.name}`);
      assert.deepEqual(key.keepers, { rotation: "1" });
      assert.deepEqual(key.lifecycle, { create_before_destroy: true }, "the old key lives until the new one exists");
    }
    const rotated = identity({ keyRotation: "2026-12" }).resource.google_service_account_key;
    assert.equal(rotated.deployer_json_key.keepers.rotation, "2026-12");
    assert.equal(rotated.planner_json_key.keepers.rotation, "2026-12");
  });

  it("lets the keys leave only as sensitive outputs", () => {
    for (const name of ["deployer", "planner"]) {
      assert.deepEqual(json.output[`${name}_key`], {
        description: json.output[`${name}_key`].description,
        sensitive: true,
        value: `\${google_service_account_key.${name}_json_key.private_key}`,
      });
    }
    const plainOutputs = Object.values<any>(json.output).filter((o) => !o.sensitive);
    assert.ok(plainOutputs.length > 0);
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

  it("in key mode creates no federation", () => {
    assert.equal(json.resource.google_iam_workload_identity_pool, undefined);
    assert.equal(json.output.workload_identity_provider, undefined);
  });

  describe("with ciAuth oidc", () => {
    const oidc = identity({ ciAuth: "oidc", githubRepository: "acme/mlops" });

    it("creates no key and no key output", () => {
      assert.equal(oidc.resource.google_service_account_key, undefined);
      assert.equal(oidc.output.deployer_key, undefined);
      assert.equal(oidc.output.planner_key, undefined);
    });

    it("trusts GitHub's OIDC issuer for the configured repository only", () => {
      const provider = resource(oidc, "google_iam_workload_identity_pool_provider", "github_provider");
      assert.deepEqual(provider.oidc, { issuer_uri: "https://token.actions.githubusercontent.com" });
      assert.equal(provider.attribute_condition, 'assertion.repository == "acme/mlops"');
      assert.equal(provider.attribute_mapping["attribute.repository"], "assertion.repository");
      assert.equal(provider.attribute_mapping["google.subject"], "assertion.sub");
    });

    it("lets only the deploy environment's jobs act as the deployer, and any job of the repository as the planner", () => {
      const binding = (name: string) => {
        const b = resource(oidc, "google_service_account_iam_member", `${name}_github_federation`);
        return { role: b.role, member: b.member, service_account_id: b.service_account_id };
      };
      const pool = "${google_iam_workload_identity_pool.github_pool.name}";
      assert.deepEqual(binding("deployer"), {
        role: "roles/iam.workloadIdentityUser",
        member: `principal://iam.googleapis.com/${pool}/subject/repo:acme/mlops:environment:production`,
        service_account_id: "${google_service_account.deployer.name}",
      });
      assert.deepEqual(binding("planner"), {
        role: "roles/iam.workloadIdentityUser",
        member: `principalSet://iam.googleapis.com/${pool}/attribute.repository/acme/mlops`,
        service_account_id: "${google_service_account.planner.name}",
      });
    });

    it("outputs the provider name for the workflows and enables the token APIs", () => {
      assert.equal(oidc.output.workload_identity_provider.value, "${google_iam_workload_identity_pool_provider.github_provider.name}");
      const apis = resources(oidc, "google_project_service").map((a) => a.service);
      assert.ok(apis.includes("iamcredentials.googleapis.com") && apis.includes("sts.googleapis.com"));
    });

    it("keeps the bucket grants as in key mode", () => {
      const grants = (j: any) => resources(j, "google_storage_bucket_iam_member").map((g) => g.role).sort();
      assert.deepEqual(grants(oidc), grants(json));
    });
  });
});
