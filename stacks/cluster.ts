// Replaces the guide's `gcloud container clusters create mlops-kubernetes`:
// a zonal cluster whose nodes live in a separately managed, autoscaled pool.
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { GoogleStack, GoogleStackProps } from "../lib/google-stack";

export interface ClusterStackProps extends GoogleStackProps {
  /** Email of the least-privilege service account the nodes run as (identity stack). */
  readonly nodeServiceAccountEmail: string;
}

export class ClusterStack extends GoogleStack {
  /** Cluster name, for the workload stack's data source. */
  readonly clusterName: string;
  /** Cluster zone, for the workload stack's data source. */
  readonly clusterLocation: string;
  private readonly projectId: string;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.projectId = config.projectId;

    // The provider's recommended shape: drop the default pool at creation and
    // manage nodes in their own pool, so node changes never recreate the cluster.
    const cluster = new ContainerCluster(this, "cluster", {
      name: config.clusterName,
      location: config.zone,
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      deletionProtection: config.deletionProtection,
      releaseChannel: { channel: config.releaseChannel },
      // Workload Identity: pods get Google identities without node keys.
      workloadIdentityConfig: { workloadPool: `${config.projectId}.svc.id.goog` },
      dependsOn: this.enableApis("container.googleapis.com"),
    });

    new ContainerNodePool(this, "nodes", {
      name: `${config.clusterName}-nodes`,
      cluster: cluster.name,
      location: cluster.location,
      initialNodeCount: config.nodeCount,
      autoscaling: { minNodeCount: config.minNodeCount, maxNodeCount: config.maxNodeCount },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: {
        machineType: config.machineType,
        serviceAccount: props.nodeServiceAccountEmail,
        // Access is decided by the service account's IAM roles, not by scopes.
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      },
      // The provider recreates the pool (every pod evicted) when
      // initial_node_count changes; after creation the autoscaler decides.
      lifecycle: { ignoreChanges: ["initial_node_count"] },
    });

    this.clusterName = cluster.name;
    this.clusterLocation = cluster.location;
    new TerraformOutput(this, "cluster_name", { value: cluster.name, description: "GKE cluster name" });
    new TerraformOutput(this, "cluster_location", { value: cluster.location, description: "GKE cluster zone" });
    new TerraformOutput(this, "cluster_endpoint", {
      value: cluster.endpoint,
      description: "IP address of the cluster's Kubernetes API server",
    });
  }

  /**
   * Lets `member` (`name` in resource names) fetch the cluster's
   * credentials, and nothing inside it: what it may do in Kubernetes is a
   * namespaced Role of the access stack. `roles/container.developer` would be
   * project-wide and cluster-wide (Secrets, pods/exec, every namespace), and
   * GKE has no per-cluster IAM binding.
   */
  grantDeploy(name: string, member: string): void {
    this.grantProjectRole(`deploy_credentials_${name}`, "roles/container.clusterViewer", member);
  }

  /** Lets `member` read the cluster's endpoint and CA, as a plan's data source does; nothing inside it. */
  grantView(name: string, member: string): void {
    this.grantProjectRole(`view_${name}`, "roles/container.clusterViewer", member);
  }

  private grantProjectRole(id: string, role: string, member: string): void {
    new ProjectIamMember(this, id, { project: this.projectId, role, member });
  }
}
