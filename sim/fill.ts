// The values the simulator makes up where a real provider would ask an API:
// computed attributes at apply, and what a data source returns. Each is
// type-correct and a pure function of (resource type, attribute path, the
// object's known values), so the same configuration always gets the same
// values and a changed one gets new ones.
import { createHash } from "crypto";
import { CtyType, isObject, isUnknown, ObjectValue, Value } from "./cty";

/** What a made-up value may depend on besides its own path. */
export interface FillContext {
  /** Resource or data source type. */
  readonly type: string;
  /** A digest of the object's known values: a different object gets different values. */
  readonly seed: string;
  /** The configured provider's arguments (for values a provider takes from its own configuration). */
  readonly provider: ObjectValue | null;
  /** Name of the simulated provider (google, kubernetes, docker). */
  readonly providerName: string;
}

export function digestOf(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\0")).digest("hex");
}

/** The known part of a value, stable across key order, for seeding. */
export function knownJson(value: Value): string {
  if (isUnknown(value)) return '"?"';
  if (Array.isArray(value)) return `[${value.map(knownJson).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${knownJson(value[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

// RFC 5737's TEST-NET-3: an address that is never routed anywhere.
const documentationNetwork = "203.0.113";

function pem(label: string, hex: string): string {
  const body = Buffer.from(`simulated ${label.toLowerCase()} ${hex}`).toString("base64");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/**
 * Made-up strings whose form a consumer checks, by attribute name. The first
 * match wins; other strings are `sim-<name>-<hex>`.
 */
const stringForms: readonly { readonly name: RegExp; readonly make: (hex: string) => string }[] = [
  // Terraform configurations base64decode() these (kubernetes provider's cluster_ca_certificate).
  { name: /(^|_)ca_certificate$|^client_certificate$/, make: (hex) => Buffer.from(pem("CERTIFICATE", hex)).toString("base64") },
  { name: /^client_key$/, make: (hex) => Buffer.from(pem("PRIVATE KEY", hex)).toString("base64") },
  // google_service_account_key: a base64-encoded JSON credentials file.
  {
    name: /^private_key$/,
    make: (hex) => Buffer.from(JSON.stringify({ type: "service_account", private_key_id: hex.slice(0, 40) })).toString("base64"),
  },
  // Addresses (a cluster's endpoint, a load balancer's ingress ip) that nothing can reach.
  { name: /^endpoint$|(^|_)ip$/, make: (hex) => `${documentationNetwork}.${(parseInt(hex.slice(0, 4), 16) % 254) + 1}` },
  { name: /(^|_)digest$/, make: (hex) => `sha256:${hex}` },
];

/**
 * The optional arguments that a provider fills when a configuration leaves
 * them out. The bindings do not say which optional arguments a provider
 * computes, so every other one left out stays null after apply.
 *   - `id`: the providers' Go SDK declares it optional and computed on every
 *     resource and always sets it.
 *   - google's project, region and zone: the provider's own configuration
 *     ("If it is not provided, the provider project is used", as
 *     google_artifact_registry_repository documents project).
 */
const filledArguments: Readonly<Record<string, readonly string[]>> = {
  google: ["project", "region", "zone"],
};

/** The value an optional argument left out of the configuration gets at apply (or from a data source read). */
export function filledArgument(type: CtyType, path: readonly (string | number)[], context: FillContext): Value {
  if (path.length !== 1 || type !== "string") return null;
  const [name] = path as [string];
  if (name === "id") return madeUpValue(type, path, context);
  // google_compute_address: "Set by the API if undefined" (Optional+Computed,
  // google/services/compute/resource_compute_address.go:72 at v6.50.0).
  if (context.type === "google_compute_address" && name === "address") return madeUpValue(type, ["ip"], context);
  if (!filledArguments[context.providerName]?.includes(name)) return null;
  const configured = context.provider?.[name];
  return typeof configured === "string" ? configured : null;
}

function madeUpString(name: string, hex: string): string {
  const form = stringForms.find((candidate) => candidate.name.test(name));
  return form ? form.make(hex) : `sim-${name.replace(/_/g, "-")}-${hex.slice(0, 8)}`;
}

/** A made-up, type-correct value for the attribute at `path` (Terraform names and indexes). */
export function madeUpValue(type: CtyType, path: readonly (string | number)[], context: FillContext): Value {
  const names = path.filter((step): step is string => typeof step === "string");
  const name = names[names.length - 1] ?? "value";
  const hex = digestOf(context.type, path.join("."), context.seed);
  // Consumers check this name's form (bootstrap/terraform-cloud.ts): `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`
  // (google provider v6.50.0 website/docs/r/iam_workload_identity_pool_provider.html.markdown:580-582).
  if (type === "string" && context.type === "google_iam_workload_identity_pool_provider" && path.join(".") === "name") {
    return `projects/${parseInt(hex.slice(0, 10), 16)}/locations/global/workloadIdentityPools/sim-${hex.slice(10, 18)}/providers/sim-${hex.slice(18, 26)}`;
  }
  if (type === "string") return madeUpString(name, hex);
  if (type === "number") return (parseInt(hex.slice(0, 4), 16) % 9) + 1;
  if (type === "bool") return false;
  if (type === "dynamic") return null;
  const [kind, inner] = type;
  // One element, so that configurations may index [0] as they do on a real provider's data.
  if (kind === "list" || kind === "set") return [madeUpValue(inner as CtyType, [...path, 0], context)];
  if (kind === "map") return {};
  const out: ObjectValue = {};
  for (const [attribute, attributeType] of Object.entries(inner as Record<string, CtyType>)) {
    out[attribute] = madeUpValue(attributeType, [...path, attribute], context);
  }
  return out;
}
