// What `npm run status` says (scripts/status.ts): what is live. Per stack, whether it is deployed; for the workload, the
// model's digest and commit, its URL, when it was deployed and whether the
// last rollout completed. It reads state and nothing else, so the read-only
// planner may run it (docs/security.md: the planner reads every state
// object): `terraform init` and `terraform state pull`, which takes no lock
// and writes nothing. A stack never applied has no state object on gcs, and
// the gcs backend would create one to read it (scripts/first-plan.ts): its
// init's refused write says "not deployed", and nothing is written.
//
// The last rollout completed when the Deployment in state carries the digest
// the record names: the record is written only after a rollout succeeded
// (stacks/workload.ts), while a failed or cancelled rollout leaves the
// Deployment patched to the new digest (the plugin SDK keeps the planned
// values, terraform-plugin-sdk issue 476) or tainted.
import { ownStateMissing, readStackJson, stackStates } from "./first-plan";
import { TerraformResult, WORKLOAD_STACK } from "./terraform";

/** Runs terraform in a stack directory (the CLI's own, or a test's through the simulator). */
export type Run = (args: string[], directory: string) => Promise<Pick<TerraformResult, "status" | "stdout" | "output">>;

export interface WorkloadStatus {
  /** The environment the stack serves (its `environment` output; older states lack it). */
  readonly environment?: string;
  readonly digest?: string;
  readonly commit?: string;
  readonly url?: string;
  readonly deployedAt?: string;
  readonly rolledBackFrom?: string;
  /** "completed", or why not. */
  readonly lastRollout: string;
  /** The image the pods run, `repository@sha256:…`. */
  readonly image?: string;
  /** The digest the prediction check passed on in this environment: what the next one may run. */
  readonly checkedDigest?: string;
  /** The commit of the checked digest; present only when recorded. */
  readonly checkedCommit?: string;
  /** The digest on the canary's pods, and how many, while a canary runs. */
  readonly canary?: { readonly digest: string; readonly replicas?: string };
}

/** The workload stacks: `workload`, and `workload-<environment>` for each environment but the last (lib/config.ts). */
export function isWorkloadStack(stack: string): boolean {
  return stack === WORKLOAD_STACK || stack.startsWith(`${WORKLOAD_STACK}-`);
}

export interface StackStatus {
  readonly stack: string;
  /** undefined: the state could not be read. */
  readonly deployed: boolean | undefined;
  readonly detail: string;
  readonly workload?: WorkloadStatus;
}

interface StateResource {
  readonly mode?: string;
  readonly type?: string;
  readonly name?: string;
  readonly instances?: readonly { readonly status?: string; readonly attributes?: any }[];
}

interface State {
  readonly serial?: number;
  readonly outputs?: Record<string, { readonly value?: unknown }>;
  readonly resources?: readonly StateResource[];
}

