// Terraform Cloud's side of the `cloud` backend, made by code: one workspace
// per stack with its execution mode, remote-state sharing only between the
// stacks that read each other, the dynamic provider credentials of the remote
// workspaces, and two teams for CI (one that may plan, one that may apply
// `workload`) with their tokens. Through HCP Terraform's API (JSON:API,
// https://developer.hashicorp.com/terraform/cloud-docs/api-docs) rather than
// the `tfe` provider: a provider would need a state of its own before the
// workspaces that keep state exist, a provider download, and its facts in the
// simulator before any test could run it here. Each step reads first and
// changes only what differs, so a second run changes nothing and an
// interrupted run resumes where it stopped.
import { REMOTE_EXECUTION_STACKS, workspaceName } from "../lib/google-stack";

/** The Terraform version of remote runs: the pipelines' (.github/workflows, .gitlab-ci.yml). */
export const TERRAFORM_VERSION = "1.11.4";

/** What the organization should hold. */
export interface TerraformCloudSetup {
  /** Organization (setting tfcOrganization). */
  readonly organization: string;
  /** Workspaces are `<prefix>-<stack>` (setting tfcWorkspacePrefix). */
  readonly workspacePrefix: string;
  /** Every stack, with the stacks whose state it reads (cdktf.out/manifest.json `dependencies`). */
  readonly stacks: Readonly<Record<string, readonly string[]>>;
  /**
   * The identity stack's outputs, once it is applied. Before, the remote
   * stacks' workspaces run locally too, so that a person can apply them with
   * their own credentials; given, those workspaces run remotely, the plan
   * phase as the planner and the apply phase as the admin.
   */
  readonly google?: GoogleIdentities;
  /**
   * Remote stacks to run locally all the same: `identity` with `ciAuth: key`,
   * whose public keys under keys/ lie outside the directory a remote run
   * receives.
   */
  readonly keepLocal?: readonly string[];
  /** Make new team tokens although the teams have some (the old ones stop working): for a lost token, or a rotation. */
  readonly rotateTokens?: boolean;
  /**
   * Make the team tokens at all (default true). The bootstrap makes them only
   * where it stores them as CI secrets at once: HCP Terraform shows a token
   * once, and one made and never stored is a live credential nobody holds.
   */
  readonly makeTokens?: boolean;
}

/** Outputs of the identity stack that the remote workspaces sign in with. */
export interface GoogleIdentities {
  /** Output `tfc_workload_provider_name`. */
  readonly workloadProviderName: string;
  /** Output `planner_email`. */
  readonly plannerEmail: string;
  /** Output `admin_email`. */
  readonly adminEmail: string;
}

/** Where the API is and who calls it. */
export interface TerraformCloudApi {
  /** Default https://app.terraform.io/api/v2. Plain http only on loopback. */
  readonly baseUrl?: string;
  /** A user or owners-team token of the organization (it creates teams). */
  readonly token: string;
  /** Each request gives up after this long; default 30 s. */
  readonly timeoutMs?: number;
}

export interface TerraformCloudResult {
  /** What this run changed, one line each; empty when the organization already matched. */
  readonly changes: string[];
  /**
   * Team tokens made by this run, to store as CI secrets (`TF_PLAN_API_TOKEN`,
   * `TF_API_TOKEN`); HCP Terraform shows a token only when it makes it, and a
   * team that already has one keeps it unless `rotateTokens` is set.
   */
  readonly tokens: { readonly plan?: string; readonly apply?: string };
}

/** The API refused a request, or a value had the wrong form. */
export class TerraformCloudError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TerraformCloudError";
  }
}

