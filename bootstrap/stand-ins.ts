// Stand-ins for what the bootstrap reaches outside this machine, so that
// `npm run bootstrap -- --offline` rehearses every step: gcloud (APIs and
// the bucket, which then serve Terraform's gcs backend through the Cloud
// Storage stand-in and the provider simulator's import), GitHub's REST API
// behind a `gh` that speaks to it, and GitLab's REST API. Each keeps what it
// was given in memory, so a second run in the same process finds it.
import { chmodSync, writeFileSync } from "fs";
import { createServer, Server } from "http";
import { AddressInfo } from "net";
import { join } from "path";
import { StorageStandIn } from "../sim/gcs/server";
import { ObjectValue } from "../sim/cty";
import { BucketSpec, BucketState, Google } from "./google";

/** gcloud's side: enabled services and the buckets it made, which Terraform's gcs backend and import then find. */
export class GoogleStandIn implements Google {
  readonly services = new Set<string>();
  readonly buckets = new Map<string, BucketSpec>();
  /** Calls that changed something, in order. */
  readonly changes: string[] = [];

  constructor(private readonly storage: StorageStandIn) {}

  async enabledServices(): Promise<Set<string>> {
    return new Set(this.services);
  }

  async enableServices(project: string, services: readonly string[]): Promise<void> {
    for (const service of services) this.services.add(service);
    this.changes.push(`services enable ${services.join(" ")} --project=${project}`);
  }

  async bucket(project: string, name: string): Promise<BucketState> {
    const found = this.buckets.get(name);
    return found === undefined ? "missing" : found.project === project ? "in-project" : "elsewhere";
  }

  async createBucket(spec: BucketSpec): Promise<void> {
    this.buckets.set(spec.name, spec);
    this.storage.addBucket(spec.name);
    this.changes.push(`storage buckets create gs://${spec.name} --project=${spec.project}`);
  }

  /** What the google provider's import and first read find for a bucket gcloud made (the simulator asks). */
  existing(type: string, id: string): ObjectValue | undefined {
    if (type !== "google_storage_bucket") return undefined;
    const [project, name] = id.split("/");
    const spec = this.buckets.get(name);
    if (spec === undefined || spec.project !== project) return undefined;
    return {
      id: name,
      name,
      project,
      location: spec.location,
      storage_class: "STANDARD",
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      versioning: [{ enabled: true }],
      force_destroy: false, // resource_storage_bucket.go:1330 at v6.50.0
      url: `gs://${name}`,
      self_link: `https://www.googleapis.com/storage/v1/b/${name}`,
    };
  }
}

/** One REST request the stand-in served. */
interface Request {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: any;
}

type Route = [method: string, pattern: RegExp, handle: (match: RegExpExecArray, request: Request) => [number, unknown?]];

/** A repository on GitHub and a project on GitLab, each with variables and environments, over HTTP. */
export class PlatformStandIn {
  readonly github = {
    variables: new Map<string, string>(),
    environments: new Map<string, { custom: boolean; branches: string[] }>(),
    rulesets: [] as Array<{ id: number; name: string; enforcement: string; rules: unknown[] }>,
    /** Repository secrets and, by environment, environment secrets: name to value, as `gh secret set` stored them. */
    secrets: new Map<string, string>(),
    environmentSecrets: new Map<string, Map<string, string>>(),
    /** By environment, its environment variables: name to value. */
    environmentVariables: new Map<string, Map<string, string>>(),
    /** A private repository on GitHub Free: rulesets answer 403. */
    rulesetsRefused: false,
  };
  readonly gitlab = {
    variables: new Map<string, string>(),
    /** The flags of each variable that has any. */
    flags: new Map<string, { masked: boolean; protected: boolean }>(),
    /** By environment scope other than `*`, its variables: key to value. */
    scopedVariables: new Map<string, Map<string, string>>(),
    environments: new Set<string>(),
    protectedBranches: new Set<string>(["main"]), // GitLab protects a new project's default branch
    resourceGroups: new Map<string, string>(),
    defaultProcessMode: null as string | null,
    pipelinesMustSucceed: false,
    /** An instance whose project default takes only the older modes. */
    refuseDefaultMode: false,
  };
  /** Every write, "METHOD path", in order. */
  readonly writes: string[] = [];
  /** Writes still to refuse with 502, as an outage between two steps would. */
  failWrites = 0;
  private server?: Server;
  url = "";

