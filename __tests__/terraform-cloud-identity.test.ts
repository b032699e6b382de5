// Terraform Cloud's remote runs sign in to Google with the workspace's
// dynamic provider credentials: these tests take the identity stack's
// Terraform Cloud provider and bindings from the synthesized JSON, evaluate
// the provider's CEL condition and mappings with a real CEL evaluator on
// claim sets shaped like HCP Terraform's workload identity tokens, and match
// the result against every federation binding of the stack, as Google's
// token exchange does. A pull request's speculative plan is a plan phase:
// it must get the planner and nothing more.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isCelError, run } from "@bufbuild/cel";
import { ClusterStack } from "../stacks/cluster";
import { adminProjectRoles, IdentityStack, PROJECT_ROLES_THE_STACKS_GRANT, TERRAFORM_CLOUD_ISSUER } from "../stacks/identity";
import { RegistryStack } from "../stacks/registry";

import { resource, resources, synthesize, testApp, testConfig, TerraformJson } from "./support";

/** A token's claims, as CEL binds them to `assertion`. */
type Claims = Record<string, string | number>;

const cloud = { backend: "cloud", tfcOrganization: "acme-ml" };
const github = { githubRepository: "acme/mlops", githubRepositoryId: "123456789", githubOwnerId: "987654" };

function identity(overrides: Claims = {}): TerraformJson {
  return synthesize(new IdentityStack(testApp(), "identity", { config: testConfig({ ...cloud, ...overrides }) }));
}

/**
 * A workload identity token's payload as HCP Terraform documents it
 * (developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens,
 * "Workspace run token structure"), for one run phase of one workspace.
 */
function tfcToken(workspace: string, phase: string, overrides: Record<string, string> = {}): Claims {
  const organization = overrides.terraform_organization_name ?? "acme-ml";
  const project = overrides.terraform_project_name ?? "Default Project";
  return {
    jti: "1192426d-b525-4fde-9d42-f238be437bbd",
    iss: TERRAFORM_CLOUD_ISSUER,
    aud: "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/terraform-cloud/providers/terraform-cloud",
    iat: 1650486122,
    nbf: 1650486117,
    exp: 1650486422,
    sub: `organization:${organization}:project:${project}:workspace:${workspace}:run_phase:${phase}`,
    terraform_organization_id: "org-GRNbCjYNpBB6NEH9",
    terraform_organization_name: organization,
    terraform_project_id: "prj-vegSA59s1XPwMr2t",
    terraform_project_name: project,
    terraform_workspace_id: "ws-mbsd5E3Ktt5Rg2Xm",
    terraform_workspace_name: workspace,
    terraform_full_workspace: `organization:${organization}:project:${project}:workspace:${workspace}`,
    terraform_run_id: "run-X3n1AUXNGWbfECsJ",
    terraform_run_phase: phase,
    ...overrides,
  };
}

/** One pool provider's CEL, as synthesized. */
interface Provider {
  readonly pool: string;
  readonly condition: string;
  readonly mapping: Record<string, string>;
}

function provider(json: TerraformJson, name: string): Provider {
  const block = resource(json, "google_iam_workload_identity_pool_provider", name);
  const pool = /^\$\{google_iam_workload_identity_pool\.(\w+)\.workload_identity_pool_id\}$/.exec(block.workload_identity_pool_id)![1];
  return { pool, condition: block.attribute_condition, mapping: block.attribute_mapping };
}

/**
 * The service accounts a token may act as through `provider`, as Google's
 * exchange decides: the condition must be true (an error, such as a missing
 * claim, rejects the token), every mapping is evaluated, `google.subject`
 * must fit 127 characters, and a binding admits the token when it names the
 * provider's pool and the subject or a mapped attribute's value.
 */
function accountsFor(json: TerraformJson, via: Provider, claims: Claims): string[] {
  const admitted = run(via.condition, { assertion: claims });
  if (isCelError(admitted) || admitted !== true) return [];
  const attributes: Record<string, string> = {};
  for (const [key, expression] of Object.entries(via.mapping)) {
    const value = run(expression, { assertion: claims });
    if (isCelError(value)) return [];
    attributes[key] = String(value);
  }
  if (attributes["google.subject"].length > 127) return [];
  const pool = `iam.googleapis.com/\${google_iam_workload_identity_pool.${via.pool}.name}`;
  return resources(json, "google_service_account_iam_member")
    .filter((binding) => binding.role === "roles/iam.workloadIdentityUser")
    .filter((binding) => {
      const subject = binding.member.startsWith(`principal://${pool}/subject/`) && binding.member.slice(`principal://${pool}/subject/`.length);
      if (subject !== false) return subject === attributes["google.subject"];
      const set = new RegExp(`^principalSet://${pool.replace(/[$.{}]/g, "\\$&")}/attribute\\.(\\w+)/(.+)$`).exec(binding.member);
      return set !== null && attributes[`attribute.${set[1]}`] === set[2];
    })
    .map((binding) => /^\$\{google_service_account\.(\w+)\.name\}$/.exec(binding.service_account_id)![1])
    .sort();
}

