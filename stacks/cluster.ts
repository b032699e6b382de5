// Replaces the guide's `gcloud container clusters create mlops-kubernetes`:
// a zonal, VPC-native cluster in a network of its own, whose nodes live in a
// separately managed, autoscaled pool, and the model's reserved public IP.
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { derivedNames, environmentsOf } from "../lib/config";
import { GoogleStack, GoogleStackProps } from "../lib/google-stack";

/** Names of the subnet's secondary ranges, which the cluster takes for pods and Services. */
const PODS_RANGE = "pods";
const SERVICES_RANGE = "services";

/** Access is decided by the node service account's IAM roles, not by scopes. */
const NODE_SCOPES = ["https://www.googleapis.com/auth/cloud-platform"];

export interface ClusterStackProps extends GoogleStackProps {
  /** Email of the least-privilege service account the nodes run as (identity stack). */
  readonly nodeServiceAccountEmail: string;
}

export class ClusterStack extends GoogleStack {
  /** Cluster name, for the workload stack's data source. */
  readonly clusterName: string;
  /** Cluster zone, for the workload stack's data source. */
  readonly clusterLocation: string;
  /** Reserved regional external IP of each environment's Service, for its workload stack, by environment name. */
  readonly serviceAddresses: ReadonlyMap<string, string>;
  private readonly projectId: string;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.projectId = config.projectId;
    const names = derivedNames(config);

    // A network of the stack's own: hardened projects have no `default`
    // network, and a fresh project has the Compute API off. Custom subnet
    // mode, so no subnet appears in every region.
    const [computeApi, containerApi] = this.enableApis("compute.googleapis.com", "container.googleapis.com");
    const network = new ComputeNetwork(this, "network", {
      name: config.networkName,
      autoCreateSubnetworks: false,
      dependsOn: [computeApi],
    });
    const subnet = new ComputeSubnetwork(this, "subnet", {
      name: names.subnet,
      region: config.region,
      network: network.id,
      ipCidrRange: config.subnetCidr,
      // Nodes reach Google APIs (Artifact Registry pulls) over Google's network.
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: PODS_RANGE, ipCidrRange: config.podsCidr },
        { rangeName: SERVICES_RANGE, ipCidrRange: config.servicesCidr },
      ],
    });

    // The provider's recommended shape: drop the default pool at creation and
    // manage nodes in their own pool, so node changes never recreate the cluster.
    const cluster = new ContainerCluster(this, "cluster", {
      name: config.clusterName,
      location: config.zone,
      network: network.id,
      subnetwork: subnet.id,
      // VPC-native (alias IPs) from the subnet's named ranges; GKE adds NEG
      // annotations to Services on such clusters (see the workload stack).
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: { clusterSecondaryRangeName: PODS_RANGE, servicesSecondaryRangeName: SERVICES_RANGE },
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      // remove_default_node_pool still creates `default-pool` first, and
      // without node_config it runs as the Compute Engine default service
      // account, which hardened projects disable (google provider issue
      // 4435; resource_container_cluster.go:2806 deletes it only after the
      // cluster is up). node_config describes only that throwaway pool: the
      // provider would update "default-pool" on any later diff
      // (resource_container_cluster.go:4164), which no longer exists.
      nodeConfig: { serviceAccount: props.nodeServiceAccountEmail, oauthScopes: NODE_SCOPES },
      lifecycle: { ignoreChanges: ["node_config"] },
      deletionProtection: config.deletionProtection,
      releaseChannel: { channel: config.releaseChannel },
      // Workload Identity: pods get Google identities without node keys.
      workloadIdentityConfig: { workloadPool: `${config.projectId}.svc.id.goog` },
      dependsOn: [containerApi],
    });

    new ContainerNodePool(this, "nodes", {
      name: names.nodePool,
      cluster: cluster.name,
      location: cluster.location,
      initialNodeCount: config.nodeCount,
      autoscaling: { minNodeCount: config.minNodeCount, maxNodeCount: config.maxNodeCount },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: {
        machineType: config.machineType,
        serviceAccount: props.nodeServiceAccountEmail,
        oauthScopes: NODE_SCOPES,
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      },
      // The provider recreates the pool (every pod evicted) when
      // initial_node_count changes; after creation the autoscaler decides.
      lifecycle: { ignoreChanges: ["initial_node_count"] },
    });

    // Reserved here, not by the workload stack: the deployer never manages
    // addresses, and a Service replaced or recreated keeps its URL. Regional
    // and EXTERNAL, as a LoadBalancer Service's load_balancer_ip requires.
    // One per environment; the last keeps the single environment's name.
    const addresses = new Map<string, string>();
    for (const environment of environmentsOf(config)) {
      const address = new ComputeAddress(this, `model_address${environment.idSuffix}`, {
        name: environment.addressName,
        region: config.region,
        addressType: "EXTERNAL",
        dependsOn: [computeApi],
      });
      addresses.set(environment.name, address.address);
      new TerraformOutput(this, `service_address${environment.idSuffix}`, {
        value: address.address,
        description: `Reserved public IP of the model's Service${environment.idSuffix === "" ? "" : ` in ${environment.name}`} (the ${environment.stackId} stack's URL)`,
      });
    }

    this.clusterName = cluster.name;
    this.clusterLocation = cluster.location;
    this.serviceAddresses = addresses;
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
