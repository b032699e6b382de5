// Replaces the guide's `gcloud iam service-accounts create`, its
// `add-iam-policy-binding` calls and `keys create`: who CI acts as, how it
// signs in, and the bucket that keeps every stack's Terraform state. Two CI
// identities, because pull requests run code nobody has reviewed yet: the
// deployer, used only by the deploy jobs of the default branch, and a
// read-only planner for the plans of pull requests. Plus the nodes' own
// identity. No credential is ever made here, so none can reach a state file:
// keyless sign-in exchanges the CI platform's ID token; key mode uploads a
// public key whose private half never leaves the person who made it.
// With the `cloud` backend, Terraform Cloud's remote runs of the platform
// stacks sign in too: their plans as the planner, their applies as an admin.
// Grants on platform resources sit with those resources, in the registry,
// cluster and access stacks (main.ts wires them).
import { Fn, Op, TerraformLocal, TerraformOutput, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { IamWorkloadIdentityPool } from "@cdktf/provider-google/lib/iam-workload-identity-pool";
import { IamWorkloadIdentityPoolProvider } from "@cdktf/provider-google/lib/iam-workload-identity-pool-provider";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { ServiceAccountKey } from "@cdktf/provider-google/lib/service-account-key";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember, StorageBucketIamMemberCondition } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { Config, describeSetting, Environment, environmentsOf, PLATFORM_SETTINGS, SettingName } from "../lib/config";
import { GoogleStack, GoogleStackProps, REMOTE_EXECUTION_STACKS, workspaceName } from "../lib/google-stack";

/**
 * The environment of the deploy jobs of a single-environment install
 * (.github/workflows/deploy.yml, .gitlab-ci.yml), the default `environments`.
 * Keyless on GitHub, only its jobs on the default branch may act as the
 * deployer; with several environments, each deployer answers only to jobs
 * of the CI environment named like its own.
 */
export const DEPLOY_ENVIRONMENT = "production";

/** Terraform runs in cdktf.out/stacks/identity; the public keys sit in keys/ at the project root. */
const PROJECT_ROOT = "../../..";

/**
 * The state prefixes an environment's deployer reads through
 * `terraform_remote_state` (main.ts): the first builds, so it reads the
 * registry; a later one reads the record of the environment before it.
 */
export function deployerReads(environments: readonly Environment[], environment: Environment): string[] {
  return environment.index === 0 ? ["registry", "cluster"] : ["cluster", environments[environment.index - 1].stackId];
}

/** A CI deployer: one per environment. */
export interface Deployer {
  /** IAM member (`serviceAccount:<email>`). */
  readonly member: string;
  /** Email: GKE's RBAC user name for it (access stack). */
  readonly email: string;
}

/** HCP Terraform's issuer of workload identity tokens (the `iss` claim). */
export const TERRAFORM_CLOUD_ISSUER = "https://app.terraform.io";

/**
 * The roles the stacks grant project-wide to identities other than the
 * admin: the nodes' role (here) and the cluster-credential role (cluster
 * stack). The admin may grant and revoke these and no other.
 */
export const PROJECT_ROLES_THE_STACKS_GRANT = ["roles/container.clusterViewer", "roles/container.defaultNodeServiceAccount"];

/**
 * What Terraform Cloud's apply phase holds, each role for the resources of
 * identity, registry and cluster it applies (access and workload run locally:
 * lib/google-stack.ts REMOTE_EXECUTION_STACKS). No primitive role.
 */
export function adminProjectRoles(config: Pick<Config, "ciAuth">): Record<string, string> {
  return {
    "roles/serviceusage.serviceUsageAdmin": "every stack enables the APIs it calls (google_project_service)",
    "roles/iam.serviceAccountAdmin": "identity: the service accounts, and who may act as each (the federation bindings)",
    "roles/iam.workloadIdentityPoolAdmin": "identity: the workload identity pools and their providers",
    ...(config.ciAuth === "key" ? { "roles/iam.serviceAccountKeyAdmin": "identity: the uploaded public keys (ciAuth key)" } : {}),
    "roles/storage.admin": "identity: the state bucket and its grants, and the deployer's grant on the DVC bucket",
    "roles/artifactregistry.admin": "registry: the Docker repository, its cleanup policy, its push and pull grants",
    "roles/compute.networkAdmin": "cluster: the network, its subnet and the service's static IP",
    "roles/container.clusterAdmin": "cluster: the GKE cluster and its node pool",
    "roles/resourcemanager.projectIamAdmin": `identity and cluster: project-wide grants, limited by a condition to ${PROJECT_ROLES_THE_STACKS_GRANT.join(" and ")}`,
  };
}

