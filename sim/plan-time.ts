// The providers' plan-time code outside the schema maps, as data and a small
// interpreter: the DiffSuppressFunc, StateFunc and CustomizeDiff functions the
// extracted facts name (sim/facts/extracted), each written here as what it
// does, with where it is defined at the pinned tag. The SDK (v2) runs them
// while it diffs: a StateFunc's value is what is planned and saved, a
// suppressed difference plans the prior value, a CustomizeDiff sets values or
// asks for a replacement. Functions the facts name that are not written here
// are listed in `leftOut` with the reason; a test holds that every function
// named is in one list or the other, so a provider upgrade that brings a new
// one fails until someone decides.
import { isObject, isUnknown, isWhollyKnown, ObjectValue, UNKNOWN, Value } from "./cty";
import { FunctionUse, TypeFacts } from "./facts/types";
import { Path } from "./rules";

const G = "google v6.50.0";
const K = "kubernetes v2.38.0";

/** A use's function name and its literal string arguments: `tpgresource.EmptyOrDefaultStringSuppress("IPV4")`. */
export function parseUse(use: FunctionUse): { name: string; args: string[] } {
  const match = /^([\w.]+)(?:\((.*)\))?$/s.exec(use.name.trim());
  if (!match) return { name: use.name, args: [] };
  const args = match[2] === undefined ? [] : [...match[2].matchAll(/"((?:[^"\\]|\\.)*)"|([\w.]+)/g)].map((arg) => arg[1] ?? arg[2]);
  return { name: match[1], args };
}

// --- DiffSuppressFunc: (old, new) as the SDK passes them, strings ---

/** Everything after the last "/" (GetResourceNameFromSelfLink, google/tpgresource/self_link_helpers.go:116). */
const lastSegment = (link: string) => link.split("/").pop()!;

/** The part from "projects/" on, or undefined (GetRelativePath, self_link_helpers.go:96-103). */
function relativePath(link: string): string | undefined {
  const at = link.indexOf("projects/");
  return at === -1 ? undefined : link.slice(at);
}

function selfLinkRelativePaths(old: string, now: string): boolean {
  const a = relativePath(old);
  const b = relativePath(now);
  return a !== undefined && b !== undefined && a === b;
}

/** A duration as artifact registry's parseDurationAsSeconds reads it: digits and one unit of s, m, h, d. */
function durationSeconds(value: string): number | undefined {
  const match = /^([+-]?\d+)([smhd])$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as "s" | "m" | "h" | "d"];
}

/**
 * A Kubernetes resource quantity as an exact fraction (numerator, denominator),
 * or undefined where the apimachinery parser refuses it: a signed decimal,
 * then a binary suffix (Ki..Ei), a decimal suffix (n, u, m, k, M..E) or an exponent.
 */
function quantity(text: string): [bigint, bigint] | undefined {
  const match = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|(n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return undefined;
  const [, sign, digits, binary, decimal, exponent] = match;
  const [whole, fraction = ""] = digits.split(".");
  let numerator = BigInt(`${whole || "0"}${fraction}`) * (sign === "-" ? -1n : 1n);
  let denominator = 10n ** BigInt(fraction.length);
  const scale = (power: bigint) => (power >= 0n ? (numerator *= power) : (denominator *= -power));
  if (binary) scale(1024n ** BigInt(["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"].indexOf(binary) + 1));
  if (decimal) {
    const power = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }[decimal]!;
    if (power >= 0) numerator *= 10n ** BigInt(power);
    else denominator *= 10n ** BigInt(-power);
  }
  if (exponent) {
    const power = Number(exponent);
    if (power >= 0) numerator *= 10n ** BigInt(power);
    else denominator *= 10n ** BigInt(-power);
  }
  return [numerator, denominator];
}

interface Suppressor {
  readonly source: string;
  /** Suppressed: the SDK drops the difference and the prior value stays planned. */
  readonly suppress: (old: string, now: string, args: readonly string[]) => boolean;
}

