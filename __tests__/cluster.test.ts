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
    assert.deepEqual(gke.depends_on, ["google_project_service.api_container"]);
  });

  // google provider issue 4435: remove_default_node_pool still creates
  // default-pool first, as the Compute Engine default account unless
  // node_config names another; hardened projects disable that account.
  it("creates the throwaway default pool as the node service account, and never updates it afterwards", () => {
    const gke = resource(json, "google_container_cluster", "cluster");
    assert.deepEqual(gke.node_config, {
      service_account: "nodes@example-project.iam.gserviceaccount.com",
      oauth_scopes: ["https://www.googleapis.com/auth/cloud-platform"],
    });
    assert.deepEqual(gke.node_config.oauth_scopes, resource(json, "google_container_node_pool", "nodes").node_config.oauth_scopes);
    assert.deepEqual(gke.lifecycle, { ignore_changes: ["node_config"] });
  });

  it("enables the Compute API and creates its own VPC network, in custom subnet mode, after it", () => {
    const apis = resources(json, "google_project_service").map((api) => api.service).sort();
    assert.deepEqual(apis, ["compute.googleapis.com", "container.googleapis.com"]);
    assert.equal(resource(json, "google_project_service", "api_compute").disable_on_destroy, false);
    const network = resource(json, "google_compute_network", "network");
    assert.equal(network.name, "mlops-network");
    assert.equal(network.auto_create_subnetworks, false);
    assert.deepEqual(network.depends_on, ["google_project_service.api_compute"]);
  });

  it("creates a subnet in the region with secondary ranges for pods and Services", () => {
    const subnet = resource(json, "google_compute_subnetwork", "subnet");
    assert.equal(subnet.name, "mlops-network-europe-west6");
    assert.equal(subnet.region, "europe-west6");
    assert.equal(subnet.network, "${google_compute_network.network.id}");
    assert.equal(subnet.ip_cidr_range, "10.10.0.0/20");
    assert.equal(subnet.private_ip_google_access, true);
    assert.deepEqual(subnet.secondary_ip_range, [
      { range_name: "pods", ip_cidr_range: "10.16.0.0/14" },
      { range_name: "services", ip_cidr_range: "10.20.0.0/20" },
    ]);
  });

  it("makes the cluster VPC-native in that network, on the subnet's named ranges", () => {
    const gke = resource(json, "google_container_cluster", "cluster");
    assert.equal(gke.network, "${google_compute_network.network.id}");
    assert.equal(gke.subnetwork, "${google_compute_subnetwork.subnet.id}");
    assert.equal(gke.networking_mode, "VPC_NATIVE");
    const ranges = resource(json, "google_compute_subnetwork", "subnet").secondary_ip_range.map((range: any) => range.range_name);
    assert.deepEqual(gke.ip_allocation_policy, { cluster_secondary_range_name: ranges[0], services_secondary_range_name: ranges[1] });
  });

  it("takes the network's name and ranges from config", () => {
    const other = cluster({ networkName: "ml", subnetCidr: "192.168.0.0/24", podsCidr: "172.16.0.0/16", servicesCidr: "172.31.0.0/22" });
    assert.equal(resource(other, "google_compute_network", "network").name, "ml");
    const subnet = resource(other, "google_compute_subnetwork", "subnet");
    assert.equal(subnet.name, "ml-europe-west6");
    assert.deepEqual(subnet.secondary_ip_range.map((range: any) => range.ip_cidr_range), ["172.16.0.0/16", "172.31.0.0/22"]);
  });

  it("reserves the model's regional external IP, so the URL outlives the Service", () => {
    const address = resource(json, "google_compute_address", "model_address");
    assert.deepEqual(address, {
      name: "mlops-classifier-ip",
      region: "europe-west6",
      address_type: "EXTERNAL",
      depends_on: ["google_project_service.api_compute"],
    });
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
    assert.equal(pool.name, "mlops-kubernetes-nodes");
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

  it("outputs name, location, endpoint and the Service's address", () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries<any>(json.output).map(([name, o]) => [name, o.value])),
      {
        cluster_name: "${google_container_cluster.cluster.name}",
        cluster_location: "${google_container_cluster.cluster.location}",
        cluster_endpoint: "${google_container_cluster.cluster.endpoint}",
        service_address: "${google_compute_address.model_address.address}",
      },
    );
  });

  it("lets a deployer fetch credentials and change Kubernetes objects, and a viewer only read the cluster", () => {
    const grants = resources(json, "google_project_iam_member").map((g) => `${g.member} ${g.project} ${g.role}`).sort();
    assert.deepEqual(grants, [
      `${deployer} mlops-demo-project roles/container.clusterViewer`,
      `${deployer} mlops-demo-project roles/container.developer`,
      `${planner} mlops-demo-project roles/container.clusterViewer`,
    ]);
  });
});
