// Which attribute changes replace a resource instead of updating it. The
// bindings' schemas cannot say (the providers' ForceNew flags are not in
// them), so this is the one table typed by hand: each entry quotes the
// provider's documentation of that attribute, and a test checks that the
// quote is in the description the installed bindings carry, so an entry
// cannot drift from the provider version it describes. A change to an
// attribute missing here plans as an update in place.

export interface ReplacementRule {
  /** Resource type. */
  readonly type: string;
  /** Attribute path by Terraform names; a list block (such as metadata) is crossed at every index. */
  readonly path: readonly string[];
  /** Words from the provider's documentation of the attribute that say it replaces the resource. */
  readonly quote: string;
}

const kubernetesName = "Cannot be updated.";

export const replacementRules: readonly ReplacementRule[] = [
  { type: "docker_image", path: ["triggers"], quote: "will force the `docker_image` resource to be replaced" },
  { type: "docker_registry_image", path: ["triggers"], quote: "will force the `docker_registry_image` resource to be replaced" },
  { type: "google_service_account", path: ["account_id"], quote: "Changing this forces a new service account to be created." },
  { type: "google_service_account_key", path: ["keepers"], quote: "when changed, will trigger recreation of resource" },
  { type: "google_container_node_pool", path: ["initial_node_count"], quote: "Changing this will force recreation of the resource." },
  { type: "kubernetes_namespace_v1", path: ["metadata", "name"], quote: kubernetesName },
  { type: "kubernetes_deployment_v1", path: ["metadata", "name"], quote: kubernetesName },
  { type: "kubernetes_service_v1", path: ["metadata", "name"], quote: kubernetesName },
  { type: "kubernetes_pod_disruption_budget_v1", path: ["metadata", "name"], quote: kubernetesName },
  { type: "kubernetes_horizontal_pod_autoscaler_v2", path: ["metadata", "name"], quote: kubernetesName },
];

export function rulesFor(type: string): readonly ReplacementRule[] {
  return replacementRules.filter((rule) => rule.type === type);
}
