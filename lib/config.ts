// The one place that reads configuration: defaults from the `context` of
// cdktf.json, overrides from the environment. Every value is validated here,
// once, before any stack exists; stacks receive the typed result as props.
import { readFileSync } from "fs";

/** A value a setting rejected, with the form it expected. */
class Expected extends Error {}

/** Bad configuration: the message names each setting, its value and the expected form. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

interface Setting<T> {
  /** Environment variable that overrides the cdktf.json default, if any. */
  readonly env?: string;
  /** One line for the configuration table of docs/configuration.md. */
  readonly doc: string;
  /** Turns a raw value (JSON from cdktf.json, or a string from the environment) into T or throws Expected. */
  readonly parse: (raw: unknown) => T;
}

function text(pattern: RegExp, expected: string) {
  return (raw: unknown): string => {
    if (typeof raw !== "string" || !pattern.test(raw)) throw new Expected(expected);
    return raw;
  };
}

function optionalText(pattern: RegExp, expected: string) {
  const parse = text(pattern, expected);
  return (raw: unknown): string => (raw === "" ? "" : parse(raw));
}

function oneOf<T extends string>(...choices: T[]) {
  return (raw: unknown): T => {
    if (!choices.includes(raw as T)) throw new Expected(`one of ${choices.join(", ")}`);
    return raw as T;
  };
}

