import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ClusterStack } from "../stacks/cluster";
import { resource, resources, synthesize, testApp, testConfig } from "./support";

const deployer = "serviceAccount:ci@example-project.iam.gserviceaccount.com";
const planner = "serviceAccount:plans@example-project.iam.gserviceaccount.com";

function cluster(overrides: Record<string, unknown> = {}) {
  const stack = new ClusterStack(testApp(), "cluster", {
    config: testConfig(overrides),
    nodeServiceAccountEmail: "nodes@example-project.iam.gserviceaccount.com",
  });
  stack.grantDeploy("deployer", deployer);
  stack.grantView("planner", planner);
  return synthesize(stack);
}

describe("cluster stack", () => {
  const json = cluster();

  it("creates a zonal cluster without the default node pool", () => {
    const gke = resource(json, "google_container_cluster", "cluster");
    assert.equal(gke.name, "mlops-kubernetes");
    assert.equal(gke.location, "europe-west6-a");
    assert.equal(gke.remove_default_node_pool, true);
    assert.equal(gke.node_config, undefined);
    assert.deepEqual(gke.depends_on, ["google_project_service.api_container"]);
  });

  it("enables Workload Identity and a release channel", () => {
    const gke = resource(json, "google_container_cluster", "cluster");
    assert.deepEqual(gke.workload_identity_config, { workload_pool: "mlops-demo-project.svc.id.goog" });
    assert.deepEqual(gke.release_channel, { channel: "REGULAR" });
  });

  it("protects the cluster from deletion unless config says otherwise", () => {
    assert.equal(resource(json, "google_container_cluster", "cluster").deletion_protection, true);
    const demo = cluster({ deletionProtection: false });
    assert.equal(resource(demo, "google_container_cluster", "cluster").deletion_protection, false);
  });

  it("runs a separately managed, autoscaled node pool as the dedicated node account", () => {
    const pool = resource(json, "google_container_node_pool", "nodes");
    assert.equal(pool.cluster, "${google_container_cluster.cluster.name}");
    assert.equal(pool.initial_node_count, 2);
    assert.deepEqual(pool.autoscaling, { min_node_count: 2, max_node_count: 4 });
    assert.equal(pool.node_config.machine_type, "e2-standard-2");
    assert.equal(pool.node_config.service_account, "nodes@example-project.iam.gserviceaccount.com");
    assert.deepEqual(pool.node_config.workload_metadata_config, { mode: "GKE_METADATA" });
  });

  it("never recreates the pool over a changed initial node count", () => {
    assert.deepEqual(resource(json, "google_container_node_pool", "nodes").lifecycle, { ignore_changes: ["initial_node_count"] });
  });

  it("takes machine type and counts from config", () => {
    const pool = resource(
      cluster({ machineType: "n2-standard-4", nodeCount: 3, minNodeCount: 1, maxNodeCount: 6 }),
      "google_container_node_pool",
      "nodes",
    );
    assert.equal(pool.node_config.machine_type, "n2-standard-4");
    assert.equal(pool.initial_node_count, 3);
    assert.deepEqual(pool.autoscaling, { min_node_count: 1, max_node_count: 6 });
  });

  it("outputs name, location and endpoint", () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries<any>(json.output).map(([name, o]) => [name, o.value])),
      {
        cluster_name: "${google_container_cluster.cluster.name}",
        cluster_location: "${google_container_cluster.cluster.location}",
        cluster_endpoint: "${google_container_cluster.cluster.endpoint}",
      },
    );
  });

  // The deployer's rights inside the cluster are the access stack's namespaced Role.
  it("lets a deployer and a viewer fetch the cluster's credentials, and grants neither any Kubernetes object", () => {
    const grants = resources(json, "google_project_iam_member").map((g) => `${g.member} ${g.project} ${g.role}`).sort();
    assert.deepEqual(grants, [
      `${deployer} mlops-demo-project roles/container.clusterViewer`,
      `${planner} mlops-demo-project roles/container.clusterViewer`,
    ]);
  });
});
