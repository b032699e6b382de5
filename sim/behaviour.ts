// What the simulated providers do with a resource or data source, given its
// schema and facts (sim/rules.ts): plan (computed attributes unknown on
// create, kept on update; defaults for left-out arguments; an
// optional+computed block left out gets one element), apply (unknowns filled
// with made-up values) and data source reads (made-up, deterministic values).
import { conform, CtyType, isObject, isUnknown, ObjectValue, sameValue, UNKNOWN, Value } from "./cty";
import { TypeFacts } from "./facts/types";
import { digestOf, filledArgument, FillContext, knownJson, madeUpValue } from "./fill";
import { Attribute, Block, blockType } from "./schema";

import { Path } from "./rules";

/**
 * The planned object from Terraform's proposal (config merged with prior
 * state). `prior` is the object this one updates, or null for a new one; a
 * computed attribute the configuration leaves out is unknown in a new object
 * and keeps the proposal's (prior) value in an existing one. With `facts`, a
 * left-out argument with a schema Default plans as the default, and a left-out
 * optional+computed block keeps its prior elements, or, new, gets one
 * element the provider will fill (so `master_auth[0].cluster_ca_certificate`
 * can be referenced), as the SDK plans them.
 */
export function planObject(block: Block, proposed: ObjectValue, prior: ObjectValue | null, facts?: TypeFacts, prefix = ""): ObjectValue {
  const planned: ObjectValue = { ...proposed };
  const at = (name: string) => (prefix === "" ? name : `${prefix}.${name}`);
  for (const [name, attribute] of Object.entries(block.attributes)) {
    const value = proposed[name] ?? null;
    const fallback = facts?.attributes[at(name)]?.default;
    if (value === null && fallback && !attribute.computed) planned[name] = conform(attribute.type, fallback.value);
    else if (attribute.computed && prior === null && value === null) planned[name] = UNKNOWN;
  }
  for (const [name, nested] of Object.entries(block.blocks)) {
    const value = proposed[name] ?? null;
    const before = prior?.[name] ?? null;
    const path = at(name);
    if (nested.nesting === "single") {
      if (isObject(value)) planned[name] = planObject(nested.block, value, isObject(before) ? before : null, facts, path);
      continue;
    }
    if (nested.optionalComputed && (value === null || (Array.isArray(value) && value.length === 0))) {
      if (Array.isArray(before) && before.length > 0) planned[name] = before;
      else if (prior === null) planned[name] = [providerElement(nested.block, facts, path)];
      continue;
    }
    if (!Array.isArray(value)) continue;
    const priorElements = Array.isArray(before) ? before : [];
    planned[name] = value.map((element, index) => {
      if (!isObject(element)) return element;
      // A list element updates the one at its index. A set element has no
      // identity but its value: it is existing only if the prior set holds it unchanged.
      const correlated =
        nested.nesting === "list" ? priorElements[index] : priorElements.find((candidate) => sameValue(candidate, element));
      return planObject(nested.block, element, correlated !== undefined && isObject(correlated) ? correlated : null, facts, path);
    });
  }
  return planned;
}

/** A new element of a block the provider fills: what it decides unknown, defaults planned. */
function providerElement(block: Block, facts: TypeFacts | undefined, prefix: string): ObjectValue {
  const empty = conform(blockType(block), {}) as ObjectValue;
  for (const [name, attribute] of Object.entries(block.attributes)) if (attribute.required) empty[name] = UNKNOWN;
  return planObject(block, empty, null, facts, prefix);
}

/** `value` with every unknown inside it made up (the value of a computed-only attribute). */
function fillUnknowns(type: CtyType, value: Value, path: Path, context: FillContext): Value {
  if (isUnknown(value)) return madeUpValue(type, path, context);
  if (value === null || typeof type === "string") return value;
  const [kind, inner] = type;
  if ((kind === "list" || kind === "set") && Array.isArray(value)) {
    return value.map((element, index) => fillUnknowns(inner as CtyType, element, [...path, index], context));
  }
  if (kind === "map" && isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, element]) => [key, fillUnknowns(inner as CtyType, element, [...path, key], context)]));
  }
  if (kind === "object" && isObject(value)) {
    const attributes = inner as Record<string, CtyType>;
    return Object.fromEntries(
      Object.entries(attributes).map(([name, attributeType]) => [name, fillUnknowns(attributeType, value[name] ?? null, [...path, name], context)]),
    );
  }
  return value;
}

/**
 * `object` with values for what the provider decides: a computed-only
 * attribute gets a made-up value, an optional one the configuration left out
 * gets what the provider is documented to fill (fill.ts) or null. `decides`
 * says which attributes are the provider's to decide: unknown ones on apply,
 * null ones on a data source read.
 */