function count(min: number, max: number) {
  return (raw: unknown): number => {
    const n = typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
      throw new Expected(`a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

function flag(raw: unknown): boolean {
  if (raw === true || raw === "true") return true;
  if (raw === false || raw === "false") return false;
  throw new Expected("true or false");
}

const serviceAccountId = text(
  /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
  "a service account id: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen",
);

const dnsLabel = text(
  /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
  "a Kubernetes name: 1-63 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen",
);

/**
 * Cloud Storage bucket names (https://cloud.google.com/storage/docs/buckets#naming):
 * 3-63 characters without dots, never beginning with "goog" nor containing "google".
 */
const BUCKET_NAME = /^(?!goog)(?!.*google)[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;
const BUCKET_NAME_FORM =
  'a bucket name: 3-63 lowercase letters, digits, hyphens and underscores, starting and ending with a letter or digit, not beginning with "goog" nor containing "google"';

/** The state bucket a project gets when `stateBucket` is empty: bucket names are global, project ids too. */
export function defaultStateBucket(projectId: string): string {
  return `${projectId}-tfstate`;
}

/** GitHub's and GitLab's numeric ids: a rename keeps them, and they are never given out again. */
const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;

/**
 * A deploy branch: the identity stack maps it into a Workload Identity
 * attribute with a numeric id and a few fixed words, and keeps that value
 * within 100 bytes (stacks/identity.ts), so the name gets 50.
 */
const DEPLOY_BRANCH = /^[A-Za-z0-9._\/-]{1,50}$/;
const DEPLOY_BRANCH_EXPECTED = "a branch name of 1-50 letters, digits, dots, underscores, hyphens or slashes, such as main";

/** Names of uploaded public keys: one, or two while CI moves from the older key to the newer. */
function keyNames(raw: unknown): string[] {
  const expected =
    "one or two distinct key names, comma-separated, each 1-40 letters, digits, hyphens or underscores, such as 2026-12 or 2026-12,2027-06";
  if (typeof raw !== "string") throw new Expected(expected);
  const names = raw.split(",");
  if (names.length > 2 || names[0] === names[1] || !names.every((name) => /^[A-Za-z0-9_-]{1,40}$/.test(name))) {
    throw new Expected(expected);
  }
  return names;
}

const cpuQuantity = text(/^(?:[1-9][0-9]*m|[0-9]+(?:\.[0-9]+)?)$/, "a CPU quantity such as 250m or 1");
const memoryQuantity = text(/^[1-9][0-9]*(?:Mi|Gi)$/, "a memory quantity such as 512Mi or 1Gi");

/** Compute Engine names (networks, subnetworks, addresses): RFC 1035, as the google provider's ValidateGCEName checks. */
const GCE_NAME = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const GCE_NAME_FORM = "1-63 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen (RFC 1035)";

/** A private IPv4 range with `min`..`max` prefix bits and no host bits set. */
function privateRange(min: number, max: number) {
  const expected = `a private IPv4 range (in 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10) from /${min} to /${max}, host bits zero, such as 10.10.0.0/${Math.max(min, Math.min(max, 20))}`;
  return (raw: unknown): string => {
    const range = typeof raw === "string" ? parseRange(raw) : undefined;
    if (range === undefined || range.bits < min || range.bits > max || !isPrivate(range)) throw new Expected(expected);
    return raw as string;
  };
}


/** Workload settings an environment may override (docs/configuration.md). */
export const ENVIRONMENT_OVERRIDES = {
  replicas: count(1, 100),
  maxReplicas: count(1, 100),
  cpuTargetPercent: count(10, 100),
  cpuRequest: cpuQuantity,
  cpuLimit: cpuQuantity,
  memoryRequest: memoryQuantity,
  memoryLimit: memoryQuantity,
};
type OverrideName = keyof typeof ENVIRONMENT_OVERRIDES;
export type WorkloadSettings = { readonly [K in OverrideName]: ReturnType<(typeof ENVIRONMENT_OVERRIDES)[K]> };

/** One entry of `environments` as given: a name, and what it sets apart from the shared settings. */
export interface EnvironmentSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly deployerAccountId?: string;
  readonly overrides: Partial<WorkloadSettings>;
}

const ENVIRONMENT_NAME = /^[a-z](?:[a-z0-9-]{0,10}[a-z0-9])?$/;
const ENVIRONMENT_NAME_FORM = "1-12 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen";

/**
 * Settings that every environment shares. Environments live in one project
 * and one cluster, apart by namespace, deployer, state prefix and IP: the
 * later ones run the earlier one's image by digest from the one registry.
 */
const SHARED_SETTINGS = ["projectId", "region", "zone", "clusterName", "repositoryId", "stateBucket", "appName", "serverPort"];

function environmentList(raw: unknown): EnvironmentSpec[] {
  const list = typeof raw === "string" ? (raw.trim().startsWith("[") ? parseJson(raw) : raw.split(",")) : raw;
  const expected = `a list of 1-4 environments in promotion order, each a name (${ENVIRONMENT_NAME_FORM}) or an object {"name": ..., "namespace"?, "deployerAccountId"?, ${Object.keys(ENVIRONMENT_OVERRIDES).map((key) => `"${key}"?`).join(", ")}}, such as ["staging", "production"]`;
  if (!Array.isArray(list) || list.length < 1 || list.length > 4) throw new Expected(expected);
  const specs = list.map((entry, index) => environmentSpec(typeof entry === "string" ? { name: entry } : entry, index, expected));
  const names = specs.map((spec) => spec.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new Expected(`${expected}; "${repeated}" is named twice`);
  return specs;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function environmentSpec(entry: unknown, index: number, expected: string): EnvironmentSpec {
  const at = `environments[${index}]`;
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new Expected(expected);
  const { name, namespace, deployerAccountId, ...rest } = entry as Record<string, unknown>;
  if (typeof name !== "string" || !ENVIRONMENT_NAME.test(name)) {
    throw new Expected(`${at}.name to be an environment name: ${ENVIRONMENT_NAME_FORM}, such as staging (it is ${JSON.stringify(name)})`);
  }
  const field = <T>(key: string, value: unknown, parse: (raw: unknown) => T): T => {
    try {
      return parse(value);
    } catch (error) {
      if (!(error instanceof Expected)) throw error;
      throw new Expected(`${at}.${key} (${name}) to be ${error.message} (it is ${JSON.stringify(value)})`);
    }
  };
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (SHARED_SETTINGS.includes(key)) {
      throw new Expected(
        `${at} (${name}) without "${key}": every environment shares one project, cluster and registry (${SHARED_SETTINGS.join(", ")}); set it once, outside environments`,
      );
    }
    if (!(key in ENVIRONMENT_OVERRIDES)) {
      throw new Expected(`${at} (${name}) to set only name, namespace, deployerAccountId, ${Object.keys(ENVIRONMENT_OVERRIDES).join(", ")} (it sets "${key}")`);
    }
    overrides[key] = field<unknown>(key, value, ENVIRONMENT_OVERRIDES[key as OverrideName]);
  }
  return {
    name,
    ...(namespace !== undefined ? { namespace: field("namespace", namespace, dnsLabel) } : {}),
    ...(deployerAccountId !== undefined ? { deployerAccountId: field("deployerAccountId", deployerAccountId, serviceAccountId) } : {}),
    overrides: overrides as Partial<WorkloadSettings>,
  };
}

const settings = {
  projectId: {
    env: "GCP_PROJECT_ID",
    doc: "Google Cloud project that holds every resource",
    parse: text(
      /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
      "a project id: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen",
    ),
  },
  region: {
    env: "GCP_REGION",
    doc: "Region of the Artifact Registry repository and of the provider's regional resources",
    parse: text(/^[a-z]+-[a-z]+[0-9]+$/, "a region such as europe-west6"),
  },
  zone: {
    env: "GCP_ZONE",
    doc: "Zone of the GKE cluster; must lie in `region`",
    parse: text(/^[a-z]+-[a-z]+[0-9]+-[a-z]$/, "a zone such as europe-west6-a"),
  },
  stateBucket: {
    env: "TF_STATE_BUCKET",
    doc: "Bucket of the Terraform state under the `gcs` backend; empty means `<projectId>-tfstate`; `npm run bootstrap` makes it, the identity stack keeps it (docs/security.md). Never the DVC data's bucket",
    parse: optionalText(BUCKET_NAME, BUCKET_NAME_FORM),
  },
  backend: {
    env: "CDKTF_BACKEND",
    doc: "Where Terraform keeps each stack's state: `local` files, the `gcs` bucket, or Terraform `cloud`",
    parse: oneOf("local", "gcs", "cloud"),
  },
  tfcOrganization: {
    env: "TFC_ORGANIZATION",
    doc: "Terraform Cloud organization (required by the `cloud` backend)",
    parse: optionalText(/^[A-Za-z0-9_-]{3,40}$/, "a Terraform Cloud organization name: 3-40 letters, digits, hyphens or underscores"),
  },
  tfcWorkspacePrefix: {
    env: "TFC_WORKSPACE_PREFIX",
    doc: "Terraform Cloud workspaces are named `<prefix>-<stack>`",
    parse: text(/^[A-Za-z0-9_-]{1,80}$/, "1-80 letters, digits, hyphens or underscores"),
  },
  deployerAccountId: {
    env: "DEPLOYER_ACCOUNT_ID",
    doc: "Service account that CI deploys with",
    parse: serviceAccountId,
  },
  plannerAccountId: {
    env: "PLANNER_ACCOUNT_ID",
    doc: "Read-only service account that CI plans pull requests with",
    parse: serviceAccountId,
  },
  ciAuth: {
    env: "CI_AUTH",
    doc: "How CI signs in: `oidc` (keyless: GitHub's or GitLab's ID tokens through Workload Identity Federation) or `key` (uploaded public keys; no private key ever reaches Terraform)",
    parse: oneOf("oidc", "key"),
  },
  deployerPublicKeys: {
    env: "DEPLOYER_PUBLIC_KEYS",
    doc: "`ciAuth: key` only: the deployer's key names, comma-separated (two during a rotation); each is the certificate `keys/<deployerAccountId>-<name>.pem`",
    parse: keyNames,
  },
  plannerPublicKeys: {
    env: "PLANNER_PUBLIC_KEYS",
    doc: "`ciAuth: key` only: the planner's key names, comma-separated (two during a rotation); each is the certificate `keys/<plannerAccountId>-<name>.pem`",
    parse: keyNames,
  },
  githubRepository: {
    env: "CI_GITHUB_REPOSITORY",
    doc: "`owner/name` of the GitHub repository whose workflows sign in keyless; set with the two ids below, or leave all three empty",
    parse: optionalText(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "a GitHub repository as owner/name"),
  },
  githubRepositoryId: {
    env: "CI_GITHUB_REPOSITORY_ID",
    doc: "Numeric id of that repository (`gh api repos/OWNER/NAME --jq .id`): sign-in matches it, not the name, which can be registered again",
    parse: optionalText(NUMERIC_ID, "a numeric id such as 123456789 (gh api repos/OWNER/NAME --jq .id)"),
  },
  githubOwnerId: {
    env: "CI_GITHUB_OWNER_ID",
    doc: "Numeric id of the repository's owner (`gh api repos/OWNER/NAME --jq .owner.id`)",
    parse: optionalText(NUMERIC_ID, "a numeric id such as 123456789 (gh api repos/OWNER/NAME --jq .owner.id)"),
  },
  githubDeployBranch: {
    env: "CI_GITHUB_DEPLOY_BRANCH",
    doc: "GitHub's default branch: only jobs of the `production` environment on `refs/heads/<this>` may act as the deployer",
    parse: text(DEPLOY_BRANCH, DEPLOY_BRANCH_EXPECTED),
  },
  gitlabProject: {
    env: "CI_GITLAB_PROJECT",
    doc: "`group/project` path of the GitLab project whose pipelines sign in keyless; set with `gitlabProjectId`, or leave both empty",
    parse: optionalText(/^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+$/, "a GitLab project path as group/project"),
  },
  gitlabProjectId: {
    env: "CI_GITLAB_PROJECT_ID",
    doc: "Numeric id of that project (its Settings > General page): sign-in matches it, not the path",
    parse: optionalText(NUMERIC_ID, "a numeric project id such as 12345678 (the project's Settings > General page)"),
  },
  gitlabUrl: {
    env: "CI_GITLAB_URL",
    doc: "GitLab instance that issues the ID tokens (their `iss` claim)",
    parse: text(
      /^https:\/\/[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:\/[A-Za-z0-9._~-]+)*$/,
      "an https URL without a trailing slash, such as https://gitlab.com",
    ),
  },
  gitlabDeployBranch: {
    env: "CI_GITLAB_DEPLOY_BRANCH",
    doc: "GitLab's protected default branch: only its pipelines may act as the deployer",
    parse: text(DEPLOY_BRANCH, DEPLOY_BRANCH_EXPECTED),
  },
  adminAccountId: {
    env: "ADMIN_ACCOUNT_ID",
    doc: "`cloud` backend only: service account of Terraform Cloud's apply phase for identity, registry and cluster (plans run as the planner)",
    parse: serviceAccountId,
  },
  dvcBucket: {
    env: "DVC_BUCKET",
    doc: "Bucket of the DVC remote that holds the model: the deployer alone may read it, and the deploy jobs `dvc pull` the build context from it; empty: the build context is committed",
    parse: optionalText(
      /^[a-z0-9](?:[a-z0-9_-]{1,61})[a-z0-9]$/,
      "a bucket name without gs://: 3-63 lowercase letters, digits, hyphens and underscores, starting and ending with a letter or digit",
    ),
  },
  nodeAccountId: {
    env: "NODE_ACCOUNT_ID",
    doc: "Service account the GKE nodes run as",
    parse: serviceAccountId,
  },
  repositoryId: {
    env: "REGISTRY_REPOSITORY",
    doc: "Artifact Registry Docker repository of the model images",
    parse: text(
      /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      "a repository id: 1-63 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen",
    ),
  },
  keepImageVersions: {
    env: "REGISTRY_KEEP_VERSIONS",
    doc: "Image versions the cleanup policy always keeps; older ones are deleted after 30 days",
    parse: count(1, 1000),
  },
  clusterName: {
    env: "GKE_CLUSTER_NAME",
    doc: "GKE cluster name",
    parse: text(
      /^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
      "a cluster name: 1-40 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen",
    ),
  },
  machineType: {
    env: "GKE_MACHINE_TYPE",
    doc: "Machine type of the nodes",
    parse: text(/^[a-z][a-z0-9]*-[a-z0-9-]*[a-z0-9]$/, "a Compute Engine machine type such as e2-standard-2"),
  },
  nodeCount: {
    env: "GKE_NODE_COUNT",
    doc: "Nodes the pool starts with; later changes are ignored (the provider would recreate the pool), the autoscaler decides",
    parse: count(1, 100),
  },
  minNodeCount: {
    env: "GKE_MIN_NODE_COUNT",
    doc: "Fewest nodes the autoscaler keeps",
    parse: count(1, 100),
  },
  maxNodeCount: {
    env: "GKE_MAX_NODE_COUNT",
    doc: "Most nodes the autoscaler adds",
    parse: count(1, 100),
  },
  releaseChannel: {
    env: "GKE_RELEASE_CHANNEL",
    doc: "GKE release channel that upgrades the cluster",
    parse: oneOf("RAPID", "REGULAR", "STABLE"),
  },
  deletionProtection: {
    env: "GKE_DELETION_PROTECTION",
    doc: "Refuse to destroy the cluster; set `false` only for throwaway demos",
    parse: flag,
  },
  // Network, port and sample request (issue 10 point 6, issue 12 point 2).
  networkName: {
    env: "GKE_NETWORK_NAME",
    doc: "VPC network the cluster stack creates (no `default` network needed); its subnet is `<networkName>-<region>`",
    parse: text(GCE_NAME, `a network name: ${GCE_NAME_FORM}`),
  },
  subnetCidr: {
    env: "GKE_SUBNET_CIDR",
    doc: "Primary range of the subnet: node addresses",
    parse: privateRange(8, 29),
  },
  podsCidr: {
    env: "GKE_PODS_CIDR",
    doc: "Subnet secondary range `pods`: each node takes a /24 of it",
    parse: privateRange(9, 24),
  },
  servicesCidr: {
    env: "GKE_SERVICES_CIDR",
    doc: "Subnet secondary range `services`: cluster IPs of Services",
    parse: privateRange(16, 27),
  },
  serverPort: {
    env: "MODEL_SERVER_PORT",
    doc: "Port the model server listens on, and the Service exposes: MLEM's FastAPI server 8080, BentoML 3000",
    parse: count(1, 65535),
  },
  sampleRequest: {
    env: "MODEL_SAMPLE_REQUEST",
    doc: "JSON file, relative to the project root, of the request the deploy sends after each rollout (path, method, body, status, fields); read by deploy:workload, not by the stacks",
    parse: text(
      /^(?![/~])[A-Za-z0-9._/-]+\.json$/,
      "a relative path to a .json file, such as model-server/sample-request.json (an absolute path would differ between machines)",
    ),
  },
  namespace: {
    env: "MODEL_NAMESPACE",
    doc: "Kubernetes namespace of the model's objects",
    parse: dnsLabel,
  },
  appName: {
    env: "MODEL_APP_NAME",
    doc: "Name of the Deployment, Service, PDB and HPA, their `app` label, and the image",
    parse: dnsLabel,
  },
  buildContext: {
    env: "MODEL_BUILD_CONTEXT",
    doc: "Docker build context of the model server, relative to the project root (output of `mlem build docker_dir --server fastapi`)",
    parse: text(
      /^(?![/~])[A-Za-z0-9._/-]+$/,
      "a relative path such as model-server or ../ml-repo/build (an absolute path would differ between machines and force a rebuild)",
    ),
  },
  replicas: {
    env: "MODEL_REPLICAS",
    doc: "Pods serving the model, and the autoscaler's minimum",
    parse: count(1, 100),
  },
  maxReplicas: {
    env: "MODEL_MAX_REPLICAS",
    doc: "Most pods the autoscaler runs",
    parse: count(1, 100),
  },
  canaryReplicas: {
    env: "MODEL_CANARY_REPLICAS",
    doc: "Pods that serve a new model beside the stable ones during a canary deploy (`deploy:workload --canary`, `npm run promote`): its share of requests is canaryReplicas / (replicas + canaryReplicas)",
    parse: count(1, 100),
  },
  cpuTargetPercent: {
    env: "MODEL_CPU_TARGET",
    doc: "Average CPU use, in percent of the request, that the autoscaler aims at",
    parse: count(10, 100),
  },
  probePath: {
    env: "MODEL_PROBE_PATH",
    doc: "HTTP path the probes ask: MLEM's FastAPI server `/docs` (it has no health endpoint), BentoML `/readyz`",
    parse: text(/^\/[A-Za-z0-9._~\/-]*$/, "an absolute URL path such as /docs"),
  },
  cpuRequest: {
    env: "MODEL_CPU_REQUEST",
    doc: "CPU each model pod is guaranteed",
    parse: cpuQuantity,
  },
  cpuLimit: {
    env: "MODEL_CPU_LIMIT",
    doc: "CPU each model pod may use at most",
    parse: cpuQuantity,
  },
  memoryRequest: {
    env: "MODEL_MEMORY_REQUEST",
    doc: "Memory each model pod is guaranteed",
    parse: memoryQuantity,
  },
  memoryLimit: {
    env: "MODEL_MEMORY_LIMIT",
    doc: "Memory each model pod may use before it is killed",
    parse: memoryQuantity,
  },
  environments: {
    env: "MODEL_ENVIRONMENTS",
    doc: "Where the model runs, in promotion order: names (`staging,production`) or, in cdktf.json, objects that may also set `namespace`, `deployerAccountId` and the workload settings ([Environments](#environments)). The first builds the image; each later one runs the image the one before it deployed and checked. The last keeps a single environment's names",
    parse: environmentList,
  },
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof settings;
export type Config = { readonly [K in keyof Settings]: ReturnType<Settings[K]["parse"]> };
export type SettingName = keyof Settings;

/** The settings in table order, for documentation and tests. */
export const settingNames = Object.keys(settings) as SettingName[];

export function describeSetting(name: SettingName): { env?: string; doc: string } {
  const { env, doc } = settings[name] as Setting<unknown>;
  return { env, doc };
}

/**
 * Validates `context` (the defaults) with `env` overrides applied. Throws a
 * ConfigError listing every bad value; returns a frozen Config otherwise.
 */
export function loadConfig(context: Record<string, unknown>, env: Record<string, string | undefined> = {}): Config {
  const problems: string[] = [];
  const unknown = Object.keys(context).filter((key) => !(key in settings));
  for (const key of unknown) {
    problems.push(`cdktf.json context has unknown setting "${key}": expected one of ${settingNames.join(", ")}`);
  }
  const values: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  for (const name of settingNames) {
    const setting: Setting<unknown> = settings[name];
    const fromEnv = setting.env !== undefined ? env[setting.env] : undefined;
    const raw = fromEnv ?? context[name];
    origin[name] = fromEnv !== undefined ? `${name} (from ${setting.env})` : `${name} (from cdktf.json)`;
    if (raw === undefined) {
      problems.push(`${name} is missing: add it to the context of cdktf.json${setting.env ? ` or set ${setting.env}` : ""}`);
      continue;
    }
    try {
      values[name] = setting.parse(raw);
    } catch (error) {
      if (!(error instanceof Expected)) throw error;
      problems.push(`${origin[name]} is ${JSON.stringify(raw)}: expected ${error.message}`);
    }
  }
  // A default that follows the project, so that setting GCP_PROJECT_ID alone
  // never names a bucket of somebody else's project.
  if (values.stateBucket === "" && typeof values.projectId === "string") {
    const derived = defaultStateBucket(values.projectId);
    if (BUCKET_NAME.test(derived)) values.stateBucket = derived;
    else problems.push(`stateBucket is empty, and ${origin.projectId} "${values.projectId}" gives "${derived}": expected ${BUCKET_NAME_FORM}; set TF_STATE_BUCKET`);
  }
  if (problems.length === 0) problems.push(...crossChecks(values as Config, origin), ...projectAliasChecks(values as Config, origin, env));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(values as Config);
}

/**
 * The project variables gcloud users already have set (GCP_PROJECT, and
 * GOOGLE_CLOUD_PROJECT that Google's client libraries read). One that names
 * another project than projectId means the person expects to deploy there:
 * said, not ignored.
 */
export const PROJECT_ALIASES = ["GCP_PROJECT", "GOOGLE_CLOUD_PROJECT"] as const;

function projectAliasChecks(config: Config, origin: Record<string, string>, env: Record<string, string | undefined>): string[] {
  return PROJECT_ALIASES.filter((name) => env[name] !== undefined && env[name] !== "" && env[name] !== config.projectId).map(
    (name) =>
      `${name} is ${JSON.stringify(env[name])}, but ${origin.projectId} is ${JSON.stringify(config.projectId)}: expected the same project; ` +
      `set GCP_PROJECT_ID=${env[name]} to deploy to ${env[name]}, or unset ${name}`,
  );
}

/** Settings that name one CI platform's project: all set, or all empty. */
export const PLATFORM_SETTINGS = [
  ["githubRepository", "githubRepositoryId", "githubOwnerId"],
  ["gitlabProject", "gitlabProjectId"],
] as const;

/** Rules that relate two settings; run only when each value is valid alone. */
function crossChecks(config: Config, origin: Record<string, string>): string[] {
  const problems: string[] = [];
  if (!config.zone.startsWith(`${config.region}-`)) {
    problems.push(
      `${origin.zone} is ${JSON.stringify(config.zone)}: expected a zone of region ${config.region}, such as ${config.region}-a`,
    );
  }
  if (config.minNodeCount > config.nodeCount) {
    problems.push(
      `${origin.minNodeCount} is ${config.minNodeCount}: expected at most nodeCount (${config.nodeCount})`,
    );
  }
  if (config.maxNodeCount < config.nodeCount) {
    problems.push(
      `${origin.maxNodeCount} is ${config.maxNodeCount}: expected at least nodeCount (${config.nodeCount})`,
    );
  }
  if (config.maxReplicas < config.replicas) {
    problems.push(`${origin.maxReplicas} is ${config.maxReplicas}: expected at least replicas (${config.replicas})`);
  }
  if (config.canaryReplicas > config.replicas) {
    // A canary is a minority: more canary pods than stable ones would send it most requests before it is checked.
    problems.push(`${origin.canaryReplicas} is ${config.canaryReplicas}: expected at most replicas (${config.replicas})`);
  }
  if (millicores(config.cpuLimit) < millicores(config.cpuRequest)) {
    problems.push(`${origin.cpuLimit} is ${JSON.stringify(config.cpuLimit)}: expected at least cpuRequest (${config.cpuRequest})`);
  }
  if (mebibytes(config.memoryLimit) < mebibytes(config.memoryRequest)) {
    problems.push(
      `${origin.memoryLimit} is ${JSON.stringify(config.memoryLimit)}: expected at least memoryRequest (${config.memoryRequest})`,
    );
  }
  if (config.backend === "cloud" && config.tfcOrganization === "") {
    problems.push(`${origin.tfcOrganization} is "": expected a Terraform Cloud organization name, required by backend "cloud"`);
  }
  // A platform is configured with all of its settings or with none. Whether
  // keyless sign-in has a platform at all is checked when identity is planned
  // (a precondition), so that the quick start synthesizes with the defaults.
  for (const group of PLATFORM_SETTINGS) {
    const given = group.filter((name) => config[name] !== "");
    if (given.length === 0) continue;
    for (const name of group.filter((other) => config[other] === "")) {
      problems.push(`${origin[name]} is "": expected a value, since ${given.join(" and ")} ${given.length > 1 ? "are" : "is"} set`);
    }
  }
  problems.push(...gkeNameChecks(config, origin), ...rangeChecks(config, origin), ...environmentChecks(config, origin));
  // The state bucket holds credentials-bearing state: every DVC reader would read it (docs/security.md).
  if (config.dvcBucket !== "" && config.dvcBucket === config.stateBucket) {
    problems.push(`${origin.dvcBucket} is ${JSON.stringify(config.dvcBucket)}: expected a bucket other than stateBucket, so that no reader of the model's data can read Terraform state`);
  }
  const accounts = ["deployerAccountId", "plannerAccountId", "nodeAccountId", "adminAccountId"] as const;
  for (const [index, name] of accounts.entries()) {
    const earlier = accounts.slice(0, index).find((other) => config[other] === config[name]);
    if (earlier !== undefined) {
      problems.push(
        `${origin[name]} is ${JSON.stringify(config[name])}: expected an id other than ${earlier}'s, so no two of deployer, planner, nodes and admin share an identity`,
      );
    }
  }
  return problems;
}

/** An environment with every name resolved: what main.ts builds its stacks from. */
export interface Environment {
  readonly name: string;
  /** Place in promotion order: the first builds the image, each later one runs the one before's. */
  readonly index: number;
  /** Its workload stack, and so its state prefix `terraform/<stackId>/`. */
  readonly stackId: string;
  /** Namespace of its model objects. */
  readonly namespace: string;
  /** Service account that deploys it, and nothing else. */
  readonly deployerAccountId: string;
  /** Name of its reserved static IP. */
  readonly addressName: string;
  /** Appended to the ids of what it adds to the shared stacks: empty for the last, so a single environment keeps today's ids. */
  readonly idSuffix: string;
  /** The workload settings with its overrides applied. */
  readonly workload: WorkloadSettings;
}

/**
 * The environments in promotion order. The last one serves users and keeps
 * every name a single-environment install has (stack `workload`, the
 * `namespace` and `deployerAccountId` settings, `<appName>-ip`), so adding a
 * staging environment in front of it moves no state and no URL; the others
 * take their name as a suffix.
 */
export function environmentsOf(config: Config): Environment[] {
  const last = config.environments.length - 1;
  return config.environments.map((spec, index) => {
    const serving = index === last;
    const suffix = serving ? "" : `-${spec.name}`;
    const workload = Object.fromEntries(
      (Object.keys(ENVIRONMENT_OVERRIDES) as OverrideName[]).map((key) => [key, spec.overrides[key] ?? config[key]]),
    ) as unknown as WorkloadSettings;
    return {
      name: spec.name,
      index,
      stackId: `workload${suffix}`,
      namespace: spec.namespace ?? `${config.namespace}${suffix}`,
      deployerAccountId: spec.deployerAccountId ?? `${config.deployerAccountId}${suffix}`,
      addressName: `${derivedNames(config).address.slice(0, -"-ip".length)}${suffix}-ip`,
      idSuffix: serving ? "" : `_${spec.name.replace(/-/g, "_")}`,
      workload,
    };
  });
}

/** Each environment's derived names fit their limits and no two environments share one. */
function environmentChecks(config: Config, origin: Record<string, string>): string[] {
  const problems: string[] = [];
  const environments = environmentsOf(config);
  const where = (environment: Environment, key: string) => `${origin.environments}, environment ${environment.name}: its ${key}`;
  const seen = { namespace: new Map<string, string>(), deployerAccountId: new Map<string, string>() };
  for (const environment of environments) {
    const { workload } = environment;
    // What an environment takes unchanged from the shared settings was checked there already.
    const overrides = config.environments[environment.index].overrides;
    const sets = (...keys: OverrideName[]) => keys.some((key) => overrides[key] !== undefined);
    const check = (ok: boolean, key: string, value: unknown, expected: string) => {
      if (!ok) problems.push(`${where(environment, key)} is ${JSON.stringify(value)}: expected ${expected}`);
    };
    try {
      serviceAccountId(environment.deployerAccountId);
    } catch {
      check(false, "deployerAccountId", environment.deployerAccountId, `a service account id of 6-30 characters: set "deployerAccountId" on this environment`);
    }
    try {
      dnsLabel(environment.namespace);
    } catch {
      check(false, "namespace", environment.namespace, `a Kubernetes name of 1-63 characters: set "namespace" on this environment`);
    }
    check(environment.idSuffix === "" || environment.addressName.length <= 63, "static IP name", environment.addressName, "at most 63 characters (Compute Engine's limit): shorten appName or the environment's name");
    check(!sets("replicas", "maxReplicas") || workload.maxReplicas >= workload.replicas, "maxReplicas", workload.maxReplicas, `at least its replicas (${workload.replicas})`);
    check(!sets("cpuRequest", "cpuLimit") || millicores(workload.cpuLimit) >= millicores(workload.cpuRequest), "cpuLimit", workload.cpuLimit, `at least its cpuRequest (${workload.cpuRequest})`);
    check(!sets("memoryRequest", "memoryLimit") || mebibytes(workload.memoryLimit) >= mebibytes(workload.memoryRequest), "memoryLimit", workload.memoryLimit, `at least its memoryRequest (${workload.memoryRequest})`);
    for (const key of ["namespace", "deployerAccountId"] as const) {
      const shared = key === "deployerAccountId" && environment[key] !== config.deployerAccountId && [config.plannerAccountId, config.nodeAccountId].includes(environment[key]);
      const other = seen[key].get(environment[key]) ?? (shared ? "the planner's or the nodes'" : undefined);
      check(other === undefined, key, environment[key], `one of its own, not ${other?.endsWith("'") ? other : `${other}'s`}: each environment is apart from the others`);
      seen[key].set(environment[key], environment.name);
    }
  }
  return problems;
}

/** Names this project derives from settings, each within the limit GKE or Compute Engine puts on it. */
export function derivedNames(config: Pick<Config, "clusterName" | "networkName" | "region" | "appName">) {
  return {
    nodePool: `${config.clusterName}-nodes`,
    subnet: `${config.networkName}-${config.region}`,
    address: `${config.appName}-ip`,
  };
}

/**
 * GKE refuses a node pool name over 40 characters; the google provider does
 * not check it (resource_container_node_pool.go:339 at v6.50.0 has no
 * validator), so the API refuses it after the cluster already exists.
 * Compute Engine names are RFC 1035 labels of at most 63 (ValidateGCEName,
 * google/verify/validation.go:103). Checked on the derived names, reported
 * on the setting a user can change.
 */
function gkeNameChecks(config: Config, origin: Record<string, string>): string[] {
  const names = derivedNames(config);
  const checks: Array<["clusterName" | "networkName" | "appName", string, string, string, number]> = [
    ["clusterName", names.nodePool, "its node pool name", "GKE's", 40],
    ["networkName", names.subnet, "its subnet name", "Compute Engine's", 63],
    ["appName", names.address, "its static IP address name", "Compute Engine's", 63],
  ];
  return checks
    .filter(([, derived, , , limit]) => derived.length > limit)
    .map(
      ([name, derived, what, whose, limit]) =>
        `${origin[name]} is ${JSON.stringify(config[name])}: expected at most ${config[name].length - (derived.length - limit)} characters, so that ${what} "${derived}" fits ${whose} limit of ${limit}`,
    );
}

/**
 * The three ranges of the subnet must not overlap, and the pods range must
 * give each node its /24 (GKE's "VPC-native clusters" page:
 * https://cloud.google.com/kubernetes-engine/docs/concepts/alias-ips).
 */
function rangeChecks(config: Config, origin: Record<string, string>): string[] {
  const problems: string[] = [];
  const names = ["subnetCidr", "podsCidr", "servicesCidr"] as const;
  for (const [index, name] of names.entries()) {
    const range = parseRange(config[name])!;
    const clash = names.slice(0, index).find((other) => overlaps(parseRange(config[other])!, range));
    if (clash !== undefined) {
      problems.push(`${origin[name]} is ${JSON.stringify(config[name])}: expected a range that does not overlap ${clash} (${config[clash]})`);
    }
  }
  // Standard clusters give each node a /24 of the pods range (110 pods per
  // node); a surge upgrade adds one node beyond the autoscaler's maximum.
  const nodes = 2 ** (24 - parseRange(config.podsCidr)!.bits);
  if (nodes < config.maxNodeCount + 1) {
    problems.push(
      `${origin.podsCidr} is ${JSON.stringify(config.podsCidr)}: expected room for maxNodeCount + 1 (${config.maxNodeCount + 1}) nodes of a /24 each, a /${24 - Math.ceil(Math.log2(config.maxNodeCount + 1))} or larger`,
    );
  }
  return problems;
}

interface Range {
  readonly start: number;
  readonly bits: number;
}

function parseRange(text: string): Range | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((octet) => octet > 255) || bits > 32) return undefined;
  const start = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  if (start % 2 ** (32 - bits) !== 0) return undefined; // host bits set
  return { start, bits };
}

