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

const base64Pem = (label: string) => (hex: string) => Buffer.from(pem(label, hex)).toString("base64");
const unroutedAddress = (hex: string) => `${documentationNetwork}.${(parseInt(hex.slice(0, 4), 16) % 254) + 1}`;

/**
 * Made-up strings in the form the provider documents for the attribute, by
 * type and attribute name (any depth); other strings are `sim-<name>-<hex>`.
 * Each form is the provider's description of the value at the pinned tag.
 */
const documentedForms: { readonly [type: string]: { readonly [attribute: string]: { readonly make: (hex: string) => string; readonly source: string } } } = (() => {
  const cluster = {
    // "Base64 encoded public certificate that is the root of trust for the cluster." and the client pair's "Base64 encoded ..."
    cluster_ca_certificate: { make: base64Pem("CERTIFICATE"), source: "google v6.50.0 google/services/container/resource_container_cluster.go:1373-1376" },
    client_certificate: { make: base64Pem("CERTIFICATE"), source: "google v6.50.0 google/services/container/resource_container_cluster.go:1360-1363" },
    client_key: { make: base64Pem("PRIVATE KEY"), source: "google v6.50.0 google/services/container/resource_container_cluster.go:1366-1370" },
    // "The IP address of this cluster's Kubernetes master."
    endpoint: { make: unroutedAddress, source: "google v6.50.0 google/services/container/resource_container_cluster.go:1559-1562" },
  };
  return {
    // The data source's schema is the resource's (datasource_helpers.go:29-66).
    google_container_cluster: cluster,
    // "The static external IP address represented by this resource."
    google_compute_address: { address: { make: unroutedAddress, source: "google v6.50.0 google/services/compute/resource_compute_address.go:72-77" } },
    // "The private key in JSON format, base64 encoded."
    google_service_account_key: {
      private_key: {
        make: (hex) => Buffer.from(JSON.stringify({ type: "service_account", private_key_id: hex.slice(0, 40) })).toString("base64"),
        source: "google v6.50.0 google/services/resourcemanager/resource_google_service_account_key.go:95-98",
      },
    },
    // "The sha256 digest of the image."
    docker_registry_image: { sha256_digest: { make: (hex) => `sha256:${hex}`, source: "docker v3.6.2 internal/provider/resource_docker_registry_image.go:44-47" } },
    // A load balancer's ingress "ip" (kubernetes_service_v1 status).
    kubernetes_service_v1: { ip: { make: unroutedAddress, source: "kubernetes v2.38.0 kubernetes/resource_kubernetes_service_v1.go:300-315 (status.load_balancer.ingress.ip)" } },
  };
})();

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
  if (context.type === "google_compute_address" && name === "address") return madeUpValue(type, path, context);
  if (!filledArguments[context.providerName]?.includes(name)) return null;
  const configured = context.provider?.[name];
  return typeof configured === "string" ? configured : null;
}

function madeUpString(type: string, name: string, hex: string): string {
  const form = documentedForms[type]?.[name];
  return form ? form.make(hex) : `sim-${name.replace(/_/g, "-")}-${hex.slice(0, 8)}`;
}

/** A made-up, type-correct value for the attribute at `path` (Terraform names and indexes). */
export function madeUpValue(type: CtyType, path: readonly (string | number)[], context: FillContext): Value {
  const names = path.filter((step): step is string => typeof step === "string");
  const name = names[names.length - 1] ?? "value";
  const hex = digestOf(context.type, path.join("."), context.seed);
  if (type === "string") return madeUpString(context.type, name, hex);
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
