// A ValidatingAdmissionPolicy's answer, computed as the API server computes
// it (k8s.io/apiserver admission/plugin/policy/validating): the policy's
// variables in order, then every validation, with @bufbuild/cel. What this
// models of Kubernetes' CEL, and what it leaves out, is listed at the top of
// admission-policy.test.ts.
import assert from "node:assert/strict";
import { CelInput, isCelError, run } from "@bufbuild/cel";

const RESOURCES: Record<string, { group: string; version: string; resource: string }> = {
  Pod: { group: "", version: "v1", resource: "pods" },
  Deployment: { group: "apps", version: "v1", resource: "deployments" },
  Service: { group: "", version: "v1", resource: "services" },
};

/** A JSON object as the API server binds it: integers are int64. */
function cel(value: unknown): any {
  if (Array.isArray(value)) return value.map(cel);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cel(item)]));
  return typeof value === "number" && Number.isInteger(value) ? BigInt(value) : value;
}

/**
 * What the API server answers when `object` is sent in the model's
 * namespace: the messages of the validations that refuse it, none when
 * admitted. Any evaluation error refuses (failurePolicy Fail).
 */
export function admit(manifest: any, object: any, operation = "CREATE", subResource = ""): string[] {
  const { group, version, resource: plural } = RESOURCES[object.kind];
  const target = subResource ? `${plural}/${subResource}` : plural;
  const matched = manifest.spec.matchConstraints.resourceRules.some(
    (rule: any) => rule.apiGroups.includes(group) && rule.apiVersions.includes(version) && rule.resources.includes(target) && rule.operations.includes(operation),
  );
  if (!matched) throw new Error(`${manifest.metadata.name} does not match ${operation} ${target}`);
  assert.equal(manifest.spec.failurePolicy, "Fail");
  const request = { kind: { group, version, kind: object.kind }, resource: { group, version, resource: plural }, subResource, operation, namespace: object.metadata.namespace ?? "live", name: object.metadata.name ?? "" };
  const variables: Record<string, CelInput> = {};
  const bindings = (): Record<string, CelInput> => ({ object: cel(object), oldObject: null, request, variables: { ...variables } });
  for (const variable of manifest.spec.variables ?? []) {
    const value = run(variable.expression, bindings());
    if (isCelError(value)) return [`variables.${variable.name}: ${value.message}`];
    variables[variable.name] = value;
  }
  const refusals: string[] = [];
  for (const { expression, message } of manifest.spec.validations) {
    const result = run(expression, bindings());
    if (isCelError(result)) refusals.push(`error: ${result.message}`);
    else if (result !== true) refusals.push(message);
  }
  return refusals;
}

