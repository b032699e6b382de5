// What the providers' source says beyond the schema (sim/facts), applied by
// the simulator: the schema it serves (sensitive attributes, which optional
// arguments the provider computes, block limits), the provider-side
// validation that runs in Validate*Config, and which changes replace a
// resource. Each fact carries its citation; the rules here only follow the
// plugin SDK's way of using them (terraform-plugin-sdk v2 helper/schema,
// which these providers' resources are written with).
import { CtyType, isObject, isUnknown, isWhollyKnown, ObjectValue, Value } from "./cty";
import { knownJson } from "./fill";
import { AttributeFacts, Check, TypeFacts } from "./facts/types";
import { Attribute, Block, NestedBlock } from "./schema";

/** An attribute path as Terraform names and list indexes. */
export type Path = readonly (string | number)[];

/** A problem found in a configuration, at the attribute it concerns. */
export interface Finding {
  readonly summary: string;
  readonly detail: string;
  readonly path: Path;
}

const join = (prefix: string, name: string) => (prefix === "" ? name : `${prefix}.${name}`);

/** The SDK's name of an attribute in messages: `node_config.0.oauth_scopes`. */
export const sdkKey = (path: Path): string => path.join(".");

/**
 * `block` as the provider's facts describe it. A type without facts keeps the
 * bindings' view (every optional argument also computed). With facts, an
 * optional argument is computed only where the facts say Optional+Computed
 * (and `id`, which the SDK declares so on every resource): a left-out or
 * removed argument then plans as null, as the provider plans it.
 */
export function withFacts(block: Block, facts: TypeFacts | undefined, kind: "resource" | "data" | "provider"): Block {
  if (!facts) return block;
  const visit = (current: Block, prefix: string, top: boolean): Block => {
    const attributes: Record<string, Attribute> = {};
    for (const [name, attribute] of Object.entries(current.attributes)) {
      const fact: AttributeFacts | undefined = facts.attributes[join(prefix, name)];
      const allowed = fact?.checks?.find((check) => check.kind === "oneOf") as Extract<Check, { kind: "oneOf" }> | undefined;
      let computed = attribute.computed;
      let optionalComputed = false;
      if (kind === "resource" && attribute.optional) {
        optionalComputed = fact?.optionalComputed !== undefined || (top && name === "id");
        computed = optionalComputed;
      }
      attributes[name] = {
        ...attribute,
        computed,
        ...(optionalComputed ? { optionalComputed } : {}),
        ...(fact?.sensitive ? { sensitive: true } : {}),
        ...(allowed ? { allowed: allowed.values } : {}),
      };
    }
    const blocks: Record<string, NestedBlock> = {};
    for (const [name, nested] of Object.entries(current.blocks)) {
      const path = join(prefix, name);
      const fact = facts.attributes[path];
      const limits = nested.nesting === "single" ? {} : {
        ...(fact?.minItems ? { minItems: fact.minItems.value } : {}),
        ...(fact?.maxItems ? { maxItems: fact.maxItems.value } : {}),
      };
      blocks[name] = {
        ...nested,
        ...limits,
        block: visit(nested.block, path, false),
        ...(kind === "resource" && fact?.optionalComputed ? { optionalComputed: true } : {}),
      };
    }
    return { attributes, blocks };
  };
  return visit(block, "", true);
}

/** Whether a configured value counts as set, as the SDK's ResourceConfig.Get sees it; unknown where it cannot tell. */
type Presence = "set" | "unset" | "unknown";

/** Presence of the value at a facts path (from the type's top, crossing every element of a list or set). */
function presence(block: Block, config: ObjectValue, dotted: string): Presence {
  const steps = dotted.split(".");
  const walk = (current: Block | undefined, value: Value, index: number): Presence => {
    if (isUnknown(value)) return "unknown";
    if (value === null) return "unset";
    if (index === steps.length) {
      if (Array.isArray(value) && value.length === 0) return "unset";
      return isWhollyKnown(value) || !Array.isArray(value) ? "set" : "unknown";
    }
    if (Array.isArray(value)) {
      const found = value.map((element) => walk(current, element, index));
      return found.includes("set") ? "set" : found.includes("unknown") ? "unknown" : "unset";
    }
    if (!isObject(value)) return "unset";
    const name = steps[index];
    return walk(current?.blocks[name]?.block, value[name] ?? null, index + 1);
  };
  return walk(block, config, 0);
}

