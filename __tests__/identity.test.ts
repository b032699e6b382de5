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
const github = { githubRepository: "acme/mlops", githubRepositoryId: "123456789", githubOwnerId: "987654" };
const gitlab = { gitlabProject: "acme/ml/mlops", gitlabProjectId: "4711" };
const pool = "${google_iam_workload_identity_pool.ci_pool.name}";

/** Each federation binding as "<account> <member>". */
function federation(json: any): string[] {
  return resources(json, "google_service_account_iam_member")
    .map((b) => {
      assert.equal(b.role, "roles/iam.workloadIdentityUser");
      return `${b.service_account_id.replace(/^\$\{google_service_account\.(\w+)\.name\}$/, "$1")} ${b.member}`;
    })
    .sort();
}

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

  describe("the state bucket", () => {
    const bucket = resource(json, "google_storage_bucket", "state");

    it("is a bucket of its own, versioned, IAM-only, never public, and never destroyed by Terraform", () => {
      assert.equal(bucket.name, "mlops-demo-project-tfstate");
      assert.deepEqual(bucket.versioning, { enabled: true });
      assert.equal(bucket.uniform_bucket_level_access, true);
      assert.equal(bucket.public_access_prevention, "enforced");
      assert.equal(bucket.force_destroy, false);
      assert.deepEqual(bucket.lifecycle, { prevent_destroy: true });
      assert.equal(json.output.state_bucket.value, "${google_storage_bucket.state.name}");
    });

    it("is named by stateBucket, and no grant names any other bucket (the DVC data's)", () => {
      const other = identity({ stateBucket: "acme-tfstate" });
      assert.equal(resource(other, "google_storage_bucket", "state").name, "acme-tfstate");
      for (const grant of resources(other, "google_storage_bucket_iam_member")) {
        assert.equal(grant.bucket, "${google_storage_bucket.state.name}");
        if (grant.condition) assert.doesNotMatch(grant.condition.expression, /mlops-demo-project-tfstate/);
      }
    });

    // The gcs backend keeps terraform/<stack>/default.tfstate and locks with
    // terraform/<stack>/default.tflock: both sit under the prefix.
    it("lets the deployer write only terraform/workload/, and read only what its stack reads: registry and cluster", () => {
      const grants = resources(json, "google_storage_bucket_iam_member").filter((g) => g.member === deployer);
      const objects = (stack: string) => `resource.name.startsWith("projects/_/buckets/mlops-demo-project-tfstate/objects/terraform/${stack}/")`;
      assert.deepEqual(
        grants.map((g) => [g.role, g.condition.expression]).sort(),
        [
          ["roles/storage.objectUser", objects("workload")],
          [
            "roles/storage.objectViewer",
            `resource.type == "storage.googleapis.com/Bucket" || ${objects("registry")} || ${objects("cluster")}`,
          ],
        ],
      );
      assert.ok(grants.every((g) => g.condition.title.length > 0 && g.condition.title.length <= 100), "IAM limits a title to 100 characters");
    });

    it("lets the planner read every state and write none", () => {
      const grants = resources(json, "google_storage_bucket_iam_member").filter((g) => g.member === planner);
      assert.deepEqual(grants.map((g) => [g.role, g.condition]), [["roles/storage.objectViewer", undefined]]);
    });

    it("enables the Storage API before making it", () => {
      assert.deepEqual(resource(json, "google_storage_bucket", "state").depends_on, ["google_project_service.api_storage"]);
    });
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
    const projectGrants = resources(json, "google_project_iam_member").filter((g) => g.member === deployer || g.member === planner);
    assert.deepEqual(projectGrants, [], "cluster and registry grants sit with the cluster and the registry");
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
    assert.deepEqual(apis.map((a) => a.service).sort(), [
      "cloudresourcemanager.googleapis.com",
      "iam.googleapis.com",
      "iamcredentials.googleapis.com",
      "storage.googleapis.com",
      "sts.googleapis.com",
    ]);
    assert.ok(apis.every((a) => a.disable_on_destroy === false));
    assert.deepEqual(resource(json, "google_service_account", "deployer").depends_on, [
      "google_project_service.api_iam",
      "google_project_service.api_cloudresourcemanager",
    ]);
  });

  describe("keyless, the default, without repository settings (the quick start)", () => {
    it("makes no key and trusts no platform yet", () => {
      assert.equal(json.resource.google_service_account_key, undefined);
      assert.equal(json.resource.google_iam_workload_identity_pool_provider, undefined);
      assert.deepEqual(federation(json), []);
    });

    it("refuses to plan, naming the settings, through a precondition on the pool that reads them", () => {
      const [check] = resource(json, "google_iam_workload_identity_pool", "ci_pool").lifecycle.precondition;
      // Only plan:offline sets the variable, for previews; its default keeps the refusal.
      assert.equal(check.condition, "${((length(compact(values(local.ci_platforms))) >= 1) || var.preview_without_ci_platform)}");
      assert.deepEqual(json.variable.preview_without_ci_platform, {
        type: "bool",
        nullable: false,
        default: false,
        description: "Offline previews only (npm run plan:offline): plan keyless sign-in although no CI platform is configured",
      });
      assert.deepEqual(json.locals.ci_platforms, { github_repository_id: "", gitlab_project_id: "" });
      for (const name of ["githubRepository", "githubRepositoryId", "githubOwnerId", "gitlabProject", "gitlabProjectId", "CI_GITHUB_REPOSITORY_ID", "CI_GITLAB_PROJECT_ID"]) {
        assert.ok(check.error_message.includes(name), `the message names ${name}`);
      }
      const configured = identity(github);
      assert.deepEqual(configured.locals.ci_platforms, { github_repository_id: "123456789", gitlab_project_id: "" });
    });
  });

  describe("keyless for GitHub", () => {
    const oidc = identity(github);
    const provider = resource(oidc, "google_iam_workload_identity_pool_provider", "github_provider");

    it("trusts GitHub's issuer for the repository's and its owner's numeric ids, never its name", () => {
      assert.deepEqual(provider.oidc, { issuer_uri: "https://token.actions.githubusercontent.com" });
      assert.equal(provider.workload_identity_pool_id, "${google_iam_workload_identity_pool.ci_pool.workload_identity_pool_id}");
      assert.equal(provider.attribute_condition, 'assertion.repository_id == "123456789" && assertion.repository_owner_id == "987654"');
      assert.deepEqual(provider.attribute_mapping, {
        "google.subject": "'github-run:' + assertion.repository_id + ':' + assertion.run_id + ':' + assertion.run_attempt",
        "attribute.repository_id": "assertion.repository_id",
        "attribute.repository_owner_id": "assertion.repository_owner_id",
        "attribute.deploy":
          "assertion.repository_id + ':' + (assertion.ref == 'refs/heads/main' && assertion.event_name != 'pull_request_target' && has(assertion.environment) && assertion.environment == 'production' ? assertion.environment + ':' + assertion.ref : 'none')",
      });
    });

    // workload-identity.test.ts evaluates these with claim sets.
    it("lets only the production environment's jobs on the default branch act as the deployer, and any job of the repository, by id, as the planner", () => {
      assert.deepEqual(federation(oidc), [
        `deployer principalSet://iam.googleapis.com/${pool}/attribute.deploy/123456789:production:refs/heads/main`,
        `planner principalSet://iam.googleapis.com/${pool}/attribute.repository_id/123456789`,
      ]);
      const trunk = identity({ ...github, githubDeployBranch: "trunk" });
      assert.match(resource(trunk, "google_iam_workload_identity_pool_provider", "github_provider").attribute_mapping["attribute.deploy"], /assertion\.ref == 'refs\/heads\/trunk'/);
      assert.equal(federation(trunk)[0], `deployer principalSet://iam.googleapis.com/${pool}/attribute.deploy/123456789:production:refs/heads/trunk`);
    });

    it("refuses a deploy branch that could not fit an attribute or would break the expression, naming the setting", () => {
      for (const branch of ["b".repeat(51), "main'", "", "feature branch"]) {
        assert.throws(() => identity({ ...github, githubDeployBranch: branch }), (error: Error) => {
          assert.ok(error.message.includes(`githubDeployBranch (from cdktf.json) is ${JSON.stringify(branch)}: expected a branch name of 1-50 letters, digits, dots, underscores, hyphens or slashes, such as main`), error.message);
          return true;
        });
        assert.throws(() => identity({ ...gitlab, gitlabDeployBranch: branch }), /gitlabDeployBranch .*expected a branch name of 1-50/);
      }
      assert.doesNotThrow(() => identity({ ...github, githubDeployBranch: "b".repeat(50) }));
    });

    it("outputs the provider for the workflows, and nothing for GitLab", () => {
      assert.equal(oidc.output.workload_identity_provider.value, "${google_iam_workload_identity_pool_provider.github_provider.name}");
      assert.equal(oidc.output.gitlab_workload_identity_provider, undefined);
    });
  });

  describe("keyless for GitLab", () => {
    const oidc = identity({ ...gitlab, gitlabUrl: "https://gitlab.example.com", gitlabDeployBranch: "trunk" });
    const provider = resource(oidc, "google_iam_workload_identity_pool_provider", "gitlab_provider");

    it("trusts the configured instance for the project's numeric id", () => {
      assert.deepEqual(provider.oidc, { issuer_uri: "https://gitlab.example.com" });
      assert.equal(provider.attribute_condition, 'assertion.project_id == "4711"');
      assert.deepEqual(provider.attribute_mapping, {
        "google.subject": "'gitlab-job:' + assertion.job_id",
        "attribute.project_id": "assertion.project_id",
        "attribute.namespace_id": "assertion.namespace_id",
        "attribute.deploy_ref":
          "assertion.project_id + ':' + (assertion.ref_type == 'branch' && assertion.ref_protected == 'true' && assertion.ref == 'trunk' ? assertion.ref_type + ':' + assertion.ref_protected + ':' + assertion.ref : 'none')",
        "attribute.pipeline": "assertion.project_id + ':' + assertion.pipeline_source",
      });
    });

    it("lets pipelines of the protected deploy branch act as the deployer, and merge-request pipelines as the planner", () => {
      assert.deepEqual(federation(oidc), [
        `deployer principalSet://iam.googleapis.com/${pool}/attribute.deploy_ref/4711:branch:true:trunk`,
        `planner principalSet://iam.googleapis.com/${pool}/attribute.pipeline/4711:merge_request_event`,
      ]);
    });

    it("outputs the provider and the audience the jobs' id_tokens ask for", () => {
      assert.equal(oidc.output.gitlab_workload_identity_provider.value, "${google_iam_workload_identity_pool_provider.gitlab_provider.name}");
      assert.equal(oidc.output.gitlab_audience.value, "https://iam.googleapis.com/${google_iam_workload_identity_pool_provider.gitlab_provider.name}");
      assert.equal(oidc.output.workload_identity_provider, undefined);
    });

    it("sits in the same pool as GitHub's provider when both are configured, with bindings that cannot match each other's tokens", () => {
      const both = identity({ ...github, ...gitlab });
      const providers = resources(both, "google_iam_workload_identity_pool_provider");
      assert.deepEqual(providers.map((p) => p.workload_identity_pool_provider_id).sort(), ["github", "gitlab"]);
      assert.equal(federation(both).length, 4);
      // GitHub's provider maps no deploy_ref or pipeline, GitLab's no repository_id
      // or deploy, and no binding names a subject.
      const mapped = (id: string) => Object.keys(providers.find((p) => p.workload_identity_pool_provider_id === id).attribute_mapping);
      assert.ok(!mapped("github").some((key) => mapped("gitlab").includes(key) && key !== "google.subject"));
    });
  });

  describe("with ciAuth key", () => {
    const keyed = identity({ ciAuth: "key" });

    it("uploads each identity's public key, read by Terraform at plan time from keys/<account>-<name>.pem", () => {
      const keys = resources(keyed, "google_service_account_key");
      assert.deepEqual(
        Object.keys(keyed.resource.google_service_account_key).sort(),
        ["deployer_key_1", "planner_key_1"],
      );
      const { "//": _metadata, ...deployerKey } = resource(keyed, "google_service_account_key", "deployer_key_1");
      assert.deepEqual(deployerKey, {
        service_account_id: "${google_service_account.deployer.name}",
        public_key_data: '${filebase64("../../../keys/mlem-service-account-1.pem")}',
      });
      assert.equal(resource(keyed, "google_service_account_key", "planner_key_1").public_key_data, '${filebase64("../../../keys/mlops-planner-1.pem")}');
      for (const key of keys) {
        assert.equal(key.private_key_type, undefined, "no key pair is made by Google");
        assert.equal(key.keepers, undefined);
      }
    });

    it("lets no private key out: the outputs name the keys' ids only", () => {
      assert.deepEqual(keyed.output.deployer_keys.value, { 1: "${google_service_account_key.deployer_key_1.id}" });
      for (const output of Object.values<any>(keyed.output)) assert.doesNotMatch(JSON.stringify(output.value), /private_key/);
    });

    it("keeps two keys side by side during a rotation, each its own resource", () => {
      const rotating = identity({ ciAuth: "key", deployerPublicKeys: "2026-12,2027-06" });
      assert.deepEqual(Object.keys(rotating.resource.google_service_account_key).sort(), [
        "deployer_key_2026-12",
        "deployer_key_2027-06",
        "planner_key_1",
      ]);
    });

    it("creates no federation", () => {
      assert.equal(keyed.resource.google_iam_workload_identity_pool, undefined);
      assert.equal(keyed.output.workload_identity_provider, undefined);
      assert.deepEqual(federation(keyed), []);
    });

    it("keeps the same state bucket grants as keyless", () => {
      const grants = (j: any) => resources(j, "google_storage_bucket_iam_member").map((g) => JSON.stringify([g.member, g.role, g.condition]));
      assert.deepEqual(grants(keyed).sort(), grants(json).sort());
    });
  });
});