  constructor(
    readonly githubRepository = "acme/mlops",
    readonly githubIds = { repository: 123456789, owner: 987654 },
    readonly gitlabProject = "acme/ml/mlops",
    readonly gitlabProjectId = 4711,
  ) {}

  private routes(): Route[] {
    const repo = this.githubRepository.replace("/", "\\/");
    const gh = this.github;
    const gl = this.gitlab;
    const glProject = `\\/api\\/v4\\/projects\\/${this.gitlabProjectId}`;
    return [
      ["GET", new RegExp(`^\\/repos\\/${repo}$`), () => [200, { id: this.githubIds.repository, full_name: this.githubRepository, owner: { id: this.githubIds.owner }, default_branch: "main" }]],
      ["GET", new RegExp(`^\\/repos\\/${repo}\\/actions\\/variables$`), () => [200, { total_count: gh.variables.size, variables: [...gh.variables].map(([name, value]) => ({ name, value })) }]],
      ["POST", new RegExp(`^\\/repos\\/${repo}\\/actions\\/variables$`), (_, { body }) => (gh.variables.has(body.name) ? [409, { message: "Already exists" }] : (gh.variables.set(body.name, body.value), [201]))],
      ["PATCH", new RegExp(`^\\/repos\\/${repo}\\/actions\\/variables\\/(\\w+)$`), ([, name], { body }) => (gh.variables.has(name) ? (gh.variables.set(name, body.value), [204]) : [404, { message: "Not Found" }])],
      ["GET", new RegExp(`^\\/repos\\/${repo}\\/environments\\/([\\w-]+)$`), ([, name]) => {
        const environment = gh.environments.get(name);
        return environment ? [200, { name, deployment_branch_policy: environment.custom ? { protected_branches: false, custom_branch_policies: true } : null }] : [404, { message: "Not Found" }];
      }],
      ["PUT", new RegExp(`^\\/repos\\/${repo}\\/environments\\/([\\w-]+)$`), ([, name], { body }) => {
        const environment = gh.environments.get(name) ?? { custom: false, branches: [] };
        environment.custom = body?.deployment_branch_policy?.custom_branch_policies === true;
        gh.environments.set(name, environment);
        return [200, { name }];
      }],
      ["GET", new RegExp(`^\\/repos\\/${repo}\\/environments\\/([\\w-]+)\\/deployment-branch-policies$`), ([, name]) => {
        const environment = gh.environments.get(name);
        return environment ? [200, { total_count: environment.branches.length, branch_policies: environment.branches.map((branch) => ({ name: branch, type: "branch" })) }] : [404, { message: "Not Found" }];
      }],
      ["POST", new RegExp(`^\\/repos\\/${repo}\\/environments\\/([\\w-]+)\\/deployment-branch-policies$`), ([, name], { body }) => {
        const environment = gh.environments.get(name);
        if (!environment?.custom) return [404, { message: "Not Found" }];
        environment.branches.push(body.name);
        return [200, { name: body.name, type: body.type }];
      }],
      ["GET", new RegExp(`^\\/repos\\/${repo}\\/actions\\/secrets$`), () => [200, { total_count: gh.secrets.size, secrets: [...gh.secrets.keys()].map((name) => ({ name })) }]],
      ["GET", new RegExp(`^\\/repos\\/${repo}\\/environments\\/([\\w-]+)\\/secrets$`), ([, environment]) => {
        const secrets = gh.environmentSecrets.get(environment);
        return gh.environments.has(environment) ? [200, { total_count: secrets?.size ?? 0, secrets: [...(secrets?.keys() ?? [])].map((name) => ({ name })) }] : [404, { message: "Not Found" }];
      }],
      // Where the gh stand-in's `secret set` puts a value. The real gh sends it sealed with the repository's public key.
      ["PUT", new RegExp(`^\\/repos\\/${repo}\\/actions\\/secrets\\/(\\w+)$`), ([, name], { body }) => (gh.secrets.set(name, body.value), [204])],
      ["GET", new RegExp(`^\\/repos\\/${repo}\\/environments\\/([\\w-]+)\\/variables\\/(\\w+)$`), ([, environment, name]) => {
        const value = gh.environmentVariables.get(environment)?.get(name);
        return value === undefined ? [404, { message: "Not Found" }] : [200, { name, value }];
      }],
      ["POST", new RegExp(`^\\/repos\\/${repo}\\/environments\\/([\\w-]+)\\/variables$`), ([, environment], { body }) => {
        if (!gh.environments.has(environment)) return [404, { message: "Not Found" }];
        const variables = gh.environmentVariables.get(environment) ?? new Map<string, string>();
        if (variables.has(body.name)) return [409, { message: "Already exists" }];
        gh.environmentVariables.set(environment, variables.set(body.name, body.value));
        return [201];
      }],
      ["PATCH", new RegExp(`^\\/repos\\/${repo}\\/environments\\/([\\w-]+)\\/variables\\/(\\w+)$`), ([, environment, name], { body }) => {
        const variables = gh.environmentVariables.get(environment);
        return variables?.has(name) ? (variables.set(name, body.value), [204]) : [404, { message: "Not Found" }];
      }],
      ["PUT", new RegExp(`^\\/repos\\/${repo}\\/environments\\/([\\w-]+)\\/secrets\\/(\\w+)$`), ([, environment, name], { body }) => {
        if (!gh.environments.has(environment)) return [404, { message: "Not Found" }];
        gh.environmentSecrets.set(environment, (gh.environmentSecrets.get(environment) ?? new Map()).set(name, body.value));
        return [204];
      }],
      ["GET", new RegExp(`^\\/repos\\/${repo}\\/rulesets$`), () => (gh.rulesetsRefused ? [403, { message: "Upgrade to GitHub Pro or make this repository public to enable this feature." }] : [200, gh.rulesets.map(({ id, name }) => ({ id, name }))])],
      ["GET", new RegExp(`^\\/repos\\/${repo}\\/rulesets\\/(\\d+)$`), ([, id]) => {
        const ruleset = gh.rulesets.find((found) => found.id === Number(id));
        return ruleset ? [200, ruleset] : [404, { message: "Not Found" }];
      }],
      ["POST", new RegExp(`^\\/repos\\/${repo}\\/rulesets$`), (_, { body }) => {
        const ruleset = { id: gh.rulesets.length + 1, name: body.name, enforcement: body.enforcement, rules: body.rules };
        gh.rulesets.push(ruleset);
        return [201, ruleset];
      }],
      ["PUT", new RegExp(`^\\/repos\\/${repo}\\/rulesets\\/(\\d+)$`), ([, id], { body }) => {
        const ruleset = gh.rulesets.find((found) => found.id === Number(id));
        if (!ruleset) return [404, { message: "Not Found" }];
        Object.assign(ruleset, { name: body.name, enforcement: body.enforcement, rules: body.rules });
        return [200, ruleset];
      }],
      ["GET", new RegExp(`^\\/api\\/v4\\/projects\\/${encodeURIComponent(this.gitlabProject)}$`), () => [200, { id: this.gitlabProjectId, path_with_namespace: this.gitlabProject, default_branch: "main" }]],
      ["GET", new RegExp(`^${glProject}$`), () => [200, { id: this.gitlabProjectId, resource_group_default_process_mode: gl.defaultProcessMode, only_allow_merge_if_pipeline_succeeds: gl.pipelinesMustSucceed }]],
      ["PUT", new RegExp(`^${glProject}$`), (_, { body }) => {
        if (gl.refuseDefaultMode && body.resource_group_default_process_mode !== undefined) {
          return [400, { error: "resource_group_default_process_mode does not have a valid value" }];
        }
        gl.defaultProcessMode = body.resource_group_default_process_mode ?? gl.defaultProcessMode;
        gl.pipelinesMustSucceed = body.only_allow_merge_if_pipeline_succeeds ?? gl.pipelinesMustSucceed;
        return [200, { id: this.gitlabProjectId }];
      }],
      ["GET", new RegExp(`^${glProject}\\/variables$`), () => [200, [
        ...[...gl.variables].map(([key, value]) => ({ key, value, masked: false, protected: false, environment_scope: "*", ...gl.flags.get(key) })),
        ...[...gl.scopedVariables].flatMap(([scope, variables]) => [...variables].map(([key, value]) => ({ key, value, masked: false, protected: false, environment_scope: scope }))),
      ]]],
      ["POST", new RegExp(`^${glProject}\\/variables$`), (_, { body }) => {
        const scope = body.environment_scope ?? "*";
        if (scope !== "*") {
          const variables = gl.scopedVariables.get(scope) ?? new Map<string, string>();
          if (variables.has(body.key)) return [400, { message: { key: ["(" + body.key + ") has already been taken"] } }];
          gl.scopedVariables.set(scope, variables.set(body.key, body.value));
          return [201];
        }
        if (gl.variables.has(body.key)) return [400, { message: { key: ["has already been taken"] } }];
        gl.variables.set(body.key, body.value);
        gl.flags.set(body.key, { masked: body.masked === true, protected: body.protected === true });
        return [201];
      }],
      ["PUT", new RegExp(`^${glProject}\\/variables\\/(\\w+)$`), ([, key], { body, query }) => {
        // As GitLab: an update that names no scope is refused while the key has several.
        const scope = query.get("filter[environment_scope]");
        const scopes = [...gl.scopedVariables.values()].filter((variables) => variables.has(key)).length + (gl.variables.has(key) ? 1 : 0);
        if (scope === null && scopes > 1) return [409, { message: "There are multiple variables with provided parameters. Please use 'filter[environment_scope]'" }];
        if (scope !== null && scope !== "*") {
          const variables = gl.scopedVariables.get(scope);
          return variables?.has(key) ? (variables.set(key, body.value), [200]) : [404, { message: "404 Variable Not Found" }];
        }
        if (!gl.variables.has(key)) return [404, { message: "404 Variable Not Found" }];
        gl.variables.set(key, body.value);
        const flags = gl.flags.get(key) ?? { masked: false, protected: false };
        gl.flags.set(key, { masked: body.masked ?? flags.masked, protected: body.protected ?? flags.protected });
        return [200];
      }],
      ["GET", new RegExp(`^${glProject}\\/environments$`), () => [200, [...gl.environments].map((name) => ({ name }))]],
      ["POST", new RegExp(`^${glProject}\\/environments$`), (_, { body }) => (gl.environments.add(body.name), [201, { name: body.name }])],
      ["GET", new RegExp(`^${glProject}\\/protected_branches\\/([^/]+)$`), ([, name]) => (gl.protectedBranches.has(decodeURIComponent(name)) ? [200, { name }] : [404, { message: "404 Not found" }])],
      ["POST", new RegExp(`^${glProject}\\/protected_branches$`), (_, { body }) => (gl.protectedBranches.add(body.name), [201, { name: body.name }])],
      ["GET", new RegExp(`^${glProject}\\/resource_groups\\/([\\w-]+)$`), ([, key]) => (gl.resourceGroups.has(key) ? [200, { key, process_mode: gl.resourceGroups.get(key) }] : [404, { message: "404 Not found" }])],
      ["PUT", new RegExp(`^${glProject}\\/resource_groups\\/([\\w-]+)$`), ([, key], { body }) => (gl.resourceGroups.has(key) ? (gl.resourceGroups.set(key, body.process_mode), [200]) : [404, { message: "404 Not found" }])],
    ];
  }