describe("Terraform Cloud's dynamic provider credentials (backend cloud)", () => {
  const json = identity(github);
  const tfc = provider(json, "tfc_provider");

  it("trust HCP Terraform's issuer, for the organization's remote platform workspaces only, in a pool of their own", () => {
    assert.deepEqual(resource(json, "google_iam_workload_identity_pool_provider", "tfc_provider").oidc, { issuer_uri: "https://app.terraform.io" });
    assert.equal(tfc.pool, "tfc_pool");
    assert.equal(resource(json, "google_iam_workload_identity_pool", "tfc_pool").workload_identity_pool_id, "terraform-cloud");
    assert.equal(
      tfc.condition,
      'assertion.terraform_organization_name == "acme-ml" && assertion.terraform_workspace_name in ["mlops-identity", "mlops-registry", "mlops-cluster"]',
    );
    assert.deepEqual(tfc.mapping, {
      "google.subject": "assertion.terraform_workspace_id + ':' + assertion.terraform_run_phase + ':' + assertion.terraform_run_id",
      "attribute.terraform_run_phase": "assertion.terraform_run_phase",
    });
    assert.equal(identity({ tfcWorkspacePrefix: "ml" }).resource.google_iam_workload_identity_pool_provider.tfc_provider.attribute_condition.includes('"ml-cluster"'), true);
  });

  for (const workspace of ["mlops-identity", "mlops-registry", "mlops-cluster"]) {
    it(`give a plan phase of ${workspace}, a pull request's speculative plan included, the planner and nothing more`, () => {
      assert.deepEqual(accountsFor(json, tfc, tfcToken(workspace, "plan")), ["planner"]);
    });

    it(`give the apply phase of ${workspace} the admin and nothing more`, () => {
      assert.deepEqual(accountsFor(json, tfc, tfcToken(workspace, "apply")), ["admin"]);
    });
  }

  it("give nothing to another organization's workspace of the same name, to a renamed or differently cased one, or to the locally run workspaces", () => {
    for (const claims of [
      tfcToken("mlops-identity", "apply", { terraform_organization_name: "acme-ml-evil" }),
      tfcToken("mlops-identity", "apply", { terraform_organization_name: "Acme-ML" }),
      tfcToken("mlops-identity-copy", "apply"),
      tfcToken("mlops-access", "apply"),
      tfcToken("mlops-workload", "plan"),
    ]) {
      assert.deepEqual(accountsFor(json, tfc, claims), [], JSON.stringify(claims));
    }
  });

  it("give nothing to a token without a run phase, or with a phase that is neither plan nor apply", () => {
    const { terraform_run_phase: _phase, ...withoutPhase } = tfcToken("mlops-identity", "apply");
    assert.deepEqual(accountsFor(json, tfc, withoutPhase), []);
    assert.deepEqual(accountsFor(json, tfc, tfcToken("mlops-identity", "policy_check")), []);
  });

  it("keep google.subject within Google's 127 characters for the longest names, where the token's sub would not fit", () => {
    // The longest names the settings accept: a 40-character organization, an 80-character prefix.
    const organization = "o".repeat(40);
    const prefix = "w".repeat(80);
    const long = identity({ ...github, tfcOrganization: organization, tfcWorkspacePrefix: prefix });
    const claims = tfcToken(`${prefix}-registry`, "plan", { terraform_organization_name: organization });
    assert.ok((claims.sub as string).length > 127, "the sub claim itself passes the limit");
    assert.deepEqual(accountsFor(long, provider(long, "tfc_provider"), claims), ["planner"]);
    assert.equal(run(tfc.mapping["google.subject"], { assertion: claims }), "ws-mbsd5E3Ktt5Rg2Xm:plan:run-X3n1AUXNGWbfECsJ");
  });

  it("cannot be matched by a GitHub token, nor a Terraform Cloud token by GitHub's bindings: each binding names its own pool", () => {
    const githubProvider = provider(json, "github_provider");
    const githubClaims = {
      sub: "repo:acme/mlops:environment:production",
      repository_id: "123456789",
      repository_owner_id: "987654",
      ref: "refs/heads/main",
      terraform_run_phase: "apply",
    };
    assert.notEqual(githubProvider.pool, tfc.pool);
    assert.ok(!accountsFor(json, githubProvider, githubClaims).includes("admin"), "a GitHub token claiming an apply phase");
    const tfcBindings = resources(json, "google_service_account_iam_member").filter((b) => b.member.includes("tfc_pool"));
    assert.deepEqual(tfcBindings.map((b) => b.service_account_id).sort(), ["${google_service_account.admin.name}", "${google_service_account.planner.name}"]);
    assert.ok(resources(json, "google_service_account_iam_member").filter((b) => b.member.includes("ci_pool")).every((b) => !b.service_account_id.includes("admin")));
  });

  it("output what the workspaces' variables need: the provider's name and the admin's email", () => {
    assert.equal(json.output.tfc_workload_provider_name.value, "${google_iam_workload_identity_pool_provider.tfc_provider.name}");
    assert.equal(json.output.admin_email.value, "${google_service_account.admin.email}");
  });

  it("also work in key mode, where the CI pool does not exist", () => {
    const keyed = identity({ ciAuth: "key" });
    assert.equal(keyed.resource.google_iam_workload_identity_pool.ci_pool, undefined);
    const keyedTfc = provider(keyed, "tfc_provider");
    assert.deepEqual(accountsFor(keyed, keyedTfc, tfcToken("mlops-identity", "plan")), ["planner"]);
    assert.deepEqual(accountsFor(keyed, keyedTfc, tfcToken("mlops-identity", "apply")), ["admin"]);
    assert.deepEqual(resource(keyed, "google_iam_workload_identity_pool", "tfc_pool").depends_on, [
      "google_project_service.api_iamcredentials",
      "google_project_service.api_sts",
    ]);
  });

  it("exist only with the cloud backend", () => {
    for (const backend of ["local", "gcs"]) {
      const other = identity({ backend, ...github });
      assert.equal(other.resource.google_iam_workload_identity_pool.tfc_pool, undefined, backend);
      assert.equal(other.resource.google_service_account.admin, undefined, backend);
    }
  });
});

