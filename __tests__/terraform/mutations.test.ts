// The mutation suite: one mistake at a time in a copy of a synthesized
// stack, run through real Terraform against the provider simulator, each
// with the outcome the real provider (or Terraform) gives and where that is
// written (file:line at the pinned tags: google v6.50.0, kubernetes v2.38.0,
// docker v3.6.2, terraform v1.11.4). A mutation is caught when Terraform
// fails at the expected step with the expected message, or plans exactly the
// expected actions. The suite prints the catch rate per category (issue 11's
// table) and fails below 100%, so every fact the simulator enforces is held.
//
// All stacks are applied once, unmutated; each mutation is a copy of one
// stack's directory (its .terraform too, so no init) beside the others, so
// its local backend and remote-state paths reach the applied state, which a
// plan with -lock=false reads and never writes.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { describeSetting } from "../../lib/config";
import { digestPath } from "../../lib/digest";
import { errorsOf, findTerraform, inDependencyOrder, jsonMessages, OfflineWorkspace, TerraformRun } from "../../sim/offline";
import { root } from "../support";
import { placeCertificates } from "./certificates";

const terraform = findTerraform();
const skip = "missing" in terraform ? `needs terraform >= 1.7 on PATH (${terraform.missing})` : false;

const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

const G = "hashicorp/terraform-provider-google v6.50.0";
const K = "hashicorp/terraform-provider-kubernetes v2.38.0";
const D = "kreuzwerker/terraform-provider-docker v3.6.2";
const T = "hashicorp/terraform v1.11.4";

const categories = [
  "schema shapes",
  "references, remote-state outputs",
  "lifecycle",
  "provider-side validation",
  "plan semantics",
  // Issue 17's three classes.
  "plan-time logic",
  "types no configuration names",
  "depth and generality",
] as const;
type Category = (typeof categories)[number];

/** What the real provider and Terraform do with the mutated stack. */
type Expected =
  | { readonly error: RegExp; readonly at: "validate" | "plan" }
  /** Exactly these changes (address -> Terraform's actions), everything else unchanged. */
  | { readonly plan: Readonly<Record<string, string>> };

/** The unmutated stacks' JSON, by stack name. */
type Stacks = Readonly<Record<string, any>>;
/** A value, or how to find it in the stacks (so a renamed resource or a moved type needs no edit here). */
type Lazy<T> = T | ((stacks: Stacks) => T);

interface Mutation {
  readonly category: Category;
  readonly name: string;
  /** The stack to mutate, by name or as the one holding a resource type. */
  readonly stack: Lazy<string>;
  readonly mutate: (json: any) => void;
  readonly expected: Lazy<Expected>;
  readonly citation: string;
}

const resolve = <T,>(value: Lazy<T>, stacks: Stacks): T => (typeof value === "function" ? (value as (stacks: Stacks) => T)(stacks) : value);

/** The stack whose JSON declares a resource of `type`. */
const holder = (type: string) => (stacks: Stacks): string => {
  const found = Object.keys(stacks).find((name) => stacks[name].resource?.[type]);
  if (!found) throw new Error(`no stack declares a ${type}`);
  return found;
};

/** The name of the first resource of `type` in a stack's JSON. */
const firstOf = (json: any, type: string): string => {
  const name = Object.keys(json.resource?.[type] ?? {})[0];
  if (!name) throw new Error(`the stack declares no ${type}`);
  return name;
};

const REPLACE = "delete,create";
const REPLACE_FIRST = "create,delete";
// The Deployment and the image are dependencies of the deployed record,
// which is create_before_destroy (stacks/workload.ts): Terraform forces the
// same order on what a create_before_destroy resource depends on
// (terraform v1.11.4 internal/terraform/transform_destroy_cbd.go:29-68,
// ForcedCBDTransformer), so they are replaced new-first too.
const REPLACE_FORCED_FIRST = REPLACE_FIRST;
const TF_CBD = "hashicorp/terraform v1.11.4 internal/terraform/transform_destroy_cbd.go:29-68";

// Where things are in the stacks' JSON.
const sa = (json: any, name: string) => json.resource.google_service_account[name];
const key = (json: any) => first(json, "google_service_account_key");
const cluster = (json: any) => json.resource.google_container_cluster.cluster;
const pool = (json: any) => json.resource.google_container_node_pool.nodes;
const repository = (json: any) => json.resource.google_artifact_registry_repository.repository;
const deployment = (json: any) => json.resource.kubernetes_deployment_v1.deployment;
const container = (json: any) => deployment(json).spec.template.spec.container[0];
const service = (json: any) => json.resource.kubernetes_service_v1.service;
const namespace = (json: any) => first(json, "kubernetes_namespace_v1");
const pdb = (json: any) => json.resource.kubernetes_pod_disruption_budget_v1.disruption_budget;
const hpa = (json: any) => json.resource.kubernetes_horizontal_pod_autoscaler_v2.autoscaler;
/** The first resource of `type`: the mutations of IAM members and services need any one of them. */
const first = (json: any, type: string) => json.resource[type][firstOf(json, type)];
const preventDestroy = (resource: any) => (resource.lifecycle = { ...resource.lifecycle, prevent_destroy: true });
const output = (json: any, name: string, value: string, sensitive = false) =>
  (json.output = { ...json.output, [name]: { value, ...(sensitive ? { sensitive: true } : {}) } });

/** The registry's IAM members: their repository is ForceNew, so they follow a replaced repository. */
const registryIam = (stacks: Stacks) =>
  Object.fromEntries(Object.keys(stacks.registry.resource.google_artifact_registry_repository_iam_member ?? {}).map((name) => [`google_artifact_registry_repository_iam_member.${name}`, REPLACE]));

/**
 * Every change a replaced namespace cascades into: the namespace, and each
 * object of its stack whose metadata.namespace reads the namespace's name
 * (ForceNew, kubernetes v2.38.0 kubernetes/schema_metadata.go:95).
 */
const namespaceCascade = (stacks: Stacks) => {
  const json = stacks[holder("kubernetes_namespace_v1")(stacks)];
  const name = firstOf(json, "kubernetes_namespace_v1");
  const plan: Record<string, string> = { [`kubernetes_namespace_v1.${name}`]: REPLACE };
  for (const [type, resources] of Object.entries<Record<string, any>>(json.resource)) {
    for (const [resourceName, config] of Object.entries(resources)) {
      if (String(config.metadata?.namespace ?? "").includes(`kubernetes_namespace_v1.${name}.`)) plan[`${type}.${resourceName}`] = REPLACE;
    }
  }
  return { plan };
};

