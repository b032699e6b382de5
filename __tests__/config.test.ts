import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../lib/config";
import { defaultContext, testConfig } from "./support";

function problemsOf(context: Record<string, unknown>, env: Record<string, string> = {}): string[] {
  try {
    loadConfig(context, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail("expected a ConfigError");
}

describe("configuration", () => {
  it("defaults to the guide's values", () => {
    const config = testConfig();
    assert.equal(config.region, "europe-west6");
    assert.equal(config.zone, "europe-west6-a");
    assert.equal(config.clusterName, "mlops-kubernetes");
    assert.equal(config.machineType, "e2-standard-2");
    assert.equal(config.nodeCount, 2);
    assert.equal(config.repositoryId, "mlops-registry");
    assert.equal(config.deployerAccountId, "mlem-service-account");
    assert.equal(config.backend, "local");
    assert.equal(config.deletionProtection, true);
    assert.equal(config.namespace, "live");
    assert.equal(config.appName, "mlops-classifier");
    assert.equal(config.replicas, 2);
  });

  it("signs in keyless by default, and synthesizes without any repository settings (the quick start)", () => {
    const config = testConfig();
    assert.equal(config.ciAuth, "oidc");
    assert.equal(config.githubRepositoryId, "");
    assert.equal(config.gitlabProjectId, "");
    assert.equal(config.gitlabUrl, "https://gitlab.com");
  });

  it("keeps state in a bucket of its own setting, read from TF_STATE_BUCKET", () => {
    assert.equal(loadConfig(defaultContext, { TF_STATE_BUCKET: "acme-tfstate" }).stateBucket, "acme-tfstate");
    assert.ok(!("bucket" in defaultContext), "no setting names the DVC bucket: nothing here grants on it or keeps state in it");
  });

  it("names the state bucket after the project, so that GCP_PROJECT_ID alone never names a bucket of another project", () => {
    assert.equal(defaultContext.stateBucket, "");
    assert.equal(testConfig().stateBucket, "mlops-demo-project-tfstate");
    assert.equal(loadConfig(defaultContext, { GCP_PROJECT_ID: "acme-ml-prod" }).stateBucket, "acme-ml-prod-tfstate");
    assert.equal(loadConfig(defaultContext, { GCP_PROJECT_ID: "acme-ml-prod", TF_STATE_BUCKET: "acme-state" }).stateBucket, "acme-state");
    assert.equal(loadConfig({ ...defaultContext, stateBucket: "acme-state" }, { GCP_PROJECT_ID: "acme-ml-prod" }).stateBucket, "acme-state");
  });

  it("refuses a project id whose bucket name Cloud Storage would refuse, naming TF_STATE_BUCKET as the way out", () => {
    assert.deepEqual(problemsOf(defaultContext, { GCP_PROJECT_ID: "goog-ml-1" }), [
      'stateBucket is empty, and projectId (from GCP_PROJECT_ID) "goog-ml-1" gives "goog-ml-1-tfstate": expected a bucket name: 3-63 lowercase letters, digits, hyphens and underscores, starting and ending with a letter or digit, not beginning with "goog" nor containing "google"; set TF_STATE_BUCKET',
    ]);
    assert.equal(loadConfig(defaultContext, { GCP_PROJECT_ID: "goog-ml-1", TF_STATE_BUCKET: "ml-1-tfstate" }).stateBucket, "ml-1-tfstate");
    for (const bucket of ["googstate", "my-google-state"]) {
      assert.match(problemsOf(defaultContext, { TF_STATE_BUCKET: bucket })[0], new RegExp(`^stateBucket \\(from TF_STATE_BUCKET\\) is "${bucket}": expected a bucket name`));
    }
  });

  it("reads one or two public key names per CI identity", () => {
    assert.deepEqual(testConfig().deployerPublicKeys, ["1"]);
    assert.deepEqual(loadConfig(defaultContext, { PLANNER_PUBLIC_KEYS: "2026-12,2027-06" }).plannerPublicKeys, ["2026-12", "2027-06"]);
  });

  it("takes a platform's settings all together, GitHub and GitLab side by side", () => {
    const config = loadConfig(defaultContext, {
      CI_GITHUB_REPOSITORY: "acme/mlops",
      CI_GITHUB_REPOSITORY_ID: "123456789",
      CI_GITHUB_OWNER_ID: "987654",
      CI_GITLAB_PROJECT: "acme/ml/mlops",
      CI_GITLAB_PROJECT_ID: "4711",
    });
    assert.equal(config.githubRepositoryId, "123456789");
    assert.equal(config.gitlabProject, "acme/ml/mlops");
  });

  it("accepts a limit of 1 core over a request of 250m, and 1Gi over 512Mi", () => {
    const config = testConfig({ cpuRequest: "250m", cpuLimit: "1", memoryRequest: "512Mi", memoryLimit: "1Gi" });
    assert.equal(config.cpuLimit, "1");
  });

  it("takes overrides from the environment, as strings", () => {
    const config = loadConfig(defaultContext, {
      GCP_PROJECT_ID: "my-team-project",
      GCP_REGION: "us-central1",
      GCP_ZONE: "us-central1-c",
      GKE_NODE_COUNT: "3",
      GKE_DELETION_PROTECTION: "false",
    });
    assert.equal(config.projectId, "my-team-project");
    assert.equal(config.zone, "us-central1-c");
    assert.equal(config.nodeCount, 3);
    assert.equal(config.deletionProtection, false);
  });

  it("defaults to a network of the project's own, MLEM's port, and the committed sample request", () => {
    const config = testConfig();
    assert.equal(config.networkName, "mlops-network");
    assert.equal(config.subnetCidr, "10.10.0.0/20");
    assert.equal(config.podsCidr, "10.16.0.0/14");
    assert.equal(config.servicesCidr, "10.20.0.0/20");
    assert.equal(config.serverPort, 8080);
    assert.equal(config.probePath, "/docs");
    assert.equal(config.sampleRequest, "model-server/sample-request.json");
  });

  it("takes BentoML's port and probe path, and another network, from the environment", () => {
    const config = loadConfig(defaultContext, {
      MODEL_SERVER_PORT: "3000",
      MODEL_PROBE_PATH: "/readyz",
      MODEL_SAMPLE_REQUEST: "../bento/sample.json",
      GKE_NETWORK_NAME: "ml",
      GKE_SUBNET_CIDR: "192.168.0.0/24",
      GKE_PODS_CIDR: "172.16.0.0/20",
      GKE_SERVICES_CIDR: "172.31.0.0/27",
    });
    assert.equal(config.serverPort, 3000);
    assert.equal(config.probePath, "/readyz");
    assert.equal(config.sampleRequest, "../bento/sample.json");
    assert.equal(config.podsCidr, "172.16.0.0/20");
  });

  it("accepts names at GKE's limits exactly: a 34-character cluster name makes a 40-character node pool name", () => {
    assert.equal(testConfig({ clusterName: "c".repeat(34) }).clusterName.length, 34);
    assert.equal(testConfig({ networkName: "n".repeat(50) }).networkName.length, 50);
  });

  it("returns a frozen object", () => {
    assert.ok(Object.isFrozen(testConfig()));
  });

  // Each bad value and the one message a user gets: the setting, where it came
  // from, the value given, and the expected form.
  const badValues: Array<[string, Record<string, unknown>, Record<string, string>, string]> = [
    ["project id too short", {}, { GCP_PROJECT_ID: "abc" }, 'projectId (from GCP_PROJECT_ID) is "abc": expected a project id: 6-30 characters'],
    ["project id with a capital", { projectId: "My-project" }, {}, 'projectId (from cdktf.json) is "My-project": expected a project id'],
    ["project id ending in a hyphen", {}, { GCP_PROJECT_ID: "my-project-" }, 'projectId (from GCP_PROJECT_ID) is "my-project-": expected a project id'],
    ["project id starting with a digit", {}, { GCP_PROJECT_ID: "1project" }, 'projectId (from GCP_PROJECT_ID) is "1project"'],
    ["project id of 31 characters", {}, { GCP_PROJECT_ID: "a".repeat(31) }, `projectId (from GCP_PROJECT_ID) is "${"a".repeat(31)}"`],
    ["empty project id", {}, { GCP_PROJECT_ID: "" }, 'projectId (from GCP_PROJECT_ID) is "": expected a project id'],
    ["zone outside the region", {}, { GCP_ZONE: "us-east1-b" }, 'zone (from GCP_ZONE) is "us-east1-b": expected a zone of region europe-west6, such as europe-west6-a'],
    ["zone that is a region", { zone: "europe-west6" }, {}, 'zone (from cdktf.json) is "europe-west6": expected a zone such as europe-west6-a'],
    ["region with a typo", {}, { GCP_REGION: "europe_west6" }, 'region (from GCP_REGION) is "europe_west6": expected a region such as europe-west6'],
    ["service account id too short", {}, { DEPLOYER_ACCOUNT_ID: "ci" }, 'deployerAccountId (from DEPLOYER_ACCOUNT_ID) is "ci": expected a service account id: 6-30 characters'],
    ["service account id with underscore", { nodeAccountId: "gke_nodes" }, {}, 'nodeAccountId (from cdktf.json) is "gke_nodes": expected a service account id'],
    ["nodes and deployer sharing an id", {}, { NODE_ACCOUNT_ID: "mlem-service-account" }, `nodeAccountId (from NODE_ACCOUNT_ID) is "mlem-service-account": expected an id other than deployerAccountId's`],
    ["planner and deployer sharing an id", {}, { PLANNER_ACCOUNT_ID: "mlem-service-account" }, `plannerAccountId (from PLANNER_ACCOUNT_ID) is "mlem-service-account": expected an id other than deployerAccountId's`],
    ["repository id with a capital", {}, { REGISTRY_REPOSITORY: "MLOps" }, 'repositoryId (from REGISTRY_REPOSITORY) is "MLOps": expected a repository id'],
    ["cluster name over 40 characters", {}, { GKE_CLUSTER_NAME: `c${"x".repeat(40)}` }, "clusterName (from GKE_CLUSTER_NAME)"],
    ["cluster name ending in a hyphen", { clusterName: "mlops-" }, {}, 'clusterName (from cdktf.json) is "mlops-": expected a cluster name: 1-40 lowercase letters'],
    ["zero nodes", {}, { GKE_NODE_COUNT: "0" }, 'nodeCount (from GKE_NODE_COUNT) is "0": expected a whole number from 1 to 100'],
    ["negative nodes", { nodeCount: -1 }, {}, "nodeCount (from cdktf.json) is -1: expected a whole number from 1 to 100"],
    ["fractional nodes", { nodeCount: 1.5 }, {}, "nodeCount (from cdktf.json) is 1.5: expected a whole number"],
    ["nodes as words", {}, { GKE_NODE_COUNT: "two" }, 'nodeCount (from GKE_NODE_COUNT) is "two": expected a whole number'],
    ["minimum above the count", {}, { GKE_MIN_NODE_COUNT: "3" }, "minNodeCount (from GKE_MIN_NODE_COUNT) is 3: expected at most nodeCount (2)"],
    ["maximum below the count", { maxNodeCount: 1 }, {}, "maxNodeCount (from cdktf.json) is 1: expected at least nodeCount (2)"],
    ["zero kept image versions", {}, { REGISTRY_KEEP_VERSIONS: "0" }, 'keepImageVersions (from REGISTRY_KEEP_VERSIONS) is "0": expected a whole number from 1 to 1000'],
    ["unknown backend", {}, { CDKTF_BACKEND: "s3" }, 'backend (from CDKTF_BACKEND) is "s3": expected one of local, gcs, cloud'],
    ["cloud backend without organization", {}, { CDKTF_BACKEND: "cloud" }, 'tfcOrganization (from cdktf.json) is "": expected a Terraform Cloud organization name, required by backend "cloud"'],
    ["deletion protection as yes", {}, { GKE_DELETION_PROTECTION: "yes" }, 'deletionProtection (from GKE_DELETION_PROTECTION) is "yes": expected true or false'],
    ["release channel in lowercase", { releaseChannel: "regular" }, {}, 'releaseChannel (from cdktf.json) is "regular": expected one of RAPID, REGULAR, STABLE'],
    ["state bucket with capitals", {}, { TF_STATE_BUCKET: "My_Bucket" }, 'stateBucket (from TF_STATE_BUCKET) is "My_Bucket": expected a bucket name'],
    ["a key name with a space", {}, { DEPLOYER_PUBLIC_KEYS: "next week" }, 'deployerPublicKeys (from DEPLOYER_PUBLIC_KEYS) is "next week": expected one or two distinct key names'],
    ["three keys side by side", { plannerPublicKeys: "a,b,c" }, {}, 'plannerPublicKeys (from cdktf.json) is "a,b,c": expected one or two distinct key names'],
    ["the same key twice", {}, { DEPLOYER_PUBLIC_KEYS: "2026-12,2026-12" }, 'deployerPublicKeys (from DEPLOYER_PUBLIC_KEYS) is "2026-12,2026-12": expected one or two distinct key names'],
    ["an empty key name", {}, { PLANNER_PUBLIC_KEYS: "2026-12," }, 'plannerPublicKeys (from PLANNER_PUBLIC_KEYS) is "2026-12,": expected one or two distinct key names'],
    ["an absolute build context", {}, { MODEL_BUILD_CONTEXT: "/home/me/model-server" }, 'buildContext (from MODEL_BUILD_CONTEXT) is "/home/me/model-server": expected a relative path such as model-server'],
    ["a namespace with capitals", {}, { MODEL_NAMESPACE: "Live" }, 'namespace (from MODEL_NAMESPACE) is "Live": expected a Kubernetes name'],
    ["an app name with a dot", { appName: "mlops.classifier" }, {}, 'appName (from cdktf.json) is "mlops.classifier": expected a Kubernetes name'],
    ["more replicas than the autoscaler's maximum", {}, { MODEL_REPLICAS: "5" }, "maxReplicas (from cdktf.json) is 4: expected at least replicas (5)"],
    ["a canary larger than the stable pods", {}, { MODEL_CANARY_REPLICAS: "3" }, "canaryReplicas (from MODEL_CANARY_REPLICAS) is 3: expected at most replicas (2)"],
    ["no canary pod", { canaryReplicas: 0 }, {}, "canaryReplicas (from cdktf.json) is 0: expected a whole number from 1 to 100"],
    ["a CPU target of 5 percent", {}, { MODEL_CPU_TARGET: "5" }, 'cpuTargetPercent (from MODEL_CPU_TARGET) is "5": expected a whole number from 10 to 100'],
    ["a probe path without its slash", {}, { MODEL_PROBE_PATH: "docs" }, 'probePath (from MODEL_PROBE_PATH) is "docs": expected an absolute URL path such as /docs'],
    ["a CPU request in cores and words", {}, { MODEL_CPU_REQUEST: "half" }, 'cpuRequest (from MODEL_CPU_REQUEST) is "half": expected a CPU quantity such as 250m or 1'],
    ["a CPU limit below the request", {}, { MODEL_CPU_LIMIT: "200m" }, 'cpuLimit (from MODEL_CPU_LIMIT) is "200m": expected at least cpuRequest (250m)'],
    ["memory in gigabytes", {}, { MODEL_MEMORY_LIMIT: "1GB" }, 'memoryLimit (from MODEL_MEMORY_LIMIT) is "1GB": expected a memory quantity such as 512Mi or 1Gi'],
    ["a memory limit below the request", {}, { MODEL_MEMORY_LIMIT: "256Mi" }, 'memoryLimit (from MODEL_MEMORY_LIMIT) is "256Mi": expected at least memoryRequest (512Mi)'],
    ["a repository without its owner", {}, { CI_GITHUB_REPOSITORY: "mlops" }, 'githubRepository (from CI_GITHUB_REPOSITORY) is "mlops": expected a GitHub repository as owner/name'],
    ["a repository id given as its name", {}, { CI_GITHUB_REPOSITORY_ID: "acme/mlops" }, 'githubRepositoryId (from CI_GITHUB_REPOSITORY_ID) is "acme/mlops": expected a numeric id such as 123456789 (gh api repos/OWNER/NAME --jq .id)'],
    ["an owner id with a leading zero", {}, { CI_GITHUB_OWNER_ID: "0123" }, 'githubOwnerId (from CI_GITHUB_OWNER_ID) is "0123": expected a numeric id'],
    ["a repository without its owner's id", { githubRepository: "acme/mlops", githubRepositoryId: "123456789" }, {}, 'githubOwnerId (from cdktf.json) is "": expected a value, since githubRepository and githubRepositoryId are set'],
    ["a GitLab project id without its path", {}, { CI_GITLAB_PROJECT_ID: "4711" }, 'gitlabProject (from cdktf.json) is "": expected a value, since gitlabProjectId is set'],
    ["a GitLab project path without its group", {}, { CI_GITLAB_PROJECT: "mlops" }, 'gitlabProject (from CI_GITLAB_PROJECT) is "mlops": expected a GitLab project path as group/project'],
    ["a GitLab URL over http", {}, { CI_GITLAB_URL: "http://gitlab.example.com" }, 'gitlabUrl (from CI_GITLAB_URL) is "http://gitlab.example.com": expected an https URL without a trailing slash'],
    ["a GitLab URL with a trailing slash", {}, { CI_GITLAB_URL: "https://gitlab.com/" }, 'gitlabUrl (from CI_GITLAB_URL) is "https://gitlab.com/": expected an https URL without a trailing slash'],
    ["an unknown sign-in", {}, { CI_AUTH: "password" }, 'ciAuth (from CI_AUTH) is "password": expected one of oidc, key'],
    ["a misspelt setting", { clustername: "x" }, {}, 'cdktf.json context has unknown setting "clustername": expected one of projectId, region'],
    ["a number where a name is due", { clusterName: 7 }, {}, "clusterName (from cdktf.json) is 7: expected a cluster name"],
    // GKE's and Compute Engine's names (issue 10 point 6): checked on the names this project derives.
    ["a cluster name whose node pool name exceeds GKE's 40 characters", {}, { GKE_CLUSTER_NAME: "c".repeat(35) }, `clusterName (from GKE_CLUSTER_NAME) is "${"c".repeat(35)}": expected at most 34 characters, so that its node pool name "${"c".repeat(35)}-nodes" fits GKE's limit of 40`],
    ["a network name with a capital", {}, { GKE_NETWORK_NAME: "MLOps" }, 'networkName (from GKE_NETWORK_NAME) is "MLOps": expected a network name: 1-63 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen (RFC 1035)'],
    ["a network name starting with a digit", { networkName: "1net" }, {}, 'networkName (from cdktf.json) is "1net": expected a network name'],
    ["a network name whose subnet name exceeds 63 characters", {}, { GKE_NETWORK_NAME: "n".repeat(51) }, `networkName (from GKE_NETWORK_NAME) is "${"n".repeat(51)}": expected at most 50 characters, so that its subnet name "${"n".repeat(51)}-europe-west6" fits Compute Engine's limit of 63`],
    ["an app name whose static IP name exceeds 63 characters", {}, { MODEL_APP_NAME: `a${"p".repeat(61)}` }, `appName (from MODEL_APP_NAME) is "a${"p".repeat(61)}": expected at most 60 characters, so that its static IP address name`],
    ["a subnet range with host bits set", {}, { GKE_SUBNET_CIDR: "10.10.0.1/20" }, 'subnetCidr (from GKE_SUBNET_CIDR) is "10.10.0.1/20": expected a private IPv4 range (in 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10) from /8 to /29, host bits zero'],
    ["a public subnet range", {}, { GKE_SUBNET_CIDR: "8.8.8.0/24" }, 'subnetCidr (from GKE_SUBNET_CIDR) is "8.8.8.0/24": expected a private IPv4 range'],
    ["a subnet range of /30", {}, { GKE_SUBNET_CIDR: "10.10.0.0/30" }, 'subnetCidr (from GKE_SUBNET_CIDR) is "10.10.0.0/30": expected a private IPv4 range'],
    ["a range without its prefix", {}, { GKE_PODS_CIDR: "10.16.0.0" }, 'podsCidr (from GKE_PODS_CIDR) is "10.16.0.0": expected a private IPv4 range'],
    ["an octet over 255", {}, { GKE_SERVICES_CIDR: "10.256.0.0/20" }, 'servicesCidr (from GKE_SERVICES_CIDR) is "10.256.0.0/20": expected a private IPv4 range'],
    ["a services range of /28", {}, { GKE_SERVICES_CIDR: "10.20.0.0/28" }, 'servicesCidr (from GKE_SERVICES_CIDR) is "10.20.0.0/28": expected a private IPv4 range (in 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10) from /16 to /27'],
    ["a pods range inside the subnet", {}, { GKE_PODS_CIDR: "10.10.0.0/16" }, 'podsCidr (from GKE_PODS_CIDR) is "10.10.0.0/16": expected a range that does not overlap subnetCidr (10.10.0.0/20)'],
    ["a services range inside the pods range", {}, { GKE_SERVICES_CIDR: "10.17.0.0/20" }, 'servicesCidr (from GKE_SERVICES_CIDR) is "10.17.0.0/20": expected a range that does not overlap podsCidr (10.16.0.0/14)'],
    ["a pods range too small for the node pool's maximum", {}, { GKE_PODS_CIDR: "10.16.0.0/22" }, 'podsCidr (from GKE_PODS_CIDR) is "10.16.0.0/22": expected room for maxNodeCount + 1 (5) nodes of a /24 each, a /21 or larger'],
    ["a server port of 0", {}, { MODEL_SERVER_PORT: "0" }, 'serverPort (from MODEL_SERVER_PORT) is "0": expected a whole number from 1 to 65535'],
    ["a server port over 65535", { serverPort: 70000 }, {}, "serverPort (from cdktf.json) is 70000: expected a whole number from 1 to 65535"],
    ["a server port as a name", {}, { MODEL_SERVER_PORT: "http" }, 'serverPort (from MODEL_SERVER_PORT) is "http": expected a whole number'],
    ["an absolute sample request", {}, { MODEL_SAMPLE_REQUEST: "/home/me/request.json" }, 'sampleRequest (from MODEL_SAMPLE_REQUEST) is "/home/me/request.json": expected a relative path to a .json file, such as model-server/sample-request.json'],
    ["a sample request from the home directory", {}, { MODEL_SAMPLE_REQUEST: "~/request.json" }, 'sampleRequest (from MODEL_SAMPLE_REQUEST) is "~/request.json": expected a relative path'],
    ["a sample request that is not JSON", {}, { MODEL_SAMPLE_REQUEST: "model-server/request.txt" }, 'sampleRequest (from MODEL_SAMPLE_REQUEST) is "model-server/request.txt": expected a relative path to a .json file'],
  ];

  for (const [what, context, env, message] of badValues) {
    it(`rejects ${what} with one message naming setting, value and form`, () => {
      const problems = problemsOf({ ...defaultContext, ...context }, env);
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.ok(problems[0].startsWith(message), `got: ${problems[0]}\nwanted it to start with: ${message}`);
    });
  }

  it("names a setting missing from cdktf.json and its variable", () => {
    const { zone: _zone, ...withoutZone } = defaultContext;
    assert.deepEqual(problemsOf(withoutZone), ["zone is missing: add it to the context of cdktf.json or set GCP_ZONE"]);
  });

  it("refuses a GCP_PROJECT or GOOGLE_CLOUD_PROJECT that names another project than projectId, saying how to agree", () => {
    const { projectId } = defaultContext as { projectId: string };
    for (const name of ["GCP_PROJECT", "GOOGLE_CLOUD_PROJECT"]) {
      assert.deepEqual(problemsOf(defaultContext, { [name]: "gcloud-default-project" }), [
        `${name} is "gcloud-default-project", but projectId (from cdktf.json) is ${JSON.stringify(projectId)}: expected the same project; ` +
          `set GCP_PROJECT_ID=gcloud-default-project to deploy to gcloud-default-project, or unset ${name}`,
      ]);
      assert.match(problemsOf(defaultContext, { [name]: "other-project", GCP_PROJECT_ID: "team-project" })[0], /^.* is "other-project", but projectId \(from GCP_PROJECT_ID\) is "team-project"/);
      assert.equal(loadConfig(defaultContext, { [name]: "team-project", GCP_PROJECT_ID: "team-project" }).projectId, "team-project");
      assert.equal(loadConfig(defaultContext, { [name]: "" }).projectId, projectId, "an empty variable names no project");
    }
  });

  it("reports every bad value at once", () => {
    const problems = problemsOf(defaultContext, { GCP_PROJECT_ID: "x", GKE_NODE_COUNT: "0" });
    assert.equal(problems.length, 2);
  });
});