/** The `stacks` of a setup from a synthesized cdktf.out/manifest.json: each stack with the stacks it reads. */
export function stacksFromManifest(manifest: unknown): Record<string, string[]> {
  const stacks = (manifest as { stacks?: unknown } | null)?.stacks;
  if (typeof stacks !== "object" || stacks === null || Array.isArray(stacks)) {
    throw new TerraformCloudError('cdktf.out/manifest.json has no "stacks" object: expected the manifest `npm run synth` writes');
  }
  return Object.fromEntries(
    Object.entries(stacks as Record<string, { dependencies?: unknown }>).map(([name, stack]) => {
      const reads = stack?.dependencies ?? [];
      if (!Array.isArray(reads) || !reads.every((other) => typeof other === "string")) {
        throw new TerraformCloudError(`cdktf.out/manifest.json: stack ${name}'s dependencies are ${JSON.stringify(reads)}: expected a list of stack names`);
      }
      return [name, reads as string[]];
    }),
  );
}

/** The dynamic-credential variables of a remote workspace (…/dynamic-provider-credentials/gcp-configuration). */
export function credentialVariables(google: GoogleIdentities): Record<string, string> {
  return {
    TFC_GCP_PROVIDER_AUTH: "true",
    TFC_GCP_WORKLOAD_PROVIDER_NAME: google.workloadProviderName,
    TFC_GCP_PLAN_SERVICE_ACCOUNT_EMAIL: google.plannerEmail,
    TFC_GCP_APPLY_SERVICE_ACCOUNT_EMAIL: google.adminEmail,
  };
}

/**
 * One account for both phases: HCP Terraform falls back to it for a phase
 * without its own, so a workspace that has it could give the planner's
 * phase more. Removed where found.
 */
const RUN_WIDE_ACCOUNT = "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL";

/** An environment's workload stack: `workload` (the last, or only, environment) or `workload-<environment>`. */
export function isWorkload(stack: string): boolean {
  return stack === "workload" || stack.startsWith("workload-");
}

/** Every state the workload stacks read, `stacks` giving each stack's reads. */
export function workloadReads(stacks: Readonly<Record<string, readonly string[]>>): string[] {
  return [...new Set(Object.keys(stacks).filter(isWorkload).flatMap((stack) => stacks[stack]))];
}

/**
 * The two CI teams: what each may do on `stack`'s workspace (HCP Terraform's
 * fixed access levels). The planners plan every stack; the deployers apply
 * every environment's workload stack (`workload`, `workload-<environment>`)
 * and read only the states those read.
 */
export function teamAccess(prefix: string, stack: string, workloadReads: readonly string[]): Record<string, "plan" | "read" | "write"> {
  const deployers = isWorkload(stack) ? "write" : workloadReads.includes(stack) ? "read" : undefined;
  return {
    [`${prefix}-planners`]: "plan", // queue plans, read state; no apply
    ...(deployers ? { [`${prefix}-deployers`]: deployers } : {}),
  };
}

const PROVIDER_NAME = /^projects\/[0-9]{1,20}\/locations\/global\/workloadIdentityPools\/[a-z0-9-]{4,32}\/providers\/[a-z0-9-]{4,32}$/;
const ACCOUNT_EMAIL = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/;

/** What is wrong with the API's address or token, added to `problems`; returns the base URL. */
function checkApi(api: TerraformCloudApi, problems: string[]): string {
  const base = api.baseUrl ?? "https://app.terraform.io/api/v2";
  // The token is a bearer secret: never over plain http, except to a stand-in on this machine.
  if (!/^https:\/\/[^/]+/.test(base) && !/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:\d+)?\//.test(`${base}/`)) {
    problems.push(`the API address is ${JSON.stringify(base)}: expected an https URL such as https://app.terraform.io/api/v2`);
  }
  if (api.token === "") problems.push("the Terraform Cloud token is empty: expected a user or owners-team token of the organization");
  return base.replace(/\/$/, "");
}

/** The base URL of an API fit to call; throws what is wrong with it. */
function usableApi(api: TerraformCloudApi): string {
  const problems: string[] = [];
  const base = checkApi(api, problems);
  if (problems.length > 0) throw new TerraformCloudError(problems.join("\n"));
  return base;
}