/**
 * A new account_id replaces the deployer and every resource of its stack that
 * reads it (keys: service_account_id ForceNew; IAM members: member ForceNew).
 * Terraform replaces a resource create-before-destroy when it, or a resource
 * depending on it, says so (the keys do).
 */
const deployerCascade = (stacks: Stacks) => {
  const plan: Record<string, string> = {};
  let createFirst = false;
  for (const [type, resources] of Object.entries<Record<string, any>>(stacks.identity.resource)) {
    for (const [name, config] of Object.entries(resources)) {
      const { lifecycle, depends_on: _dependsOn, ...rest } = config;
      if (!JSON.stringify(rest).includes("google_service_account.deployer.")) continue;
      plan[`${type}.${name}`] = lifecycle?.create_before_destroy ? REPLACE_FIRST : REPLACE;
      createFirst ||= lifecycle?.create_before_destroy === true;
    }
  }
  plan["google_service_account.deployer"] = createFirst ? REPLACE_FIRST : REPLACE;
  return { plan };
};

const mutations: readonly Mutation[] = [
  // --- schema shapes: Terraform checks them against the served schema ---
  { category: "schema shapes", name: "an argument the resource lacks", stack: "identity", mutate: (j) => (sa(j, "deployer").acount_id = "x"), expected: { error: /^(Unsupported argument|Extraneous JSON object property)/, at: "validate" }, citation: `${T} internal/lang/eval.go:153 (hcldec against the schema; JSON syntax words it "Extraneous JSON object property")` },
  { category: "schema shapes", name: "a required argument left out", stack: "identity", mutate: (j) => delete sa(j, "deployer").account_id, expected: { error: /^Missing required argument/, at: "validate" }, citation: `${T} internal/lang/eval.go:153; ${G} google/services/resourcemanager/resource_google_service_account.go:70` },
  { category: "schema shapes", name: "two metadata blocks on a namespace (MaxItems 1)", stack: holder("kubernetes_namespace_v1"), mutate: (j) => (namespace(j).metadata = [{ name: "live" }, { name: "other" }]), expected: { error: /^Too many metadata blocks/, at: "validate" }, citation: `${T} internal/configs/configschema/decoder_spec.go:131; ${K} kubernetes/schema_metadata.go:114` },
  { category: "schema shapes", name: "a string where a container port number goes", stack: "workload", mutate: (j) => (container(j).port[0].container_port = "http"), expected: { error: /^Incorrect attribute value type/, at: "validate" }, citation: `${T} internal/lang/eval.go:153; ${K} kubernetes/schema_container.go:551` },
  { category: "schema shapes", name: "a block type the cluster lacks", stack: "cluster", mutate: (j) => (cluster(j).node_group_config = { size: 1 }), expected: { error: /^(Unsupported block type|Extraneous JSON object property)/, at: "validate" }, citation: `${T} internal/lang/eval.go:153` },
  { category: "schema shapes", name: "a Deployment without its required spec block", stack: "workload", mutate: (j) => delete deployment(j).spec, expected: { error: /^Insufficient spec blocks/, at: "validate" }, citation: `${T} internal/configs/configschema/decoder_spec.go:131; ${K} kubernetes/resource_kubernetes_deployment_v1.go:73` },
  { category: "schema shapes", name: "two release_channel blocks (MaxItems 1 from the facts)", stack: "cluster", mutate: (j) => (cluster(j).release_channel = [{ channel: "REGULAR" }, { channel: "STABLE" }]), expected: { error: /^Too many release_channel blocks/, at: "validate" }, citation: `${T} internal/configs/configschema/decoder_spec.go:131; ${G} google/services/container/resource_container_cluster.go:1992` },
  { category: "schema shapes", name: "a Service with no port (MinItems 1 from the facts)", stack: "workload", mutate: (j) => (service(j).spec.port = []), expected: { error: /^Insufficient port blocks/, at: "validate" }, citation: `${T} internal/configs/configschema/decoder_spec.go:131; ${K} kubernetes/resource_kubernetes_service_v1.go:175` },
  { category: "schema shapes", name: "two conditions in a cleanup policy (MaxItems 1 from the facts)", stack: "registry", mutate: (j) => (repository(j).cleanup_policies[0].condition = [{ tag_state: "ANY" }, { tag_state: "TAGGED" }]), expected: { error: /^Too many condition blocks/, at: "validate" }, citation: `${T} internal/configs/configschema/decoder_spec.go:138; ${G} google/services/artifactregistry/resource_artifact_registry_repository.go:250` },
  { category: "schema shapes", name: "a value for a computed-only attribute (email)", stack: "identity", mutate: (j) => (sa(j, "deployer").email = "x@y.z"), expected: { error: /^Computed attributes cannot be set/, at: "validate" }, citation: `terraform-plugin-sdk v2 helper/schema/schema.go (schemaMap.validate); ${G} google/services/resourcemanager/resource_google_service_account.go:54 (email Computed)` },

  // --- references and remote-state outputs ---
  { category: "references, remote-state outputs", name: "a reference to an undeclared resource", stack: "identity", mutate: (j) => (first(j, "google_storage_bucket_iam_member").member = "${google_service_account.nobody.member}"), expected: { error: /^Reference to undeclared resource/, at: "validate" }, citation: `${T} internal/terraform/evaluate_valid.go:229` },
  { category: "references, remote-state outputs", name: "a misspelled attribute of a resource", stack: "identity", mutate: (j) => (first(j, "google_storage_bucket_iam_member").member = "${google_service_account.deployer.membr}"), expected: { error: /^Unsupported attribute/, at: "validate" }, citation: `${T} internal/configs/configschema/validate_traversal.go:132` },
  { category: "references, remote-state outputs", name: "an undeclared variable", stack: "workload", mutate: (j) => (deployment(j).spec.template.metadata.annotations["model-digest"] = "${var.model_digst}"), expected: { error: /^Reference to undeclared input variable/, at: "validate" }, citation: `${T} internal/terraform/evaluate_valid.go` },
  { category: "references, remote-state outputs", name: "a remote-state output the identity stack does not write", stack: "cluster", mutate: (j) => (first(j, "google_project_iam_member").member = "${data.terraform_remote_state.cross-stack-reference-input-identity.outputs.no_such_output}"), expected: { error: /^Unsupported attribute/, at: "plan" }, citation: `${T} internal/builtin/providers/terraform/data_source_state.go (outputs is an object of the state's outputs)` },
  { category: "references, remote-state outputs", name: "an output of a private key without sensitive", stack: holder("google_service_account_key"), mutate: (j) => output(j, "leaked_key", `\${google_service_account_key.${firstOf(j, "google_service_account_key")}.private_key}`), expected: { error: /^Output refers to sensitive values/, at: "plan" }, citation: `${T} internal/terraform/node_output.go:455; ${G} google/services/resourcemanager/resource_google_service_account_key.go:97 (private_key Sensitive)` },
  { category: "references, remote-state outputs", name: "an output of the access token without sensitive", stack: "workload", mutate: (j) => ((j.data = { ...j.data, google_client_config: { ...j.data?.google_client_config, probe: {} } }), output(j, "token", "${data.google_client_config.probe.access_token}")), expected: { error: /^Output refers to sensitive values/, at: "plan" }, citation: `${T} internal/terraform/node_output.go:455; ${G} google/services/resourcemanager/data_source_google_client_config.go:50 (access_token Sensitive)` },
  { category: "references, remote-state outputs", name: "an output of the cluster's client key without sensitive", stack: "cluster", mutate: (j) => output(j, "client_key", "${google_container_cluster.cluster.master_auth[0].client_key}"), expected: { error: /^Output refers to sensitive values/, at: "plan" }, citation: `${T} internal/terraform/node_output.go:455; ${G} google/services/container/resource_container_cluster.go:1369` },
  { category: "references, remote-state outputs", name: "a valid output of master_auth[0].cluster_ca_certificate (an optional+computed block)", stack: "cluster", mutate: (j) => output(j, "ca", "${google_container_cluster.cluster.master_auth[0].cluster_ca_certificate}"), expected: { plan: {} }, citation: `${G} google/services/container/resource_container_cluster.go:1330 (master_auth Optional+Computed)` },
  { category: "references, remote-state outputs", name: "a valid output of node_config[0].disk_size_gb (optional+computed)", stack: "cluster", mutate: (j) => output(j, "disk", "${google_container_node_pool.nodes.node_config[0].disk_size_gb}"), expected: { plan: {} }, citation: `${G} google/services/container/node_config.go:141,148 (node_config and disk_size_gb Optional+Computed)` },
  { category: "references, remote-state outputs", name: "a valid output of the cluster's endpoint, sensitive not needed", stack: "cluster", mutate: (j) => output(j, "endpoint_again", "${google_container_cluster.cluster.endpoint}"), expected: { plan: {} }, citation: `${G} google/services/container/resource_container_cluster.go (endpoint Computed, not Sensitive)` },

  // --- lifecycle ---
  { category: "lifecycle", name: "prevent_destroy on the cluster, then a new name", stack: "cluster", mutate: (j) => (preventDestroy(cluster(j)), (cluster(j).name = "mlops-kubernetes-2")), expected: { error: /^Instance cannot be destroyed/, at: "plan" }, citation: `${T} internal/terraform/node_resource_abstract_instance.go:193; ${G} google/services/container/resource_container_cluster.go:275 (name ForceNew)` },
  { category: "lifecycle", name: "prevent_destroy on the deployer, then a new account_id", stack: "identity", mutate: (j) => (preventDestroy(sa(j, "deployer")), (sa(j, "deployer").account_id = "mlem-deployer-2")), expected: { error: /^Instance cannot be destroyed/, at: "plan" }, citation: `${T} internal/terraform/node_resource_abstract_instance.go:193; ${G} google/services/resourcemanager/resource_google_service_account.go:72` },
  { category: "lifecycle", name: "prevent_destroy on the repository, then a new format", stack: "registry", mutate: (j) => (preventDestroy(repository(j)), (repository(j).format = "NPM")), expected: { error: /^Instance cannot be destroyed/, at: "plan" }, citation: `${T} internal/terraform/node_resource_abstract_instance.go:193; ${G} google/services/artifactregistry/resource_artifact_registry_repository.go:209` },
  { category: "lifecycle", name: "prevent_destroy on the namespace, then a new name", stack: holder("kubernetes_namespace_v1"), mutate: (j) => (preventDestroy(namespace(j)), (namespace(j).metadata.name = "live-2")), expected: { error: /^Instance cannot be destroyed/, at: "plan" }, citation: `${T} internal/terraform/node_resource_abstract_instance.go:193; ${K} kubernetes/schema_metadata.go:37` },
  { category: "lifecycle", name: "a precondition that does not hold", stack: "registry", mutate: (j) => (repository(j).lifecycle = { ...repository(j).lifecycle, precondition: [{ condition: "${google_project_service.api_artifactregistry.service == \"nothing.googleapis.com\"}", error_message: "never holds" }] }), expected: { error: /^Resource precondition failed/, at: "plan" }, citation: `${T} internal/terraform/eval_conditions.go:199` },
  { category: "lifecycle", name: "ignore_changes on an attribute the resource lacks", stack: "identity", mutate: (j) => (sa(j, "planner").lifecycle = { ignore_changes: ["no_such_attribute"] }), expected: { error: /^Unsupported attribute/, at: "validate" }, citation: `${T} internal/configs/configschema/validate_traversal.go:132` },
  { category: "lifecycle", name: "ignore_changes holds the Deployment's replicas", stack: "workload", mutate: (j) => (deployment(j).spec.replicas = "5"), expected: { plan: {} }, citation: `${T} internal/terraform/node_resource_abstract_instance.go:887 (processIgnoreChanges)` },
  { category: "lifecycle", name: "ignore_changes holds the node pool's initial_node_count (ForceNew)", stack: "cluster", mutate: (j) => (pool(j).initial_node_count = 3), expected: { plan: {} }, citation: `${T} internal/terraform/node_resource_abstract_instance.go:887; ${G} google/services/container/resource_container_node_pool.go:295` },
  { category: "lifecycle", name: "create_before_destroy on the Deployment, then a new selector", stack: "workload", mutate: (j) => { deployment(j).lifecycle = { ...deployment(j).lifecycle, create_before_destroy: true }; deployment(j).spec.selector.match_labels = { app: "mlops-classifier", tier: "web" }; }, expected: { plan: { "kubernetes_deployment_v1.deployment": REPLACE_FIRST } }, citation: `${T} internal/terraform/node_resource_abstract_instance.go:1084; ${K} kubernetes/resource_kubernetes_deployment_v1.go:142` },

  // --- provider-side validation (the facts' validators, run in ValidateResourceConfig) ---
  { category: "provider-side validation", name: "an account_id with capitals and underscores", stack: "identity", mutate: (j) => (sa(j, "deployer").account_id = "MLEM_Service_Account"), expected: { error: /account_id/, at: "validate" }, citation: `${G} google/services/resourcemanager/resource_google_service_account.go:73 (verify.ValidateRFC1035Name(6, 30))` },
  { category: "provider-side validation", name: "an account_id of 3 characters", stack: "identity", mutate: (j) => (sa(j, "planner").account_id = "abc"), expected: { error: /account_id/, at: "validate" }, citation: `${G} google/services/resourcemanager/resource_google_service_account.go:73` },
  { category: "provider-side validation", name: "a namespace named Live_NS", stack: holder("kubernetes_namespace_v1"), mutate: (j) => (namespace(j).metadata.name = "Live_NS"), expected: { error: /metadata\.0\.name/, at: "validate" }, citation: `${K} kubernetes/schema_metadata.go:39 (DNS-1123 name)` },
  { category: "provider-side validation", name: "a container port of 70000", stack: "workload", mutate: (j) => (container(j).port[0].container_port = 70000), expected: { error: /container_port.*65535/, at: "validate" }, citation: `${K} kubernetes/schema_container.go:553` },
  { category: "provider-side validation", name: "a release channel FAST", stack: "cluster", mutate: (j) => (cluster(j).release_channel.channel = "FAST"), expected: { error: /release_channel\.0\.channel/, at: "validate" }, citation: `${G} google/services/container/resource_container_cluster.go:1999` },
  { category: "provider-side validation", name: "an uploaded public key together with a private key type (ConflictsWith)", stack: holder("google_service_account_key"), mutate: (j) => Object.assign(key(j), { public_key_data: "LS0tLS1CRUdJTg==", private_key_type: "TYPE_GOOGLE_CREDENTIALS_FILE" }), expected: { error: /"public_key_data": conflicts with private_key_type/, at: "validate" }, citation: `${G} google/services/resourcemanager/resource_google_service_account_key.go:72` },
  { category: "provider-side validation", name: "a key algorithm RSA_4096", stack: holder("google_service_account_key"), mutate: (j) => (key(j).key_algorithm = "KEY_ALG_RSA_4096"), expected: { error: /key_algorithm/, at: "validate" }, citation: `${G} google/services/resourcemanager/resource_google_service_account_key.go:51` },
  { category: "provider-side validation", name: "a cluster name with capitals", stack: "cluster", mutate: (j) => (cluster(j).name = "MLOps-Kubernetes"), expected: { error: /^name: /, at: "validate" }, citation: `${G} google/services/container/resource_container_cluster.go:280` },
  { category: "provider-side validation", name: "a node disk of 5 GB", stack: "cluster", mutate: (j) => (pool(j).node_config.disk_size_gb = 5), expected: { error: /node_config\.0\.disk_size_gb/, at: "validate" }, citation: `${G} google/services/container/node_config.go:151` },
  { category: "provider-side validation", name: "a Service port protocol HTTP", stack: "workload", mutate: (j) => (service(j).spec.port[0].protocol = "HTTP"), expected: { error: /spec\.0\.port\.0\.protocol/, at: "validate" }, citation: `${K} kubernetes/resource_kubernetes_service_v1.go:206` },
  { category: "provider-side validation", name: "a Deployment strategy BlueGreen", stack: "workload", mutate: (j) => (deployment(j).spec.strategy.type = "BlueGreen"), expected: { error: /spec\.0\.strategy\.0\.type/, at: "validate" }, citation: `${K} kubernetes/resource_kubernetes_deployment_v1.go:160` },
  { category: "provider-side validation", name: "a label key with a space", stack: "workload", mutate: (j) => (deployment(j).metadata.labels = { "bad key": "x" }), expected: { error: /metadata\.0\.labels/, at: "validate" }, citation: `${K} kubernetes/schema_metadata.go:22 (label keys)` },
  { category: "provider-side validation", name: "an IAM member without its type prefix", stack: "identity", mutate: (j) => (first(j, "google_storage_bucket_iam_member").member = "mlem@example.com"), expected: { error: /^member: /, at: "validate" }, citation: `${G} google/tpgiamresource/resource_iam_member.go:73` },
  { category: "provider-side validation", name: "an IAM member of a deleted account", stack: "cluster", mutate: (j) => (first(j, "google_project_iam_member").member = "deleted:serviceAccount:x@p.iam.gserviceaccount.com?uid=1"), expected: { error: /^member: /, at: "validate" }, citation: `${G} google/tpgiamresource/resource_iam_member.go:73` },
  { category: "provider-side validation", name: "the retired bigquery-json service", stack: "identity", mutate: (j) => (first(j, "google_project_service").service = "bigquery-json.googleapis.com"), expected: { error: /^service: /, at: "validate" }, citation: `${G} google/services/resourcemanager/resource_google_project_service.go:117` },
  { category: "provider-side validation", name: "a cleanup policy action REMOVE", stack: "registry", mutate: (j) => (repository(j).cleanup_policies[0].action = "REMOVE"), expected: { error: /cleanup_policies.*action/, at: "validate" }, citation: `${G} google/services/artifactregistry/resource_artifact_registry_repository.go:239` },
  { category: "provider-side validation", name: "a cleanup tag_state SOME", stack: "registry", mutate: (j) => (repository(j).cleanup_policies[0].condition.tag_state = "SOME"), expected: { error: /tag_state/, at: "validate" }, citation: `${G} google/services/artifactregistry/resource_artifact_registry_repository.go:280` },
  { category: "provider-side validation", name: "a session affinity Sticky", stack: "workload", mutate: (j) => (service(j).spec.session_affinity = "Sticky"), expected: { error: /session_affinity/, at: "validate" }, citation: `${K} kubernetes/resource_kubernetes_service_v1.go:237` },
  { category: "provider-side validation", name: "a max_surge of 1x", stack: "workload", mutate: (j) => (deployment(j).spec.strategy.rolling_update.max_surge = "1x"), expected: { error: /max_surge/, at: "validate" }, citation: `${K} kubernetes/resource_kubernetes_deployment_v1.go:175` },
  { category: "provider-side validation", name: "a PDB max_unavailable of 150%", stack: "workload", mutate: (j) => (pdb(j).spec.max_unavailable = "150%"), expected: { error: /max_unavailable/, at: "validate" }, citation: `${K} kubernetes/resource_kubernetes_pod_disruption_budget_v1.go:55` },
  { category: "provider-side validation", name: "a node pool autoscaling minimum of -1", stack: "cluster", mutate: (j) => (pool(j).autoscaling.min_node_count = -1), expected: { error: /autoscaling\.0\.min_node_count/, at: "validate" }, citation: `${G} google/services/container/resource_container_node_pool.go:157` },
  { category: "provider-side validation", name: "a Service type Ingress", stack: "workload", mutate: (j) => (service(j).spec.type = "Ingress"), expected: { error: /spec\.0\.type/, at: "validate" }, citation: `${K} kubernetes/resource_kubernetes_service_v1.go:276` },
  { category: "provider-side validation", name: "an HPA metric type Memory", stack: "workload", mutate: (j) => (hpa(j).spec.metric[0].type = "Memory"), expected: { error: /metric\.0\.type/, at: "validate" }, citation: `${K} kubernetes/schema_horizontal_pod_autoscaler.go:327` },
  { category: "provider-side validation", name: "a negative termination grace period", stack: "workload", mutate: (j) => (deployment(j).spec.template.spec.termination_grace_period_seconds = -1), expected: { error: /termination_grace_period_seconds/, at: "validate" }, citation: `${K} kubernetes/schema_pod_spec.go:440` },
  { category: "provider-side validation", name: "autopilot with remove_default_node_pool (ConflictsWith)", stack: "cluster", mutate: (j) => (cluster(j).enable_autopilot = true), expected: { error: /conflicts with enable_autopilot/, at: "validate" }, citation: `${G} google/services/container/resource_container_cluster.go:1706` },
  { category: "provider-side validation", name: "three ip_families (list MaxItems 2)", stack: "workload", mutate: (j) => (service(j).spec.ip_families = ["IPv4", "IPv6", "IPv4"]), expected: { error: /ip_families: attribute supports 2 item maximum/, at: "validate" }, citation: `${K} kubernetes/resource_kubernetes_service_v1.go:121` },
  { category: "provider-side validation", name: "a namespace with name and generate_name (ConflictsWith)", stack: holder("kubernetes_namespace_v1"), mutate: (j) => (namespace(j).metadata.generate_name = "live-"), expected: { error: /conflicts with metadata\.(generate_)?name/, at: "validate" }, citation: `${K} kubernetes/schema_metadata.go:64,66` },
  { category: "provider-side validation", name: "an IAM member read from remote state in a bad form, known only at plan", stack: "cluster", mutate: (j) => (first(j, "google_project_iam_member").member = "${replace(data.terraform_remote_state.cross-stack-reference-input-identity.outputs.cross-stack-output-google_service_accountdeployermember, \"serviceAccount:\", \"\")}"), expected: { error: /^member: /, at: "plan" }, citation: `${G} google/tpgiamresource/resource_iam_member.go:73` },

  // --- plan semantics: replace or update, cascades, removed arguments (against the applied stacks) ---
  { category: "plan semantics", name: "a new account_id replaces the deployer, its key and its IAM member", stack: "identity", mutate: (j) => (sa(j, "deployer").account_id = "mlem-deployer-2"), expected: deployerCascade, citation: `${G} google/services/resourcemanager/resource_google_service_account.go:72, resource_google_service_account_key.go:42, google/tpgiamresource/resource_iam_member.go:71; ${T} create_before_destroy spreads to dependencies (internal/terraform/transform_destroy_cbd.go)` },
  { category: "plan semantics", name: "a new description updates the deployer in place", stack: "identity", mutate: (j) => (sa(j, "deployer").description = "another description"), expected: { plan: { "google_service_account.deployer": "update" } }, citation: `${G} google/services/resourcemanager/resource_google_service_account.go:87 (description, not ForceNew)` },
  { category: "plan semantics", name: "a removed description plans an update to null", stack: "identity", mutate: (j) => delete sa(j, "planner").description, expected: { plan: { "google_service_account.planner": "update" } }, citation: `${G} google/services/resourcemanager/resource_google_service_account.go:87 (Optional, not Computed)` },
  { category: "plan semantics", name: "changed keepers replace a key", stack: holder("google_service_account_key"), mutate: (j) => (key(j).keepers = { rotation: "2" }), expected: (stacks) => {
      const json = stacks[holder("google_service_account_key")(stacks)];
      const name = firstOf(json, "google_service_account_key");
      const createFirst = json.resource.google_service_account_key[name].lifecycle?.create_before_destroy === true;
      return { plan: { [`google_service_account_key.${name}`]: createFirst ? REPLACE_FIRST : REPLACE } };
    }, citation: `${G} google/services/resourcemanager/resource_google_service_account_key.go:79` },
  { category: "plan semantics", name: "a new role replaces a bucket IAM member", stack: "identity", mutate: (j) => (first(j, "google_storage_bucket_iam_member").role = "roles/storage.objectCreator"), expected: (stacks) => ({ plan: { [`google_storage_bucket_iam_member.${firstOf(stacks.identity, "google_storage_bucket_iam_member")}`]: REPLACE } }), citation: `${G} google/tpgiamresource/resource_iam_member.go:66` },
  { category: "plan semantics", name: "a removed disable_on_destroy plans its default (true)", stack: "registry", mutate: (j) => delete first(j, "google_project_service").disable_on_destroy, expected: (stacks) => ({ plan: { [`google_project_service.${firstOf(stacks.registry, "google_project_service")}`]: "update" } }), citation: `${G} google/services/resourcemanager/resource_google_project_service.go (disable_on_destroy Default true)` },
  { category: "plan semantics", name: "a renamed cluster replaces it and its node pool", stack: "cluster", mutate: (j) => (cluster(j).name = "mlops-kubernetes-2"), expected: { plan: { "google_container_cluster.cluster": REPLACE, "google_container_node_pool.nodes": REPLACE } }, citation: `${G} google/services/container/resource_container_cluster.go:275, resource_container_node_pool.go:81` },
  { category: "plan semantics", name: "a moved cluster replaces it and its node pool", stack: "cluster", mutate: (j) => (cluster(j).location = "europe-west6-b"), expected: { plan: { "google_container_cluster.cluster": REPLACE, "google_container_node_pool.nodes": REPLACE } }, citation: `${G} google/services/container/resource_container_cluster.go:309, resource_container_node_pool.go:88` },
  { category: "plan semantics", name: "new node scopes replace the node pool", stack: "cluster", mutate: (j) => (pool(j).node_config.oauth_scopes = ["https://www.googleapis.com/auth/devstorage.read_only"]), expected: { plan: { "google_container_node_pool.nodes": REPLACE } }, citation: `${G} google/services/container/node_config.go:388` },
  { category: "plan semantics", name: "a new machine type updates the node pool in place", stack: "cluster", mutate: (j) => (pool(j).node_config.machine_type = "e2-standard-4"), expected: { plan: { "google_container_node_pool.nodes": "update" } }, citation: `${G} google/services/container/node_config.go (machine_type Optional+Computed, not ForceNew)` },
  { category: "plan semantics", name: "a new release channel updates the cluster in place", stack: "cluster", mutate: (j) => (cluster(j).release_channel.channel = "STABLE"), expected: { plan: { "google_container_cluster.cluster": "update" } }, citation: `${G} google/services/container/resource_container_cluster.go:1992-1999 (not ForceNew)` },
  { category: "plan semantics", name: "a removed release_channel block (optional+computed) keeps the cluster's", stack: "cluster", mutate: (j) => delete cluster(j).release_channel, expected: { plan: {} }, citation: `${G} google/services/container/resource_container_cluster.go:1992 (release_channel Optional+Computed)` },
  { category: "plan semantics", name: "a new role replaces a project IAM member", stack: "cluster", mutate: (j) => (first(j, "google_project_iam_member").role = "roles/container.viewer"), expected: (stacks) => ({ plan: { [`google_project_iam_member.${firstOf(stacks.cluster, "google_project_iam_member")}`]: REPLACE } }), citation: `${G} google/tpgiamresource/resource_iam_member.go:66` },
  { category: "plan semantics", name: "a new repository format replaces it and its IAM members", stack: "registry", mutate: (j) => (repository(j).format = "NPM"), expected: (stacks) => ({ plan: { "google_artifact_registry_repository.repository": REPLACE, ...registryIam(stacks) } }), citation: `${G} google/services/artifactregistry/resource_artifact_registry_repository.go:209, iam_artifact_registry_repository.go:50` },
  { category: "plan semantics", name: "a new repository id replaces it and its IAM members", stack: "registry", mutate: (j) => (repository(j).repository_id = "mlops-registry-2"), expected: (stacks) => ({ plan: { "google_artifact_registry_repository.repository": REPLACE, ...registryIam(stacks) } }), citation: `${G} google/services/artifactregistry/resource_artifact_registry_repository.go:219, iam_artifact_registry_repository.go:50` },
  { category: "plan semantics", name: "a new repository description updates it in place", stack: "registry", mutate: (j) => (repository(j).description = "other"), expected: { plan: { "google_artifact_registry_repository.repository": "update" } }, citation: `${G} google/services/artifactregistry/resource_artifact_registry_repository.go (description, not ForceNew)` },
  { category: "plan semantics", name: "a new Deployment selector replaces the Deployment", stack: "workload", mutate: (j) => (deployment(j).spec.selector.match_labels = { app: "mlops-classifier", tier: "web" }), expected: { plan: { "kubernetes_deployment_v1.deployment": REPLACE_FORCED_FIRST } }, citation: `${K} kubernetes/resource_kubernetes_deployment_v1.go:142; ${TF_CBD}` },
  { category: "plan semantics", name: "a new PDB max_unavailable replaces the PDB", stack: "workload", mutate: (j) => (pdb(j).spec.max_unavailable = "2"), expected: { plan: { "kubernetes_pod_disruption_budget_v1.disruption_budget": REPLACE } }, citation: `${K} kubernetes/resource_kubernetes_pod_disruption_budget_v1.go:55` },
  { category: "plan semantics", name: "a renamed namespace replaces every object in it", stack: holder("kubernetes_namespace_v1"), mutate: (j) => (namespace(j).metadata.name = "live-2"), expected: namespaceCascade, citation: `${K} kubernetes/schema_metadata.go:37,95` },
  { category: "plan semantics", name: "a new Service port updates the Service in place", stack: "workload", mutate: (j) => (service(j).spec.port[0].port = 80), expected: { plan: { "kubernetes_service_v1.service": "update" } }, citation: `${K} kubernetes/resource_kubernetes_service_v1.go:199 (not ForceNew)` },
  { category: "plan semantics", name: "a renamed Deployment is replaced and its autoscaler updated", stack: "workload", mutate: (j) => (deployment(j).metadata.name = "mlops-classifier-2"), expected: { plan: { "kubernetes_deployment_v1.deployment": REPLACE_FORCED_FIRST, "kubernetes_horizontal_pod_autoscaler_v2.autoscaler": "update" } }, citation: `${TF_CBD}; ${K} kubernetes/schema_metadata.go:37; kubernetes/schema_horizontal_pod_autoscaler.go (scale_target_ref.name not ForceNew)` },
  { category: "plan semantics", name: "a removed progress_deadline_seconds plans its default (600)", stack: "workload", mutate: (j) => delete deployment(j).spec.progress_deadline_seconds, expected: { plan: { "kubernetes_deployment_v1.deployment": "update" } }, citation: `${K} kubernetes/resource_kubernetes_deployment_v1.go (progress_deadline_seconds Default 600)` },
  { category: "plan semantics", name: "a new build platform replaces the image, not its push (same name)", stack: "workload", mutate: (j) => (j.resource.docker_image.built_image.build.platform = "linux/arm64"), expected: { plan: { "docker_image.built_image": REPLACE_FORCED_FIRST } }, citation: `${D} internal/provider/resource_docker_image.go:393 (build.platform ForceNew); ${TF_CBD}` },
  { category: "plan semantics", name: "keep_locally turned off updates the image in place", stack: "workload", mutate: (j) => (j.resource.docker_image.built_image.keep_locally = false), expected: { plan: { "docker_image.built_image": "update" } }, citation: `${D} internal/provider/resource_docker_image.go (keep_locally, not ForceNew)` },

  // --- plan-time logic outside the schema maps (sim/plan-time.ts interprets what the extracted facts name) ---
  { category: "plan-time logic", name: "a repository format in lower case plans no change (CaseDiffSuppress on a ForceNew argument)", stack: "registry", mutate: (j) => (repository(j).format = repository(j).format.toLowerCase()), expected: { plan: {} }, citation: `${G} google/services/artifactregistry/resource_artifact_registry_repository.go:210; google/tpgresource/common_diff_suppress.go:41-43` },
  { category: "plan-time logic", name: "the state bucket's location in lower case plans no change (StateFunc ToUpper on a ForceNew argument)", stack: holder("google_storage_bucket"), mutate: (j) => (first(j, "google_storage_bucket").location = first(j, "google_storage_bucket").location.toLowerCase()), expected: { plan: {} }, citation: `${G} google/services/storage/resource_storage_bucket.go:143-149` },
  { category: "plan-time logic", name: "a memory limit written as 1024Mi instead of 1Gi plans no change (suppressEquivalentResourceQuantity)", stack: "workload", mutate: (j) => (container(j).resources.limits.memory = "1024Mi"), expected: { plan: {} }, citation: `${K} kubernetes/schema_container.go:115; kubernetes/diff_supress_funcs.go:11-21` },
  { category: "plan-time logic", name: "a memory limit of 2Gi updates the Deployment (a real difference is not suppressed)", stack: "workload", mutate: (j) => (container(j).resources.limits.memory = "2Gi"), expected: { plan: { "kubernetes_deployment_v1.deployment": "update" } }, citation: `${K} kubernetes/diff_supress_funcs.go:11-21` },
  { category: "plan-time logic", name: "a project IAM member's project as projects/<id> plans no change (CompareProjectName on a ForceNew argument)", stack: "cluster", mutate: (j) => (first(j, "google_project_iam_member").project = `projects/${first(j, "google_project_iam_member").project}`), expected: { plan: {} }, citation: `${G} google/services/resourcemanager/iam_project.go:35,115-118` },
  { category: "plan-time logic", name: "an IAM member in upper case plans no change (iamMemberCaseDiffSuppress on a ForceNew argument)", stack: "identity", mutate: (j) => (j.resource.google_project_iam_member.nodes_default_role.member = "${upper(google_service_account.nodes.member)}"), expected: { plan: {} }, citation: `${G} google/tpgiamresource/resource_iam_member.go:34-40,72` },
  { category: "plan-time logic", name: "a subnetwork range widened updates it in place (ForceNewIfChange IsShrinkageIpCidr)", stack: "cluster", mutate: (j) => (j.resource.google_compute_subnetwork.subnet.ip_cidr_range = "10.10.0.0/19"), expected: { plan: { "google_compute_subnetwork.subnet": "update" } }, citation: `${G} google/services/compute/resource_compute_subnetwork.go:41-57,122` },
  { category: "plan-time logic", name: "a subnetwork range shrunk replaces it (ForceNewIfChange IsShrinkageIpCidr)", stack: "cluster", mutate: (j) => (j.resource.google_compute_subnetwork.subnet.ip_cidr_range = "10.10.0.0/21"), expected: { plan: { "google_compute_subnetwork.subnet": REPLACE, "google_container_cluster.cluster": REPLACE } }, citation: `${G} google/services/compute/resource_compute_subnetwork.go:41-57,122; the replaced subnetwork's id is unknown, and the cluster's subnetwork is ForceNew (resource_container_cluster.go)` },
  { category: "plan-time logic", name: "a new default label of the provider updates the repository's terraform_labels (SetLabelsDiff)", stack: "registry", mutate: (j) => (j.provider.google[0].default_labels = { ...j.provider.google[0].default_labels, team: "ml" }), expected: { plan: { "google_artifact_registry_repository.repository": "update" } }, citation: `${G} google/services/artifactregistry/resource_artifact_registry_repository.go:201; google/tpgresource/labels.go:75-146` },

  // --- depth and generality: facts below the first nested block; provider defaults at plan on every type that has them ---
  { category: "depth and generality", name: "a RoleBinding's role_ref name changed replaces it (ForceNew two blocks down)", stack: holder("kubernetes_role_binding_v1"), mutate: (j) => (first(j, "kubernetes_role_binding_v1").role_ref.name = "other-role"), expected: (stacks) => ({ plan: { [`kubernetes_role_binding_v1.${firstOf(stacks[holder("kubernetes_role_binding_v1")(stacks)], "kubernetes_role_binding_v1")}`]: REPLACE } }), citation: `${K} kubernetes/schema_rbac.go (role_ref name ForceNew)` },
  { category: "depth and generality", name: "a ClusterRole rule with no api_groups (MinItems 1, two levels down)", stack: holder("kubernetes_cluster_role_v1"), mutate: (j) => (first(j, "kubernetes_cluster_role_v1").rule[0].api_groups = []), expected: { error: /rule\.0\.api_groups: attribute supports 1 item as a minimum/, at: "validate" }, citation: `${K} kubernetes/schema_rbac.go:98-103 (policyRuleSchema api_groups MinItems 1)` },
  { category: "depth and generality", name: "a new address's project is known at plan, so a count may use it (DefaultProviderProject on google_compute_address)", stack: "cluster", mutate: (j) => { j.resource.google_compute_address.extra = { name: "extra-address", region: "europe-west6" }; j.resource.terraform_data = { ...j.resource.terraform_data, probe: { count: "${google_compute_address.extra.project == \"\" ? 0 : 1}", input: "x" } }; }, expected: { plan: { "google_compute_address.extra": "create", "terraform_data.probe[0]": "create" } }, citation: `${G} google/services/compute/resource_compute_address.go:56; google/tpgresource/utils.go:861-880; ${T} internal/terraform/eval_count.go (an unknown count is an error)` },

  // --- types no configuration names: Terraform asks for the schema of every resource in state. Here one
  // simulator serves the unmutated stacks, which name these types; offline.test.ts ("the last resource of
  // a type ...") starts the simulator from the configuration as it now is, the case that failed before ---
  { category: "types no configuration names", name: "the last autoscaler removed plans its destroy", stack: "workload", mutate: (j) => delete j.resource.kubernetes_horizontal_pod_autoscaler_v2, expected: { plan: { "kubernetes_horizontal_pod_autoscaler_v2.autoscaler": "delete" } }, citation: `${T} internal/terraform/node_resource_plan_orphan.go (an orphan in state is planned for destroy; its schema comes from the provider, node_resource_abstract.go:497)` },
  { category: "types no configuration names", name: "the last disruption budget forgotten with a removed block", stack: "workload", mutate: (j) => { delete j.resource.kubernetes_pod_disruption_budget_v1; j.removed = [{ from: "kubernetes_pod_disruption_budget_v1.disruption_budget", lifecycle: { destroy: false } }]; }, expected: { plan: { "kubernetes_pod_disruption_budget_v1.disruption_budget": "remove" } }, citation: `${T} internal/command/views/json/change.go:67,97 (Forget is "remove"); internal/terraform/node_resource_abstract.go:497` },
  { category: "types no configuration names", name: "the static IP (the last google_compute_address) removed plans its destroy", stack: "cluster", mutate: (j) => { delete j.resource.google_compute_address; for (const name of Object.keys(j.output ?? {})) if (JSON.stringify(j.output[name]).includes("google_compute_address")) delete j.output[name]; }, expected: (stacks) => ({ plan: { [`google_compute_address.${firstOf(stacks.cluster, "google_compute_address")}`]: "delete" } }), citation: `${T} internal/terraform/node_resource_plan_orphan.go; node_resource_abstract.go:497` },
];