describe("the admin of Terraform Cloud's apply phase", () => {
  const json = identity();
  const adminGrants = resources(json, "google_project_iam_member").filter((g) => g.member === "${google_service_account.admin.member}");

  it("is its own service account, named by adminAccountId", () => {
    assert.equal(resource(json, "google_service_account", "admin").account_id, "mlops-platform-admin");
    assert.equal(resource(identity({ adminAccountId: "acme-tfc-apply" }), "google_service_account", "admin").account_id, "acme-tfc-apply");
  });

  it("holds exactly the roles that applying identity, registry and cluster needs, no primitive role", () => {
    assert.deepEqual(adminGrants.map((g) => g.role).sort(), [
      "roles/artifactregistry.admin",
      "roles/compute.networkAdmin",
      "roles/container.clusterAdmin",
      "roles/iam.serviceAccountAdmin",
      "roles/iam.workloadIdentityPoolAdmin",
      "roles/resourcemanager.projectIamAdmin",
      "roles/serviceusage.serviceUsageAdmin",
      "roles/storage.admin",
    ]);
    assert.ok(adminGrants.every((g) => g.project === "mlops-demo-project"));
    assert.deepEqual(Object.keys(adminProjectRoles({ ciAuth: "oidc" })).sort(), adminGrants.map((g) => g.role).sort());
  });

  it("may upload public keys only in key mode", () => {
    const keyed = resources(identity({ ciAuth: "key" }), "google_project_iam_member").map((g) => g.role);
    assert.ok(keyed.includes("roles/iam.serviceAccountKeyAdmin"));
    assert.ok(!adminGrants.some((g) => g.role === "roles/iam.serviceAccountKeyAdmin"));
  });

  it("may change project-wide grants of the roles the stacks grant and of no other, its own included", () => {
    const [iamAdmin] = adminGrants.filter((g) => g.role === "roles/resourcemanager.projectIamAdmin");
    assert.equal(
      iamAdmin.condition.expression,
      "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/container.clusterViewer', 'roles/container.defaultNodeServiceAccount'])",
    );
    for (const role of Object.keys(adminProjectRoles({ ciAuth: "key" }))) {
      assert.ok(!iamAdmin.condition.expression.includes(`'${role}'`), `the admin cannot grant ${role}, which it holds`);
    }
  });

  it("the roles it may grant are every role any stack grants project-wide to another identity", () => {
    const app = testApp();
    const config = testConfig({ ...cloud, ...github });
    const stack = new IdentityStack(app, "identity", { config });
    const registry = new RegistryStack(app, "registry", { config });
    registry.grantPush("deployer", stack.deployers[0].member);
    const cluster = new ClusterStack(app, "cluster", { config, nodeServiceAccountEmail: stack.nodeServiceAccountEmail });
    cluster.grantDeploy("deployer", stack.deployers[0].member);
    cluster.grantView("planner", stack.plannerMember);
    const granted = [stack, registry, cluster]
      .flatMap((s) => resources(synthesize(s), "google_project_iam_member"))
      .filter((g) => g.member !== "${google_service_account.admin.member}")
      .map((g) => g.role);
    assert.deepEqual([...new Set(granted)].sort(), PROJECT_ROLES_THE_STACKS_GRANT);
  });

  it("may act as the nodes' service account alone, which GKE requires of whoever creates the node pool", () => {
    const actAs = resources(json, "google_service_account_iam_member").filter((g) => g.member === "${google_service_account.admin.member}");
    assert.deepEqual(actAs.map((g) => [g.service_account_id, g.role]), [["${google_service_account.nodes.name}", "roles/iam.serviceAccountUser"]]);
  });
});