function checkFails(check: Check, value: Value): boolean {
  switch (check.kind) {
    case "oneOf": {
      if (typeof value !== "string") return false;
      return !check.values.some((allowed) => (check.ignoreCase ? allowed.toLowerCase() === value.toLowerCase() : allowed === value));
    }
    case "intRange": {
      if (typeof value !== "number") return false;
      return !Number.isInteger(value) || (check.min !== undefined && value < check.min) || (check.max !== undefined && value > check.max);
    }
    case "regex":
      return typeof value === "string" && !goRegex(check.pattern).test(value);
    case "length": {
      if (typeof value !== "string") return false;
      const length = [...value].length;
      return (check.min !== undefined && length < check.min) || (check.max !== undefined && length > check.max);
    }
  }
}

const compiled = new Map<string, RegExp>();

/** A Go (RE2) pattern as a JavaScript one: the two agree on the syntax the providers' validators use, bar inline flags. */
function goRegex(pattern: string): RegExp {
  let found = compiled.get(pattern);
  if (!found) {
    const flags = /^\(\?([imsU]+)\)/.exec(pattern);
    found = new RegExp(flags ? pattern.slice(flags[0].length) : pattern, (flags?.[1] ?? "").replace(/[^ims]/g, ""));
    compiled.set(pattern, found);
  }
  return found;
}

/** The values a check applies to: the value itself, each element of a list or set, each key or value of a map. */
function checkedValues(type: CtyType, value: Value, path: Path, on: "keys" | "values" | undefined): { value: Value; path: Path }[] {
  if (typeof type === "string") return [{ value, path }];
  const [kind] = type;
  if ((kind === "list" || kind === "set") && Array.isArray(value)) return value.map((element, index) => ({ value: element, path: [...path, index] }));
  if (kind === "map" && isObject(value)) {
    return Object.entries(value).map(([key, element]) => (on === "keys" ? { value: key, path: [...path, key] } : { value: element, path: [...path, key] }));
  }
  return [{ value, path }];
}

/**
 * Provider-side validation of a configuration, as the SDK runs it (schemaMap.validate):
 * ExactlyOneOf and AtLeastOneOf for every attribute of a present block,
 * RequiredWith for set ones, and, once a value is wholly known,
 * ConflictsWith, list limits and the validators. Unknown values are skipped.
 */
