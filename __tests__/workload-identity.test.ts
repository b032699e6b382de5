// Who each CI job becomes, decided as Google decides it: the pool providers'
// attribute mappings and conditions, read from the synthesized JSON, are
// evaluated with a real CEL evaluator on the claim sets GitHub and GitLab put
// in their tokens; then the service accounts' workloadIdentityUser bindings
// (principal:// by google.subject, principalSet:// by one attribute value)
// are matched against the result.
//
// Claim sets follow the platforms' documented tokens, every value a string as
// they send it: GitHub, https://docs.github.com/en/actions/reference/security/oidc
// ("OIDC token claims"; `environment` only in jobs that name one); GitLab,
// https://docs.gitlab.com/ci/secrets/id_token_authentication/ ("Token payload").
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isCelError, run } from "@bufbuild/cel";
import { IdentityStack } from "../stacks/identity";
import { resources, synthesize, testApp, testConfig } from "./support";

/** Google's limit on a mapped google.subject (IAM API, WorkloadIdentityPoolProvider.attributeMapping). */
const SUBJECT_LIMIT = 127;
/** The bound this project keeps every custom attribute value within (stacks/identity.ts). */
const ATTRIBUTE_LIMIT = 100;

const POOL = "projects/123456/locations/global/workloadIdentityPools/ci-pipelines";

type Claims = Record<string, string | number>;
type Exchange = { refused: string } | { subject: string; attributes: Record<string, string>; accounts: string[] };

function synthesizedPool(overrides: Record<string, unknown>) {
  const json = synthesize(new IdentityStack(testApp(), "identity", { config: testConfig(overrides) }));
  const providers = Object.fromEntries(
    resources(json, "google_iam_workload_identity_pool_provider").map((p) => [p.workload_identity_pool_provider_id as string, p]),
  );
  const bindings = resources(json, "google_service_account_iam_member").map((b) => {
    assert.equal(b.role, "roles/iam.workloadIdentityUser");
    return {
      account: b.service_account_id.replace(/^\$\{google_service_account\.(\w+)\.name\}$/, "$1") as string,
      member: (b.member as string).replace("${google_iam_workload_identity_pool.ci_pool.name}", POOL),
    };
  });
  return { providers, bindings };
}

/** What Google's STS and IAM make of a token that `providerId` verified. */
function exchanger(pool: ReturnType<typeof synthesizedPool>) {
  return (providerId: string, claims: Claims): Exchange => {
    const provider = pool.providers[providerId];
    assert.ok(provider, `no provider ${providerId}`);
    const mapped: Record<string, string> = {};
    for (const [key, expression] of Object.entries<string>(provider.attribute_mapping)) {
      const value = run(expression, { assertion: claims });
      if (isCelError(value)) return { refused: `mapping ${key}: ${value.message}` };
      if (typeof value !== "string") return { refused: `mapping ${key}: not a string` };
      mapped[key] = value;
    }
    const subject = mapped["google.subject"];
    if (Buffer.byteLength(subject) > SUBJECT_LIMIT) return { refused: `google.subject is ${Buffer.byteLength(subject)} bytes` };
    const attributes = Object.fromEntries(
      Object.entries(mapped).filter(([key]) => key.startsWith("attribute.")).map(([key, value]) => [key.slice("attribute.".length), value]),
    );
    const admitted = run(provider.attribute_condition, { assertion: claims, google: { subject }, attribute: attributes });
    if (admitted !== true) return { refused: `condition: ${isCelError(admitted) ? admitted.message : String(admitted)}` };
    const accounts = pool.bindings
      .filter(({ member }) => {
        const principal = /^principal:\/\/iam\.googleapis\.com\/(.+)\/subject\/(.+)$/.exec(member);
        if (principal) return principal[1] === POOL && principal[2] === subject;
        const set = /^principalSet:\/\/iam\.googleapis\.com\/(.+)\/attribute\.([a-z0-9_]+)\/(.+)$/.exec(member);
        if (set) return set[1] === POOL && attributes[set[2]] === set[3];
        throw new Error(`a binding of a kind this test does not know: ${member}`);
      })
      .map(({ account }) => account);
    return { subject, attributes, accounts: [...new Set(accounts)].sort() };
  };
}