export const diffSuppressors: { readonly [name: string]: Suppressor } = {
  "tpgresource.CaseDiffSuppress": { source: `${G} google/tpgresource/common_diff_suppress.go:41-43`, suppress: (old, now) => old.toUpperCase() === now.toUpperCase() },
  "tpgresource.EmptyOrDefaultStringSuppress": {
    source: `${G} google/tpgresource/common_diff_suppress.go:30-34`,
    suppress: (old, now, [fallback]) => (old === "" && now === fallback) || (now === "" && old === fallback),
  },
  "tpgresource.CidrOrSizeDiffSuppress": { source: `${G} google/tpgresource/common_diff_suppress.go:149-152`, suppress: (old, now) => now.startsWith("/") && old.endsWith(now) },
  "tpgresource.CompareResourceNames": { source: `${G} google/tpgresource/self_link_helpers.go:31-33`, suppress: (old, now) => lastSegment(old) === lastSegment(now) },
  "tpgresource.CompareSelfLinkRelativePaths": { source: `${G} google/tpgresource/self_link_helpers.go:54-69`, suppress: selfLinkRelativePaths },
  "tpgresource.CompareSelfLinkOrResourceName": {
    source: `${G} google/tpgresource/self_link_helpers.go:75-88`,
    suppress: (old, now) => (!now.includes("/") && lastSegment(old) === now) || selfLinkRelativePaths(old, now),
  },
  CompareProjectName: { source: `${G} google/services/resourcemanager/iam_project.go:115-118`, suppress: (old, now) => lastSegment(old) === lastSegment(now) },
  StorageBucketDiffSuppress: { source: `${G} google/services/storage/iam_storage_bucket.go:42-44`, suppress: (old, now) => lastSegment(old) === lastSegment(now) },
  iamMemberCaseDiffSuppress: {
    // Case matters for allUsers, allAuthenticatedUsers and principal forms (iamMemberIsCaseSensitive, google/tpgiamresource/iam.go:268-274).
    source: `${G} google/tpgiamresource/resource_iam_member.go:34-40`,
    suppress: (old, now) => {
      const sensitive = (member: string) => /allAuthenticatedUsers|allUsers/.test(member) || /^(principalSet|principal|principalHierarchy):/.test(member);
      return sensitive(old) || sensitive(now) ? old === now : old.toUpperCase() === now.toUpperCase();
    },
  },
  durationDiffSuppress: {
    source: `${G} google/services/artifactregistry/resource_artifact_registry_repository.go:73-106`,
    suppress: (old, now) => {
      const a = durationSeconds(old);
      const b = durationSeconds(now);
      return a !== undefined && b !== undefined && a === b;
    },
  },
  suppressEquivalentResourceQuantity: {
    source: `${K} kubernetes/diff_supress_funcs.go:11-21 (apimachinery resource.ParseQuantity, Cmp)`,
    suppress: (old, now) => {
      const a = quantity(old);
      const b = quantity(now);
      return a !== undefined && b !== undefined && a[0] * b[1] === b[0] * a[1];
    },
  },
};

// --- StateFunc: the value planned and saved instead of the configured one ---

