// The whole app as users run it: `node bin/app.js` (what `npm run synth` and
// `cdktf synth` call) in a directory with a cdktf.json.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { loadConfig } from "../lib/config";
import { SYNTH_INPUTS_FILE, sourcesDigest } from "../lib/synth-inputs";
import { defaultContext, root, tempDir } from "./support";

interface Synth {
  status: number | null;
  stderr: string;
  outdir: string;
  /** Every file of cdktf.out, by path relative to it. */
  files: Map<string, string>;
  stack(name: string): Record<string, any>;
}

/** Synthesizes in a fresh directory holding a cdktf.json with `context` changes and `env`. */
function synth(context: Record<string, unknown> = {}, env: Record<string, string> = {}): Synth {
  const cwd = tempDir("synth-");
  writeFileSync(join(cwd, "cdktf.json"), JSON.stringify({ context: { ...defaultContext, ...context } }));
  const run = spawnSync(process.execPath, [join(root, "bin", "app.js")], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
  });
  const outdir = join(cwd, "cdktf.out");
  const files = new Map<string, string>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else files.set(`${prefix}${entry.name}`, readFileSync(join(dir, entry.name), "utf8"));
    }
  };
  if (existsSync(outdir)) walk(outdir, "");
  return {
    status: run.status,
    stderr: run.stderr,
    outdir,
    files,
    stack: (name) => JSON.parse(files.get(`stacks/${name}/cdk.tf.json`) ?? "null"),
  };
}

const stackNames = ["identity", "registry", "cluster", "access", "workload"];

