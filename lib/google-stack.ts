import { CloudBackend, Fn, GcsBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { DataGoogleContainerCluster } from "@cdktf/provider-google/lib/data-google-container-cluster";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Config } from "./config";

export interface GoogleStackProps {
  /** Validated settings; each stack reads only what it needs. */
  readonly config: Config;
}

/**
 * A stack with its own Terraform state (in the configured backend) and a
 * google provider for the configured project and region.
 */
export class GoogleStack extends TerraformStack {
  constructor(scope: Construct, id: string, { config }: GoogleStackProps) {
    super(scope, id);
    useBackend(this, id, config);
    new GoogleProvider(this, "google", {
      project: config.projectId,
      region: config.region,
      defaultLabels: { managed_by: "cdktf" },
    });
  }

  /**
   * Enables the Google APIs this stack calls. They stay enabled on destroy:
   * turning an API off can break resources that other stacks still hold.
   */
  protected enableApis(...services: string[]): ProjectService[] {
    return services.map(
      (service) =>
        new ProjectService(this, `api_${service.split(".")[0]}`, {
          service,
          disableOnDestroy: false,
        }),
    );
  }
}

/** A GKE cluster as the stacks after `cluster` receive it (cluster stack outputs). */
export interface ClusterRef {
  /** Cluster name. */
  readonly name: string;
  /** Cluster zone. */
  readonly location: string;
}

/**
 * Annotations GKE writes on Services of VPC-native clusters
 * (`cloud.google.com/neg`, `cloud.google.com/neg-status`): without this a
 * refreshing plan removes them on every apply (kubernetes provider issue 445;
 * `ignore_annotations` takes regular expressions, docs/index.md:202 at v2.38.0).
 */
export const GKE_ANNOTATIONS = ["^cloud\\.google\\.com\\/neg"];

/**
 * A kubernetes provider for `cluster` that signs in as whoever runs
 * Terraform, with no token in state: the endpoint and CA come from a data
 * source on the cluster (never from the cluster resource, as the provider's
 * docs require), and the credential from `gke-gcloud-auth-plugin`, which the
 * provider runs for each plan and apply (`exec`, kubernetes provider v2.38.0
 * provider.go:133-160, :609-625) and which reads the caller's gcloud or
 * application-default login. A provider's configuration is never saved in
 * state; `data.google_client_config.access_token`, which this replaces, was.
 */
export function kubernetesFor(stack: TerraformStack, cluster: ClusterRef): KubernetesProvider {
  const endpoint = new DataGoogleContainerCluster(stack, "cluster", { name: cluster.name, location: cluster.location });
  return new KubernetesProvider(stack, "kubernetes", {
    host: `https://${endpoint.endpoint}`,
    clusterCaCertificate: Fn.base64decode(endpoint.masterAuth.get(0).clusterCaCertificate),
    ignoreAnnotations: GKE_ANNOTATIONS,
    // With --use_application_default_credentials the plugin signs in with the
    // same Application Default Credentials as the google provider (a person's
    // `gcloud auth application-default login`, CI's credentials file), not
    // with gcloud's own login (`gke-gcloud-auth-plugin --help`, SDK 528).
    exec: [
      {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "gke-gcloud-auth-plugin",
        args: ["--use_application_default_credentials"],
      },
    ],
  });
}

/**
 * Keeps `stack`'s state where config says. With `local`, the path is relative
 * to the stack's directory (cdktf.out/stacks/<id>) so the JSON never holds the
 * path of the machine it was made on; cdktf's default would be absolute.
 */
function useBackend(stack: TerraformStack, id: string, config: Config): void {
  switch (config.backend) {
    case "local":
      new LocalBackend(stack, { path: `../../../terraform.${id}.tfstate` });
      return;
    case "gcs":
      new GcsBackend(stack, { bucket: config.stateBucket, prefix: `terraform/${id}` });
      return;
    case "cloud":
      new CloudBackend(stack, {
        organization: config.tfcOrganization,
        workspaces: new NamedCloudWorkspace(workspaceName(config, id)),
      });
      return;
  }
}

/** The Terraform Cloud workspace that keeps `stack`'s state under the `cloud` backend. */
export function workspaceName(config: Pick<Config, "tfcWorkspacePrefix">, stack: string): string {
  return `${config.tfcWorkspacePrefix}-${stack}`;
}

/**
 * The stacks whose Terraform Cloud runs execute remotely, signed in to Google
 * by the workspace's dynamic credentials. The others run where `cdktf` runs
 * (execution mode `local`), their state still in Terraform Cloud: `workload`
 * builds an image and Terraform Cloud's runners have no Docker daemon;
 * `access` reaches the cluster through `gke-gcloud-auth-plugin` (kubernetesFor
 * above), which the runners lack, and google provider v6.50.0 has no
 * ephemeral `google_client_config` that could hand the kubernetes provider a
 * token without saving it (website/docs/ephemeral-resources/ holds only
 * service-account impersonation).
 */
export const REMOTE_EXECUTION_STACKS: readonly string[] = ["identity", "registry", "cluster"];