export function validateConfig(block: Block, facts: TypeFacts | undefined, config: ObjectValue): Finding[] {
  const findings: Finding[] = computedSet(block, config, []);
  if (!facts) return findings;
  const relations = (fact: AttributeFacts, dotted: string, value: Value, path: Path) => {
    const key = sdkKey(path);
    const others = (paths: readonly string[]) => [...new Set([...paths, dotted])].sort();
    if (fact.exactlyOneOf) {
      const all = others(fact.exactlyOneOf.paths);
      const states = all.map((other) => [other, presence(block, config, other)] as const);
      const specified = states.filter(([, state]) => state === "set").map(([other]) => other);
      if (specified.length === 0 && !states.some(([, state]) => state === "unknown")) {
        findings.push({ summary: `"${key}": one of \`${all.join(",")}\` must be specified`, detail: `ExactlyOneOf (${fact.exactlyOneOf.source})`, path });
      } else if (specified.length > 1) {
        findings.push({
          summary: `"${key}": only one of \`${all.join(",")}\` can be specified, but \`${specified.join(",")}\` were specified.`,
          detail: `ExactlyOneOf (${fact.exactlyOneOf.source})`,
          path,
        });
      }
    }
    if (fact.atLeastOneOf) {
      const all = others(fact.atLeastOneOf.paths);
      const states = all.map((other) => presence(block, config, other));
      if (!states.includes("set") && !states.includes("unknown")) {
        findings.push({ summary: `"${key}": one of \`${all.join(",")}\` must be specified`, detail: `AtLeastOneOf (${fact.atLeastOneOf.source})`, path });
      }
    }
    if (value === null) return;
    if (fact.requiredWith) {
      const missing = fact.requiredWith.paths.filter((other) => presence(block, config, other) === "unset");
      if (missing.length > 0) {
        findings.push({ summary: `"${key}": all of \`${others(fact.requiredWith.paths).join(",")}\` must be specified`, detail: `RequiredWith (${fact.requiredWith.source})`, path });
      }
    }
    if (!isWhollyKnown(value)) return;
    if (fact.conflictsWith) {
      for (const other of fact.conflictsWith.paths) {
        if (other !== dotted && presence(block, config, other) === "set") {
          findings.push({ summary: `"${key}": conflicts with ${other}`, detail: `ConflictsWith (${fact.conflictsWith.source})`, path });
        }
      }
    }
  };
  const limits = (fact: AttributeFacts, value: Value, path: Path, what: "attribute" | "block") => {
    if (!Array.isArray(value)) return;
    const count = value.length;
    if (fact.maxItems && count > fact.maxItems.value) {
      findings.push({ summary: `${sdkKey(path)}: ${what} supports ${fact.maxItems.value} item maximum, config has ${count} declared`, detail: `MaxItems (${fact.maxItems.source})`, path });
    }
    if (fact.minItems && count < fact.minItems.value) {
      findings.push({ summary: `${sdkKey(path)}: ${what} supports ${fact.minItems.value} item as a minimum, config has ${count} declared`, detail: `MinItems (${fact.minItems.source})`, path });
    }
  };
  const visit = (current: Block, object: ObjectValue, prefix: string, at: Path) => {
    for (const [name, attribute] of Object.entries(current.attributes)) {
      const dotted = join(prefix, name);
      const fact = facts.attributes[dotted];
      if (!fact) continue;
      const value = object[name] ?? null;
      const path = [...at, name];
      relations(fact, dotted, value, path);
      if (value === null || !isWhollyKnown(value)) continue;
      limits(fact, value, path, "attribute");
      for (const check of fact.checks ?? []) {
        for (const item of checkedValues(attribute.type, value, path, check.on)) {
          if (item.value === null || !checkFails(check, item.value)) continue;
          findings.push({
            summary: `${sdkKey(item.path)}: ${check.message}`,
            detail: `got ${JSON.stringify(item.value)}; the provider's ${check.name ?? check.kind} check (${check.source})`,
            path: item.path,
          });
        }
      }
    }
    for (const [name, nested] of Object.entries(current.blocks)) {
      const dotted = join(prefix, name);
      const fact = facts.attributes[dotted];
      const value = object[name] ?? null;
      const path = [...at, name];
      if (fact) {
        const present = Array.isArray(value) && value.length === 0 ? null : value;
        relations(fact, dotted, present, path);
        // Terraform counts list and set blocks against the schema's limits (withFacts puts them there).
      }
      if (isObject(value)) visit(nested.block, value, dotted, path);
      else if (Array.isArray(value)) {
        value.forEach((element, index) => {
          if (isObject(element)) visit(nested.block, element, dotted, nested.nesting === "list" ? [...path, index] : path);
        });
      }
    }
  };
  visit(block, config, "", []);
  return findings;
}

/**
 * Values given for computed-only attributes, which Terraform's own decoding
 * lets through: the SDK refuses them ("Computed attributes cannot be set",
 * terraform-plugin-sdk v2 helper/schema/schema.go, schemaMap.validate).
 */
function computedSet(block: Block, object: ObjectValue, at: Path): Finding[] {
  const findings: Finding[] = [];
  for (const [name, attribute] of Object.entries(block.attributes)) {
    if (attribute.computed && !attribute.optional && !attribute.required && (object[name] ?? null) !== null) {
      const path = [...at, name];
      findings.push({ summary: "Computed attributes cannot be set", detail: `Computed attributes cannot be set, but a value was set for "${sdkKey(path)}".`, path });
    }
  }
  for (const [name, nested] of Object.entries(block.blocks)) {
    const value = object[name] ?? null;
    const elements = Array.isArray(value) ? value : [value];
    elements.forEach((element, index) => {
      if (isObject(element)) findings.push(...computedSet(nested.block, element, nested.nesting === "list" ? [...at, name, index] : [...at, name]));
    });
  }
  return findings;
}