const accountsOf = (exchange: Exchange): string[] | string => ("refused" in exchange ? `refused (${exchange.refused})` : exchange.accounts);

const github = { githubRepository: "acme/mlops", githubRepositoryId: "123456789", githubOwnerId: "987654" };
const gitlab = { gitlabProject: "acme/ml/mlops", gitlabProjectId: "4711" };
const pool = synthesizedPool({ ...github, ...gitlab });
const exchange = exchanger(pool);

/** A GitHub Actions token of the deploy job, pushed to main, as GitHub's docs show the claims. */
function githubClaims(changes: Claims = {}, without: string[] = []): Claims {
  const claims: Claims = {
    jti: "example-id",
    sub: "repo:acme/mlops:environment:production",
    environment: "production",
    aud: "https://github.com/acme",
    ref: "refs/heads/main",
    sha: "4c1e2f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e",
    repository: "acme/mlops",
    repository_owner: "acme",
    actor_id: "12",
    repository_visibility: "private",
    repository_id: "123456789",
    repository_owner_id: "987654",
    run_id: "9876543210",
    run_number: "42",
    run_attempt: "1",
    runner_environment: "github-hosted",
    actor: "octocat",
    workflow: "Deploy",
    head_ref: "",
    base_ref: "",
    event_name: "push",
    ref_type: "branch",
    ref_protected: "true",
    workflow_ref: "acme/mlops/.github/workflows/deploy.yml@refs/heads/main",
    workflow_sha: "4c1e2f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e",
    job_workflow_ref: "acme/mlops/.github/workflows/deploy.yml@refs/heads/main",
    job_workflow_sha: "4c1e2f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e",
    iss: "https://token.actions.githubusercontent.com",
    nbf: 1632492967,
    exp: 1632493867,
    iat: 1632493567,
    ...changes,
  };
  for (const claim of without) delete claims[claim];
  return claims;
}

/** The plan job of a pull request from branch `feature` of the same repository: no environment. */
const pullRequest = githubClaims(
  {
    sub: "repo:acme/mlops:pull_request",
    ref: "refs/pull/7/merge",
    event_name: "pull_request",
    head_ref: "feature",
    base_ref: "main",
    ref_protected: "false",
    workflow: "Plan",
    workflow_ref: "acme/mlops/.github/workflows/plan.yml@refs/pull/7/merge",
    job_workflow_ref: "acme/mlops/.github/workflows/plan.yml@refs/pull/7/merge",
  },
  ["environment"],
);

