// Failure injection: a test tells the simulator to fail the apply of one
// resource, to see what Terraform then writes to state. Terraform does not
// tell a provider which resource it applies (ApplyResourceChange carries the
// type and the values, not the address), so a failure's address (type.name)
// is matched through the stacks' JSON: the resource whose literal arguments
// the request's configuration holds.
import { readFileSync } from "fs";
import { isObject, isUnknown, ObjectValue, Value } from "./cty";

export interface ApplyFailure {
  /** The resource's address in its stack, `type.name` (`kubernetes_deployment_v1.deployment`). */
  readonly address: string;
  /** Fail only this action; by default both a create and an update fail. Destroys never fail. */
  readonly action?: "create" | "update";
  /**
   * "before-change": the API refused; the error is reported and the prior
   * state returned (nothing for a create). "after-save": the change was made
   * and saved, then the provider failed (waiting for a rollout, say); the
   * planned values, unknowns filled, are returned with the error, as the
   * plugin SDK does on an update error (terraform-plugin-sdk issue 476).
   */
  readonly when: "before-change" | "after-save";
}

/** One resource of a stack's JSON, by type. */
export interface ResourceConfig {
  readonly stack: string;
  readonly name: string;
  readonly config: Record<string, unknown>;
}
export type ResourceConfigs = ReadonlyMap<string, readonly ResourceConfig[]>;

/** The resources of stacks' JSON by type, for matching failures to requests. */
export function resourceConfigs(stacks: ReadonlyMap<string, Record<string, any>>): Map<string, ResourceConfig[]> {
  const out = new Map<string, ResourceConfig[]>();
  for (const [stack, json] of stacks) {
    for (const [type, resources] of Object.entries<Record<string, any>>(json.resource ?? {})) {
      for (const [name, config] of Object.entries(resources)) {
        if (!out.has(type)) out.set(type, []);
        out.get(type)!.push({ stack, name, config });
      }
    }
  }
  return out;
}

/** The environment variables that inject failures, for a process (a script under test) that opens the workspace itself. */
export const FAILURE_VARIABLES = {
  /** JSON: a list of ApplyFailure, read when the simulator starts. */
  list: "SIM_FAIL_APPLY",
  /** A file holding that JSON, read again at every apply (so a test may change it between runs). */
  file: "SIM_FAIL_APPLY_FILE",
} as const;

/** Bad failure settings; the message names the setting, the value and the expected form. */
export class FailureSettingError extends Error {}

const expected = `a JSON list of {"address": "<type>.<name>", "action"?: "create" | "update", "when": "before-change" | "after-save"}`;

export function parseFailures(text: string, origin: string): ApplyFailure[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FailureSettingError(`${origin} is ${JSON.stringify(text)}: expected ${expected}`);
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return items.map((item) => {
    const { address, action, when } = (item ?? {}) as Record<string, unknown>;
    const valid =
      typeof address === "string" && /^[a-z0-9_]+\.[A-Za-z0-9_-]+$/.test(address) &&
      (action === undefined || action === "create" || action === "update") &&
      (when === "before-change" || when === "after-save");
    if (!valid) throw new FailureSettingError(`${origin} holds ${JSON.stringify(item)}: expected ${expected}`);
    return { address, when, ...(action ? { action } : {}) } as ApplyFailure;
  });
}

/** Where the failures come from: a fixed list, plus a file re-read at every apply. */
export interface FailureSource {
  readonly fixed: readonly ApplyFailure[];
  readonly file?: string;
}

export function failuresFromEnvironment(env: NodeJS.ProcessEnv): FailureSource {
  const text = env[FAILURE_VARIABLES.list];
  const file = env[FAILURE_VARIABLES.file];
  return { fixed: text ? parseFailures(text, FAILURE_VARIABLES.list) : [], ...(file ? { file } : {}) };
}

/** The failures in force now. */
export function currentFailures(source: FailureSource): ApplyFailure[] {
  if (!source.file) return [...source.fixed];
  let text: string;
  try {
    text = readFileSync(source.file, "utf8");
  } catch {
    return [...source.fixed]; // no file (yet): no failure from it
  }
  return [...source.fixed, ...(text.trim() === "" ? [] : parseFailures(text, `${FAILURE_VARIABLES.file} (${source.file})`))];
}

const metaArguments = new Set(["//", "count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection"]);

/** Whether every literal (non-interpolated) value of a stack's JSON config is in the request's configuration. */
function holdsLiterals(json: unknown, config: Value, top = true): boolean {
  if (json === null || json === undefined) return true;
  if (typeof json === "string") return json.includes("${") || isUnknown(config) || config === json;
  if (typeof json === "number" || typeof json === "boolean") return isUnknown(config) || String(config) === String(json);
  if (isUnknown(config)) return true;
  if (Array.isArray(json)) {
    if (!Array.isArray(config)) return false;
    return json.every((item, index) => holdsLiterals(item, config[index] ?? null, false));
  }
  if (typeof json !== "object") return true;
  // A block written as one object is the first element of a list block.
  const object = Array.isArray(config) ? (config[0] ?? null) : config;
  if (!isObject(object)) return false;
  return Object.entries(json as Record<string, unknown>).every(
    ([key, item]) => (top && metaArguments.has(key)) || holdsLiterals(item, object[key] ?? null, false),
  );
}

/** The failure that applies to this request, with the error to report; undefined when none does. */
export function failureFor(
  failures: readonly ApplyFailure[],
  resources: ResourceConfigs,
  type: string,
  action: "create" | "update",
  config: ObjectValue | null,
): { rule: ApplyFailure; diagnostic: { severity: "ERROR"; summary: string; detail: string } } | undefined {
  for (const rule of failures) {
    const [ruleType, name] = rule.address.split(".");
    if (ruleType !== type || (rule.action && rule.action !== action)) continue;
    const candidates = resources.get(type) ?? [];
    // Without the stacks' JSON for this type (a simulator started on its own), the type alone decides.
    const matching = candidates.length === 0 ? [{ stack: "(no stack JSON)", name, config: {} }] : candidates.filter((candidate) => config !== null && holdsLiterals(candidate.config, config));
    const named = matching.filter((candidate) => candidate.name === name);
    if (named.length === 0) continue;
    const where = named.map((candidate) => `stack ${candidate.stack}`).join(", ");
    if (matching.length > 1) {
      return {
        rule,
        diagnostic: {
          severity: "ERROR",
          summary: `Simulated failure: cannot tell ${rule.address} apart`,
          detail: `the configuration of this ${type} matches ${matching.map((candidate) => `${candidate.stack}: ${type}.${candidate.name}`).join(", ")}; their literal arguments are the same`,
        },
      };
    }
    return {
      rule,
      diagnostic: {
        severity: "ERROR",
        summary: `Simulated failure of ${rule.address} (${action}, ${rule.when})`,
        detail: `${where}: the test asked the provider simulator to fail this ${action} ${rule.when === "before-change" ? "before any change" : "after saving the planned values"}`,
      },
    };
  }
  return undefined;
}