/** Go's encoding/json of a decoded document: keys sorted, no spaces (what NormalizeJsonString returns). */
function goJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${goJson((value as Record<string, unknown>)[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Inline StateFuncs (`func(...)` in the facts), by the attribute they stand on: type and path. */
export const stateFuncs: { readonly [typeAndPath: string]: { readonly source: string; readonly apply: (value: string) => string } } = {
  "google_storage_bucket location": { source: `${G} google/services/storage/resource_storage_bucket.go:147-149`, apply: (value) => value.toUpperCase() },
  "google_iam_workload_identity_pool_provider oidc.jwks_json": {
    // structure.NormalizeJsonString returns its input unchanged when it is not JSON (terraform-plugin-sdk v2 helper/structure).
    source: `${G} google/services/iambeta/resource_iam_workload_identity_pool_provider.go:260`,
    apply: (value) => {
      try {
        return goJson(JSON.parse(value));
      } catch {
        return value;
      }
    },
  },
};

// --- CustomizeDiff ---

export interface PlanTimeContext {
  readonly type: string;
  /** The configured provider's arguments. */
  readonly provider: ObjectValue | null;
  readonly prior: ObjectValue | null;
  /** The resource's configuration: what it says, before the plan filled anything. */
  readonly config: ObjectValue | null;
}

/** `customdiff.ForceNewIfChange(path, f)`: a change at the path replaces the resource where f(old, new) holds. */
const forceNewIf: { readonly [f: string]: { readonly source: string; readonly holds: (old: Value, now: Value) => boolean } } = {
  // Despite its name, true -> false: turning it off replaces (google/services/container/resource_container_cluster.go:209-220).
  isBeenEnabled: { source: `${G} google/services/container/resource_container_cluster.go:209-220`, holds: (old, now) => old === true && now === false },
  isPolicyLocked: { source: `${G} google/services/storage/resource_storage_bucket.go:812-823`, holds: (old, now) => old === true && now === false },
  IsShrinkageIpCidr: {
    source: `${G} google/services/compute/resource_compute_subnetwork.go:41-57`,
    holds: (old, now) => {
      const a = typeof old === "string" ? cidrRange(old) : undefined;
      const b = typeof now === "string" ? cidrRange(now) : undefined;
      return a !== undefined && b !== undefined && !(b[0] <= a[0] && a[1] <= b[1]);
    },
  },
};

/** First and last address of an IPv4 CIDR, as numbers; undefined where net.ParseCIDR would fail. */
function cidrRange(text: string): [number, number] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((octet) => octet > 255) || bits > 32) return undefined;
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const size = 2 ** (32 - bits);
  const start = Math.floor(address / size) * size;
  return [start, start + size - 1];
}

type Customizer = (planned: ObjectValue, context: PlanTimeContext, args: readonly string[]) => { planned: ObjectValue; replace?: Path[] };

const stringMap = (value: Value): Record<string, Value> => (isObject(value) ? { ...value } : {});

/**
 * setLabelsFields (google/tpgresource/labels.go:75-146): terraform_labels is
 * the provider's default_labels, the attribution label where the strategy
 * adds it (google/transport/config.go:758-761; add_terraform_attribution_label
 * defaults to true and the strategy to CREATION_ONLY, google/provider/provider.go:179-183,1098-1103),
 * then the resource's labels; effective_labels is the prior one with those
 * set and the ones Terraform no longer manages removed.
 */
function setLabels(planned: ObjectValue, context: PlanTimeContext, field: string): { planned: ObjectValue } {
  if (!("terraform_labels" in planned) || !("effective_labels" in planned)) return { planned };
  const labels = planned[field] ?? null;
  const defaults = context.provider?.default_labels ?? null;
  if (!isWhollyKnown(labels) || !isWhollyKnown(defaults)) return { planned: { ...planned, terraform_labels: UNKNOWN, effective_labels: UNKNOWN } };
  const provider = context.provider ?? {};
  const attribution = provider.add_terraform_attribution_label ?? true;
  const strategy = provider.terraform_attribution_label_addition_strategy ?? "CREATION_ONLY";
  const before = stringMap(context.prior?.effective_labels ?? null);
  const terraform = stringMap(defaults);
  if (attribution === true && ("goog-terraform-provisioned" in before || strategy === "PROACTIVE" || (strategy === "CREATION_ONLY" && context.prior === null))) {
    terraform["goog-terraform-provisioned"] = "true";
  }
  Object.assign(terraform, stringMap(labels));
  const effective = { ...before, ...terraform };
  for (const key of Object.keys(stringMap(context.prior?.terraform_labels ?? null))) if (!(key in terraform)) delete effective[key];
  return { planned: { ...planned, terraform_labels: terraform, effective_labels: effective } };
}

export const customizers: { readonly [name: string]: { readonly source: string; readonly run: Customizer } } = {
  // GetProjectFromDiff (google/tpgresource/utils.go:121-133): the planned project, else (config not unknown) the provider's.
  "tpgresource.DefaultProviderProject": {
    source: `${G} google/tpgresource/utils.go:861-880, :121-133`,
    run: (planned, context) => {
      const project = planned.project ?? null;
      if (typeof project === "string" && project !== "") return { planned };
      if (context.config && isUnknown(context.config.project ?? null)) return { planned };
      const configured = context.provider?.project;
      return typeof configured === "string" && configured !== "" ? { planned: { ...planned, project: configured } } : { planned };
    },
  },
  "tpgresource.SetLabelsDiff": { source: `${G} google/tpgresource/labels.go:157-159, :75-146`, run: (planned, context) => setLabels(planned, context, "labels") },
  "tpgresource.SetDiffForLabelsWithCustomizedName": {
    source: `${G} google/tpgresource/labels.go:163-167, :75-146`,
    run: (planned, context, [field]) => setLabels(planned, context, field),
  },
  "customdiff.ForceNewIfChange": {
    source: "terraform-plugin-sdk v2 helper/customdiff/force_new.go (ForceNewIfChange: HasChange, then f(old, new))",
    run: (planned, context, [path, f]) => {
      const rule = forceNewIf[f];
      if (!context.prior || !rule) return { planned };
      const steps: (string | number)[] = path.split(".").map((step) => (/^\d+$/.test(step) ? Number(step) : step));
      const old = at(context.prior, steps);
      const now = at(planned, steps);
      if (isUnknown(now) || JSON.stringify(old) === JSON.stringify(now) || !rule.holds(old, now)) return { planned };
      return { planned, replace: [steps] };
    },
  },
  // A new account, or a new account_id: email and member known at plan (google/services/resourcemanager/resource_google_service_account.go:356-373).
  resourceServiceAccountCustomDiff: {
    source: `${G} google/services/resourcemanager/resource_google_service_account.go:356-384`,
    run: (planned, context) => {
      if (context.prior !== null && JSON.stringify(context.prior.account_id ?? null) === JSON.stringify(planned.account_id ?? null)) return { planned };
      const { account_id: id, project } = planned;
      if (typeof id !== "string" || id === "" || typeof project !== "string" || project === "") {
        // The provider sets nothing: what it leaves is computed, unknown until apply.
        return context.prior === null ? { planned } : { planned: { ...planned, email: UNKNOWN, member: UNKNOWN } };
      }
      const email = `${id}@${project}.iam.gserviceaccount.com`;
      return { planned: { ...planned, email, member: `serviceAccount:${email}` } };
    },
  },
};

/**
 * Named in the facts, deliberately not interpreted, and why. Each can change
 * a plan only in the situation named; the simulator then plans as the
 * schema alone says (see sim/README.md, "Known false alarms").
 */
export const leftOut: { readonly [name: string]: string } = {
  // CustomizeDiff
  resourceNodeConfigEmptyGuestAccelerator: "drops guest_accelerator entries with count 0; only a configuration with a zero-count accelerator plans differently",
  containerClusterAutopilotCustomizeDiff: "Autopilot clusters only (enable_autopilot): plans their node_config defaults",
  containerClusterNodeVersionRemoveDefaultCustomizeDiff: "only with remove_default_node_pool and a node_version change",
  containerClusterNetworkPolicyEmptyCustomizeDiff: "only when network_policy is removed while the API reports it disabled",
  containerClusterSurgeSettingsCustomizeDiff: "only with a BLUE_GREEN upgrade strategy in cluster_autoscaling",
  containerClusterEnableK8sBetaApisCustomizeDiff: "only when enable_k8s_beta_apis removes an enabled API (then it replaces): the stacks set none",
  containerClusterNodeVersionCustomizeDiff: "only with node_version set and no min_master_version",
  resourceComputeSubnetworkSecondaryIpRangeSetStyleDiff: "only with secondary_ip_range written as a set of blocks that reorders",
  sendSecondaryIpRangeIfEmptyDiff: "only with send_secondary_ip_range_if_empty on an existing subnetwork",
  // DiffSuppressFunc on whole blocks: each compares the API's filled-in block with a removed or empty one
  containerClusterPrivateClusterConfigSuppress: "suppresses a private_cluster_config that is all off; offline a removed optional+computed block keeps its prior elements already",
  containerClusterNetworkPolicyDiffSuppress: "suppresses a network_policy the API reports disabled when the configuration has none",
  BinaryAuthorizationDiffSuppress: "suppresses a binary_authorization block that says the default (evaluation_mode DISABLED)",
  SecretManagerCfgSuppress: "suppresses a removed secret_manager_config that the API reports disabled",
  suppressDiffForAutopilot: "Autopilot clusters only",
  suppressDiffForConfidentialNodes: "only for confidential_instance_type left out while the API reports one",
  suppressDiffForClusterDnsScope: "only for cluster_dns_scope left out while the API reports the default",
  suppressDiffForPreRegisteredFleet: "only for a cluster registered to a fleet outside Terraform",
  containerClusterAddedScopesSuppress: "compares auto_provisioning_defaults scopes with the monitoring scope GKE adds; reads a fixed path of the cluster, so for node pools it never suppresses, and the stacks configure no auto-provisioning",
  containerNodePoolResourceLabelsDiffSuppress: "suppresses resource labels GKE adds (goog-gke-*) that no simulated API adds",
  Rfc3339TimeDiffSuppress: "maintenance windows' start_time in equivalent RFC 3339 forms; the stacks set none",
  rfc5545RecurrenceDiffSuppress: "maintenance recurrences in equivalent RFC 5545 forms; the stacks set none",
  emptyMavenConfigDiffSuppress: "suppresses a maven_config block the API fills for non-Maven repositories",
  upstreamPoliciesDiffSuppress: "compares virtual repositories' upstream policies as a set; the stacks use a standard repository",
  subnetworkLogConfigDiffSuppress: "suppresses a log_config that says the defaults",
  hierachicalNamespaceDiffSuppress: "suppresses a hierarchical_namespace block that is disabled",
  // Inline functions (func(...)), by type and path
  "google_storage_bucket autoclass": "suppresses an autoclass block that is disabled, against none (resource_storage_bucket.go:356-372)",
  "google_storage_bucket ip_filter": "suppresses an ip_filter block that is disabled, against none (resource_storage_bucket.go:661-676)",
};

/** Inline DiffSuppressFuncs (`func(...)` in the facts), by type and path. */
export const inlineSuppressors: { readonly [typeAndPath: string]: Suppressor } = {
  // A removed page keeps the bucket's (return old != "" && new == "").
  "google_storage_bucket website.main_page_suffix": { source: `${G} google/services/storage/resource_storage_bucket.go:395-397`, suppress: (old, now) => old !== "" && now === "" },
  "google_storage_bucket website.not_found_page": { source: `${G} google/services/storage/resource_storage_bucket.go:404-406`, suppress: (old, now) => old !== "" && now === "" },
};

/** The interpretation of an attribute's DiffSuppressFunc, if the simulator has one. */
export function suppressorFor(type: string, path: string, use: FunctionUse): { rule: Suppressor; args: string[] } | undefined {
  if (use.name === "func(...)") {
    const rule = inlineSuppressors[`${type} ${path}`];
    return rule ? { rule, args: [] } : undefined;
  }
  const { name, args } = parseUse(use);
  return diffSuppressors[name] ? { rule: diffSuppressors[name], args } : undefined;
}

/** The value at a path (names and list indexes), or null. */
function at(value: Value, steps: readonly (string | number)[]): Value {
  let current: Value = value;
  for (const step of steps) {
    if (typeof step === "number") current = Array.isArray(current) ? (current[step] ?? null) : null;
    else current = isObject(current) ? (current[step] ?? null) : null;
  }
  return current;
}

/** A primitive as the SDK's flatmap diff hands it to a DiffSuppressFunc. */
function flat(value: Value): string | undefined {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/**
 * Every place a dotted facts path reaches in `planned`, with the value at
 * the same place in `prior` (list elements by index; set elements have no
 * counterpart, so nothing there is compared).
 */
function places(planned: Value, prior: Value, steps: readonly string[]): { holder: ObjectValue; name: string; before: Value }[] {
  if (!isObject(planned)) return [];
  const [name, ...rest] = steps;
  const before = isObject(prior) ? (prior[name] ?? null) : null;
  if (rest.length === 0) return [{ holder: planned, name, before }];
  const next = planned[name] ?? null;
  if (Array.isArray(next)) {
    return next.flatMap((element, index) => places(element, Array.isArray(before) ? (before[index] ?? null) : null, rest));
  }
  return places(next, before, rest);
}

/** Copies `object` along a path so the place can be written without touching Terraform's proposal. */
function cloneDeep(value: Value): Value {
  if (Array.isArray(value)) return value.map(cloneDeep);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, element]) => [key, cloneDeep(element)]));
  return value;
}