function checkSetup(setup: TerraformCloudSetup, api: TerraformCloudApi): string {
  const problems: string[] = [];
  const base = checkApi(api, problems);
  if (!(("identity" in setup.stacks) && ("workload" in setup.stacks))) {
    problems.push(`the stacks are ${JSON.stringify(Object.keys(setup.stacks))}: expected the synthesized stacks, identity and workload among them`);
  }
  for (const [stack, reads] of Object.entries(setup.stacks)) {
    for (const other of reads.filter((name) => !(name in setup.stacks))) {
      problems.push(`stack ${stack} reads the state of ${JSON.stringify(other)}: expected one of ${Object.keys(setup.stacks).join(", ")}`);
    }
  }
  if (setup.google !== undefined) {
    const { workloadProviderName, plannerEmail, adminEmail } = setup.google;
    if (!PROVIDER_NAME.test(workloadProviderName)) {
      problems.push(
        `identity's output tfc_workload_provider_name is ${JSON.stringify(workloadProviderName)}: expected projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`,
      );
    }
    for (const [output, email] of [["planner_email", plannerEmail], ["admin_email", adminEmail]]) {
      if (!ACCOUNT_EMAIL.test(email)) {
        problems.push(`identity's output ${output} is ${JSON.stringify(email)}: expected a service account email such as mlops-planner@my-project.iam.gserviceaccount.com`);
      }
    }
    if (plannerEmail === adminEmail) {
      problems.push(`identity's outputs planner_email and admin_email are both ${JSON.stringify(plannerEmail)}: expected two accounts, so that a plan cannot apply`);
    }
  }
  if (problems.length > 0) throw new TerraformCloudError(problems.join("\n"));
  return base;
}

interface Resource {
  readonly id: string;
  readonly attributes: Record<string, any>;
  readonly relationships?: Record<string, any>;
}

/** A JSON:API client that names the request in every error. */
class Client {
  constructor(private readonly base: string, private readonly token: string, private readonly timeoutMs: number) {}

  async call(method: string, path: string, body?: unknown, missingIsNull = false): Promise<any> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/vnd.api+json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new TerraformCloudError(`${method} ${path} failed: ${(error as Error).message} (after at most ${this.timeoutMs} ms)`);
    }
    const text = await response.text();
    if (response.status === 404 && missingIsNull) return null;
    if (!response.ok) {
      const hint = response.status === 401 ? ": the token was refused; expected a user or owners-team token of the organization" : "";
      const details = detailsOf(text);
      throw new TerraformCloudError(`${method} ${path} answered ${response.status}${hint}${details ? ` (${details})` : ""}`);
    }
    if (text === "") return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new TerraformCloudError(`${method} ${path} answered ${response.status} with a body that is not JSON (${text.slice(0, 80)}): expected HCP Terraform's API, such as https://app.terraform.io/api/v2`);
    }
  }
}

function detailsOf(text: string): string {
  try {
    return (JSON.parse(text).errors ?? []).map((e: { detail?: string; title?: string }) => e.detail ?? e.title).join("; ");
  } catch {
    return "";
  }
}

const enc = encodeURIComponent;

/** The execution mode of workspace `name` ("remote", "local", "agent"), or undefined where it does not exist yet. */
export async function workspaceExecutionMode(organization: string, name: string, api: TerraformCloudApi): Promise<string | undefined> {
  const client = new Client(usableApi(api), api.token, api.timeoutMs ?? 30_000);
  const found = await client.call("GET", `/organizations/${enc(organization)}/workspaces/${enc(name)}`, undefined, true);
  return found?.data?.attributes?.["execution-mode"];
}

/**
 * Makes the organization hold `setup`, changing only what differs. Returns
 * the changes and any team token it made; logs one line per change, never a
 * token.
 */