function firstError(output: string): string {
  const lines = output.trim().split("\n");
  return (lines.find((line) => /^(│ )?Error: /.test(line)) ?? lines.at(-1) ?? "").replace(/^│ /, "");
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Whether the Deployment in state runs the recorded digest (see the header). */
function lastRollout(state: State, digest: string | undefined): string {
  const deployment = state.resources?.find((resource) => resource.mode === "managed" && resource.type === "kubernetes_deployment_v1");
  const instance = deployment?.instances?.[0];
  if (!instance) return digest === undefined ? "none yet" : "unknown: no Deployment in state";
  const running = instance.attributes?.spec?.[0]?.template?.[0]?.metadata?.[0]?.annotations?.["model-digest"];
  if (instance.status === "tainted") return `not completed: the Deployment's last change failed (tainted); the next deploy replaces it`;
  if (digest === undefined) return `not completed: the Deployment has model ${running ?? "unknown"}, and no rollout was ever recorded`;
  if (running === digest) return "completed";
  return `not completed: the Deployment was changed to model ${running ?? "unknown"}, but the record still names ${digest} (a failed or cancelled rollout; the next deploy retries it)`;
}

export function workloadStatus(state: State): WorkloadStatus {
  const output = (name: string) => {
    const value = state.outputs?.[name]?.value;
    return typeof value === "number" ? String(value) : text(value);
  };
  const digest = output("model_digest");
  const canaryDigest = output("canary_digest");
  const canaryReplicas = output("canary_replicas");
  const checkedCommit = output("checked_model_commit");
  return {
    environment: output("environment"),
    digest,
    commit: output("model_commit"),
    url: output("url"),
    deployedAt: output("deployed_at"),
    rolledBackFrom: output("rolled_back_from"),
    lastRollout: lastRollout(state, digest),
    image: output("image"),
    checkedDigest: output("checked_model_digest"),
    // Only when recorded: status's readers compare whole statuses of older states.
    ...(checkedCommit !== undefined ? { checkedCommit } : {}),
    ...(canaryDigest !== undefined && canaryReplicas !== "0" ? { canary: { digest: canaryDigest, replicas: canaryReplicas } } : {}),
  };
}

export async function stackStatus(stack: string, directory: string, run: Run): Promise<StackStatus> {
  const init = await run(["init", "-input=false", "-no-color"], directory);
  if (init.status !== 0) {
    const states = stackStates(readStackJson(directory));
    if (ownStateMissing(init.output, states)) return { stack, deployed: false, detail: `not deployed: no state at ${states.own}` };
    return { stack, deployed: undefined, detail: `unknown: terraform init failed: ${firstError(init.output)}` };
  }
  const pulled = await run(["state", "pull"], directory);
  if (pulled.status !== 0) return { stack, deployed: undefined, detail: `unknown: terraform state pull failed: ${firstError(pulled.output)}` };
  let state: State = {};
  if (pulled.stdout.trim() !== "") {
    try {
      state = JSON.parse(pulled.stdout);
    } catch {
      return { stack, deployed: undefined, detail: `unknown: terraform state pull printed ${JSON.stringify(pulled.stdout.slice(0, 80))}, not a state` };
    }
  }
  const managed = (state.resources ?? []).filter((resource) => resource.mode === "managed");
  if (managed.length === 0) return { stack, deployed: false, detail: "not deployed: its state holds no resources" };
  const detail = `deployed: ${managed.length} resources (state serial ${state.serial ?? "?"})`;
  return isWorkloadStack(stack) ? { stack, deployed: true, detail, workload: workloadStatus(state) } : { stack, deployed: true, detail };
}

function workloadRows(workload: WorkloadStatus): [string, string][] {
  const canary = workload.canary;
  return [
    ["environment", workload.environment ?? "not recorded"],
    ["model digest", workload.digest ?? "none recorded"],
    ["model commit", workload.commit ?? "none recorded"],
    ["URL", workload.url ?? "none yet"],
    ["deployed at", workload.deployedAt ?? "not recorded"],
    ["last rollout", workload.lastRollout],
    ["image", workload.image ?? "none recorded"],
    ["checked", workload.checkedDigest ?? "nothing: no prediction check has passed on what runs here"],
    ["in canary", canary ? `${canary.digest}${canary.replicas ? ` on ${canary.replicas} pods` : ""}` : "nothing"],
    ...(workload.rolledBackFrom ? [["rolled back from", `${workload.rolledBackFrom} (it and its ancestors deploy only with --rollback-to)`] as [string, string]] : []),
  ];
}

export function statusText(statuses: readonly StackStatus[]): string {
  return statuses
    .map((status) => [`${status.stack}: ${status.detail}`, ...(status.workload ? workloadRows(status.workload).map(([key, value]) => `  ${key}: ${value}`) : [])].join("\n"))
    .join("\n")
    .concat("\n");
}

export function statusMarkdown(statuses: readonly StackStatus[]): string {
  const cell = (value: string) => value.replace(/\|/g, "\\|");
  const rows = statuses.map((status) => `| ${status.stack} | ${cell(status.detail)} |`);
  // One column per environment, in promotion order: what each runs, side by side.
  const workloads = statuses.filter((status) => status.workload);
  const columns = workloads.map((status) => new Map(workloadRows(status.workload!)));
  const keys = [...new Set(columns.flatMap((column) => [...column.keys()]))];
  const live =
    workloads.length === 0
      ? ""
      : `\n\n| workload | ${workloads.map((status) => status.stack).join(" | ")} |\n|---|${workloads.map(() => "---|").join("")}\n` +
        keys.map((key) => `| ${key} | ${columns.map((column) => cell(column.get(key) ?? "")).join(" | ")} |`).join("\n");
  return `## What is live\n\n| stack | state |\n|---|---|\n${rows.join("\n")}${live}\n`;
}