/** Null and the empty string, list or map are the same to the SDK's diff (it stores no nulls). */
function normalized(value: Value): Value {
  if (value === "" || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0)) return null;
  return value;
}

function differs(type: CtyType, before: Value, after: Value): boolean {
  if (isUnknown(after)) return !isUnknown(before);
  const a = normalized(before);
  const b = normalized(after);
  const set = Array.isArray(type) && type[0] === "set";
  if (set && Array.isArray(a) && Array.isArray(b)) {
    const sorted = (items: Value[]) => items.map(knownJson).sort().join("\n");
    return !isWhollyKnown(b) || sorted(a) !== sorted(b);
  }
  return knownJson(a) !== knownJson(b);
}

/**
 * Paths whose change replaces the resource: every ForceNew path of the
 * facts where prior and planned differ. A planned unknown counts as a
 * change (a replaced service account's new name replaces its keys). Lists
 * are compared element by element; a set as a whole, since its elements
 * have no index.
 */
export function replacementPaths(block: Block, facts: TypeFacts | undefined, prior: ObjectValue, planned: ObjectValue): Path[] {
  if (!facts) return [];
  const found: Path[] = [];
  const seen = new Set<string>();
  const add = (path: Path) => {
    const key = JSON.stringify(path);
    if (!seen.has(key)) {
      found.push(path);
      seen.add(key);
    }
  };
  const visit = (current: Block, steps: readonly string[], before: Value, after: Value, at: Path): void => {
    const [name, ...rest] = steps;
    const previous = isObject(before) ? (before[name] ?? null) : null;
    const next = isObject(after) ? (after[name] ?? null) : isUnknown(after) ? after : null;
    const path = [...at, name];
    const attribute = current.attributes[name];
    const nested = current.blocks[name];
    if (attribute) {
      if (differs(attribute.type, previous, next)) add(path);
      return;
    }
    if (rest.length === 0) {
      // ForceNew on a block concerns its element count only (the SDK's diffList
      // and diffSet give the count the block's ForceNew; nested attributes
      // keep their own): adding or removing the block replaces.
      const count = (value: Value) => (Array.isArray(value) ? value.length : isObject(value) ? 1 : 0);
      if (isUnknown(next) ? !isUnknown(previous) : count(previous) !== count(next)) add(path);
      return;
    }
    if (!nested) return;
    if (isUnknown(next)) return add(path);
    if (nested.nesting === "single") return visit(nested.block, rest, previous, next, path);
    const earlier = Array.isArray(previous) ? previous : [];
    const later = Array.isArray(next) ? next : [];
    if (nested.nesting === "set") {
      // Set elements have no identity but their value: compare what the path reaches in each.
      const project = (elements: Value[]) => elements.map((element) => knownJson(normalized(reach(element, rest)))).sort().join("\n");
      if (project(earlier) !== project(later)) add(path);
      return;
    }
    for (let index = 0; index < Math.max(earlier.length, later.length); index++) {
      if (index >= later.length) {
        // A removed element: its ForceNew value goes from set to unset.
        if (normalized(reach(earlier[index], rest)) !== null) add(path);
        continue;
      }
      visit(nested.block, rest, earlier[index] ?? null, later[index], [...path, index]);
    }
  };
  for (const [dotted, fact] of Object.entries(facts.attributes)) {
    if (fact.forceNew) visit(block, dotted.split("."), prior, planned, []);
  }
  return found;
}

/** The value at a path of names inside `value`, crossing lists element by element. */
function reach(value: Value, steps: readonly string[]): Value {
  if (steps.length === 0 || value === null || isUnknown(value)) return value;
  if (Array.isArray(value)) return value.map((element) => reach(element, steps));
  if (!isObject(value)) return null;
  const [name, ...rest] = steps;
  return reach(value[name] ?? null, rest);
}
