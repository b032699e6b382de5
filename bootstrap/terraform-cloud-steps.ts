// The setup's steps with state in Terraform Cloud (--terraform-cloud): the
// workspaces before the first apply, all running locally, since no
// credentials exist in them before the identity stack does; the switch of
// identity, registry and cluster to remote execution with dynamic
// credentials once every platform stack is applied; and, with --set-ci, the
// two CI teams' tokens stored as CI secrets without ever being shown.
import { REMOTE_EXECUTION_STACKS, workspaceName } from "../lib/google-stack";
import { CiPlatform, Outputs, Secret } from "./ci";
import { Step } from "./steps";
import { GoogleIdentities, setUpTerraformCloud, TerraformCloudApi, TerraformCloudResult, TerraformCloudSetup, workspaceExecutionMode } from "./terraform-cloud";

/** Where the workspaces are made and who makes them. */
export interface TerraformCloudOptions {
  /** The organization (--terraform-cloud). */
  readonly organization: string;
  /** The API and the person's token (TF_TOKEN_app_terraform_io, or credentials.tfrc.json as `terraform login` writes it). */
  readonly api: TerraformCloudApi;
}

export interface CloudContext {
  readonly cloud: TerraformCloudOptions;
  readonly workspacePrefix: string;
  /** Every stack with the stacks whose state it reads (cdktf.out/manifest.json). */
  readonly stacks: Record<string, string[]>;
  /** The identity stack's outputs; only asked once identity is applied. */
  readonly identityOutputs: () => Promise<Outputs>;
  readonly log: (line: string) => void;
}

/** The team tokens as the pipelines read them (.github/workflows/plan.yml, deploy.yml; .gitlab-ci.yml). */
export const TOKEN_SECRETS: ReadonlyArray<Secret & { readonly role: "plan" | "apply" }> = [
  { name: "TF_PLAN_API_TOKEN", deployOnly: false, role: "plan" },
  { name: "TF_API_TOKEN", deployOnly: true, role: "apply" },
];

function identities(outputs: Outputs): GoogleIdentities {
  return { workloadProviderName: outputs.tfc_workload_provider_name, plannerEmail: outputs.planner_email, adminEmail: outputs.admin_email };
}

/** Whether `stack` runs in Terraform Cloud now; then its runs there, not the bootstrap, plan and apply it. */
export async function runsRemotely(context: CloudContext, stack: string): Promise<boolean> {
  if (!REMOTE_EXECUTION_STACKS.includes(stack)) return false;
  const name = workspaceName({ tfcWorkspacePrefix: context.workspacePrefix }, stack);
  return (await workspaceExecutionMode(context.cloud.organization, name, context.cloud.api)) === "remote";
}

function setup(context: CloudContext, google: GoogleIdentities | undefined, tokens: Partial<TerraformCloudSetup> = {}): TerraformCloudSetup {
  return { organization: context.cloud.organization, workspacePrefix: context.workspacePrefix, stacks: context.stacks, google, makeTokens: false, ...tokens };
}

/**
 * setUpTerraformCloud reads before it writes and changes only what
 * differs, so a step's check and its run are the one call: a check that
 * found nothing to change is "in place", one that changed something is the run.
 */
function organizationStep(name: string, context: CloudContext, wanted: () => Promise<TerraformCloudSetup>): Step {
  let made: TerraformCloudResult | undefined;
  return {
    name,
    check: async () => {
      made = await setUpTerraformCloud(await wanted(), context.cloud.api, (line) => context.log(`          ${line}`));
      return made.changes.length === 0 ? "as wanted" : undefined;
    },
    run: async () => `${made!.changes.length} changes`,
  };
}

/**
 * Before the first apply: the workspaces, their state sharing and the CI
 * teams. Identity, registry and cluster run locally, applied by the person
 * with their own login, until the identity stack exists; a rerun after the
 * switch below keeps them remote.
 */
export function workspacesStep(context: CloudContext): Step {
  return organizationStep(`Terraform Cloud workspaces of ${context.cloud.organization}, state sharing, CI teams`, context, async () =>
    setup(context, (await runsRemotely(context, "identity")) ? identities(await context.identityOutputs()) : undefined),
  );
}

/** Once every platform stack is applied: identity, registry and cluster run remotely, each phase signed in as its own account. */
export function remoteExecutionStep(context: CloudContext): Step {
  return organizationStep(`Terraform Cloud: ${REMOTE_EXECUTION_STACKS.join(", ")} run remotely with dynamic credentials`, context, async () =>
    setup(context, identities(await context.identityOutputs())),
  );
}

/**
 * The CI teams' tokens as CI secrets. HCP Terraform shows a token only when
 * it makes it, and a stored secret cannot be read back: when either secret
 * is missing, both tokens are made anew (the old ones revoked) and both
 * stored, so a run stopped between the two resumes with a matching pair.
 */
export function tokenSecretsStep(context: CloudContext, platform: CiPlatform, environments?: readonly string[]): Step {
  return {
    name: `${platform.name} secrets ${TOKEN_SECRETS.map((secret) => `${secret.name} (${secret.deployOnly ? "deploy only" : "every pipeline"})`).join(", ")}`,
    check: async () => {
      for (const secret of TOKEN_SECRETS) if (!(await platform.hasSecret(secret, environments))) return undefined;
      return "both stored (a secret cannot be read back)";
    },
    run: async () => {
      const made = await setUpTerraformCloud(setup(context, identities(await context.identityOutputs()), { makeTokens: true, rotateTokens: true }), context.cloud.api);
      for (const secret of TOKEN_SECRETS) {
        const token = made.tokens[secret.role];
        if (typeof token !== "string" || token === "") throw new Error(`Terraform Cloud answered no ${secret.role} token: expected one to store as ${secret.name}; nothing was stored`);
        await platform.setSecret(secret, token, environments);
      }
      return "new team tokens stored, never shown (earlier ones of these teams, if any, revoked)";
    },
  };
}
