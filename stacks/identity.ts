// Replaces the guide's `gcloud iam service-accounts create`, its
// `add-iam-policy-binding` calls and `keys create`: who CI acts as, and how it
// signs in (a key, or keyless GitHub OIDC). Two CI identities, because pull
// requests run code nobody has reviewed yet: the deployer, used only by the
// deploy job of the default branch, and a read-only planner for the plans of
// pull requests. Plus the nodes' own identity. Each identity's grants on
// platform resources sit with those resources, in the registry and cluster
// stacks (main.ts wires them).
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

/**
 * The GitHub environment of the deploy job (.github/workflows/deploy.yml).
 * Keyless, only jobs in it may act as the deployer; restrict the environment
 * to the default branch in the repository's settings.
 */
export const DEPLOY_ENVIRONMENT = "production";

export class IdentityStack extends GoogleStack {
  /** IAM member of the CI deployer (`serviceAccount:<email>`). */
  readonly deployerMember: string;
  /** IAM member of the read-only planner of pull requests. */
  readonly plannerMember: string;
  /** Email of the service account the GKE nodes run as. */
  readonly nodeServiceAccountEmail: string;
  /** IAM member of the node service account. */
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
    const planner = new ServiceAccount(this, "planner", {
      accountId: config.plannerAccountId,
      displayName: "MLOps planner",
      description: "CI planner of pull requests: reads Terraform state and the cluster, changes nothing",
      dependsOn: apis,
    });
    this.deployerMember = deployer.member;
    this.plannerMember = planner.member;
    new TerraformOutput(this, "deployer_email", { value: deployer.email, description: "Email of the CI deployer" });
    new TerraformOutput(this, "planner_email", { value: planner.email, description: "Email of the CI planner" });

    // The bucket exists before this project (it holds the DVC data), so its
    // grants live here: in this bucket only, never project-wide.
    new StorageBucketIamMember(this, "deployer_bucket_objects", {
      bucket: config.bucket,
      role: "roles/storage.objectAdmin", // DVC data and Terraform state, read and written
      member: deployer.member,
    });
    new StorageBucketIamMember(this, "planner_bucket_objects", {
      bucket: config.bucket,
      role: "roles/storage.objectViewer", // state, read; plans take no lock
      member: planner.member,
    });

    if (config.ciAuth === "oidc") {
      this.trustGitHubActions(deployer, planner, config);
    } else {
      this.createKey("deployer", deployer, config, "MLEM_GCP_SERVICE_ACCOUNT_KEY");
      this.createKey("planner", planner, config, "MLEM_GCP_PLANNER_KEY");
    }

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
  }

  /** The guide's way: a JSON key for a CI secret, replaced when `keyRotation` changes. */
  private createKey(name: string, account: ServiceAccount, config: Config, secret: string): void {
    const key = new ServiceAccountKey(this, `${name}_json_key`, {
      serviceAccountId: account.name,
      keepers: { rotation: config.keyRotation },
      // Rotation makes the new key before deleting the old one, so CI keeps
      // working until the secret holds the new key.
      lifecycle: { createBeforeDestroy: true },
    });
    new TerraformOutput(this, `${name}_key`, {
      value: key.privateKey,
      sensitive: true,
      description: `The ${name}'s JSON key, base64-encoded: the CI secret ${secret}`,
    });
  }

  /**
   * Keyless: GitHub's OIDC tokens are exchanged for short-lived credentials,
   * for workflows of the configured repository only: any of its jobs may act
   * as the planner, only jobs in the deploy environment as the deployer. No
   * key exists that could leak.
   */
  private trustGitHubActions(deployer: ServiceAccount, planner: ServiceAccount, config: Config): void {
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
    // GitHub's subject of a job in an environment: repo:<owner/name>:environment:<name>.
    const deployJob = `repo:${config.githubRepository}:environment:${DEPLOY_ENVIRONMENT}`;
    new ServiceAccountIamMember(this, "deployer_github_federation", {
      serviceAccountId: deployer.name,
      role: "roles/iam.workloadIdentityUser",
      member: `principal://iam.googleapis.com/${pool.name}/subject/${deployJob}`,
    });
    new ServiceAccountIamMember(this, "planner_github_federation", {
      serviceAccountId: planner.name,
      role: "roles/iam.workloadIdentityUser",
      member: `principalSet://iam.googleapis.com/${pool.name}/attribute.repository/${config.githubRepository}`,
    });
    new TerraformOutput(this, "workload_identity_provider", {
      value: provider.name,
      description: "The workflows' `workload_identity_provider` (google-github-actions/auth)",
    });
  }
}