export async function setUpTerraformCloud(
  setup: TerraformCloudSetup,
  api: TerraformCloudApi,
  log: (line: string) => void = () => undefined,
): Promise<TerraformCloudResult> {
  const client = new Client(checkSetup(setup, api), api.token, api.timeoutMs ?? 30_000);
  const org = setup.organization;
  const changes: string[] = [];
  const changed = (line: string) => {
    changes.push(line);
    log(line);
  };

  const remote = REMOTE_EXECUTION_STACKS.filter((stack) => setup.google !== undefined && !(setup.keepLocal ?? []).includes(stack));

  // Workspaces first: everything else refers to their ids.
  const workspaces = new Map<string, Resource>();
  for (const stack of Object.keys(setup.stacks)) {
    const name = workspaceName({ tfcWorkspacePrefix: setup.workspacePrefix }, stack);
    const wanted = {
      "execution-mode": remote.includes(stack) ? "remote" : "local",
      "terraform-version": TERRAFORM_VERSION,
      // Only the workspaces listed as consumers may read a state (below).
      "global-remote-state": false,
    };
    const found: Resource | undefined = (await client.call("GET", `/organizations/${enc(org)}/workspaces/${enc(name)}`, undefined, true))?.data;
    if (found === undefined) {
      const made = await client.call("POST", `/organizations/${enc(org)}/workspaces`, { data: { type: "workspaces", attributes: { name, ...wanted } } });
      workspaces.set(stack, made.data);
      changed(`workspace ${name}: created, execution mode ${wanted["execution-mode"]}`);
      continue;
    }
    const differing = Object.entries(wanted).filter(([key, value]) => found.attributes[key] !== value);
    if (differing.length > 0) {
      await client.call("PATCH", `/workspaces/${found.id}`, { data: { type: "workspaces", attributes: Object.fromEntries(differing) } });
      changed(`workspace ${name}: ${differing.map(([key, value]) => `${key} ${JSON.stringify(found.attributes[key])} -> ${JSON.stringify(value)}`).join(", ")}`);
    }
    workspaces.set(stack, found);
  }
  const nameOf = (stack: string) => workspaceName({ tfcWorkspacePrefix: setup.workspacePrefix }, stack);

  // Remote state: each workspace shares with exactly the stacks that read it.
  for (const [stack, workspace] of workspaces) {
    const readers = Object.entries(setup.stacks).filter(([, reads]) => reads.includes(stack)).map(([reader]) => workspaces.get(reader)!.id);
    const path = `/workspaces/${workspace.id}/relationships/remote-state-consumers`;
    const current: string[] = ((await client.call("GET", `${path}?page%5Bsize%5D=100`))?.data ?? []).map((w: Resource) => w.id);
    const add = readers.filter((id) => !current.includes(id));
    const remove = current.filter((id) => !readers.includes(id));
    const refs = (ids: string[]) => ({ data: ids.map((id) => ({ type: "workspaces", id })) });
    if (add.length > 0) await client.call("POST", path, refs(add));
    if (remove.length > 0) await client.call("DELETE", path, refs(remove));
    if (add.length + remove.length > 0) {
      const names = (ids: string[]) => ids.map((id) => nameOf([...workspaces].find(([, w]) => w.id === id)?.[0] ?? id)).join(", ") || "none";
      changed(`workspace ${nameOf(stack)}: state shared with ${names(add)} added, ${names(remove)} removed`);
    }
  }

  // Dynamic provider credentials, on the remote workspaces once identity exists.
  if (setup.google !== undefined) {
    for (const stack of remote.filter((name) => workspaces.has(name))) {
      const workspace = workspaces.get(stack)!;
      const vars: Resource[] = (await client.call("GET", `/workspaces/${workspace.id}/vars`))?.data ?? [];
      for (const [key, value] of Object.entries(credentialVariables(setup.google))) {
        const found = vars.find((v) => v.attributes.key === key && v.attributes.category === "env");
        const attributes = { key, value, category: "env", hcl: false, sensitive: false };
        if (found === undefined) {
          await client.call("POST", `/workspaces/${workspace.id}/vars`, { data: { type: "vars", attributes } });
          changed(`workspace ${nameOf(stack)}: variable ${key} set`);
        } else if (found.attributes.value !== value || found.attributes.sensitive) {
          await client.call("PATCH", `/workspaces/${workspace.id}/vars/${found.id}`, { data: { type: "vars", id: found.id, attributes } });
          changed(`workspace ${nameOf(stack)}: variable ${key} updated`);
        }
      }
      for (const runWide of vars.filter((v) => v.attributes.key === RUN_WIDE_ACCOUNT)) {
        await client.call("DELETE", `/workspaces/${workspace.id}/vars/${runWide.id}`);
        changed(`workspace ${nameOf(stack)}: variable ${RUN_WIDE_ACCOUNT} removed (each phase has its own account)`);
      }
    }
  }

  // The CI teams, their access to each workspace, and a token each.
  const teams = new Map<string, Resource>();
  for (const name of Object.keys(teamAccess(setup.workspacePrefix, "workload", []))) {
    const listed: Resource[] = (await client.call("GET", `/organizations/${enc(org)}/teams?filter%5Bnames%5D=${enc(name)}`))?.data ?? [];
    let team = listed.find((t) => t.attributes.name === name);
    if (team === undefined) {
      team = (await client.call("POST", `/organizations/${enc(org)}/teams`, { data: { type: "teams", attributes: { name, visibility: "secret" } } })).data as Resource;
      changed(`team ${name}: created`);
    }
    teams.set(name, team);
  }
  for (const [stack, workspace] of workspaces) {
    const grants: Resource[] = (await client.call("GET", `/team-workspaces?filter%5Bworkspace%5D%5Bid%5D=${workspace.id}`))?.data ?? [];
    const wanted = teamAccess(setup.workspacePrefix, stack, workloadReads(setup.stacks));
    for (const [teamName, team] of teams) {
      const extra = grants.find((g) => g.relationships?.team?.data?.id === team.id);
      if (extra === undefined || teamName in wanted) continue;
      await client.call("DELETE", `/team-workspaces/${extra.id}`);
      changed(`team ${teamName}: ${extra.attributes.access} on ${nameOf(stack)} removed`);
    }
    for (const [teamName, access] of Object.entries(wanted)) {
      const team = teams.get(teamName)!;
      const found = grants.find((g) => g.relationships?.team?.data?.id === team.id);
      if (found === undefined) {
        await client.call("POST", "/team-workspaces", {
          data: {
            type: "team-workspaces",
            attributes: { access },
            relationships: { workspace: { data: { type: "workspaces", id: workspace.id } }, team: { data: { type: "teams", id: team.id } } },
          },
        });
        changed(`team ${teamName}: ${access} on ${nameOf(stack)}`);
      } else if (found.attributes.access !== access) {
        await client.call("PATCH", `/team-workspaces/${found.id}`, { data: { type: "team-workspaces", attributes: { access } } });
        changed(`team ${teamName}: ${found.attributes.access} -> ${access} on ${nameOf(stack)}`);
      }
    }
  }
  // HCP Terraform's team tokens (api-docs/team-tokens; a team may hold
  // several, each description unique within the team): ours is found by its
  // description. The legacy single-token endpoint would revoke a token the
  // team already uses elsewhere.
  const tokens: { plan?: string; apply?: string } = {};
  for (const [teamName, role] of [[`${setup.workspacePrefix}-planners`, "plan"], [`${setup.workspacePrefix}-deployers`, "apply"]] as const) {
    const path = `/teams/${teams.get(teamName)!.id}/authentication-tokens`;
    const description = `CI of ${setup.workspacePrefix} (${role === "plan" ? "TF_PLAN_API_TOKEN" : "TF_API_TOKEN"})`;
    if (setup.makeTokens === false) continue;
    const ours = (((await client.call("GET", path))?.data ?? []) as Resource[]).filter((t) => t.attributes.description === description);
    if (ours.length > 0 && !setup.rotateTokens) continue;
    for (const old of ours) await client.call("DELETE", `/authentication-tokens/${old.id}`);
    tokens[role] = (await client.call("POST", path, { data: { type: "authentication-tokens", attributes: { description } } })).data.attributes.token;
    changed(`team ${teamName}: token "${description}" ${ours.length > 0 ? "replaced" : "made"} (store it as ${role === "plan" ? "TF_PLAN_API_TOKEN" : "TF_API_TOKEN"}; it is shown once)`);
  }
  if (changes.length === 0) log(`Terraform Cloud organization ${org}: nothing to change`);
  return { changes, tokens };
}
