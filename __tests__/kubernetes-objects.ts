// The Kubernetes objects the workload stack's resources become: what the
// kubernetes provider sends to the API server, and the Pod the ReplicaSet
// controller then creates, derived from the synthesized Terraform JSON so a
// test of admission sees what a deploy would send, not a hand copy.

/**
 * Terraform's block names where the API's field is not their camelCase
 * (kubernetes provider v2.38.0: structures_pod.go:747 container, :759
 * init_container, :866 toleration, :876 volume, :884
 * topology_spread_constraint, :1029 sysctl; structures_container.go:511
 * port, :573 volume_mount, :731 http_header; structure_service_spec.go:246
 * external_ips, :266 load_balancer_ip).
 */
const RENAMED: Record<string, string> = {
  container: "containers",
  init_container: "initContainers",
  toleration: "tolerations",
  volume: "volumes",
  topology_spread_constraint: "topologySpreadConstraints",
  sysctl: "sysctls",
  volume_mount: "volumeMounts",
  port: "ports",
  http_header: "httpHeaders",
};

/** Attributes whose API name keeps an initialism in capitals. */
const INITIALISMS: Record<string, string> = { load_balancer_ip: "loadBalancerIP", external_ips: "externalIPs" };

/** Strings in Terraform that the provider parses into integers (structures_pod.go:996-1016, structures_container.go:634-647; deployment replicas). */
const INTEGERS = new Set(["run_as_user", "run_as_group", "fs_group", "replicas"]);

/** Blocks that Terraform holds as a list of one and the API as one object (expandLabelSelector in topology spread constraints). */
const SINGLE = new Set(["label_selector"]);

/** Maps whose keys are data (labels, annotations, selectors, resource amounts), kept as they are; a block of the same name is converted. */
const DATA_MAPS = new Set(["labels", "annotations", "match_labels", "selector", "limits", "requests"]);

const camel = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * `value` with every Terraform interpolation replaced from `known`
 * (`${docker_registry_image.pushed_image.sha256_digest}` -> `sha256:...`);
 * an interpolation `known` does not name fails, so no object carries a
 * placeholder that a policy would judge instead of the real value.
 */
export function resolve<T>(value: T, known: Record<string, string>): T {
  return JSON.parse(
    JSON.stringify(value).replace(/\$\{([^}]+)\}/g, (_, reference: string) => {
      if (!(reference in known)) throw new Error(`no value for \${${reference}}`);
      return known[reference];
    }),
  );
}

/** A synthesized block (snake_case, cdktf's rendering) as the API object the provider's expanders build. */
export function toApi(value: any, key = ""): any {
  if (Array.isArray(value)) {
    const items = value.map((item) => toApi(item));
    return SINGLE.has(key) ? items[0] : items;
  }
  if (typeof value === "object" && value !== null) {
    if (DATA_MAPS.has(key) && Object.values(value).every((item) => typeof item === "string")) return { ...value };
    // Renamed are blocks (lists); an attribute of the same name (a probe's `port`) is not.
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [(Array.isArray(item) && RENAMED[name]) || INITIALISMS[name] || camel(name), toApi(item, name)]));
  }
  if (INTEGERS.has(key) && typeof value === "string") return Number(value);
  return value;
}

/** The Deployment the kubernetes provider creates from a synthesized kubernetes_deployment_v1. */
export function deploymentObject(block: any): any {
  return { apiVersion: "apps/v1", kind: "Deployment", metadata: toApi(block.metadata), spec: toApi(block.spec) };
}

/**
 * The Pod the ReplicaSet controller creates from a Deployment's template, as
 * admission sees it: after the ServiceAccount admission plugin named the
 * namespace's `default` account (a mutating step, before validation), which
 * the v1 API also reports in the deprecated `serviceAccount`.
 */
export function podObject(deployment: any): any {
  const { template } = deployment.spec;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { ...template.metadata, generateName: `${deployment.metadata.name}-`, namespace: deployment.metadata.namespace },
    spec: { serviceAccountName: "default", serviceAccount: "default", ...template.spec },
  };
}

/** The Service the kubernetes provider creates from a synthesized kubernetes_service_v1. */
export function serviceObject(block: any): any {
  return { apiVersion: "v1", kind: "Service", metadata: toApi(block.metadata), spec: toApi(block.spec) };
}