describe("GitHub tokens, through the synthesized pool", () => {
  it("admit a push to the default branch in the production environment as the deployer (and, as any job, the planner)", () => {
    assert.deepEqual(accountsOf(exchange("github", githubClaims())), ["deployer", "planner"]);
    assert.deepEqual(accountsOf(exchange("github", githubClaims({ event_name: "workflow_dispatch" }))), ["deployer", "planner"]);
  });

  it("refuse the deployer to a branch's job in production: the environment alone is not enough", () => {
    const branch = githubClaims({ ref: "refs/heads/feature", sub: "repo:acme/mlops:environment:production" });
    assert.deepEqual(accountsOf(exchange("github", branch)), ["planner"]);
    const dispatched = githubClaims({ ref: "refs/heads/feature", event_name: "workflow_dispatch" });
    assert.deepEqual(accountsOf(exchange("github", dispatched)), ["planner"]);
  });

  it("refuse the deployer to a tag named like the default branch", () => {
    const tag = githubClaims({ ref: "refs/tags/main", ref_type: "tag" });
    assert.deepEqual(accountsOf(exchange("github", tag)), ["planner"]);
  });

  it("refuse the deployer to the default branch outside the production environment", () => {
    assert.deepEqual(accountsOf(exchange("github", githubClaims({ sub: "repo:acme/mlops:ref:refs/heads/main" }, ["environment"]))), ["planner"]);
    assert.deepEqual(accountsOf(exchange("github", githubClaims({ environment: "staging", sub: "repo:acme/mlops:environment:staging" }))), ["planner"]);
  });

  it("give a same-repository pull request the planner only, even when its workflow names the production environment", () => {
    assert.deepEqual(accountsOf(exchange("github", pullRequest)), ["planner"]);
    const edited = { ...pullRequest, environment: "production", sub: "repo:acme/mlops:environment:production" };
    assert.deepEqual(accountsOf(exchange("github", edited)), ["planner"]);
  });

  it("refuse the deployer to pull_request_target, which runs with the default branch's ref", () => {
    const target = githubClaims({ event_name: "pull_request_target", head_ref: "feature", base_ref: "main" });
    assert.deepEqual(accountsOf(exchange("github", target)), ["planner"]);
  });

  it("give a fork nothing: its own runs carry the fork's repository and owner ids", () => {
    const fork = githubClaims({ repository: "mallory/mlops", repository_owner: "mallory", repository_id: "555555555", repository_owner_id: "444444", sub: "repo:mallory/mlops:environment:production" });
    assert.match(accountsOf(exchange("github", fork)) as string, /^refused \(condition: false\)$/);
    assert.match(accountsOf(exchange("github", { ...pullRequest, repository_id: "555555555", repository_owner_id: "444444" })) as string, /^refused/);
  });

  it("give nothing to a repository registered again under the old name", () => {
    const squatted = githubClaims({ repository_id: "999999999" });
    assert.match(accountsOf(exchange("github", squatted)) as string, /^refused \(condition: false\)$/);
    assert.match(accountsOf(exchange("github", githubClaims({ repository_owner_id: "111" }))) as string, /^refused/);
  });

  // Private repositories may send fork pull requests write tokens (Settings >
  // Actions > "Send write tokens to workflows from fork pull requests"); such
  // a run's token carries the base repository's ids and no claim that tells
  // a fork apart. docs/security.md says so.
  it("give a fork's pull request in a private repository that sends it write tokens what a branch's gets: the planner", () => {
    const forkPullRequest = { ...pullRequest, head_ref: "mallory-patch-1", actor: "mallory", actor_id: "66" };
    assert.deepEqual(accountsOf(exchange("github", forkPullRequest)), ["planner"]);
  });

  it("keep google.subject within 127 bytes and every attribute within 100 for the longest legal names", () => {
    const owner = "o".repeat(39); // GitHub's longest user or organization name
    const name = "r".repeat(100); // its longest repository name
    const branch = `refs/heads/${"b".repeat(244)}`; // Git's 255-byte ref
    const environment = "e".repeat(255); // GitHub's longest environment name
    const long = githubClaims({
      repository: `${owner}/${name}`,
      repository_owner: owner,
      repository_id: "9".repeat(19),
      repository_owner_id: "9".repeat(19),
      run_id: "9".repeat(19),
      run_attempt: "9".repeat(5),
      ref: branch,
      environment,
      sub: `repo:${owner}/${name}:environment:${environment}`,
    });
    assert.ok(Buffer.byteLength(long.sub as string) > SUBJECT_LIMIT, "GitHub's own sub would be refused");
    const longPool = synthesizedPool({ githubRepository: `${owner}/${name}`, githubRepositoryId: "9".repeat(19), githubOwnerId: "9".repeat(19), githubDeployBranch: "d".repeat(50) });
    for (const claims of [long, { ...long, ref: `refs/heads/${"d".repeat(50)}`, environment: "production" }]) {
      const result = exchanger(longPool)("github", claims);
      assert.ok(!("refused" in result), JSON.stringify(result));
      assert.ok(Buffer.byteLength(result.subject) <= SUBJECT_LIMIT, result.subject);
      for (const [key, value] of Object.entries(result.attributes)) assert.ok(Buffer.byteLength(value) <= ATTRIBUTE_LIMIT, `${key}: ${value}`);
    }
    assert.deepEqual(accountsOf(exchanger(longPool)("github", { ...long, ref: `refs/heads/${"d".repeat(50)}`, environment: "production" })), ["deployer", "planner"]);
  });

  it("names the run in google.subject", () => {
    const result = exchange("github", githubClaims());
    assert.ok(!("refused" in result));
    assert.equal(result.subject, "github-run:123456789:9876543210:1");
  });

  it("follows the configured default branch", () => {
    const trunk = exchanger(synthesizedPool({ ...github, githubDeployBranch: "trunk" }));
    assert.deepEqual(accountsOf(trunk("github", githubClaims({ ref: "refs/heads/trunk" }))), ["deployer", "planner"]);
    assert.deepEqual(accountsOf(trunk("github", githubClaims())), ["planner"]);
  });
});