  /** As GitLab does when the first pipeline with a job of this resource group runs. */
  runFirstDeployPipeline(group: string): void {
    if (!this.gitlab.resourceGroups.has(group)) this.gitlab.resourceGroups.set(group, this.gitlab.defaultProcessMode ?? "unordered");
  }

  async start(): Promise<void> {
    const routes = this.routes();
    this.server = createServer((incoming, response) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => {
        const url = new URL(incoming.url ?? "/", "http://stand-in");
        const text = Buffer.concat(chunks).toString("utf8");
        const request = { method: incoming.method ?? "GET", path: url.pathname, query: url.searchParams, body: text ? JSON.parse(text) : undefined };
        const send = (status: number, body?: unknown) => {
          response.writeHead(status, { "content-type": "application/json" });
          response.end(body === undefined ? "" : JSON.stringify(body));
        };
        if (request.method !== "GET") {
          this.writes.push(`${request.method} ${request.path}`);
          if (this.failWrites > 0) {
            this.failWrites--;
            return send(502, { message: "Server Error" });
          }
        }
        for (const [method, pattern, handle] of routes) {
          const match = method === request.method ? pattern.exec(request.path) : null;
          if (match) return send(...handle(match, request));
        }
        send(404, { message: "Not Found" });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * A `gh` for the stand-in: `gh api [--method M] PATH [--input -]` and
 * `gh secret set NAME --repo R [--env E]` (the value on standard input), as
 * the bootstrap calls them, against GH_STAND_IN_URL; errors as gh prints them
 * ("gh: Not Found (HTTP 404)", exit 1). Written into `dir`, to go first on PATH.
 */
export function writeGhStandIn(dir: string): string {
  const file = join(dir, "gh");
  const script = `#!${process.execPath}
"use strict";
const args = process.argv.slice(2);
let method = "GET", path, input = false;
if (args[0] === "secret" && args[1] === "set") {
  const [name, ...rest] = args.slice(2);
  const flags = {};
  for (let i = 0; i < rest.length; i += 2) {
    if (rest[i] !== "--repo" && rest[i] !== "--env") { process.stderr.write("gh stand-in: unserved argument " + rest[i] + "\\n"); process.exit(2); }
    flags[rest[i]] = rest[i + 1];
  }
  method = "PUT";
  path = "repos/" + flags["--repo"] + (flags["--env"] ? "/environments/" + flags["--env"] : "/actions") + "/secrets/" + name;
  input = true;
} else if (args[0] !== "api") { process.stderr.write("gh stand-in: only \`gh api\` and \`gh secret set\` are served\\n"); process.exit(2); }
for (let i = 1; args[0] === "api" && i < args.length; i++) {
  if (args[i] === "--method" || args[i] === "-X") method = args[++i];
  else if (args[i] === "--input" && args[i + 1] === "-") { input = true; i++; }
  else if (!args[i].startsWith("-") && path === undefined) path = args[i];
  else { process.stderr.write("gh stand-in: unserved argument " + args[i] + "\\n"); process.exit(2); }
}
const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", async () => {
  let body = input ? Buffer.concat(chunks).toString("utf8") : undefined;
  if (args[0] === "secret") body = JSON.stringify({ value: body });
  const response = await fetch(process.env.GH_STAND_IN_URL + "/" + path.replace(/^\\//, ""), { method, body, headers: body ? { "content-type": "application/json" } : {} });
  const text = await response.text();
  if (!response.ok) {
    let message = response.statusText;
    try { message = JSON.parse(text).message || message; } catch {}
    process.stderr.write("gh: " + message + " (HTTP " + response.status + ")\\n");
    process.exit(1);
  }
  process.stdout.write(text);
});
`;
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return file;
}
