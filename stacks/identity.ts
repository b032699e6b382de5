// Replaces the guide's `gcloud iam service-accounts create`, its
// `add-iam-policy-binding` calls and `keys create`: the CI deployer, how CI
// signs in as it (a key, or keyless GitHub OIDC), and the nodes' identity.
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { IamWorkloadIdentityPool } from "@cdktf/provider-google/lib/iam-workload-identity-pool";
import { IamWorkloadIdentityPoolProvider } from "@cdktf/provider-google/lib/iam-workload-identity-pool-provider";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { ServiceAccountKey } from "@cdktf/provider-google/lib/service-account-key";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { Config } from "../lib/config";
import { GoogleStack, GoogleStackProps } from "../lib/google-stack";

export class IdentityStack extends GoogleStack {
  /** IAM member of the CI deployer (`serviceAccount:<email>`), for grants in later stacks. */
  readonly deployerMember: string;
  /** Email of the service account the GKE nodes run as. */
  readonly nodeServiceAccountEmail: string;
  /** IAM member of the node service account, for the registry's pull grant. */
  readonly nodeMember: string;

  constructor(scope: Construct, id: string, props: GoogleStackProps) {
    super(scope, id, props);
    const { config } = props;
    const apis = this.enableApis("iam.googleapis.com", "cloudresourcemanager.googleapis.com");

    const deployer = new ServiceAccount(this, "deployer", {
      accountId: config.deployerAccountId,
      displayName: "MLEM Service Account",
      description: "CI deployer of the model: pushes images and updates the model's Kubernetes objects",
      dependsOn: apis,
    });
    this.deployerMember = deployer.member;

    // The deployer's grants, each as narrow as the provider allows. The push
    // grant sits on the repository itself, in the registry stack.
    new StorageBucketIamMember(this, "deployer_bucket_objects", {
      bucket: config.bucket,
      role: "roles/storage.objectAdmin", // DVC data and Terraform state, in this bucket only
      member: deployer.member,
    });
    new ProjectIamMember(this, "deployer_cluster_credentials", {
      project: config.projectId,
      role: "roles/container.clusterViewer", // `get-credentials` for the cluster
      member: deployer.member,
    });
    // The seed's clusterViewer cannot create or patch a Deployment (a 403
    // "requires container.services.get" made the guide switch roles). GKE has
    // no per-cluster IAM binding, so this is project-wide: keep the project
    // for this model alone. README ("Why container.developer") says why not RBAC.
    new ProjectIamMember(this, "deployer_kubernetes_objects", {
      project: config.projectId,
      role: "roles/container.developer",
      member: deployer.member,
    });

    if (config.ciAuth === "oidc") this.trustGitHubActions(deployer, config);
    else this.createKey(deployer, config);

    // Nodes get their own identity instead of the Compute Engine default
    // account (project Editor): logs, metrics, and image pulls granted by the registry.
    const nodes = new ServiceAccount(this, "nodes", {
      accountId: config.nodeAccountId,
      displayName: "GKE nodes of the model cluster",
      dependsOn: apis,
    });
    new ProjectIamMember(this, "nodes_default_role", {
      project: config.projectId,
      role: "roles/container.defaultNodeServiceAccount",
      member: nodes.member,
    });
    this.nodeServiceAccountEmail = nodes.email;
    this.nodeMember = nodes.member;

    new TerraformOutput(this, "deployer_email", {
      value: deployer.email,
      description: "Email of the CI deployer service account",
    });
  }

  /** The guide's way: a JSON key for the CI secret, replaced when `deployerKeyRotation` changes. */
  private createKey(deployer: ServiceAccount, config: Config): void {
    const key = new ServiceAccountKey(this, "deployer_json_key", {
      serviceAccountId: deployer.name,
      keepers: { rotation: config.deployerKeyRotation },
      // Rotation makes the new key before deleting the old one, so CI keeps
      // working until the secret holds the new key.
      lifecycle: { createBeforeDestroy: true },
    });
    new TerraformOutput(this, "deployer_key", {
      value: key.privateKey,
      sensitive: true,
      description: "The deployer's JSON key, base64-encoded: the CI secret MLEM_GCP_SERVICE_ACCOUNT_KEY",
    });
  }

  /**
   * Keyless: GitHub's OIDC tokens are exchanged for short-lived credentials of
   * the deployer, for workflows of the configured repository only. No key
   * exists that could leak.
   */
  private trustGitHubActions(deployer: ServiceAccount, config: Config): void {
    const apis = this.enableApis("iamcredentials.googleapis.com", "sts.googleapis.com");
    const pool = new IamWorkloadIdentityPool(this, "github_pool", {
      workloadIdentityPoolId: "github-actions",
      displayName: "GitHub Actions",
      dependsOn: apis,
    });
    const provider = new IamWorkloadIdentityPoolProvider(this, "github_provider", {
      workloadIdentityPoolId: pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: "github",
      displayName: "GitHub OIDC",
      oidc: { issuerUri: "https://token.actions.githubusercontent.com" },
      attributeMapping: {
        "google.subject": "assertion.sub",
        "attribute.repository": "assertion.repository",
        "attribute.ref": "assertion.ref",
      },
      // Without a condition any GitHub repository could present a token.
      attributeCondition: `assertion.repository == "${config.githubRepository}"`,
    });
    new ServiceAccountIamMember(this, "deployer_github_federation", {
      serviceAccountId: deployer.name,
      role: "roles/iam.workloadIdentityUser",
      member: `principalSet://iam.googleapis.com/${pool.name}/attribute.repository/${config.githubRepository}`,
    });
    new TerraformOutput(this, "workload_identity_provider", {
      value: provider.name,
      description: "The workflows' `workload_identity_provider` (google-github-actions/auth)",
    });
  }
}