/** A GitLab ID token of the deploy job of the protected default branch, as GitLab's docs show the payload. */
function gitlabClaims(changes: Claims = {}, without: string[] = []): Claims {
  const claims: Claims = {
    namespace_id: "72",
    namespace_path: "acme/ml",
    project_id: "4711",
    project_path: "acme/ml/mlops",
    user_id: "42",
    user_login: "alice",
    user_email: "alice@example.com",
    user_access_level: "maintainer",
    pipeline_id: "574",
    pipeline_source: "push",
    job_id: "302",
    ref: "main",
    ref_type: "branch",
    ref_path: "refs/heads/main",
    ref_protected: "true",
    environment: "production",
    environment_protected: "true",
    deployment_tier: "production",
    environment_action: "start",
    runner_id: 1,
    runner_environment: "gitlab-hosted",
    sha: "4c1e2f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e",
    project_visibility: "private",
    ci_config_ref_uri: "gitlab.com/acme/ml/mlops//.gitlab-ci.yml@refs/heads/main",
    ci_config_sha: "4c1e2f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e",
    jti: "235b3a54-b797-45c7-ae9a-f72d7bc6ef5b",
    iss: "https://gitlab.com",
    iat: 1681395193,
    nbf: 1681395188,
    exp: 1681398793,
    sub: "project_path:acme/ml/mlops:ref_type:branch:ref:main",
    aud: `https://iam.googleapis.com/${POOL}/providers/gitlab`,
    ...changes,
  };
  for (const claim of without) delete claims[claim];
  return claims;
}

/** The plan job of a merge request from branch `feature` of the same project. */
const mergeRequest = gitlabClaims(
  {
    pipeline_source: "merge_request_event",
    ref: "feature",
    ref_path: "refs/heads/feature",
    ref_protected: "false",
    sub: "project_path:acme/ml/mlops:ref_type:branch:ref:feature",
    ci_config_ref_uri: "gitlab.com/acme/ml/mlops//.gitlab-ci.yml@refs/heads/feature",
  },
  ["environment", "environment_protected", "deployment_tier", "environment_action"],
);