describe("the synthesized app", () => {
  const local = synth();

  it("writes every stack, in dependency order in the manifest", () => {
    assert.equal(local.status, 0, local.stderr);
    const manifest = JSON.parse(local.files.get("manifest.json")!);
    assert.deepEqual(Object.keys(manifest.stacks).sort(), ["access", "cluster", "identity", "registry", "workload"]);
    assert.deepEqual(manifest.stacks.identity.dependencies, []);
    assert.deepEqual(manifest.stacks.registry.dependencies, ["identity"]);
    assert.deepEqual(manifest.stacks.cluster.dependencies, ["identity"]);
    assert.deepEqual(manifest.stacks.access.dependencies.sort(), ["cluster", "identity", "registry"], "the admission policy names the registry's repository");
    assert.deepEqual(manifest.stacks.workload.dependencies.sort(), ["cluster", "registry"], "the deployer reads no state but these two and its own");
  });

  it("passes values between stacks as outputs and remote-state reads", () => {
    const identity = local.stack("identity");
    const registry = local.stack("registry");
    const cluster = local.stack("cluster");
    const crossOutputs = Object.keys(identity.output).filter((name) => name.startsWith("cross-stack-output-"));
    assert.deepEqual(crossOutputs.sort(), [
      "cross-stack-output-google_service_accountdeployeremail",
      "cross-stack-output-google_service_accountdeployermember",
      "cross-stack-output-google_service_accountnodesemail",
      "cross-stack-output-google_service_accountnodesmember",
      "cross-stack-output-google_service_accountplannermember",
    ]);
    const fromIdentity = "${data.terraform_remote_state.cross-stack-reference-input-identity.outputs.";
    const pusher = registry.resource.google_artifact_registry_repository_iam_member.push_deployer;
    assert.equal(pusher.member, `${fromIdentity}cross-stack-output-google_service_accountdeployermember}`);
    const pool = cluster.resource.google_container_node_pool.nodes;
    assert.equal(pool.node_config.service_account, `${fromIdentity}cross-stack-output-google_service_accountnodesemail}`);

    const workload = local.stack("workload");
    assert.equal(registry.output["cross-stack-output-localimage_host_path"].value, "${local.image_host_path}");
    assert.ok(cluster.output["cross-stack-output-google_container_clusterclustername"]);
    const fromRegistry = "${data.terraform_remote_state.cross-stack-reference-input-registry.outputs.cross-stack-output-localimage_host_path}";
    assert.ok(workload.resource.docker_image.built_image.name.startsWith(`${fromRegistry}/mlops-classifier:`));
    const fromCluster = "${data.terraform_remote_state.cross-stack-reference-input-cluster.outputs.";
    assert.deepEqual(workload.data.google_container_cluster.cluster.name, `${fromCluster}cross-stack-output-google_container_clusterclustername}`);
    assert.deepEqual(workload.data.google_container_cluster.cluster.location, `${fromCluster}cross-stack-output-google_container_clusterclusterlocation}`);
    // The reserved IP is the cluster stack's; the workload's Service only takes it.
    assert.equal(workload.resource.kubernetes_service_v1.service.spec.load_balancer_ip, `${fromCluster}cross-stack-output-google_compute_addressmodel_addressaddress}`);
    assert.equal(workload.resource.google_compute_address, undefined);
  });

  // Issue 9: grants exactly what the CI deployer needs, wherever each sits.
  it("grants the deployer exactly its roles across the app, each as narrow as its resource allows, and the planner only reads", () => {
    const who: Record<string, string> = {
      "${google_service_account.deployer.member}": "deployer",
      "${google_service_account.planner.member}": "planner",
      "${data.terraform_remote_state.cross-stack-reference-input-identity.outputs.cross-stack-output-google_service_accountdeployermember}": "deployer",
      "${data.terraform_remote_state.cross-stack-reference-input-identity.outputs.cross-stack-output-google_service_accountplannermember}": "planner",
    };
    const scope: Record<string, (grant: any) => string> = {
      google_storage_bucket_iam_member: (g) => `bucket ${g.bucket}${g.condition ? ` if ${g.condition.expression}` : ""}`,
      google_project_iam_member: (g) => `project ${g.project}`,
      google_artifact_registry_repository_iam_member: () => "repository mlops-registry",
    };
    const grants: Record<string, string[]> = { deployer: [], planner: [] };
    for (const name of stackNames) {
      for (const [type, blocks] of Object.entries<Record<string, any>>(local.stack(name).resource ?? {})) {
        if (!type.endsWith("_iam_member")) continue;
        for (const grant of Object.values(blocks)) {
          const grantee = who[grant.member];
          if (grantee) grants[grantee].push(`${name}: ${scope[type](grant)} ${grant.role}`);
        }
      }
    }
    const state = "${google_storage_bucket.state.name}";
    const objects = (stack: string) => `resource.name.startsWith("projects/_/buckets/mlops-demo-project-tfstate/objects/terraform/${stack}/")`;
    assert.deepEqual(grants.deployer.sort(), [
      "cluster: project mlops-demo-project roles/container.clusterViewer",
      `identity: bucket ${state} if ${objects("workload")} roles/storage.objectUser`,
      `identity: bucket ${state} if resource.type == "storage.googleapis.com/Bucket" || ${objects("registry")} || ${objects("cluster")} roles/storage.objectViewer`,
      "registry: repository mlops-registry roles/artifactregistry.writer",
    ]);
    assert.deepEqual(grants.planner.sort(), [
      "cluster: project mlops-demo-project roles/container.clusterViewer",
      `identity: bucket ${state} roles/storage.objectViewer`,
    ]);
  });

  // roles/container.clusterViewer holds container.clusters.get/list only: the
  // credentials, no Kubernetes object. Everything else it does in the
  // cluster is the access stack's namespaced Role.
  it("gives the deployer no project role with Kubernetes object rights anywhere in the app", () => {
    const deployers = new Set([
      "${google_service_account.deployer.member}",
      "${data.terraform_remote_state.cross-stack-reference-input-identity.outputs.cross-stack-output-google_service_accountdeployermember}",
    ]);
    const roles = stackNames.flatMap((name) =>
      Object.values<any>(local.stack(name).resource?.google_project_iam_member ?? {}).filter((g) => deployers.has(g.member)).map((g) => g.role),
    );
    assert.deepEqual(roles, ["roles/container.clusterViewer"]);
    for (const name of stackNames) {
      assert.doesNotMatch(local.files.get(`stacks/${name}/cdk.tf.json`)!, /roles\/(container\.(developer|admin|clusterAdmin)|editor|owner)"/, name);
    }
    const binding = local.stack("access").resource.kubernetes_role_binding_v1.deployer_binding;
    assert.equal(
      binding.subject[0].name,
      "${data.terraform_remote_state.cross-stack-reference-input-identity.outputs.cross-stack-output-google_service_accountdeployeremail}",
    );
  });

  it("reads no access token into any state: no google_client_config, no token in a provider", () => {
    for (const name of stackNames) {
      const text = local.files.get(`stacks/${name}/cdk.tf.json`)!;
      assert.doesNotMatch(text, /google_client_config|access_token|private_key/, name);
      for (const provider of Object.values<any[]>(local.stack(name).provider ?? {}).flat()) {
        assert.equal(provider.token, undefined, `${name}: a provider with a token`);
      }
    }
  });

  it("keeps local state at relative paths, beside the project", () => {
    for (const name of stackNames) {
      assert.deepEqual(local.stack(name).terraform.backend, { local: { path: `../../../terraform.${name}.tfstate` } });
    }
    const read = local.stack("registry").data.terraform_remote_state["cross-stack-reference-input-identity"];
    assert.deepEqual(read.config, { path: "../../../terraform.identity.tfstate" });
  });

  it("holds no path of the machine it was made on", () => {
    for (const [file, text] of local.files) {
      assert.ok(!text.includes(local.outdir) && !text.includes(root), `${file} holds a machine path`);
      assert.doesNotMatch(text, /"\/(root|home|tmp|work|Users)\//, `${file} holds an absolute path`);
    }
  });

  it("keeps the model digest out of every stack but workload, and out of synth altogether", () => {
    for (const name of ["identity", "registry", "cluster"]) {
      assert.doesNotMatch(local.files.get(`stacks/${name}/cdk.tf.json`)!, /model_digest|docker_/, name);
    }
    const withDigest = synth({}, { TF_VAR_model_digest: `sha256:${"1".repeat(64)}` });
    for (const [file, text] of local.files) assert.equal(withDigest.files.get(file), text, `${file} depends on TF_VAR_model_digest`);
  });

  it("is byte-identical when synthesized twice, in different directories", () => {
    const again = synth();
    assert.deepEqual([...again.files.keys()].sort(), [...local.files.keys()].sort());
    for (const [file, text] of local.files) assert.equal(again.files.get(file), text, `${file} differs`);
  });

  // The reviewed JSON: a change to any stack shows up in the pull request's
  // diff of __tests__/synthesized/. Accept one with `UPDATE_SYNTHESIZED=1 npm test`.
  it("matches the reviewed JSON in __tests__/synthesized/", () => {
    const reviewed = join(root, "__tests__", "synthesized");
    if (process.env.UPDATE_SYNTHESIZED === "1") {
      rmSync(reviewed, { recursive: true, force: true });
      mkdirSync(reviewed);
    }
    // synth-inputs.json is what deploys compare, not what Terraform reads; its
    // digest of the sources changes with every edit.
    const terraformFiles = new Map([...local.files].filter(([file]) => file !== SYNTH_INPUTS_FILE));
    for (const [file, text] of terraformFiles) {
      const pinned = join(reviewed, file.replace(/\//g, "__"));
      if (process.env.UPDATE_SYNTHESIZED === "1") writeFileSync(pinned, text);
      assert.ok(existsSync(pinned), `${file} is new: review it and run UPDATE_SYNTHESIZED=1 npm test`);
      assert.equal(text, readFileSync(pinned, "utf8"), `${file} changed: review it and run UPDATE_SYNTHESIZED=1 npm test`);
    }
    const expected = [...terraformFiles.keys()].map((file) => file.replace(/\//g, "__")).sort();
    assert.deepEqual(readdirSync(reviewed).sort(), expected, "a reviewed file no longer synthesizes");
  });

  it("records the settings and the sources' digest it was synthesized from, for deploys to compare", () => {
    assert.deepEqual(JSON.parse(local.files.get(SYNTH_INPUTS_FILE)!), { settings: loadConfig(defaultContext), sources: sourcesDigest() });
  });

  it("keeps state in the state bucket, never the DVC data's, with one prefix per stack under the gcs backend", () => {
    const gcs = synth({}, { CDKTF_BACKEND: "gcs", TF_STATE_BUCKET: "team-tfstate" });
    assert.equal(gcs.status, 0, gcs.stderr);
    for (const name of stackNames) {
      assert.deepEqual(gcs.stack(name).terraform.backend, { gcs: { bucket: "team-tfstate", prefix: `terraform/${name}` } });
    }
    const read = gcs.stack("cluster").data.terraform_remote_state["cross-stack-reference-input-identity"];
    assert.equal(read.backend, "gcs");
    assert.deepEqual(read.config, { bucket: "team-tfstate", prefix: "terraform/identity" });
    assert.equal(gcs.stack("identity").resource.google_storage_bucket.state.name, "team-tfstate", "the backend's bucket is the one identity makes");
    // The deployer may read exactly the prefixes its stack reads as remote state, and write only its own.
    const reads = Object.values<any>(gcs.stack("workload").data.terraform_remote_state).map((r) => `${r.config.prefix}/`).sort();
    assert.deepEqual(reads, ["terraform/cluster/", "terraform/registry/"]);
    const grants = gcs.stack("identity").resource.google_storage_bucket_iam_member;
    const prefixes = (expression: string) => [...expression.matchAll(/objects\/(terraform\/[a-z]+\/)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(prefixes(grants.deployer_state_read.condition.expression), reads);
    assert.deepEqual(prefixes(grants.deployer_state_write.condition.expression), [gcs.stack("workload").terraform.backend.gcs.prefix + "/"]);
  });

  it("maps each stack to its own Terraform Cloud workspace under the cloud backend", () => {
    const cloud = synth({ tfcOrganization: "acme-ml" }, { CDKTF_BACKEND: "cloud" });
    assert.equal(cloud.status, 0, cloud.stderr);
    for (const name of stackNames) {
      assert.deepEqual(cloud.stack(name).terraform.cloud, { organization: "acme-ml", workspaces: { name: `mlops-${name}` } });
    }
    const read = cloud.stack("registry").data.terraform_remote_state["cross-stack-reference-input-identity"];
    assert.equal(read.backend, "remote");
    assert.deepEqual(read.config, { organization: "acme-ml", workspaces: { name: "mlops-identity" } });
  });

  it("fails on bad config with status 1, one message, and nothing written", () => {
    const bad = synth({}, { GCP_ZONE: "us-east1-b" });
    assert.equal(bad.status, 1);
    assert.equal(
      bad.stderr,
      'Invalid configuration, nothing synthesized:\n  zone (from GCP_ZONE) is "us-east1-b": expected a zone of region europe-west6, such as europe-west6-a\n',
    );
    assert.equal(existsSync(bad.outdir), false);
  });
});