interface Outcome {
  readonly caught: boolean;
  readonly what: string;
}

describe("the mutation suite, through real Terraform against the provider simulator", { skip }, () => {
  let workspace: OfflineWorkspace;
  let env: NodeJS.ProcessEnv;
  /** The unmutated stacks as synthesized in the workspace, by name. */
  const SAMPLE: Record<string, any> = {};

  before(async () => {
    // Key mode, so the identity stack has the keys some mutations change.
    workspace = await OfflineWorkspace.open({
      projectRoot: root,
      env: { ...cleanEnv, [describeSetting("ciAuth").env!]: "key" },
      buildContext: "empty",
      // A mutation brings its own data.google_client_config, which the stacks may not use.
      alsoServe: { dataSources: ["google_client_config"] },
    });
    writeFileSync(join(workspace.buildContext, "Dockerfile"), "FROM python:3.11-slim\nCOPY . /app\n");
    placeCertificates(workspace);
    env = { TF_VAR_model_digest: digestPath(workspace.buildContext), TF_VAR_model_commit: "0".repeat(40) };
    for (const stack of workspace.stacks) SAMPLE[stack.name] = JSON.parse(readFileSync(join(stack.dir, "cdk.tf.json"), "utf8"));
    const applied = await inDependencyOrder(workspace.stacks, async (stack) => {
      const init = await workspace.terraform(stack.name, ["init", "-input=false", "-no-color"]);
      const run = init.code === 0 ? await workspace.terraform(stack.name, ["apply", "-auto-approve", "-input=false", "-lock=false", "-json"], env) : init;
      return { ok: run.code === 0, result: run };
    });
    for (const stack of workspace.stacks) {
      const run = applied.get(stack.name)!.result;
      assert.equal(run?.code, 0, `${stack.name} did not apply: ${run ? errorsOf(run).join("\n") : "skipped"}`);
    }
  });
  after(() => workspace?.close());

  async function attempt(mutation: Mutation, index: number): Promise<Outcome> {
    let stackName: string;
    let expected: Expected;
    try {
      stackName = resolve(mutation.stack, SAMPLE);
      expected = resolve(mutation.expected, SAMPLE);
    } catch (error) {
      return { caught: false, what: `cannot find what the mutation changes in today's stacks: ${(error as Error).message}` };
    }
    const source = workspace.stack(stackName).dir;
    const dir = join(source, "..", `mutation-${index}`);
    mkdirSync(dir);
    cpSync(join(source, ".terraform"), join(dir, ".terraform"), { recursive: true });
    const json = structuredClone(SAMPLE[stackName]);
    try {
      mutation.mutate(json);
    } catch (error) {
      // The stacks changed shape: the mutation must be brought up to date, and says so.
      return { caught: false, what: `cannot apply the mutation to today's ${stackName} stack: ${(error as Error).message}` };
    }
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(json));
    const matches = (run: TerraformRun, pattern: RegExp) => errorsOf(run).some((text) => pattern.test(text));

    // A plan validates first: a separate validate runs only where an error is expected, to tell the steps apart.
    if ("error" in expected) {
      const validate = await workspace.terraformIn(dir, ["validate", "-json", "-no-color"]);
      if (validate.code !== 0) {
        const errors = errorsOf(validate).join(" | ");
        return { caught: expected.at === "validate" && matches(validate, expected.error), what: `validate failed: ${errors}` };
      }
      if (expected.at === "validate") return { caught: false, what: "validate passed" };
    }

    const plan = await workspace.terraformIn(dir, ["plan", "-refresh=false", "-input=false", "-lock=false", "-json", "-out=mutation.tfplan"], env);
    if (plan.code !== 0) {
      const errors = errorsOf(plan).join(" | ");
      return { caught: "error" in expected && matches(plan, expected.error), what: `plan failed: ${errors}` };
    }
    if ("error" in expected) return { caught: false, what: "plan passed" };
    const actions: Record<string, string> = {};
    const planned = jsonMessages(plan).filter((message) => message.type === "planned_change").map((message) => message.change);
    // The streamed plan says "replace" without the order; `show` has it (create_before_destroy: create first).
    if (planned.some((change) => change.action === "replace")) {
      const shown = JSON.parse((await workspace.terraformIn(dir, ["show", "-json", "mutation.tfplan"])).stdout);
      for (const change of shown.resource_changes ?? []) {
        const joined = change.change.actions.join(",");
        if (change.mode === "managed" && joined !== "no-op") actions[change.address] = joined;
      }
    } else {
      for (const change of planned) if (change.action !== "read" && change.action !== "noop") actions[change.resource.addr] = change.action;
    }
    const want = { ...expected.plan };
    const same = JSON.stringify(Object.entries(actions).sort()) === JSON.stringify(Object.entries(want).sort());
    return { caught: same, what: `planned ${JSON.stringify(actions)}${same ? "" : `, expected ${JSON.stringify(want)}`}` };
  }

  it(`catches every one of its ${mutations.length} mutations, in each of the five categories`, async () => {
    assert.ok(mutations.length >= 40);
    const outcomes: Outcome[] = new Array(mutations.length);
    let next = 0;
    // A bounded pool: Terraform runs are the cost; more than three at once only queue on two cores.
    const worker = async () => {
      while (next < mutations.length) {
        const index = next++;
        outcomes[index] = await attempt(mutations[index], index);
      }
    };
    await Promise.all([worker(), worker(), worker()]);

    const lines: string[] = [];
    for (const category of categories) {
      const mine = mutations.map((mutation, index) => ({ mutation, outcome: outcomes[index] })).filter(({ mutation }) => mutation.category === category);
      const caught = mine.filter(({ outcome }) => outcome.caught).length;
      lines.push(`${category}: ${caught}/${mine.length} caught`);
      for (const { mutation, outcome } of mine) {
        if (!outcome.caught) lines.push(`  MISSED ${typeof mutation.stack === "string" ? mutation.stack : "?"}: ${mutation.name} (${mutation.citation}): ${outcome.what}`);
      }
    }
    process.stdout.write(lines.map((line) => `# ${line}\n`).join(""));
    const missed = outcomes.filter((outcome) => !outcome.caught).length;
    assert.equal(missed, 0, lines.join("\n"));
    for (const category of categories) assert.ok(mutations.some((mutation) => mutation.category === category), `no mutation of ${category}`);
  });
});