/** Settings as a user sets them: `name (ENV)`, comma-separated. */
function named(names: readonly SettingName[]): string {
  return names.map((name) => `${name} (${describeSetting(name).env})`).join(", ");
}

export class IdentityStack extends GoogleStack {
  /** The CI deployers, one per environment, in the order of the `environments` setting. */
  readonly deployers: readonly Deployer[];
  /** IAM member of the read-only planner of pull requests. */
  readonly plannerMember: string;
  /** Email of the service account the GKE nodes run as. */
  readonly nodeServiceAccountEmail: string;
  /** IAM member of the node service account. */
  readonly nodeMember: string;
  private federationApis?: ProjectService[];

  constructor(scope: Construct, id: string, props: GoogleStackProps) {
    super(scope, id, props);
    const { config } = props;
    const environments = environmentsOf(config);
    const apis = this.enableApis("iam.googleapis.com", "cloudresourcemanager.googleapis.com");

    // One deployer per environment, so that staging's can touch neither
    // production's namespace (access stack) nor its state (keepState).
    const deployers = environments.map(
      (environment) =>
        new ServiceAccount(this, `deployer${environment.idSuffix}`, {
          accountId: environment.deployerAccountId,
          displayName: environments.length === 1 ? "MLEM Service Account" : `MLEM Service Account (${environment.name})`,
          description:
            environment.index === 0
              ? `CI deployer of the model${environments.length === 1 ? "" : `'s ${environment.name} environment`}: pushes images and updates the model's Kubernetes objects`
              : `CI deployer of the model's ${environment.name} environment: updates its Kubernetes objects to the image ${environments[environment.index - 1].name} checked`,
          dependsOn: apis,
        }),
    );
    const planner = new ServiceAccount(this, "planner", {
      accountId: config.plannerAccountId,
      displayName: "MLOps planner",
      description: "CI planner of pull requests: reads Terraform state and the cluster, changes nothing",
      dependsOn: apis,
    });
    this.deployers = deployers.map((deployer) => ({ member: deployer.member, email: deployer.email }));
    this.plannerMember = planner.member;
    for (const [index, environment] of environments.entries()) {
      new TerraformOutput(this, `deployer_email${environment.idSuffix}`, {
        value: deployers[index].email,
        description: environments.length === 1 ? "Email of the CI deployer" : `Email of the CI deployer of ${environment.name}`,
      });
    }
    new TerraformOutput(this, "planner_email", { value: planner.email, description: "Email of the CI planner" });

    this.keepState(config, environments, deployers, planner);

    if (config.ciAuth === "oidc") {
      // The platforms to trust, as Terraform sees them: a precondition must
      // refer to something of the configuration, and a local is enough.
      const platforms = new TerraformLocal(this, "ci_platforms", {
        github_repository_id: config.githubRepositoryId,
        gitlab_project_id: config.gitlabProjectId,
      });
      // Only `npm run plan:offline` sets it, and says so: a preview (a fork's
      // verify job has no repository variables) plans the other stacks too,
      // while a real plan or deploy still refuses.
      const previewOnly = new TerraformVariable(this, "preview_without_ci_platform", {
        type: "bool",
        nullable: false,
        default: false,
        description: "Offline previews only (npm run plan:offline): plan keyless sign-in although no CI platform is configured",
      });
      const pool = new IamWorkloadIdentityPool(this, "ci_pool", {
        workloadIdentityPoolId: "ci-pipelines",
        displayName: "CI pipelines",
        description: "ID tokens of the GitHub workflows and GitLab pipelines that plan and deploy the model",
        dependsOn: this.enableFederation(),
        lifecycle: {
          // Checked at plan time, not at synth time, so that the quick start
          // synthesizes with the defaults while no deploy can go ahead
          // without a repository to trust.
          precondition: [
            {
              // (cdktf 0.21 renders a literal 0 in an Op as `undefined`: hence >= 1.)
              condition: Op.or(Op.gte(Fn.lengthOf(Fn.compact(Fn.values(platforms.expression))), 1), previewOnly.booleanValue),
              errorMessage: `ciAuth is oidc, but no CI platform is configured: set ${PLATFORM_SETTINGS.map(named).join("; or ")}; or both platforms; or choose ciAuth key (CI_AUTH). docs/security.md says how to find the ids.`,
            },
          ],
        },
      });
      if (config.githubRepositoryId !== "") this.trustGitHubActions(pool, environments, deployers, planner, config);
      if (config.gitlabProjectId !== "") this.trustGitLabPipelines(pool, environments, deployers, planner, config);
    } else {
      for (const [index, environment] of environments.entries()) {
        this.uploadKeys(`deployer${environment.idSuffix}`, deployers[index], environment.deployerAccountId, config.deployerPublicKeys);
      }
      this.uploadKeys("planner", planner, config.plannerAccountId, config.plannerPublicKeys);
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

    if (config.backend === "cloud") this.trustTerraformCloud(config, planner, nodes, apis);
    // Only the first environment builds the image, so only its deployer reads the data.
    if (config.dvcBucket !== "") this.letDeployerReadModelData(config, deployers[0]);
  }

  /** The APIs of keyless sign-in, enabled once for every pool. */
  private enableFederation(): ProjectService[] {
    this.federationApis ??= this.enableApis("iamcredentials.googleapis.com", "sts.googleapis.com");
    return this.federationApis;
  }

  /**
   * HCP Terraform's dynamic provider credentials for the workspaces that run
   * remotely (identity, registry, cluster). Each run phase gets its own token
   * (https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens:
   * claims `terraform_organization_name`, `terraform_workspace_name`,
   * `terraform_workspace_id`, `terraform_run_id`, `terraform_run_phase`
   * `plan` or `apply`), and the workspace variables
   * TFC_GCP_PLAN_SERVICE_ACCOUNT_EMAIL and TFC_GCP_APPLY_SERVICE_ACCOUNT_EMAIL
   * pick the account of each phase (…/dynamic-provider-credentials/gcp-configuration;
   * bootstrap/terraform-cloud.ts sets them). A pull request's speculative plan
   * is a plan phase and runs the request's code, a `data "external"` included:
   * the plan phase gets the read-only planner and nothing else; only the apply
   * phase, which only a confirmed run reaches, gets the admin.
   *
   * A pool of its own: principal sets name one pool, so no attribute of a CI
   * platform's token can ever match these bindings, and it works in key mode,
   * where the CI pool does not exist. The subject is not the token's `sub`
   * (organization, project, workspace and phase names: past Google's 127
   * characters for long names, google provider v6.50.0
   * website/docs/r/iam_workload_identity_pool_provider.html.markdown:372-374)
   * but the workspace and run ids. Empty allowed audiences: Google then
   * accepts the provider's full name (ibid. :472-483), HCP Terraform's
   * default `aud` for GCP.
   */
  private trustTerraformCloud(config: Config, planner: ServiceAccount, nodes: ServiceAccount, apis: ProjectService[]): void {
    const admin = new ServiceAccount(this, "admin", {
      accountId: config.adminAccountId,
      displayName: "Terraform Cloud apply phase",
      description: "Applies identity, registry and cluster in Terraform Cloud's confirmed runs; plans run as the planner",
      dependsOn: apis,
    });
    const pool = new IamWorkloadIdentityPool(this, "tfc_pool", {
      workloadIdentityPoolId: "terraform-cloud",
      displayName: "Terraform Cloud",
      description: "Workload identity tokens of the Terraform Cloud runs of the platform stacks",
      dependsOn: this.enableFederation(),
    });
    const workspaces = REMOTE_EXECUTION_STACKS.map((stack) => JSON.stringify(workspaceName(config, stack)));
    const provider = new IamWorkloadIdentityPoolProvider(this, "tfc_provider", {
      workloadIdentityPoolId: pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: "terraform-cloud",
      displayName: "Terraform Cloud",
      description: "Runs of the remote platform workspaces, by organization and workspace name",
      oidc: { issuerUri: TERRAFORM_CLOUD_ISSUER },
      attributeMapping: {
        "google.subject": "assertion.terraform_workspace_id + ':' + assertion.terraform_run_phase + ':' + assertion.terraform_run_id",
        // The one attribute a binding reads; no other is mapped, so none is trusted by mistake.
        "attribute.terraform_run_phase": "assertion.terraform_run_phase",
      },
      attributeCondition: `assertion.terraform_organization_name == ${JSON.stringify(config.tfcOrganization)} && assertion.terraform_workspace_name in [${workspaces.join(", ")}]`,
    });
    const principals = `principalSet://iam.googleapis.com/${pool.name}/attribute.terraform_run_phase`;
    this.allow("planner_tfc_federation", planner, `${principals}/plan`);
    this.allow("admin_tfc_federation", admin, `${principals}/apply`);

    for (const role of Object.keys(adminProjectRoles(config))) {
      const limited = role === "roles/resourcemanager.projectIamAdmin";
      new ProjectIamMember(this, `admin_${role.replace(/^roles\//, "").replace(/\./g, "_")}`, {
        project: config.projectId,
        role,
        member: admin.member,
        // https://cloud.google.com/iam/docs/setting-limits-on-granting-roles:
        // the admin may change grants of these roles alone, so no apply
        // phase can grant itself or anyone a wider role, its own included.
        condition: limited
          ? {
              title: "Only the roles the stacks grant",
              description: PROJECT_ROLES_THE_STACKS_GRANT.join(", "),
              expression: `api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${PROJECT_ROLES_THE_STACKS_GRANT.map((r) => `'${r}'`).join(", ")}])`,
            }
          : undefined,
      });
    }
    // GKE runs nodes as this account only for a caller who may act as it; on this account alone.
    new ServiceAccountIamMember(this, "admin_acts_as_nodes", { serviceAccountId: nodes.name, role: "roles/iam.serviceAccountUser", member: admin.member });

    new TerraformOutput(this, "admin_email", { value: admin.email, description: "Terraform Cloud's apply-phase account (TFC_GCP_APPLY_SERVICE_ACCOUNT_EMAIL)" });
    new TerraformOutput(this, "tfc_workload_provider_name", {
      value: provider.name,
      description: "The platform workspaces' TFC_GCP_WORKLOAD_PROVIDER_NAME (projects/<number>/locations/global/workloadIdentityPools/terraform-cloud/providers/terraform-cloud)",
    });
  }

  /**
   * The DVC remote's bucket holds the model the deploy jobs pull: the
   * deployer reads it, nobody else here. The bucket belongs to the data, not
   * to these stacks (a bucket resource would let `destroy` take the data
   * along), so only the grant is made, and it sits next to the identity it is
   * for. `_iam_member` is non-authoritative: it adds this one member and
   * leaves the bucket's other grants alone (google provider v6.50.0
   * website/docs/r/storage_bucket_iam.html.markdown:26).
   */
  private letDeployerReadModelData(config: Config, deployer: ServiceAccount): void {
    new StorageBucketIamMember(this, "deployer_dvc_read", { bucket: config.dvcBucket, role: "roles/storage.objectViewer", member: deployer.member });
  }

  /**
   * The state bucket, apart from the DVC data, and who may touch which stack's
   * state in it. Terraform's gcs backend (terraform v1.11.4,
   * internal/backend/remote-state/gcs/) keeps `<prefix>/default.tfstate`,
   * locks by creating `<prefix>/default.tflock` (client.go:104-105, deleted
   * again at :130), and lists the bucket under the prefix to find workspaces
   * (backend_state.go:35-38). IAM Conditions on the object name narrow the
   * object permissions to a prefix; a list request, though, is checked
   * against the bucket (resource type `storage.googleapis.com/Bucket`, name
   * `projects/_/buckets/<bucket>`; https://cloud.google.com/iam/docs/conditions-resource-attributes),
   * so the deployer's read grant also admits that type: it may list object
   * names, but read only the prefixes its stack reads.
   */
  private keepState(config: Config, environments: readonly Environment[], deployers: ServiceAccount[], planner: ServiceAccount): void {
    const bucket = new StorageBucket(this, "state", {
      name: config.stateBucket,
      location: config.region.toUpperCase(),
      storageClass: "STANDARD",
      versioning: { enabled: true }, // every earlier state stays recoverable
      uniformBucketLevelAccess: true, // IAM alone decides, no object ACLs
      publicAccessPrevention: "enforced",
      forceDestroy: false,
      // Old versions go after a while; the newest few always stay.
      lifecycleRule: [{ condition: { numNewerVersions: 10, withState: "ARCHIVED" }, action: { type: "Delete" } }],
      lifecycle: { preventDestroy: true },
      dependsOn: this.enableApis("storage.googleapis.com"),
    });
    new TerraformOutput(this, "state_bucket", { value: bucket.name, description: "Bucket of every stack's Terraform state (backend gcs)" });

    const objectsUnder = (stack: string) => `resource.name.startsWith("projects/_/buckets/${config.stateBucket}/objects/terraform/${stack}/")`;
    const grant = (id: string, role: string, member: string, condition?: StorageBucketIamMemberCondition) =>
      new StorageBucketIamMember(this, id, { bucket: bucket.name, role, member, condition });

    // Plans of every stack read every state; a plan takes no lock (-lock=false), so no write.
    grant("planner_state_read", "roles/storage.objectViewer", planner.member);
    // Each deployer writes its own environment's state and reads what its
    // workload stack reads; the prefixes end in "/", so `terraform/workload/`
    // does not admit `terraform/workload-staging/`.
    for (const [index, environment] of environments.entries()) {
      const member = deployers[index].member;
      const reads = deployerReads(environments, environment);
      const stack = environment.stackId === "workload" ? "the workload stack" : `the ${environment.stackId} stack`;
      grant(`deployer_state_write${environment.idSuffix}`, "roles/storage.objectUser", member, {
        title: `terraform/${environment.stackId} only`,
        description: `Read, write and lock ${stack}'s state, no other`,
        expression: objectsUnder(environment.stackId),
      });
      grant(`deployer_state_read${environment.idSuffix}`, "roles/storage.objectViewer", member, {
        title: `listing, and terraform/{${reads.join(",")}}`,
        description: `List the bucket (the backend's workspace listing); read the states ${stack} reads as remote state`,
        expression: ['resource.type == "storage.googleapis.com/Bucket"', ...reads.map(objectsUnder)].join(" || "),
      });
    }
  }

  /**
   * Key mode, for organizations that cannot federate: the person makes each
   * key pair (docs/security.md) and commits only the certificate; Terraform
   * uploads it (`public_key_data`, google provider v6.50.0
   * resource_google_service_account_key.go:68-74, :129-136: an upload
   * returns no private key, so `private_key` stays empty in state). The file
   * is read by Terraform at plan time, never at synth time. One resource per
   * key name: adding a name adds a key and leaves the others alone, so a
   * rotation adds the new key, lets CI switch, and retires the old one in a
   * later apply.
   */
  private uploadKeys(name: string, account: ServiceAccount, accountId: string, keyNames: string[]): void {
    const ids: Record<string, string> = {};
    for (const keyName of keyNames) {
      const key = new ServiceAccountKey(this, `${name}_key_${keyName}`, {
        serviceAccountId: account.name,
        publicKeyData: Fn.filebase64(`${PROJECT_ROOT}/keys/${accountId}-${keyName}.pem`),
      });
      ids[keyName] = key.id;
    }
    new TerraformOutput(this, `${name}_keys`, {
      value: ids,
      description: `The ${name}'s uploaded keys by name: the id ends in the key id that the private key file names`,
    });
  }

  /**
   * GitHub's OIDC tokens, for workflows of the configured repository only.
   * The condition matches the numeric repository and owner ids, never the
   * name, which could be registered again after a rename or a deletion
   * (google-github-actions/auth, docs/SECURITY_CONSIDERATIONS.md). Claims
   * used (https://docs.github.com/en/actions/reference/security/oidc, "OIDC
   * token claims"; every value a string): `repository_id`,
   * `repository_owner_id`, `ref` (the full ref), `environment` (only in jobs
   * that name one), `event_name`, `run_id`, `run_attempt`.
   *
   * Any job of the repository may act as the planner. The deployer is tied
   * to the default branch here, not only by the environment's branch rule
   * in GitHub's settings: GitHub creates a missing environment unprotected,
   * and private repositories on the Free plan cannot restrict one. So
   * `deploy` joins the claims the deployer needs into one value, which its
   * principal set names: `<repository_id>:production:refs/heads/<branch>`
   * for a job in the `production` environment on the default branch's full
   * ref (a tag named like the branch is `refs/tags/…`), and
   * `<repository_id>:none` for every other job. `pull_request_target` runs
   * carry the base branch's ref although a pull request starts them, so
   * they are `none` too. The value is built only from the configured
   * branch, at most 50 bytes (lib/config.ts), so it stays within the
   * attribute limit whatever the token holds.
   *
   * GitHub's `sub` holds the owner, repository and environment or ref
   * names, which can pass Google's 127-byte limit on `google.subject` (IAM
   * API, WorkloadIdentityPoolProvider.attributeMapping; over it every token
   * exchange fails); numeric ids cannot, and still name the run in audit
   * logs. No binding uses the subject.
   */
  private trustGitHubActions(
    pool: IamWorkloadIdentityPool,
    environments: readonly Environment[],
    deployers: ServiceAccount[],
    planner: ServiceAccount,
    config: Config,
  ): void {
    const deployRef = `refs/heads/${config.githubDeployBranch}`;
    const deploys = [
      `assertion.ref == '${deployRef}'`,
      `assertion.event_name != 'pull_request_target'`,
      `has(assertion.environment)`,
      inEnvironments(environments),
    ].join(" && ");
    const provider = new IamWorkloadIdentityPoolProvider(this, "github_provider", {
      workloadIdentityPoolId: pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: "github",
      displayName: "GitHub Actions",
      description: `Workflows of ${config.githubRepository}`,
      oidc: { issuerUri: "https://token.actions.githubusercontent.com" },
      attributeMapping: {
        "google.subject": "'github-run:' + assertion.repository_id + ':' + assertion.run_id + ':' + assertion.run_attempt",
        "attribute.repository_id": "assertion.repository_id",
        "attribute.repository_owner_id": "assertion.repository_owner_id",
        "attribute.deploy": `assertion.repository_id + ':' + (${deploys} ? assertion.environment + ':' + assertion.ref : 'none')`,
      },
      attributeCondition: `assertion.repository_id == "${config.githubRepositoryId}" && assertion.repository_owner_id == "${config.githubOwnerId}"`,
    });
    const principals = `principalSet://iam.googleapis.com/${pool.name}`;
    for (const [index, environment] of environments.entries()) {
      const deployer = deployers[index];
      this.allow(`deployer_github_federation${environment.idSuffix}`, deployer, `${principals}/attribute.deploy/${config.githubRepositoryId}:${environment.name}:${deployRef}`);
    }
    this.allow("planner_github_federation", planner, `${principals}/attribute.repository_id/${config.githubRepositoryId}`);
    new TerraformOutput(this, "workload_identity_provider", {
      value: provider.name,
      description: "GitHub workflows' `workload_identity_provider` (google-github-actions/auth; its default audience fits)",
    });
  }

  /**
   * GitLab's ID tokens (`id_tokens:` in .gitlab-ci.yml), for pipelines of the
   * configured project only, by its numeric `project_id`. Claims used
   * (https://docs.gitlab.com/ci/secrets/id_token_authentication/, "Token
   * payload"): `project_id`, `namespace_id`, `ref`, `ref_type`,
   * `ref_protected` ("true"/"false"), `pipeline_source`, `job_id`. Two attributes join
   * the claims a binding needs, so that one principal set names exactly one
   * kind of pipeline:
   * - `deploy_ref` = project:ref_type:ref_protected:ref; the deployer admits
   *   only `<id>:branch:true:<gitlabDeployBranch>`, pipelines of the
   *   protected default branch. Any other pipeline maps to `<id>:none`:
   *   its ref (up to 255 bytes in GitLab) would otherwise make the value
   *   too long for an attribute, and fail every exchange of its pipelines,
   *   the planner's included;
   * - `pipeline` = project:pipeline_source; the planner admits only
   *   `<id>:merge_request_event`. A merge request from a fork carries the
   *   fork's project_id (GitLab 18.2.2 and later; gitlab-org/gitlab#561735),
   *   so the condition turns it away.
   */
  private trustGitLabPipelines(
    pool: IamWorkloadIdentityPool,
    environments: readonly Environment[],
    deployers: ServiceAccount[],
    planner: ServiceAccount,
    config: Config,
  ): void {
    // With several environments the deploy job's `environment:` (the token's
    // `environment` claim) says which deployer it may act as.
    const several = environments.length > 1;
    const deploys = [
      `assertion.ref_type == 'branch'`,
      `assertion.ref_protected == 'true'`,
      `assertion.ref == '${config.gitlabDeployBranch}'`,
      ...(several ? ["has(assertion.environment)", inEnvironments(environments)] : []),
    ].join(" && ");
    const deployed = `assertion.ref_type + ':' + assertion.ref_protected + ':' + assertion.ref${several ? " + ':' + assertion.environment" : ""}`;
    const provider = new IamWorkloadIdentityPoolProvider(this, "gitlab_provider", {
      workloadIdentityPoolId: pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: "gitlab",
      displayName: "GitLab CI",
      description: `Pipelines of ${config.gitlabProject}`,
      // Empty allowed audiences: Google accepts the provider's own URL,
      // https://iam.googleapis.com/<provider name>, which the jobs request.
      oidc: { issuerUri: config.gitlabUrl },
      attributeMapping: {
        // GitLab's `sub` holds the project path and the ref, which can pass
        // Google's 127-byte limit on google.subject; the job id cannot, and
        // names the job in audit logs. No binding uses the subject.
        "google.subject": "'gitlab-job:' + assertion.job_id",
        "attribute.project_id": "assertion.project_id",
        "attribute.namespace_id": "assertion.namespace_id",
        "attribute.deploy_ref": `assertion.project_id + ':' + (${deploys} ? ${deployed} : 'none')`,
        "attribute.pipeline": "assertion.project_id + ':' + assertion.pipeline_source",
      },
      attributeCondition: `assertion.project_id == "${config.gitlabProjectId}"`,
    });
    const principals = `principalSet://iam.googleapis.com/${pool.name}`;
    const deployRef = `${config.gitlabProjectId}:branch:true:${config.gitlabDeployBranch}`;
    for (const [index, environment] of environments.entries()) {
      const value = several ? `${deployRef}:${environment.name}` : deployRef;
      this.allow(`deployer_gitlab_federation${environment.idSuffix}`, deployers[index], `${principals}/attribute.deploy_ref/${value}`);
    }
    this.allow("planner_gitlab_federation", planner, `${principals}/attribute.pipeline/${config.gitlabProjectId}:merge_request_event`);
    new TerraformOutput(this, "gitlab_workload_identity_provider", {
      value: provider.name,
      description: "GitLab jobs' workload identity provider (projects/<number>/locations/global/workloadIdentityPools/ci-pipelines/providers/gitlab)",
    });
    new TerraformOutput(this, "gitlab_audience", {
      value: `https://iam.googleapis.com/${provider.name}`,
      description: "The `aud` of the jobs' `id_tokens`",
    });
  }

  private allow(id: string, account: ServiceAccount, member: string): void {
    new ServiceAccountIamMember(this, id, { serviceAccountId: account.name, role: "roles/iam.workloadIdentityUser", member });
  }
}

/**
 * The token's environment is one of ours. A single environment keeps the
 * one comparison it always had; the list bounds the attribute's length
 * whatever a job names.
 */
function inEnvironments(environments: readonly Environment[]): string {
  if (environments.length === 1) return `assertion.environment == '${environments[0].name}'`;
  return `assertion.environment in [${environments.map((environment) => `'${environment.name}'`).join(", ")}]`;
}