function fillBlock(block: Block, object: ObjectValue, path: Path, context: FillContext, decides: (value: Value) => boolean): ObjectValue {
  const out: ObjectValue = { ...object };
  for (const [name, attribute] of Object.entries(block.attributes)) {
    const value = object[name] ?? null;
    const at = [...path, name];
    if (attribute.computed && decides(value)) {
      out[name] = attribute.optional ? providerArgument(attribute, at, context) : madeUpValue(attribute.type, at, context);
    } else {
      out[name] = fillUnknowns(attribute.type, value, at, context);
    }
  }
  for (const [name, nested] of Object.entries(block.blocks)) {
    const value = object[name] ?? null;
    if (nested.nesting === "single") {
      if (isObject(value)) out[name] = fillBlock(nested.block, value, [...path, name], context, decides);
      else if (isUnknown(value)) out[name] = null;
    } else if (Array.isArray(value)) {
      out[name] = value.map((element, index) =>
        isObject(element) ? fillBlock(nested.block, element, [...path, name, index], context, decides) : element,
      );
    } else if (isUnknown(value)) {
      out[name] = []; // a dynamic block whose for_each was unknown: the simulator makes no blocks up
    }
  }
  return out;
}

/**
 * An optional argument the provider decides: the value it is documented to
 * fill (fill.ts); with facts saying Optional+Computed, otherwise one it makes
 * up (an allowed one where the provider accepts only some).
 */
function providerArgument(attribute: Attribute, path: Path, context: FillContext): Value {
  const filled = filledArgument(attribute.type, path, context);
  if (filled !== null || !attribute.optionalComputed) return filled;
  const [allowed] = attribute.allowed ?? [];
  if (allowed !== undefined && attribute.type === "string") return allowed;
  if (allowed !== undefined && Array.isArray(attribute.type) && attribute.type[0] !== "map" && attribute.type[1] === "string") return [allowed];
  return madeUpValue(attribute.type, path, context);
}

/**
 * What a provider does at apply beyond filling unknowns, by type.
 * google_service_account_key: an uploaded public key (`public_key_data`)
 * gets no private key from the API, and the provider stores the empty
 * PrivateKeyData it got (google v6.50.0
 * google/services/resourcemanager/resource_google_service_account_key.go:129,156).
 */
const applyQuirks: { readonly [type: string]: (planned: ObjectValue, applied: ObjectValue) => ObjectValue } = {
  google_container_cluster: (_planned, applied) => withoutClientCertificate(applied),
  // The API names an account by its email (resource_google_service_account.go:147, :243).
  google_service_account: (planned, applied) =>
    typeof applied.email === "string" && typeof applied.project === "string" && isUnknown(planned.name ?? null)
      ? { ...applied, name: `projects/${applied.project}/serviceAccounts/${applied.email}`, id: `projects/${applied.project}/serviceAccounts/${applied.email}` }
      : applied,
  google_service_account_key: (planned, applied) =>
    typeof planned.public_key_data === "string" && planned.public_key_data !== "" ? { ...applied, private_key: "" } : applied,
};

/**
 * GKE issues a client certificate (and key) only when asked; the provider
 * stores the API's empty ones and infers issue_client_certificate from them
 * (google v6.50.0 google/services/container/resource_container_cluster.go:6751-6772,
 * flattenMasterAuth). Made-up ones would be a credential no real state holds.
 */
function withoutClientCertificate(cluster: ObjectValue): ObjectValue {
  if (!Array.isArray(cluster.master_auth)) return cluster;
  const masterAuth = cluster.master_auth.map((auth) => {
    if (!isObject(auth)) return auth;
    const config = Array.isArray(auth.client_certificate_config) ? auth.client_certificate_config[0] : null;
    if (isObject(config) && config.issue_client_certificate === true) return auth;
    const issued = Array.isArray(auth.client_certificate_config) ? [{ issue_client_certificate: false }] : auth.client_certificate_config;
    return { ...auth, client_certificate: "", client_key: "", client_certificate_config: issued };
  });
  return { ...cluster, master_auth: masterAuth };
}

/** What a data source returns beyond its made-up values, by type (as the provider's read flattens it). */
const readQuirks: { readonly [type: string]: (read: ObjectValue) => ObjectValue } = {
  google_container_cluster: withoutClientCertificate,
};

export interface ProviderContext {
  readonly providerName: string;
  readonly provider: ObjectValue | null;
}

/** The new state of an applied create or update: the plan with every unknown decided. */
export function applyObject(type: string, block: Block, planned: ObjectValue, provider: ProviderContext): ObjectValue {
  const context: FillContext = { ...provider, type, seed: digestOf(knownJson(planned)) };
  const applied = fillBlock(block, planned, [], context, isUnknown);
  return applyQuirks[type]?.(planned, applied) ?? applied;
}

/** What a data source returns: its configuration, with the computed attributes it leaves out decided. */
export function readDataObject(type: string, block: Block, config: ObjectValue, provider: ProviderContext): ObjectValue {
  const context: FillContext = { ...provider, type, seed: digestOf(knownJson(config)) };
  const read = fillBlock(block, config, [], context, (value) => value === null);
  return readQuirks[type]?.(read) ?? read;
}
