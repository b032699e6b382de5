import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { RegistryStack } from "../stacks/registry";
import { resource, resources, synthesize, testApp, testConfig } from "./support";

describe("registry stack", () => {
  const stack = new RegistryStack(testApp(), "registry", { config: testConfig({ keepImageVersions: 5 }) });
  stack.grantPush("deployer", "serviceAccount:ci@example-project.iam.gserviceaccount.com");
  stack.grantPull("nodes", "serviceAccount:nodes@example-project.iam.gserviceaccount.com");
  const json = synthesize(stack);

  it("creates a Docker repository in the region", () => {
    const repository = resource(json, "google_artifact_registry_repository", "repository");
    assert.equal(repository.repository_id, "mlops-registry");
    assert.equal(repository.format, "DOCKER");
    assert.equal(repository.location, "europe-west6");
    assert.deepEqual(repository.depends_on, ["google_project_service.api_artifactregistry"]);
  });

  it("keeps the recent versions and deletes old ones", () => {
    const repository = resource(json, "google_artifact_registry_repository", "repository");
    assert.equal(repository.cleanup_policy_dry_run, false);
    const keep = repository.cleanup_policies.find((p: any) => p.action === "KEEP");
    assert.deepEqual(keep.most_recent_versions, { keep_count: 5 });
    const remove = repository.cleanup_policies.find((p: any) => p.action === "DELETE");
    assert.equal(remove.condition.older_than, "2592000s");
  });

  it("grants push and pull on the repository only, named after the grantee", () => {
    const grants = resources(json, "google_artifact_registry_repository_iam_member");
    assert.ok(resource(json, "google_artifact_registry_repository_iam_member", "push_deployer"));
    assert.ok(resource(json, "google_artifact_registry_repository_iam_member", "pull_nodes"));
    assert.deepEqual(
      grants.map((g) => [g.role, g.member, g.repository]).sort(),
      [
        ["roles/artifactregistry.reader", "serviceAccount:nodes@example-project.iam.gserviceaccount.com", "${google_artifact_registry_repository.repository.name}"],
        ["roles/artifactregistry.writer", "serviceAccount:ci@example-project.iam.gserviceaccount.com", "${google_artifact_registry_repository.repository.name}"],
      ],
    );
    assert.equal(json.resource.google_project_iam_member, undefined, "no project-wide grant");
  });

  it("outputs the image host path", () => {
    assert.equal(json.output.image_host.value, "${local.image_host_path}");
    assert.equal(
      json.locals.image_host_path,
      "${google_artifact_registry_repository.repository.location}-docker.pkg.dev/${google_artifact_registry_repository.repository.project}/${google_artifact_registry_repository.repository.repository_id}",
    );
  });
});
