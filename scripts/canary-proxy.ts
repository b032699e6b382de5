// The way the deploy's prediction check reaches the canary's pods alone: the
// API server's service proxy on the canary's ClusterIP Service, through a
// `kubectl proxy` on loopback that forwards that one Service's path and
// nothing else. The deployer may proxy to that Service by name only
// (stacks/access.ts, canaryProxyRule); the Service has no public address,
// and its selector (`track: canary`) excludes the stable pods. kubectl signs
// in with gcloud into a kubeconfig of its own; the job's is not touched.
import { ChildProcess, spawn, spawnSync } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

export interface CanaryTarget {
  readonly projectId: string;
  readonly zone: string;
  readonly clusterName: string;
  readonly namespace: string;
  /** The canary's ClusterIP Service (workload output canary_service). */
  readonly service: string;
}

export interface CanaryProxy {
  /** Base URL of the canary's Service through the proxy: the model's paths go after it. */
  readonly url: string;
  close(): void;
}

/** The API path of a Service's proxy, on its port named `http` (stacks/workload.ts). */
export function serviceProxyPath(namespace: string, service: string): string {
  return `/api/v1/namespaces/${namespace}/services/${service}:http/proxy`;
}

/** How long kubectl may take to say where it listens; it only reads the kubeconfig before that. */
export const PROXY_START_TIMEOUT_MS = 30_000;

/**
 * Starts `kubectl proxy` on a free loopback port that accepts only the
 * canary Service's proxy path; resolves once kubectl says where it serves.
 */
export async function openCanaryProxy(target: CanaryTarget, env: NodeJS.ProcessEnv = process.env, startTimeoutMs = PROXY_START_TIMEOUT_MS): Promise<CanaryProxy> {
  const dir = mkdtempSync(join(tmpdir(), "canary-kubeconfig-"));
  const kubeEnv = { ...env, KUBECONFIG: join(dir, "config") };
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  const credentials = spawnSync(
    "gcloud",
    ["container", "clusters", "get-credentials", target.clusterName, `--zone=${target.zone}`, `--project=${target.projectId}`, "--quiet"],
    { encoding: "utf8", env: kubeEnv, timeout: 60_000 },
  );
  if (credentials.status !== 0) {
    cleanUp();
    const said = (credentials.stderr ?? "").trim().split("\n")[0] || credentials.error?.message || `exit status ${credentials.status}`;
    throw new Error(`could not sign kubectl in to cluster ${target.clusterName} to reach the canary: ${said}`);
  }
  const path = serviceProxyPath(target.namespace, target.service);
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const child = spawn("kubectl", ["proxy", "--address=127.0.0.1", "--port=0", `--accept-paths=^${escaped}(/.*)?$`], { env: kubeEnv, stdio: ["ignore", "pipe", "pipe"] });
  const close = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    cleanUp();
  };
  try {
    const port = await listeningPort(child, startTimeoutMs);
    return { url: `http://127.0.0.1:${port}${path}`, close };
  } catch (error) {
    close();
    throw error;
  }
}

/** The port of kubectl's "Starting to serve on 127.0.0.1:<port>" line. */
function listeningPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => fail(`kubectl proxy said nothing about where it serves within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`${why}${stderr.trim() ? `: ${stderr.trim().split("\n")[0]}` : ""}`));
    };
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      const found = /Starting to serve on 127\.0\.0\.1:(\d+)/.exec(stdout);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    });
    child.on("error", (error) => fail(`kubectl proxy could not start (${error.message})`));
    child.on("exit", (code) => fail(`kubectl proxy ended with exit status ${code} before serving`));
  });
}
