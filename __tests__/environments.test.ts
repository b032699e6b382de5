// Environments as configuration: the `environments` setting, and what the
// synthesized app makes of `staging, production`. The staging deployer's
// reach is checked as Google and Kubernetes decide it: the state grants' IAM
// conditions evaluated by a real CEL evaluator on object names, the Role
// bindings per namespace.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { isCelError, run } from "@bufbuild/cel";
import { ConfigError, environmentsOf, loadConfig } from "../lib/config";
import { defaultContext, root, tempDir, testConfig } from "./support";

function problemsOf(context: Record<string, unknown>, env: Record<string, string> = {}): string[] {
  try {
    loadConfig({ ...defaultContext, ...context }, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail("expected a ConfigError");
}

describe("the environments setting", () => {
  it("defaults to one environment, production, with every name a single install has today", () => {
    const [only, ...rest] = environmentsOf(testConfig());
    assert.deepEqual(rest, []);
    assert.deepEqual(
      { name: only.name, stackId: only.stackId, namespace: only.namespace, deployer: only.deployerAccountId, address: only.addressName, idSuffix: only.idSuffix },
      { name: "production", stackId: "workload", namespace: "live", deployer: "mlem-service-account", address: "mlops-classifier-ip", idSuffix: "" },
    );
  });

  it("gives every environment but the last its name as a suffix, so the last keeps its state, namespace, deployer and IP", () => {
    const [staging, production] = environmentsOf(loadConfig(defaultContext, { MODEL_ENVIRONMENTS: "staging,production" }));
    assert.deepEqual(
      [staging, production].map(({ stackId, namespace, deployerAccountId, addressName, idSuffix }) => [stackId, namespace, deployerAccountId, addressName, idSuffix]),
      [
        ["workload-staging", "live-staging", "mlem-service-account-staging", "mlops-classifier-staging-ip", "_staging"],
        ["workload", "live", "mlem-service-account", "mlops-classifier-ip", ""],
      ],
    );
  });

  it("takes per-environment overrides of namespace, deployer and the workload settings; the rest come from the shared settings", () => {
    const config = testConfig({
      environments: [{ name: "staging", namespace: "model-test", deployerAccountId: "staging-deployer", replicas: 1, maxReplicas: 1, cpuRequest: "100m" }, "production"],
    });
    const [staging, production] = environmentsOf(config);
    assert.equal(staging.namespace, "model-test");
    assert.equal(staging.deployerAccountId, "staging-deployer");
    assert.deepEqual(staging.workload, { replicas: 1, maxReplicas: 1, cpuTargetPercent: 70, cpuRequest: "100m", cpuLimit: "1", memoryRequest: "512Mi", memoryLimit: "1Gi" });
    assert.deepEqual(production.workload, { replicas: 2, maxReplicas: 4, cpuTargetPercent: 70, cpuRequest: "250m", cpuLimit: "1", memoryRequest: "512Mi", memoryLimit: "1Gi" });
  });

  it("takes a JSON list from MODEL_ENVIRONMENTS too", () => {
    const config = loadConfig(defaultContext, { MODEL_ENVIRONMENTS: '[{"name":"staging","replicas":1},"production"]' });
    assert.equal(environmentsOf(config)[0].workload.replicas, 1);
  });

  const refusals: Array<[string, unknown, RegExp]> = [
    ["an empty list", [], /^environments \(from cdktf\.json\) is \[\]: expected a list of 1-4 environments in promotion order/],
    ["five environments", ["a", "b", "c", "d", "e"], /expected a list of 1-4 environments/],
    ["a bad name", ["Staging"], /expected environments\[0\]\.name to be an environment name: 1-12 lowercase letters.*\(it is "Staging"\)/],
    ["a name given twice", ["prod", "prod"], /"prod" is named twice/],
    ["a setting no environment may override", [{ name: "staging", probePath: "/x" }], /expected environments\[0\] \(staging\) to set only name, namespace, deployerAccountId, replicas, .* \(it sets "probePath"\)/],
    ["a bad override", [{ name: "staging", replicas: 0 }], /expected environments\[0\]\.replicas \(staging\) to be a whole number from 1 to 100 \(it is 0\)/],
    ["an environment in another cluster", [{ name: "staging", clusterName: "other" }], /expected environments\[0\] \(staging\) without "clusterName": every environment shares one project, cluster and registry/],
    ["an environment in another project", [{ name: "staging", projectId: "other-project" }], /without "projectId": every environment shares one project, cluster and registry/],
    ["a name over 12 characters", ["preproduction", "production"], /expected environments\[0\]\.name to be an environment name/],
    ["a derived deployer id over 30 characters", ["stage-eu-one", "production"], /environments \(from cdktf\.json\), environment stage-eu-one: its deployerAccountId is "mlem-service-account-stage-eu-one": expected a service account id of 6-30 characters: set "deployerAccountId" on this environment/],
    ["two environments in one namespace", [{ name: "staging", namespace: "live" }, "production"], /environment production: its namespace is "live": expected one of its own, not staging's/],
    ["a deployer that is the planner", [{ name: "staging", deployerAccountId: "mlops-planner" }, "production"], /environment staging: its deployerAccountId is "mlops-planner": expected one of its own, not the planner's or the nodes'/],
    ["a limit below an overridden request", [{ name: "staging", cpuRequest: "2" }, "production"], /environment staging: its cpuLimit is "1": expected at least its cpuRequest \(2\)/],
    ["a memory limit below an overridden request", [{ name: "staging", memoryLimit: "256Mi" }, "production"], /environment staging: its memoryLimit is "256Mi": expected at least its memoryRequest \(512Mi\)/],
    ["fewer replicas at most than at least", [{ name: "staging", replicas: 5 }, "production"], /environment staging: its maxReplicas is 4: expected at least its replicas \(5\)/],
  ];
  for (const [what, environments, message] of refusals) {
    it(`refuses ${what}, naming the setting, the value and the expected form`, () => {
      const problems = problemsOf({ environments });
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.match(problems[0], message);
    });
  }

  it("refuses a static IP name over 63 characters for an environment other than the last", () => {
    const problems = problemsOf({ appName: "a".repeat(55), environments: ["staging", "production"] });
    assert.deepEqual(problems, [
      `environments (from cdktf.json), environment staging: its static IP name is "${"a".repeat(55)}-staging-ip": expected at most 63 characters (Compute Engine's limit): shorten appName or the environment's name`,
    ]);
  });

  it("refuses a bad MODEL_ENVIRONMENTS naming the variable", () => {
    assert.match(problemsOf({}, { MODEL_ENVIRONMENTS: "staging,,production" })[0], /^environments \(from MODEL_ENVIRONMENTS\) is "staging,,production": expected environments\[1\]\.name/);
  });
});

/** Synthesizes the app with `env` in a fresh directory; each stack's JSON by name. */
function synth(env: Record<string, string>): (stack: string) => Record<string, any> {
  const cwd = tempDir("synth-envs-");
  writeFileSync(join(cwd, "cdktf.json"), JSON.stringify({ context: defaultContext }));
  const result = spawnSync(process.execPath, [join(root, "bin", "app.js")], { cwd, env: { PATH: process.env.PATH, ...env }, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return (stack) => JSON.parse(readFileSync(join(cwd, "cdktf.out", "stacks", stack, "cdk.tf.json"), "utf8"));
}

describe("the app with environments staging and production", () => {
  const stack = synth({ MODEL_ENVIRONMENTS: "staging,production", CDKTF_BACKEND: "gcs", TF_STATE_BUCKET: "team-tfstate" });
  const identity = stack("identity");
  const access = stack("access");
  const staging = stack("workload-staging");
  const production = stack("workload");

  it("gives each environment its own workload stack and state prefix", () => {
    assert.deepEqual(staging.terraform.backend.gcs, { bucket: "team-tfstate", prefix: "terraform/workload-staging" });
    assert.deepEqual(production.terraform.backend.gcs, { bucket: "team-tfstate", prefix: "terraform/workload" });
  });

  it("gives each its own namespace, Service and static IP", () => {
    assert.equal(staging.resource.kubernetes_deployment_v1.deployment.metadata.namespace, "live-staging");
    assert.equal(staging.resource.kubernetes_service_v1.service.metadata.namespace, "live-staging");
    assert.equal(production.resource.kubernetes_service_v1.service.metadata.namespace, "live");
    const cluster = stack("cluster");
    assert.deepEqual(
      Object.values<any>(cluster.resource.google_compute_address).map((address) => address.name).sort(),
      ["mlops-classifier-ip", "mlops-classifier-staging-ip"],
    );
    assert.match(staging.resource.kubernetes_service_v1.service.spec.load_balancer_ip, /cross-stack-output-google_compute_addressmodel_address_stagingaddress/);
    assert.match(production.resource.kubernetes_service_v1.service.spec.load_balancer_ip, /cross-stack-output-google_compute_addressmodel_addressaddress/);
  });

  it("applies each environment's overrides to its workload only", () => {
    const resized = synth({ MODEL_ENVIRONMENTS: '[{"name":"staging","replicas":1,"maxReplicas":1},"production"]' });
    assert.equal(resized("workload-staging").resource.kubernetes_deployment_v1.deployment.spec.replicas, "1");
    assert.equal(resized("workload-staging").resource.kubernetes_horizontal_pod_autoscaler_v2.autoscaler.spec.max_replicas, 1);
    assert.equal(resized("workload").resource.kubernetes_deployment_v1.deployment.spec.replicas, "2");
  });

  it("builds and pushes in the first environment only; production runs staging's checked image", () => {
    assert.ok(staging.resource.docker_image?.built_image);
    assert.equal(production.resource.docker_image, undefined);
    assert.equal(production.resource.docker_registry_image, undefined);
    assert.equal(production.provider.docker, undefined);
    assert.equal(
      production.resource.kubernetes_deployment_v1.deployment.spec.template.spec.container[0].image,
      // During a canary the stable pods keep the pinned image (stacks/workload.ts, variable canary).
      '${try(var.canary.stable_image, try(data.terraform_remote_state.record_staging.outputs.checked_image, ""))}',
    );
    assert.deepEqual(production.data.terraform_remote_state.record_staging.config, { bucket: "team-tfstate", prefix: "terraform/workload-staging" });
  });

  it("lets only the staging deployer push to the registry", () => {
    const pushers = Object.values<any>(stack("registry").resource.google_artifact_registry_repository_iam_member)
      .filter((grant) => grant.role === "roles/artifactregistry.writer")
      .map((grant) => grant.member);
    assert.deepEqual(pushers, ["${data.terraform_remote_state.cross-stack-reference-input-identity.outputs.cross-stack-output-google_service_accountdeployer_stagingmember}"]);
  });

  it("lets only the staging deployer, which builds, read the DVC data", () => {
    const withData = synth({ MODEL_ENVIRONMENTS: "staging,production", DVC_BUCKET: "acme-dvc" })("identity");
    const readers = Object.values<any>(withData.resource.google_storage_bucket_iam_member).filter((grant) => grant.bucket === "acme-dvc");
    assert.deepEqual(readers.map((grant) => grant.member), ["${google_service_account.deployer_staging.member}"]);
  });

  describe("the state bucket, as Google evaluates each deployer's IAM conditions", () => {
    const grants = identity.resource.google_storage_bucket_iam_member;
    const object = (name: string) => ({ resource: { type: "storage.googleapis.com/Object", name: `projects/_/buckets/team-tfstate/objects/${name}` } });
    const allows = (grant: string, name: string) => {
      const result = run(grants[grant].condition.expression, object(name));
      assert.ok(!isCelError(result), String(result));
      return result === true;
    };
    const objects = ["terraform/workload-staging/default.tfstate", "terraform/workload-staging/default.tflock", "terraform/workload/default.tfstate", "terraform/workload/default.tflock", "terraform/identity/default.tfstate"];

    it("the staging deployer writes and reads its own state, and can neither write nor read production's", () => {
      assert.deepEqual(objects.map((name) => allows("deployer_state_write_staging", name)), [true, true, false, false, false]);
      assert.deepEqual(objects.map((name) => allows("deployer_state_read_staging", name)), [false, false, false, false, false]);
      assert.equal(allows("deployer_state_read_staging", "terraform/registry/default.tfstate"), true);
      assert.equal(grants.deployer_state_write_staging.member, "${google_service_account.deployer_staging.member}");
    });

    it("the production deployer writes its own state and reads staging's record, not writes it", () => {
      assert.deepEqual(objects.map((name) => allows("deployer_state_write", name)), [false, false, true, true, false]);
      assert.deepEqual(objects.map((name) => allows("deployer_state_read", name)), [true, true, false, false, false]);
      assert.equal(allows("deployer_state_read", "terraform/registry/default.tfstate"), false, "production builds nothing");
      assert.equal(allows("deployer_state_read", "terraform/cluster/default.tfstate"), true);
    });
  });

  it("binds each deployer's Role in its own namespace only", () => {
    const bindings = Object.entries<any>(access.resource.kubernetes_role_binding_v1).map(([id, binding]) => [id, binding.metadata.namespace, binding.subject[0].name]);
    const email = (id: string) => `\${data.terraform_remote_state.cross-stack-reference-input-identity.outputs.cross-stack-output-google_service_account${id}email}`;
    assert.deepEqual(bindings.sort(), [
      ["deployer_binding", "${kubernetes_namespace_v1.namespace.metadata[0].name}", email("deployer")],
      ["deployer_binding_staging", "${kubernetes_namespace_v1.namespace_staging.metadata[0].name}", email("deployer_staging")],
    ]);
    assert.equal(access.resource.kubernetes_namespace_v1.namespace_staging.metadata.name, "live-staging");
    assert.equal(access.resource.kubernetes_namespace_v1.namespace.metadata.name, "live");
    assert.equal(access.resource.kubernetes_namespace_v1.namespace_staging.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
  });
});