describe("GitLab tokens, through the synthesized pool", () => {
  it("admit a push to the protected default branch as the deployer, and not as the planner", () => {
    assert.deepEqual(accountsOf(exchange("gitlab", gitlabClaims())), ["deployer"]);
    assert.deepEqual(accountsOf(exchange("gitlab", gitlabClaims({ pipeline_source: "web" }))), ["deployer"]);
  });

  it("refuse the deployer to another branch, protected or not, and to the default branch unprotected", () => {
    assert.deepEqual(accountsOf(exchange("gitlab", gitlabClaims({ ref: "release", ref_path: "refs/heads/release" }))), []);
    assert.deepEqual(accountsOf(exchange("gitlab", gitlabClaims({ ref: "feature", ref_protected: "false", pipeline_source: "web" }))), []);
    assert.deepEqual(accountsOf(exchange("gitlab", gitlabClaims({ ref_protected: "false" }))), []);
  });

  it("refuse the deployer to a tag named like the default branch", () => {
    assert.deepEqual(accountsOf(exchange("gitlab", gitlabClaims({ ref_type: "tag", ref_path: "refs/tags/main" }))), []);
  });

  it("give a merge request of the project the planner only, even with an environment in its edited pipeline", () => {
    assert.deepEqual(accountsOf(exchange("gitlab", mergeRequest)), ["planner"]);
    assert.deepEqual(accountsOf(exchange("gitlab", { ...mergeRequest, environment: "production", environment_protected: "true" })), ["planner"]);
  });

  it("give a fork's merge request nothing: its token carries the fork's project_id", () => {
    const fork = { ...mergeRequest, project_id: "9999", project_path: "mallory/mlops", namespace_id: "88" };
    assert.match(accountsOf(exchange("gitlab", fork)) as string, /^refused \(condition: false\)$/);
    assert.match(accountsOf(exchange("gitlab", gitlabClaims({ project_id: "9999" }))) as string, /^refused/);
  });

  it("keep google.subject and every attribute within bounds for the longest paths and refs", () => {
    const path = Array.from({ length: 20 }, (_, i) => `group-${i}-${"g".repeat(40)}`).join("/");
    const ref = "f".repeat(255);
    const long = { ...mergeRequest, project_path: path, namespace_path: path, ref, ref_path: `refs/heads/${ref}`, sub: `project_path:${path}:ref_type:branch:ref:${ref}`, job_id: "9".repeat(19), project_id: "4711" };
    assert.ok(Buffer.byteLength(long.sub) > SUBJECT_LIMIT, "GitLab's own sub would be refused");
    const result = exchange("gitlab", long);
    assert.ok(!("refused" in result), JSON.stringify(result));
    assert.deepEqual(result.accounts, ["planner"]);
    assert.ok(Buffer.byteLength(result.subject) <= SUBJECT_LIMIT);
    for (const [key, value] of Object.entries(result.attributes)) assert.ok(Buffer.byteLength(value) <= ATTRIBUTE_LIMIT, `${key}: ${value}`);
  });

  it("share the pool with GitHub, yet match none of GitHub's bindings, even where the numeric ids collide", () => {
    const colliding = exchanger(synthesizedPool({ ...github, gitlabProject: "acme/ml/mlops", gitlabProjectId: github.githubRepositoryId }));
    const ids = { project_id: github.githubRepositoryId, namespace_id: github.githubOwnerId };
    // The GitHub planner admits attribute.repository_id/<id>: a GitLab push would get it if GitLab's provider mapped that attribute.
    assert.deepEqual(accountsOf(colliding("gitlab", gitlabClaims(ids))), ["deployer"]);
    assert.deepEqual(accountsOf(colliding("gitlab", gitlabClaims({ ...ids, pipeline_source: "push", ref: "feature", ref_protected: "false" }))), []);
    assert.deepEqual(accountsOf(colliding("github", pullRequest)), ["planner"]);
  });
});

describe("with environments staging and production, each deployer answers to its own CI environment only", () => {
  const two = exchanger(synthesizedPool({ ...github, ...gitlab, environments: ["staging", "production"] }));

  it("GitHub: a staging job becomes the staging deployer, a production job the production deployer", () => {
    assert.deepEqual(accountsOf(two("github", githubClaims({ environment: "staging", sub: "repo:acme/mlops:environment:staging" }))), ["deployer_staging", "planner"]);
    assert.deepEqual(accountsOf(two("github", githubClaims())), ["deployer", "planner"]);
  });

  it("GitHub: an environment of another name, or none, gets no deployer", () => {
    assert.deepEqual(accountsOf(two("github", githubClaims({ environment: "qa" }))), ["planner"]);
    assert.deepEqual(accountsOf(two("github", githubClaims({}, ["environment"]))), ["planner"]);
    assert.deepEqual(accountsOf(two("github", githubClaims({ environment: "staging", ref: "refs/heads/feature" }))), ["planner"]);
  });

  it("GitLab: the deploy job's environment picks the deployer, on the protected default branch only", () => {
    assert.deepEqual(accountsOf(two("gitlab", gitlabClaims({ environment: "staging", deployment_tier: "staging" }))), ["deployer_staging"]);
    assert.deepEqual(accountsOf(two("gitlab", gitlabClaims())), ["deployer"]);
    assert.deepEqual(accountsOf(two("gitlab", gitlabClaims({ environment: "qa" }))), []);
    assert.deepEqual(accountsOf(two("gitlab", gitlabClaims({}, ["environment"]))), []);
    assert.deepEqual(accountsOf(two("gitlab", gitlabClaims({ environment: "staging", ref: "feature", ref_protected: "false" }))), []);
  });
});
