// What the simulated providers do with a resource or data source, given its
// schema: plan (computed attributes unknown on create, kept on update),
// replacement (from the documented table), apply (unknowns filled with
// made-up values) and data source reads (made-up, deterministic values).
import { CtyType, isObject, isUnknown, ObjectValue, sameValue, UNKNOWN, Value } from "./cty";
import { digestOf, filledArgument, FillContext, knownJson, madeUpValue } from "./fill";
import { rulesFor } from "./replacement";
import { Block } from "./schema";

/** An attribute path as Terraform names and list indexes. */
export type Path = readonly (string | number)[];

/**
 * The planned object from Terraform's proposal (config merged with prior
 * state). `prior` is the object this one updates, or null for a new one; a
 * computed attribute the configuration leaves out is unknown in a new object
 * and keeps the proposal's (prior) value in an existing one.
 */
export function planObject(block: Block, proposed: ObjectValue, prior: ObjectValue | null): ObjectValue {
  const planned: ObjectValue = { ...proposed };
  for (const [name, attribute] of Object.entries(block.attributes)) {
    if (attribute.computed && prior === null && (proposed[name] ?? null) === null) planned[name] = UNKNOWN;
  }
  for (const [name, nested] of Object.entries(block.blocks)) {
    const value = proposed[name] ?? null;
    const before = prior?.[name] ?? null;
    if (nested.nesting === "single") {
      if (isObject(value)) planned[name] = planObject(nested.block, value, isObject(before) ? before : null);
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
      return planObject(nested.block, element, correlated !== undefined && isObject(correlated) ? correlated : null);
    });
  }
  return planned;
}

/** Paths whose change replaces a `type` resource (replacement.ts), where prior and planned differ. */
export function replacementPaths(type: string, prior: ObjectValue, planned: ObjectValue): Path[] {
  const found: Path[] = [];
  const visit = (steps: readonly string[], before: Value, after: Value, at: Path): void => {
    if (steps.length === 0) {
      if (!sameValue(before, after)) found.push(at);
      return;
    }
    if (!isObject(after)) return;
    const [step, ...rest] = steps;
    const next = after[step] ?? null;
    const previous = isObject(before) ? (before[step] ?? null) : null;
    if (rest.length > 0 && Array.isArray(next)) {
      next.forEach((element, index) => visit(rest, Array.isArray(previous) ? (previous[index] ?? null) : null, element, [...at, step, index]));
    } else {
      visit(rest, previous, next, [...at, step]);
    }
  };
  for (const rule of rulesFor(type)) visit(rule.path, prior, planned, []);
  return found;
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
      out[name] = attribute.optional ? filledArgument(attribute.type, at, context) : madeUpValue(attribute.type, at, context);
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

export interface ProviderContext {
  readonly providerName: string;
  readonly provider: ObjectValue | null;
}

/** The new state of an applied create or update: the plan with every unknown decided. */
export function applyObject(type: string, block: Block, planned: ObjectValue, provider: ProviderContext): ObjectValue {
  const context: FillContext = { ...provider, type, seed: digestOf(knownJson(planned)) };
  return fillBlock(block, planned, [], context, isUnknown);
}

/** What a data source returns: its configuration, with the computed attributes it leaves out decided. */
export function readDataObject(type: string, block: Block, config: ObjectValue, provider: ProviderContext): ObjectValue {
  const context: FillContext = { ...provider, type, seed: digestOf(knownJson(config)) };
  return fillBlock(block, config, [], context, (value) => value === null);
}