function overlaps(a: Range, b: Range): boolean {
  const end = (range: Range) => range.start + 2 ** (32 - range.bits);
  return a.start < end(b) && b.start < end(a);
}

const privateBlocks = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((block) => parseRange(block)!);

function isPrivate(range: Range): boolean {
  return privateBlocks.some((block) => range.bits >= block.bits && overlaps(block, range));
}

function millicores(quantity: string): number {
  return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}

function mebibytes(quantity: string): number {
  return Number(quantity.slice(0, -2)) * (quantity.endsWith("Gi") ? 1024 : 1);
}

/** Reads cdktf.json's context and the environment; the only file this project reads at synth time. */
export function readConfig(file = "cdktf.json", env: Record<string, string | undefined> = process.env): Config {
  let context: unknown;
  try {
    context = JSON.parse(readFileSync(file, "utf8")).context;
  } catch (error) {
    throw new ConfigError([`${file} could not be read as JSON: ${(error as Error).message}`]);
  }
  if (typeof context !== "object" || context === null || Array.isArray(context)) {
    throw new ConfigError([`${file} has no "context" object: expected the settings' defaults there`]);
  }
  return loadConfig(context as Record<string, unknown>, env);
}

/** readConfig for the entry point: bad configuration ends the process with status 1 before anything is written. */
export function readConfigOrExit(): Config {
  try {
    return readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Invalid configuration, nothing synthesized:\n  ${error.problems.join("\n  ")}\n`);
    process.exit(1);
  }
}
