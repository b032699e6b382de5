// Why a rollout failed, as the cluster says it: after a failed rollout or a
// Service that got no load balancer address, deploy:workload prints the
// namespace's recent Warning events and why each model pod is not running.
// Terraform's own error says only "exceeded its progress deadline". Read
// with kubectl as the deployer, whose Role may get and list events and pods
// in the namespace (stacks/access.ts); a failed read is said and skipped, it
// never hides the deploy's own error.
import { spawnSync } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

/** The errors after which the cluster knows more than Terraform says. */
const ROLLOUT_FAILURES = [
  // kubernetes provider v2.38.0 kubernetes/resource_kubernetes_deployment_v1.go:478, and :482-494 inside a timeout.
  /Deployment exceeded its progress deadline/,
  /Waiting for rollout to finish/,
  // resource_kubernetes_service_v1.go:370-371: no load balancer address before the create timeout.
  /to assign IP\/hostname for a load balancer/,
  // The workload stack's rollout check (stacks/workload.ts, data.kubernetes_resource.rollout).
  /The rollout of Deployment \S+ is not complete/,
];

export function isRolloutFailure(output: string): boolean {
  return ROLLOUT_FAILURES.some((pattern) => pattern.test(output));
}

export interface Where {
  readonly projectId: string;
  readonly zone: string;
  readonly clusterName: string;
  readonly namespace: string;
  readonly appName: string;
}

export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export type Runner = (command: string, args: string[], env: NodeJS.ProcessEnv) => CommandResult;

const run: Runner = (command, args, env) => {
  const result = spawnSync(command, args, { encoding: "utf8", env, timeout: 60_000 });
  if (result.error) return { status: null, stdout: "", stderr: result.error.message };
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

interface Event {
  readonly type?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly count?: number;
  readonly lastTimestamp?: string | null;
  readonly eventTime?: string | null;
  readonly firstTimestamp?: string | null;
  readonly involvedObject?: { readonly kind?: string; readonly name?: string };
}

interface ContainerState {
  readonly waiting?: { readonly reason?: string; readonly message?: string };
  readonly terminated?: { readonly reason?: string; readonly exitCode?: number; readonly message?: string };
}

interface Pod {
  readonly metadata?: { readonly name?: string };
  readonly status?: {
    readonly phase?: string;
    readonly conditions?: readonly { readonly type?: string; readonly status?: string; readonly reason?: string; readonly message?: string }[];
    readonly containerStatuses?: readonly { readonly name?: string; readonly ready?: boolean; readonly restartCount?: number; readonly state?: ContainerState; readonly lastState?: ContainerState }[];
  };
}

function when(event: Event): string {
  return event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? "";
}

/** The last `limit` Warning events, oldest first, one line each. */
export function describeEvents(list: { items?: Event[] }, limit = 10): string[] {
  const warnings = (list.items ?? []).filter((event) => event.type === "Warning");
  warnings.sort((a, b) => when(a).localeCompare(when(b)));
  return warnings.slice(-limit).map((event) => {
    const object = event.involvedObject ? `${event.involvedObject.kind ?? "?"}/${event.involvedObject.name ?? "?"}` : "?";
    const times = event.count && event.count > 1 ? ` (x${event.count})` : "";
    return `${when(event) || "?"} ${object} ${event.reason ?? "?"}${times}: ${(event.message ?? "").trim()}`;
  });
}

/** Each pod's phase and, for what keeps it from running, the reason Kubernetes gives. */
export function describePods(list: { items?: Pod[] }): string[] {
  return (list.items ?? []).map((pod) => {
    const name = pod.metadata?.name ?? "?";
    const status = pod.status ?? {};
    const reasons: string[] = [];
    const unscheduled = status.conditions?.find((condition) => condition.type === "PodScheduled" && condition.status === "False");
    if (unscheduled) reasons.push(`${unscheduled.reason ?? "not scheduled"}: ${unscheduled.message ?? ""}`.trim());
    for (const container of status.containerStatuses ?? []) {
      const { waiting, terminated } = container.state ?? {};
      const last = container.lastState?.terminated;
      if (waiting?.reason) {
        const exit = waiting.reason === "CrashLoopBackOff" && last ? `, last exit code ${last.exitCode}${last.reason ? ` (${last.reason})` : ""}` : "";
        reasons.push(`container ${container.name} ${waiting.reason}${exit}${container.restartCount ? `, ${container.restartCount} restarts` : ""}${waiting.message ? `: ${waiting.message}` : ""}`);
      } else if (terminated) {
        reasons.push(`container ${container.name} terminated: ${terminated.reason ?? "?"}, exit code ${terminated.exitCode}${terminated.message ? `: ${terminated.message}` : ""}`);
      } else if (container.ready === false) {
        reasons.push(`container ${container.name} running, not ready`);
      }
    }
    return `${name} ${status.phase ?? "?"}${reasons.length > 0 ? `: ${reasons.join("; ")}` : ""}`;
  });
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}

/**
 * What the cluster says about the model's namespace, as lines to print.
 * Signs kubectl in with gcloud into a kubeconfig of its own (the job's is
 * not touched), as the identity gcloud is signed in as.
 */
export function diagnoseWorkload(where: Where, runner: Runner = run, env: NodeJS.ProcessEnv = process.env): string[] {
  const lines = [`What the cluster says about namespace ${where.namespace}:`];
  const dir = mkdtempSync(join(tmpdir(), "deploy-kubeconfig-"));
  const kubeEnv = { ...env, KUBECONFIG: join(dir, "config") };
  try {
    const credentials = runner(
      "gcloud",
      ["container", "clusters", "get-credentials", where.clusterName, `--zone=${where.zone}`, `--project=${where.projectId}`, "--quiet"],
      kubeEnv,
    );
    if (credentials.status !== 0) {
      return [...lines, `  could not sign kubectl in to cluster ${where.clusterName}: ${firstLine(credentials.stderr) || `exit status ${credentials.status}`}`];
    }
    const get = (what: string, extra: string[]) => {
      const result = runner("kubectl", ["get", what, `--namespace=${where.namespace}`, ...extra, "--output=json"], kubeEnv);
      if (result.status !== 0) throw new Error(`could not list ${what}: ${firstLine(result.stderr) || `exit status ${result.status}`}`);
      return JSON.parse(result.stdout);
    };
    for (const [title, read] of [
      ["Recent Warning events:", () => describeEvents(get("events", ["--field-selector=type=Warning"]))],
      [`Pods of ${where.appName}:`, () => describePods(get("pods", [`--selector=app=${where.appName}`]))],
    ] as const) {
      try {
        const found = read();
        lines.push(`  ${title}`, ...(found.length > 0 ? found.map((line) => `    ${line}`) : ["    none"]));
      } catch (error) {
        lines.push(`  ${(error as Error).message}`);
      }
    }
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