/**
 * The plan after the provider's plan-time functions: StateFuncs applied to
 * configured values, suppressed differences back to the prior value, then
 * each CustomizeDiff in order. Returns the paths a CustomizeDiff replaces.
 */
export function planTime(facts: TypeFacts | undefined, plannedIn: ObjectValue, context: PlanTimeContext): { planned: ObjectValue; replace: Path[] } {
  if (!facts) return { planned: plannedIn, replace: [] };
  let planned = cloneDeep(plannedIn) as ObjectValue;
  for (const [path, fact] of Object.entries(facts.attributes)) {
    const steps = path.split(".");
    if (fact.stateFunc) {
      const state = stateFuncs[`${context.type} ${path}`];
      for (const place of state ? places(planned, null, steps) : []) {
        const value = place.holder[place.name] ?? null;
        if (typeof value === "string") place.holder[place.name] = state.apply(value);
      }
    }
    if (fact.diffSuppress && context.prior !== null) {
      const found = suppressorFor(context.type, path, fact.diffSuppress);
      if (!found) continue;
      const { rule, args } = found;
      for (const place of places(planned, context.prior, steps)) {
        const value = place.holder[place.name] ?? null;
        if (isUnknown(value)) continue;
        if (isObject(value) || isObject(place.before)) {
          // A map: the SDK diffs it key by key (`limits.cpu`), each key through the function.
          const before = isObject(place.before) ? place.before : {};
          const after = isObject(value) ? { ...value } : {};
          for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
            const old = flat(before[key] ?? null);
            const now = flat(after[key] ?? null);
            if (old === undefined || now === undefined || isUnknown(after[key] ?? null) || old === now) continue;
            if (rule.suppress(old, now, args)) {
              if (key in before) after[key] = before[key];
              else delete after[key];
            }
          }
          place.holder[place.name] = after;
          continue;
        }
        const old = flat(place.before);
        const now = flat(value);
        if (old !== undefined && now !== undefined && old !== now && rule.suppress(old, now, args)) place.holder[place.name] = place.before;
      }
    }
  }
  const replace: Path[] = [];
  for (const use of facts.customizeDiff ?? []) {
    const { name, args } = parseUse(use);
    const customizer = customizers[name];
    if (!customizer) continue;
    const result = customizer.run(planned, context, args);
    planned = result.planned;
    replace.push(...(result.replace ?? []));
  }
  return { planned, replace };
}
